//! `--set path=value`: changes one value of a scenario before it is validated.
//!
//! Paths use dots for tables and `[i]` for array elements, as in error messages:
//! `arrivals.rate_per_h=140`, `staffing.groups[0].agents=9`,
//! `classes[1].handle_time.mean="8m"`. An item of a list of named tables (groups, classes,
//! channels, incidents) can also be addressed by its `name` instead of its index:
//! `staffing.groups.day.agents=26`; a name the list does not have is refused with the
//! names it has and the nearest one. The value is read as TOML (number, boolean, string,
//! array, inline table); a bare word that is not valid TOML is taken as a string, so
//! `policy.discipline=lifo` works without quotes.

use toml::{Table, Value};

use super::error::{ScenarioError, nearest};

/// One path segment.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        out.push(Segment::Key(key.to_string()));
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            out.push(Segment::Index(inner[..close].parse().ok()?));
            rest = &inner[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Reads the value side of an override.
fn parse_value(text: &str) -> Value {
    let doc = format!("v = {text}");
    match doc.parse::<Table>() {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or_else(|| Value::String(text.to_string())),
        Err(_) => Value::String(text.to_string()),
    }
}

/// Applies `path=value` to the raw scenario table.
///
/// Lists on the way must exist; a missing table on the way is created (an optional table
/// left out of the file, such as `[bot]`), and so is the last key. Keys that the scenario
/// format does not know are then refused by validation, with the nearest valid name.
pub fn apply(doc: &mut Table, arg: &str) -> Result<(), ScenarioError> {
    apply_as(doc, arg, &format!("--set {arg}"))
}

/// As [`apply`], with refusals prefixed by `source`, the option as the user gave it
/// (`--set PATH=VALUE`, `--variant NAME=PATH=VALUE`).
pub fn apply_as(doc: &mut Table, arg: &str, source: &str) -> Result<(), ScenarioError> {
    let fail = |message: String| ScenarioError::Override {
        arg: source.to_string(),
        message,
    };
    let (path, value) = arg
        .split_once('=')
        .ok_or_else(|| fail("expected PATH=VALUE, e.g. arrivals.rate_per_h=140".into()))?;
    let segments = parse_path(path.trim()).ok_or_else(|| {
        fail(format!(
            "`{path}` is not a path: use keys separated by dots and [i] for list items, \
             e.g. staffing.groups[0].agents"
        ))
    })?;
    let mut root = Value::Table(std::mem::take(doc));
    let result = set(&mut root, &segments, parse_value(value.trim()));
    if let Value::Table(t) = root {
        *doc = t;
    }
    result.map_err(fail)
}

fn set(root: &mut Value, segments: &[Segment], value: Value) -> Result<(), String> {
    let (last, parents) = segments
        .split_last()
        .ok_or_else(|| "empty path".to_string())?;
    let mut walked = String::new();
    let mut cursor = root;
    for (i, seg) in parents.iter().enumerate() {
        let list_below = segments[i + 1..]
            .iter()
            .any(|s| matches!(s, Segment::Index(_)));
        cursor = step(cursor, seg, list_below, &mut walked)?;
    }
    match (last, cursor) {
        (Segment::Key(k), Value::Table(t)) => {
            t.insert(k.clone(), value);
            Ok(())
        }
        (Segment::Index(i), Value::Array(a)) => {
            let len = a.len();
            let slot = a.get_mut(*i).ok_or_else(|| {
                format!("`{walked}` has {len} item(s); index {i} is out of range")
            })?;
            *slot = value;
            Ok(())
        }
        (Segment::Key(k), Value::Array(a)) => {
            *named_item(a, k, &walked)? = value;
            Ok(())
        }
        (Segment::Key(k), _) => Err(format!("`{walked}` is not a table, so it has no key `{k}`")),
        (Segment::Index(i), _) => Err(format!("`{walked}` is not a list, so it has no item [{i}]")),
    }
}

/// The item of the list `walked` whose `name` is `name`. A list whose items have no names
/// is not a table; a name it does not have is refused with its names and the nearest one.
fn named_item<'a>(
    items: &'a mut [Value],
    name: &str,
    walked: &str,
) -> Result<&'a mut Value, String> {
    let names: Vec<String> = items
        .iter()
        .filter_map(|item| item.get("name").and_then(Value::as_str).map(String::from))
        .collect();
    if names.is_empty() {
        return Err(format!(
            "`{walked}` is not a table, so it has no key `{name}` (its items have no names: use [i])"
        ));
    }
    let hint = nearest(name, names.iter().map(String::as_str))
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    items
        .iter_mut()
        .find(|item| item.get("name").and_then(Value::as_str) == Some(name))
        .ok_or_else(|| format!("`{walked}` has no item named `{name}` (it has {listed}){hint}"))
}

/// One step down the path. A missing table is created, unless a list item lies below it
/// (items cannot be invented): then the path is an error, with the nearest existing key.
fn step<'a>(
    cursor: &'a mut Value,
    seg: &Segment,
    list_below: bool,
    walked: &mut String,
) -> Result<&'a mut Value, String> {
    match (seg, cursor) {
        (Segment::Key(k), Value::Table(t)) => {
            let here = if walked.is_empty() {
                k.clone()
            } else {
                format!("{walked}.{k}")
            };
            if list_below && !t.contains_key(k) {
                let hint = nearest(k, t.keys().map(String::as_str))
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                return Err(format!("the scenario has no `{here}`{hint}"));
            }
            *walked = here;
            Ok(t.entry(k.clone())
                .or_insert_with(|| Value::Table(Table::new())))
        }
        (Segment::Index(i), Value::Array(a)) => {
            let len = a.len();
            let here = format!("{walked}[{i}]");
            let slot = a.get_mut(*i).ok_or_else(|| {
                format!("`{walked}` has {len} item(s); index {i} is out of range")
            })?;
            *walked = here;
            Ok(slot)
        }
        (Segment::Key(k), Value::Array(a)) => {
            let here = format!("{walked}.{k}");
            let slot = named_item(a, k, walked)?;
            *walked = here;
            Ok(slot)
        }
        (Segment::Key(k), _) => Err(format!("`{walked}` is not a table, so it has no key `{k}`")),
        (Segment::Index(i), _) => Err(format!("`{walked}` is not a list, so it has no item [{i}]")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        r#"
name = "x"
[arrivals]
rate_per_h = 10.0
[[staffing.groups]]
name = "day"
agents = 4
"#
        .parse()
        .expect("toml")
    }

    #[test]
    fn sets_nested_values_of_any_type() {
        let mut d = doc();
        apply(&mut d, "arrivals.rate_per_h=140").expect("set");
        apply(&mut d, "staffing.groups[0].agents=9").expect("set");
        apply(&mut d, "policy_note=lifo").expect("new key");
        apply(&mut d, "bot.enabled=true").expect("new table");
        assert_eq!(d["bot"]["enabled"].as_bool(), Some(true));
        assert_eq!(d["arrivals"]["rate_per_h"].as_integer(), Some(140));
        assert_eq!(d["staffing"]["groups"][0]["agents"].as_integer(), Some(9));
        assert_eq!(d["policy_note"].as_str(), Some("lifo"));
        apply(&mut d, r#"name="y z""#).expect("quoted string");
        assert_eq!(d["name"].as_str(), Some("y z"));
    }

    #[test]
    fn list_items_are_addressed_by_name() {
        let mut d = doc();
        apply(&mut d, "staffing.groups.day.agents=26").expect("by name");
        assert_eq!(d["staffing"]["groups"][0]["agents"].as_integer(), Some(26));
        apply(
            &mut d,
            r#"staffing.groups.day={ name = "day", agents = 3 }"#,
        )
        .expect("whole item");
        assert_eq!(d["staffing"]["groups"][0]["agents"].as_integer(), Some(3));
        // The built-in scenario's groups and classes by name, through validation.
        let sc = crate::scenario::Scenario::builtin(&[
            "staffing.groups.day.agents=26".into(),
            "classes.complaint.priority=5".into(),
        ])
        .expect("valid");
        let day = sc
            .groups
            .iter()
            .find(|g| g.name == "day")
            .expect("day group");
        let complaint = sc
            .classes
            .iter()
            .find(|c| c.name == "complaint")
            .expect("class");
        assert_eq!(complaint.priority, 5);
        assert_eq!(day.agents, 26);
    }

    #[test]
    fn bad_paths_say_what_is_wrong() {
        let mut d = doc();
        let msg = |r: Result<(), ScenarioError>| {
            r.map(|_| String::new()).unwrap_or_else(|e| e.to_string())
        };
        let unknown = msg(apply(&mut d, "staffing.groups.dai.agents=1"));
        assert!(
            unknown.contains("no item named `dai`") && unknown.contains("did you mean `day`?"),
            "{unknown}"
        );
        assert!(msg(apply(&mut d, "staffing.groups.x=1")).contains("no item named `x`"));
        assert!(msg(apply(&mut d, "staffing.groups[3].agents=1")).contains("out of range"));
        assert!(msg(apply(&mut d, "arrivals.rate_per_h")).contains("PATH=VALUE"));
        assert!(msg(apply(&mut d, "a..b=1")).contains("not a path"));
        assert!(msg(apply(&mut d, "name.first=1")).contains("not a table"));
        // The document survives a failed override unchanged.
        assert_eq!(d, doc());
        // A typo in a table name creates a table that validation refuses by name.
        let err = crate::scenario::Scenario::builtin(&["arivals.rate_per_h=1".into()]).map(|_| ());
        assert!(
            format!("{err:?}").contains("did you mean `arrivals`"),
            "{err:?}"
        );
    }
}
