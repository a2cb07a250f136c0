//! The command line: a thin layer over the library, one file per subcommand. This is the
//! only place that knows about clap, the terminal, progress bars and exit codes.

mod check;
mod common;
mod compare;
mod completions;
mod erlang;
mod fit;
mod merge;
mod optimize;
mod report;
mod run;
mod scenario;
mod schema;
mod sweep;
mod validate;

use clap::{Parser, Subcommand};

pub(crate) use common::Failure;

/// carecast: simulate social-care staffing plans and response strategies.
#[derive(Debug, Parser)]
#[command(name = "carecast", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate a scenario (the built-in default if none is given) and write a results
    /// folder (default `results/<scenario>/<UTC timestamp>/`).
    Run(run::RunArgs),
    /// Validate a scenario file and print what it describes.
    Check(check::CheckArgs),
    /// Fit a scenario to a history of mentions (CSV): rate, weekly profile with bands,
    /// incidents, day-to-day variation, shares and, where mentions cite parents, the
    /// self-excitation; prints what was fitted and how well, and compares the observed
    /// first-response times with a simulation of the fitted scenario.
    Fit(fit::FitArgs),
    /// Print the built-in default scenario as TOML, a starting point for your own.
    Scenario(scenario::ScenarioArgs),
    /// Erlang C / Erlang A calculator: service level, waits and abandonment for a number
    /// of agents, or the fewest agents meeting a target, before simulating.
    ///
    /// For the threshold --target t it reports two shares of all arrivals: "taken within t"
    /// (the queue wait until an agent takes the mention is at most t) and "answered within
    /// t" (the first reply is posted within t: queue wait plus the time to write the first
    /// reply, exponential with mean --first-reply). The simulator's taken_within_30m and
    /// answered_within_30m use the same definitions. --sl targets answered within t unless
    /// --sl-measure taken is given.
    Erlang(erlang::ErlangArgs),
    /// Compare staffing plans or policy variants under common random numbers.
    Compare(compare::CompareArgs),
    /// Find the cheapest shift plan meeting the scenario's targets: formula requirements
    /// per hour, an integer program over shift templates, then simulation that raises the
    /// hours that miss, pruning, and a verification with fresh seeds.
    Optimize(optimize::OptimizeArgs),
    /// Print the JSON Schema of scenario or sweep files, for completion and checks in
    /// editors (TOML language servers such as taplo read JSON Schema).
    Schema(schema::SchemaArgs),
    /// Run a parameter sweep (grid or Latin hypercube), resumable and shardable.
    Sweep(sweep::SweepArgs),
    /// Merge the shard outputs of a sweep into one.
    Merge(merge::MergeArgs),
    /// Render the charts and the HTML planning report of a results folder.
    Report(report::ReportArgs),
    /// Check the simulator against queueing theory (Erlang C, Erlang A, Little's law) and
    /// print the table; exits non-zero if a check fails.
    Validate(validate::ValidateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), e.g. `carecast man > carecast.1`.
    Man(completions::ManArgs),
}

/// Runs the parsed command line, writing its output to stdout.
pub(crate) fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let out = &mut stdout.lock();
    match cli.command {
        Command::Run(args) => run::run(args, out),
        Command::Check(args) => check::run(args, out),
        Command::Fit(args) => fit::run(args, out),
        Command::Scenario(args) => scenario::run(args, out),
        Command::Erlang(args) => erlang::run(args, out),
        Command::Compare(args) => compare::run(args, out),
        Command::Optimize(args) => optimize::run(args, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Sweep(args) => sweep::run(args, out),
        Command::Merge(args) => merge::run(args, out),
        Command::Report(args) => report::run(args, out),
        Command::Validate(args) => validate::run(args, out),
        Command::Completions(args) => completions::completions(args, out),
        Command::Man(args) => completions::man(args, out),
    }
}
