//! The human-readable rendering of a report: the inputs, the results block for one number
//! of agents and the staffing table (with the shared-attention model's own measures when
//! it is used).

use super::format::{fmt_minutes, fmt_wait, num, pct, trim_fixed};
use super::{Efficiency, Evaluation, InputSummary, Metrics, Model, Rate, Report, SlMeasure};

/// One `label value note` line of the results block.
fn line(out: &mut String, label: &str, value: &str, note: &str) {
    let text = format!("  {label:<26} {value:>12}  {note}");
    out.push_str(text.trim_end());
    out.push('\n');
}

/// The human-readable rendering of a report.
pub fn render(r: &Report) -> String {
    let i = &r.inputs;
    let t = fmt_minutes(i.target_min);
    let mut out = format!(
        "carecast erlang · {} · {}\n{}\n",
        r.model.name(),
        if r.rows.is_some() {
            "staffing"
        } else {
            "one staffing level"
        },
        r.assumptions
    );
    if let Some(a) = &r.approximation {
        out.push_str(a);
        out.push('\n');
    }
    out.push('\n');
    line(
        &mut out,
        "arrivals",
        &Rate::per_minute(i.arrivals_per_min).to_string(),
        &format!("= {}/min", num(i.arrivals_per_min)),
    );
    let shared = r.model == Model::ErlangChat;
    if shared {
        line(
            &mut out,
            "mean handle time",
            &fmt_minutes(i.handle_min),
            "one conversation held alone, taken to reply (one reply each)",
        );
        line(
            &mut out,
            "conversations per agent",
            &i.concurrency.to_string(),
            &efficiency_note(i),
        );
    } else {
        line(
            &mut out,
            "mean handle time",
            &fmt_minutes(i.handle_min),
            "whole conversation, first reply to last",
        );
        let reply_note = if i.first_reply_given {
            "time to write the first reply".to_string()
        } else {
            "default: the handle time (one reply per conversation); set with --first-reply".into()
        };
        line(
            &mut out,
            "mean first-reply time",
            &fmt_minutes(i.first_reply_min),
            &reply_note,
        );
    }
    if i.concurrency > 1 && !shared {
        line(
            &mut out,
            "conversations per agent",
            &i.concurrency.to_string(),
            &format!(
                "each slot {} per conversation, {} to the first reply (penalty {})",
                fmt_minutes(i.slot_handle_min),
                fmt_minutes(i.slot_first_reply_min),
                num(i.penalty)
            ),
        );
    }
    if let Some(p) = i.patience_min {
        line(&mut out, "mean patience", &fmt_minutes(p), "");
    }
    line(&mut out, "service-level threshold", &t, "");
    let load_note = if shared {
        format!(
            "arrivals x handle; at {} conversations each (efficiency {}), {} agents' worth",
            i.concurrency,
            trim_fixed(
                i.efficiency
                    .as_deref()
                    .and_then(<[f64]>::last)
                    .copied()
                    .unwrap_or(1.0),
                3
            ),
            num(i.agent_load)
        )
    } else if i.concurrency > 1 {
        format!(
            "arrivals x handle; at concurrency {1} with the slowdown, {0} agents' worth",
            num(i.agent_load),
            i.concurrency
        )
    } else {
        "arrivals x handle: agents busy on average".into()
    };
    line(
        &mut out,
        "offered load",
        &format!("{} Erlangs", num(i.offered_load)),
        &load_note,
    );

    if let Some(targets) = &r.targets {
        let mut goals = Vec::new();
        if let Some(s) = targets.service_level {
            let what = match targets.sl_measure {
                SlMeasure::Answered => "first reply posted",
                SlMeasure::Taken => "taken by an agent; the reply may come later",
            };
            goals.push(format!(
                "≥ {}% {} within {t} ({what}; --sl-measure {})",
                num(100.0 * s),
                targets.sl_measure.name(),
                targets.sl_measure.name()
            ));
        }
        if let Some(a) = targets.max_abandon {
            goals.push(format!("≤ {}% abandon", num(100.0 * a)));
        }
        out.push_str(&format!("\ntargets: {}\n", goals.join(", ")));
    }

    let abandons = i.patience_min.is_some();
    if let Some(e) = &r.result {
        out.push('\n');
        if shared {
            render_single_shared(&mut out, abandons, e, &t);
        } else {
            render_single(&mut out, r.model, e, &t);
        }
    }

    if let (Some(needed), Some(rows)) = (r.agents_needed, &r.rows) {
        out.push_str(&format!("\nagents needed: {needed}\n\n"));
        if shared {
            render_table_shared(&mut out, abandons, needed, rows, &t);
        } else {
            render_table(&mut out, r.model, needed, rows, &t);
        }
    }
    out
}

/// The note on the efficiency table of the shared-attention model.
fn efficiency_note(i: &InputSummary) -> String {
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| trim_fixed(*x, 3))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let from = match &i.efficiency_from {
        Some(Efficiency::Given(_)) => "--efficiency".to_string(),
        Some(Efficiency::HandleFactors(h)) => format!("--handle-factor {}", list(h)),
        _ => format!("--penalty {}", num(i.penalty)),
    };
    let held: Vec<String> = (1..=i.concurrency).map(|j| j.to_string()).collect();
    format!(
        "shared attention: holding {} an agent does {} times the work of one (from {from})",
        held.join(", "),
        list(i.efficiency.as_deref().unwrap_or_default()),
    )
}

/// The lines on waiting common to every model: P(wait ≤ t) when customers abandon,
/// P(abandon) when known, and the mean queue.
fn waiting_lines(out: &mut String, m: &Metrics, t: &str, abandons: bool) {
    if abandons {
        line(
            out,
            &format!("P(wait ≤ {t})"),
            &pct(m.wait_within),
            "all arrivals; abandoners count at their time in queue",
        );
    }
    if let Some(p) = m.p_abandon {
        line(
            out,
            "P(abandon)",
            &pct(p),
            "share of arrivals who give up waiting",
        );
    }
    line(
        out,
        "mean queue",
        &trim_fixed(m.mean_queue, 2),
        "conversations waiting on average",
    );
}

/// The results block for one number of agents under shared attention.
fn render_single_shared(out: &mut String, abandons: bool, e: &Evaluation, t: &str) {
    let k = e.servers / e.agents.max(1);
    line(
        out,
        "agents",
        &e.agents.to_string(),
        &format!("up to {k} conversations each"),
    );
    let Some(m) = &e.metrics else {
        line(out, "", "unstable", "the queue grows without bound");
        if let Some(meets) = e.meets {
            line(out, "meets targets", if meets { "yes" } else { "no" }, "");
        }
        return;
    };
    line(
        out,
        "occupancy",
        &pct(m.occupancy),
        "agents holding at least one conversation, as the simulator's occupancy",
    );
    if let Some(s) = &m.shared {
        line(
            out,
            "slots in use",
            &pct(s.slot_utilisation),
            &format!("conversations held / (agents x {k}), as slot_utilisation"),
        );
        line(
            out,
            "held per busy agent",
            &trim_fixed(s.conversations_per_busy_agent, 2),
            "conversations, on average while holding any",
        );
    }
    line(
        out,
        "P(wait > 0)",
        &pct(m.p_wait_pos),
        "share of arrivals who find every agent full",
    );
    let (wait_note, missed) = if abandons {
        (
            "over all arrivals, abandoners at their time in queue",
            "; abandoners missed",
        )
    } else {
        ("over all arrivals", "")
    };
    line(out, "mean wait", &fmt_wait(m.mean_wait_min), wait_note);
    line(
        out,
        &format!("taken within {t}"),
        &pct(m.taken_within),
        &format!("queue wait ≤ {t}: an agent took it{missed}"),
    );
    waiting_lines(out, m, t, abandons);
    if let Some(s) = &m.shared {
        line(
            out,
            "time taken to reply",
            &fmt_wait(s.mean_time_in_service_min),
            "mean, from an agent taking it to the reply",
        );
        line(
            out,
            "replies",
            &format!("{}/h", trim_fixed(s.throughput_per_h, 1)),
            &format!("exact Markov chain of {} load states", s.states),
        );
    }
    line(
        out,
        &format!("answered within {t}"),
        "n/a",
        "not computed under shared attention",
    );
    if let Some(meets) = e.meets {
        line(out, "meets targets", if meets { "yes" } else { "no" }, "");
    }
}

/// The staffing table under shared attention.
fn render_table_shared(
    out: &mut String,
    abandons: bool,
    needed: u32,
    rows: &[Evaluation],
    t: &str,
) {
    let taken = format!("taken in {t}");
    let mut header = vec![
        "agents",
        "occupancy",
        "slots in use",
        "P(wait>0)",
        "mean wait",
        taken.as_str(),
    ];
    if abandons {
        header.push("P(abandon)");
    }
    header.push("meets");
    let mut cells: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for e in rows {
        let mut row = vec![e.agents.to_string()];
        match &e.metrics {
            Some(m) => {
                row.push(pct(m.occupancy));
                row.push(
                    m.shared
                        .map_or_else(|| "-".into(), |s| pct(s.slot_utilisation)),
                );
                row.push(pct(m.p_wait_pos));
                row.push(fmt_wait(m.mean_wait_min));
                row.push(pct(m.taken_within));
                if abandons {
                    row.push(m.p_abandon.map_or_else(|| "-".into(), pct));
                }
            }
            None => {
                row.push("unstable".into());
                row.resize(header.len() - 1, "-".into());
            }
        }
        let mut meets = if e.meets == Some(true) { "yes" } else { "no" }.to_string();
        if e.agents == needed {
            meets.push_str("  ← fewest");
        }
        row.push(meets);
        cells.push(row);
    }
    table(out, &cells);
    let missed = if abandons {
        "; abandoners count as missed"
    } else {
        ""
    };
    out.push_str(&format!(
        "\n{taken}: share of all arrivals an agent takes within {t} (queue wait ≤ {t}){missed}\n\
         occupancy: agents holding at least one conversation (the simulator's occupancy); slots \
         in use: conversations held / (agents x conversations per agent), its slot_utilisation\n\
         answered within {t} is not computed under shared attention (the time to the reply \
         depends on the loads while it is written)\n"
    ));
}

/// Right-aligned columns, the last one left as is.
fn table(out: &mut String, cells: &[Vec<String>]) {
    let columns = cells.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns.saturating_sub(1))
        .map(|k| {
            cells
                .iter()
                .map(|r| r.get(k).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in cells {
        let mut text = String::from(" ");
        for (k, w) in widths.iter().enumerate() {
            let cell = row.get(k).map_or("", String::as_str);
            text.push_str(&format!(" {:>w$}", cell, w = w + 1));
        }
        text.push_str(&format!("  {}", row.last().map_or("", String::as_str)));
        out.push_str(text.trim_end());
        out.push('\n');
    }
}

/// The results block for one number of agents.
fn render_single(out: &mut String, model: Model, e: &Evaluation, t: &str) {
    let agents_note = if e.servers != e.agents {
        format!("{} conversation slots", e.servers)
    } else {
        String::new()
    };
    line(out, "agents", &e.agents.to_string(), &agents_note);
    let Some(m) = &e.metrics else {
        line(out, "", "unstable", "the queue grows without bound");
        if let Some(meets) = e.meets {
            line(out, "meets targets", if meets { "yes" } else { "no" }, "");
        }
        return;
    };
    let occupancy_note = if e.servers != e.agents {
        "share of conversation-slot time in use"
    } else {
        "share of agent time spent handling"
    };
    line(out, "occupancy", &pct(m.occupancy), occupancy_note);
    line(
        out,
        "P(wait > 0)",
        &pct(m.p_wait_pos),
        "share of arrivals who wait at all",
    );
    let wait_note = match model {
        Model::ErlangA | Model::ErlangChat => {
            "over all arrivals, abandoners at their time in queue"
        }
        Model::ErlangC => "over all arrivals",
    };
    line(out, "mean wait", &fmt_wait(m.mean_wait_min), wait_note);
    let missed = match model {
        Model::ErlangA | Model::ErlangChat => "; abandoners missed",
        Model::ErlangC => "",
    };
    line(
        out,
        &format!("taken within {t}"),
        &pct(m.taken_within),
        &format!("queue wait ≤ {t}: an agent took it{missed}"),
    );
    line(
        out,
        &format!("answered within {t}"),
        &m.answered_within.map_or_else(|| "n/a".into(), pct),
        &format!("wait + first reply ≤ {t}: reply posted{missed}"),
    );
    waiting_lines(out, m, t, model == Model::ErlangA);
    if let Some(meets) = e.meets {
        line(out, "meets targets", if meets { "yes" } else { "no" }, "");
    }
}

/// The staffing table.
fn render_table(out: &mut String, model: Model, needed: u32, rows: &[Evaluation], t: &str) {
    const COLUMNS: usize = 8;
    let taken = format!("taken in {t}");
    let answered = format!("answered in {t}");
    let header = [
        "agents",
        "occupancy",
        "P(wait>0)",
        "mean wait",
        taken.as_str(),
        answered.as_str(),
        "P(abandon)",
        "meets",
    ];
    let mut cells: Vec<[String; COLUMNS]> = vec![header.map(String::from)];
    for e in rows {
        let mut row: [String; COLUMNS] = Default::default();
        row[0] = e.agents.to_string();
        match &e.metrics {
            Some(m) => {
                row[1] = pct(m.occupancy);
                row[2] = pct(m.p_wait_pos);
                row[3] = fmt_wait(m.mean_wait_min);
                row[4] = pct(m.taken_within);
                row[5] = m.answered_within.map_or_else(|| "n/a".into(), pct);
                row[6] = m.p_abandon.map_or_else(|| "-".into(), pct);
            }
            None => {
                row[1] = "unstable".into();
                for cell in &mut row[2..COLUMNS - 1] {
                    *cell = "-".into();
                }
            }
        }
        let last = COLUMNS - 1;
        row[last] = if e.meets == Some(true) { "yes" } else { "no" }.into();
        if e.agents == needed {
            row[last].push_str("  ← fewest");
        }
        cells.push(row);
    }
    let widths: Vec<usize> = (0..COLUMNS - 1)
        .map(|k| {
            cells
                .iter()
                .map(|r| r[k].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &cells {
        let mut text = String::from(" ");
        for (k, w) in widths.iter().enumerate() {
            text.push_str(&format!(" {:>w$}", row[k], w = w + 1));
        }
        text.push_str(&format!("  {}", row[COLUMNS - 1]));
        out.push_str(text.trim_end());
        out.push('\n');
    }
    let missed = match model {
        Model::ErlangA | Model::ErlangChat => "; abandoners count as missed",
        Model::ErlangC => "",
    };
    out.push_str(&format!(
        "\n{taken}: share of all arrivals an agent takes within {t} (queue wait ≤ {t}){missed}\n\
         {answered}: share of all arrivals whose first reply is posted within {t} (queue wait + \
         first-reply time ≤ {t}){missed}\n"
    ));
}
