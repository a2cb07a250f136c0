//! Timestamps with a time zone (RFC 3339 / ISO 8601 with an offset), parsed without a
//! date library: `2026-01-05T10:15:00+01:00`, `2026-01-05 10:15:00.250Z`, `...+0100`.

/// One instant and the UTC offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stamp {
    /// Seconds since 1970-01-01 00:00 UTC.
    pub utc_s: f64,
    /// The offset from UTC it was written with, minutes (east positive).
    pub offset_min: i32,
}

impl Stamp {
    /// Seconds since 1970-01-01 00:00 in the stamp's own local time.
    pub fn local_s(&self) -> f64 {
        self.utc_s + f64::from(self.offset_min) * 60.0
    }

    /// Days since 1970-01-01 of the local date.
    pub fn local_day(&self) -> i64 {
        (self.local_s() / 86_400.0).floor() as i64
    }
}

/// Weekday of a day count since 1970-01-01 (a Thursday), Monday 0.
pub fn weekday_of_day(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date (year, month, day) of a day count since 1970-01-01
/// (H. Hinnant's civil-from-days).
pub fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The date of a day count since 1970-01-01, as `YYYY-MM-DD`.
pub fn civil_of_days(z: i64) -> String {
    let (y, m, d) = civil(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// What a timestamp must look like, for error messages.
pub const STAMP_FORMAT: &str =
    "a timestamp with a time zone, e.g. 2026-01-05T10:15:00+01:00 or 2026-01-05 09:15:00Z";

fn digits(s: &[u8], from: usize, n: usize) -> Option<i64> {
    let part = s.get(from..from + n)?;
    part.iter().try_fold(0i64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + i64::from(b - b'0'))
    })
}

/// Parses a timestamp with a time zone; `None` when it is not one (no zone is an error:
/// local times without one are ambiguous).
pub fn parse(text: &str) -> Option<Stamp> {
    let s = text.trim().as_bytes();
    let year = digits(s, 0, 4)?;
    let month = digits(s, 5, 2)?;
    let day = digits(s, 8, 2)?;
    if s.get(4) != Some(&b'-')
        || s.get(7) != Some(&b'-')
        || !matches!(s.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let hour = digits(s, 11, 2)?;
    if s.get(13) != Some(&b':') {
        return None;
    }
    let minute = digits(s, 14, 2)?;
    let mut i = 16;
    let mut second = 0.0;
    if s.get(i) == Some(&b':') {
        second = digits(s, i + 1, 2)? as f64;
        i += 3;
        if s.get(i) == Some(&b'.') || s.get(i) == Some(&b',') {
            let start = i + 1;
            let mut end = start;
            while s.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if end == start {
                return None;
            }
            let frac = std::str::from_utf8(&s[start..end]).ok()?;
            second += format!("0.{frac}").parse::<f64>().ok()?;
            i = end;
        }
    }
    let max_day = match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=max_day).contains(&day) || hour > 23 || minute > 59 || second >= 61.0 {
        return None;
    }
    let offset_min = match s.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest {
                [_, _] => (digits(rest, 0, 2)?, 0),
                [_, _, b':', _, _] => (digits(rest, 0, 2)?, digits(rest, 3, 2)?),
                [_, _, _, _] => (digits(rest, 0, 2)?, digits(rest, 2, 2)?),
                _ => return None,
            };
            if h > 18 || m > 59 {
                return None;
            }
            let v = (h * 60 + m) as i32;
            if *sign == b'-' { -v } else { v }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let local = days as f64 * 86_400.0 + (hour * 3600 + minute * 60) as f64 + second;
    Some(Stamp {
        utc_s: local - f64::from(offset_min) * 60.0,
        offset_min,
    })
}

/// A stamp written back as RFC 3339 in its own offset (whole seconds).
pub fn format(s: &Stamp) -> String {
    let local = s.local_s().floor() as i64;
    let days = local.div_euclid(86_400);
    let sec = local.rem_euclid(86_400);
    let off = s.offset_min.abs();
    let sign = if s.offset_min < 0 { '-' } else { '+' };
    format!(
        "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        civil_of_days(days),
        sec / 3600,
        sec / 60 % 60,
        sec % 60,
        off / 60,
        off % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_forms_parse_to_the_same_instant() {
        let a = parse("2026-01-05T10:15:00+01:00").expect("rfc3339");
        let b = parse("2026-01-05 09:15:00Z").expect("space and Z");
        let c = parse("2026-01-05T04:15-0500").expect("compact offset, no seconds");
        assert_eq!(a.utc_s, b.utc_s);
        assert_eq!(a.utc_s, c.utc_s);
        assert_eq!(a.offset_min, 60);
        assert_eq!(c.offset_min, -300);
        // 2026-01-05 is a Monday.
        assert_eq!(weekday_of_day(a.local_day()), 0);
        assert_eq!(format(&a), "2026-01-05T10:15:00+01:00");
        let f = parse("2026-01-05T09:15:00.5Z").expect("fraction");
        assert_eq!(f.utc_s - b.utc_s, 0.5);
    }

    #[test]
    fn no_zone_or_impossible_dates_are_refused() {
        for bad in [
            "2026-01-05T10:15:00",
            "2026-02-30T10:15:00Z",
            "2026-01-05T25:15:00Z",
            "05/01/2026 10:15",
            "",
            "2026-01-05T10:15:00+1",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_dates_round_trip() {
        for d in [-1, 0, 59, 10_957, 20_458, 30_000] {
            let text = format!("{}T00:00:00Z", civil_of_days(d));
            assert_eq!(parse(&text).map(|s| s.local_day()), Some(d), "{text}");
        }
    }
}
