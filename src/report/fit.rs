//! The report of `carecast fit`: what was fitted and how well, the observed first
//! responses against a simulation of the fitted scenario with the verdict, the incidents,
//! the fitted distributions, and the charts (the fitted week with its band over the
//! observed one, observed against simulated response times), in the shared page shell.

use std::fmt::Write as _;

use super::charts::{Band, FittedWeek, ResponseFit, fitted_week, response_fit};
use super::page::{Page, charts_section, escape};
use super::{Report, ReportError};
use crate::fit::response::{Comparison, MEASURES};
use crate::fit::{Fit, Observed};
use crate::format::{fmt_value, pct, weekday_label};
use crate::kpi::Unit;

/// Renders the charts and the page of a fit of the history `source`, in memory.
pub(super) fn build(
    fit: &Fit,
    comparison: Option<&Comparison>,
    source: &str,
) -> Result<Report, ReportError> {
    let p = &fit.profile;
    let mut charts = vec![fitted_week(
        &FittedWeek {
            title: "The week: fitted profile against the history".into(),
            fitted: Band {
                mean: p.multipliers.clone(),
                low: p.low.clone(),
                high: p.high.clone(),
            },
            observed: p.observed.clone(),
        },
        format!(
            "Mentions per hour of the week as a multiple of the mean rate ({:.1} per hour outside incidents): observed (dots), fitted and smoothed (line) with its 95% band (shaded).",
            p.rate_per_h
        ),
    )?];
    if let Some(c) = comparison {
        charts.push(response_fit(
            &ResponseFit {
                title: "First replies: the history against the fitted scenario".into(),
                minutes: c.cdf.minutes.clone(),
                observed: c.cdf.observed.clone(),
                simulated: Band {
                    mean: c.cdf.simulated.clone(),
                    low: c.cdf.low.clone(),
                    high: c.cdf.high.clone(),
                },
            },
            format!(
                "Share of the answered mentions with their first reply within the time: the history's, and over {} simulated histories of the fitted scenario, whose staffing is a guess.",
                c.replications
            ),
        )?);
    }
    let mut o = String::new();
    let _ = writeln!(o, "<section id=\"fitted\">\n<h2>What was fitted</h2>\n<ul>");
    for line in fit.summary() {
        let _ = writeln!(o, "<li>{}</li>", escape(line.trim()));
    }
    o.push_str("</ul>\n</section>\n");
    o.push_str(&response_section(fit, comparison));
    o.push_str(&incidents_section(fit));
    o.push_str(&distributions_section(&fit.observed));
    o.push_str(&charts_section(&charts, "", ""));
    let o_ = &fit.observed;
    let html = Page {
        title: &format!("carecast fit: {source}"),
        facts: &format!(
            "{} mentions over {} days from {}",
            o_.rows,
            o_.days,
            crate::history::time::civil_of_days(o_.first_day)
        ),
        source: &format!("the history <code>{}</code>", escape(source)),
        more: "The fitted scenario is beside this folder; its behaviour, costs and staffing are the built-in example's: edit them.",
        css: "",
    }
    .render(&o);
    Ok(Report { charts, html })
}

fn response_section(fit: &Fit, comparison: Option<&Comparison>) -> String {
    let mut o = String::from(
        "<section id=\"response\">\n<h2>First replies: the history against the fitted scenario</h2>\n",
    );
    let Some(c) = comparison else {
        let why = if fit.observed.response_s.is_some() {
            "Not simulated (<code>--no-simulate</code>), or no mention of the history has a first reply."
        } else {
            "The history has no first-reply column: nothing to compare."
        };
        let _ = writeln!(o, "<p>{why}</p>\n</section>");
        return o;
    };
    let _ = writeln!(
        o,
        "<div class=\"answer\"><p class=\"verdict\">{}</p></div>\n<p class=\"note\">Times are the first replies of the mentions that got one ({} of {} in the history; in the simulation, every mention answered before the run ended). Mentions never answered count only in “answered at all”. {} simulated histories (seed {}), each as long as the history.</p>",
        escape(&c.sentence()),
        c.observed_answered,
        c.observed_mentions,
        c.replications,
        c.seed
    );
    o.push_str("<table>\n<thead><tr><th></th><th class=\"num\">observed</th><th class=\"num\">simulated</th><th class=\"num\">95% CI of the mean</th><th class=\"num\">one simulated history (95%)</th><th></th></tr></thead>\n<tbody>\n");
    for (r, &(_, _, unit)) in c.rows.iter().zip(&MEASURES) {
        let v = |x: f64| fmt_value(unit, x, "");
        let e = &r.simulated;
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td><td class=\"num\">{} to {}</td><td>{}</td></tr>",
            escape(r.label),
            v(r.observed),
            v(e.mean),
            v(e.ci95[0]),
            v(e.ci95[1]),
            v(e.range95[0]),
            v(e.range95[1]),
            if r.inside { "" } else { "observed outside" }
        );
    }
    o.push_str("</tbody>\n</table>\n</section>\n");
    o
}

fn incidents_section(fit: &Fit) -> String {
    let mut o = String::from("<section id=\"incidents\">\n<h2>Incidents</h2>\n");
    if fit.incidents.is_empty() {
        o.push_str("<p>None found: no run of hours far above the profile.</p>\n</section>\n");
        return o;
    }
    o.push_str("<table>\n<thead><tr><th>#</th><th>day</th><th>start</th><th class=\"num\">hours</th><th class=\"num\">mentions</th><th class=\"num\">expected</th><th class=\"num\">multiplier</th></tr></thead>\n<tbody>\n");
    let start = fit.observed.start_weekday;
    for (i, inc) in fit.incidents.iter().enumerate() {
        let day = inc.start_hour / 24;
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{} (day {})</td><td>{:02}:00</td><td class=\"num\">{}</td><td class=\"num\">{:.0}</td><td class=\"num\">{:.1}</td><td class=\"num\">x{:.2}</td></tr>",
            i + 1,
            weekday_label(start + day),
            day + 1,
            inc.start_hour % 24,
            inc.hours,
            inc.observed,
            inc.expected,
            inc.multiplier()
        );
    }
    o.push_str("</tbody>\n</table>\n<p class=\"note\">Written into the scenario as <code>arrivals.incidents</code>, and left out of the weekly profile.</p>\n</section>\n");
    o
}

fn distributions_section(o: &Observed) -> String {
    let mut s = String::from(
        "<section id=\"distributions\">\n<h2>Fitted distributions</h2>\n<table>\n<thead><tr><th>what</th><th>from the history</th><th>written into the scenario</th></tr></thead>\n<tbody>\n",
    );
    let labels = |ls: &[crate::fit::observe::Label]| {
        let total: u64 = ls.iter().map(|l| l.count).sum::<u64>().max(1);
        ls.iter()
            .map(|l| format!("{} {}", escape(&l.name), pct(l.count as f64 / total as f64)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut row = |what: &str, seen: String, written: &str| {
        let _ = writeln!(
            s,
            "<tr><td>{what}</td><td>{seen}</td><td>{written}</td></tr>"
        );
    };
    if !o.channels.is_empty() {
        row(
            "channels",
            labels(&o.channels),
            "<code>channels</code> shares",
        );
    }
    if !o.classes.is_empty() {
        let private: Vec<String> = o
            .classes
            .iter()
            .filter(|l| l.with_private > 0)
            .map(|l| {
                format!(
                    "{} {}",
                    escape(&l.name),
                    pct(l.private as f64 / l.with_private as f64)
                )
            })
            .collect();
        row("classes", labels(&o.classes), "<code>classes</code> shares");
        if !private.is_empty() {
            row(
                "closed private, by class",
                private.join(", "),
                "<code>classes.private</code>",
            );
        }
    }
    if let Some(h) = &o.followers {
        row(
            "followers",
            format!(
                "median {}, 90th percentile {}, largest {}",
                h.value_at_quantile(0.5),
                h.value_at_quantile(0.9),
                h.max()
            ),
            "<code>customers.followers</code>: lognormal with that median and 90th percentile",
        );
    }
    if let Some(r) = &o.replies {
        let total: u64 = r[1..].iter().sum::<u64>().max(1);
        let shown: Vec<String> = (1..r.len())
            .filter(|&k| r[k] > 0)
            .map(|k| format!("{k}: {}", pct(r[k] as f64 / total as f64)))
            .collect();
        row(
            "agent replies per answered mention",
            shown.join(", "),
            "<code>classes.replies</code> (empirical) of the answered classes",
        );
    }
    if let Some(h) = &o.response_s {
        let m = |q: f64| fmt_value(Unit::Minutes, h.value_at_quantile(q) as f64 / 60.0, "");
        row(
            "first reply of the answered mentions",
            format!(
                "median {}, 80th percentile {}, 90th percentile {}, 95th percentile {}",
                m(0.5),
                m(0.8),
                m(0.9),
                m(0.95)
            ),
            "not written: it follows from staffing (compared above)",
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
    s
}
