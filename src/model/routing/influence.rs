//! Influence first: the author with the most followers first (the `influence`
//! discipline), oldest first among equals.

use super::{MentionView, Routing, Score};

/// Most followers first.
#[derive(Debug, Clone, Copy, Default)]
pub struct Influence;

impl Routing for Influence {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        Score(mention.followers)
    }
}
