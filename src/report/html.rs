//! The self-contained HTML report: the verdicts on the scenario's targets and the
//! sustainability verdict as a banner at the top, the scenario in plain words, the KPI
//! table with 95% confidence intervals, and the charts inline as SVG.
//!
//! The page is built in the shell shared by every report (`page.rs`): self-contained,
//! printable on A4 and Letter alike.

use std::fmt::Write as _;

use super::charts::Chart;
use super::figures::{unstaffed_hours, when};
use super::page::{Page, charts_section};
use crate::experiment::RunResults;
use crate::format::{
    fmt_half, fmt_mean, fmt_mean_per, fmt_value_per, minutes_in_words, pct_whole, plural, section,
    thousands, weekday_label,
};
use crate::kpi::{Unit, unit_of};
use crate::scenario::calendar::WEEK_H;
use crate::scenario::{Discipline, Scenario, Sentiment};
use crate::sustain::{Sustainability, Verdict};
use crate::targets::Verdicts;

use crate::scenario::calendar::DAY_H;

pub(crate) use super::page::escape;

fn meaning(name: &str) -> String {
    crate::kpi::lookup(name).map_or(String::new(), |d| d.meaning.to_string())
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
pub(crate) fn scenario_section(sc: &Scenario) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<section id=\"scenario\">\n<h2>The scenario</h2>");
    if !sc.description.is_empty() {
        let _ = writeln!(o, "<p class=\"lede\">{}</p>", escape(&sc.description));
    }
    let warmup = if sc.warmup_min > 0.0 {
        format!(
            ", of which the first {} are a warm-up left out of the KPIs",
            minutes_in_words(sc.warmup_min)
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "<p><strong>Horizon.</strong> {} from {}{warmup}; {}, seed {}.</p>",
        minutes_in_words(sc.horizon_min),
        escape(&when(sc, 0.0)),
        plural(u64::from(sc.replications), "replication"),
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
                "{} {}{}",
                escape(&c.name),
                pct_whole(c.share),
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
                "{} {} ({tone}{})",
                escape(&c.name),
                pct_whole(c.share),
                if c.answer { "" } else { ", never answered" }
            )
        })
        .collect();
    let _ = writeln!(
        o,
        "<p><strong>Volume.</strong> {} mentions an hour on average over the week, about {} a week{profile}, peaking at {} an hour ({} {:02}:00). Channels: {}. Classes: {}.</p>",
        thousands(sc.arrivals.rate_per_h, 0),
        thousands(sc.arrivals.rate_per_h * WEEK_H as f64, 0),
        thousands(peak * sc.arrivals.rate_per_h, 0),
        weekday_label(peak_h / DAY_H),
        peak_h % DAY_H,
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
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} {}</td></tr>",
            escape(&g.name),
            g.agents,
            escape(&shifts.join("; ")),
            thousands(weekly_h, 0),
            g.concurrency,
            pct_whole(g.shrinkage),
            pct_whole(g.effectiveness),
            escape(&sc.currency),
            thousands(g.cost_per_h, 2)
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>");
    let unstaffed = unstaffed_hours(sc).iter().filter(|u| **u).count();
    let _ = writeln!(
        o,
        "<p><strong>Staffing.</strong> {} paid agent-hours a week; nobody is on shift for {unstaffed} of the {WEEK_H} hours of the week.</p>",
        thousands(agent_hours, 0)
    );

    // Policies.
    let max_age = match sc.policy.max_age_min {
        Some(m) => format!(
            "mentions older than {} are dropped unanswered",
            minutes_in_words(m)
        ),
        None => "no mention is too old to answer".to_string(),
    };
    let abandon = if sc.policy.answer_after_abandon {
        "customers who ran out of patience are still answered (answer-after-abandon on)"
    } else {
        "mentions of customers who ran out of patience are dropped (answer-after-abandon off)"
    };
    let bot = match &sc.bot {
        Some(b) => format!(
            "a bot replies after {}, hands {} over to agents, its own answers are effective {} of the time, at {} {} a mention",
            minutes_in_words(b.delay_min),
            pct_whole(b.handover),
            pct_whole(b.effectiveness),
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

/// The KPI table: each KPI by its label, with its identifier in the data files, mean ±
/// 95% CI half-width and the interval, by section; money over `period_min`.
pub(crate) fn kpi_table(results: &RunResults, currency: &str, period_min: f64) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section id=\"kpis\">\n<h2>Key performance indicators</h2>\n<p>Mean over {} with the half-width of its 95% confidence interval (Student t), measured over {}; money {}. The identifiers are the KPIs' names in the data files (<code>summary.json</code>, <code>replications.csv</code>, <code>kpis.json</code>).</p>\n<table class=\"kpis\">\n<thead><tr><th>KPI</th><th>mean</th><th>± 95% CI</th><th>95% CI</th><th>meaning</th><th>identifier</th></tr></thead>\n<tbody>",
        plural(results.replication_count as u64, "replication"),
        crate::format::span(period_min),
        crate::format::PER_WEEK
    );
    let mut previous: Option<&str> = None;
    for (name, s) in results.kpi_names.iter().zip(&results.summary) {
        let opens = section(previous, name);
        previous = Some(name);
        if let Some(title) = opens {
            let _ = writeln!(
                o,
                "<tr class=\"section\"><th colspan=\"6\">{title}</th></tr>"
            );
        }
        let k = unit_of(name);
        // Money per week, as everywhere (the mean's own cell says so).
        let f = if k == Unit::Money {
            crate::format::per_week(period_min)
        } else {
            1.0
        };
        let range = if s.ci95_low.is_finite() && s.ci95_high.is_finite() {
            format!(
                "{} – {}",
                fmt_mean(k, s.ci95_low * f, s.half_width() * f, currency),
                fmt_mean(k, s.ci95_high * f, s.half_width() * f, currency)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&crate::kpi::label_of(name)),
            escape(&fmt_mean_per(
                k,
                s.mean,
                s.half_width(),
                currency,
                period_min
            )),
            escape(&fmt_half(k, s.half_width() * f)),
            escape(&range),
            escape(&meaning(name)),
            escape(name)
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</section>");
    o
}

/// The banner at the top of the page: whether the plan is sustainable, in plain words,
/// with the measurements behind it; red when it is not, so the KPIs are read knowing it.
pub(crate) fn sustainability_banner(s: &Sustainability) -> String {
    let class = match s.verdict {
        Verdict::Sustainable => "ok",
        Verdict::Unsustainable { .. } => "bad",
        Verdict::NotAssessed { .. } => "unknown",
    };
    let mut o = format!(
        "<section id=\"sustainability\" class=\"sustain {class}\" role=\"status\">\n<p class=\"verdict\">{}</p>\n",
        escape(&s.headline())
    );
    if let Some(details) = s.details() {
        let _ = writeln!(o, "<p class=\"details\">{}</p>", escape(&details));
    }
    o.push_str("</section>\n");
    o
}

/// The cards under the answer, in this order: the service level, the cost over the
/// measured period ("per week"), the recommend rate and the tail (the 90th percentile of
/// the first reply: the median hides the customers who wait longest).
pub(crate) const RUN_CARDS: [&str; 4] = [
    "answered_within_30m",
    "cost_total",
    "recommend_rate",
    "frt_p90_min",
];

/// The answer a run report opens with: one sentence per target when the scenario sets
/// targets, otherwise one sentence on the plan's service, cost and sustainability; an
/// unsustainable plan is said so either way.
pub(crate) fn answer(
    sc: &Scenario,
    results: &RunResults,
    verdicts: Option<&Verdicts>,
    sustain: &Sustainability,
) -> String {
    let period_min = crate::kpi::measured_min(sc);
    let mean = |k: &str| results.kpi(&crate::kpi::in_scenario(k, sc)).map(|s| s.mean);
    let mut sentences: Vec<String> = Vec::new();
    match verdicts {
        Some(v) => {
            let overall = super::verdicts::overall(v);
            sentences.push(format!(
                "{} The plan {}.",
                super::verdicts::badge(overall),
                escape(&v.headline())
            ));
            for item in &v.items {
                sentences.push(format!(
                    "{} {}.",
                    super::verdicts::badge(item.status),
                    escape(&crate::format::capitalise(&item.sentence))
                ));
            }
        }
        None => {
            let mut parts = Vec::new();
            if let Some(x) = mean("answered_within_30m") {
                parts.push(format!(
                    "answers {} of mentions within 30 min",
                    crate::format::pct(x)
                ));
            }
            if let Some(x) = mean("frt_p90_min").filter(|x| x.is_finite()) {
                parts.push(format!(
                    "1 customer in 10 waits longer than {} for a first reply",
                    crate::format::human_minutes(x)
                ));
            }
            if let Some(x) = mean("cost_total") {
                parts.push(format!(
                    "costs {}",
                    fmt_value_per(Unit::Money, x, &sc.currency, period_min)
                ));
            }
            let what = if parts.is_empty() {
                "ran".to_string()
            } else {
                parts.join(", ")
            };
            sentences.push(escape(&format!(
                "The plan {what}; the scenario sets no targets, so there is no verdict on them."
            )));
        }
    }
    if matches!(sustain.verdict, Verdict::Unsustainable { .. }) {
        sentences.push(format!(
            "<strong>{}.</strong>",
            escape(&crate::format::capitalise(&sustain.headline()))
        ));
    }
    let mut o = String::from("<section id=\"answer\" class=\"answer\" role=\"status\">\n");
    for s in &sentences {
        let _ = writeln!(o, "<p class=\"verdict\">{s}</p>");
    }
    o.push_str("</section>\n");
    o
}

/// The cards ([`RUN_CARDS`]): each KPI's mean as the interval allows, its label and the
/// half-width; money over `period_min`, saying the period.
pub(crate) fn cards(sc: &Scenario, results: &RunResults, period_min: f64) -> String {
    let mut o = String::from("<ul class=\"glance\">\n");
    for k in RUN_CARDS {
        let k = &crate::kpi::in_scenario(k, sc);
        if let Some(s) = results.kpi(k) {
            let kind = unit_of(k);
            let scale = match kind {
                Unit::Money => crate::format::per_week(period_min),
                _ => 1.0,
            };
            let (mean, half) = (s.mean * scale, s.half_width() * scale);
            let value = if kind == Unit::Minutes && mean >= 60.0 {
                crate::format::human_minutes(mean)
            } else {
                fmt_mean(kind, mean, half, &sc.currency)
            };
            // Money says its period in the label ("Total cost per week"), not beside
            // the number, so the card's value stays on one line; its half-width says
            // the currency.
            let label = match kind {
                Unit::Money => {
                    format!("{} {}", crate::kpi::label_of(k), crate::format::PER_WEEK)
                }
                _ => crate::kpi::label_of(k),
            };
            let half = match (kind, fmt_half(kind, half)) {
                (_, h) if h.is_empty() => "the same in every replication".to_string(),
                (Unit::Minutes, h) => format!("{h} min"),
                (Unit::Money, h) => h.replacen("± ", &format!("± {} ", sc.currency), 1),
                (_, h) => h,
            };
            let _ = writeln!(
                o,
                "<li><span class=\"v\">{}</span><span class=\"k\">{} ({})</span></li>",
                escape(&value),
                escape(&label),
                escape(&half)
            );
        }
    }
    o.push_str("</ul>\n");
    o
}

/// The whole page, the answer first: a sentence per target (or one on the plan), the
/// cards, then the targets in detail, the sustainability banner, the scenario, the charts
/// and the KPI table.
pub(crate) fn page(
    sc: &Scenario,
    results: &RunResults,
    charts: &[Chart],
    verdicts: Option<&Verdicts>,
) -> String {
    let mut o =
        String::with_capacity(64 * 1024 + charts.iter().map(|c| c.svg.len()).sum::<usize>());

    let verdicts = verdicts.filter(|v| !v.is_empty());
    let sustain = crate::sustain::assess(sc, results);
    let period_min = crate::kpi::measured_min(sc);
    o.push_str(&answer(sc, results, verdicts, &sustain));
    o.push_str(&cards(sc, results, period_min));
    if let Some(v) = verdicts {
        o.push_str(&super::verdicts::section(v, &sc.currency));
    }
    o.push_str(&sustainability_banner(&sustain));

    o.push_str(&scenario_section(sc));
    let no_distribution = if charts.iter().any(|c| c.name == "response-times") {
        ""
    } else {
        "<p>No response-time distribution: this results folder has no <code>distributions.csv</code> (it was written by an older carecast).</p>\n"
    };
    o.push_str(&charts_section(charts, "", no_distribution));
    o.push_str(&kpi_table(results, &sc.currency, period_min));
    Page {
        title: &format!("carecast report: {}", results.scenario),
        facts: &format!(
            "{} · seed {} · mean ± 95% confidence half-width over replications",
            plural(results.replication_count as u64, "replication"),
            results.seed
        ),
        source: "the results folder of this run",
        more: "<code>carecast run scenario.toml</code> in that folder reproduces the run bit for bit. The KPIs are defined in the README's KPI glossary.",
        css: if verdicts.is_some() {
            super::verdicts::CSS
        } else {
            ""
        },
    }
    .render(&o)
}
