//! A recording-only HDR histogram of three significant digits: the bucket layout of the
//! `hdrhistogram` crate (`Histogram::new(3)`, unit 1, auto-resizing) with nothing but an
//! array of counts, so that recording a value is a few bit operations and an increment.
//!
//! Quantiles and cumulative counts follow that crate's `value_at_quantile` and
//! `iter_recorded` to the unit: the tests compare them on random data.
//!
//! The counts are kept small for the cache: each index counts in 8 bits, and the
//! multiples of 2^8 it overflows into wait in a second array that a page allocates the
//! first time one of its indices overflows (an index then carries once in 256 values).
//! A customer writes two sketches (the expectation on arrival, the response time on the
//! first reply), each spread over several orders of magnitude, one page of 1 KiB each:
//! with counts of 64 bits (8 KiB a page) they did not fit in the first-level data cache
//! beside the rest of the simulation: cachegrind counted about one first-level miss per
//! recorded value on the Erlang A benchmark model, and 8-bit counts halve the misses of
//! the whole run.

use std::ops::ControlFlow;

/// Half of the sub-buckets of a bucket, as a power of two: 2048 sub-buckets resolve three
/// significant digits (2 x 10^3 <= 2^11).
const HALF_MAGNITUDE: u32 = 10;
const HALF: u64 = 1 << HALF_MAGNITUDE;
/// Values below this all fall in bucket 0, one count per unit.
const SUB_BUCKET_MASK: u64 = (2 << HALF_MAGNITUDE) - 1;
/// 64 minus the bits of the sub-bucket count.
const LEADING_ZERO_BASE: u32 = 64 - (HALF_MAGNITUDE + 1);

/// Indices of the counts per page: as many as the sub-buckets of one bucket above the
/// first, so that a sketch holds pages for the orders of magnitude it has seen only.
const PAGE_BITS: u32 = HALF_MAGNITUDE;
const PAGE: usize = 1 << PAGE_BITS;

/// The counts of `PAGE` consecutive indices: the low 8 bits of each, and the rest (the
/// count shifted right by 8) once some index has overflowed them.
#[derive(Debug, Clone)]
struct Page {
    low: [u8; PAGE],
    high: Option<Box<[u64; PAGE]>>,
}

impl Page {
    fn new() -> Box<Page> {
        Box::new(Page {
            low: [0; PAGE],
            high: None,
        })
    }

    /// The count of index `o`.
    #[inline]
    fn count(&self, o: usize) -> u64 {
        let high = self.high.as_ref().map_or(0, |h| h[o]);
        (high << 8) | u64::from(self.low[o])
    }

    /// Counts one more at index `o`.
    #[inline(always)]
    fn increment(&mut self, o: usize) {
        let (n, overflowed) = self.low[o].overflowing_add(1);
        self.low[o] = n;
        if overflowed {
            self.carry(o, 1);
        }
    }

    /// Counts `c` more at index `o`.
    fn add_count(&mut self, o: usize, c: u64) {
        let sum = u64::from(self.low[o]) + c;
        self.low[o] = sum as u8;
        if sum >> 8 != 0 {
            self.carry(o, sum >> 8);
        }
    }

    /// Adds the counts of `theirs`: index by index in one pass over the low counts (which
    /// the compiler vectorizes) when no sum overflows them, else one index at a time.
    fn add(&mut self, theirs: &Page) {
        let overflows = theirs.high.is_some()
            || self
                .low
                .iter()
                .zip(&theirs.low)
                .fold(false, |any, (&m, &t)| any | m.checked_add(t).is_none());
        if overflows {
            let _ = theirs.try_each::<()>(|o, c| {
                self.add_count(o, c);
                ControlFlow::Continue(())
            });
        } else {
            for (m, &t) in self.low.iter_mut().zip(&theirs.low) {
                *m += t;
            }
        }
    }

    /// Adds `c` multiples of 2^8 at index `o`.
    #[cold]
    fn carry(&mut self, o: usize, c: u64) {
        self.high.get_or_insert_with(|| Box::new([0; PAGE]))[o] += c;
    }

    /// Calls `f` with each counted index of the page, ascending, and its count (never 0),
    /// until `f` breaks. Without carries, eight indices whose low counts are all 0 are
    /// passed over with one comparison: a page is read at the end of a replication for
    /// every quantile, and most of its indices never counted a value.
    #[inline]
    fn try_each<B>(&self, mut f: impl FnMut(usize, u64) -> ControlFlow<B>) -> ControlFlow<B> {
        for (w, eight) in self.low.chunks_exact(8).enumerate() {
            if self.high.is_none() && eight.iter().all(|&c| c == 0) {
                continue;
            }
            for o in w * 8..w * 8 + 8 {
                let c = self.count(o);
                if c != 0 {
                    f(o, c)?;
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// Counts of values by HDR bucket, in pages allocated as values reach them.
#[derive(Debug, Clone, Default)]
pub(super) struct Hdr {
    pages: Vec<Option<Box<Page>>>,
    total: u64,
}

/// The bucket of `v` (a power of two above the range of bucket 0).
#[inline]
fn bucket(v: u64) -> u32 {
    LEADING_ZERO_BASE - (v | SUB_BUCKET_MASK).leading_zeros()
}

/// The index in the counts of `v`.
#[inline]
fn index(v: u64) -> usize {
    let b = bucket(v);
    // Bucket 0 uses all its sub-buckets, the others their upper half only.
    (((u64::from(b) + 1) << HALF_MAGNITUDE) + (v >> b) - HALF) as usize
}

/// The lowest value counted at index `i`.
fn lowest(i: usize) -> u64 {
    let b = (i >> HALF_MAGNITUDE) as i64 - 1;
    let sub = (i as u64 & (HALF - 1)) + HALF;
    if b < 0 { sub - HALF } else { sub << b }
}

/// The highest value counted at index `i`.
fn highest(i: usize) -> u64 {
    let v = lowest(i);
    v + (1u64 << bucket(v)) - 1
}

impl Hdr {
    /// Counts one value (at most `u64::MAX / 4`, as the caller guarantees).
    #[inline(always)]
    pub(super) fn record(&mut self, v: u64) {
        let i = index(v);
        self.page(i >> PAGE_BITS).increment(i & (PAGE - 1));
        self.total += 1;
    }

    /// Page `p`, allocated if it was not.
    #[inline]
    fn page(&mut self, p: usize) -> &mut Page {
        if !matches!(self.pages.get(p), Some(Some(_))) {
            self.add_page(p);
        }
        match self.pages.get_mut(p) {
            Some(Some(page)) => page,
            _ => unreachable!("page {p} was just added"),
        }
    }

    /// Allocates page `p`.
    #[cold]
    fn add_page(&mut self, p: usize) {
        if p >= self.pages.len() {
            self.pages.resize_with(p + 1, || None);
        }
        self.pages[p] = Some(Page::new());
    }

    /// Adds the counts of `other`, as if its values had been recorded here.
    pub(super) fn add(&mut self, other: &Hdr) {
        for (p, theirs) in other.pages.iter().enumerate() {
            let Some(theirs) = theirs else { continue };
            self.page(p).add(theirs);
        }
        self.total += other.total;
    }

    /// Number of values counted.
    pub(super) fn len(&self) -> u64 {
        self.total
    }

    /// Calls `f` with each counted index, ascending, and its count (never 0), until `f`
    /// breaks.
    fn try_each_counted<B>(
        &self,
        mut f: impl FnMut(usize, u64) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        for (p, page) in self.pages.iter().enumerate() {
            if let Some(page) = page {
                page.try_each(|o, c| f(p * PAGE + o, c))?;
            }
        }
        ControlFlow::Continue(())
    }

    /// Calls `f` with each recorded bucket in ascending order: the highest value it covers
    /// and its count.
    pub(super) fn for_each_recorded(&self, mut f: impl FnMut(u64, u64)) {
        let _ = self.try_each_counted::<()>(|i, c| {
            f(highest(i), c);
            ControlFlow::Continue(())
        });
    }

    /// The `q`-quantile (0 when empty): the highest value of the bucket where the
    /// cumulative count reaches `ceil(q n)` (at least 1), the lowest for `q = 0`.
    pub(super) fn value_at_quantile(&self, q: f64) -> u64 {
        let q = q.min(1.0);
        let wanted = ((q * self.total as f64).ceil() as u64).max(1);
        let mut below = 0u64;
        let found = self.try_each_counted(|i, c| {
            below += c;
            if below >= wanted {
                ControlFlow::Break(if q == 0.0 { lowest(i) } else { highest(i) })
            } else {
                ControlFlow::Continue(())
            }
        });
        match found {
            ControlFlow::Break(v) => v,
            ControlFlow::Continue(()) => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recorded buckets of `h`, in order.
    fn recorded(h: &Hdr) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        h.for_each_recorded(|v, c| out.push((v, c)));
        out
    }

    /// Values spread over many orders of magnitude, with repeats and bucket edges.
    fn values(n: usize) -> Vec<u64> {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                match i % 4 {
                    0 => x >> (x % 60 + 2),
                    1 => x % 5000,
                    2 => (1u64 << (x % 40)) - u64::from(i % 8 == 2),
                    _ => x >> 40,
                }
            })
            .collect()
    }

    #[test]
    fn matches_the_hdrhistogram_crate() {
        for n in [1, 7, 1000, 50_000] {
            let vs = values(n);
            let mut ours = Hdr::default();
            let mut theirs = hdrhistogram::Histogram::<u64>::new(3).expect("valid precision");
            for &v in &vs {
                ours.record(v);
                theirs.record(v).expect("auto-resizing");
            }
            assert_eq!(ours.len(), theirs.len());
            for q in [0.0, 1e-9, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0, 1.5] {
                assert_eq!(
                    ours.value_at_quantile(q),
                    theirs.value_at_quantile(q),
                    "{n} {q}"
                );
            }
            let expected: Vec<(u64, u64)> = theirs
                .iter_recorded()
                .map(|b| (b.value_iterated_to(), b.count_at_value()))
                .collect();
            assert_eq!(recorded(&ours), expected, "{n}");
        }
        assert_eq!(Hdr::default().value_at_quantile(0.5), 0);
    }

    #[test]
    fn added_histograms_count_as_one_that_recorded_every_value() {
        let vs = values(20_000);
        let mut whole = Hdr::default();
        let mut parts = [Hdr::default(), Hdr::default(), Hdr::default()];
        for (i, &v) in vs.iter().enumerate() {
            whole.record(v);
            // Uneven parts: one gets the large values only, one stays small.
            let part = if v > 1 << 30 {
                0
            } else {
                1 + usize::from(i % 7 == 0)
            };
            parts[part].record(v);
        }
        let mut sum = Hdr::default();
        for p in &parts {
            sum.add(p);
        }
        sum.add(&Hdr::default());
        assert_eq!(sum.len(), whole.len());
        assert_eq!(recorded(&sum), recorded(&whole));
        assert_eq!(sum.value_at_quantile(0.9), whole.value_at_quantile(0.9));
        // Adding into a histogram that already counts values, and into a longer one.
        let mut twice = whole.clone();
        twice.add(&parts[2]);
        let mut again = parts[2].clone();
        again.add(&whole);
        assert_eq!(recorded(&twice), recorded(&again));
        assert_eq!(twice.len(), whole.len() + parts[2].len());
    }

    /// A histogram that recorded `v` `n` times.
    fn recording(v: u64, n: u64) -> Hdr {
        let mut h = Hdr::default();
        for _ in 0..n {
            h.record(v);
        }
        h
    }

    #[test]
    fn counts_beyond_eight_bits_carry_when_recorded_and_when_added() {
        // 200,000 of one value (many carries), 65,535 of another (255 in the low
        // counter, one short of a carry), and a sketch of 40,000 + 40,000 of a third
        // added into one of 30,000: the sums carry in the addition.
        let mut ours = Hdr::default();
        let mut theirs = hdrhistogram::Histogram::<u64>::new(3).expect("valid precision");
        for (v, n) in [(5u64, 200_000), (600_000, 65_535), (7, 1)] {
            for _ in 0..n {
                ours.record(v);
                theirs.record(v).expect("auto-resizing");
            }
        }
        let part = recording(3_000_000, 40_000);
        ours.add(&recording(3_000_000, 30_000));
        ours.add(&part);
        ours.add(&part);
        theirs.record_n(3_000_000, 110_000).expect("auto-resizing");
        // Sums that overflow the low counts of two sketches without carries: 100 + 200.
        ours.add(&recording(9_000, 100));
        ours.add(&recording(9_000, 200));
        theirs.record_n(9_000, 300).expect("auto-resizing");
        let expected: Vec<(u64, u64)> = theirs
            .iter_recorded()
            .map(|b| (b.value_iterated_to(), b.count_at_value()))
            .collect();
        assert_eq!(recorded(&ours), expected);
        assert_eq!(ours.len(), theirs.len());
        for q in [0.0, 0.5, 0.53, 0.6, 0.99, 1.0] {
            assert_eq!(
                ours.value_at_quantile(q),
                theirs.value_at_quantile(q),
                "{q}"
            );
        }
    }

    #[test]
    fn a_sketch_holds_pages_for_the_magnitudes_it_has_seen_only() {
        let mut h = Hdr::default();
        // Minutes to the millisecond: 10 to 17 minutes lie in one bucket, one page.
        for v in (600_000..1_040_000).step_by(997) {
            h.record(v);
        }
        assert_eq!(h.pages.iter().flatten().count(), 1);
        h.record(3 * 86_400_000);
        assert_eq!(h.pages.iter().flatten().count(), 2);
        assert_eq!(h.value_at_quantile(1.0), highest(index(3 * 86_400_000)));
    }
}
