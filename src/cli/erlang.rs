//! `carecast erlang`: the Erlang C / Erlang A / Erlang Chat calculator. Its options, the
//! calculator inputs, attention and targets they describe, and the handler that writes the
//! report.

use std::io::Write;

use clap::{ArgGroup, Args, ValueEnum};

use carecast::calc::{
    Attention, CalcError, DEFAULT_PENALTY, DEFAULT_ROWS, Inputs, MAX_AGENTS, MAX_CONCURRENCY,
    MAX_ROWS, Rate, SlMeasure, Targets, parse_penalty, parse_positive_duration,
    parse_positive_list, parse_share,
};
use carecast::scenario::Duration;

use super::common::CmdResult;

/// The values of `--sl-measure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SlMeasureArg {
    /// First reply posted within --target: queue wait + first-reply time.
    Answered,
    /// Taken by an agent within --target: queue wait only.
    Taken,
}

impl From<SlMeasureArg> for SlMeasure {
    fn from(arg: SlMeasureArg) -> Self {
        match arg {
            SlMeasureArg::Answered => SlMeasure::Answered,
            SlMeasureArg::Taken => SlMeasure::Taken,
        }
    }
}

/// The values of `--attention`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AttentionArg {
    /// Approximation: each agent is K servers, each slowed as if all K were busy.
    Fixed,
    /// Exact Markov model: agents share their attention among the conversations they hold.
    Shared,
}

/// Options of `carecast erlang`.
#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  carecast erlang --arrivals 120/h --handle 6m --agents 14                  # Erlang C
  carecast erlang --arrivals 120/h --handle 6m --patience 1h --agents 14    # Erlang A
  carecast erlang --arrivals 120/h --handle 6m --patience 1h --sl 0.8 --max-abandon 0.05
  carecast erlang --arrivals 120/h --handle 20m --first-reply 6m --sl 0.8 --target 30m
  carecast erlang --arrivals 120/h --handle 6m --sl 0.8 --sl-measure taken --target 5m
  carecast erlang --arrivals 2880/d --handle 20m --concurrency 3 --sl 80% --target 1h --json
  carecast erlang --arrivals 120/h --handle 6m --patience 1h --concurrency 3 --attention shared --agents 5
  carecast erlang --arrivals 120/h --handle 6m --concurrency 3 --attention shared --efficiency 1,1.8,2.4 \\
      --sl 0.8 --sl-measure taken --target 5m")]
#[command(group(
    ArgGroup::new("question")
        .required(true)
        .multiple(true)
        .args(["agents", "sl", "max_abandon"])
))]
pub(crate) struct ErlangArgs {
    /// Arrival rate with its unit: 120/h, 2/min, 2880/d (also /s, /w).
    #[arg(long, value_name = "RATE", allow_hyphen_values = true)]
    pub(crate) arrivals: Rate,
    /// Mean handle time of one whole conversation, first reply to last: 90s, 6m, 1.5h.
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub(crate) handle: Duration,
    /// Mean patience, e.g. 1h: selects Erlang A (M/M/c+M); without it, Erlang C (M/M/c).
    #[arg(long, value_name = "DURATION", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub(crate) patience: Option<Duration>,
    /// Number of agents to evaluate.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_AGENTS)), allow_hyphen_values = true)]
    pub(crate) agents: Option<u32>,
    /// Mean time to write the first reply, within --handle (the simulator's class
    /// handle_time); exponential [default: the handle time, the first reply being the
    /// whole conversation as with one reply per conversation].
    #[arg(long = "first-reply", value_name = "DURATION", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub(crate) first_reply: Option<Duration>,
    /// Threshold t of both "taken within t" (queue wait <= t) and "answered within t"
    /// (queue wait + first reply <= t).
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = parse_positive_duration, allow_hyphen_values = true)]
    pub(crate) target: Duration,
    /// Staffing: share of all arrivals answered within --target (first reply posted), e.g.
    /// 0.8 or 80%; with --sl-measure taken, the share taken by an agent within --target.
    #[arg(long, value_name = "SHARE", value_parser = parse_share, allow_hyphen_values = true)]
    pub(crate) sl: Option<f64>,
    /// Which share --sl targets: answered (first reply posted within --target, as the
    /// simulator's answered_within_30m) or taken (queue wait within --target, as
    /// taken_within_30m).
    #[arg(long = "sl-measure", value_name = "MEASURE", value_enum, default_value_t = SlMeasureArg::Answered, requires = "sl")]
    pub(crate) sl_measure: SlMeasureArg,
    /// Staffing: largest share of arrivals allowed to abandon, e.g. 0.05 (needs --patience).
    #[arg(long = "max-abandon", value_name = "SHARE", value_parser = parse_share, requires = "patience", allow_hyphen_values = true)]
    pub(crate) max_abandon: Option<f64>,
    /// Staffing table: agents from the minimum - 2 up to the minimum + K.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_ROWS, value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_ROWS)))]
    pub(crate) rows: u32,
    /// Conversations one agent holds at once (chat), 1 to 50: an approximation with
    /// --attention fixed (see --penalty), exact with --attention shared.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_CONCURRENCY)), allow_hyphen_values = true)]
    pub(crate) concurrency: Option<u32>,
    /// With --concurrency K: each reply takes 1 + P x (held - 1) times as long. Under
    /// --attention fixed each agent counts as K servers with handle time
    /// handle x (1 + P x (K - 1)); under --attention shared it gives the efficiency
    /// j / (1 + P x (j - 1)) [default: 0.1, as staffing.concurrency_penalty].
    #[arg(long, value_name = "P", value_parser = parse_penalty, requires = "concurrency", allow_hyphen_values = true)]
    pub(crate) penalty: Option<f64>,
    /// How agents holding several conversations work: fixed (approximation: K slots, each
    /// slowed as if all K were busy) or shared (exact Markov model: agents share their
    /// attention, an agent holding j does eff(j) times the work of one, arrivals go to the
    /// least-loaded agent, one reply per conversation; reports taken within --target but
    /// not answered within, so --sl needs --sl-measure taken; up to 2,000,000 load states,
    /// e.g. 226 agents at concurrency 3).
    #[arg(long, value_name = "MODE", value_enum, default_value_t = AttentionArg::Fixed)]
    pub(crate) attention: AttentionArg,
    /// With --attention shared: eff(1..K), the work an agent holding j conversations does
    /// in units of one held alone, e.g. 1,1.8,2.4 [default: from --penalty].
    #[arg(long, value_name = "LIST", value_parser = parse_positive_list, conflicts_with_all = ["handle_factor", "penalty"], allow_hyphen_values = true)]
    pub(crate) efficiency: Option<::std::vec::Vec<f64>>,
    /// With --attention shared: h(1..K), how many times longer one reply takes while
    /// holding j conversations, e.g. 1,1.1,1.2 (eff(j) = j / h(j)) [default: from --penalty].
    #[arg(long = "handle-factor", value_name = "LIST", value_parser = parse_positive_list, conflicts_with = "penalty", allow_hyphen_values = true)]
    pub(crate) handle_factor: Option<::std::vec::Vec<f64>>,
    /// Print one JSON object instead of the table.
    #[arg(long)]
    pub(crate) json: bool,
}

impl ErlangArgs {
    /// The calculator inputs these options describe.
    pub(crate) fn inputs(&self) -> Inputs {
        Inputs {
            arrivals_per_min: self.arrivals.per_min(),
            handle_min: self.handle.minutes(),
            patience_min: self.patience.map(Duration::minutes),
            first_reply_min: self.first_reply.map(Duration::minutes),
            target_min: self.target.minutes(),
            concurrency: self.concurrency.unwrap_or(1),
            penalty: self.penalty.unwrap_or(DEFAULT_PENALTY),
        }
    }

    /// The attention these options describe.
    pub(crate) fn attention(&self) -> Result<Attention, CalcError> {
        Attention::from_options(
            self.attention == AttentionArg::Shared,
            self.efficiency.clone(),
            self.handle_factor.clone(),
        )
    }

    /// The staffing targets these options describe.
    pub(crate) fn targets(&self) -> Targets {
        Targets {
            service_level: self.sl,
            sl_measure: self.sl_measure.into(),
            max_abandon: self.max_abandon,
        }
    }
}

/// Runs `carecast erlang`: the calculator's report as a table, or as one JSON object with
/// `--json`.
pub(crate) fn run(args: ErlangArgs, out: &mut dyn Write) -> CmdResult {
    let report = carecast::calc::report(
        &args.inputs(),
        &args.attention()?,
        args.agents,
        &args.targets(),
        args.rows,
    )?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{}", carecast::calc::render(&report))?;
    }
    Ok(())
}
