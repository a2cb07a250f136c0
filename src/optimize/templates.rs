//! Shift templates: the optimizer's decision variables. A template is a staffing group,
//! the days its shift starts on, a start time and a length; a head count on it is that
//! many agents of the group working that shift on each of its days.
//!
//! A shift may run past midnight into the next day, and on Sunday past the end of the
//! week into Monday: the scenario's shifts say so with `"HH:MM+1"`, and the coverage of a
//! template wraps around the week the same way.

use crate::scenario::calendar::{self, DAY_MIN, HOUR_MIN, WEEK_H, WEEK_MIN};
use crate::scenario::optimize::{
    TemplateSource, TemplateSpec, clock_text, days_text, weekday_label,
};
use crate::scenario::{DaySet, Group, Named, Scenario, Shift};

/// One shift template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The source group's index in the scenario's `groups`.
    pub group: usize,
    /// The source group's name.
    pub group_name: String,
    /// The days the shift starts on, as written (`mon`, `weekdays`, ...).
    pub days: Vec<DaySet>,
    /// Start, minutes after midnight (0 to 1439).
    pub start_min: u32,
    /// Length, minutes (1 to 1440).
    pub length_min: u32,
    /// Fewest heads.
    pub min: u32,
    /// Most heads.
    pub max: u32,
    /// The weekly windows `[start, end)` it covers, minutes of the week (Monday 00:00 =
    /// 0); a window may end past the end of the week.
    windows: Vec<(f64, f64)>,
}

impl Template {
    /// A template of group `group` of `sc`. `None` if the days are empty or the times are
    /// out of range (start from 00:00 to 23:59, length from 1 minute to 24 hours).
    pub fn new(
        sc: &Scenario,
        group: usize,
        days: Vec<DaySet>,
        start_min: u32,
        length_min: u32,
        min: u32,
        max: u32,
    ) -> Option<Self> {
        let group_name = sc.groups.get(group)?.name.clone();
        if start_min >= DAY_MIN as u32 || length_min == 0 || length_min > DAY_MIN as u32 {
            return None;
        }
        let mut t = Template {
            group,
            group_name,
            days,
            start_min,
            length_min,
            min,
            max,
            windows: Vec::new(),
        };
        t.windows = calendar::windows("template", &t.shift()).ok()?;
        Some(t)
    }

    /// The distinct day indices (0 = Monday) the shift starts on.
    pub fn day_indices(&self) -> Vec<usize> {
        calendar::days("template", &self.days).unwrap_or_default()
    }

    /// End, minutes after the start day's midnight (past 1440 for a shift ending the next
    /// day).
    pub fn end_min(&self) -> u32 {
        self.start_min + self.length_min
    }

    /// `day Mon 08:00-16:00`, `night Sun 22:00-06:00+1`, `day Weekdays 08:00-16:00`.
    pub fn label(&self) -> String {
        let days = match self.days.as_slice() {
            [d] if d.days().len() == 1 => weekday_label(d.days().start),
            list => list
                .iter()
                .map(|d| {
                    let n = d.name();
                    n[..1].to_ascii_uppercase() + &n[1..]
                })
                .collect::<Vec<_>>()
                .join(","),
        };
        format!(
            "{} {days} {}-{}",
            self.group_name,
            clock_text(self.start_min),
            end_text(self.end_min())
        )
    }

    /// A name for the staffing group of this template in a plan, within the scenario's
    /// name rules: `day-mon-0800-8h`, `day-weekdays-2200-8h30m`, `day-mon.tue-0600-45m`.
    pub fn group_label(&self) -> String {
        let days = days_text(&self.days).replace('|', ".");
        let (h, m) = (self.length_min / 60, self.length_min % 60);
        let length = match (h, m) {
            (0, m) => format!("{m}m"),
            (h, 0) => format!("{h}h"),
            (h, m) => format!("{h}h{m}m"),
        };
        format!(
            "{}-{days}-{:02}{:02}-{length}",
            self.group_name,
            self.start_min / 60,
            self.start_min % 60
        )
    }

    /// The fraction of each hour of the week the shift covers (Monday 00:00-01:00 = hour
    /// 0): 1 for a whole hour, 0.5 for a shift that starts or ends on its half hour. A
    /// shift on Sunday night covers Monday's first hours.
    pub fn coverage(&self) -> [f64; WEEK_H] {
        let mut out = [0.0; WEEK_H];
        for &(s, e) in &self.windows {
            for shift in [0.0, -WEEK_MIN] {
                let (s, e) = (s + shift, e + shift);
                let first = (s.max(0.0) / HOUR_MIN).floor() as usize;
                for (h, v) in out.iter_mut().enumerate().skip(first) {
                    let (a, b) = (h as f64 * HOUR_MIN, (h + 1) as f64 * HOUR_MIN);
                    if a >= e {
                        break;
                    }
                    let overlap = (b.min(e) - a.max(s)).max(0.0);
                    *v += overlap / HOUR_MIN;
                }
            }
        }
        out
    }

    /// Hours of the week with any part covered.
    pub fn on_shift(&self) -> [bool; WEEK_H] {
        self.coverage().map(|c| c > 0.0)
    }

    /// Paid hours per head and week: days x length.
    pub fn paid_hours_per_week(&self) -> f64 {
        self.day_indices().len() as f64 * f64::from(self.length_min) / HOUR_MIN
    }

    /// The weekly cost of one head, paid hours x `group.cost_per_h` (overtime is not
    /// known before simulation).
    pub fn weekly_cost(&self, group: &Group) -> f64 {
        self.paid_hours_per_week() * group.cost_per_h
    }

    /// The scenario shift this template stands for: `{ days, start = "22:00", end =
    /// "06:00+1" }`.
    pub fn shift(&self) -> Shift {
        Shift {
            days: self.days.clone(),
            start: clock_text(self.start_min),
            end: end_text(self.end_min()),
        }
    }

    /// The weekly windows `[start, end)` it covers, minutes of the week.
    pub fn windows(&self) -> &[(f64, f64)] {
        &self.windows
    }
}

/// `16:00`, `24:00` or `06:00+1`.
fn end_text(end_min: u32) -> String {
    if end_min <= DAY_MIN as u32 {
        clock_text(end_min)
    } else {
        format!("{}+1", clock_text(end_min - DAY_MIN as u32))
    }
}

/// The templates of `sc`'s `[optimize]` table, in a fixed order: listed ones in the
/// order given; generated ones by group (in `optimize.groups` order, else the scenario's),
/// day (Monday first), start and length (in `optimize.lengths` order).
///
/// Generated templates start every `start_step` from 00:00 on each single day, and take
/// the bound `max_per_template`; listed ones their own `min`/`max`, the bound where they
/// give none. The table was checked when the scenario was read, so this cannot fail.
pub fn templates(sc: &Scenario) -> Vec<Template> {
    let o = &sc.optimize;
    match &o.templates {
        TemplateSource::Listed(list) => list
            .iter()
            .filter_map(|t: &TemplateSpec| {
                Template::new(
                    sc,
                    t.group,
                    t.days.clone(),
                    t.start_min,
                    t.length_min,
                    t.min,
                    t.max.unwrap_or(o.max_per_template).max(t.min),
                )
            })
            .collect(),
        TemplateSource::Generated {
            groups,
            start_step_min,
            lengths_min,
        } => {
            let all: Vec<usize> = (0..sc.groups.len()).collect();
            let groups = groups.as_deref().unwrap_or(&all);
            let step = (*start_step_min).max(1) as usize;
            let mut out = Vec::new();
            for &g in groups {
                for &day in &SINGLE_DAYS {
                    for start in (0..DAY_MIN as usize).step_by(step) {
                        for &len in lengths_min {
                            out.extend(Template::new(
                                sc,
                                g,
                                vec![day],
                                start as u32,
                                len,
                                0,
                                o.max_per_template,
                            ));
                        }
                    }
                }
            }
            out
        }
    }
}

/// The single days of the week, Monday first.
const SINGLE_DAYS: [DaySet; 7] = [
    DaySet::Mon,
    DaySet::Tue,
    DaySet::Wed,
    DaySet::Thu,
    DaySet::Fri,
    DaySet::Sat,
    DaySet::Sun,
];
