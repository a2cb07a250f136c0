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
    // The file this issue adds: every folder has its data dictionary, naming every KPI of
    // its data files with a label and a unit, and the period money covers.
    for (case, data, pointer) in [
        ("run", "summary.json", "/kpis"),
        ("compare", "comparison.json", "/plans/0/kpis"),
        ("sweep", "sweep.json", "/points/0/kpis"),
    ] {
        let json = |file: &str| -> serde_json::Value {
            let text = fs::read_to_string(tmp.path().join(case).join(file))
                .unwrap_or_else(|e| panic!("{case}/{file}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{case}/{file}: {e}"))
        };
        let dictionary = json("kpis.json");
        let entries = dictionary["kpis"].as_array().expect("a list of KPIs");
        let names: Vec<&str> = entries.iter().filter_map(|e| e["name"].as_str()).collect();
        let data = json(data);
        let reported: Vec<&str> = data
            .pointer(pointer)
            .and_then(|k| k.as_object())
            .expect("KPIs")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            names, reported,
            "{case}: kpis.json names the KPIs of {data}"
        );
        for e in entries {
            assert!(e["label"].as_str().is_some_and(|l| !l.is_empty()), "{e}");
            assert!(e["unit"].is_string(), "{e}");
        }
        assert_eq!(dictionary["period"], "per 4 weeks", "{case}");
        let cost = entries
            .iter()
            .find(|e| e["name"] == "cost_total")
            .expect("cost");
        assert_eq!(
            (&cost["currency"], &cost["covers"]),
            (&"USD".into(), &"per 4 weeks".into())
        );
    }
}
