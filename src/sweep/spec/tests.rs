//! Tests of sweep files: grids, ranges, Latin hypercubes, the fingerprint and the messages
//! of invalid files and points.

use std::path::Path;

use super::design::latin_hypercube;
use super::parameter::range_values;
use super::*;

fn spec(text: &str) -> Result<SweepSpec, SweepError> {
    SweepSpec::from_toml(text, "test.toml", Path::new("."))
}

fn err(text: &str) -> String {
    spec(text)
        .map(|_| String::new())
        .unwrap_or_else(|e| e.to_string())
}

const GRID: &str = r#"
set = ['horizon="1d"', 'warmup="0m"']
replications = 2
[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
from = 20
to = 28
step = 4
[[parameters]]
path = "policy.discipline"
values = ["fifo", "lifo"]
"#;

#[test]
fn grid_is_the_product_with_the_first_parameter_slowest() {
    let s = spec(GRID).expect("valid");
    assert_eq!(s.name, "test");
    assert_eq!(s.points().len(), 6);
    let shown: Vec<String> = s
        .points()
        .iter()
        .map(|p| s.describe_values(&p.values))
        .collect();
    assert_eq!(shown[0], "day = 20, policy.discipline = \"fifo\"");
    assert_eq!(shown[1], "day = 20, policy.discipline = \"lifo\"");
    assert_eq!(shown[5], "day = 28, policy.discipline = \"lifo\"");
    let p5 = &s.points()[5].scenario;
    assert_eq!(p5.groups[0].agents, 28);
    assert_eq!(p5.policy.discipline, crate::scenario::Discipline::Lifo);
    assert_eq!(p5.replications, 2);
    assert_eq!(p5.horizon_min, 1440.0);
}

#[test]
fn integer_ranges_are_exact_at_the_ends_of_toml_integers() {
    let ints = |f: i64, t: i64, s: i64| {
        range_values(
            "p",
            &Value::Integer(f),
            &Value::Integer(t),
            &Value::Integer(s),
        )
        .map(|v| {
            v.iter()
                .map(|x| x.as_integer().expect("integer"))
                .collect::<Vec<_>>()
        })
    };
    // In i64 the third value overflows (2 x step); in floating point the count is off.
    assert_eq!(
        ints(i64::MIN, i64::MAX, i64::MAX).expect("range"),
        [i64::MIN, -1, i64::MAX - 1]
    );
    assert_eq!(ints(0, i64::MAX, 1 << 62).expect("range"), [0, 1 << 62]);
    assert_eq!(
        ints(i64::MAX - 7, i64::MAX, 5).expect("range"),
        [i64::MAX - 7, i64::MAX - 2]
    );
    for (f, t, s) in [(0, i64::MAX, 1), (i64::MIN, i64::MAX, 1 << 40)] {
        let e = ints(f, t, s).expect_err("too many values").to_string();
        assert!(e.contains("at most 100000 values"), "{e}");
    }
    let e = ints(0, 10, 0).expect_err("zero step").to_string();
    assert!(e.contains("p.step"), "{e}");
    let e = ints(10, 0, 1).expect_err("backwards").to_string();
    assert!(e.contains("p.to"), "{e}");
}

#[test]
fn float_ranges_land_on_the_decimals_written() {
    let v = range_values(
        "p",
        &Value::Float(0.1),
        &Value::Float(0.5),
        &Value::Float(0.1),
    )
    .expect("range");
    let shown: Vec<String> = v.iter().map(value_text).collect();
    assert_eq!(shown, ["0.1", "0.2", "0.3", "0.4", "0.5"]);
    let v = range_values(
        "p",
        &Value::Integer(1),
        &Value::Integer(10),
        &Value::Integer(4),
    )
    .expect("range");
    assert_eq!(v, [Value::Integer(1), Value::Integer(5), Value::Integer(9)]);
    let v = range_values(
        "p",
        &Value::Integer(60),
        &Value::Integer(90),
        &Value::Float(7.5),
    )
    .expect("range");
    assert_eq!(v.len(), 5);
    assert_eq!(v[4], Value::Float(90.0));
}

#[test]
fn latin_hypercube_puts_one_point_per_stratum() {
    let params = vec![
        Parameter {
            name: "a".into(),
            path: "a".into(),
            domain: Domain::Uniform {
                min: 60.0,
                max: 120.0,
                integer: false,
            },
            role: Role::Assumption,
        },
        Parameter {
            name: "b".into(),
            path: "b".into(),
            domain: Domain::Uniform {
                min: 0.001,
                max: 0.002,
                integer: false,
            },
            role: Role::Assumption,
        },
    ];
    for n in [1, 7, 50] {
        let pts = latin_hypercube(n, 3, &params);
        assert_eq!(pts.len(), n);
        for (j, p) in params.iter().enumerate() {
            let Domain::Uniform { min, max, .. } = p.domain else {
                unreachable!()
            };
            let mut strata: Vec<usize> = pts
                .iter()
                .map(|pt| {
                    let x = pt[j].as_float().expect("float");
                    assert!((min..=max).contains(&x));
                    ((x - min) / (max - min) * n as f64).floor() as usize
                })
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>(), "parameter {j}, n = {n}");
        }
        assert_eq!(pts, latin_hypercube(n, 3, &params), "reproducible");
    }
    assert_ne!(
        latin_hypercube(7, 3, &params),
        latin_hypercube(7, 4, &params)
    );
}

#[test]
fn integer_latin_hypercube_covers_every_whole_number() {
    let params = vec![Parameter {
        name: "k".into(),
        path: "k".into(),
        domain: Domain::Uniform {
            min: 10.0,
            max: 14.0,
            integer: true,
        },
        role: Role::Assumption,
    }];
    let mut got: Vec<i64> = latin_hypercube(5, 9, &params)
        .iter()
        .map(|p| p[0].as_integer().expect("integer"))
        .collect();
    got.sort_unstable();
    assert_eq!(got, [10, 11, 12, 13, 14]);
}

#[test]
fn lhs_file_validates_and_resolves() {
    let text = r#"
design = "lhs"
points = 4
set = ['horizon="1d"', 'warmup="0m"']
[[parameters]]
path = "arrivals.rate_per_h"
min = 60
max = 100
[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
min = 18
max = 30
integer = true
"#;
    let s = spec(text).expect("valid");
    assert_eq!(s.points().len(), 4);
    assert_eq!(
        s.design,
        Design::Lhs {
            points: 4,
            seed: DEFAULT_LHS_SEED
        }
    );
    for p in s.points() {
        let rate = p.values[0].as_float().expect("float");
        assert_eq!(p.scenario.arrivals.rate_per_h, rate);
        assert_eq!(
            i64::from(p.scenario.groups[0].agents),
            p.values[1].as_integer().expect("int")
        );
    }
    assert_eq!(s.fingerprint(), spec(text).expect("valid").fingerprint());
}

#[test]
fn fingerprint_follows_every_input() {
    let a = spec(GRID).expect("valid");
    let fp = a.fingerprint();
    assert_eq!(fp.len(), 32);
    assert_ne!(fp, a.clone().with_run(Some(2), None).fingerprint());
    assert_ne!(fp, a.clone().with_run(None, Some(3)).fingerprint());
    assert_ne!(
        fp,
        spec(&GRID.replace("to = 28", "to = 24"))
            .expect("ok")
            .fingerprint()
    );
    assert_ne!(
        fp,
        spec(&GRID.replace("horizon=\"1d\"", "horizon=\"2d\""))
            .map(|s| s.fingerprint())
            .unwrap_or_default()
    );
    let seed = a.seed;
    assert_eq!(fp, a.with_run(Some(seed), None).fingerprint());
}

#[test]
fn bad_files_name_the_field_the_value_and_what_is_allowed() {
    let cases: &[(&str, &str)] = &[
        (
            "[[parameters]]\npath = \"policy.discipline\"\nvaluse = [1]",
            "did you mean `values`?",
        ),
        ("desgin = \"lhs\"", "did you mean `design`?"),
        (
            "design = \"sobol\"\n[[parameters]]\npath=\"a\"\nvalues=[1]",
            "`design` = \"sobol\"",
        ),
        ("", "`parameters`: missing"),
        (
            "design = \"lhs\"\n[[parameters]]\npath = \"arrivals.rate_per_h\"\nmin = 1\nmax = 2",
            "`points`: missing",
        ),
        (
            "points = 3\n[[parameters]]\npath=\"a\"\nvalues=[1]",
            "only for design = \"lhs\"",
        ),
        (
            "[[parameters]]\npath = \"a\"\nmin = 1\nmax = 2",
            "for design = \"lhs\"",
        ),
        (
            "[[parameters]]\npath = \"a\"\nfrom = 1\nto = 2",
            "all three",
        ),
        (
            "[[parameters]]\npath = \"a\"\nfrom = 1\nto = 5\nstep = 0",
            "`parameters[0].step` = 0: a number > 0",
        ),
        (
            "[[parameters]]\npath = \"a\"\nfrom = 5\nto = 1\nstep = 1",
            "`parameters[0].to` = 1",
        ),
        (
            "[[parameters]]\npath = \"a\"\nvalues = []",
            "at least one value",
        ),
        (
            "[[parameters]]\npath = \"a\"\nvalues = [1, 1]",
            "listed twice",
        ),
        (
            "[[parameters]]\npath = \"seed\"\nvalues = [1, 2]",
            "sweep's `seed`",
        ),
        (
            "[[parameters]]\npath = \"a\"\nname = \"kpi\"\nvalues = [1]",
            "`parameters[0].name` = \"kpi\"",
        ),
        (
            "[[parameters]]\npath = \"a\"\nvalues = [1]\n[[parameters]]\npath = \"a\"\nvalues = [2]",
            "not varied by another",
        ),
        (
            "replications = 0\n[[parameters]]\npath = \"a\"\nvalues = [1]",
            "`replications` = 0",
        ),
        (
            "name = \"../x\"\n[[parameters]]\npath = \"a\"\nvalues = [1]",
            "`name` = \"../x\"",
        ),
        (
            "design = \"lhs\"\npoints = 2\n[[parameters]]\npath = \"a\"\nmin = 2\nmax = 1",
            "`parameters[0].max` = 1",
        ),
        (
            "design = \"lhs\"\npoints = 2\n[[parameters]]\npath = \"a\"\nmin = 1.5\nmax = 3\ninteger = true",
            "whole number",
        ),
        (
            "set = ['horizon=\"-1d\"']\n[[parameters]]\npath = \"a\"\nvalues = [1]",
            "base scenario",
        ),
        (
            "base = \"nope/missing.toml\"\n[[parameters]]\npath = \"a\"\nvalues = [1]",
            "cannot read",
        ),
    ];
    for (text, needle) in cases {
        let msg = err(text);
        assert!(
            msg.contains(needle),
            "{text:?}\n  gave: {msg}\n  expected: {needle}"
        );
    }
}

#[test]
fn an_invalid_point_is_named_before_anything_runs() {
    let text = r#"
[[parameters]]
path = "policy.discipline"
values = ["fifo", "random"]
[[parameters]]
path = "staffing.groups[0].agents"
values = [10]
"#;
    let msg = err(text);
    assert!(msg.contains("sweep point 1"), "{msg}");
    assert!(msg.contains("policy.discipline = \"random\""), "{msg}");
    assert!(msg.contains("`policy.discipline`"), "{msg}");
    let msg = err("[[parameters]]\npath = \"staffing.groupz[0].agents\"\nvalues = [1]");
    assert!(
        msg.contains("sweep point 0") && msg.contains("groupz"),
        "{msg}"
    );
}

#[test]
fn roles_default_by_section_and_can_be_set() {
    assert_eq!(
        Role::default_for("staffing.groups[0].agents"),
        Role::Decision
    );
    assert_eq!(Role::default_for("policy.discipline"), Role::Decision);
    assert_eq!(Role::default_for("bot.enabled"), Role::Decision);
    assert_eq!(Role::default_for("arrivals.rate_per_h"), Role::Assumption);
    assert_eq!(
        Role::default_for("customers.escalate_to_phone"),
        Role::Assumption
    );
    assert_eq!(Role::default_for("staffingx"), Role::Assumption);
    let s = spec(GRID).expect("valid");
    assert!(s.parameters.iter().all(|p| p.role == Role::Decision));
    let marked = GRID.replace(
        "values = [\"fifo\", \"lifo\"]",
        "values = [\"fifo\", \"lifo\"]\nrole = \"assumption\"",
    );
    let s = spec(&marked).expect("valid");
    assert_eq!(s.parameters[1].role, Role::Assumption);
    // The role does not change what is simulated, so not the fingerprint either.
    assert_eq!(s.fingerprint(), spec(GRID).expect("valid").fingerprint());
    let bad = err(&GRID.replace(
        "values = [\"fifo\", \"lifo\"]",
        "values = [\"fifo\", \"lifo\"]\nrole = \"choice\"",
    ));
    assert!(
        bad.contains("parameters[1].role")
            && bad.contains("\"choice\"")
            && bad.contains("\"decision\""),
        "{bad}"
    );
}
