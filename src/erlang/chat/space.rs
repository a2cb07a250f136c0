//! The load states of the chat chain, grouped by level (conversations in service), and
//! their ranks in the combinatorial number system, so that a neighbour's index is one
//! table lookup away.

/// The load states, grouped by level (conversations in service), with their ranks.
///
/// A state `t = (t₁ ≥ … ≥ t_K)` has the rank `Σ_j C(t_j + K − j, K + 1 − j)` (the
/// combinatorial number system of the `K`-combination `t_{K+1−i} + i − 1`, `i = 1..=K`), a
/// bijection onto `0..C(N + K, K)`; changing one `t_j` by one changes one term.
pub(super) struct Space {
    pub(super) agents: u32,
    pub(super) k: usize,
    /// `t` of each state, `k` values per state, in sweep order (by level, then as generated).
    pub(super) loads: Vec<u32>,
    /// States of level `L` are at positions `level_start[L]..level_start[L + 1]`.
    pub(super) level_start: Vec<usize>,
    /// Rank of the state at each position (the distribution is stored by rank).
    pub(super) rank: Vec<u32>,
    /// `C(v + K − j, K + 1 − j)` at `(j − 1)·(N + 1) + v`, for `j = 1..=K`, `v = 0..=N`.
    rank_terms: Vec<u32>,
}

impl Space {
    /// Enumerates the `states` load states of `agents` agents with up to `k` conversations.
    pub(super) fn new(agents: u32, k: usize, states: usize) -> Self {
        let width = agents as usize + 1;
        let mut rank_terms = vec![0_u32; k * width];
        for j in 1..=k {
            let b = (k + 1 - j) as u64; // C(v + b − 1, b)
            let row = &mut rank_terms[(j - 1) * width..j * width];
            let mut value: u64 = 0;
            for (v, term) in row.iter_mut().enumerate() {
                let v = v as u64;
                if v == 1 {
                    value = 1;
                } else if v > 1 {
                    // C(v + b − 1, b) = C(v + b − 2, b) · (v + b − 1) / (v − 1)
                    value = value * (v + b - 1) / (v - 1);
                }
                // every term is below the state count, which fits
                *term = value as u32;
            }
        }
        let levels = agents as usize * k + 1;
        let mut space = Self {
            agents,
            k,
            loads: Vec::with_capacity(states * k),
            level_start: Vec::with_capacity(levels + 1),
            rank: Vec::with_capacity(states),
            rank_terms,
        };
        let mut prefix = Vec::with_capacity(k);
        for level in 0..levels {
            space.level_start.push(space.rank.len());
            space.push_level(&mut prefix, level as u64, agents);
        }
        space.level_start.push(space.rank.len());
        space
    }

    /// Appends every non-increasing completion of `prefix` with values at most `max` whose
    /// remaining entries sum to `remaining`.
    fn push_level(&mut self, prefix: &mut Vec<u32>, remaining: u64, max: u32) {
        let left = (self.k - prefix.len()) as u64;
        if left == 0 {
            if remaining == 0 {
                let rank = prefix
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| self.term(j + 1, v))
                    .sum();
                self.loads.extend_from_slice(prefix);
                self.rank.push(rank);
            }
            return;
        }
        // the next value v: v ≤ max, v ≤ remaining, and the rest (at most v each) must fit
        let low = remaining.div_ceil(left);
        let high = remaining.min(u64::from(max));
        for v in low..=high {
            prefix.push(v as u32);
            self.push_level(prefix, remaining - v, v as u32);
            prefix.pop();
        }
    }

    /// `C(v + K − j, K + 1 − j)`, the rank term of `t_j = v`.
    fn term(&self, j: usize, v: u32) -> u32 {
        self.rank_terms[(j - 1) * (self.agents as usize + 1) + v as usize]
    }

    /// Number of levels, `N·K + 1`.
    pub(super) fn levels(&self) -> usize {
        self.level_start.len() - 1
    }

    /// `t` of the state at `pos`.
    pub(super) fn loads_at(&self, pos: usize) -> &[u32] {
        &self.loads[pos * self.k..(pos + 1) * self.k]
    }

    /// Ranks of the states of `level`, in position order.
    pub(super) fn ranks_of(&self, level: usize) -> &[u32] {
        &self.rank[self.level_start[level]..self.level_start[level + 1]]
    }

    /// Rank (index into the distribution) of the state that differs from the state of rank
    /// `rank` by `t_j` changed from `from` to `to`.
    pub(super) fn neighbour(&self, rank: u32, j: usize, from: u32, to: u32) -> usize {
        (rank + self.term(j, to) - self.term(j, from)) as usize
    }
}
