//! Scenarios: the file format, its validation, and the typed model input.
//!
//! A scenario is read in two steps (after ripgrep's low-level/high-level arguments): TOML
//! text is parsed into [`ScenarioFile`], a faithful serde image of the file that refuses
//! unknown keys; `--set` overrides are applied to the raw table in between; then
//! [`Scenario::try_from`] checks every value and builds the typed [`Scenario`] the
//! simulator runs. Every refusal names the field path, the value and what is allowed.
//!
//! Each concept has its own module with its raw table, its typed value and the checks
//! between them: [`arrivals`], [`channels`], [`classes`], [`customers`], [`policy`],
//! [`outcomes`], [`virality`], [`costs`], [`staffing`], [`bot`] and [`targets`]; [`calendar`],
//! [`duration`] and [`dist`] are the vocabulary they share. This module holds the run
//! settings (horizon, warmup, start day, seed, replications) and the checks that span
//! concepts. The resolved file a run writes is rendered from the typed scenario
//! (`ScenarioFile::from(&scenario)`), so there is no second copy to keep in step.
//!
//! The defaults come from the published figures in the model description: recommendation
//! rates 0.71 / 0.33 / 0.17 after quick-effective, quick-ineffective and slow-effective
//! answers; P(expectation <= 30 min) = 0.52; 57% of customers expect the same speed at
//! night and at weekends; 43% of complainers expect a direct reply.

pub mod arrivals;
pub mod bot;
pub mod calendar;
pub mod channels;
mod checks;
pub mod classes;
pub mod costs;
pub mod customers;
pub mod dist;
pub mod duration;
pub mod error;
pub mod extends;
pub mod file;
pub mod incidents;
pub mod limits;
pub mod named;
pub mod optimize;
pub mod outcomes;
pub mod overrides;
pub mod policy;
pub mod schema;
mod shape;
pub mod staffing;
pub mod targets;
pub mod trace;
pub mod virality;

use std::path::Path;

pub use arrivals::{Arrivals, Incident, Profile, ProfileSource};
pub use bot::Bot;
pub use calendar::{DaySet, Shift, Weekday};
pub use channels::{Channel, MAX_CHANNELS};
pub use checks::{MAX_NAME_LEN, NAME_PATTERN, NAME_RULE, is_valid_name};
pub use classes::{Class, MAX_CLASSES, Sentiment};
pub use customers::Customers;
pub use dist::{Dist, DistSpec, Sampler, Support};
pub use duration::Duration;
pub use error::ScenarioError;
pub use file::ScenarioFile;
pub use named::Named;
pub use optimize::Optimize;
pub use outcomes::{OutcomeState, Outcomes};
pub use policy::{Discipline, GroupChoice, Policy};
pub use staffing::{
    AtShiftEnd, Attention, AttentionKind, Group, MAX_AGENTS, MAX_CONCURRENCY, MAX_GROUPS,
    MAX_SHIFTS, SharedRates,
};
pub use targets::{Scope, ServiceTarget, Targets};
pub use virality::Virality;

use calendar::{DAY_H, DAY_MIN, HOUR_MIN, WEEK_DAYS, WEEK_H, WEEK_MIN};
use checks::Names;

/// The built-in default scenario (`scenarios/retail-week.toml`), compiled into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/retail-week.toml");

/// Largest number of replications accepted.
pub const MAX_REPLICATIONS: i64 = 1_000_000;

/// Largest seed: 2^63 - 1, the largest integer a TOML file holds, so that the resolved
/// `scenario.toml` written beside every result reads back.
pub const MAX_SEED: u64 = i64::MAX as u64;

/// Refuses a seed above [`MAX_SEED`], naming where it was given (`seed`, `--seed`).
pub fn check_seed(source: &str, seed: u64) -> Result<u64, ScenarioError> {
    if seed <= MAX_SEED {
        Ok(seed)
    } else {
        Err(ScenarioError::invalid(
            source,
            seed,
            format!(
                "a whole number from 0 to {MAX_SEED} (2^63 - 1, the largest integer a TOML file holds, so that the resolved scenario.toml reads back)"
            ),
        ))
    }
}

/// Longest horizon accepted, in weeks (ten years).
pub const MAX_HORIZON_WEEKS: f64 = 520.0;

/// A validated scenario: everything the simulator needs, typed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Name (safe as a folder name).
    pub name: String,
    /// Free text.
    pub description: String,
    /// Simulated span, minutes.
    pub horizon_min: f64,
    /// Excluded initial span, minutes.
    pub warmup_min: f64,
    /// Longest follow-up of the measured cohort after the horizon, minutes.
    pub follow_up_min: f64,
    /// Service-level thresholds, minutes, increasing.
    pub service_levels_min: Vec<f64>,
    /// Weekday the run starts on (0 = Monday).
    pub start_day: usize,
    /// Master seed.
    pub seed: u64,
    /// Replications.
    pub replications: u32,
    /// Arrival process.
    pub arrivals: Arrivals,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Classes.
    pub classes: Vec<Class>,
    /// Customer behaviour.
    pub customers: Customers,
    /// Policy.
    pub policy: Policy,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// Virality, if enabled.
    pub virality: Option<Virality>,
    /// Currency label.
    pub currency: String,
    /// Cost of a phone contact.
    pub phone_call_cost: f64,
    /// Factor on a group's hourly cost for overtime.
    pub overtime_factor: f64,
    /// Handle time penalty per extra concurrent conversation.
    pub concurrency_penalty: f64,
    /// Extra work of the first reply on a conversation handed back at a shift's end,
    /// minutes.
    pub reread_min: f64,
    /// Agent groups.
    pub groups: Vec<Group>,
    /// Bot tier, if enabled.
    pub bot: Option<Bot>,
    /// What a plan must achieve (empty when none is set).
    pub targets: Targets,
    /// What `carecast optimize` may choose (`[optimize]`; the defaults when left out).
    pub optimize: Optimize,
    /// Most mentions in the system at once in one replication (`limits.max_in_system`):
    /// beyond it the replication stops and is reported as overloaded.
    pub max_in_system: u64,
}

impl Scenario {
    /// Parses and validates scenario text, applying `--set` overrides first.
    /// `origin` names the source in error messages.
    pub fn from_toml(
        text: &str,
        origin: &str,
        overrides: &[String],
    ) -> Result<Self, ScenarioError> {
        Self::from_toml_in(text, origin, overrides, None)
    }

    /// As [`from_toml`](Self::from_toml), each override `(arg, source)` with the words
    /// that name it in a refusal (a sweep file's `set[0]`, say), for overrides that come
    /// from somewhere else than `--set`.
    /// Relative paths in it (`extends`) start from `folder` (none: the current folder).
    pub fn from_toml_labelled(
        text: &str,
        origin: &str,
        overrides: &[(String, String)],
        folder: Option<&Path>,
    ) -> Result<Self, ScenarioError> {
        let mut table = parse_resolved(text, origin, folder)?;
        for (arg, source) in overrides {
            overrides::apply_as(&mut table, arg, source)?;
        }
        Self::from_table(table, folder)
    }

    /// As [`from_toml`](Self::from_toml), for text from a file in `folder` (none: the
    /// current directory), where its relative paths start.
    pub fn from_toml_at(
        text: &str,
        origin: &str,
        overrides: &[String],
        folder: Option<&Path>,
    ) -> Result<Self, ScenarioError> {
        Self::from_toml_in(text, origin, overrides, folder)
    }

    /// As [`from_toml`](Self::from_toml), for a file in `folder`: the folder relative
    /// paths in the scenario (`optimize.templates_file`) start from (none: the current
    /// directory).
    fn from_toml_in(
        text: &str,
        origin: &str,
        overrides: &[String],
        folder: Option<&Path>,
    ) -> Result<Self, ScenarioError> {
        let mut table = parse_resolved(text, origin, folder)?;
        for arg in overrides {
            overrides::apply(&mut table, arg)?;
        }
        Self::from_table(table, folder)
    }

    /// The scenario of a raw table (overrides applied): deserialized, then validated.
    fn from_table(table: toml::Table, folder: Option<&Path>) -> Result<Self, ScenarioError> {
        let read = toml::Value::Table(table);
        if let Some((path, value)) = shape::datetime(&read, "") {
            return Err(ScenarioError::Field {
                path,
                message: format!(
                    "is the date-time {value}, which no scenario key takes (text goes in quotes: \"{value}\")"
                ),
            });
        }
        let mut file: ScenarioFile =
            serde_path_to_error::deserialize(read.clone()).map_err(|e| {
                let path = e.path().to_string();
                let path = if path == "." {
                    "(top level)".into()
                } else {
                    path
                };
                error::from_serde(path, e.inner().message())
            })?;
        if let Ok(parsed) = toml::Value::try_from(&file)
            && let Some(path) = shape::list_for_table(&read, &parsed, "")
        {
            return Err(ScenarioError::Field {
                path,
                message:
                    "must be a table (`[name]` or `{ key = value }`), not a list of its values"
                        .into(),
            });
        }
        if let Some(o) = file.optimize.as_mut() {
            o.folder = folder.map(Path::to_path_buf);
        }
        file.arrivals.folder = folder.map(Path::to_path_buf);
        Scenario::try_from(file)
    }

    /// A variant of the scenario file at `path` (`carecast compare --variant`): the file
    /// with the `set` overrides, then the variant's `assignments`. A refusal that only the
    /// variant causes is prefixed `--variant NAME`, naming the option the user gave.
    pub fn load_variant(
        path: &Path,
        set: &[String],
        name: &str,
        assignments: &[String],
    ) -> Result<Self, ScenarioError> {
        let (text, origin) = read_source(path)?;
        Self::variant_of(&text, &origin, source_folder(path), set, name, assignments)
    }

    /// As [`load_variant`](Self::load_variant), for scenario `text` already read (named
    /// `origin` in messages; relative paths in it start from `folder`, none: the current
    /// directory).
    pub fn variant_of(
        text: &str,
        origin: &str,
        folder: Option<&Path>,
        set: &[String],
        name: &str,
        assignments: &[String],
    ) -> Result<Self, ScenarioError> {
        let mut table = parse_resolved(text, origin, folder)?;
        for arg in set {
            overrides::apply(&mut table, arg)?;
        }
        for arg in assignments {
            overrides::apply_as(&mut table, arg, &format!("--variant {name}={arg}"))?;
        }
        Self::from_table(table, folder).map_err(|e| ScenarioError::Override {
            arg: format!("--variant {name}"),
            message: e.to_string(),
        })
    }

    /// Reads a scenario file's text and the name messages give it ([`STDIN`] reads
    /// standard input, named `<stdin>`).
    pub fn read_source(path: &Path) -> Result<(String, String), ScenarioError> {
        read_source(path)
    }

    /// Reads and validates a scenario file; the path `-` reads standard input (relative
    /// paths in it then start from the current directory).
    pub fn load(path: &Path, overrides: &[String]) -> Result<Self, ScenarioError> {
        let (text, origin) = read_source(path)?;
        Self::from_toml_in(&text, &origin, overrides, source_folder(path))
    }

    /// The built-in default scenario, with overrides.
    pub fn builtin(overrides: &[String]) -> Result<Self, ScenarioError> {
        Self::from_toml(DEFAULT_SCENARIO, "<built-in retail-week>", overrides)
    }

    /// The fully resolved scenario as TOML: every default spelled out, so that the text
    /// reproduces this scenario exactly. Rendered from [`ScenarioFile::from`].
    pub fn to_toml(&self) -> String {
        toml::to_string(&ScenarioFile::from(self))
            .unwrap_or_else(|e| format!("# cannot serialise scenario: {e}\n"))
    }

    /// The same scenario with another seed and replication count (as `--seed`/`--reps`).
    pub fn with_run(mut self, seed: Option<u64>, replications: Option<u32>) -> Self {
        if let Some(s) = seed {
            self.seed = s;
        }
        if let Some(r) = replications {
            self.replications = r;
        }
        self
    }

    /// Arrival rate per minute at simulated time `t_min` (profile x incidents).
    pub fn arrival_rate_per_min(&self, t_min: f64) -> f64 {
        let how = self.hour_of_week(t_min);
        let r = self.arrivals.rate_per_h / HOUR_MIN * self.arrivals.profile[how];
        if self.arrivals.timeline.is_empty() {
            r
        } else {
            r * self.arrivals.timeline.factor_at(t_min)
        }
    }

    /// Whether the scenario repeats weekly rather than daily: its arrival profile or
    /// one of its groups' shifts differs from one day of the week to another.
    pub fn is_weekly(&self) -> bool {
        let daily = |flags: &[f64]| {
            (1..WEEK_DAYS).all(|d| (0..DAY_H).all(|h| flags[h] == flags[d * DAY_H + h]))
        };
        let profile_daily = daily(&self.arrivals.profile);
        let shifts_daily = self.groups.iter().all(|g| {
            let on: Vec<f64> = calendar::hours_inside(&g.shifts)
                .iter()
                .map(|&b| f64::from(u8::from(b)))
                .collect();
            daily(&on)
        });
        !(profile_daily && shifts_daily)
    }

    /// What the measured window of this scenario leaves out, in plain words: a weekly
    /// scenario should be measured in whole weeks after a warm-up of at least one week
    /// (one week forgets the empty Monday start; see the README). Empty when nothing is
    /// amiss.
    pub fn measurement_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let window = self.horizon_min - self.warmup_min;
        if self.is_weekly() && self.arrivals.incidents.is_empty() {
            if self.warmup_min < WEEK_MIN {
                notes.push(format!(
                    "the warm-up ({}) is shorter than one week: the KPIs include the transient from the empty start, not the plan's steady state (set warmup = \"7d\" or more)",
                    Duration::from_minutes(self.warmup_min)
                ));
            }
            let weeks = window / WEEK_MIN;
            if (weeks - weeks.round()).abs() > 1e-9 {
                notes.push(format!(
                    "the measured window ({}) is not a whole number of weeks: some days of the week count more than others",
                    Duration::from_minutes(window)
                ));
            }
        }
        notes
    }

    /// Hour of the week (0 = Monday 00:00-01:00) at simulated time `t_min`.
    pub fn hour_of_week(&self, t_min: f64) -> usize {
        let week_min = calendar::week_minute(self.start_day as f64 * DAY_MIN + t_min);
        ((week_min / HOUR_MIN) as usize).min(WEEK_H - 1)
    }

    /// Whether hour `hour` of the run (0 = the first) lies, wholly or in part, in the
    /// warm-up: such an hour is never shown or counted as measured.
    pub fn in_warmup(&self, hour: usize) -> bool {
        (hour as f64) * HOUR_MIN < self.warmup_min
    }
}

impl TryFrom<ScenarioFile> for Scenario {
    type Error = ScenarioError;

    fn try_from(f: ScenarioFile) -> Result<Self, ScenarioError> {
        Scenario::try_from(&f)
    }
}

impl TryFrom<&ScenarioFile> for Scenario {
    type Error = ScenarioError;

    fn try_from(f: &ScenarioFile) -> Result<Self, ScenarioError> {
        checks::name("name", &f.name)?;
        let horizon_min = f.horizon.minutes();
        if !(horizon_min > 0.0 && horizon_min <= MAX_HORIZON_WEEKS * WEEK_MIN) {
            return Err(ScenarioError::invalid(
                "horizon",
                format!("\"{}\"", f.horizon),
                format!("a duration > 0 and at most {MAX_HORIZON_WEEKS} weeks"),
            ));
        }
        let warmup_min = f.warmup.minutes();
        if warmup_min >= horizon_min {
            return Err(ScenarioError::invalid(
                "warmup",
                format!("\"{}\"", f.warmup),
                format!(
                    "must be shorter than the horizon (\"{}\"); a shorter horizon needs a shorter warm-up too, e.g. warmup = \"0m\"",
                    f.horizon
                ),
            ));
        }
        let follow_up_min = f.follow_up.minutes();
        if !(0.0..=MAX_HORIZON_WEEKS * WEEK_MIN).contains(&follow_up_min) {
            return Err(ScenarioError::invalid(
                "follow_up",
                format!("\"{}\"", f.follow_up),
                format!("a duration from 0 to {MAX_HORIZON_WEEKS} weeks"),
            ));
        }
        let service_levels_min = service_levels(&f.service_levels)?;
        check_seed("seed", f.seed)?;
        if !(1..=MAX_REPLICATIONS).contains(&f.replications) {
            return Err(ScenarioError::invalid(
                "replications",
                f.replications,
                format!("a whole number from 1 to {MAX_REPLICATIONS}"),
            ));
        }

        let mut arrivals = Arrivals::try_from(&f.arrivals)?;
        let channels = channels::validate(&f.channels)?;
        let classes = classes::validate(&f.classes)?;
        let names = Names {
            channels: f.channels.iter().map(|c| c.name.as_str()).collect(),
            classes: f.classes.iter().map(|c| c.name.as_str()).collect(),
        };
        if f.arrivals.trace.is_none()
            && let Some(mapping) = &f.arrivals.trace_mapping
        {
            return Err(ScenarioError::invalid(
                "arrivals.trace_mapping",
                format!("\"{mapping}\""),
                "given only with arrivals.trace (it maps the trace's columns)",
            ));
        }
        if let Some(path) = &f.arrivals.trace {
            for (given, key) in [
                (!f.arrivals.incidents.is_empty(), "arrivals.incidents"),
                (
                    f.arrivals.daily_variation.is_some(),
                    "arrivals.daily_variation",
                ),
            ] {
                if given {
                    return Err(ScenarioError::invalid(
                        key,
                        "given with arrivals.trace",
                        "left out: a replayed trace has its own incidents and busy days",
                    ));
                }
            }
            arrivals.trace = Some(trace::load(
                path,
                f.arrivals.trace_mapping.as_deref(),
                f.arrivals.folder.as_deref(),
                f.start_day,
                &names,
            )?);
        }
        let customers = Customers::try_from(&f.customers)?;
        let mut policy = Policy::try_from(&f.policy)?;
        let outcomes = Outcomes::try_from(&f.outcomes)?;
        let virality = virality::validate(&f.virality, customers.repost)?;
        let staffing = staffing::validate(&f.staffing, &names)?;
        let group_names: Vec<&str> = f.staffing.groups.iter().map(|g| g.name.as_str()).collect();
        let optimize = optimize::validate(f.optimize.as_ref(), &group_names)?;
        let bot = bot::validate(&f.bot, &names)?;
        let targets = targets::validate(f.targets.as_ref(), &names)?;
        served(&channels, &classes, &staffing.groups, bot.as_ref())?;
        policy.private_channel = private_channel(&f.policy, &channels, &classes, &staffing.groups)?;

        Ok(Scenario {
            name: f.name.clone(),
            description: f.description.clone(),
            horizon_min,
            warmup_min,
            follow_up_min,
            service_levels_min,
            start_day: f.start_day.index(),
            seed: f.seed,
            replications: f.replications as u32,
            arrivals,
            channels,
            classes,
            customers,
            policy,
            outcomes,
            virality,
            currency: f.costs.currency.clone(),
            phone_call_cost: costs::phone_call_cost(&f.costs)?,
            overtime_factor: costs::overtime_factor(&f.costs)?,
            concurrency_penalty: staffing.concurrency_penalty,
            reread_min: staffing.reread_min,
            groups: staffing.groups,
            bot,
            targets,
            optimize,
            max_in_system: limits::validate(f.limits.as_ref())?,
        })
    }
}

/// The name standard input goes by in place of a scenario path.
pub const STDIN: &str = "-";

/// The text of a scenario file and the name messages give it: the path `-` reads
/// standard input, named `<stdin>`.
fn read_source(path: &Path) -> Result<(String, String), ScenarioError> {
    let io = |source| ScenarioError::Io {
        path: path.display().to_string(),
        source,
    };
    if path == Path::new(STDIN) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(io)?;
        return Ok((text, "<stdin>".to_string()));
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    Ok((text, path.display().to_string()))
}

/// The folder relative paths in a scenario file start from: the file's own (none for
/// standard input: the current directory).
pub fn source_folder(path: &Path) -> Option<&Path> {
    (path != Path::new(STDIN)).then(|| path.parent()).flatten()
}

/// The raw table of scenario text with its `extends` chain merged in ([`extends`]).
fn parse_resolved(
    text: &str,
    origin: &str,
    folder: Option<&Path>,
) -> Result<toml::Table, ScenarioError> {
    extends::resolve(parse_table(text, origin)?, origin, folder)
}

/// Whether a TOML table is a sweep file rather than a scenario, as the commands tell them
/// apart: it has `parameters` or `base`, and no `arrivals`.
pub fn is_sweep_table(table: &toml::Table) -> bool {
    (table.contains_key("parameters") || table.contains_key("base"))
        && !table.contains_key("arrivals")
}

/// The raw table of scenario text. A sweep file ([`is_sweep_table`]) is refused with the
/// command that reads it.
fn parse_table(text: &str, origin: &str) -> Result<toml::Table, ScenarioError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ScenarioError::Syntax {
            file: origin.to_string(),
            message: error::syntax_in_words(&e.to_string()),
        })?;
    if is_sweep_table(&table) {
        return Err(ScenarioError::WrongKind {
            file: origin.to_string(),
            message: format!(
                "is a sweep file (it has `parameters` or `base`), not a scenario: run `carecast sweep {origin}`"
            ),
        });
    }
    Ok(table)
}

/// Most service-level thresholds a scenario may list.
pub const MAX_SERVICE_LEVELS: usize = 8;

/// The service-level thresholds, minutes: one to [`MAX_SERVICE_LEVELS`] durations > 0 in
/// increasing order, each a whole number of minutes (they name KPIs: `answered_within_30m`).
fn service_levels(list: &[Duration]) -> Result<Vec<f64>, ScenarioError> {
    let shown = || {
        let items: Vec<String> = list.iter().map(|d| format!("\"{d}\"")).collect();
        format!("[{}]", items.join(", "))
    };
    if list.is_empty() || list.len() > MAX_SERVICE_LEVELS {
        return Err(ScenarioError::invalid(
            "service_levels",
            shown(),
            format!("a list of 1 to {MAX_SERVICE_LEVELS} durations"),
        ));
    }
    let mut out: Vec<f64> = Vec::with_capacity(list.len());
    for (i, d) in list.iter().enumerate() {
        let t = d.minutes();
        let whole = t > 0.0 && t.fract() == 0.0 && t <= MAX_HORIZON_WEEKS * WEEK_MIN;
        if !whole || out.last().is_some_and(|&prev| t <= prev) {
            return Err(ScenarioError::invalid(
                format!("service_levels[{i}]"),
                format!("\"{d}\""),
                "a whole number of minutes > 0, larger than the threshold before it",
            ));
        }
        out.push(t);
    }
    Ok(out)
}

/// The name of a service-level threshold in KPI names: `30m`, `120m`.
pub fn threshold_name(minutes: f64) -> String {
    format!("{}m", minutes.round() as u64)
}

/// Every answerable (channel, class) pair with mentions must reach a human group, unless
/// a bot that never hands over covers it.
fn served(
    channels: &[Channel],
    classes: &[Class],
    groups: &[Group],
    bot: Option<&Bot>,
) -> Result<(), ScenarioError> {
    for (ci, ch) in channels.iter().enumerate() {
        for (ki, cl) in classes.iter().enumerate() {
            if ch.share == 0.0 || cl.share == 0.0 || !cl.answer {
                continue;
            }
            let served = groups.iter().any(|g| g.channels[ci] && g.classes[ki]);
            let bot_only =
                bot.is_some_and(|b| b.channels[ci] && b.classes[ki] && b.handover == 0.0);
            if !served && !bot_only {
                return Err(ScenarioError::invalid(
                    format!("channels[{ci}]"),
                    format!("\"{}\" (class \"{}\")", ch.name, cl.name),
                    "every channel and answered class must be served by a group in staffing.groups \
                     (add it to a group's `channels`/`classes`, or set the class's `answer = false`)",
                ));
            }
        }
    }
    Ok(())
}

/// `policy.private_channel`: a private channel of the scenario, served by a group for
/// every answered class that moves private.
fn private_channel(
    p: &policy::PolicyFile,
    channels: &[Channel],
    classes: &[Class],
    groups: &[Group],
) -> Result<Option<usize>, ScenarioError> {
    let Some(name) = &p.private_channel else {
        return Ok(None);
    };
    let private: Vec<&str> = channels
        .iter()
        .filter(|c| !c.public)
        .map(|c| c.name.as_str())
        .collect();
    let Some(ci) = channels.iter().position(|c| &c.name == name && !c.public) else {
        return Err(ScenarioError::invalid(
            "policy.private_channel",
            format!("\"{name}\""),
            if private.is_empty() {
                "the name of a channel with `public = false`; this scenario has none (add one, \
                 with `share = 0.0` if no mention arrives on it)"
                    .to_string()
            } else {
                format!("the name of a private channel: {}", private.join(", "))
            },
        ));
    };
    for (ki, cl) in classes.iter().enumerate() {
        if cl.answer && cl.private > 0.0 && !groups.iter().any(|g| g.channels[ci] && g.classes[ki])
        {
            return Err(ScenarioError::invalid(
                "policy.private_channel",
                format!("\"{name}\" (class \"{}\")", cl.name),
                "a channel that a group in staffing.groups serves for every class that moves \
                 private (add the channel to a group's `channels`)",
            ));
        }
    }
    Ok(Some(ci))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_scenario_is_valid_and_round_trips() {
        let s = Scenario::builtin(&[]).expect("built-in scenario");
        let again = Scenario::from_toml(&s.to_toml(), "resolved", &[]).expect("resolved scenario");
        assert_eq!(s, again);
        let mean: f64 = s.arrivals.profile.iter().sum::<f64>() / 168.0;
        assert!((mean - 1.0).abs() < 1e-12);
    }

    /// A resolved file (every default spelled out) is rebuilt from its typed scenario key
    /// for key.
    #[test]
    fn a_resolved_file_is_rebuilt_exactly_from_its_scenario() {
        let text = include_str!("../tests/golden/run/scenario.toml");
        let file: ScenarioFile = toml::from_str(text).expect("resolved file");
        let sc = Scenario::try_from(&file).expect("valid");
        assert_eq!(ScenarioFile::from(&sc), file);
    }

    /// Every way of saying a profile, fractional incident times, a separate follow-up
    /// time, partial selections and an enabled bot survive the trip through the typed
    /// scenario, and the resolved text is a fixed point.
    #[test]
    fn every_shape_of_input_round_trips_through_the_resolved_text() {
        let line = DEFAULT_SCENARIO
            .lines()
            .find(|l| l.starts_with("profile ="))
            .expect("the default names its profile");
        let base = DEFAULT_SCENARIO.replace(line, "");
        let weekly = format!(
            "arrivals.weekly=[{}]",
            (0..WEEK_H)
                .map(|h| (h % 5).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let cases: [&[&str]; 5] = [
            &[],
            &[
                "arrivals.profile=\"office\"",
                "start_day=\"sat\"",
                "policy.max_age=\"90m\"",
                "virality.enabled=false",
            ],
            &[
                "arrivals.hourly=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]",
                "arrivals.daily=[1, 1, 1, 1, 2, 0.5, 0.25]",
                "arrivals.incidents=[{ name = \"outage\", start = \"0.1m\", duration = \"0.2m\", multiplier = 3.0 }]",
            ],
            &[
                &weekly,
                "classes[3].followup_time={ dist = \"gamma\", mean = \"2.5m\", cv = 0.5 }",
            ],
            &[
                "bot.enabled=true",
                "bot.handover=0.5",
                "bot.channels=[\"facebook\"]",
                "bot.classes=[\"question\", \"praise\"]",
                "staffing.groups[2].channels=[\"instagram\", \"twitter\", \"facebook\"]",
                "staffing.groups[2].shifts=[{ days = [\"sat\"], start = \"8:00\", end = \"02:00+1\" }, { days = [\"sun\", \"mon\"], start = \"09:30\", end = \"12:00\" }]",
            ],
        ];
        for overrides in cases {
            let owned: Vec<String> = overrides.iter().map(|o| o.to_string()).collect();
            let s = Scenario::from_toml(&base, "base", &owned).expect("valid overrides");
            let text = s.to_toml();
            let again = Scenario::from_toml(&text, "resolved", &[]).expect("resolved scenario");
            assert_eq!(s, again, "{overrides:?}");
            assert_eq!(again.to_toml(), text, "{overrides:?}");
        }
    }
}
