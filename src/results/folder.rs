//! Where results go and what a folder says about how it was made: the default folder
//! name (`results/<scenario>/<UTC timestamp>`) and the resolved `scenario.toml` with its
//! reproduction header. The timestamp is civil-from-days after Howard Hinnant's
//! algorithm.

use std::path::{Path, PathBuf};

use super::VERSION;
use crate::scenario::Scenario;

/// The resolved `scenario.toml`, with a header saying how to reproduce the run.
pub fn scenario_toml(scenario: &Scenario) -> String {
    format!(
        "# Resolved by carecast {VERSION}: every default spelled out, overrides applied.\n\
         # `carecast run scenario.toml` reproduces this run exactly.\n\n{}",
        scenario.to_toml()
    )
}

/// The default results folder: `results/<scenario>/<UTC timestamp>` under `root`, with a
/// numeric suffix if that name is taken (or reserved by a run still computing).
pub fn default_dir(root: &Path, scenario: &str, now: std::time::SystemTime) -> PathBuf {
    let base = root.join(scenario).join(utc_stamp(now));
    let mut dir = base.clone();
    let mut k = 2;
    while dir.exists() || super::pending::is_reserved(&dir) {
        dir = PathBuf::from(format!("{}-{k}", base.display()));
        k += 1;
    }
    dir
}

/// `YYYY-MM-DDTHH-MM-SSZ` (civil-from-days, after Howard Hinnant's algorithm).
pub fn utc_stamp(now: std::time::SystemTime) -> String {
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::history::time::civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}-{:02}-{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_stamps() {
        let at = |s: u64| utc_stamp(std::time::UNIX_EPOCH + std::time::Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00-00-00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00-00-00Z");
        assert_eq!(at(1_795_376_997), "2026-11-22T19-49-57Z");
    }
}
