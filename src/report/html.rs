//! The self-contained HTML report: the scenario in plain words, the KPI table with 95%
//! confidence intervals, and the charts inline as SVG.
//!
//! The page references nothing outside itself: no scripts, no style sheets, no fonts or
//! images fetched from anywhere (text uses the reader's local sans-serif fonts). It prints
//! on A4 and Letter alike.

use std::fmt::Write as _;

use super::charts::Chart;
use super::figures::{unstaffed_hours, when};
use crate::experiment::RunResults;
use crate::format::{fmt_half, fmt_value, kpi_kind, section, thousands};
use crate::kpi::KPIS;
use crate::scenario::{Discipline, Scenario, Sentiment};

/// The charts as `<figure>` elements: inline SVG with its caption.
pub(crate) fn figure_elements(charts: &[Chart]) -> String {
    let mut o = String::new();
    for c in charts {
        let _ = writeln!(
            o,
            "<figure id=\"{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            escape(&c.name),
            inline_svg(&c.svg),
            escape(&c.caption)
        );
    }
    o
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn meaning(name: &str) -> String {
    if let Some(d) = KPIS.iter().find(|d| d.name == name) {
        return d.meaning.to_string();
    }
    if let Some(ch) = name.strip_prefix("frt_mean_min.") {
        return format!("mean first-response time of answered {ch} mentions, minutes");
    }
    if let Some(g) = name.strip_prefix("occupancy.") {
        return format!("occupancy of the {g} group");
    }
    String::new()
}

/// Minutes as a duration in words: `3 days`, `8 h`, `90 min`.
fn duration(m: f64) -> String {
    if m >= 1440.0 && (m / 1440.0).fract() == 0.0 {
        let d = m / 1440.0;
        format!("{d} day{}", if d == 1.0 { "" } else { "s" })
    } else if m >= 60.0 && (m / 60.0).fract() == 0.0 {
        format!("{} h", m / 60.0)
    } else {
        format!("{m} min")
    }
}

fn discipline(d: Discipline) -> &'static str {
    match d {
        Discipline::Fifo => "oldest first (fifo)",
        Discipline::Lifo => "newest first (lifo)",
        Discipline::Influence => "most followers first (influence)",
        Discipline::Deadline => "nearest to breaking the customer's expectation first (deadline)",
        Discipline::Priority => {
            "highest class priority first, oldest first within a priority (priority)"
        }
    }
}

/// The scenario in plain words.
pub fn scenario_section(sc: &Scenario) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<section id=\"scenario\">\n<h2>The scenario</h2>");
    if !sc.description.is_empty() {
        let _ = writeln!(o, "<p class=\"lede\">{}</p>", escape(&sc.description));
    }
    let warmup = if sc.warmup_min > 0.0 {
        format!(
            ", of which the first {} are a warm-up left out of the KPIs",
            duration(sc.warmup_min)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "<p><strong>Horizon.</strong> {} from {}{warmup}; {} replications, seed {}.</p>",
        duration(sc.horizon_min),
        escape(&when(sc, 0.0)),
        sc.replications,
        sc.seed
    );

    // Volumes.
    let (peak_h, peak) = sc
        .arrivals
        .profile
        .iter()
        .enumerate()
        .fold((0, 0.0), |b, (h, &p)| if p > b.1 { (h, p) } else { b });
    let profile = sc
        .arrivals
        .profile_name()
        .map(|p| format!(" (profile <code>{}</code>)", escape(p)))
        .unwrap_or_default();
    let channels: Vec<String> = sc
        .channels
        .iter()
        .map(|c| {
            format!(
                "{} {:.0}%{}",
                escape(&c.name),
                c.share * 100.0,
                if c.public { "" } else { " (private)" }
            )
        })
        .collect();
    let classes: Vec<String> = sc
        .classes
        .iter()
        .map(|c| {
            let tone = match c.sentiment {
                Sentiment::Negative => "negative",
                Sentiment::Neutral => "neutral",
                Sentiment::Positive => "positive",
            };
            format!(
                "{} {:.0}% ({tone}{})",
                escape(&c.name),
                c.share * 100.0,
                if c.answer { "" } else { ", never answered" }
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "<p><strong>Volume.</strong> {} mentions an hour on average over the week, about {} a week{profile}, peaking at {} an hour ({}). Channels: {}. Classes: {}.</p>",
        thousands(sc.arrivals.rate_per_h, 0),
        thousands(sc.arrivals.rate_per_h * 168.0, 0),
        thousands(peak * sc.arrivals.rate_per_h, 0),
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][peak_h / 24 % 7].to_string()
            + &format!(" {:02}:00", peak_h % 24),
        channels.join(", "),
        classes.join(", ")
    );
    if !sc.arrivals.incidents.is_empty() {
        let list: Vec<String> = sc
            .arrivals
            .incidents
            .iter()
            .map(|i| {
                format!(
                    "<code>{}</code>: ×{} mentions from {} to {}",
                    escape(&i.name),
                    i.multiplier,
                    escape(&when(sc, i.start_min)),
                    escape(&when(sc, i.end_min))
                )
            })
            .collect();
        let _ = writeln!(o, "<p><strong>Incidents.</strong> {}.</p>", list.join("; "));
    }

    // Staffing.
    let _ = writeln!(
        o,
        "<table class=\"staff\">\n<caption>Shifts</caption>\n<thead><tr><th>group</th><th>agents per shift</th><th>shifts</th><th>paid hours a week per agent</th><th>conversations at once</th><th>shrinkage</th><th>effective answers</th><th>cost per hour</th></tr></thead>\n<tbody>"
    );
    let mut agent_hours = 0.0;
    for g in &sc.groups {
        let weekly_h: f64 = g.shifts.iter().map(|(s, e)| e - s).sum::<f64>() / 60.0;
        agent_hours += weekly_h * f64::from(g.agents);
        let shifts: Vec<String> = g
            .rota
            .iter()
            .map(|s| format!("{} {}–{}", s.day_names().join(", "), s.start, s.end))
            .collect();
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.0}%</td><td class=\"num\">{} {}</td></tr>",
            escape(&g.name),
            g.agents,
            escape(&shifts.join("; ")),
            thousands(weekly_h, 0),
            g.concurrency,
            g.shrinkage * 100.0,
            g.effectiveness * 100.0,
            escape(&sc.currency),
            thousands(g.cost_per_h, 2)
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>");
    let unstaffed = unstaffed_hours(sc).iter().filter(|u| **u).count();
    let _ = writeln!(
        o,
        "<p><strong>Staffing.</strong> {} paid agent-hours a week; nobody is on shift for {unstaffed} of the 168 hours of the week.</p>",
        thousands(agent_hours, 0)
    );

    // Policies.
    let max_age = match sc.policy.max_age_min {
        Some(m) => format!("mentions older than {} are dropped unanswered", duration(m)),
        None => "no mention is too old to answer".to_string(),
    };
    let abandon = if sc.policy.answer_after_abandon {
        "customers who ran out of patience are still answered (answer-after-abandon on)"
    } else {
        "mentions of customers who ran out of patience are dropped (answer-after-abandon off)"
    };
    let bot = match &sc.bot {
        Some(b) => format!(
            "a bot replies after {}, hands {:.0}% over to agents, its own answers are effective {:.0}% of the time, at {} {} a mention",
            duration(b.delay_min),
            b.handover * 100.0,
            b.effectiveness * 100.0,
            escape(&sc.currency),
            b.cost_per_mention
        ),
        None => "no bot".to_string(),
    };
    let _ = writeln!(
        o,
        "<p><strong>Policies.</strong> Queue discipline: {}; {max_age}; {abandon}; {bot}. Phone contacts cost {} {} each.</p>",
        discipline(sc.policy.discipline),
        escape(&sc.currency),
        sc.phone_call_cost
    );
    let _ = writeln!(o, "</section>");
    o
}

/// The KPI table: mean ± 95% CI half-width and the interval, by section.
pub fn kpi_table(results: &RunResults, currency: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section id=\"kpis\">\n<h2>Key performance indicators</h2>\n<p>Mean over {} replications with the half-width of its 95% confidence interval (Student t).</p>\n<table class=\"kpis\">\n<thead><tr><th>KPI</th><th>mean</th><th>± 95% CI</th><th>95% CI</th><th>meaning</th></tr></thead>\n<tbody>",
        results.replications.len()
    );
    for (name, s) in results.kpi_names.iter().zip(&results.summary) {
        if let Some(title) = section(name) {
            let _ = writeln!(
                o,
                "<tr class=\"section\"><th colspan=\"5\">{title}</th></tr>"
            );
        }
        let k = kpi_kind(name);
        let range = if s.ci95_low.is_finite() && s.ci95_high.is_finite() {
            format!(
                "{} – {}",
                fmt_value(k, s.ci95_low, currency),
                fmt_value(k, s.ci95_high, currency)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(name),
            escape(&fmt_value(k, s.mean, currency)),
            escape(&fmt_half(k, s.half_width())),
            escape(&range),
            escape(&meaning(name))
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</section>");
    o
}

/// The SVG of a chart for inlining in HTML: without the XML namespace declaration (HTML
/// puts `<svg>` in the SVG namespace by itself), scaled by CSS.
pub(crate) fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen("<svg ", "<svg role=\"img\" ", 1)
}

pub(crate) const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: #212121; background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 10px; border-bottom: 2px solid #e1e1e1; padding-bottom: 4px; }
p { margin: 8px 0; }
.meta { color: #555; font-size: 14px; }
.lede { font-size: 17px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
.glance { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 6px; padding: 0; list-style: none; }
.glance li { flex: 1 1 180px; border: 1px solid #e1e1e1; border-radius: 6px; padding: 10px 14px; }
.glance .v { display: block; font-size: 24px; font-weight: 600; }
.glance .k { display: block; color: #555; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 10px 0; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
thead th { border-bottom: 2px solid #ccc; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.section th { background: #f4f6f8; font-size: 15px; padding-top: 8px; }
figure { margin: 24px 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption { font-size: 14px; color: #444; margin-top: 6px; }
footer { margin-top: 40px; color: #555; font-size: 13px; }
ul.verdicts { padding-left: 20px; }
ul.verdicts li { margin: 4px 0; font-size: 17px; }
td.sig { font-weight: 600; }
tr.pareto td { background: #eef5fb; }
.note { color: #555; font-style: italic; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  figure, svg, .glance, tr { page-break-inside: avoid; break-inside: avoid; }
  figure svg, img { max-width: 100%; height: auto; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The whole page.
pub fn page(sc: &Scenario, results: &RunResults, charts: &[Chart]) -> String {
    let mut o =
        String::with_capacity(64 * 1024 + charts.iter().map(|c| c.svg.len()).sum::<usize>());
    let title = format!("carecast report: {}", results.scenario);
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        escape(&title)
    );
    let _ = writeln!(
        o,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">carecast {} · {} replications · seed {} · mean ± 95% confidence half-width over replications</p>\n</header>",
        escape(&title),
        crate::output::VERSION,
        results.replications.len(),
        results.seed
    );

    // At a glance.
    let glance = [
        ("sla_30m", "answered within 30 min"),
        ("frt_p50_min", "median first response"),
        ("recommend_rate", "recommend the brand"),
        ("cost_total", "total cost"),
    ];
    let _ = writeln!(o, "<ul class=\"glance\">");
    for (k, label) in glance {
        if let Some(s) = results.kpi(k) {
            let kind = kpi_kind(k);
            let _ = writeln!(
                o,
                "<li><span class=\"v\">{}</span><span class=\"k\">{} ({})</span></li>",
                escape(&fmt_value(kind, s.mean, &sc.currency)),
                label,
                escape(&fmt_half(kind, s.half_width()))
            );
        }
    }
    let _ = writeln!(o, "</ul>");

    o.push_str(&scenario_section(sc));

    let _ = writeln!(o, "<section id=\"charts\">\n<h2>Charts</h2>");
    o.push_str(&figure_elements(charts));
    if !charts.iter().any(|c| c.name == "response-times") {
        let _ = writeln!(
            o,
            "<p>No response-time distribution: this results folder has no <code>distributions.csv</code> (it was written by an older carecast).</p>"
        );
    }
    let _ = writeln!(o, "</section>");
    o.push_str(&kpi_table(results, &sc.currency));
    let _ = writeln!(
        o,
        "<footer>Made by carecast {} from the results folder of this run. The charts are also in <code>charts/</code> as PNG and SVG. <code>carecast run scenario.toml</code> in that folder reproduces the run bit for bit. The KPIs are defined in the README's KPI glossary.</footer>\n</body>\n</html>",
        crate::output::VERSION
    );
    o
}
