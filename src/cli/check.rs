//! `carecast check`: validate a scenario file and say what it describes.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::common::{CmdResult, SetOpts};

/// Options of `carecast check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Scenario file (TOML), `-` for standard input. Default: the built-in retail-week
    /// scenario.
    pub(crate) scenario: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) set: SetOpts,
}

/// Runs `carecast check`.
pub(crate) fn run(args: CheckArgs, out: &mut dyn Write) -> CmdResult {
    let sc = super::run::load(args.scenario.as_ref(), &args.set.set)?;
    let shown = args.scenario.as_ref().map_or_else(
        || "<built-in retail-week>".to_string(),
        |p| {
            if p.as_os_str() == carecast::scenario::STDIN {
                "<stdin>".to_string()
            } else {
                p.display().to_string()
            }
        },
    );
    let peak = sc.arrivals.profile.iter().cloned().fold(0.0, f64::max) * sc.arrivals.rate_per_h;
    writeln!(out, "{shown}: valid.")?;
    writeln!(
        out,
        "  {}",
        if sc.description.is_empty() {
            &sc.name
        } else {
            &sc.description
        }
    )?;
    writeln!(
        out,
        "  horizon {:.1} days, {} replications, seed {}; arrivals {:.0}/h on average, {:.0}/h at the weekly peak",
        sc.horizon_min / 1440.0,
        sc.replications,
        sc.seed,
        sc.arrivals.rate_per_h,
        peak
    )?;
    writeln!(
        out,
        "  measured: {} after a warm-up of {}, followed up to {} past the horizon; service levels at {}",
        carecast::format::span(sc.horizon_min - sc.warmup_min),
        carecast::format::span(sc.warmup_min),
        carecast::format::span(sc.follow_up_min),
        sc.service_levels_min
            .iter()
            .map(|&t| carecast::format::human_minutes(t))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    for note in sc.measurement_notes() {
        writeln!(out, "  note: {note}")?;
    }
    for inc in &sc.arrivals.incidents {
        writeln!(
            out,
            "  incident `{}`: x{} from {:.1} h to {:.1} h",
            inc.name,
            inc.multiplier,
            inc.start_min / 60.0,
            inc.end_min / 60.0
        )?;
    }
    for g in &sc.groups {
        let weekly_h: f64 = g.shifts.iter().map(|(s, e)| e - s).sum::<f64>() / 60.0;
        writeln!(
            out,
            "  group `{}`: {} agents, {:.0} h/week each, concurrency {}, shrinkage {:.0}%, {} {}/h",
            g.name,
            g.agents,
            weekly_h,
            g.concurrency,
            g.shrinkage * 100.0,
            sc.currency,
            g.cost_per_h
        )?;
    }
    Ok(())
}
