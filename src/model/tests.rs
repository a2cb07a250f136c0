//! Routing in the whole model: indices of classes, channels, (class, channel) cells and
//! groups beyond the range of 16 bits still route each mention to the groups that serve
//! its cell, and a policy of one's own decides which group takes an arriving mention.

use std::fmt::Write;

use super::routing::{GroupView, MentionView, Routing, Score};
use super::{simulate, simulate_with};
use crate::record::{self, Recorder};
use crate::scenario::{OutcomeState, Scenario};

/// `classes` classes on 100 public-less channels (the most a scenario may have), each class served by a group of its own
/// (`g0` never effective, every other group always), 4 mentions per hour per class.
fn one_group_per_class(classes: usize) -> Scenario {
    let mut text = format!(
        "name = \"wide\"\nhorizon = \"1d\"\nseed = 3\nreplications = 1\n\
         [arrivals]\nrate_per_h = {}\nprofile = \"flat\"\n",
        4 * classes
    );
    for c in 0..100 {
        let _ = write!(
            text,
            "[[channels]]\nname = \"ch{c}\"\nshare = 0.01\npublic = false\n"
        );
    }
    for k in 0..classes {
        let _ = write!(
            text,
            "[[classes]]\nname = \"c{k}\"\nshare = {}\n\
             handle_time = {{ dist = \"constant\", value = \"5m\" }}\n\
             patience = {{ dist = \"constant\", value = \"1d\" }}\nexpects_reply = 1.0\n",
            1.0 / classes as f64
        );
    }
    text.push_str(
        "[customers]\nescalate_to_phone = 0.0\nrepost = 0.0\n[virality]\nenabled = false\n\
         [staffing]\nconcurrency_penalty = 0.0\n",
    );
    for k in 0..classes {
        let effectiveness = if k == 0 { 0.0 } else { 1.0 };
        let _ = write!(
            text,
            "[[staffing.groups]]\nname = \"g{k}\"\nagents = 2\nconcurrency = 1\n\
             effectiveness = {effectiveness:.1}\nclasses = [\"c{k}\"]\n\
             shifts = [{{ days = [\"all\"], start = \"00:00\", end = \"24:00\" }}]\n"
        );
    }
    Scenario::from_toml(&text, "one group per class", &[]).expect("a valid scenario")
}

/// Per class: mentions, first replies, and outcomes that were effective.
#[derive(Debug, Default)]
struct ByClass {
    arrivals: Vec<u64>,
    answered: Vec<u64>,
    effective: Vec<u64>,
}

impl Recorder for ByClass {
    fn arrival(&mut self, e: &record::Arrival) {
        self.arrivals[e.class] += 1;
    }
    fn first_reply(&mut self, e: &record::FirstReply) {
        self.answered[e.class] += 1;
    }
    fn outcome(&mut self, e: &record::Outcome) {
        if matches!(
            e.state,
            OutcomeState::QuickEffective | OutcomeState::SlowEffective
        ) {
            self.effective[e.class] += 1;
        }
    }
}

fn by_class(classes: usize) -> ByClass {
    let empty = ByClass {
        arrivals: vec![0; classes],
        answered: vec![0; classes],
        effective: vec![0; classes],
    };
    simulate(&one_group_per_class(classes), 0, empty)
}

fn response_rate(r: &ByClass) -> f64 {
    r.answered.iter().sum::<u64>() as f64 / r.arrivals.iter().sum::<u64>() as f64
}

#[test]
fn classes_past_256_and_cells_past_65536_are_served_by_their_own_group() {
    // 660 classes x 100 channels = 66,000 cells: more than 16-bit indices hold.
    let wide = by_class(660);
    for k in 0..660 {
        assert!(
            wide.arrivals[k] > 40,
            "class {k}: {} mentions",
            wide.arrivals[k]
        );
        assert!(
            wide.answered[k] as f64 >= 0.9 * wide.arrivals[k] as f64,
            "class {k} answered {} of {}",
            wide.answered[k],
            wide.arrivals[k]
        );
        // Only `g0` is ineffective: a class answered by another class's group shows.
        let expected = if k == 0 { 0 } else { wide.answered[k] };
        assert_eq!(
            wide.effective[k], expected,
            "class {k} answered by the wrong group"
        );
    }
    let narrow = by_class(2);
    assert!(
        (response_rate(&wide) - response_rate(&narrow)).abs() < 0.03,
        "response rate {} with 660 classes, {} with 2",
        response_rate(&wide),
        response_rate(&narrow)
    );
}

/// Always the last candidate group.
#[derive(Debug)]
struct LastGroup {
    calls: u64,
}

impl Routing for LastGroup {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        Score(-mention.arrival_min)
    }

    fn choose_group(&mut self, _: &MentionView, candidates: &[GroupView<'_>]) -> Option<usize> {
        self.calls += 1;
        Some(candidates.len() - 1)
    }
}

#[test]
fn a_policy_of_its_own_picks_the_group() {
    // One class, two groups serving it: `g0` is never effective, `g1` always, and both
    // have ample agents. The built-in disciplines take the first of equally loaded
    // groups, `LastGroup` the other.
    let sc = Scenario::from_toml(
        "name = \"two-groups\"\nhorizon = \"1d\"\n[arrivals]\nrate_per_h = 20\nprofile = \"flat\"\n\
         [[channels]]\nname = \"chat\"\nshare = 1.0\n\
         [[classes]]\nname = \"request\"\nshare = 1.0\n\
         handle_time = { dist = \"constant\", value = \"5m\" }\n\
         [virality]\nenabled = false\n\
         [[staffing.groups]]\nname = \"g0\"\nagents = 10\neffectiveness = 0.0\n\
         shifts = [{ days = [\"all\"], start = \"00:00\", end = \"24:00\" }]\n\
         [[staffing.groups]]\nname = \"g1\"\nagents = 10\neffectiveness = 1.0\n\
         shifts = [{ days = [\"all\"], start = \"00:00\", end = \"24:00\" }]\n",
        "two groups",
        &[],
    )
    .expect("a valid scenario");
    let empty = || ByClass {
        arrivals: vec![0],
        answered: vec![0],
        effective: vec![0],
    };
    let first = simulate(&sc, 0, empty());
    assert!(first.answered[0] > 300, "{first:?}");
    assert_eq!(first.effective[0], 0, "the built-in takes g0: {first:?}");
    let mut policy = LastGroup { calls: 0 };
    let last = simulate_with(&sc, 0, empty(), &mut policy);
    assert_eq!(last.arrivals, first.arrivals, "the same customers");
    assert_eq!(
        last.effective[0], last.answered[0],
        "g1 answers all: {last:?}"
    );
    assert_eq!(policy.calls, last.arrivals[0], "asked once per arrival");
}
