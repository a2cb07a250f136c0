//! How a history writes its timestamps, when not as RFC 3339: a strftime-like pattern
//! (`%d/%m/%Y %I:%M %p`) and a fixed UTC offset for timestamps written without one. Only
//! fixed offsets: a named zone (`Europe/Berlin`) needs a zone database, which a history
//! export does not need when its tool writes the offset (most do) or the user names it.

use super::time::{self, Stamp};

/// The directives a pattern may use, for error messages.
pub const DIRECTIVES: &str = "%Y (year), %m (month 01-12), %b (month name, Jan), %d (day), %H (hour 00-23), %I (hour 01-12) with %p (AM/PM), %M (minute), %S (second), %f (fraction of a second), %z (offset +01:00, +0100 or Z), %% (a percent sign)";

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Literal(char),
    Year,
    Month,
    MonthName,
    Day,
    Hour24,
    Hour12,
    AmPm,
    Minute,
    Second,
    Fraction,
    Offset,
}

/// How the timestamps of a history are written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StampFormat {
    /// The pattern's tokens; empty for RFC 3339.
    tokens: Vec<Token>,
    /// The offset of timestamps written without one, minutes east of UTC.
    offset_min: Option<i32>,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Parses a fixed UTC offset: `+01:00`, `-0500`, `+02`, `Z` or `UTC`; minutes east.
pub fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let num = |s: &str| {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    let (h, m) = match rest.len() {
        2 => (num(rest)?, 0),
        4 => (num(&rest[..2])?, num(&rest[2..])?),
        5 if rest.as_bytes()[2] == b':' => (num(&rest[..2])?, num(&rest[3..])?),
        _ => return None,
    };
    (h <= 18 && m <= 59).then_some(sign * (h * 60 + m))
}

impl StampFormat {
    /// A format from a pattern (`None`: RFC 3339) and the offset of timestamps written
    /// without one; the error says what is wrong with the pattern.
    pub fn new(pattern: Option<&str>, offset_min: Option<i32>) -> Result<Self, String> {
        let mut tokens = Vec::new();
        if let Some(p) = pattern {
            let mut chars = p.chars();
            while let Some(c) = chars.next() {
                if c != '%' {
                    tokens.push(Token::Literal(c));
                    continue;
                }
                tokens.push(match chars.next() {
                    Some('Y') => Token::Year,
                    Some('m') => Token::Month,
                    Some('b') => Token::MonthName,
                    Some('d') => Token::Day,
                    Some('H') => Token::Hour24,
                    Some('I') => Token::Hour12,
                    Some('p') => Token::AmPm,
                    Some('M') => Token::Minute,
                    Some('S') => Token::Second,
                    Some('f') => Token::Fraction,
                    Some('z') => Token::Offset,
                    Some('%') => Token::Literal('%'),
                    Some(other) => {
                        return Err(format!(
                            "%{other} is not a directive this reader knows; it knows {DIRECTIVES}"
                        ));
                    }
                    None => return Err(format!("it ends in a lone %; directives: {DIRECTIVES}")),
                });
            }
            let has = |t: Token| tokens.contains(&t);
            for (need, what) in [
                (Token::Year, "%Y"),
                (Token::Day, "%d"),
                (Token::Minute, "%M"),
            ] {
                if !has(need) {
                    return Err(format!(
                        "it has no {what}; a timestamp needs a year (%Y), a month (%m or %b), a day (%d), an hour (%H, or %I with %p) and a minute (%M)"
                    ));
                }
            }
            if !(has(Token::Month) || has(Token::MonthName)) {
                return Err("it has no month (%m or %b)".into());
            }
            if !(has(Token::Hour24) || (has(Token::Hour12) && has(Token::AmPm))) {
                return Err("it has no hour (%H, or %I with %p)".into());
            }
        }
        Ok(StampFormat { tokens, offset_min })
    }

    /// What a timestamp must look like, for error messages.
    pub fn describe(&self) -> String {
        let zone = match self.offset_min {
            Some(o) => format!(" (UTC offset {o:+} minutes where it writes none)"),
            None => String::new(),
        };
        if self.tokens.is_empty() {
            match self.offset_min {
                Some(_) => format!(
                    "a timestamp such as 2026-01-05T10:15:00+01:00 or 2026-01-05 10:15:00{zone}"
                ),
                None => time::STAMP_FORMAT.to_string(),
            }
        } else {
            let pattern: String = self
                .tokens
                .iter()
                .map(|t| match t {
                    Token::Literal('%') => "%%".to_string(),
                    Token::Literal(c) => c.to_string(),
                    Token::Year => "%Y".into(),
                    Token::Month => "%m".into(),
                    Token::MonthName => "%b".into(),
                    Token::Day => "%d".into(),
                    Token::Hour24 => "%H".into(),
                    Token::Hour12 => "%I".into(),
                    Token::AmPm => "%p".into(),
                    Token::Minute => "%M".into(),
                    Token::Second => "%S".into(),
                    Token::Fraction => "%f".into(),
                    Token::Offset => "%z".into(),
                })
                .collect();
            let zone = if self.tokens.contains(&Token::Offset) {
                String::new()
            } else {
                match self.offset_min {
                    Some(o) => format!(" at UTC offset {o:+} minutes"),
                    None => " (the pattern has no %z and no timezone is set)".into(),
                }
            };
            format!("a timestamp in the format {pattern:?}{zone}")
        }
    }

    /// Parses a timestamp; `None` when it does not follow the format or has no zone.
    pub fn parse(&self, text: &str) -> Option<Stamp> {
        if self.tokens.is_empty() {
            return time::parse(text).or_else(|| {
                let o = self.offset_min?;
                let sign = if o < 0 { '-' } else { '+' };
                time::parse(&format!(
                    "{}{sign}{:02}:{:02}",
                    text.trim(),
                    o.abs() / 60,
                    o.abs() % 60
                ))
            });
        }
        self.parse_pattern(text.trim())
    }

    fn parse_pattern(&self, text: &str) -> Option<Stamp> {
        let s = text.as_bytes();
        let mut i = 0;
        let (mut y, mut mo, mut d, mut h, mut mi) = (None, None, None, None, None);
        let (mut sec, mut pm, mut offset) = (0.0, None, self.offset_min);
        // Up to `max` digits (at least one).
        let number = |i: &mut usize, max: usize| -> Option<i64> {
            let start = *i;
            while *i < s.len() && *i - start < max && s[*i].is_ascii_digit() {
                *i += 1;
            }
            (*i > start).then(|| text[start..*i].parse().ok()).flatten()
        };
        for t in &self.tokens {
            match t {
                Token::Literal(c) => {
                    let mut buf = [0u8; 4];
                    let lit = c.encode_utf8(&mut buf).as_bytes();
                    if s.get(i..i + lit.len())? != lit {
                        return None;
                    }
                    i += lit.len();
                }
                Token::Year => y = Some(number(&mut i, 4)?),
                Token::Month => mo = Some(number(&mut i, 2)?),
                Token::MonthName => {
                    let name = text.get(i..i + 3)?.to_ascii_lowercase();
                    mo = Some(MONTHS.iter().position(|m| *m == name)? as i64 + 1);
                    i += 3;
                }
                Token::Day => d = Some(number(&mut i, 2)?),
                Token::Hour24 => h = Some(number(&mut i, 2)?),
                Token::Hour12 => {
                    let v = number(&mut i, 2)?;
                    if !(1..=12).contains(&v) {
                        return None;
                    }
                    h = Some(v % 12);
                }
                Token::AmPm => {
                    let v = text.get(i..i + 2)?.to_ascii_lowercase();
                    pm = Some(match v.as_str() {
                        "am" => false,
                        "pm" => true,
                        _ => return None,
                    });
                    i += 2;
                }
                Token::Minute => mi = Some(number(&mut i, 2)?),
                Token::Second => sec += number(&mut i, 2)? as f64,
                Token::Fraction => {
                    let start = i;
                    while s.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    sec += format!("0.{}", text.get(start..i)?).parse::<f64>().ok()?;
                }
                Token::Offset => {
                    let start = i;
                    while s.get(i).is_some_and(|b| {
                        b"+-:Zz0123456789".contains(b) && (i == start || !b"+-".contains(b))
                    }) {
                        i += 1;
                    }
                    offset = Some(parse_offset(text.get(start..i)?)?);
                }
            }
        }
        if i != s.len() {
            return None;
        }
        let hour = h? + if pm == Some(true) { 12 } else { 0 };
        let stamp = format!("{:04}-{:02}-{:02}T{:02}:{:02}:00Z", y?, mo?, d?, hour, mi?);
        if sec >= 61.0 {
            return None;
        }
        let base = time::parse(&stamp)?;
        let offset_min = offset?;
        Some(Stamp {
            utc_s: base.utc_s + sec - f64::from(offset_min) * 60.0,
            offset_min,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(format: &StampFormat, text: &str) -> Option<f64> {
        format.parse(text).map(|s| s.utc_s)
    }

    #[test]
    fn patterns_and_offsets_read_the_same_instant() {
        let want = time::parse("2026-01-05T14:15:30+01:00").map(|s| s.utc_s);
        let plain = StampFormat::new(None, Some(60)).expect("rfc");
        assert_eq!(at(&plain, "2026-01-05 14:15:30"), want);
        assert_eq!(at(&plain, "2026-01-05T13:15:30Z"), want);
        let us = StampFormat::new(Some("%m/%d/%Y %I:%M:%S %p"), Some(60)).expect("us");
        assert_eq!(at(&us, "01/05/2026 02:15:30 PM"), want);
        assert_eq!(at(&us, "1/5/2026 2:15:30 pm"), want);
        let named = StampFormat::new(Some("%d %b %Y %H:%M:%S %z"), None).expect("named");
        assert_eq!(at(&named, "05 Jan 2026 08:15:30 -0500"), want);
        assert_eq!(
            named
                .parse("05 Jan 2026 08:15:30 -0500")
                .map(|s| s.offset_min),
            Some(-300)
        );
        let frac = StampFormat::new(Some("%Y-%m-%d %H:%M:%S.%f"), Some(60)).expect("frac");
        assert_eq!(
            at(&frac, "2026-01-05 14:15:30.5")
                .zip(want)
                .map(|(a, b)| a - b),
            Some(0.5)
        );
        // No zone anywhere: refused, not guessed.
        let bare = StampFormat::new(Some("%Y-%m-%d %H:%M"), None).expect("bare");
        assert_eq!(at(&bare, "2026-01-05 14:15"), None);
        for bad in [
            "2026-01-05 14:15:30 trailing",
            "13/05/2026 02:15:30 PM",
            "01/32/2026 02:15:30 PM",
        ] {
            assert_eq!(at(&us, bad), None, "{bad}");
        }
    }

    #[test]
    fn bad_patterns_and_offsets_say_why() {
        let e = StampFormat::new(Some("%Y-%m-%d %Q"), None)
            .err()
            .unwrap_or_default();
        assert!(e.contains("%Q") && e.contains("%Y (year)"), "{e}");
        let e = StampFormat::new(Some("%H:%M"), None)
            .err()
            .unwrap_or_default();
        assert!(e.contains("no %Y"), "{e}");
        assert_eq!(parse_offset("+05:30"), Some(330));
        assert_eq!(parse_offset("UTC"), Some(0));
        assert_eq!(parse_offset("Europe/Berlin"), None);
        assert_eq!(parse_offset("+25:00"), None);
    }
}
