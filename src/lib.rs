//! carecast: a discrete-event simulator and benchmarking testbed for **social care**,
//! customer service given over social media.
//!
//! Mentions of a brand arrive on social channels; agents working shifts answer them with
//! some speed and some quality; customers wait, lose patience, phone instead, recommend the
//! brand or not, and their public complaints spread. carecast projects service levels,
//! recommendation and virality outcomes, with costs, so that staffing plans and response
//! strategies can be compared.
//!
//! # A first study
//!
//! Load a scenario (here the built-in default, with an override as on the command line),
//! run its replications, and read a KPI with its 95% confidence interval:
//!
//! ```
//! use carecast::experiment;
//! use carecast::scenario::Scenario;
//!
//! let scenario = Scenario::builtin(&["staffing.groups[0].agents=26".to_string()])?
//!     .with_run(Some(7), Some(3)); // seed 7, 3 replications
//! let results = experiment::run(&scenario, &|| {});
//! let sla = results.kpi("answered_within_30m").expect("a reported KPI");
//! println!("answered within 30 min: {:.1}% ± {:.1} pp", 100.0 * sla.mean, 100.0 * sla.half_width());
//! assert!(sla.ci95_low <= sla.mean && sla.mean <= sla.ci95_high);
//! # Ok::<(), carecast::scenario::ScenarioError>(())
//! ```
//!
//! # Comparing plans and sweeping parameters
//!
//! Plans compared under common random numbers see the same customers in every
//! replication, so their differences come with tight paired intervals:
//!
//! ```
//! use carecast::compare::{Plan, compare};
//! use carecast::scenario::Scenario;
//!
//! let day = |extra: &[&str]| {
//!     let mut sets = vec!["horizon=\"1d\"".to_string(), "warmup=\"0m\"".to_string()];
//!     sets.extend(extra.iter().map(|s| s.to_string()));
//!     Scenario::builtin(&sets)
//! };
//! let plans = [
//!     Plan { name: "fifo".into(), scenario: day(&[])? },
//!     Plan { name: "lifo".into(), scenario: day(&["policy.discipline=lifo"])? },
//! ];
//! let comparison = compare(&plans, 1, 3, &|| {});
//! let d = comparison.difference(1, "answered_within_30m").expect("both plans report it");
//! println!("LIFO - FIFO: {:+.1} pp ± {:.1}", 100.0 * d.paired.mean, 100.0 * d.paired.half_width());
//! println!("{}", comparison.verdict(1, "USD"));
//! # Ok::<(), carecast::scenario::ScenarioError>(())
//! ```
//!
//! [`sweep`] runs a grid or Latin hypercube of parameter values (its module docs have an
//! example), resumable from a journal and shardable across machines; [`compare`] and
//! [`sweep`] are the library side of `carecast compare`, `carecast sweep` and
//! `carecast merge`.
//!
//! # A routing policy of your own
//!
//! Which waiting mention a freed agent takes next, and which group with a free agent takes
//! an arriving mention, is a [`model::Routing`] policy. The scenario's `policy.discipline`
//! picks a built-in one; [`model::simulate_with`] runs one replication with yours, on the
//! very same customers. Here, the oldest complaint first, then the newest of anything else:
//!
//! ```
//! use carecast::kpi::{KpiRecorder, kpi_names};
//! use carecast::model::{self, MentionView, Routing, Score};
//! use carecast::scenario::Scenario;
//!
//! struct OldestComplaintFirst {
//!     complaint: usize, // index of the complaint class
//! }
//!
//! impl Routing for OldestComplaintFirst {
//!     // The largest key is taken first; tuples compare field by field.
//!     type Key = (bool, Score);
//!
//!     fn queue_key(&mut self, m: &MentionView) -> Self::Key {
//!         if m.class == self.complaint {
//!             (true, Score(-m.arrival_min)) // complaints, the oldest first
//!         } else {
//!             (false, Score(m.arrival_min)) // then the newest
//!         }
//!     }
//!     // `choose_group` keeps its default: the least-loaded group that has a free agent.
//! }
//!
//! let scenario = Scenario::builtin(&["horizon=\"2d\"".to_string(), "warmup=\"0m\"".to_string()])?;
//! let complaint = scenario.classes.iter().position(|c| c.name == "complaint").expect("a class");
//! let policy = OldestComplaintFirst { complaint };
//! let result = model::simulate_with(&scenario, 0, KpiRecorder::new(&scenario), policy)
//!     .into_result(0);
//! let names = kpi_names(&scenario);
//! let kpi = |name: &str| result.kpis[names.iter().position(|n| n == name).expect("a KPI")];
//! // Every mention is answered, dropped or still open at the end.
//! assert!(kpi("mentions") > 0.0);
//! assert_eq!(kpi("mentions"), kpi("answered") + kpi("dropped") + kpi("open_at_end"));
//! # Ok::<(), carecast::scenario::ScenarioError>(())
//! ```
//!
//! # The shape of the crate
//!
//! Data flows one way:
//!
//! - [`scenario`]: TOML text → [`scenario::ScenarioFile`] (a faithful serde image that
//!   refuses unknown keys) → `--set` overrides → validated [`scenario::Scenario`].
//! - [`experiment`]: replications in parallel (rayon lives here, in [`compare`] and in
//!   [`sweep`] only), each with its own random streams ([`rng`]), aggregated in index
//!   order.
//! - [`model`]: one replication as a discrete-event simulation on the tiny kernel of
//!   [`engine`]; it reports to a [`record::Recorder`] and never prints.
//! - [`kpi`] and [`stats`]: the recorder that computes the KPIs, streaming statistics and
//!   Student t intervals.
//! - [`sustain`]: whether a run's backlog clears or grows week over week, the verdict every
//!   run's table, `summary.json` and report open with.
//! - [`results`]: one serde type per results file (JSON and CSV), one writer and one
//!   reader per format, written atomically; [`report`]
//!   renders a results folder as charts (PNG, SVG) and a self-contained HTML report.
//! - [`erlang`]: Erlang C and Erlang A formulas and the exact Erlang Chat model (agents
//!   sharing their attention among several conversations), the ground truth the simulator
//!   is tested against; [`calc`] is the `carecast erlang` calculator on top of them and
//!   [`validate`] the suite of `carecast validate`.
//! - [`optimize`]: the cheapest head counts per shift template meeting a service goal
//!   (hourly requirements from [`calc`], then an integer program), the library side of
//!   `carecast optimize`.
//! - the `carecast` binary (`src/main.rs`, `src/cli/`): one file per subcommand, a thin layer
//!   over the above; the library needs neither clap nor a terminal.
//!
//! Custom observations are a [`record::Recorder`] away: implement the events you need and
//! call [`model::simulate`] with it.

#![warn(missing_docs, unreachable_pub, missing_debug_implementations)]

/// The carecast version written into every result.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod budget;
pub mod calc;
pub mod compare;
pub mod engine;
pub mod erlang;
pub mod experiment;
pub mod fit;
pub mod format;
pub mod history;
pub mod kpi;
pub mod model;
pub mod optimize;
pub mod record;
pub mod report;
pub mod results;
pub mod rng;
pub mod scenario;
pub mod stats;
pub mod sustain;
pub mod sweep;
pub mod targets;
pub mod validate;

/// Whose fault an error is: the user's input (a scenario, a calculator option, a sweep
/// file, a results folder given to `carecast report`), or something else (a failed write,
/// a full disk). The command line turns the first into exit code 2 and the second into 1;
/// every error type of the library says which it is.
pub trait Blame {
    /// Whether the error is a problem of the user's input.
    fn is_input(&self) -> bool;
}

impl Blame for std::io::Error {
    fn is_input(&self) -> bool {
        false
    }
}

impl Blame for serde_json::Error {
    fn is_input(&self) -> bool {
        false
    }
}

impl Blame for scenario::ScenarioError {
    /// A scenario that does not parse or validate is always the input's fault.
    fn is_input(&self) -> bool {
        true
    }
}

impl Blame for calc::CalcError {
    /// Calculator errors are about its inputs, except a shared-attention model the solver
    /// could not solve.
    fn is_input(&self) -> bool {
        !matches!(self, calc::CalcError::Unsolved { .. })
    }
}
