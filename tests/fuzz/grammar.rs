//! A grammar of scenario TOML: documents made from the resolved shipped scenarios by
//! edits that keep the shape (a real key set to a value of any TOML type, extremes
//! included), break it (a key removed, a real key name put in the wrong table, an unknown
//! key, a list emptied or grown, nested tables where scalars belong), or break the text
//! itself (bytes cut or inserted).

use proptest::prelude::*;
use toml::{Table, Value};

/// One step into a TOML document: a key of a table or an index of an array.
#[derive(Debug, Clone)]
pub enum Seg {
    /// A key of a table.
    Key(String),
    /// An index of an array.
    Index(usize),
}

/// Every path in `value` (tables, arrays and leaves), depth first.
pub fn paths(value: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match value {
        Value::Table(t) => {
            for (k, v) in t {
                prefix.push(Seg::Key(k.clone()));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(Seg::Index(i));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Every key name used anywhere in `value`.
pub fn key_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Table(t) => {
            for (k, v) in t {
                if !out.contains(k) {
                    out.push(k.clone());
                }
                key_names(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| key_names(v, out)),
        _ => {}
    }
}

/// The value at `path`, if it is there.
pub fn get<'a>(value: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value);
    };
    let next = match (value, first) {
        (Value::Table(t), Seg::Key(k)) => t.get(k)?,
        (Value::Array(a), Seg::Index(i)) => a.get(*i)?,
        _ => return None,
    };
    get(next, rest)
}

/// The value at `path`, mutable, if it is there.
pub fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value);
    };
    let next = match (value, first) {
        (Value::Table(t), Seg::Key(k)) => t.get_mut(k)?,
        (Value::Array(a), Seg::Index(i)) => a.get_mut(*i)?,
        _ => return None,
    };
    get_mut(next, rest)
}

/// Texts that mean something somewhere in a scenario: durations (fine, negative,
/// enormous, malformed), clock times, weekdays, names of distributions, profiles,
/// disciplines, and odd strings.
const WORDS: &[&str] = &[
    "",
    " ",
    "5m",
    "90s",
    "1.5h",
    "2d 10h",
    "0m",
    "-1m",
    "-0m",
    "1e308h",
    "1e400d",
    "99999999999999999999999999999999999999999d",
    "nan",
    "inf",
    "m",
    "5",
    "5x",
    "08:00",
    "24:00",
    "23:59",
    "24:00+1",
    "25:00",
    "-01:00",
    "mon",
    "sunday",
    "weekdays",
    "weekends",
    "all",
    "lognormal",
    "exponential",
    "constant",
    "empirical",
    "gamma",
    "pareto",
    "uniform",
    "weibull",
    "retail",
    "flat",
    "office",
    "evening",
    "fifo",
    "lifo",
    "influence",
    "deadline",
    "priority",
    "least_loaded",
    "negative",
    "positive",
    "neutral",
    "builtin",
    "../../x",
    "/abs/path",
    "a,b",
    "line\nbreak",
    "\u{e9}t\u{e9}",
    "\u{0}",
    "tab\there",
];

/// A string: a meaningful word, arbitrary text, or a long run of one character.
fn string() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_string),
        2 => any::<String>(),
        1 => (1usize..20_000, proptest::char::any())
            .prop_map(|(n, c)| std::iter::repeat_n(c, n).collect()),
        1 => (0u32..400).prop_map(|n| format!("{n}m")),
        1 => any::<f64>().prop_map(|x| format!("{x}h")),
    ]
}

/// An integer: small ones, the extremes, and any.
fn integer() -> impl Strategy<Value = i64> + Clone {
    prop_oneof![
        3 => -3i64..30,
        1 => proptest::sample::select(vec![
            i64::MIN, i64::MIN + 1, -1_000_000_001, -1, 0, 1, 2, 7, 24, 168, 1_000_000,
            1_000_001, 10_000_000, 4_294_967_296, i64::MAX - 1, i64::MAX,
        ]),
        1 => any::<i64>(),
    ]
}

/// A float: ordinary ones, the extremes and the specials, and any bit pattern.
fn float() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        3 => -2.0f64..200.0,
        2 => proptest::sample::select(vec![
            0.0, -0.0, 1.0, -1.0, 0.5, 0.999, 1.000_000_1, 1e-300, 5e-324, -5e-324, 1e6, 1e7,
            1.000_001e7, 1e307, 1e308, -1e308, f64::MAX, f64::MIN, f64::INFINITY,
            f64::NEG_INFINITY, f64::NAN, f64::EPSILON, 1e15, 9.007_199_254_740_993e15,
        ]),
        1 => any::<f64>(),
    ]
}

/// A TOML date-time, local or offset, or a bare date or time.
fn datetime() -> impl Strategy<Value = Value> + Clone {
    proptest::sample::select(vec![
        "1979-05-27T07:32:00Z",
        "1979-05-27T00:32:00.999999-07:00",
        "1979-05-27T07:32:00",
        "1979-05-27",
        "07:32:00",
    ])
    .prop_map(|s| Value::Datetime(s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))))
}

/// A scalar TOML value of any type.
pub fn scalar() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        1 => any::<bool>().prop_map(Value::Boolean),
        2 => integer().prop_map(Value::Integer),
        2 => float().prop_map(Value::Float),
        3 => string().prop_map(Value::String),
        1 => datetime(),
    ]
}

/// A TOML value of any type, tables and arrays nested a few levels, with keys taken
/// mostly from the real key names.
pub fn value(keys: Vec<String>) -> impl Strategy<Value = Value> + Clone {
    scalar().prop_recursive(3, 48, 8, move |inner| {
        let key = key(keys.clone());
        prop_oneof![
            2 => proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            // Long uniform arrays, as `hourly` (24) and `weekly` (168) take.
            1 => (proptest::sample::select(vec![0usize, 1, 7, 23, 24, 25, 168, 169]), float())
                .prop_map(|(n, x)| {
                    let mut v = vec![Value::Float(1.0); n];
                    if let Some(first) = v.first_mut() {
                        *first = Value::Float(x);
                    }
                    Value::Array(v)
                }),
            2 => proptest::collection::vec((key, inner), 0..5)
                .prop_map(|kv| Value::Table(kv.into_iter().collect::<Table>())),
        ]
    })
}

/// A key: mostly a real key name, sometimes an unknown or odd one.
pub fn key(keys: Vec<String>) -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => proptest::sample::select(keys),
        1 => "[a-z_]{1,12}",
        1 => any::<String>(),
        1 => (1usize..5_000).prop_map(|n| "k".repeat(n)),
    ]
}

/// One edit of a document. Paths are picked by index (modulo the number of paths at the
/// time of the edit), so the grammar needs no knowledge of the document.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Replace the value at a path.
    Set(usize, Value),
    /// Remove the key or array item at a path.
    Remove(usize),
    /// Insert a key into the table at a path (or the top level), or push onto an array.
    Insert(usize, String, Value),
    /// Duplicate an array item (or a whole array into itself).
    Grow(usize),
    /// Replace the scalar at a path by one of the same type (an integer, a float, a
    /// string or a boolean, taken from the candidates), so most documents stay valid
    /// up to that one value.
    Nudge(usize, i64, f64, String, bool),
}

/// An edit, with values drawn from [`value`].
pub fn edit(keys: Vec<String>) -> impl Strategy<Value = Edit> {
    let v = value(keys.clone());
    prop_oneof![
        5 => (any::<usize>(), v.clone()).prop_map(|(p, v)| Edit::Set(p, v)),
        2 => any::<usize>().prop_map(Edit::Remove),
        2 => (any::<usize>(), key(keys), v).prop_map(|(p, k, v)| Edit::Insert(p, k, v)),
        1 => any::<usize>().prop_map(Edit::Grow),
        6 => (any::<usize>(), integer(), float(), string(), any::<bool>())
            .prop_map(|(p, i, x, s, b)| Edit::Nudge(p, i, x, s, b)),
    ]
}

/// Applies `edit` to `doc` (a top-level table).
pub fn apply(doc: &mut Value, edit: &Edit) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    if all.is_empty() {
        if let (Edit::Insert(_, k, v), Value::Table(t)) = (edit, doc) {
            t.insert(k.clone(), v.clone());
        }
        return;
    }
    let pick = |i: usize| all[i % all.len()].clone();
    match edit {
        Edit::Set(i, v) => {
            if let Some(slot) = get_mut(doc, &pick(*i)) {
                *slot = v.clone();
            }
        }
        Edit::Remove(i) => {
            let path = pick(*i);
            let (last, parent) = path.split_last().expect("paths are never empty");
            match (get_mut(doc, parent), last) {
                (Some(Value::Table(t)), Seg::Key(k)) => {
                    t.remove(k);
                }
                (Some(Value::Array(a)), Seg::Index(j)) if *j < a.len() => {
                    a.remove(*j);
                }
                _ => {}
            }
        }
        Edit::Insert(i, k, v) => {
            // Half the time at the top level, else into whatever the path names.
            let target = if i % 2 == 0 {
                Some(doc)
            } else {
                get_mut(doc, &pick(*i / 2))
            };
            match target {
                Some(Value::Table(t)) => {
                    t.insert(k.clone(), v.clone());
                }
                Some(Value::Array(a)) => a.push(v.clone()),
                _ => {}
            }
        }
        Edit::Nudge(i, int, x, text, b) => {
            // The scalars only: pick among the paths to one.
            let mut scalars = all.clone();
            scalars.retain(|p| {
                matches!(
                    get(doc, p),
                    Some(
                        Value::Integer(_) | Value::Float(_) | Value::String(_) | Value::Boolean(_)
                    )
                )
            });
            if scalars.is_empty() {
                return;
            }
            let path = scalars[i % scalars.len()].clone();
            if let Some(slot) = get_mut(doc, &path) {
                *slot = match slot {
                    // An integer key may take a float too (and is refused or read as one).
                    Value::Integer(_) if i % 3 == 0 => Value::Float(*x),
                    Value::Integer(_) => Value::Integer(*int),
                    Value::Float(_) => Value::Float(*x),
                    Value::String(_) => Value::String(text.clone()),
                    _ => Value::Boolean(*b),
                };
            }
        }
        Edit::Grow(i) => match get_mut(doc, &pick(*i)) {
            Some(Value::Array(a)) if !a.is_empty() && a.len() < 400 => {
                let copy = a.clone();
                a.extend(copy);
            }
            _ => {}
        },
    }
}

/// An edit of the text itself: cut a span, insert text, or cut the end.
#[derive(Debug, Clone)]
pub enum TextEdit {
    /// Remove `len` characters at a position.
    Cut(usize, usize),
    /// Insert text at a position.
    Insert(usize, String),
    /// Keep only the start.
    Truncate(usize),
}

/// A text edit; inserted text is TOML punctuation, words or anything.
pub fn text_edit() -> impl Strategy<Value = TextEdit> {
    let insert = prop_oneof![
        proptest::sample::select(vec![
            "=",
            "[",
            "]",
            "[[",
            "]]",
            "\"",
            "'",
            "'''",
            "\"\"\"",
            "{",
            "}",
            ",",
            "\n",
            "#",
            ".",
            "=\n",
            " = 1e308",
            " = -1",
            " = nan",
            "\n[arrivals]\n",
            "\n[[channels]]\n",
        ])
        .prop_map(str::to_string),
        any::<String>(),
    ];
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| TextEdit::Cut(p, n)),
        (any::<usize>(), insert).prop_map(|(p, s)| TextEdit::Insert(p, s)),
        any::<usize>().prop_map(TextEdit::Truncate),
    ]
}

/// Applies a text edit at character positions (modulo the length).
pub fn apply_text(text: &str, edit: &TextEdit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len().max(1);
    match edit {
        TextEdit::Cut(p, len) => {
            let start = p % n;
            let end = (start + len).min(chars.len());
            chars[..start.min(chars.len())]
                .iter()
                .chain(&chars[end..])
                .collect()
        }
        TextEdit::Insert(p, s) => {
            let at = (p % n).min(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.push_str(s);
            out.extend(&chars[at..]);
            out
        }
        TextEdit::Truncate(p) => chars[..(p % n).min(chars.len())].iter().collect(),
    }
}
