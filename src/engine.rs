//! The event kernel: a clock and a queue of timed events, nothing else.
//!
//! Modelled on SimPy's `Environment` (a clock plus a heap of `(time, seq, event)`) and the
//! priority queues of nexosim and dslab-core: events at the same instant leave in the order
//! they were scheduled, so a run is a pure function of its inputs. The kernel knows nothing
//! of mentions or agents; the model defines its own event type and drives the loop.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A point on the simulated clock, in minutes since the start of the run.
///
/// Times compare with [`f64::total_cmp`], so the order is total and deterministic.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct SimTime(pub f64);

impl SimTime {
    /// The start of every run.
    pub const ZERO: SimTime = SimTime(0.0);

    /// Minutes since the start of the run.
    pub fn minutes(self) -> f64 {
        self.0
    }
}

/// A pending event. `time` holds the IEEE bits of a time `>= 0`, which order like the
/// times themselves, so that comparing two entries is two integer comparisons.
#[derive(Debug)]
struct Entry<E> {
    time: u64,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that the max-heap pops the earliest event, then the first scheduled.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time, other.seq).cmp(&(self.time, self.seq))
    }
}

/// A future-event list with a clock.
///
/// `pop` advances the clock to the earliest pending event. Ties are broken by insertion
/// order. Scheduling into the past is a bug in the caller and panics in debug builds.
#[derive(Debug)]
pub struct EventQueue<E> {
    now: f64,
    seq: u64,
    heap: BinaryHeap<Entry<E>>,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue with the clock at zero.
    pub fn new() -> Self {
        Self {
            now: 0.0,
            seq: 0,
            heap: BinaryHeap::new(),
        }
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        SimTime(self.now)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether no event is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Schedules `event` at absolute time `at`.
    pub fn schedule(&mut self, at: SimTime, event: E) {
        debug_assert!(
            at.0 >= self.now && !at.0.is_nan(),
            "event scheduled into the past: {} < {}",
            at.0,
            self.now
        );
        self.seq += 1;
        // Never before now (a bug caught above in debug builds), so the bits order like
        // the times; `max` also turns -0.0 and NaN into the clock.
        self.heap.push(Entry {
            time: at.0.max(self.now).to_bits(),
            seq: self.seq,
            event,
        });
    }

    /// Schedules `event` after `delay_min` minutes from now.
    pub fn schedule_in(&mut self, delay_min: f64, event: E) {
        self.schedule(SimTime(self.now + delay_min), event);
    }

    /// Removes the earliest event if it is due no later than `until`, advancing the clock
    /// to its time. Returns `None` (and leaves the event) when the next one is later.
    pub fn pop_until(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        if f64::from_bits(self.heap.peek()?.time) > until.0 {
            return None;
        }
        let entry = self.heap.pop()?;
        self.now = f64::from_bits(entry.time);
        Some((SimTime(self.now), entry.event))
    }

    /// Moves the clock forward to `t` without an event (e.g. to the end of the horizon).
    pub fn advance_to(&mut self, t: SimTime) {
        debug_assert!(t.0 >= self.now);
        self.now = self.now.max(t.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_then_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule(SimTime(5.0), "c");
        q.schedule(SimTime(1.0), "a");
        q.schedule(SimTime(5.0), "d");
        q.schedule(SimTime(1.0), "b");
        let mut out = Vec::new();
        while let Some((t, e)) = q.pop_until(SimTime(f64::INFINITY)) {
            out.push((t.minutes(), e));
        }
        assert_eq!(out, vec![(1.0, "a"), (1.0, "b"), (5.0, "c"), (5.0, "d")]);
    }

    #[test]
    fn pop_until_respects_the_limit_and_advances_the_clock() {
        let mut q = EventQueue::new();
        q.schedule_in(10.0, 1);
        q.schedule_in(20.0, 2);
        assert_eq!(q.pop_until(SimTime(15.0)).map(|(_, e)| e), Some(1));
        assert_eq!(q.now(), SimTime(10.0));
        assert!(q.pop_until(SimTime(15.0)).is_none());
        assert_eq!(q.len(), 1);
        q.schedule_in(1.0, 3);
        assert_eq!(
            q.pop_until(SimTime(30.0)).map(|(t, e)| (t.0, e)),
            Some((11.0, 3))
        );
    }

    #[test]
    #[should_panic(expected = "into the past")]
    #[cfg(debug_assertions)]
    fn scheduling_into_the_past_is_a_bug() {
        let mut q = EventQueue::new();
        q.schedule_in(10.0, ());
        let _ = q.pop_until(SimTime(100.0));
        q.schedule(SimTime(5.0), ());
    }
}
