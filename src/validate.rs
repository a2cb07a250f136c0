//! The validation suite behind `carecast validate`: the simulator against queueing theory.
//!
//! Each queueing case builds the textbook M/M/c (Erlang C) or M/M/c+M (Erlang A) model as
//! a carecast scenario (one channel, one class, constant arrival rate, exponential handle
//! time and patience, one reply, call-centre semantics, no virality), simulates it, and
//! compares the replication means of P(wait > 0), P(abandon), the mean wait and the
//! occupancy with the exact values of [`crate::erlang`]. A check passes when
//! `|z| <= 4`, with `z = (simulated mean - exact) / standard error over replications`.
//! Warm-up periods are several relaxation times long, so the bias of starting empty is far
//! below one standard error.
//!
//! Little's law is checked on the full default scenario, per class and overall: the
//! time-average queue length the model integrates equals the arrival rate into the queue
//! times the mean time in queue (waits of mentions still queued at the horizon counted up
//! to the horizon). This holds exactly for any sample path, so it is checked to 1e-9.
//!
//! Chat agents sharing their attention (`attention = "shared"`, processor sharing with
//! the efficiency table derived from the concurrency penalty) are checked the same way
//! against the exact Erlang Chat Markov chain of [`crate::erlang::ChatModel`]: P(wait > 0),
//! P(abandon), the mean wait, occupancy (time writing over time available) and slot
//! utilisation, for two team sizes at concurrency 2 and 3.
//!
//! The chat (concurrency) approximation of the calculator is shown next to the
//! simulation for information: it is an approximation, not a law, so it has no pass/fail.

use rayon::prelude::*;
use serde::Serialize;

use crate::calc;
use crate::erlang::{ChatModel, ErlangA, ErlangC, chat::efficiency_from_penalty};
use crate::experiment::{self, RunResults};
use crate::model::simulate;
use crate::record::{self, Recorder};
use crate::scenario::{AttentionKind, DistSpec, Duration, Scenario, ScenarioError, ScenarioFile};

/// The Erlang A template scenario (`scenarios/erlang-a.toml`), compiled in so that the
/// suite runs from any folder.
const TEMPLATE: &str = include_str!("../scenarios/erlang-a.toml");

/// Largest |z| accepted.
pub const Z_LIMIT: f64 = 4.0;

/// One row of the validation table.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The case, e.g. `M/M/10+M rho=1.2 theta/mu=0.5`.
    pub case: String,
    /// What is compared.
    pub measure: String,
    /// The theoretical value.
    pub exact: f64,
    /// Simulated mean over replications.
    pub simulated: f64,
    /// Half-width of its 95% confidence interval.
    pub ci95: f64,
    /// Standard score of the difference (NaN for exact identities and information rows).
    pub z: f64,
    /// `Some(pass)` for a check, `None` for an information row.
    pub pass: Option<bool>,
}

/// A queueing case: rates per minute.
#[derive(Debug, Clone)]
pub struct QueueCase {
    /// Arrival rate.
    pub lambda: f64,
    /// Service rate of one server.
    pub mu: f64,
    /// Abandonment rate (None: infinitely patient, Erlang C).
    pub theta: Option<f64>,
    /// Agents.
    pub agents: u32,
    /// Conversations each agent holds at once (servers = agents x concurrency).
    pub concurrency: u32,
}

impl QueueCase {
    fn servers(&self) -> u32 {
        self.agents * self.concurrency
    }

    /// A readable name: `M/M/c` or `M/M/c+M` with load and patience.
    pub fn name(&self) -> String {
        let rho = self.lambda / (self.mu * f64::from(self.servers()));
        let servers = if self.concurrency > 1 {
            format!("{}x{}", self.agents, self.concurrency)
        } else {
            self.agents.to_string()
        };
        match self.theta {
            Some(t) => format!(
                "M/M/{servers}+M rho={} theta/mu={}",
                round3(rho),
                round3(t / self.mu)
            ),
            None => format!("M/M/{servers} rho={}", round3(rho)),
        }
    }

    /// Relaxation time scale, minutes: how long the empty start takes to wash out.
    fn relaxation_min(&self) -> f64 {
        let rho = self.lambda / (self.mu * f64::from(self.servers()));
        let service = 1.0 / self.mu;
        match self.theta {
            Some(t) => 10.0 * service.max(1.0 / t),
            None => {
                10.0 * service
                    / (1.0 - rho.sqrt()).powi(2).max(1e-3)
                    / f64::from(self.servers()).sqrt()
            }
        }
    }

    /// The case as a scenario with `replications` of about `customers` measured arrivals.
    pub fn scenario(&self, replications: u32, customers: f64) -> Result<Scenario, ScenarioError> {
        let mut file: ScenarioFile =
            toml::from_str(TEMPLATE).map_err(|e| ScenarioError::Syntax {
                file: "<erlang-a template>".into(),
                message: e.to_string(),
            })?;
        file.name = "validate".into();
        file.arrivals.rate_per_h = self.lambda * 60.0;
        file.classes[0].handle_time = DistSpec::Exponential {
            mean: Duration::from_minutes(1.0 / self.mu),
        };
        match self.theta {
            Some(t) => {
                file.classes[0].patience = DistSpec::Exponential {
                    mean: Duration::from_minutes(1.0 / t),
                };
                file.classes[0].expects_reply = 1.0;
            }
            None => file.classes[0].expects_reply = 0.0,
        }
        file.staffing.groups[0].agents = i64::from(self.agents);
        file.staffing.groups[0].concurrency = i64::from(self.concurrency);
        file.staffing.concurrency_penalty = 0.0;
        let warmup = self.relaxation_min().ceil();
        let measured = (customers / self.lambda).ceil();
        file.service_levels = vec![Duration::from_minutes(TAKEN_MIN)];
        file.warmup = Duration::from_minutes(warmup);
        file.horizon = Duration::from_minutes(warmup + measured);
        file.replications = i64::from(replications);
        Scenario::try_from(file)
    }

    /// The exact values: (measure, KPI name, value).
    pub fn exact(&self) -> Vec<(&'static str, &'static str, f64)> {
        let c = self.servers();
        match self.theta {
            Some(t) => match ErlangA::new(self.lambda, self.mu, t, c) {
                Ok(q) => vec![
                    ("P(wait > 0)", "p_wait_pos", q.p_wait_pos()),
                    ("P(abandon)", "abandon_rate", q.p_abandon()),
                    ("mean wait, min", "wait_mean_min", q.mean_wait()),
                    ("occupancy", "slot_utilisation", q.occupancy()),
                    (TAKEN_WITHIN, "taken_within_5m", q.served_within(TAKEN_MIN)),
                ],
                Err(_) => Vec::new(),
            },
            None => match ErlangC::new(self.lambda, self.mu, c) {
                Ok(q) => vec![
                    ("P(wait > 0)", "p_wait_pos", q.p_wait_pos()),
                    ("mean wait, min", "wait_mean_min", q.mean_wait()),
                    ("occupancy", "slot_utilisation", q.occupancy()),
                    (TAKEN_WITHIN, "taken_within_5m", q.service_level(TAKEN_MIN)),
                ],
                Err(_) => Vec::new(),
            },
        }
    }
}

/// The service-level threshold of the queueing cases, minutes: the simulator's
/// `taken_within_5m` is the exact P(served and wait <= 5 min).
const TAKEN_MIN: f64 = 5.0;
const TAKEN_WITHIN: &str = "P(taken within 5 min)";

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The queueing cases: the quick set runs in CI, the full set adds more.
pub fn cases(quick: bool) -> Vec<QueueCase> {
    let mm = |lambda: f64, mu: f64, theta: Option<f64>, agents: u32| QueueCase {
        lambda,
        mu,
        theta,
        agents,
        concurrency: 1,
    };
    // mu = 0.2/min: a 5-minute mean handle time; loads rho = lambda / (c mu).
    let mut v = vec![
        mm(0.1, 0.2, None, 1),          // M/M/1, rho 0.5
        mm(1.6, 0.2, None, 10),         // M/M/10, rho 0.8
        mm(0.24, 0.2, Some(0.1), 1),    // M/M/1+M overloaded, impatient
        mm(2.0, 0.2, Some(0.1), 11),    // the erlang-a scenario
        mm(20.0, 0.2, Some(0.02), 100), // M/M/100+M at rho 1, patient
        mm(100.0, 0.2, Some(0.2), 500), // M/M/500+M at rho 1
    ];
    if !quick {
        v.extend([
            mm(0.16, 0.2, None, 1),         // M/M/1, rho 0.8
            mm(9.5, 0.2, None, 50),         // M/M/50, rho 0.95
            mm(1.0, 0.2, Some(1.0), 10),    // rho 0.5, very impatient
            mm(20.0, 0.2, Some(0.4), 100),  // rho 1, impatient
            mm(24.0, 0.2, Some(0.4), 100),  // rho 1.2, impatient
            mm(95.0, 0.2, Some(0.02), 500), // M/M/500+M, rho 0.95, patient
            QueueCase {
                lambda: 2.0,
                mu: 0.2,
                theta: Some(0.1),
                agents: 5,
                concurrency: 2,
            },
        ]);
    }
    v
}

/// The penalty behind the shared-attention cases' efficiency table,
/// `efficiency(k) = k / (1 + penalty (k - 1))`.
const CHAT_PENALTY: f64 = 0.1;

/// A chat case: agents sharing their attention among up to `concurrency` conversations
/// (one reply each, exponential work, exponential patience, least-loaded routing).
#[derive(Debug, Clone)]
pub struct ChatCase {
    /// Arrival rate, per minute.
    pub lambda: f64,
    /// Full-speed service rate of one conversation, per minute.
    pub mu: f64,
    /// Abandonment rate, per minute.
    pub theta: f64,
    /// Agents.
    pub agents: u32,
    /// Conversations one agent holds at once.
    pub concurrency: u32,
}

impl ChatCase {
    fn efficiency(&self) -> Vec<f64> {
        efficiency_from_penalty(self.concurrency, CHAT_PENALTY)
    }

    /// A readable name, with the load on the agents' full capacity `N mu eff(K)`.
    pub fn name(&self) -> String {
        let eff = self.efficiency();
        let capacity = f64::from(self.agents) * self.mu * eff.last().copied().unwrap_or(1.0);
        format!(
            "chat {}x{} shared rho={} theta/mu={}",
            self.agents,
            self.concurrency,
            round3(self.lambda / capacity),
            round3(self.theta / self.mu)
        )
    }

    /// The case as a scenario: the queueing template with shared attention.
    pub fn scenario(&self, replications: u32, customers: f64) -> Result<Scenario, ScenarioError> {
        let queue = QueueCase {
            lambda: self.lambda,
            mu: self.mu,
            theta: Some(self.theta),
            agents: self.agents,
            concurrency: self.concurrency,
        };
        let mut file = ScenarioFile::from(&queue.scenario(replications, customers)?);
        file.staffing.concurrency_penalty = CHAT_PENALTY;
        file.staffing.groups[0].attention = AttentionKind::Shared;
        Scenario::try_from(file)
    }

    /// The exact values of the Erlang Chat chain: (measure, KPI name, value).
    pub fn exact(&self) -> Vec<(&'static str, &'static str, f64)> {
        match ChatModel::new(
            self.lambda,
            self.mu,
            self.theta,
            self.agents,
            self.concurrency,
            &self.efficiency(),
        ) {
            Ok(q) => vec![
                ("P(wait > 0)", "p_wait_pos", q.p_wait_pos()),
                ("P(abandon)", "abandon_rate", q.p_abandon()),
                ("mean wait, min", "wait_mean_min", q.mean_wait()),
                ("occupancy", "occupancy", q.occupancy()),
                ("slot utilisation", "slot_utilisation", q.slot_utilisation()),
            ],
            Err(_) => Vec::new(),
        }
    }
}

/// The chat cases: two team sizes at concurrency 2 and 3, loaded near capacity.
pub fn chat_cases(quick: bool) -> Vec<ChatCase> {
    let chat = |lambda: f64, agents: u32, concurrency: u32| ChatCase {
        lambda,
        mu: 0.2,
        theta: 0.1,
        agents,
        concurrency,
    };
    // Capacities N x 0.2 x eff(K): eff(2) = 1.82, eff(3) = 2.5.
    let mut v = vec![chat(1.8, 4, 3), chat(2.6, 8, 2)];
    if !quick {
        v.extend([chat(1.3, 4, 2), chat(3.6, 8, 3)]);
    }
    v
}

/// Size of the runs.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    /// Replications per case.
    pub replications: u32,
    /// Measured arrivals per replication.
    pub customers: f64,
}

impl Effort {
    /// The effort for `--quick` (CI) or the full suite.
    pub fn new(quick: bool) -> Self {
        if quick {
            Effort {
                replications: 10,
                customers: 20_000.0,
            }
        } else {
            Effort {
                replications: 30,
                customers: 100_000.0,
            }
        }
    }
}

/// Number of replications the suite runs (for a progress bar).
pub fn total_replications(quick: bool) -> u64 {
    let e = Effort::new(quick);
    (cases(quick).len() as u64 + chat_cases(quick).len() as u64 + 1) * u64::from(e.replications)
        + LITTLE_REPLICATIONS
}

const LITTLE_REPLICATIONS: u64 = 2;

/// Runs the suite, calling `progress` after every replication.
pub fn run(quick: bool, progress: &(dyn Fn() + Sync)) -> Result<Vec<Check>, ScenarioError> {
    let effort = Effort::new(quick);
    let mut checks = Vec::new();
    for (i, case) in cases(quick).into_iter().enumerate() {
        // A seed of its own per case: with one seed for all, every case would see the same
        // uniforms (common random numbers) and their errors would move together.
        let sc = case
            .scenario(effort.replications, effort.customers)?
            .with_run(Some(1 + i as u64), None);
        let results = experiment::run(&sc, progress);
        for (measure, kpi, exact) in case.exact() {
            checks.push(compare(&case.name(), measure, kpi, exact, &results));
        }
    }
    for (i, case) in chat_cases(quick).into_iter().enumerate() {
        let sc = case
            .scenario(effort.replications, effort.customers)?
            .with_run(Some(101 + i as u64), None);
        let results = experiment::run(&sc, progress);
        for (measure, kpi, exact) in case.exact() {
            checks.push(compare(&case.name(), measure, kpi, exact, &results));
        }
    }
    checks.extend(chat_approximation(effort, progress)?);
    checks.extend(little(progress)?);
    Ok(checks)
}

/// Compares the replication means of `kpi` with `exact`.
///
/// For shares (probabilities, occupancy) the standard error is floored at the binomial
/// standard error of a share estimated from all `N` measured customers,
/// `sqrt(max(p (1 - p), 1 / N) / N)`: near 0 or 1 (an overloaded queue where nobody finds
/// a free agent) the replications can agree to the last digit, and a difference far below
/// what `N` customers can resolve is not evidence of a bias.
fn compare(case: &str, measure: &str, kpi: &str, exact: f64, results: &RunResults) -> Check {
    let s = results
        .kpi(kpi)
        .copied()
        .unwrap_or(crate::stats::Summary::of(&[]));
    let mut se = s.std / (s.n as f64).sqrt();
    if kpi != "wait_mean_min" {
        let customers = results.kpi("mentions").map_or(0.0, |m| m.mean * m.n as f64);
        if customers > 0.0 {
            let p = exact.clamp(0.0, 1.0);
            se = se.max(((p * (1.0 - p)).max(1.0 / customers) / customers).sqrt());
        }
    }
    let z = if se > 0.0 {
        (s.mean - exact) / se
    } else if (s.mean - exact).abs() <= 1e-12 {
        0.0
    } else {
        f64::INFINITY
    };
    Check {
        case: case.to_string(),
        measure: measure.to_string(),
        exact,
        simulated: s.mean,
        ci95: s.half_width(),
        z,
        pass: Some(z.abs() <= Z_LIMIT),
    }
}

/// The calculator's chat approximation against a simulation with concurrency and a
/// slowdown: information only.
fn chat_approximation(
    effort: Effort,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<Check>, ScenarioError> {
    let case = QueueCase {
        lambda: 2.0,
        mu: 0.2,
        theta: Some(0.1),
        agents: 4,
        concurrency: 3,
    };
    let penalty = 0.1;
    let mut sc = case.scenario(effort.replications, effort.customers)?;
    sc.concurrency_penalty = penalty;
    let results = experiment::run(&sc, progress);
    let name = format!(
        "chat approx. {}x{} penalty {penalty}",
        case.agents, case.concurrency
    );
    let inputs = calc::Inputs {
        arrivals_per_min: case.lambda,
        handle_min: 1.0 / case.mu,
        patience_min: case.theta.map(|t| 1.0 / t),
        first_reply_min: None,
        target_min: 30.0,
        concurrency: case.concurrency,
        penalty,
    };
    let mut rows = Vec::new();
    if let Ok(queue) = inputs.queue(case.agents) {
        let m = calc::Metrics::of(&queue, inputs.target_min, inputs.slot_first_reply_min());
        for (measure, kpi, exact) in [
            ("P(wait > 0)", "p_wait_pos", m.p_wait_pos),
            (
                "P(abandon)",
                "abandon_rate",
                m.p_abandon.unwrap_or(f64::NAN),
            ),
            ("occupancy", "slot_utilisation", m.occupancy),
        ] {
            let mut c = compare(&name, measure, kpi, exact, &results);
            c.pass = None;
            rows.push(c);
        }
    }
    Ok(rows)
}

/// Queue exits up to the horizon (Little's law holds over the window; exits in the
/// follow-up are the mentions still waiting at the horizon, counted from the run's end).
struct QueueBook {
    horizon_min: f64,
    exits: Vec<(u64, f64)>,
    end: Option<record::RunEnd>,
}

impl Recorder for QueueBook {
    fn queue_exit(&mut self, e: &record::QueueExit) {
        if e.t_min > self.horizon_min {
            return;
        }
        if self.exits.len() <= e.class {
            self.exits.resize(e.class + 1, (0, 0.0));
        }
        self.exits[e.class].0 += 1;
        self.exits[e.class].1 += e.wait_min;
    }
    fn finish(&mut self, e: &record::RunEnd) {
        self.end = Some(e.clone());
    }
}

/// Little's law on the default scenario, per class and overall, per replication.
fn little(progress: &(dyn Fn() + Sync)) -> Result<Vec<Check>, ScenarioError> {
    let sc = Scenario::builtin(&["warmup=\"0m\"".to_string(), "horizon=\"7d\"".to_string()])?;
    let books: Vec<QueueBook> = (0..LITTLE_REPLICATIONS)
        .into_par_iter()
        .map(|i| {
            let book = QueueBook {
                horizon_min: sc.horizon_min,
                exits: Vec::new(),
                end: None,
            };
            let b = simulate(&sc, i, book);
            progress();
            b
        })
        .collect();
    let mut rows = Vec::new();
    let n_classes = sc.classes.len();
    for k in 0..=n_classes {
        let label = if k < n_classes {
            sc.classes[k].name.clone()
        } else {
            "all classes".into()
        };
        let (mut worst_rel, mut l_sum, mut lw_sum) = (0.0f64, 0.0, 0.0);
        for b in &books {
            let Some(end) = &b.end else { continue };
            let classes: Vec<usize> = if k < n_classes {
                vec![k]
            } else {
                (0..n_classes).collect()
            };
            let mut entries = 0.0;
            let mut time_in_queue = 0.0;
            let mut l = 0.0;
            for &c in &classes {
                let (n, w) = b.exits.get(c).copied().unwrap_or((0, 0.0));
                let (n_open, w_open) = end
                    .waiting_at_horizon_by_class
                    .get(c)
                    .copied()
                    .unwrap_or((0, 0.0));
                entries += (n + n_open) as f64;
                time_in_queue += w + w_open;
                l += end.queue_mean_by_class.get(c).copied().unwrap_or(0.0);
            }
            let lambda = entries / end.window_min;
            let w = if entries > 0.0 {
                time_in_queue / entries
            } else {
                0.0
            };
            let lw = lambda * w;
            worst_rel = worst_rel.max((l - lw).abs() / lw.abs().max(1e-12));
            l_sum += l;
            lw_sum += lw;
        }
        let reps = books.len() as f64;
        rows.push(Check {
            case: format!("Little's law: retail-week, {label}"),
            measure: "L = lambda W".into(),
            exact: lw_sum / reps,
            simulated: l_sum / reps,
            ci95: f64::NAN,
            z: f64::NAN,
            pass: Some(worst_rel <= 1e-9),
        });
    }
    Ok(rows)
}

/// The validation table as text.
pub fn table(checks: &[Check]) -> String {
    let mut out = format!(
        "{:<44} {:<22} {:>12} {:>24} {:>7}  {}\n",
        "case", "measure", "exact", "simulated ± 95% CI", "z", "result"
    );
    for c in checks {
        let sim = if c.ci95.is_nan() {
            format!("{:.6}", c.simulated)
        } else {
            format!("{:.6} ± {:.6}", c.simulated, c.ci95)
        };
        let z = if c.z.is_nan() {
            "-".to_string()
        } else {
            format!("{:+.2}", c.z)
        };
        let verdict = match c.pass {
            Some(true) => "pass",
            Some(false) => "FAIL",
            None => "info",
        };
        out.push_str(&format!(
            "{:<44} {:<22} {:>12.6} {:>24} {:>7}  {}\n",
            c.case, c.measure, c.exact, sim, z, verdict
        ));
    }
    let checked = checks.iter().filter(|c| c.pass.is_some()).count();
    let failed = checks.iter().filter(|c| c.pass == Some(false)).count();
    if failed == 0 {
        out.push_str(&format!("\nall {checked} checks pass\n"));
    } else {
        out.push_str(&format!("\n{failed} of {checked} checks FAIL\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results_with(values: &[f64]) -> RunResults {
        let sc = QueueCase {
            lambda: 1.0,
            mu: 0.2,
            theta: Some(0.1),
            agents: 6,
            concurrency: 1,
        }
        .scenario(2, 100.0)
        .expect("valid case");
        let names = crate::kpi::kpi_names(&sc);
        let reps = values
            .iter()
            .enumerate()
            .map(|(i, v)| crate::kpi::ReplicationResult {
                index: i as u64,
                kpis: names
                    .iter()
                    .map(|n| if n == "mentions" { 1e6 } else { *v })
                    .collect(),
                hourly: Vec::new(),
                distribution: Vec::new(),
                service: Vec::new(),
                overloaded: None,
            })
            .collect();
        experiment::aggregate(&sc, reps)
    }

    #[test]
    fn a_check_fails_when_the_simulation_is_off_by_many_standard_errors() {
        let r = results_with(&[0.50, 0.51, 0.49, 0.50, 0.52, 0.48]);
        assert_eq!(compare("c", "m", "p_wait_pos", 0.50, &r).pass, Some(true));
        let off = compare("c", "m", "p_wait_pos", 0.60, &r);
        assert_eq!(off.pass, Some(false), "z = {}", off.z);
        assert!(off.z < -4.0);
    }

    #[test]
    fn cases_are_the_textbook_queues() {
        let quick = cases(true);
        assert!(
            quick.iter().any(|c| c.agents == 1 && c.theta.is_none()),
            "M/M/1"
        );
        assert!(quick.iter().any(|c| c.agents == 500), "large c");
        assert!(
            quick
                .iter()
                .any(|c| c.lambda / (c.mu * f64::from(c.servers())) > 1.0),
            "overload"
        );
        let full = cases(false);
        assert!(full.len() > quick.len());
        for c in &full {
            let sc = c.scenario(2, 1000.0).expect("valid");
            assert!(sc.virality.is_none() && !sc.policy.answer_after_abandon);
            assert!(!c.exact().is_empty(), "{}", c.name());
        }
    }

    #[test]
    fn chat_cases_cover_two_team_sizes_at_concurrency_2_and_3_with_shared_attention() {
        for quick in [true, false] {
            let cases = chat_cases(quick);
            for (agents, k) in [(4, 3), (8, 2)] {
                assert!(
                    cases
                        .iter()
                        .any(|c| c.agents == agents && c.concurrency == k),
                    "{agents}x{k}"
                );
            }
            for c in &cases {
                let sc = c.scenario(2, 1000.0).expect("valid");
                assert!(matches!(
                    sc.groups[0].attention,
                    crate::scenario::Attention::Shared(_)
                ));
                assert_eq!(c.exact().len(), 5, "{}", c.name());
            }
        }
    }
}
