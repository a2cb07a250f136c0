use super::*;
use crate::scenario::calendar::{DAY_H, WEEK_H};

/// A deterministic wobble in -6..=6, different per replication and hour.
fn noise(rep: usize, h: usize) -> f64 {
    ((h * 7919 + rep * 104_729) % 13) as f64 - 6.0
}

/// An hourly series of `hours` hours with `arrivals` mentions an hour and the backlog
/// `queue(h)` at the end of hour `h` (clamped at 0).
fn series(hours: usize, arrivals: u64, queue: impl Fn(usize) -> f64) -> Vec<HourRow> {
    (0..hours)
        .map(|h| HourRow {
            hour: h,
            hour_of_week: h % WEEK_H,
            warmup: false,
            arrivals,
            answered: 0,
            queue_mean: 0.0,
            queue_end: queue(h).round().max(0.0) as u64,
            agents_on_shift: 0.0,
            agents_available: 0.0,
            answered_within: f64::NAN,
            taken_within: f64::NAN,
        })
        .collect()
}

/// A window after one day of warm-up.
fn window(hours: usize, repeats_daily: bool) -> Window {
    Window {
        first_hour: DAY_H,
        hours: hours - DAY_H,
        repeats_daily,
    }
}

/// A daily backlog that clears at night: 0 from midnight to 8, up to 120 by the evening.
fn daily_wave(h: usize) -> f64 {
    let hod = h % DAY_H;
    if hod < 8 {
        0.0
    } else {
        120.0 * ((hod - 8) as f64 / 16.0 * std::f64::consts::PI).sin()
    }
}

fn assess_reps(
    w: &Window,
    reps: usize,
    arrivals: u64,
    queue: impl Fn(usize, usize) -> f64,
) -> Sustainability {
    let all: Vec<Vec<HourRow>> = (0..reps)
        .map(|r| series(w.first_hour + w.hours, arrivals, |h| queue(r, h)))
        .collect();
    let refs: Vec<&[HourRow]> = all.iter().map(Vec::as_slice).collect();
    assess_hours(w, &refs, None)
}

fn reasons(s: &Sustainability) -> Vec<String> {
    match &s.verdict {
        Verdict::Unsustainable { reasons } => reasons.clone(),
        other => panic!("expected unsustainable, got {other:?}"),
    }
}

#[test]
fn a_backlog_growing_2000_a_week_is_unsustainable() {
    let w = window(DAY_H + 3 * WEEK_H, false);
    let s = assess_reps(&w, 5, 85, |r, h| {
        daily_wave(h) + 2000.0 / WEEK_H as f64 * h as f64 + 20.0 * noise(r, h)
    });
    assert_eq!(s.evidence.period, Some(Period::Week));
    assert_eq!(s.evidence.periods_measured, 3);
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!((g.mean - 2000.0).abs() < 20.0, "{g:?}");
    assert!(g.ci95_low.is_some_and(|l| l > 0.0), "{g:?}");
    assert_eq!(g.n, 5);
    let reasons = reasons(&s);
    assert_eq!(
        reasons[0],
        "the backlog grows by about 2,000 mentions a week"
    );
    assert!(
        s.headline()
            .starts_with("unsustainable: the backlog grows by about 2,000 mentions a week; ")
    );
    assert!(
        s.headline()
            .ends_with("the KPIs below describe a queue that never clears")
    );
    assert!(s.is_unsustainable());
    let details = s.details().expect("measured");
    assert!(details.contains("over 3 measured weeks"), "{details}");
}

#[test]
fn a_flat_backlog_that_clears_every_night_is_sustainable() {
    let w = window(DAY_H + 3 * WEEK_H, false);
    let s = assess_reps(&w, 10, 85, |r, h| daily_wave(h) + noise(r, h));
    assert_eq!(s.verdict, Verdict::Sustainable, "{s:?}");
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!(
        g.ci95_low.expect("an interval") <= 0.0 || g.mean < 1.0,
        "{g:?}"
    );
    assert!(s.evidence.min_backlog.expect("measured") <= 85.0);
    assert_eq!(s.evidence.threshold, Some(85.0));
    assert!(
        s.headline().starts_with("sustainable: "),
        "{}",
        s.headline()
    );
}

#[test]
fn a_backlog_saturated_at_max_age_has_no_trend_but_never_clears() {
    let w = window(DAY_H + 2 * WEEK_H, false);
    let s = assess_reps(&w, 8, 85, |r, h| 3000.0 + 30.0 * noise(r, h));
    let reasons = reasons(&s);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].starts_with("the backlog never empties: even at its quietest hour of the last measured week, about 2,800 mentions wait"),
        "{reasons:?}"
    );
    assert!(reasons[0].ends_with("more than an hour of arrivals (85)"));
}

#[test]
fn a_tiny_drift_with_an_interval_above_zero_is_not_growth() {
    // 0.5 a week against 14,280 arrivals a week: below MIN_GROWTH_SHARE.
    let w = window(DAY_H + 3 * WEEK_H, false);
    let s = assess_reps(&w, 10, 85, |r, h| {
        daily_wave(h) + 0.5 / WEEK_H as f64 * h as f64 + 0.01 * noise(r, h)
    });
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!(g.ci95_low.is_some_and(|l| l > 0.0), "{g:?}");
    assert_eq!(s.verdict, Verdict::Sustainable, "{s:?}");
}

#[test]
fn a_window_too_short_is_not_assessed_and_says_what_it_needs() {
    let w = window(DAY_H + WEEK_H + 100, false);
    let s = assess_reps(&w, 3, 85, |_, h| daily_wave(h));
    match &s.verdict {
        Verdict::NotAssessed { reason } => assert!(
            reason.starts_with("needs at least two measured weeks"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.evidence.period, None);
    assert!(s.details().is_none());
    assert!(
        s.headline()
            .starts_with("sustainability not assessed: needs at least two measured weeks")
    );

    let w = window(DAY_H + 30, true);
    match assess_reps(&w, 3, 85, |_, h| daily_wave(h)).verdict {
        Verdict::NotAssessed { reason } => assert!(
            reason.starts_with("needs at least two measured days"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_profile_that_repeats_daily_is_assessed_day_over_day() {
    let w = window(DAY_H + 5 * DAY_H + 7, true);
    assert_eq!(w.period(), Ok((Period::Day, 5)));
    let s = assess_reps(&w, 6, 100, |r, h| {
        daily_wave(h) + 300.0 / DAY_H as f64 * h as f64 + noise(r, h)
    });
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!((g.mean - 300.0).abs() < 5.0, "{g:?}");
    assert_eq!(
        reasons(&s)[0],
        "the backlog grows by about 300 mentions a day"
    );
    // Two weeks or more: the week wins even when the profile repeats daily.
    assert_eq!(
        window(DAY_H + 2 * WEEK_H, true).period(),
        Ok((Period::Week, 2))
    );
}

#[test]
fn one_replication_gives_no_interval_and_no_verdict_on_the_trend() {
    let w = window(DAY_H + 2 * WEEK_H, false);
    let s = assess_reps(&w, 1, 85, |_, h| daily_wave(h));
    let g = s.evidence.growth_per_period.expect("a slope");
    assert_eq!((g.n, g.ci95_low, g.ci95_high), (1, None, None));
    assert!(matches!(s.verdict, Verdict::NotAssessed { .. }), "{s:?}");
    // A queue that never clears is unsustainable from one replication too.
    let s = assess_reps(&w, 1, 85, |_, _| 5000.0);
    assert!(s.is_unsustainable());
}

#[test]
fn a_series_missing_an_hour_is_left_out() {
    let w = window(DAY_H + 2 * WEEK_H, false);
    let mut rows = series(w.first_hour + w.hours, 85, daily_wave);
    rows.remove(100);
    assert!(measure(&rows, &w, Period::Week, 2).is_none());
    let s = assess_hours(&w, &[&rows], None);
    assert_eq!(
        s.verdict,
        Verdict::NotAssessed {
            reason: "the hourly series does not cover the measured window".into()
        }
    );
    // Hours of the warm-up and beyond the whole periods count for the arrivals only.
    let rows = series(w.first_hour + w.hours, 85, daily_wave);
    let m = measure(&rows, &w, Period::Week, 2).expect("measured");
    assert_eq!(m.arrivals_per_h, 85.0);
    assert_eq!(m.min_backlog, 0.0);
    assert!(m.growth_per_period.abs() < 1e-9);
}

#[test]
fn a_branching_ratio_of_one_or_more_is_unsustainable() {
    let evidence = |b: Option<f64>| Evidence {
        period: Some(Period::Week),
        periods_measured: 3,
        growth_per_period: Some(Growth {
            mean: 1.0,
            ci95_low: Some(-4.0),
            ci95_high: Some(6.0),
            n: 10,
        }),
        min_backlog: Some(0.0),
        threshold: Some(85.0),
        branching_ratio: b,
    };
    assert_eq!(verdict(&evidence(None), None), Verdict::Sustainable);
    assert_eq!(verdict(&evidence(Some(0.93)), None), Verdict::Sustainable);
    let v = verdict(&evidence(Some(1.07)), None);
    assert_eq!(
        v,
        Verdict::Unsustainable {
            reasons: vec![
                "virality is self-sustaining: each eligible mention spawns 1.07 on average".into()
            ]
        }
    );
    let s = Sustainability {
        verdict: v,
        evidence: evidence(Some(1.07)),
    };
    assert!(
        s.headline()
            .ends_with("the KPIs below describe cascades that do not die out")
    );
    // Judged even when the backlog could not be measured.
    let short = Evidence {
        period: None,
        periods_measured: 0,
        growth_per_period: None,
        min_backlog: None,
        threshold: None,
        branching_ratio: Some(1.2),
    };
    assert!(matches!(
        verdict(&short, Some("needs at least two measured weeks")),
        Verdict::Unsustainable { .. }
    ));
    let quiet = Evidence {
        branching_ratio: None,
        ..short
    };
    assert!(matches!(
        verdict(&quiet, Some("needs at least two measured weeks")),
        Verdict::NotAssessed { .. }
    ));
}

#[test]
fn the_assessment_reads_and_writes_stable_json() {
    let w = window(DAY_H + 2 * WEEK_H, false);
    let s = assess_reps(&w, 4, 85, |r, h| 3000.0 + noise(r, h));
    let text = serde_json::to_string(&s).expect("serializes");
    let keys = [
        "status",
        "reasons",
        "period",
        "periods_measured",
        "growth_per_period",
        "min_backlog",
        "threshold",
        "branching_ratio",
    ];
    let mut at = 0;
    for k in keys {
        let i = text
            .find(&format!("\"{k}\""))
            .unwrap_or_else(|| panic!("{k} in {text}"));
        assert!(i >= at, "{k} out of order in {text}");
        at = i;
    }
    assert!(text.starts_with("{\"status\":\"unsustainable\",\"reasons\":["));
    assert!(text.contains("\"period\":\"week\""));
    let back: Sustainability = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back, s);

    let short = assess_reps(&window(DAY_H + 50, false), 2, 85, |_, _| 0.0);
    let text = serde_json::to_string(&short).expect("serializes");
    assert!(
        text.starts_with("{\"status\":\"not_assessed\",\"reason\":\"needs at least two"),
        "{text}"
    );
    assert!(text.contains("\"period\":null"));
    assert_eq!(
        serde_json::from_str::<Sustainability>(&text).ok(),
        Some(short)
    );
}

#[test]
fn windows_come_from_the_scenario() {
    let sc = |sets: &[&str]| {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        Scenario::builtin(&sets).expect("builtin")
    };
    let w = Window::of(&sc(&["horizon=\"15d\"", "warmup=\"1d\""]));
    assert_eq!((w.first_hour, w.hours, w.repeats_daily), (24, 336, false));
    assert_eq!(w.period(), Ok((Period::Week, 2)));
    // The default: four measured weeks after a week of warm-up.
    let w = Window::of(&sc(&[]));
    assert_eq!((w.first_hour, w.hours), (WEEK_H, 4 * WEEK_H));
    assert_eq!(w.period(), Ok((Period::Week, 4)));
    // One measured week is too short to compare weeks.
    let w = Window::of(&sc(&["horizon=\"7d\"", "warmup=\"0m\""]));
    assert_eq!((w.first_hour, w.hours), (0, WEEK_H));
    assert!(w.period().is_err());
    // A flat profile is not enough while the shifts differ by day.
    assert!(!Window::of(&sc(&["arrivals.profile=\"flat\""])).repeats_daily);
    // A warm-up that ends inside an hour starts the window at the next hour.
    let w = Window::of(&sc(&["horizon=\"15d\"", "warmup=\"90m\""]));
    assert_eq!(w.first_hour, 2);
}

#[test]
fn magnitudes_are_rounded_to_two_significant_digits() {
    assert_eq!(about(1987.0), "2,000");
    assert_eq!(about(143.2), "140");
    assert_eq!(about(12_345.0), "12,000");
    assert_eq!(about(7.46), "7.5");
    assert_eq!(about(-2040.0), "-2,000");
}
