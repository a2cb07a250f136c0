//! The golden comparison (issue 8): a run of the default scenario, a comparison of the
//! default against the night shift and the staffing-grid sweep write byte-identical
//! results files to the ones kept in `tests/golden/`.
//!
//! These files were written by carecast before its code was rearranged, and must not
//! change when code only moves. A change that is *meant* to change the numbers (a model or
//! measurement change) rewrites them with `CARECAST_BLESS=1 cargo test golden` and says so
//! in its commit message; the diff of `tests/golden/` then shows what moved.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The files compared, per case. Files added later (e.g. `kpis.json`) are not compared.
const CASES: &[(&str, &[&str])] = &[
    (
        "run",
        &[
            "scenario.toml",
            "summary.json",
            "replications.csv",
            "hourly.csv",
            "distributions.csv",
        ],
    ),
    (
        "compare",
        &[
            "comparison.json",
            "comparison.csv",
            "retail-week.scenario.toml",
            "night-shift.scenario.toml",
        ],
    ),
    (
        "sweep",
        &["points.csv", "sweep.json", "sweep-manifest.json"],
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn carecast(dir: &Path, args: &[&str]) {
    Command::cargo_bin("carecast")
        .expect("binary")
        .env("CI", "true")
        .current_dir(root())
        .args(args)
        .arg("--out")
        .arg(dir)
        .arg("--quiet")
        .assert()
        .success();
}

fn produce(case: &str, dir: &Path) {
    match case {
        "run" => carecast(dir, &["run"]),
        "compare" => carecast(
            dir,
            &[
                "compare",
                "scenarios/retail-week.toml",
                "scenarios/night-shift.toml",
            ],
        ),
        "sweep" => carecast(dir, &["sweep", "scenarios/sweeps/staffing-grid.toml"]),
        other => panic!("no golden case {other}"),
    }
}

#[test]
fn results_files_are_byte_identical_to_the_golden_ones() {
    let bless = std::env::var_os("CARECAST_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut differing = Vec::new();
    for (case, files) in CASES {
        let out = tmp.path().join(case);
        produce(case, &out);
        let golden = root().join("tests/golden").join(case);
        for file in *files {
            let got = fs::read(out.join(file))
                .unwrap_or_else(|e| panic!("{case}/{file} was not written: {e}"));
            let path = golden.join(file);
            if bless {
                fs::create_dir_all(&golden).expect("golden folder");
                fs::write(&path, &got).expect("write golden file");
                continue;
            }
            let want = fs::read(&path).unwrap_or_else(|e| {
                panic!("{}: {e}; write it with CARECAST_BLESS=1", path.display())
            });
            if got != want {
                let line = String::from_utf8_lossy(&got)
                    .lines()
                    .zip(String::from_utf8_lossy(&want).lines())
                    .position(|(a, b)| a != b)
                    .map_or("the length".to_string(), |l| format!("line {}", l + 1));
                differing.push(format!("{case}/{file} (first difference at {line})"));
            }
        }
    }
    assert!(
        differing.is_empty(),
        "results files differ from tests/golden/: {differing:?}"
    );
}
