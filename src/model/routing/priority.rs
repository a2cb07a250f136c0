//! Class priority: the class with the highest `priority` weight first, oldest first within
//! a weight (the `priority` discipline; a non-preemptive priority queue).

use super::{MentionView, Routing, Score};

/// Highest class priority first.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClassPriority;

impl Routing for ClassPriority {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        Score(mention.class_priority as f64)
    }
}
