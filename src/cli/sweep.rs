//! `carecast sweep`: parameter sweeps, resumable and shardable.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use carecast::sweep::{
    Shard, SweepOptions, SweepResults, SweepRun, SweepSpec, default_dir, display_value,
};

use carecast::format::{PER_WEEK, fmt_value, fmt_value_per, per_week};
use carecast::kpi::unit_of;
use carecast::kpi::{HEADLINE, Unit, label_of, measured_min};
use carecast::sustain::Verdict;

use super::common::{
    CmdResult, Failure, JsonOpts, OutOpts, RepOpts, json_with_folder, progress_bar,
};

/// Options of `carecast sweep`.
#[derive(Debug, Args)]
pub(crate) struct SweepArgs {
    /// Sweep file (TOML), `-` for standard input: base scenario (the built-in default
    /// unless `base` names a file), parameters and design. Results go to `--out`,
    /// default `results/<sweep>/` (`results/<sweep>/shard-K-of-N/` for a shard); a folder
    /// holding this sweep is resumed, one holding anything else is refused.
    pub(crate) sweep: PathBuf,
    /// Resume an interrupted sweep in the output folder (also the default when the folder
    /// holds this sweep's journal): only the missing points are computed.
    #[arg(long)]
    pub(crate) resume: bool,
    /// Run only shard K of N (0-based): the points with `index % N == K`. Merge the N
    /// shard folders with `carecast merge`.
    #[arg(long, value_name = "K/N")]
    pub(crate) shard: Option<Shard>,
    /// When another process is writing into the output folder (it holds the folder's
    /// lock), wait up to this many seconds for it to finish before refusing (default 0:
    /// refuse at once). For a requeued cluster task whose previous run may still be ending.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub(crate) lock_wait: u64,
    #[command(flatten)]
    pub(crate) reps: RepOpts,
    #[command(flatten)]
    pub(crate) out: OutOpts,
    #[command(flatten)]
    pub(crate) json: JsonOpts,
}

/// Largest sweep whose summary table is printed (larger ones: see `points.csv`).
const TABLE_MAX_POINTS: usize = 100;

/// The summary table: one row per point, the parameter values, whether the plan is
/// sustainable ([`carecast::sustain`]), the verdict on its targets (when any point has
/// verdicts: `meets`, `misses N`, `too close`, `?` when unknown) and the headline KPIs
/// ([`HEADLINE`]) by their labels; money with the period it covers.
fn table(results: &SweepResults, spec: &SweepSpec) -> String {
    let m = &results.manifest;
    let points = spec.points();
    let period_of = |index: usize| points.get(index).map(|p| measured_min(&p.scenario));
    // The period and currency every point shares, as in the sweep's `kpis.json`.
    let dictionary = carecast::sweep::dictionary(spec);
    let (common, currency) = (dictionary.period_min, dictionary.currency);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut unsustainable = 0usize;
    let mut header = vec!["point".to_string()];
    header.extend(m.parameters.iter().map(|p| p.name.clone()));
    header.push("Sustainable".to_string());
    let targets = results.has_targets();
    if targets {
        header.push("Targets".to_string());
    }
    header.extend(HEADLINE.iter().map(|k| match (unit_of(k), common) {
        (Unit::Money, Some(_)) => format!("{}, {PER_WEEK}", label_of(k)),
        _ => label_of(k),
    }));
    rows.push(header);
    for p in &results.points {
        let mut row = vec![p.index.to_string()];
        row.extend(m.points[p.index].iter().map(|t| display_value(t)));
        let verdict = p.sustainability().verdict;
        row.push(
            match verdict {
                Verdict::Sustainable => "yes",
                Verdict::Unsustainable { .. } => {
                    unsustainable += 1;
                    "NO"
                }
                Verdict::NotAssessed { .. } => "n/a",
            }
            .to_string(),
        );
        if targets {
            row.push(match &p.targets {
                Some(t) if t.meets_targets => "meets".to_string(),
                Some(t) if t.targets_missed > 0 => format!("misses {}", t.targets_missed),
                Some(_) => "too close".to_string(),
                None => "?".to_string(),
            });
        }
        for k in HEADLINE {
            let unit = unit_of(k);
            row.push(match (p.kpi(k), common, period_of(p.index)) {
                (Some(s), None, Some(period_min)) => {
                    fmt_value_per(unit, s.mean, &currency, period_min)
                }
                // The header says the period: money per week.
                (Some(s), Some(period_min), _) if unit == Unit::Money => {
                    fmt_value(unit, s.mean * per_week(period_min), &currency)
                }
                (Some(s), _, _) => fmt_value(unit, s.mean, &currency),
                (None, _, _) => "n/a".into(),
            });
        }
        rows.push(row);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:>w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    if unsustainable > 0 {
        out.push_str(&format!(
            "\n{unsustainable} of {} points unsustainable (NO): their backlog grows or never empties, so their KPIs depend on how long the run was; the reasons are in sweep.json\n",
            results.points.len()
        ));
    }
    out
}

/// The cheapest point meeting every target, with its values and total cost, or that
/// none does (empty when no point has verdicts).
fn cheapest_line(results: &SweepResults, spec: &SweepSpec) -> String {
    if !results.has_targets() {
        return String::new();
    }
    let unknown = results
        .points
        .iter()
        .filter(|p| p.targets.is_none())
        .count();
    let unknown = match unknown {
        0 => String::new(),
        n => format!(" ({n} point(s) journaled before verdicts were: unknown)"),
    };
    let Some(index) = results.cheapest_meeting_targets() else {
        return format!("no point meets every target{unknown}\n");
    };
    let cost = results
        .points
        .iter()
        .find(|p| p.index == index)
        .and_then(|p| p.kpi("cost_total"))
        .map_or(f64::NAN, |s| s.mean);
    let dictionary = carecast::sweep::dictionary(spec);
    let period_min = spec
        .points()
        .get(index)
        .map_or(f64::NAN, |p| measured_min(&p.scenario));
    let meeting = results
        .points
        .iter()
        .filter(|p| p.targets.as_ref().is_some_and(|t| t.meets_targets))
        .count();
    let m = &results.manifest;
    let values: Vec<String> = m
        .parameters
        .iter()
        .zip(m.points.get(index).into_iter().flatten())
        .map(|(p, v)| format!("{} = {}", p.name, display_value(v)))
        .collect();
    format!(
        "cheapest point meeting every target: point {index} ({}), {}; {meeting} of {} points meet every target{unknown}\n",
        values.join(", "),
        fmt_value_per(Unit::Money, cost, &dictionary.currency, period_min),
        results.points.len()
    )
}

/// Runs `carecast sweep`.
/// The budget of every point before any compute ([`carecast::budget`]): a point whose
/// replications would hold too much memory refuses the sweep (exit 2); the points whose
/// replications will be stopped as overloaded are counted in one warning.
fn check_points(spec: &SweepSpec, threads: usize) -> Result<(), Failure> {
    let mut overloading = Vec::new();
    for point in spec.points() {
        let budget = carecast::budget::Budget::of(&point.scenario);
        budget
            .check(threads)
            .map_err(|m| Failure::Input(anyhow::anyhow!("sweep point {}: {m}", point.index)))?;
        if budget.overloads() {
            overloading.push((point.index, budget));
        }
    }
    if let Some((first, budget)) = overloading.first() {
        eprintln!(
            "warning: {} of {} sweep points will have their replications stopped as overloaded (their KPIs are not reported); point {first}: {}",
            overloading.len(),
            spec.points().len(),
            budget.warning().unwrap_or_default()
        );
    }
    Ok(())
}

pub(crate) fn run(args: SweepArgs, out: &mut dyn Write) -> CmdResult {
    let spec = SweepSpec::load(&args.sweep)?.with_run(args.reps.seed, args.reps.reps);
    let quiet = args.out.quiet;
    let dir = args
        .out
        .out
        .clone()
        .unwrap_or_else(|| default_dir(&spec.name, args.shard));
    let options = SweepOptions {
        out: Some(dir.clone()),
        shard: args.shard,
    };
    let pool = args.out.threads.pool().map_err(Failure::Other)?;
    check_points(&spec, pool.current_num_threads())?;
    let wait = std::time::Duration::from_secs(args.lock_wait);
    let run = SweepRun::open_waiting(&spec, &options, wait)?;
    if let Some(why) = run.lock_warning() {
        writeln!(
            std::io::stderr().lock(),
            "warning: cannot lock `{}` ({why}): nothing keeps a second sweep from writing into it at the same time",
            dir.display()
        )?;
    }
    if !quiet {
        let mut err = std::io::stderr().lock();
        if args.resume && !run.resumed() {
            writeln!(
                err,
                "nothing to resume in `{}`: starting the sweep",
                dir.display()
            )?;
        } else if run.resumed() && run.pending() > 0 {
            writeln!(
                err,
                "resuming sweep `{}` in `{}`: {} of {} points done{}",
                spec.name,
                dir.display(),
                run.done(),
                run.total(),
                match run.dropped_lines() {
                    0 => String::new(),
                    n => format!(" ({n} torn or invalid journal line(s) dropped)"),
                }
            )?;
        }
    }
    let prefix = match args.shard {
        Some(s) => format!("{} {s}", spec.name),
        None => spec.name.clone(),
    };
    let bar = progress_bar(run.total() as u64, &prefix, quiet, "points");
    bar.set_position(run.done() as u64);
    bar.reset_eta();
    let started = std::time::Instant::now();
    let results = pool.install(|| run.execute(&|| bar.inc(1)))?;
    bar.finish_and_clear();
    let report = if args.out.report && args.shard.is_none() && results.is_complete() {
        let paths = carecast::report::render_sweep(&dir)
            .with_context(|| format!("cannot write the report into `{}`", dir.display()))
            .map_err(Failure::Other)?;
        Some(paths.html)
    } else {
        None
    };
    if args.json.json {
        // The sweep's results as `sweep.json` holds them (a shard's points for a shard,
        // whose folder holds no `sweep.json`), with the folder first.
        let value: serde_json::Value = serde_json::from_str(&results.sweep_json())?;
        writeln!(out, "{}", json_with_folder(&value, &dir)?)?;
        return Ok(());
    }
    if quiet {
        return Ok(());
    }
    let what = match args.shard {
        Some(s) => format!("shard {s} of sweep `{}`", spec.name),
        None => format!("sweep `{}`", spec.name),
    };
    if results.computed == 0 && !results.wrote_files {
        writeln!(
            out,
            "{what} in `{}` is already complete ({} points); nothing to do.",
            dir.display(),
            results.points.len()
        )?;
        if let Some(html) = report {
            writeln!(out, "Report: {}", html.display())?;
        }
        return Ok(());
    }
    if args.shard.is_none() && results.points.len() <= TABLE_MAX_POINTS {
        write!(out, "{}", table(&results, &spec))?;
    }
    if args.shard.is_none() && results.has_targets() {
        write!(out, "\n{}", cheapest_line(&results, &spec))?;
    }
    writeln!(
        out,
        "\n{what}: {} points x {} replications, seed {}, base `{}`",
        results.points.len(),
        spec.replications,
        spec.seed,
        spec.base_name
    )?;
    writeln!(
        out,
        "computed {} point(s) in {:.2} s, {} from an earlier run. Results: {}",
        results.computed,
        started.elapsed().as_secs_f64(),
        results.reused,
        dir.display()
    )?;
    if let Some(html) = report {
        writeln!(out, "Report: {}", html.display())?;
    }
    if let Some(s) = args.shard {
        let shards: Vec<String> = (0..s.count)
            .map(|k| {
                default_dir(
                    &spec.name,
                    Some(Shard {
                        index: k,
                        count: s.count,
                    }),
                )
                .display()
                .to_string()
            })
            .collect();
        writeln!(
            out,
            "when all {} shards are done: carecast merge {} --out {}",
            s.count,
            shards.join(" "),
            default_dir(&spec.name, None).display()
        )?;
        if args.out.report {
            writeln!(
                out,
                "no report for a shard: run `carecast report` on the merged folder"
            )?;
        }
    }
    Ok(())
}
