//! The `carecast` binary: parse, run, print the error chain once.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = carecast::cli::Cli::parse();
    match carecast::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            let invalid_input = err
                .downcast_ref::<carecast::scenario::ScenarioError>()
                .is_some()
                || err.downcast_ref::<carecast::calc::CalcError>().is_some()
                || err
                    .downcast_ref::<carecast::sweep::SweepError>()
                    .is_some_and(|e| e.exit_code() == 2)
                || err
                    .downcast_ref::<carecast::report::ReportError>()
                    .is_some_and(|e| {
                        use carecast::report::ReportError as R;
                        matches!(
                            e,
                            R::NotAFolder { .. }
                                | R::NotResults { .. }
                                | R::Missing { .. }
                                | R::Garbled { .. }
                                | R::Scenario { .. }
                        )
                    });
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            if invalid_input {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
