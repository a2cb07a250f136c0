//! Scenarios: the file format, its validation, and the typed model input.
//!
//! A scenario is read in two steps (after ripgrep's low-level/high-level arguments): TOML
//! text is parsed into [`ScenarioFile`], a faithful serde image of the file that refuses
//! unknown keys; `--set` overrides are applied to the raw table in between; then
//! [`Scenario::try_from`] checks every value and builds the typed [`Scenario`] the
//! simulator runs. Every refusal names the field path, the value and what is allowed.
//!
//! The defaults come from the published figures in the model description: recommendation
//! rates 0.71 / 0.33 / 0.17 after quick-effective, quick-ineffective and slow-effective
//! answers; P(expectation <= 30 min) = 0.52; 57% of customers expect the same speed at
//! night and at weekends; 43% of complainers expect a direct reply.

pub mod calendar;
pub mod dist;
pub mod duration;
pub mod error;
pub mod file;
pub mod overrides;

use std::path::Path;

pub use dist::{Dist, DistSpec, Support};
pub use duration::Duration;
pub use error::ScenarioError;
pub use file::ScenarioFile;

use calendar::{WEEK_H, WEEK_MIN};

/// The built-in default scenario (`scenarios/retail-week.toml`), compiled into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/retail-week.toml");

/// Largest number of replications accepted.
pub const MAX_REPLICATIONS: i64 = 1_000_000;

/// How waiting mentions are chosen when an agent frees up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discipline {
    /// Oldest first.
    Fifo,
    /// Newest first, as many social teams work.
    Lifo,
    /// Most followers first.
    Influence,
    /// Nearest to breaking the customer's expectation first.
    Deadline,
    /// Highest class priority first, oldest first within a priority.
    Priority,
}

impl Discipline {
    /// Names as written in scenario files.
    pub const NAMES: [&'static str; 5] = ["fifo", "lifo", "influence", "deadline", "priority"];

    fn parse(path: &str, name: &str) -> Result<Self, ScenarioError> {
        Ok(match name {
            "fifo" => Discipline::Fifo,
            "lifo" => Discipline::Lifo,
            "influence" => Discipline::Influence,
            "deadline" => Discipline::Deadline,
            "priority" => Discipline::Priority,
            _ => return Err(one_of(path, name, &Self::NAMES)),
        })
    }
}

/// Tone of a mention class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sentiment {
    /// Complaints: public negative mentions feed virality and negative impressions.
    Negative,
    /// Questions and the like.
    Neutral,
    /// Praise.
    Positive,
}

/// A scheduled spike in arrivals.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Label.
    pub name: String,
    /// Start, minutes from the start of the run.
    pub start_min: f64,
    /// End, minutes from the start of the run.
    pub end_min: f64,
    /// Factor on the arrival rate.
    pub multiplier: f64,
}

/// The arrival process.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    /// Mean rate over the week, per hour.
    pub rate_per_h: f64,
    /// Multipliers per hour of the week (Monday 00:00 first), averaging 1.
    pub profile: [f64; WEEK_H],
    /// Scheduled spikes.
    pub incidents: Vec<Incident>,
}

/// A social channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// Name.
    pub name: String,
    /// Share of mentions.
    pub share: f64,
    /// Visible to followers.
    pub public: bool,
    /// Factor on handle times.
    pub handle_time_factor: f64,
}

/// A class of mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// Name.
    pub name: String,
    /// Share of mentions.
    pub share: f64,
    /// Tone.
    pub sentiment: Sentiment,
    /// First-reply work, minutes.
    pub handle_time: Dist,
    /// Follow-up reply work, minutes.
    pub followup_time: Dist,
    /// Agent replies needed (whole numbers >= 1).
    pub replies: Dist,
    /// Patience before frustration, minutes.
    pub patience: Dist,
    /// P(author expects a reply).
    pub expects_reply: f64,
    /// P(conversation moves to a private channel).
    pub private: f64,
    /// Weight for the priority discipline.
    pub priority: i64,
    /// Whether policy answers the class.
    pub answer: bool,
}

/// Customer behaviour common to all classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Customers {
    /// Expected reply time, minutes.
    pub expectation: Dist,
    /// Share whose expectation does not relax off-hours.
    pub off_hours_strict: f64,
    /// Factor on the others' expectation off-hours.
    pub off_hours_relax: f64,
    /// Business hours, per hour of the week.
    pub business_hours: [bool; WEEK_H],
    /// Follower counts.
    pub followers: Dist,
    /// Customer think time between replies, minutes.
    pub think_time: Dist,
    /// P(a frustrated customer phones).
    pub escalate_to_phone: f64,
    /// P(a frustrated public customer posts again).
    pub repost: f64,
}

/// Handling policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Queue discipline.
    pub discipline: Discipline,
    /// Whether frustrated customers' mentions stay answerable.
    pub answer_after_abandon: bool,
    /// Drop mentions older than this, minutes.
    pub max_age_min: Option<f64>,
}

/// Outcome states, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeState {
    /// First reply within the customer's expectation, issue solved.
    QuickEffective = 0,
    /// Quick, not solved.
    QuickIneffective = 1,
    /// Late, solved.
    SlowEffective = 2,
    /// Late, not solved.
    SlowIneffective = 3,
    /// Never answered.
    Ignored = 4,
}

impl OutcomeState {
    /// All states, in report order.
    pub const ALL: [OutcomeState; 5] = [
        OutcomeState::QuickEffective,
        OutcomeState::QuickIneffective,
        OutcomeState::SlowEffective,
        OutcomeState::SlowIneffective,
        OutcomeState::Ignored,
    ];

    /// The KPI name of the state's share.
    pub fn name(self) -> &'static str {
        [
            "quick_effective",
            "quick_ineffective",
            "slow_effective",
            "slow_ineffective",
            "ignored",
        ][self as usize]
    }
}

/// Recommendation and spread of outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// P(recommend) per [`OutcomeState`].
    pub recommend: [f64; 5],
    /// P(public recommender posts praise).
    pub share_positive: f64,
    /// Impressions per follower of a post.
    pub reach: f64,
}

/// The self-exciting feedback of unattended complaints.
#[derive(Debug, Clone, PartialEq)]
pub struct Virality {
    /// Branching ratio when never answered.
    pub offspring: f64,
    /// Kernel time scale, minutes.
    pub decay_min: f64,
    /// Remaining excitation kept after a quick reply.
    pub after_quick: f64,
    /// Remaining excitation kept after a slow reply.
    pub after_slow: f64,
}

/// A group of agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Name.
    pub name: String,
    /// Head count per shift.
    pub agents: u32,
    /// Unavailable fraction of paid time.
    pub shrinkage: f64,
    /// Conversations held at once.
    pub concurrency: u32,
    /// Speed multiplier.
    pub speed: f64,
    /// P(conversation effective).
    pub effectiveness: f64,
    /// Cost per paid hour.
    pub cost_per_h: f64,
    /// Served channels, by index.
    pub channels: Vec<bool>,
    /// Served classes, by index.
    pub classes: Vec<bool>,
    /// Weekly windows `[start, end)`, minutes of the week (Monday 00:00 = 0), sorted.
    pub shifts: Vec<(f64, f64)>,
}

/// The optional bot tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Bot {
    /// Reply delay, minutes.
    pub delay_min: f64,
    /// P(bot-only answer effective).
    pub effectiveness: f64,
    /// P(handed over to humans).
    pub handover: f64,
    /// Cost per touched mention.
    pub cost_per_mention: f64,
    /// Channels covered.
    pub channels: Vec<bool>,
    /// Classes covered.
    pub classes: Vec<bool>,
}

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
    /// Handle time penalty per extra concurrent conversation.
    pub concurrency_penalty: f64,
    /// Agent groups.
    pub groups: Vec<Group>,
    /// Bot tier, if enabled.
    pub bot: Option<Bot>,
    /// The file this was built from, with every default spelled out.
    pub file: ScenarioFile,
}

impl Scenario {
    /// Parses and validates scenario text, applying `--set` overrides first.
    /// `origin` names the source in error messages.
    pub fn from_toml(
        text: &str,
        origin: &str,
        overrides: &[String],
    ) -> Result<Self, ScenarioError> {
        let mut table: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| ScenarioError::Syntax {
                    file: origin.to_string(),
                    message: e.to_string(),
                })?;
        for arg in overrides {
            overrides::apply(&mut table, arg)?;
        }
        let file: ScenarioFile = serde_path_to_error::deserialize(toml::Value::Table(table))
            .map_err(|e| {
                let path = e.path().to_string();
                let message = error::with_suggestion(e.inner().message());
                ScenarioError::Field {
                    path: if path == "." {
                        "(top level)".into()
                    } else {
                        path
                    },
                    message,
                }
            })?;
        Scenario::try_from(file)
    }

    /// Reads and validates a scenario file.
    pub fn load(path: &Path, overrides: &[String]) -> Result<Self, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|source| ScenarioError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_toml(&text, &path.display().to_string(), overrides)
    }

    /// The built-in default scenario, with overrides.
    pub fn builtin(overrides: &[String]) -> Result<Self, ScenarioError> {
        Self::from_toml(DEFAULT_SCENARIO, "<built-in retail-week>", overrides)
    }

    /// The fully resolved scenario as TOML: every default spelled out, so that the text
    /// reproduces this scenario exactly.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.file)
            .unwrap_or_else(|e| format!("# cannot serialise scenario: {e}\n"))
    }

    /// The same scenario with another seed and replication count (as `--seed`/`--reps`).
    pub fn with_run(mut self, seed: Option<u64>, replications: Option<u32>) -> Self {
        if let Some(s) = seed {
            self.seed = s;
            self.file.seed = s;
        }
        if let Some(r) = replications {
            self.replications = r;
            self.file.replications = i64::from(r);
        }
        self
    }

    /// Arrival rate per minute at simulated time `t_min` (profile x incidents).
    pub fn arrival_rate_per_min(&self, t_min: f64) -> f64 {
        let how = self.hour_of_week(t_min);
        let mut r = self.arrivals.rate_per_h / 60.0 * self.arrivals.profile[how];
        for inc in &self.arrivals.incidents {
            if t_min >= inc.start_min && t_min < inc.end_min {
                r *= inc.multiplier;
            }
        }
        r
    }

    /// Hour of the week (0 = Monday 00:00-01:00) at simulated time `t_min`.
    pub fn hour_of_week(&self, t_min: f64) -> usize {
        let week_min = (self.start_day as f64 * calendar::DAY_MIN + t_min).rem_euclid(WEEK_MIN);
        ((week_min / 60.0) as usize).min(WEEK_H - 1)
    }
}

fn one_of(path: &str, value: &str, allowed: &[&str]) -> ScenarioError {
    let hint = error::nearest(value, allowed.iter().copied())
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    ScenarioError::invalid(
        path,
        format!("\"{value}\""),
        format!("one of {}{hint}", allowed.join(", ")),
    )
}

fn probability(path: &str, p: f64) -> Result<f64, ScenarioError> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(ScenarioError::invalid(
            path,
            p,
            "a probability between 0 and 1",
        ))
    }
}

fn non_negative(path: &str, v: f64) -> Result<f64, ScenarioError> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(ScenarioError::invalid(path, v, "a number >= 0"))
    }
}

fn positive(path: &str, v: f64) -> Result<f64, ScenarioError> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(ScenarioError::invalid(path, v, "a number > 0"))
    }
}

fn shares(path: &str, items: &[(String, f64)]) -> Result<(), ScenarioError> {
    for (i, (_, s)) in items.iter().enumerate() {
        probability(&format!("{path}[{i}].share"), *s)?;
    }
    let total: f64 = items.iter().map(|(_, s)| s).sum();
    if (total - 1.0).abs() > 1e-6 {
        let listed: Vec<String> = items.iter().map(|(n, s)| format!("{n} {s}")).collect();
        return Err(ScenarioError::invalid(
            format!("{path}[*].share"),
            format!("{} ({})", round6(total), listed.join(" + ")),
            "the shares must sum to 1",
        ));
    }
    Ok(())
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

const NAME_RULE: &str =
    "a name that starts with a letter or digit, then letters, digits, `-`, `_` or `.`";

/// Names are used in file names and CSV columns: no separators, no `..`.
fn valid_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphanumeric())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && n.len() <= 100
}

fn names_unique(path: &str, names: &[&str]) -> Result<(), ScenarioError> {
    for (i, n) in names.iter().enumerate() {
        if !valid_name(n) {
            return Err(ScenarioError::invalid(
                format!("{path}[{i}].name"),
                format!("\"{n}\""),
                NAME_RULE,
            ));
        }
        if names[..i].contains(n) {
            return Err(ScenarioError::invalid(
                format!("{path}[{i}].name"),
                format!("\"{n}\""),
                "names must be unique",
            ));
        }
    }
    Ok(())
}

/// Resolves an optional list of names into flags over `all` (None = all).
fn selection(
    path: &str,
    list: &Option<Vec<String>>,
    all: &[&str],
    what: &str,
) -> Result<Vec<bool>, ScenarioError> {
    match list {
        None => Ok(vec![true; all.len()]),
        Some(names) => {
            let mut flags = vec![false; all.len()];
            for (i, n) in names.iter().enumerate() {
                match all.iter().position(|a| a == n) {
                    Some(k) => flags[k] = true,
                    None => {
                        return Err(one_of(&format!("{path}[{i}]"), n, all)
                            .map_allowed(|a| format!("a {what} of this scenario: {a}")));
                    }
                }
            }
            Ok(flags)
        }
    }
}

impl ScenarioError {
    fn map_allowed(self, f: impl FnOnce(String) -> String) -> Self {
        match self {
            ScenarioError::Invalid {
                path,
                value,
                allowed,
            } => ScenarioError::Invalid {
                path,
                value,
                allowed: f(allowed.trim_start_matches("one of ").to_string()),
            },
            other => other,
        }
    }
}

fn profile(a: &file::ArrivalsFile) -> Result<[f64; WEEK_H], ScenarioError> {
    let given = [a.profile.is_some(), a.hourly.is_some(), a.weekly.is_some()];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(ScenarioError::invalid(
            "arrivals",
            "more than one of profile, hourly, weekly",
            "give one: a built-in `profile`, `hourly` (with optional `daily`) or `weekly`",
        ));
    }
    if a.daily.is_some() && a.hourly.is_none() {
        return Err(ScenarioError::invalid(
            "arrivals.daily",
            "daily without hourly",
            "`daily` goes with `hourly` (24 values)",
        ));
    }
    let check = |path: &str, v: &[f64], n: usize| -> Result<(), ScenarioError> {
        if v.len() != n {
            return Err(ScenarioError::invalid(
                path,
                format!("{} values", v.len()),
                format!("exactly {n} values"),
            ));
        }
        for (i, x) in v.iter().enumerate() {
            non_negative(&format!("{path}[{i}]"), *x)?;
        }
        Ok(())
    };
    let mut weekly = if let Some(w) = &a.weekly {
        check("arrivals.weekly", w, WEEK_H)?;
        let mut out = [0.0; WEEK_H];
        out.copy_from_slice(w);
        out
    } else if let Some(h) = &a.hourly {
        check("arrivals.hourly", h, 24)?;
        let d = a.daily.clone().unwrap_or_else(|| vec![1.0; 7]);
        check("arrivals.daily", &d, 7)?;
        let mut hh = [0.0; 24];
        hh.copy_from_slice(h);
        let mut dd = [0.0; 7];
        dd.copy_from_slice(&d);
        calendar::combine(&hh, &dd)
    } else {
        let name = a.profile.as_deref().unwrap_or("flat");
        let (h, d) = calendar::builtin_profile(name)
            .ok_or_else(|| one_of("arrivals.profile", name, &calendar::PROFILES))?;
        calendar::combine(&h, &d)
    };
    let mean = weekly.iter().sum::<f64>() / WEEK_H as f64;
    if mean <= 0.0 {
        return Err(ScenarioError::invalid(
            "arrivals",
            "all multipliers 0",
            "at least one multiplier > 0",
        ));
    }
    for v in &mut weekly {
        *v /= mean;
    }
    Ok(weekly)
}

impl TryFrom<ScenarioFile> for Scenario {
    type Error = ScenarioError;

    fn try_from(f: ScenarioFile) -> Result<Self, ScenarioError> {
        if !valid_name(&f.name) {
            return Err(ScenarioError::invalid(
                "name",
                format!("\"{}\"", f.name),
                NAME_RULE,
            ));
        }
        let horizon_min = f.horizon.minutes();
        if !(horizon_min > 0.0 && horizon_min <= 520.0 * WEEK_MIN) {
            return Err(ScenarioError::invalid(
                "horizon",
                format!("\"{}\"", f.horizon),
                "a duration > 0 and at most 520 weeks",
            ));
        }
        let warmup_min = f.warmup.minutes();
        if warmup_min >= horizon_min {
            return Err(ScenarioError::invalid(
                "warmup",
                format!("\"{}\"", f.warmup),
                format!("shorter than the horizon (\"{}\")", f.horizon),
            ));
        }
        let start_day = calendar::weekday("start_day", &f.start_day)?;
        if !(1..=MAX_REPLICATIONS).contains(&f.replications) {
            return Err(ScenarioError::invalid(
                "replications",
                f.replications,
                format!("a whole number from 1 to {MAX_REPLICATIONS}"),
            ));
        }

        // Arrivals.
        let a = &f.arrivals;
        let rate_per_h = non_negative("arrivals.rate_per_h", a.rate_per_h)?;
        if rate_per_h > 1e7 {
            return Err(ScenarioError::invalid(
                "arrivals.rate_per_h",
                rate_per_h,
                "at most 10,000,000 mentions per hour",
            ));
        }
        let profile = profile(a)?;
        let mut incidents = Vec::new();
        for (i, inc) in a.incidents.iter().enumerate() {
            let p = format!("arrivals.incidents[{i}]");
            if inc.duration.minutes() <= 0.0 {
                return Err(ScenarioError::invalid(
                    format!("{p}.duration"),
                    format!("\"{}\"", inc.duration),
                    "a duration > 0",
                ));
            }
            let multiplier = non_negative(&format!("{p}.multiplier"), inc.multiplier)?;
            if multiplier > 1000.0 {
                return Err(ScenarioError::invalid(
                    format!("{p}.multiplier"),
                    multiplier,
                    "at most 1000",
                ));
            }
            incidents.push(Incident {
                name: inc.name.clone(),
                start_min: inc.start.minutes(),
                end_min: inc.start.minutes() + inc.duration.minutes(),
                multiplier,
            });
        }

        // Channels and classes.
        if f.channels.is_empty() {
            return Err(ScenarioError::invalid(
                "channels",
                "[]",
                "at least one [[channels]] table",
            ));
        }
        if f.classes.is_empty() {
            return Err(ScenarioError::invalid(
                "classes",
                "[]",
                "at least one [[classes]] table",
            ));
        }
        let channel_names: Vec<&str> = f.channels.iter().map(|c| c.name.as_str()).collect();
        let class_names: Vec<&str> = f.classes.iter().map(|c| c.name.as_str()).collect();
        names_unique("channels", &channel_names)?;
        names_unique("classes", &class_names)?;
        shares(
            "channels",
            &f.channels
                .iter()
                .map(|c| (c.name.clone(), c.share))
                .collect::<Vec<_>>(),
        )?;
        shares(
            "classes",
            &f.classes
                .iter()
                .map(|c| (c.name.clone(), c.share))
                .collect::<Vec<_>>(),
        )?;
        let channels = f
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Ok(Channel {
                    name: c.name.clone(),
                    share: c.share,
                    public: c.public,
                    handle_time_factor: positive(
                        &format!("channels[{i}].handle_time_factor"),
                        c.handle_time_factor,
                    )?,
                })
            })
            .collect::<Result<Vec<_>, ScenarioError>>()?;
        let mut classes = Vec::new();
        for (i, c) in f.classes.iter().enumerate() {
            let p = format!("classes[{i}]");
            let sentiment = match c.sentiment.as_str() {
                "negative" => Sentiment::Negative,
                "neutral" => Sentiment::Neutral,
                "positive" => Sentiment::Positive,
                other => {
                    return Err(one_of(
                        &format!("{p}.sentiment"),
                        other,
                        &["negative", "neutral", "positive"],
                    ));
                }
            };
            let handle_time = c
                .handle_time
                .validate(&format!("{p}.handle_time"), Support::Positive)?;
            let followup_time = match &c.followup_time {
                Some(s) => s.validate(&format!("{p}.followup_time"), Support::Positive)?,
                None => handle_time.clone(),
            };
            classes.push(Class {
                name: c.name.clone(),
                share: c.share,
                sentiment,
                handle_time,
                followup_time,
                replies: c
                    .replies
                    .validate(&format!("{p}.replies"), Support::Whole(1, 50))?,
                patience: c
                    .patience
                    .validate(&format!("{p}.patience"), Support::Positive)?,
                expects_reply: probability(&format!("{p}.expects_reply"), c.expects_reply)?,
                private: probability(&format!("{p}.private"), c.private)?,
                priority: c.priority,
                answer: c.answer,
            });
        }

        // Customers.
        let cu = &f.customers;
        let relax = cu.off_hours_relax;
        if !(relax.is_finite() && relax >= 1.0) {
            return Err(ScenarioError::invalid(
                "customers.off_hours_relax",
                relax,
                "a factor >= 1 (1 = no relaxation)",
            ));
        }
        let customers = Customers {
            expectation: cu
                .expectation
                .validate("customers.expectation", Support::Positive)?,
            off_hours_strict: probability("customers.off_hours_strict", cu.off_hours_strict)?,
            off_hours_relax: relax,
            business_hours: calendar::hours_inside(&calendar::windows(
                "customers.business_hours",
                &cu.business_hours,
            )?),
            followers: cu
                .followers
                .validate("customers.followers", Support::NonNegative)?,
            think_time: cu
                .think_time
                .validate("customers.think_time", Support::Positive)?,
            escalate_to_phone: probability("customers.escalate_to_phone", cu.escalate_to_phone)?,
            repost: probability("customers.repost", cu.repost)?,
        };

        let policy = Policy {
            discipline: Discipline::parse("policy.discipline", &f.policy.discipline)?,
            answer_after_abandon: f.policy.answer_after_abandon,
            max_age_min: match f.policy.max_age {
                Some(d) if d.minutes() <= 0.0 => {
                    return Err(ScenarioError::invalid(
                        "policy.max_age",
                        format!("\"{d}\""),
                        "a duration > 0 (leave it out for no limit)",
                    ));
                }
                Some(d) => Some(d.minutes()),
                None => None,
            },
        };

        let o = &f.outcomes;
        let outcomes = Outcomes {
            recommend: [
                probability("outcomes.quick_effective", o.quick_effective)?,
                probability("outcomes.quick_ineffective", o.quick_ineffective)?,
                probability("outcomes.slow_effective", o.slow_effective)?,
                probability("outcomes.slow_ineffective", o.slow_ineffective)?,
                probability("outcomes.ignored", o.ignored)?,
            ],
            share_positive: probability("outcomes.share_positive", o.share_positive)?,
            reach: non_negative("outcomes.reach", o.reach)?,
        };

        let v = &f.virality;
        let virality = if v.enabled {
            let offspring = non_negative("virality.offspring", v.offspring)?;
            let ratio = offspring + customers.repost;
            if ratio >= 1.0 {
                return Err(ScenarioError::invalid(
                    "virality.offspring",
                    offspring,
                    format!(
                        "explosive regime: the branching ratio virality.offspring + customers.repost = {} must be < 1 \
                         (at >= 1 each unattended complaint spawns on average at least one more and the volume grows without bound)",
                        round6(ratio)
                    ),
                ));
            }
            if v.decay.minutes() <= 0.0 {
                return Err(ScenarioError::invalid(
                    "virality.decay",
                    format!("\"{}\"", v.decay),
                    "a duration > 0",
                ));
            }
            Some(Virality {
                offspring,
                decay_min: v.decay.minutes(),
                after_quick: probability("virality.after_quick", v.after_quick)?,
                after_slow: probability("virality.after_slow", v.after_slow)?,
            })
        } else {
            None
        };

        // Staffing.
        let st = &f.staffing;
        if st.groups.is_empty() {
            return Err(ScenarioError::invalid(
                "staffing.groups",
                "[]",
                "at least one [[staffing.groups]] table",
            ));
        }
        let concurrency_penalty =
            non_negative("staffing.concurrency_penalty", st.concurrency_penalty)?;
        let group_names: Vec<&str> = st.groups.iter().map(|g| g.name.as_str()).collect();
        names_unique("staffing.groups", &group_names)?;
        let mut groups = Vec::new();
        for (i, g) in st.groups.iter().enumerate() {
            let p = format!("staffing.groups[{i}]");
            if !(0..=100_000).contains(&g.agents) {
                return Err(ScenarioError::invalid(
                    format!("{p}.agents"),
                    g.agents,
                    "a whole number from 0 to 100000",
                ));
            }
            if !(1..=50).contains(&g.concurrency) {
                return Err(ScenarioError::invalid(
                    format!("{p}.concurrency"),
                    g.concurrency,
                    "a whole number from 1 to 50",
                ));
            }
            if !(0.0..1.0).contains(&g.shrinkage) {
                return Err(ScenarioError::invalid(
                    format!("{p}.shrinkage"),
                    g.shrinkage,
                    "a fraction from 0 up to (not including) 1",
                ));
            }
            if g.shifts.is_empty() {
                return Err(ScenarioError::invalid(
                    format!("{p}.shifts"),
                    "[]",
                    "at least one shift, e.g. shifts = [{ days = [\"weekdays\"], start = \"09:00\", end = \"17:00\" }]",
                ));
            }
            let mut shifts = Vec::new();
            for (k, s) in g.shifts.iter().enumerate() {
                shifts.extend(calendar::windows(&format!("{p}.shifts[{k}]"), s)?);
            }
            if let Some((a, b)) = calendar::overlapping(&shifts) {
                return Err(ScenarioError::invalid(
                    format!("{p}.shifts"),
                    format!("windows {} and {}", show_window(a), show_window(b)),
                    "the shifts of one group must not overlap (use another group for overlapping teams)",
                ));
            }
            shifts.sort_by(|a, b| a.0.total_cmp(&b.0));
            groups.push(Group {
                name: g.name.clone(),
                agents: g.agents as u32,
                shrinkage: g.shrinkage,
                concurrency: g.concurrency as u32,
                speed: positive(&format!("{p}.speed"), g.speed)?,
                effectiveness: probability(&format!("{p}.effectiveness"), g.effectiveness)?,
                cost_per_h: non_negative(&format!("{p}.cost_per_h"), g.cost_per_h)?,
                channels: selection(
                    &format!("{p}.channels"),
                    &g.channels,
                    &channel_names,
                    "channel",
                )?,
                classes: selection(&format!("{p}.classes"), &g.classes, &class_names, "class")?,
                shifts,
            });
        }

        let b = &f.bot;
        let bot = if b.enabled {
            if b.delay.minutes() < 0.0 {
                return Err(ScenarioError::invalid(
                    "bot.delay",
                    format!("\"{}\"", b.delay),
                    "a duration >= 0",
                ));
            }
            Some(Bot {
                delay_min: b.delay.minutes(),
                effectiveness: probability("bot.effectiveness", b.effectiveness)?,
                handover: probability("bot.handover", b.handover)?,
                cost_per_mention: non_negative("bot.cost_per_mention", b.cost_per_mention)?,
                channels: selection("bot.channels", &b.channels, &channel_names, "channel")?,
                classes: selection("bot.classes", &b.classes, &class_names, "class")?,
            })
        } else {
            None
        };

        // Every answerable (channel, class) pair with mentions must reach a human group,
        // unless a bot that never hands over covers it.
        for (ci, ch) in channels.iter().enumerate() {
            for (ki, cl) in classes.iter().enumerate() {
                if ch.share == 0.0 || cl.share == 0.0 || !cl.answer {
                    continue;
                }
                let served = groups.iter().any(|g| g.channels[ci] && g.classes[ki]);
                let bot_only = bot
                    .as_ref()
                    .is_some_and(|b| b.channels[ci] && b.classes[ki] && b.handover == 0.0);
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

        Ok(Scenario {
            name: f.name.clone(),
            description: f.description.clone(),
            horizon_min,
            warmup_min,
            start_day,
            seed: f.seed,
            replications: f.replications as u32,
            arrivals: Arrivals {
                rate_per_h,
                profile,
                incidents,
            },
            channels,
            classes,
            customers,
            policy,
            outcomes,
            virality,
            currency: f.costs.currency.clone(),
            phone_call_cost: non_negative("costs.phone_call", f.costs.phone_call)?,
            concurrency_penalty,
            groups,
            bot,
            file: f,
        })
    }
}

fn show_window((s, e): (f64, f64)) -> String {
    let at = |m: f64| {
        let m = m.rem_euclid(WEEK_MIN);
        let d = (m / calendar::DAY_MIN) as usize;
        let in_day = m - d as f64 * calendar::DAY_MIN;
        format!(
            "{} {:02}:{:02}",
            calendar::WEEKDAYS[d.min(6)],
            (in_day / 60.0) as u32,
            (in_day % 60.0) as u32
        )
    };
    format!("{}-{}", at(s), at(e))
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
}
