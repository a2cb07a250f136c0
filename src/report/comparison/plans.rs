//! A plan in plain words, from its difference to the baseline: the staffing groups it
//! adds, removes or changes, each with its paid hours and its cost a week ("adds night:
//! 4 agents daily 00:00–08:00, 224 paid hours a week, +USD 9,408 per week").

use crate::format::{money, thousands};
use crate::scenario::{Group, Scenario};

/// Paid hours a week of a group: its agents times the length of its shifts.
fn paid_hours(g: &Group) -> f64 {
    g.shifts.iter().map(|(s, e)| e - s).sum::<f64>() / 60.0 * f64::from(g.agents)
}

/// A group's shifts in words: `daily 00:00–08:00`, `mon, tue 09:00–17:00`.
fn shifts(g: &Group) -> String {
    g.rota
        .iter()
        .map(|s| {
            let days = match s.day_names().join(", ") {
                d if d == "all" => "daily".to_string(),
                d => d,
            };
            format!("{days} {}–{}", s.start, s.end)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `1 agent`, `4 agents`.
fn agents(n: u32) -> String {
    crate::format::plural(u64::from(n), "agent")
}

/// A signed amount a week: `+USD 9,408 per week`.
fn per_week(x: f64, currency: &str) -> String {
    let sign = if x < 0.0 { "−" } else { "+" };
    format!("{sign}{} per week", money(x.abs(), currency))
}

/// The group's weekly paid hours and cost in words.
fn hours_and_cost(hours: f64, cost: f64, currency: &str) -> String {
    format!(
        "{} paid hours a week, {}",
        thousands(hours, 0),
        per_week(cost, currency)
    )
}

/// The staffing differences of `plan` to `base` in plain words, one sentence each, in
/// the baseline's group order then the plan's new groups; empty when the staffing is
/// the same.
pub(super) fn staffing_in_words(base: &Scenario, plan: &Scenario) -> Vec<String> {
    let cur = &base.currency;
    let mut out = Vec::new();
    for b in &base.groups {
        match plan.groups.iter().find(|p| p.name == b.name) {
            None => out.push(format!(
                "removes {}: {} {}, {}",
                b.name,
                agents(b.agents),
                shifts(b),
                hours_and_cost(-paid_hours(b), -paid_hours(b) * b.cost_per_h, cur)
            )),
            Some(p) => {
                let mut what = Vec::new();
                if p.agents != b.agents {
                    what.push(format!("{} → {}", agents(b.agents), agents(p.agents)));
                }
                if shifts(p) != shifts(b) {
                    what.push(format!("shifts {} → {}", shifts(b), shifts(p)));
                }
                if p.cost_per_h != b.cost_per_h {
                    what.push(format!(
                        "{} → {} an hour",
                        money(b.cost_per_h, cur),
                        money(p.cost_per_h, cur)
                    ));
                }
                if what.is_empty() {
                    continue;
                }
                let dh = paid_hours(p) - paid_hours(b);
                let dc = paid_hours(p) * p.cost_per_h - paid_hours(b) * b.cost_per_h;
                let hours = if dh < 0.0 {
                    format!("−{}", thousands(-dh, 0))
                } else {
                    format!("+{}", thousands(dh, 0))
                };
                out.push(format!(
                    "changes {}: {}; {hours} paid hours a week, {}",
                    b.name,
                    what.join(", "),
                    per_week(dc, cur)
                ));
            }
        }
    }
    for p in &plan.groups {
        if !base.groups.iter().any(|b| b.name == p.name) {
            let h = paid_hours(p);
            out.push(format!(
                "adds {}: {} {}, {}",
                p.name,
                agents(p.agents),
                shifts(p),
                hours_and_cost(h, h * p.cost_per_h, cur)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_team_is_described_in_words() {
        let base = Scenario::builtin(&[]).expect("the built-in scenario");
        let mut plan = base.clone();
        let mut night = base.groups[0].clone();
        night.name = "night".into();
        night.agents = 4;
        night.shifts = (0..7)
            .map(|d| (d as f64 * 1440.0, d as f64 * 1440.0 + 480.0))
            .collect();
        night.cost_per_h = 42.0;
        plan.groups.push(night);
        let words = staffing_in_words(&base, &plan);
        assert_eq!(words.len(), 1, "{words:?}");
        assert!(words[0].starts_with("adds night: 4 agents "), "{words:?}");
        assert!(
            words[0].ends_with("224 paid hours a week, +USD 9,408 per week"),
            "{words:?}"
        );
        plan.groups[0].agents += 1;
        let words = staffing_in_words(&base, &plan);
        assert_eq!(words.len(), 2, "{words:?}");
        assert!(words[0].starts_with("changes "), "{words:?}");
        assert!(staffing_in_words(&base, &base).is_empty());
    }
}
