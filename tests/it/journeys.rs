//! Customer journeys: frustration and the phone, private follow-ups, the bot's
//! acknowledgement, virality keyed on what the audience sees, and the choice among free
//! groups. Each check runs a small scenario with fixed seeds and compares two plans that
//! differ in one option; differences are judged against the replications' standard errors.

use std::path::Path;

use carecast::experiment::{self, RunResults};
use carecast::model::simulate;
use carecast::record::{self, Recorder};
use carecast::scenario::{Scenario, ScenarioFile};

fn load(file: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Scenario::load(&Path::new("scenarios").join(file), &sets)
        .unwrap_or_else(|e| panic!("{file} {sets:?}: {e}"))
}

fn run(sc: &Scenario) -> RunResults {
    experiment::run(sc, &|| {})
}

fn mean(r: &RunResults, kpi: &str) -> f64 {
    r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}")).mean
}

/// Standard error of the replication mean of `kpi`.
fn se(r: &RunResults, kpi: &str) -> f64 {
    let s = r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}"));
    s.std / (s.n as f64).sqrt()
}

/// Asserts `a`'s mean of `kpi` is below `b`'s by more than 4 combined standard errors.
fn assert_below(a: &RunResults, b: &RunResults, kpi: &str) {
    let (ma, mb) = (mean(a, kpi), mean(b, kpi));
    let tol = 4.0 * (se(a, kpi).powi(2) + se(b, kpi).powi(2)).sqrt();
    assert!(
        ma + tol < mb,
        "{kpi}: {ma} is not below {mb} (4 se = {tol})"
    );
}

fn quick(r: &RunResults) -> f64 {
    mean(r, "quick_effective") + mean(r, "quick_ineffective")
}

/// A social-media M/M/11+M: the Erlang A template with social semantics (a frustrated
/// customer's mention stays answerable), a public channel, and `sets` on top.
fn social(sets: &[&str]) -> Scenario {
    let mut all = vec![
        "policy.answer_after_abandon=true",
        "channels[0].public=true",
        "replications=8",
        "horizon=\"3d\"",
        "warmup=\"6h\"",
    ];
    all.extend_from_slice(sets);
    load("erlang-a.toml", &all)
}

#[test]
fn customers_whose_patience_ran_out_are_never_quick() {
    // Everyone expects a reply within a day; the reply takes 5 minutes on average to
    // write. With a day of patience most are quick; with one second of patience nobody
    // but the rare reply written within the second can be.
    let patient = run(&social(&[
        "customers.expectation={ dist = \"constant\", value = \"1d\" }",
        "classes[0].patience={ dist = \"constant\", value = \"1d\" }",
    ]));
    let impatient = run(&social(&[
        "customers.expectation={ dist = \"constant\", value = \"1d\" }",
        "classes[0].patience={ dist = \"constant\", value = \"1s\" }",
    ]));
    assert!(quick(&patient) > 0.95, "patient: {}", quick(&patient));
    // P(exponential 5-minute reply <= 1 s) = 1 - exp(-1/300) = 0.33%.
    assert!(quick(&impatient) < 0.01, "impatient: {}", quick(&impatient));
}

#[test]
fn customers_who_phone_leave_the_social_queue_as_escalated() {
    // Eight agents for ten Erlangs: patience runs out often. Phoning customers take their
    // mention out of the social queue; the others' mentions wait on to be answered late.
    let stay = run(&social(&[
        "staffing.groups[0].agents=8",
        "customers.escalate_to_phone=0.0",
        "costs.phone_call=7.5",
    ]));
    let phone = run(&social(&[
        "staffing.groups[0].agents=8",
        "customers.escalate_to_phone=0.8",
        "costs.phone_call=7.5",
    ]));
    assert_below(&phone, &stay, "queue_mean");
    assert_below(&phone, &stay, "answered");
    assert_below(&stay, &phone, "escalated");
    assert_eq!(mean(&stay, "escalated"), 0.0);
    // Of the frustrated, the configured share phones; each call is costed.
    let share = mean(&phone, "phoned") / mean(&phone, "abandoned");
    assert!((share - 0.8).abs() < 0.02, "phoned / abandoned = {share}");
    assert!((mean(&phone, "cost_phone") - 7.5 * mean(&phone, "phoned")).abs() < 1e-6);
    // Every customer has one outcome, the escalated ones included.
    let states = [
        "quick_effective",
        "quick_ineffective",
        "slow_effective",
        "slow_ineffective",
        "escalated",
        "ignored",
    ];
    for r in [&stay, &phone] {
        for rep in &r.replications {
            let sum: f64 = states
                .iter()
                .map(|s| rep.kpis[r.kpi_names.iter().position(|n| n == s).expect("kpi")])
                .sum();
            assert!((sum - 1.0).abs() < 1e-9, "outcome shares sum to {sum}");
        }
    }
    // The escalated customers are exactly those who phoned (no reposts here).
    for rep in &phone.replications {
        let v = |k: &str| rep.kpis[phone.kpi_names.iter().position(|n| n == k).expect("kpi")];
        assert!((v("escalated") * v("customers") - v("phoned")).abs() < 1e-6);
    }
}

#[test]
fn patience_relaxes_off_hours_only_for_the_non_strict() {
    // Nobody is ever taken (no agent on duty), so everyone's patience runs out: the mean
    // time to abandonment is the mean patience, 10 minutes for the strict 57%, 30 for the
    // others (business hours never come).
    #[derive(Default)]
    struct Patience(Vec<f64>);
    impl Recorder for Patience {
        fn queue_exit(&mut self, e: &record::QueueExit) {
            self.0.push(e.wait_min);
        }
    }
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=0",
            "classes[0].patience={ dist = \"constant\", value = \"10m\" }",
            "customers.off_hours_strict=0.57",
            "customers.off_hours_relax=3.0",
            "customers.business_hours={ days = [\"mon\"], start = \"00:00\", end = \"00:01\" }",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
            "start_day=\"tue\"",
        ],
    );
    let p = simulate(&sc, 0, Patience::default());
    assert!(p.0.len() > 2000, "{} abandonments", p.0.len());
    let relaxed = p.0.iter().filter(|&&w| (w - 30.0).abs() < 1e-9).count();
    let strict = p.0.iter().filter(|&&w| (w - 10.0).abs() < 1e-9).count();
    assert_eq!(relaxed + strict, p.0.len());
    let share = strict as f64 / p.0.len() as f64;
    let sd = (0.57 * 0.43 / p.0.len() as f64).sqrt();
    assert!((share - 0.57).abs() < 4.0 * sd, "strict share {share}");
}

/// A public complaint scenario with virality and ample staff (20 agents for ten Erlangs
/// and the pile-ons): most of a complaint's excitation is still to come at its reply, so
/// the reply's thinning decides how many join in.
fn complaints(sets: &[&str]) -> Scenario {
    let mut all = vec![
        "classes[0].sentiment=\"negative\"",
        "staffing.groups[0].agents=20",
        "virality.enabled=true",
        "virality.offspring=0.3",
        "virality.decay=\"1h\"",
        "customers.expectation={ dist = \"constant\", value = \"30m\" }",
    ];
    all.extend_from_slice(sets);
    social(&all)
}

#[test]
fn conversations_that_move_private_stop_spawning_and_leave_no_negative_impressions() {
    let public = run(&complaints(&["classes[0].private=0.0"]));
    let private = run(&complaints(&["classes[0].private=1.0"]));
    assert_below(&private, &public, "spawned_mentions");
    assert_below(&private, &public, "negative_impressions");
    // Every answered conversation moved private; the rest of the run is the same
    // customers (common random numbers), so the answered count differs only through the
    // children not spawned.
    let moved = mean(&private, "moved_private") / mean(&private, "answered");
    assert!(moved > 0.999, "moved private: {moved}");
    assert_eq!(mean(&public, "moved_private"), 0.0);
}

#[test]
fn an_ineffective_answer_calms_a_pile_on_less_than_an_effective_one() {
    let effective = run(&complaints(&["staffing.groups[0].effectiveness=1.0"]));
    let ineffective = run(&complaints(&["staffing.groups[0].effectiveness=0.0"]));
    assert_below(&effective, &ineffective, "spawned_mentions");
    // Answered within the public's patience or later: a later reply keeps more.
    let prompt = run(&complaints(&["customers.public_patience=\"1d\""]));
    let impatient_public = run(&complaints(&["customers.public_patience=\"1s\""]));
    assert_below(&prompt, &impatient_public, "spawned_mentions");
}

#[test]
fn an_acknowledging_bot_differs_from_no_bot_on_first_response_and_virality() {
    let no_bot = run(&complaints(&[]));
    let ack = [
        "bot.enabled=true",
        "bot.delay=\"1m\"",
        "bot.handover=1.0",
        "bot.acknowledgement_counts=true",
        "bot.patience_factor=2.0",
        "bot.virality_after_ack=0.3",
    ];
    let acked = run(&complaints(&ack));
    // Every mention is acknowledged after a minute: that is its first response.
    assert!(
        (mean(&acked, "frt_mean_min") - 1.0).abs() < 1e-9,
        "{}",
        mean(&acked, "frt_mean_min")
    );
    assert!(mean(&no_bot, "frt_mean_min") > 2.0);
    assert_eq!(mean(&acked, "bot_answered"), 0.0, "the humans answer");
    // Onlookers calm down: fewer pile on.
    assert_below(&acked, &no_bot, "spawned_mentions");
    // Acknowledged customers wait longer before they give up (Erlang A with ten agents
    // for ten Erlangs: many abandon; the same bot with and without the extension).
    let call_centre = |factor: &str| {
        let f = format!("bot.patience_factor={factor}");
        let mut all = vec![
            "staffing.groups[0].agents=10",
            "replications=16",
            "horizon=\"3d\"",
        ];
        all.extend_from_slice(&ack);
        all.push(&f);
        run(&load("erlang-a.toml", &all))
    };
    assert_below(&call_centre("3.0"), &call_centre("1.0"), "abandoned");
    // Not counted as a first response: the response times are the humans' again, a
    // minute later than without the bot (the hand-over comes after the bot's reply).
    let mut uncounted = ack.to_vec();
    uncounted.push("bot.acknowledgement_counts=false");
    let late = run(&complaints(&uncounted));
    assert!(mean(&late, "frt_mean_min") > mean(&no_bot, "frt_mean_min") + 0.5);
    // The accounting holds with acknowledgements counted as responses.
    for r in [&acked, &late] {
        for rep in &r.replications {
            let v = |k: &str| rep.kpis[r.kpi_names.iter().position(|n| n == k).expect("kpi")];
            assert_eq!(
                v("mentions"),
                v("answered") + v("dropped") + v("open_at_end"),
                "accounting"
            );
        }
    }
}

#[test]
fn a_bot_answer_that_does_not_help_is_an_ineffective_answer() {
    let bot = |effectiveness: &str| {
        let e = format!("bot.effectiveness={effectiveness}");
        run(&complaints(&["bot.enabled=true", "bot.handover=0.0", &e]))
    };
    let helpful = bot("1.0");
    let useless = bot("0.0");
    assert_eq!(mean(&useless, "quick_effective"), 0.0);
    assert_below(&helpful, &useless, "spawned_mentions");
    assert_below(&useless, &helpful, "recommend_rate");
}

#[test]
fn deadline_first_does_not_starve_customers_who_expect_no_reply() {
    // Two classes alike but for expecting a reply; heavy load (9.5 Erlangs on 10 agents).
    // With an infinite deadline the no-reply class would wait behind every other mention;
    // with the public's patience as its deadline it is served in turn.
    let mut file = ScenarioFile::from(&load(
        "erlang-a.toml",
        &[
            "policy.discipline=\"deadline\"",
            "policy.answer_after_abandon=true",
            "staffing.groups[0].agents=10",
            "arrivals.rate_per_h=114",
            "customers.expectation={ dist = \"constant\", value = \"30m\" }",
            "customers.public_patience=\"30m\"",
            "customers.off_hours_relax=1.0",
            "classes[0].patience={ dist = \"constant\", value = \"1d\" }",
            "replications=6",
            "horizon=\"3d\"",
        ],
    ));
    let mut quiet = file.classes[0].clone();
    quiet.name = "quiet".into();
    quiet.expects_reply = 0.0;
    file.classes[0].share = 0.5;
    quiet.share = 0.5;
    file.classes.push(quiet);
    let r = run(&Scenario::try_from(file).expect("valid"));
    let (expecting, quiet) = (
        mean(&r, "frt_mean_min.request"),
        mean(&r, "frt_mean_min.quiet"),
    );
    // Same deadline offset: the same service, within sampling error.
    let tol = 4.0
        * (se(&r, "frt_mean_min.request").powi(2) + se(&r, "frt_mean_min.quiet").powi(2)).sqrt();
    assert!(
        (expecting - quiet).abs() <= tol,
        "expecting {expecting} min vs quiet {quiet} min (4 se = {tol})"
    );
}

#[test]
fn the_choice_among_free_groups_never_depends_on_the_file_order_unless_asked() {
    // Two groups serve the same mentions, one 50% faster. Least loaded (the default)
    // breaks ties by speed, so listing them the other way round changes nothing;
    // first_listed is what the name says.
    let two = |fast_first: bool, choice: &str| {
        let mut file = ScenarioFile::from(&load(
            "erlang-a.toml",
            &[
                "staffing.groups[0].agents=6",
                "replications=4",
                "horizon=\"2d\"",
                &format!("policy.group_choice=\"{choice}\""),
            ],
        ));
        let mut fast = file.staffing.groups[0].clone();
        fast.name = "fast".into();
        fast.speed = 1.5;
        if fast_first {
            file.staffing.groups.insert(0, fast);
        } else {
            file.staffing.groups.push(fast);
        }
        run(&Scenario::try_from(file).expect("valid"))
    };
    let kpis = ["p_wait_pos", "wait_mean_min", "frt_mean_min", "answered"];
    let (a, b) = (two(true, "least_loaded"), two(false, "least_loaded"));
    for k in kpis {
        assert_eq!(mean(&a, k), mean(&b, k), "{k} depends on the file order");
    }
    let (a, b) = (two(true, "first_listed"), two(false, "first_listed"));
    assert_below(&a, &b, "frt_mean_min");
    let fastest = two(false, "fastest");
    assert_eq!(mean(&fastest, "frt_mean_min"), mean(&a, "frt_mean_min"));
}

#[test]
fn private_follow_ups_go_to_the_groups_of_the_private_channel_when_asked() {
    // Public chat answered by one team; a private channel "dm" (no arrivals of its own)
    // served by another, both ample. Every conversation moves private and needs three
    // replies of 5 minutes' work: 30 Erlangs of writing, 10 of them first replies.
    let plan = |private_channel: Option<&str>| {
        let mut file = ScenarioFile::from(&social(&[
            "staffing.groups[0].agents=100",
            "classes[0].replies={ dist = \"constant\", value = 3 }",
            "classes[0].private=1.0",
        ]));
        let mut dm = file.channels[0].clone();
        dm.name = "dm".into();
        dm.public = false;
        dm.share = 0.0;
        file.channels.push(dm);
        file.staffing.groups[0].name = "chat-team".into();
        file.staffing.groups[0].channels = Some(vec!["chat".into()]);
        let mut team = file.staffing.groups[0].clone();
        team.name = "dm-team".into();
        team.channels = Some(vec!["dm".into()]);
        file.staffing.groups.push(team);
        file.policy.private_channel = private_channel.map(String::from);
        run(&Scenario::try_from(file).expect("valid"))
    };
    let same_agent = plan(None);
    let dm = plan(Some("dm"));
    assert_eq!(mean(&same_agent, "occupancy.dm-team"), 0.0);
    let near = |r: &RunResults, kpi: &str, exact: f64| {
        let tol = 4.0 * se(r, kpi) + 0.01;
        assert!(
            (mean(r, kpi) - exact).abs() <= tol,
            "{kpi}: {} vs {exact}",
            mean(r, kpi)
        );
    };
    near(&same_agent, "occupancy.chat-team", 0.3);
    near(&dm, "occupancy.chat-team", 0.1);
    // The private team re-reads the thread (2 minutes) before its first follow-up.
    near(&dm, "occupancy.dm-team", 0.2 + 2.0 * 2.0 / 100.0);
    // The public team answers the first reply only: the same customers, answered the
    // same way at first contact, and every conversation still ends.
    assert_eq!(mean(&dm, "moved_private"), mean(&dm, "answered"));
    for r in [&same_agent, &dm] {
        assert_eq!(mean(r, "open_at_end"), 0.0);
    }
}

#[test]
fn a_private_channel_must_exist_and_be_served() {
    let message = |file: ScenarioFile| {
        Scenario::try_from(file)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    let mut file = ScenarioFile::from(&load("erlang-a.toml", &["classes[0].private=0.5"]));
    file.policy.private_channel = Some("dm".into());
    let err = message(file.clone());
    assert!(
        err.contains("policy.private_channel") && err.contains("private channel: chat"),
        "{err}"
    );
    // A private channel nobody serves.
    let mut dm = file.channels[0].clone();
    dm.name = "dm".into();
    dm.share = 0.0;
    file.channels.push(dm);
    file.staffing.groups[0].channels = Some(vec!["chat".into()]);
    let err = message(file);
    assert!(err.contains("\"dm\" (class \"request\")"), "{err}");
}
