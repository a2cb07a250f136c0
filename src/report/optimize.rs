//! The report of `carecast optimize`: the outcome in one sentence, the verdict on every
//! target with its confidence interval, the staffing gap chart (available agents against
//! the requirement, hour by hour), the plan, the steps of the search, and the plan found
//! side by side with the input plan and the formula-only plan (paired differences).

use std::fmt::Write as _;
use std::path::Path;

use super::charts::{Chart, StaffingGap, staffing_gap};
use super::folder::{read_csv, read_json};
use super::page::{Page, escape};
use super::{Report, ReportError};
use crate::format::{fmt_delta_in_words_per, fmt_estimate, in_hours, money, thousands};
use crate::kpi::{Unit, unit_of};
use crate::results::{ComparisonSummary, IterationRow, OptimizeSummary, PlanRow, RequirementRow};
use crate::scenario::calendar::WEEK_H;

/// Everything the report is made of.
struct Folder {
    summary: OptimizeSummary,
    plan: Vec<PlanRow>,
    requirements: Vec<RequirementRow>,
    iterations: Vec<IterationRow>,
    comparison: ComparisonSummary,
}

fn load(dir: &Path) -> Result<Folder, ReportError> {
    let rows = |name: &str| dir.join(name);
    Ok(Folder {
        summary: read_json(&rows("optimize.json"))?,
        plan: read_csv::<PlanRow>(&rows("plan.csv"))?
            .into_iter()
            .map(|l| l.row)
            .collect(),
        requirements: read_csv::<RequirementRow>(&rows("requirements.csv"))?
            .into_iter()
            .map(|l| l.row)
            .collect(),
        iterations: read_csv::<IterationRow>(&rows("iterations.csv"))?
            .into_iter()
            .map(|l| l.row)
            .collect(),
        comparison: read_json(&rows("comparison.json"))?,
    })
}

/// The staffing gap over every pool: requirements and available agents summed by hour.
fn gap_chart(f: &Folder) -> Result<Chart, ReportError> {
    let mut data = StaffingGap {
        title: "Staffing gap: available agents scheduled vs required, by hour of the week".into(),
        formula_required: vec![0.0; WEEK_H],
        required: vec![0.0; WEEK_H],
        available: vec![0.0; WEEK_H],
    };
    for r in &f.requirements {
        let h = r.hour_of_week.min(WEEK_H - 1);
        data.formula_required[h] += r.formula_required.0;
        data.required[h] += r.final_required.0;
        data.available[h] += r.available.0;
    }
    let under = (0..WEEK_H)
        .filter(|&h| data.available[h] + 1e-9 < data.required[h])
        .count();
    let caption = format!(
        "Bars: available agents the plan puts on shift (heads x (1 - shrinkage)); black: the requirement after simulation; grey: the formulas' requirement. Below: the gap, {under} of 168 hours under the final requirement (the pruning step removes agents wherever the simulation shows every target still met)."
    );
    Ok(staffing_gap(&data, caption)?)
}

fn plan_table(f: &Folder) -> String {
    let cur = &f.summary.currency;
    let mut o = String::from(
        "<table>\n<thead><tr><th>shift template</th><th>group</th><th class=\"num\">heads</th><th class=\"num\">paid hours a week</th><th class=\"num\">cost a week</th></tr></thead>\n<tbody>\n",
    );
    for r in &f.plan {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&r.template),
            escape(&r.group),
            r.heads,
            thousands(r.paid_hours.0, 0),
            escape(&money(r.cost.0, cur))
        );
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

fn steps_table(f: &Folder) -> String {
    let cur = &f.summary.currency;
    let mut o = String::from(
        "<table>\n<thead><tr><th>#</th><th>step</th><th>what was tried</th><th class=\"num\">heads</th><th class=\"num\">plan cost a week</th><th>verdict</th><th>kept</th></tr></thead>\n<tbody>\n",
    );
    for r in &f.iterations {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            r.iteration,
            escape(&r.step),
            escape(&r.action),
            r.heads,
            escape(&money(r.plan_cost.0, cur)),
            escape(&r.verdict),
            if r.kept { "yes" } else { "undone" }
        );
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

fn comparison_table(f: &Folder) -> String {
    let c = &f.comparison;
    let cur = &f.summary.currency;
    let period = f.summary.measured_min;
    let mut o = String::from("<table>\n<thead><tr><th>KPI</th>");
    for p in &c.plans {
        let _ = write!(o, "<th class=\"num\">{}</th>", escape(&p.name));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for kpi in crate::optimize::COMPARED_KPIS {
        let unit = unit_of(kpi);
        // Long waits in hours, means and paired differences alike.
        let hours = unit == Unit::Minutes
            && c.plans.iter().any(|p| {
                p.kpis
                    .get(kpi)
                    .and_then(|e| e.stat)
                    .is_some_and(|s| s.mean >= 60.0)
            });
        let (f, label) = if hours {
            (60.0, format!("{} (hours)", crate::kpi::label_of(kpi)))
        } else {
            (1.0, crate::kpi::label_of(kpi))
        };
        let shown = |t: String| if hours { in_hours(t) } else { t };
        let _ = write!(o, "<tr><td>{}</td>", escape(&label));
        for p in &c.plans {
            let cell = match p.kpis.get(kpi) {
                Some(e) => {
                    let mut t = e.stat.map_or(String::from("n/a"), |s| {
                        let half = (s.ci95_high - s.ci95_low) / 2.0;
                        shown(fmt_estimate(unit, s.mean / f, half / f, cur, period))
                    });
                    if let Some(d) = e.diff {
                        let half = (d.paired.ci95_high - d.paired.ci95_low) / 2.0;
                        let delta =
                            fmt_delta_in_words_per(unit, d.paired.mean / f, half / f, cur, period);
                        let _ = write!(t, "<br><small>{} paired</small>", escape(&shown(delta)));
                    }
                    t
                }
                None => "n/a".into(),
            };
            let _ = write!(o, "<td class=\"num\">{cell}</td>");
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
    o
}

/// Reads the optimize folder `dir` and renders its chart and page in memory.
pub(crate) fn build(dir: &Path) -> Result<Report, ReportError> {
    let f = load(dir)?;
    let charts = vec![gap_chart(&f)?];
    let s = &f.summary;
    let cur = &s.currency;
    let headline = if s.outcome == "met" {
        format!(
            "Meets every target: {} heads on {} shift templates, {} paid hours and {} a week ({} simulated with overtime and phone calls).",
            s.heads,
            s.templates_used,
            thousands(s.paid_hours, 0),
            money(s.plan_cost, cur),
            money(s.simulated_cost, cur)
        )
    } else {
        format!("No plan meets every target: {}", s.reason)
    };
    let mut body = format!(
        "<section id=\"outcome\" class=\"sustain {}\" role=\"status\">\n<p class=\"verdict\">{}</p>\n<p class=\"details\">{}</p>\n</section>\n",
        if s.outcome == "met" { "ok" } else { "bad" },
        escape(&headline),
        escape(&s.sustainability.headline())
    );
    let _ = writeln!(
        body,
        "<p>The verdicts of the verification: {} replications with a seed the search never used ({}).</p>\n{}",
        s.verify_replications,
        s.verify_seed,
        super::verdicts::section(&s.verdicts, cur)
    );
    body.push_str(&super::page::charts_section(&charts, "", ""));
    let _ = writeln!(
        body,
        "<section id=\"compared\">\n<h2>Side by side</h2>\n<p>The input plan, the plan from the formulas alone (steps 1 and 2, not simulated while searching) and the plan found, on the same customers (common random numbers, the verification's seed). Mean ± half-width of the 95% interval; below, the paired difference to the input plan.</p>\n{}</section>",
        comparison_table(&f)
    );
    let _ = writeln!(
        body,
        "<section id=\"plan\">\n<h2>The plan</h2>\n<p><code>carecast run plan.toml</code> reproduces the verification.</p>\n{}</section>",
        plan_table(&f)
    );
    let _ = writeln!(
        body,
        "<section id=\"steps\">\n<h2>How it was found</h2>\n<p>Formula plan {} a week; {} templates to choose from; {} simulated plans.</p>\n{}</section>",
        money(s.formula_plan_cost, cur),
        s.templates,
        s.iterations,
        steps_table(&f)
    );
    let title = format!("Optimized plan: {}", s.scenario);
    let html = Page {
        title: &title,
        facts: &escape(&format!(
            "{} heads · {} a week · verified on {} replications",
            s.heads,
            money(s.plan_cost, cur),
            s.verify_replications
        )),
        source: "the optimize folder: <code>optimize.json</code>, <code>plan.csv</code>, <code>requirements.csv</code>, <code>iterations.csv</code> and <code>comparison.json</code>",
        more: "<code>carecast run plan.toml</code> in that folder reproduces the verification.",
        css: super::verdicts::CSS,
    }
    .render(&body);
    Ok(Report { charts, html })
}
