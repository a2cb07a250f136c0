//! Deadline first: the mention nearest to breaking its author's expectation first (the
//! `deadline` discipline; earliest-deadline-first, Liu and Layland 1973). Authors who
//! expect no reply get the public's patience (`customers.public_patience`) as their
//! deadline, so they are not starved.

use super::{MentionView, Routing, Score};

/// Earliest deadline (arrival + expected reply time, or the public's patience) first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Deadline;

impl Routing for Deadline {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        Score(-mention.deadline_min())
    }
}
