//! First in, first out: the oldest waiting mention first (the `fifo` discipline).

use super::{MentionView, Routing, Score};

/// Oldest first: every key is equal, so the order of arrival at routing decides.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fifo;

impl Routing for Fifo {
    type Key = Score;

    fn queue_key(&mut self, _mention: &MentionView) -> Score {
        Score(0.0)
    }
}
