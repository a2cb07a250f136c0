//! The report of a comparison folder written by `carecast compare`.
//!
//! The folder is the contract: `comparison.json` (per plan and KPI the summary, and per
//! non-baseline plan the paired difference to the baseline), each plan's resolved
//! scenario, `<plan>.scenario.toml`, and the plans' hourly means, `hourly.csv` (optional:
//! folders written before it have no week overlay). Nothing is recomputed from replications: the page
//! shows the numbers of `comparison.json` (opening, when the plans set targets, with
//! their ranking by the targets and each plan's verdicts), and the verdict lines are
//! worded by [`crate::format::verdict_line`], as in the terminal.

mod marks;
mod plans;

use std::fmt::Write as _;
use std::path::Path;

use super::charts::{self, Chart, KpiDifferences, KpiEstimates, PlanDifference};
use super::folder::{garbled, read, read_csv, read_json};
use super::html::{escape, scenario_section};
use super::page::{Page, charts_section};
use super::{Report, ReportError};
use crate::format::{Money, fmt_mean_ci};
use crate::kpi::unit_of;
use crate::results::{ComparisonDiff, ComparisonSummary, PlanHourRow, Ranking};
use crate::scenario::Scenario;
use crate::scenario::calendar::WEEK_MIN;
use crate::targets::Verdicts;
use marks::{Mark, delta_cell};

/// One KPI a plan has, as read from `comparison.json`: its summary and its paired
/// difference to the baseline.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    mean: f64,
    ci95_low: f64,
    ci95_high: f64,
    diff: Option<ComparisonDiff>,
}

impl Entry {
    fn half_width(&self) -> f64 {
        (self.ci95_high - self.ci95_low) / 2.0
    }

    /// The entry in a unit `f` times as large (an amount over the measured window per
    /// week).
    fn scale(&mut self, f: f64) {
        self.mean *= f;
        self.ci95_low *= f;
        self.ci95_high *= f;
        if let Some(d) = &mut self.diff {
            let p = &mut d.paired;
            (p.mean, p.std, p.ci95_low, p.ci95_high) =
                (p.mean * f, p.std * f, p.ci95_low * f, p.ci95_high * f);
            d.unpaired_half_width *= f;
        }
    }
}

/// One plan of the comparison.
#[derive(Debug, Clone)]
struct PlanData {
    name: String,
    /// KPI name and entry, in the file's order.
    kpis: Vec<(String, Entry)>,
    /// The resolved scenario as a TOML table, for the differences to the baseline.
    table: toml::Table,
    /// The resolved scenario, for its staffing in plain words.
    scenario: Scenario,
    /// The verdicts on its targets (`None` when it sets none).
    verdicts: Option<Verdicts>,
}

impl PlanData {
    fn kpi(&self, name: &str) -> Option<&Entry> {
        self.kpis.iter().find(|(k, _)| k == name).map(|(_, e)| e)
    }
}

/// A comparison folder read back.
#[derive(Debug, Clone)]
struct Folder {
    seed: Option<u64>,
    replications: Option<u64>,
    plans: Vec<PlanData>,
    kpi_names: Vec<String>,
    baseline: Scenario,
    /// The plans ranked by their targets (`None` when no plan sets any).
    ranking: Option<Ranking>,
    /// The plans' hourly means from `hourly.csv` (empty in folders written before it).
    hourly: Vec<PlanHourRow>,
}

/// Reads the comparison folder `dir`.
fn load(dir: &Path) -> Result<Folder, ReportError> {
    let path = dir.join("comparison.json");
    let summary: ComparisonSummary = read_json(&path)?;
    if summary.plans.is_empty() {
        return Err(garbled(&path, None, "no `plans` array"));
    }
    let mut plans = Vec::with_capacity(summary.plans.len());
    let mut kpi_names: Vec<String> = Vec::new();
    let mut baseline = None;
    let ranking = summary.ranking;
    for (i, p) in summary.plans.into_iter().enumerate() {
        let mut kpis = Vec::with_capacity(p.kpis.len());
        for (k, e) in p.kpis {
            if !kpi_names.contains(&k) {
                kpi_names.push(k.clone());
            }
            // An entry without a summary: the plan lacks this KPI.
            if let Some(s) = e.stat {
                let entry = Entry {
                    mean: s.mean,
                    ci95_low: s.ci95_low,
                    ci95_high: s.ci95_high,
                    diff: e.diff,
                };
                kpis.push((k, entry));
            }
        }
        let name = p.name;
        if !crate::scenario::is_valid_name(&name) {
            // The name becomes a file name: never a path out of the folder.
            return Err(garbled(
                &path,
                None,
                &format!(
                    "plan name \"{}\" is not a name ({})",
                    crate::scenario::error::cut_long(&name),
                    crate::scenario::NAME_RULE
                ),
            ));
        }
        let sc_path = dir.join(format!("{name}.scenario.toml"));
        let text = read(&sc_path)?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            garbled(&sc_path, None, &format!("not TOML: {}", e.message()))
        })?;
        let scenario =
            Scenario::from_toml(&text, &sc_path.display().to_string(), &[]).map_err(|source| {
                ReportError::Scenario {
                    path: sc_path.display().to_string(),
                    source,
                }
            })?;
        if i == 0 {
            baseline = Some(scenario.clone());
        }
        plans.push(PlanData {
            name,
            kpis,
            table,
            scenario,
            verdicts: p.verdicts,
        });
    }
    let baseline = baseline.ok_or_else(|| garbled(&path, None, "no baseline plan"))?;
    // Money per week, as everywhere: the file's amounts cover the measured window.
    let f = crate::format::per_week(crate::kpi::measured_min(&baseline));
    let mut ranking = ranking;
    for r in ranking.iter_mut().flat_map(|r| r.plans.iter_mut()) {
        r.cost_total *= f;
    }
    for plan in &mut plans {
        for (k, e) in &mut plan.kpis {
            if unit_of(k) == crate::kpi::Unit::Money {
                e.scale(f);
            }
        }
    }
    let hourly_path = dir.join("hourly.csv");
    let hourly = if hourly_path.exists() {
        read_csv::<PlanHourRow>(&hourly_path)?
            .into_iter()
            .map(|l| l.row)
            .collect()
    } else {
        Vec::new()
    };
    Ok(Folder {
        seed: summary.seed,
        replications: summary.replications.map(u64::from),
        plans,
        kpi_names,
        baseline,
        ranking,
        hourly,
    })
}

/// Every leaf of a TOML table by its dotted path (`staffing.groups[2].agents`), with its
/// value as TOML text. Arrays of tables are walked element by element; other arrays are
/// one value.
fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        flatten_value(path, v, out);
    }
}

fn flatten_value(path: String, v: &toml::Value, out: &mut Vec<(String, String)>) {
    match v {
        toml::Value::Table(t) => flatten(&path, t, out),
        toml::Value::Array(items) if !items.is_empty() && items.iter().all(|i| i.is_table()) => {
            for (i, item) in items.iter().enumerate() {
                flatten_value(format!("{path}[{i}]"), item, out);
            }
        }
        other => out.push((path, other.to_string())),
    }
}

/// The scenario keys in which `plan` differs from `base`: `(path, baseline value, plan
/// value)`, `None` where a side lacks the key. Names and descriptions are left out.
fn scenario_differences(
    base: &toml::Table,
    plan: &toml::Table,
) -> Vec<(String, Option<String>, Option<String>)> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    flatten("", base, &mut a);
    flatten("", plan, &mut b);
    let skip = |k: &str| k == "name" || k == "description";
    let mut out = Vec::new();
    for (k, va) in &a {
        if skip(k) {
            continue;
        }
        match b.iter().find(|(kb, _)| kb == k) {
            Some((_, vb)) if vb == va => {}
            Some((_, vb)) => out.push((k.clone(), Some(va.clone()), Some(vb.clone()))),
            None => out.push((k.clone(), Some(va.clone()), None)),
        }
    }
    for (k, vb) in &b {
        if !skip(k) && !a.iter().any(|(ka, _)| ka == k) {
            out.push((k.clone(), None, Some(vb.clone())));
        }
    }
    collapse(out, &a, &b)
}

/// Merges the keys of an array element only one side has (a staffing group added, say)
/// into one entry for the element, its value an inline table of those keys.
fn collapse(
    diffs: Vec<(String, Option<String>, Option<String>)>,
    a: &[(String, String)],
    b: &[(String, String)],
) -> Vec<(String, Option<String>, Option<String>)> {
    // The shortest `...[i]` prefix of `key` that no key of `other` starts with.
    let element = |key: &str, other: &[(String, String)]| {
        key.match_indices(']')
            .map(|(i, _)| &key[..=i])
            .find(|prefix| {
                !other.iter().any(|(k, _)| {
                    k.starts_with(&format!("{prefix}.")) || k.starts_with(&format!("{prefix}["))
                })
            })
            .map(str::to_string)
    };
    let mut out: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    let mut groups: Vec<(String, bool, Vec<String>)> = Vec::new();
    for (k, va, vb) in diffs {
        let lone = match (&va, &vb) {
            (None, Some(v)) => element(&k, a).map(|e| (e, true, v.clone())),
            (Some(v), None) => element(&k, b).map(|e| (e, false, v.clone())),
            _ => None,
        };
        match lone {
            Some((e, added, v)) => {
                let field = format!("{} = {v}", &k[e.len()..].trim_start_matches('.'));
                match groups.iter_mut().find(|g| g.0 == e && g.1 == added) {
                    Some(g) => g.2.push(field),
                    None => {
                        out.push((e.clone(), None, None));
                        groups.push((e, added, vec![field]));
                    }
                }
            }
            None => out.push((k, va, vb)),
        }
    }
    for (e, added, fields) in groups {
        let value = Some(format!("{{ {} }}", fields.join(", ")));
        if let Some(slot) = out
            .iter_mut()
            .find(|o| o.0 == e && o.1.is_none() && o.2.is_none())
        {
            if added {
                slot.2 = value;
            } else {
                slot.1 = value;
            }
        }
    }
    out
}

/// The verdict line of plan `p`, worded as in the terminal.
fn verdict(f: &Folder, p: usize) -> String {
    let plan = &f.plans[p];
    crate::format::verdict_line(
        &plan.name,
        &f.plans[0].name,
        |kpi| {
            plan.kpi(kpi).and_then(|e| e.diff.as_ref()).map(|d| {
                (
                    d.paired.mean,
                    (d.paired.ci95_high - d.paired.ci95_low) / 2.0,
                )
            })
        },
        &f.baseline.currency,
        WEEK_MIN,
    )
}

fn reps_text(f: &Folder) -> String {
    f.replications
        .map_or_else(|| "the".to_string(), |r| r.to_string())
}

/// The charts: KPIs per plan, the paired differences to the baseline, and the plans'
/// weeks overlaid (from `hourly.csv`, when the folder has it).
fn figures(f: &Folder) -> Result<Vec<Chart>, ReportError> {
    let currency = &f.baseline.currency;
    let reps = reps_text(f);
    let mut estimates = Vec::new();
    let mut differences = Vec::new();
    for kpi in crate::kpi::COMPARISON_CHARTS {
        let kpi = &crate::kpi::in_scenario(kpi, &f.baseline);
        let plans: Vec<(String, f64, f64, f64)> = f
            .plans
            .iter()
            .filter_map(|p| {
                let e = p.kpi(kpi)?;
                e.mean
                    .is_finite()
                    .then(|| (p.name.clone(), e.mean, e.ci95_low, e.ci95_high))
            })
            .collect();
        if !plans.is_empty() {
            estimates.push(KpiEstimates {
                kpi: kpi.to_string(),
                plans,
            });
        }
        let diffs: Vec<PlanDifference> = f
            .plans
            .iter()
            .skip(1)
            .filter_map(|p| {
                let d = p.kpi(kpi)?.diff.as_ref()?;
                Some(PlanDifference {
                    plan: p.name.clone(),
                    mean: d.paired.mean,
                    ci_low: d.paired.ci95_low,
                    ci_high: d.paired.ci95_high,
                    significant: d.significant,
                })
            })
            .collect();
        if !diffs.is_empty() {
            differences.push(KpiDifferences {
                kpi: kpi.to_string(),
                plans: diffs,
            });
        }
    }
    let money = Money::new(currency, Some(WEEK_MIN));
    let mut out = vec![charts::plan_comparison(
        "KPIs by plan: mean with 95% confidence interval",
        &estimates,
        &money,
        format!(
            "Each plan's mean over {reps} replications with its 95% confidence interval. All plans ran the same replications with the same seed (common random numbers)."
        ),
    )?];
    if !differences.is_empty() {
        out.push(charts::plan_differences(
            &format!(
                "Difference to the baseline ({}), paired, with 95% CI",
                f.plans[0].name
            ),
            &differences,
            &money,
            format!(
                "Plan minus baseline, from the paired differences over the {reps} replications. Filled dots, marked *, where the 95% interval excludes zero; hollow dots could be noise."
            ),
        )?);
    }
    let names: Vec<String> = f.plans.iter().map(|p| p.name.clone()).collect();
    let replications = f.hourly.iter().map(|r| r.replications).max().unwrap_or(0);
    if let Some(overlay) =
        super::figures::week_overlay(&f.baseline, &names, &f.hourly, replications)?
    {
        out.push(overlay);
    }
    Ok(out)
}

/// The file stem of the overlaid week views of the plans, when the comparison's figures
/// include that chart (drawn by `figures::week_overlay` from `hourly.csv`, pushed onto
/// the list of [`figures`]).
const WEEK_OVERLAY: &str = "week-overlay";

/// The comparison's figures in page order: the overlaid week views first, as they show
/// when in the week the plans differ, then the KPI charts in the order drawn. The one
/// place that decides where the week overlay goes on the page.
fn arranged(mut charts: Vec<Chart>) -> Vec<Chart> {
    charts.sort_by_key(|c| c.name.replace('_', "-") != WEEK_OVERLAY);
    charts
}

/// The page's title: the plans by name when there are at most three, otherwise the
/// baseline and how many plans it is compared with (a title that fits on one line).
fn title(names: &[&str]) -> String {
    match names {
        [baseline, others @ ..] if others.len() > 2 => format!(
            "carecast comparison: {baseline} and {} other plans",
            others.len()
        ),
        _ => format!("carecast comparison: {}", names.join(" vs ")),
    }
}

/// The page.
fn page(f: &Folder, charts: &[Chart]) -> String {
    let currency = &f.baseline.currency;
    let names: Vec<&str> = f.plans.iter().map(|p| p.name.as_str()).collect();
    let mut o =
        String::with_capacity(64 * 1024 + charts.iter().map(|c| c.svg.len()).sum::<usize>());

    // The ranking by the targets.
    if let Some(ranking) = &f.ranking {
        let plans: Vec<(&str, Option<&Verdicts>)> = f
            .plans
            .iter()
            .map(|p| (p.name.as_str(), p.verdicts.as_ref()))
            .collect();
        o.push_str(&super::verdicts::ranking_section(
            ranking, &plans, currency, WEEK_MIN,
        ));
    }

    // Verdicts.
    let _ = writeln!(
        o,
        "<section id=\"verdicts\">\n<h2>In one line per plan</h2>\n<ul class=\"verdicts\">"
    );
    for p in 1..f.plans.len() {
        let _ = writeln!(o, "<li>{}</li>", escape(&verdict(f, p)));
    }
    let _ = writeln!(
        o,
        "</ul>\n<p class=\"meta\">Paired differences to the baseline, with the half-width of their 95% confidence interval in brackets.</p>\n</section>"
    );

    // The plans.
    let _ = writeln!(
        o,
        "<section id=\"plans\">\n<h2>The plans</h2>\n<p><strong>{}</strong> is the baseline; its scenario is described below. The other plans differ from it as follows: their staffing in words (paid hours and staff cost a week against the baseline's), then any other scenario key, baseline → plan.</p>",
        escape(&f.plans[0].name)
    );
    for plan in f.plans.iter().skip(1) {
        let words = plans::staffing_in_words(&f.baseline, &plan.scenario);
        let mut diffs = scenario_differences(&f.plans[0].table, &plan.table);
        if !words.is_empty() {
            diffs.retain(|(k, _, _)| !k.starts_with("staffing.groups"));
        }
        let _ = writeln!(o, "<h3>{}</h3>", escape(&plan.name));
        for w in &words {
            let _ = writeln!(
                o,
                "<p class=\"plan-words\">{}.</p>",
                escape(&crate::format::capitalise(w))
            );
        }
        if diffs.is_empty() && !words.is_empty() {
            continue;
        }
        if diffs.is_empty() {
            let _ = writeln!(
                o,
                "<p class=\"note\">Same scenario as the baseline (apart from its name).</p>"
            );
            continue;
        }
        const SHOWN: usize = 15;
        let _ = writeln!(o, "<ul class=\"changes\">");
        for (k, a, b) in diffs.iter().take(SHOWN) {
            let line = match (a, b) {
                (Some(a), Some(b)) => format!(
                    "<code>{}</code>: <code>{}</code> → <code>{}</code>",
                    escape(k),
                    escape(a),
                    escape(b)
                ),
                (None, Some(b)) => format!(
                    "<code>{}</code> = <code>{}</code> (not in the baseline)",
                    escape(k),
                    escape(b)
                ),
                (Some(a), None) => format!(
                    "<code>{}</code> (<code>{}</code> in the baseline) is absent",
                    escape(k),
                    escape(a)
                ),
                (None, None) => continue,
            };
            let _ = writeln!(o, "<li>{line}</li>");
        }
        if diffs.len() > SHOWN {
            let _ = writeln!(
                o,
                "<li>and {} more keys (see <code>{}.scenario.toml</code>)</li>",
                diffs.len() - SHOWN,
                escape(&plan.name)
            );
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</section>");

    // KPI table.
    let _ = writeln!(
        o,
        "<section id=\"kpis\">\n<h2>Key performance indicators</h2>\n<p>Mean ± half-width of the 95% confidence interval per plan, measured over {}; money {}. Δ is the paired difference to <strong>{}</strong> ± its half-width.</p>\n<table class=\"kpis comparison\">\n<thead><tr><th>KPI</th>",
        crate::format::span(crate::kpi::measured_min(&f.baseline)),
        crate::format::PER_WEEK,
        escape(&f.plans[0].name)
    );
    for (i, p) in f.plans.iter().enumerate() {
        let _ = write!(o, "<th class=\"num\">{}</th>", escape(&p.name));
        if i > 0 {
            let _ = write!(o, "<th class=\"num\">Δ {}</th>", escape(&p.name));
        }
    }
    let _ = writeln!(o, "<th>identifier</th></tr></thead>\n<tbody>");
    for k in &f.kpi_names {
        let kind = unit_of(k);
        let baseline = f.plans[0].kpi(k).map_or(f64::NAN, |e| e.mean);
        let marks: Vec<Option<Mark>> = f
            .plans
            .iter()
            .skip(1)
            .map(|p| {
                let d = p.kpi(k)?.diff.as_ref()?;
                Some(Mark::of(kind, d, baseline, currency))
            })
            .collect();
        let material = marks.contains(&Some(Mark::Material));
        let _ = write!(
            o,
            "<tr><td{}>{}</td>",
            if material { " class=\"sig\"" } else { "" },
            escape(&crate::kpi::label_of(k))
        );
        for (i, p) in f.plans.iter().enumerate() {
            let e = p.kpi(k);
            let cell = e.map_or_else(
                || "n/a".to_string(),
                |e| fmt_mean_ci(kind, e.mean, e.half_width(), currency),
            );
            let _ = write!(o, "<td class=\"num\">{}</td>", escape(cell.trim()));
            if i > 0 {
                match (e.and_then(|e| e.diff.as_ref()), marks[i - 1]) {
                    (Some(d), Some(mark)) => o.push_str(&delta_cell(kind, d, mark, currency)),
                    _ => o.push_str("<td class=\"num\"></td>"),
                }
            }
        }
        let _ = writeln!(o, "<td><code>{}</code></td></tr>", escape(k));
    }
    let _ = writeln!(
        o,
        "</tbody>\n</table>\n<p class=\"meta legend\">{}</p>\n</section>",
        Mark::LEGEND
    );

    o.push_str(&charts_section(charts, "", ""));

    o.push_str(&scenario_section(&f.baseline).replacen(
        "<h2>The scenario</h2>",
        &format!(
            "<h2>The baseline scenario: {}</h2>",
            escape(&f.plans[0].name)
        ),
        1,
    ));
    let files: Vec<String> = f
        .plans
        .iter()
        .map(|p| format!("{}.scenario.toml", p.name))
        .collect();
    let seed = f.seed.map_or_else(|| "?".to_string(), |s| s.to_string());
    Page {
        title: &title(&names),
        facts: &format!(
            "{} plans · {} replications each · seed {seed} · common random numbers: replication <i>i</i> of every plan sees the same customers",
            f.plans.len(),
            escape(&reps_text(f)),
        ),
        source: "the comparison folder: <code>comparison.json</code> and each plan's resolved scenario",
        more: &format!(
            "<code>carecast compare {}</code> in that folder reproduces the comparison.",
            escape(&files.join(" "))
        ),
        css: if f.ranking.is_some() {
            super::verdicts::CSS
        } else {
            ""
        },
    }
    .render(&o)
}

/// Reads the comparison folder `dir` and renders its charts and page in memory.
pub(crate) fn build(dir: &Path) -> Result<Report, ReportError> {
    let folder = load(dir)?;
    let charts = arranged(figures(&folder)?);
    let html = page(&folder, &charts);
    Ok(Report { charts, html })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(name: &str) -> Chart {
        Chart {
            name: name.to_string(),
            title: String::new(),
            caption: String::new(),
            size: (1, 1),
            png: Vec::new(),
            svg: String::new(),
        }
    }

    #[test]
    fn the_title_names_up_to_three_plans_and_counts_more() {
        assert_eq!(title(&["a", "b"]), "carecast comparison: a vs b");
        assert_eq!(title(&["a", "b", "c"]), "carecast comparison: a vs b vs c");
        assert_eq!(
            title(&["a", "b", "c", "d"]),
            "carecast comparison: a and 3 other plans"
        );
    }

    #[test]
    fn the_week_overlay_leads_the_figures_and_the_rest_keep_their_order() {
        let names = |charts: Vec<Chart>| -> Vec<String> {
            arranged(charts).into_iter().map(|c| c.name).collect()
        };
        assert_eq!(
            names(vec![
                chart("plan-comparison"),
                chart("plan-differences"),
                chart("week-overlay"),
            ]),
            ["week-overlay", "plan-comparison", "plan-differences"]
        );
        assert_eq!(
            names(vec![chart("plan-comparison"), chart("plan-differences")]),
            ["plan-comparison", "plan-differences"]
        );
    }

    #[test]
    fn scenario_differences_walk_arrays_of_tables() {
        let a: toml::Table = r#"
name = "a"
[policy]
discipline = "fifo"
[[staffing.groups]]
agents = 3
[[staffing.groups]]
agents = 4
"#
        .parse()
        .expect("toml");
        let b: toml::Table = r#"
name = "b"
[policy]
discipline = "lifo"
max_age = "3d"
[[staffing.groups]]
agents = 3
[[staffing.groups]]
agents = 9
"#
        .parse()
        .expect("toml");
        let d = scenario_differences(&a, &b);
        assert_eq!(
            d,
            vec![
                (
                    "policy.discipline".to_string(),
                    Some("\"fifo\"".to_string()),
                    Some("\"lifo\"".to_string())
                ),
                (
                    "staffing.groups[1].agents".to_string(),
                    Some("4".to_string()),
                    Some("9".to_string())
                ),
                (
                    "policy.max_age".to_string(),
                    None,
                    Some("\"3d\"".to_string())
                ),
            ]
        );
    }
}
