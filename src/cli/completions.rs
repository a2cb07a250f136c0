//! `carecast completions SHELL` and `carecast man`: shell completion scripts and a man
//! page, both generated from the clap definitions of the command line.

use std::io::Write;

use clap::{Args, CommandFactory};

use super::Cli;
use super::common::{CmdResult, Failure};

/// Options of `carecast completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// Options of `carecast man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {}

/// Writes the completion script of `args.shell` to `out`.
pub(crate) fn completions(args: CompletionsArgs, out: &mut dyn Write) -> CmdResult {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "carecast", out);
    Ok(())
}

/// Writes the man page (roff) of carecast and its subcommands to `out`.
pub(crate) fn man(_args: ManArgs, out: &mut dyn Write) -> CmdResult {
    let cmd = Cli::command();
    let cannot = |e: std::io::Error| {
        Failure::Other(anyhow::Error::new(e).context("cannot write the man page"))
    };
    clap_mangen::Man::new(cmd.clone())
        .render(out)
        .map_err(cannot)?;
    // Each subcommand's options as a section of the same page.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let page = clap_mangen::Man::new(sub.clone()).title(format!("carecast-{}", sub.get_name()));
        writeln!(out, ".SH \"CARECAST {}\"", sub.get_name().to_uppercase())
            .and_then(|()| page.render_description_section(out))
            .and_then(|()| page.render_options_section(out))
            .map_err(cannot)?;
    }
    Ok(())
}
