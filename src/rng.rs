//! Random streams keyed on work, not on workers.
//!
//! One master seed; each replication and each random *purpose* gets its own stream, a
//! Xoshiro256++ generator (Blackman and Vigna 2018) whose 256-bit state is derived from
//! the key `(seed, replication, purpose)` by a counter-based hash: the SplitMix64
//! finalizer folded over the key's words, then SplitMix64 to fill the state (the rand
//! book's advice for seeding many streams of a small generator). Results therefore never
//! depend on which thread ran a replication, and separate purposes make common random
//! numbers work: changing the staffing changes neither the arrival times nor the
//! customers. A mention's own streams are counter-based ([`Counter`]): one word each, set
//! up from a key the customer stream draws (see `model::mention`).

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// The generator of every stream of the model.
pub type Stream = Xoshiro256PlusPlus;

/// What a stream is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
    /// Arrival times of exogenous mentions.
    Arrivals = 1,
    /// Exogenous customers: class, channel, followers, expectation, patience, work, and
    /// the key of each mention's own streams (its decisions, follow-ups and virality).
    Customers = 2,
    /// Staffing: which agents of a shift are available net of shrinkage.
    Staffing = 4,
    /// The daily busyness factors of the arrival rate (`arrivals.daily_variation`).
    Busyness = 8,
}

/// The SplitMix64 finalizer (Steele, Lea and Flood 2014): a bijection of `u64` whose
/// every output bit depends on every input bit.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The 64-bit key of a stream: [`mix64`] folded over its words, each first offset by
/// the golden-ratio increment of SplitMix64 so that zero words still move the key.
fn key(words: &[u64]) -> u64 {
    words.iter().fold(0x243f_6a88_85a3_08d3, |h, &w| {
        mix64(h ^ w.wrapping_add(GAMMA))
    })
}

/// The stream for `purpose` in replication `replication` under master `seed`.
pub fn stream(seed: u64, replication: u64, purpose: Purpose) -> Stream {
    Stream::seed_from_u64(key(&[seed, replication, purpose as u64]))
}

/// A sub-stream of `purpose` keyed by a name (e.g. an agent group): the name's FNV-1a
/// hash joins the key, so adding or reordering groups leaves the draws of the others
/// unchanged.
pub fn keyed_stream(seed: u64, replication: u64, purpose: Purpose, name: &str) -> Stream {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    Stream::seed_from_u64(key(&[seed, replication, purpose as u64, hash]))
}

/// A counter-based stream: SplitMix64 (Steele, Lea and Flood 2014), whose `n`-th value is
/// [`mix64`] of `start + n` golden-ratio increments. Setting one up is one word, and any
/// value can be read without drawing those before it ([`Counter::unit_at`]). Each mention
/// has a few of these (see `model::mention`): its decisions, its follow-ups and its
/// virality, so a mention costs one draw of the customer stream, not one per decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    state: u64,
}

impl Counter {
    /// The stream keyed by `key` (any word: keys are mixed before use, so neighbouring
    /// keys give unrelated streams).
    #[inline]
    pub fn new(key: u64) -> Self {
        Counter { state: mix64(key) }
    }

    /// Value `i` (from 0) of this stream as a uniform on [0, 1), as `random::<f64>()` would
    /// draw it (53 bits), without advancing the stream. The same `i` gives the same value.
    #[inline]
    pub fn unit_at(&self, i: u64) -> f64 {
        let z = mix64(
            self.state
                .wrapping_add(i.wrapping_add(1).wrapping_mul(GAMMA)),
        );
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

impl rand::TryRng for Counter {
    type Error = std::convert::Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        self.try_next_u64().map(|x| (x >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.state = self.state.wrapping_add(GAMMA);
        Ok(mix64(self.state))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let word = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_are_distinct_and_reproducible() {
        let a: u64 = stream(7, 0, Purpose::Arrivals).random();
        let a2: u64 = stream(7, 0, Purpose::Arrivals).random();
        let b: u64 = stream(7, 0, Purpose::Customers).random();
        let c: u64 = stream(7, 1, Purpose::Arrivals).random();
        let d: u64 = stream(8, 0, Purpose::Arrivals).random();
        assert_eq!(a, a2);
        assert!(a != b && a != c && a != d && b != c);
    }

    fn mean(x: &[f64]) -> f64 {
        x.iter().sum::<f64>() / x.len() as f64
    }

    /// Pearson's correlation of `x` and `y`.
    fn corr(x: &[f64], y: &[f64]) -> f64 {
        let (mx, my) = (mean(x), mean(y));
        let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
        let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
        let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
        sxy / (sxx * syy).sqrt()
    }

    #[test]
    fn a_counter_reads_its_values_in_any_order_as_it_draws_them() {
        let drawn: Vec<f64> = {
            let mut c = Counter::new(42);
            (0..16).map(|_| c.random::<f64>()).collect()
        };
        let c = Counter::new(42);
        for (i, &u) in drawn.iter().enumerate().rev() {
            assert_eq!(c.unit_at(i as u64).to_bits(), u.to_bits(), "value {i}");
        }
        assert_ne!(Counter::new(43).unit_at(0), c.unit_at(0));
    }

    #[test]
    fn counter_uniforms_are_uniform_and_uncorrelated_across_keys_and_indices() {
        // As for the streams above: 4000 consecutive keys (as a mention's decisions
        // would use), the first three values of each. Means within 4 standard errors of
        // 1/2; correlations between indices of one key, and between neighbouring keys,
        // within 4 / sqrt(4000) of 0.
        let n = 4000usize;
        let u: Vec<[f64; 3]> = (0..n as u64)
            .map(|k| {
                let c = Counter::new(k);
                [c.unit_at(0), c.unit_at(1), c.unit_at(2)]
            })
            .collect();
        let col = |i: usize| u.iter().map(|v| v[i]).collect::<Vec<_>>();
        let limit = 4.0 / (n as f64).sqrt();
        let (a, b, c) = (col(0), col(1), col(2));
        for x in [&a, &b, &c] {
            assert!((mean(x) - 0.5).abs() < 4.0 * 0.2887 / (n as f64).sqrt());
            assert!(x.iter().all(|&v| (0.0..1.0).contains(&v)));
        }
        assert!(corr(&a, &b).abs() < limit);
        assert!(corr(&a, &c).abs() < limit);
        assert!(corr(&b, &c).abs() < limit);
        assert!(corr(&a[..n - 1], &a[1..]).abs() < limit);
    }

    #[test]
    fn keyed_streams_depend_on_the_key_only() {
        let day: u64 = keyed_stream(1, 0, Purpose::Staffing, "day").random();
        let again: u64 = keyed_stream(1, 0, Purpose::Staffing, "day").random();
        let night: u64 = keyed_stream(1, 0, Purpose::Staffing, "night").random();
        assert_eq!(day, again);
        assert_ne!(day, night);
    }

    #[test]
    fn neighbouring_keys_give_uncorrelated_uniform_streams() {
        // First uniforms of 4000 replications' arrival and customer streams: means within
        // 4 standard errors of 1/2 (sd of U(0,1) is 0.2887, / sqrt(4000) = 0.0046), and
        // the correlation of neighbours (replication i and i + 1, and the two purposes of
        // one replication) within 4 / sqrt(4000) = 0.063 of 0.
        let n = 4000;
        let first = |rep: u64, p: Purpose| stream(3, rep, p).random::<f64>();
        let arrivals: Vec<f64> = (0..n).map(|r| first(r, Purpose::Arrivals)).collect();
        let customers: Vec<f64> = (0..n).map(|r| first(r, Purpose::Customers)).collect();
        for x in [&arrivals, &customers] {
            assert!((mean(x) - 0.5).abs() < 4.0 * 0.2887 / (n as f64).sqrt());
        }
        let limit = 4.0 / (n as f64).sqrt();
        let k = n as usize;
        assert!(corr(&arrivals, &customers).abs() < limit);
        assert!(corr(&arrivals[..k - 1], &arrivals[1..]).abs() < limit);
        assert!(corr(&customers[..k - 1], &customers[1..]).abs() < limit);
    }
}
