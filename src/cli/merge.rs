//! `carecast merge`: the shard folders of a sweep merged into one.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use carecast::sweep::{merge, merged_default_dir};

use super::common::CmdResult;

/// Options of `carecast merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// The shard folders (`results/<sweep>/shard-K-of-N`), all N of them.
    #[arg(required = true, value_name = "DIR")]
    pub(crate) dirs: Vec<PathBuf>,
    /// Output folder. Default: `results/<sweep>/`.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// Print nothing on success.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

/// Runs `carecast merge`.
pub(crate) fn run(args: MergeArgs, out: &mut dyn Write) -> CmdResult {
    let dest = match &args.out {
        Some(o) => o.clone(),
        None => merged_default_dir(&args.dirs)?,
    };
    let results = merge(&args.dirs, Some(&dest))?;
    if !args.quiet {
        if results.wrote_files {
            writeln!(
                out,
                "merged {} shard(s) of sweep `{}`: {} points. Results: {}",
                args.dirs.len(),
                results.manifest.sweep,
                results.points.len(),
                dest.display()
            )?;
        } else {
            writeln!(
                out,
                "`{}` already holds the merged sweep `{}` ({} points); nothing to do.",
                dest.display(),
                results.manifest.sweep,
                results.points.len()
            )?;
        }
    }
    Ok(())
}
