//! The calculator's inputs, validated option by option, and the queue they select: Erlang C
//! without a patience, Erlang A with one, and the concurrency approximation (an agent
//! holding `K` conversations counts as `K` slower servers). The exact shared-attention
//! model is selected beside the inputs, by [`Attention`](super::Attention).

use serde::Serialize;

use super::error::model_error;
use super::format::{fmt_minutes, num};
use super::{CalcError, MAX_AGENTS, MAX_CONCURRENCY};
use crate::erlang::{ErlangA, ErlangC, ErlangError};

/// Which queueing model the inputs select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Model {
    /// M/M/c: no abandonment (no `--patience`).
    #[serde(rename = "Erlang C")]
    ErlangC,
    /// M/M/c+M: exponential patience (`--patience` given).
    #[serde(rename = "Erlang A")]
    ErlangA,
    /// The exact shared-attention chat model (`--attention shared`), with or without
    /// patience.
    #[serde(rename = "Erlang Chat")]
    ErlangChat,
}

impl Model {
    /// `"Erlang C"`, `"Erlang A"` or `"Erlang Chat"`.
    pub fn name(self) -> &'static str {
        match self {
            Model::ErlangC => "Erlang C",
            Model::ErlangA => "Erlang A",
            Model::ErlangChat => "Erlang Chat",
        }
    }

    /// The model and its assumptions, in one line.
    pub fn assumptions(self) -> &'static str {
        match self {
            Model::ErlangC => {
                "Erlang C (M/M/c): Poisson arrivals, exponential handle times, identical agents, \
                 infinite patience (nobody abandons), first come first served, long-run steady state"
            }
            Model::ErlangA => {
                "Erlang A (M/M/c+M): Poisson arrivals, exponential handle times, identical agents, \
                 exponential patience (a customer still waiting when it runs out abandons), first \
                 come first served, long-run steady state"
            }
            Model::ErlangChat => {
                "Erlang Chat (exact Markov chain, shared attention): Poisson arrivals, identical \
                 agents each holding up to --concurrency conversations and sharing their \
                 attention among them (exponential work; with j held an agent completes eff(j) \
                 times as much as with one), an arrival goes to the least-loaded agent with a \
                 free slot or else waits first come first served (abandoning after an \
                 exponential patience if --patience is given), one reply per conversation, no \
                 think time, long-run steady state"
            }
        }
    }
}

/// The calculator's inputs, in minutes and per minute.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Inputs {
    /// Arrival rate `λ`, per minute.
    pub arrivals_per_min: f64,
    /// Mean handle time of one conversation by an agent holding only it, minutes.
    pub handle_min: f64,
    /// Mean patience, minutes: `Some` selects Erlang A, `None` Erlang C.
    pub patience_min: Option<f64>,
    /// Mean time an agent holding only this conversation takes to write its first reply,
    /// minutes (the simulator's class `handle_time`, times the channel factor, over the
    /// speed). `None`: the handle time, i.e. the first reply is the whole conversation, as
    /// with one reply per conversation. Taken as exponential and independent of the wait.
    pub first_reply_min: Option<f64>,
    /// Service-level threshold `t`, minutes, for both "taken within t" and "answered
    /// within t".
    pub target_min: f64,
    /// Conversations one agent holds at once (1 = no approximation).
    pub concurrency: u32,
    /// Slowdown per extra conversation held (`staffing.concurrency_penalty`).
    pub penalty: f64,
}

/// The queue evaluated for one number of agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Queue {
    /// No patience given.
    C(ErlangC),
    /// Patience given.
    A(ErlangA),
}

impl Inputs {
    /// Checks every input, naming the option at fault.
    ///
    /// # Errors
    /// [`CalcError::Invalid`] for a non-finite, zero or negative rate or time, a
    /// concurrency outside `1..=`[`MAX_CONCURRENCY`] or a negative penalty.
    pub fn validate(&self) -> Result<(), CalcError> {
        let positive = |option: &'static str, value: f64, shown: String| {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(CalcError::Invalid {
                    option,
                    value: shown,
                    allowed: "must be a finite number greater than 0".into(),
                })
            }
        };
        positive(
            "--arrivals",
            self.arrivals_per_min,
            format!("{}/min", self.arrivals_per_min),
        )?;
        positive("--handle", self.handle_min, format!("{}m", self.handle_min))?;
        if let Some(p) = self.patience_min {
            positive("--patience", p, format!("{p}m"))?;
        }
        if let Some(r) = self.first_reply_min {
            positive("--first-reply", r, format!("{r}m"))?;
            if r > self.handle_min {
                return Err(CalcError::Invalid {
                    option: "--first-reply",
                    value: fmt_minutes(r),
                    allowed: format!(
                        "the first reply is part of the conversation, so it cannot take longer \
                         than --handle ({}); give at most that, or omit --first-reply",
                        fmt_minutes(self.handle_min)
                    ),
                });
            }
        }
        positive("--target", self.target_min, format!("{}m", self.target_min))?;
        if !(1..=MAX_CONCURRENCY).contains(&self.concurrency) {
            return Err(CalcError::Invalid {
                option: "--concurrency",
                value: self.concurrency.to_string(),
                allowed: format!("must be a whole number from 1 to {MAX_CONCURRENCY}"),
            });
        }
        if !(self.penalty.is_finite() && self.penalty >= 0.0) {
            return Err(CalcError::Invalid {
                option: "--penalty",
                value: self.penalty.to_string(),
                allowed: "must be a finite number >= 0".into(),
            });
        }
        Ok(())
    }

    /// Erlang A if a patience is given, else Erlang C.
    pub fn model(&self) -> Model {
        if self.patience_min.is_some() {
            Model::ErlangA
        } else {
            Model::ErlangC
        }
    }

    /// Mean handle time of one conversation slot: `handle × (1 + penalty × (K − 1))`
    /// (equal to the handle time without concurrency).
    pub fn slot_handle_min(&self) -> f64 {
        self.handle_min * (1.0 + self.penalty * (f64::from(self.concurrency) - 1.0))
    }

    /// Mean first-reply time as given, or the handle time without `--first-reply`.
    pub fn first_reply_or_handle_min(&self) -> f64 {
        self.first_reply_min.unwrap_or(self.handle_min)
    }

    /// Mean first-reply time in one conversation slot, with the same slowdown as
    /// [`slot_handle_min`](Self::slot_handle_min): `first reply × (1 + penalty × (K − 1))`.
    pub fn slot_first_reply_min(&self) -> f64 {
        self.first_reply_or_handle_min()
            * (1.0 + self.penalty * (f64::from(self.concurrency) - 1.0))
    }

    /// Offered load `λ × handle` in Erlangs: the agents busy on average without concurrency.
    pub fn offered_load(&self) -> f64 {
        self.arrivals_per_min * self.handle_min
    }

    /// Offered load in agents as the model sees it: `λ × slot handle / K` (equal to
    /// [`offered_load`](Self::offered_load) without concurrency). Erlang C needs more agents
    /// than this.
    pub fn agent_load(&self) -> f64 {
        self.arrivals_per_min * self.slot_handle_min() / f64::from(self.concurrency)
    }

    /// Servers (conversation slots) for `agents` agents: `agents × K`.
    pub fn servers(&self, agents: u32) -> u32 {
        agents.saturating_mul(self.concurrency)
    }

    /// The approximation in use, if any (only with concurrency above 1).
    pub fn approximation(&self) -> Option<String> {
        (self.concurrency > 1).then(|| {
            format!(
                "approximation: each agent counts as {k} parallel servers (conversation slots) \
                 with mean handle time {h} x (1 + {p} x ({k} - 1)) = {s}, the slowdown when all \
                 {k} slots are busy; real agents holding fewer conversations work faster, so \
                 waits tend to be overstated at low load",
                k = self.concurrency,
                h = fmt_minutes(self.handle_min),
                p = num(self.penalty),
                s = fmt_minutes(self.slot_handle_min()),
            )
        })
    }

    /// The queue for `agents` agents: `agents × K` servers with service rate
    /// `1 / slot handle`, abandonment rate `1 / patience` for Erlang A.
    ///
    /// # Errors
    /// [`CalcError::Unstable`] for Erlang C with `agents ≤` [`agent_load`](Self::agent_load),
    /// and [`CalcError::Invalid`] if the formulas refuse the rates.
    pub fn queue(&self, agents: u32) -> Result<Queue, CalcError> {
        self.validate()?;
        if agents == 0 || agents > MAX_AGENTS {
            return Err(CalcError::Invalid {
                option: "--agents",
                value: agents.to_string(),
                allowed: format!("must be a whole number from 1 to {MAX_AGENTS}"),
            });
        }
        let servers = self.servers(agents);
        let service_rate = 1.0 / self.slot_handle_min();
        match self.patience_min {
            None => ErlangC::new(self.arrivals_per_min, service_rate, servers)
                .map(Queue::C)
                .map_err(|e| match e {
                    ErlangError::Unstable { .. } => CalcError::Unstable {
                        agents,
                        load: self.agent_load(),
                    },
                    other => model_error(self, other),
                }),
            Some(patience) => {
                ErlangA::new(self.arrivals_per_min, service_rate, 1.0 / patience, servers)
                    .map(Queue::A)
                    .map_err(|e| model_error(self, e))
            }
        }
    }
}
