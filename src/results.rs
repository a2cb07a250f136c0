//! Results files: one `Serialize + Deserialize` type per file a run, a comparison or a
//! sweep writes, one writer and one reader per format, and one atomic-write helper.
//!
//! | file | type |
//! |---|---|
//! | `summary.json` | [`RunSummary`] |
//! | `replications.csv` | [`ReplicationRow`] |
//! | `hourly.csv` | [`HourlyRow`] |
//! | `distributions.csv` | [`DistributionRow`] |
//! | `comparison.json` | [`ComparisonSummary`] |
//! | `comparison.csv` | [`ComparisonRow`] |
//! | `hourly.csv` of a comparison | [`PlanHourRow`] |
//! | `sweep.json` | [`SweepSummary`] |
//! | `points.csv` | [`PointsTable`] (its parameter columns are the sweep's) |
//! | `optimize.json` | [`OptimizeSummary`] |
//! | `plan.csv` | [`PlanRow`] |
//! | `requirements.csv` | [`RequirementRow`] |
//! | `iterations.csv` | [`IterationRow`] |
//! | `kpis.json` | [`Dictionary`] (in every folder: what each KPI means, its unit, its period) |
//!
//! "KPI name -> summary" is one ordered map, [`KpiMap`], in every file that has one. The
//! formats live in [`json`] and [`csv`]; both write numbers as the shortest text that
//! reads back to the same `f64` (Rust's `Display`, never an exponent in CSV), and an
//! undefined number (NaN) as JSON `null` or an empty CSV field, read back as NaN
//! ([`Num`], [`nullable`]). Every file is written through [`write_file_atomically`] or
//! [`write_dir_atomically`]: a reader never sees a half-written file or folder. A command
//! that computes a results folder [reserves](reserve_dir) it first, so that an unusable
//! destination is refused before any work.
//!
//! The writers and readers are the same code the `carecast report` command reads folders
//! back with, so a results folder and its report cannot drift apart.

mod atomic;
mod comparison;
pub mod csv;
mod folder;
pub mod json;
mod kpi_map;
mod kpis;
mod number;
mod optimize;
pub(crate) mod owner;
mod pending;
mod plan_hourly;
mod run;
mod sweep;
pub mod tidy;

pub use atomic::{write_dir_atomically, write_file_atomically};
pub use comparison::{
    ComparisonDiff, ComparisonEntry, ComparisonPlan, ComparisonRow, ComparisonSummary, RankedPlan,
    Ranking,
};
pub use folder::{default_dir, scenario_toml, utc_stamp};
pub use kpi_map::{KpiMap, Stat};
pub use kpis::{Dictionary, DictionaryEntry};
pub use number::{Num, nullable};
pub use optimize::{
    IterationRow, OptimizeSummary, PlanRow, RequirementRow, iteration_rows, optimize_files,
    plan_rows, requirement_rows, write_optimize,
};
pub use pending::{OutDirError, PendingDir, reserve_dir};
pub use plan_hourly::{PlanHourRow, plan_hourly_rows};
pub use run::{
    DistributionRow, HourlyRow, ReplicationRow, RunSummary, RunWriter, distribution_rows,
    hourly_rows, replication_rows, run_files, write_run,
};
pub use sweep::{
    PointRow, PointTargets, PointsTable, SweepDesign, SweepParameter, SweepPoint, SweepSummary,
    SweepTargets,
};

pub use crate::VERSION;

/// A results file whose text is not what its type expects: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct FormatError {
    /// The line (1-based), where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl FormatError {
    /// An error at `line` (if known).
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        FormatError {
            line,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    fn golden(file: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn json_again<T: Serialize + DeserializeOwned>(file: &str) {
        let text = golden(file);
        let value: T = json::from_text(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(json::to_text(&value), text, "{file} read and written again");
    }

    fn csv_again<T: csv::Row>(file: &str) {
        let text = golden(file);
        let rows = csv::from_text::<T>(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let again = csv::to_text(rows.into_iter().map(|l| l.row));
        assert_eq!(again, text, "{file} read and written again");
    }

    #[test]
    fn every_results_file_reads_back_to_the_same_bytes() {
        json_again::<RunSummary>("run/summary.json");
        csv_again::<ReplicationRow>("run/replications.csv");
        csv_again::<HourlyRow>("run/hourly.csv");
        csv_again::<DistributionRow>("run/distributions.csv");
        json_again::<ComparisonSummary>("compare/comparison.json");
        csv_again::<ComparisonRow>("compare/comparison.csv");
        json_again::<SweepSummary>("sweep/sweep.json");
        let points = golden("sweep/points.csv");
        let table = PointsTable::from_csv(&points).expect("points.csv");
        assert_eq!(table.to_csv(), points, "points.csv read and written again");
    }

    #[test]
    fn comparison_csv_is_the_tidy_image_of_comparison_json() {
        let summary: ComparisonSummary =
            json::from_text(&golden("compare/comparison.json")).expect("comparison.json");
        assert_eq!(
            csv::to_text(summary.rows()),
            golden("compare/comparison.csv")
        );
    }
}
