//! `carecast erlang`: the Erlang C / Erlang A calculator.

use std::io::Write;

pub(crate) use carecast::calc::ErlangArgs;

use super::common::CmdResult;

/// Runs `carecast erlang`: the calculator's report as a table, or as one JSON object with
/// `--json`.
pub(crate) fn run(args: ErlangArgs, out: &mut dyn Write) -> CmdResult {
    let report = carecast::calc::report(&args.inputs(), args.agents, &args.targets(), args.rows)?;
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{}", carecast::calc::render(&report))?;
    }
    Ok(())
}
