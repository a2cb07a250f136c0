//! The old home of results writing, kept as a path: everything here now lives in
//! [`crate::results`] (one type per results file, one writer and one reader per format,
//! one atomic-write helper).

pub use crate::results::{
    VERSION, default_dir, scenario_toml, utc_stamp, write_dir_atomically, write_run,
};

use crate::experiment::RunResults;
use crate::results::RunSummary;

/// `summary.json` of `results` (see [`RunSummary`]).
pub fn summary_json(results: &RunResults) -> RunSummary {
    RunSummary::of(results)
}
