//! Deadline first: the mention nearest to breaking its author's expectation first (the
//! `deadline` discipline; earliest-deadline-first, Liu and Layland 1973). Authors who
//! expect no reply have an infinite deadline and come last.

use super::{MentionView, Routing, Score};

/// Earliest expectation deadline (arrival + expected reply time) first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Deadline;

impl Routing for Deadline {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        Score(-mention.deadline_min())
    }
}
