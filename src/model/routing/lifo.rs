//! Last in, first out: the newest waiting mention first (the `lifo` discipline), as many
//! social teams work their feed from the top.

use super::{MentionView, Routing, Score};

/// Newest first: the key is the mention's routing sequence number.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lifo;

impl Routing for Lifo {
    type Key = Score;

    fn queue_key(&mut self, mention: &MentionView) -> Score {
        // Exact: sequence numbers stay far below 2^53.
        Score(mention.sequence as f64)
    }
}
