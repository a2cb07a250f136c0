//! Sets of hours of the week in plain words: "nights and the weekend (Mon-Fri 00:00-08:00,
//! Sat-Sun all day)".

use crate::scenario::calendar::{DAY_H, WEEK_DAYS, WEEKDAYS};

/// The hours `hours` (hours of the week, 0 = Monday 00:00) in plain words: what kind of
/// hours they are, then the exact ranges by day, days with the same ranges together.
pub fn describe(hours: &[usize]) -> String {
    if hours.is_empty() {
        return "no hours".into();
    }
    format!("{} ({})", kinds(hours), ranges(hours))
}

/// Night (22:00 to 08:00), weekend daytime and weekday daytime, as present in `hours`.
fn kinds(hours: &[usize]) -> String {
    let night = |h: usize| {
        let hod = h % DAY_H;
        !(8..22).contains(&hod)
    };
    let weekend = |h: usize| h / DAY_H >= 5;
    let mut parts = Vec::new();
    if hours.iter().any(|&h| night(h)) {
        parts.push("nights");
    }
    if hours.iter().any(|&h| !night(h) && weekend(h)) {
        parts.push("the weekend");
    }
    if hours.iter().any(|&h| !night(h) && !weekend(h)) {
        parts.push("weekday daytime");
    }
    match parts.as_slice() {
        [one] => (*one).to_string(),
        [a, b] => format!("{a} and {b}"),
        _ => format!("{}, {} and {}", parts[0], parts[1], parts[2]),
    }
}

/// Ranges of hours of a day, `[start, end)`.
type Spans = Vec<(usize, usize)>;

/// The ranges of hours by day: `Mon-Fri 00:00-08:00, 22:00-24:00; Sat-Sun all day`.
fn ranges(hours: &[usize]) -> String {
    let mut by_day: Vec<Spans> = vec![Vec::new(); WEEK_DAYS];
    let mut sorted = hours.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    for h in sorted {
        let (day, hod) = (h / DAY_H, h % DAY_H);
        if day >= WEEK_DAYS {
            continue;
        }
        match by_day[day].last_mut() {
            Some((_, end)) if *end == hod => *end = hod + 1,
            _ => by_day[day].push((hod, hod + 1)),
        }
    }
    // Days with the same ranges, consecutive ones as spans.
    let mut groups: Vec<(Vec<usize>, &Spans)> = Vec::new();
    for (day, r) in by_day.iter().enumerate() {
        if r.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(_, same)| *same == r) {
            Some((days, _)) => days.push(day),
            None => groups.push((vec![day], r)),
        }
    }
    groups
        .iter()
        .map(|(days, r)| {
            let spans: Vec<String> = r
                .iter()
                .map(|&(a, b)| {
                    if a == 0 && b == DAY_H {
                        "all day".to_string()
                    } else {
                        format!("{a:02}:00-{b:02}:00")
                    }
                })
                .collect();
            format!("{} {}", day_spans(days), spans.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `[0, 1, 2, 3, 4, 6]` -> `Mon-Fri, Sun`.
fn day_spans(days: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        out.push(if j == i {
            day_name(days[i])
        } else {
            format!("{}-{}", day_name(days[i]), day_name(days[j]))
        });
        i = j + 1;
    }
    out.join(", ")
}

/// A day of the week, capitalised: `Mon`.
fn day_name(day: usize) -> String {
    let name = WEEKDAYS[day.min(WEEK_DAYS - 1)];
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// An hour of the week as `Tue 04:00`.
pub fn label(hour_of_week: usize) -> String {
    let day = (hour_of_week / DAY_H).min(WEEK_DAYS - 1);
    format!("{} {:02}:00", day_name(day), hour_of_week % DAY_H)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nights_and_weekends_read_as_such() {
        let mut hours: Vec<usize> = (0..5)
            .flat_map(|d| (0..8).chain(22..24).map(move |h| d * 24 + h))
            .collect();
        hours.extend(5 * 24..7 * 24);
        assert_eq!(
            describe(&hours),
            "nights and the weekend (Mon-Fri 00:00-08:00, 22:00-24:00; Sat-Sun all day)"
        );
    }

    #[test]
    fn single_hours_and_scattered_days() {
        assert_eq!(
            describe(&[24 + 9, 3 * 24 + 9]),
            "weekday daytime (Tue, Thu 09:00-10:00)"
        );
        assert_eq!(label(24 + 4), "Tue 04:00");
        assert_eq!(describe(&[]), "no hours");
    }
}
