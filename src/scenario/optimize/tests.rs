use super::*;
use crate::scenario::{DEFAULT_SCENARIO, Scenario};

fn load(sets: &[&str]) -> Result<Scenario, ScenarioError> {
    let owned: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Scenario::builtin(&owned)
}

fn refusal(sets: &[&str]) -> String {
    load(sets).expect_err("refused").to_string()
}

#[test]
fn the_table_is_optional_and_left_out_of_a_resolved_file_when_default() {
    let sc = load(&[]).expect("valid");
    assert_eq!(sc.optimize, Optimize::default());
    assert!(!sc.to_toml().contains("[optimize]"));
    let same = load(&["optimize.iterations=12"]).expect("valid");
    assert_eq!(same.optimize, Optimize::default());
    assert!(!same.to_toml().contains("optimize"));
}

#[test]
fn every_shape_of_the_table_round_trips_through_the_resolved_text() {
    let cases: [&[&str]; 3] = [
        &[
            "optimize.groups=[\"evening\", \"day\"]",
            "optimize.start_step=\"30m\"",
            "optimize.lengths=[\"8h\", \"4h30m\"]",
            "optimize.group_max={ day = 60, weekend = 20 }",
            "optimize.group_min={ day = 5 }",
            "optimize.time_budget=\"1h\"",
            "optimize.verify_replications=80",
        ],
        &[
            "optimize.templates=[{ group = \"day\", days = [\"weekdays\", \"sat\"], start = \"8:00\", length = \"8h\", min = 2, max = 9 }, \
                                 { group = \"evening\", days = [\"sun\"], start = \"22:00\", length = \"1d\" }]",
            "optimize.max_per_template=50",
        ],
        &["optimize.replications=3"],
    ];
    for sets in cases {
        let sc = load(sets).expect("valid");
        assert_ne!(sc.optimize, Optimize::default(), "{sets:?}");
        let text = sc.to_toml();
        assert!(text.contains("[optimize]"), "{text}");
        let again = Scenario::from_toml(&text, "resolved", &[]).expect("resolved");
        assert_eq!(again, sc, "{sets:?}");
        assert_eq!(again.to_toml(), text);
    }
    let sc = load(cases[0]).expect("valid");
    assert_eq!(sc.optimize.group_max, vec![(0, 60), (2, 20)]);
    assert_eq!(sc.optimize.time_budget_min, 60.0);
}

#[test]
fn refusals_name_the_field_the_value_and_what_is_allowed() {
    let cases: [(&[&str], &str); 13] = [
        (
            &[
                "optimize.templates=[{ group = \"nite\", days = [\"mon\"], start = \"22:00\", length = \"8h\" }]",
            ],
            "scenario field `optimize.templates[0].group` = \"nite\": one of day, evening, weekend",
        ),
        (
            &[
                "optimize.templates=[{ group = \"day\", days = [], start = \"22:00\", length = \"8h\" }]",
            ],
            "`optimize.templates[0].days` = []: list at least one day",
        ),
        (
            &[
                "optimize.templates=[{ group = \"day\", days = [\"mon\"], start = \"25:00\", length = \"8h\" }]",
            ],
            "`optimize.templates[0].start` = \"25:00\"",
        ),
        (
            &[
                "optimize.templates=[{ group = \"day\", days = [\"mon\"], start = \"08:00\", length = \"25h\" }]",
            ],
            "`optimize.templates[0].length` = \"25h\": a whole number of minutes from 1 minute to 24 hours",
        ),
        (
            &[
                "optimize.templates=[{ group = \"day\", days = [\"mon\"], start = \"08:00\", length = \"8h\", min = 5, max = 2 }]",
            ],
            "`optimize.templates[0].max` = 2: at least the template's min (5)",
        ),
        (
            &["optimize.group_max={ nite = 4 }"],
            "`optimize.group_max` = \"nite\": one of day, evening, weekend",
        ),
        (
            &[
                "optimize.group_max={ day = 4 }",
                "optimize.group_min={ day = 5 }",
            ],
            "`optimize.group_min.day` = 5: at most optimize.group_max.day (4)",
        ),
        (
            &["optimize.lengths=[\"0m\"]"],
            "`optimize.lengths[0]` = \"0m\"",
        ),
        (
            &["optimize.lengths=[\"8h\", \"8h\"]"],
            "`optimize.lengths[1]` = \"8h\": each length once",
        ),
        (
            &["optimize.start_step=\"1m\""],
            "`optimize.start_step` = \"1m\" (120960 templates: 3 group(s) x 7 days x 1440 starts x 4 length(s)): at most 20000 templates",
        ),
        (
            &[
                "optimize.templates=[{ group = \"day\", days = [\"mon\"], start = \"08:00\", length = \"8h\" }]",
                "optimize.lengths=[\"8h\"]",
            ],
            "`optimize.lengths` = given with listed templates",
        ),
        (
            &["optimize.iterations=0"],
            "`optimize.iterations` = 0: a whole number from 1 to 1000000",
        ),
        (
            &["optimize.time_budget=\"0m\""],
            "`optimize.time_budget` = \"0m\": a duration > 0",
        ),
    ];
    for (sets, expected) in cases {
        let msg = refusal(sets);
        assert!(msg.contains(expected), "{sets:?}:\n{msg}");
    }
    let msg = refusal(&["optimize.templates=[]"]);
    assert!(
        msg.contains("`optimize.templates` = no templates: at least one template"),
        "{msg}"
    );
    let msg = refusal(&["optimize.iteration=3"]);
    assert!(msg.contains("did you mean `iterations`"), "{msg}");
    let msg = refusal(&[
        "optimize.templates_file=\"none.csv\"",
        "optimize.templates=[]",
    ]);
    assert!(
        msg.contains("either `templates` or `templates_file`"),
        "{msg}"
    );
}

#[test]
fn a_templates_file_is_read_from_the_scenario_folder_and_listed_inline() {
    let dir = tempfile::tempdir().expect("a folder");
    let csv = "group,days,start,length,min,max\n\
               day,weekdays,08:00,8h,,\n\
               # a night shift\n\
               evening,mon|tue,22:00,8h,1,5\n";
    std::fs::write(dir.path().join("shifts.csv"), csv).expect("written");
    let text = format!("{DEFAULT_SCENARIO}\n[optimize]\ntemplates_file = \"shifts.csv\"\n");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, &text).expect("written");
    let sc = Scenario::load(&path, &[]).expect("valid");
    let TemplateSource::Listed(list) = &sc.optimize.templates else {
        panic!("{:?}", sc.optimize.templates);
    };
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].days, vec![DaySet::Weekdays]);
    assert_eq!(
        (list[1].group, list[1].start_min, list[1].min, list[1].max),
        (1, 1320, 1, Some(5))
    );
    assert_eq!(list[1].days, vec![DaySet::Mon, DaySet::Tue]);
    let resolved = sc.to_toml();
    assert!(!resolved.contains("templates_file"), "{resolved}");
    assert_eq!(
        Scenario::from_toml(&resolved, "resolved", &[]).expect("valid"),
        sc
    );
    // from text, the file is looked for in the current directory
    let msg = Scenario::from_toml(&text, "text", &[])
        .expect_err("not here")
        .to_string();
    assert!(
        msg.contains("`optimize.templates_file` = \"shifts.csv\": a readable CSV file"),
        "{msg}"
    );
}

#[test]
fn a_bad_templates_file_row_is_named_by_line_and_column() {
    let groups = ["day", "evening"];
    let cases = [
        (
            "group,days,start,length\nday,mon,08:00,8h\nday,mun,08:00,8h\n",
            "line 3, column days` = \"mun\"",
        ),
        (
            "group,days,start,length\nday,mon,08:00,8x\n",
            "line 2, column length` = \"8x\"",
        ),
        (
            "group,days,start,length\nnight,mon,08:00,8h\n",
            "line 2, column group` = \"night\": one of day, evening",
        ),
        (
            "group,days,start,length\nday,mon,8am,8h\n",
            "line 2, column start` = \"8am\"",
        ),
        (
            "group,days,start,length,max\nday,mon,08:00,8h,lots\n",
            "line 2, column max` = \"lots\"",
        ),
        (
            "group,days,start\nday,mon,08:00\n",
            "line 1` = \"group,days,start\": a header with the columns",
        ),
        ("group,days,begin,length\n", "line 1, column 3` = \"begin\""),
        (
            "group,days,start,length\nday,mon,08:00\n",
            "line 2` = (row)",
        ),
    ];
    for (text, expected) in cases {
        let msg = parse_templates_csv(text, "t.csv", &groups)
            .expect_err("refused")
            .to_string();
        assert!(msg.contains(expected), "{text}:\n{msg}");
        assert!(msg.contains("optimize.templates_file (t.csv)"), "{msg}");
    }
}

#[test]
fn an_empty_table_is_the_default() {
    let empty: OptimizeFile = toml::from_str("").expect("an empty table");
    assert_eq!(empty, OptimizeFile::default());
    assert_eq!(
        validate(Some(&empty), &["day"]).ok(),
        Some(Optimize::default())
    );
}

#[test]
fn hours_and_clocks_read_as_in_labels() {
    assert_eq!(hour_label(0), "Mon 00:00-01:00");
    assert_eq!(hour_label(167), "Sun 23:00-24:00");
    assert_eq!(clock_text(1320), "22:00");
    assert_eq!(days_text(&[DaySet::Mon, DaySet::Weekend]), "mon|weekend");
}
