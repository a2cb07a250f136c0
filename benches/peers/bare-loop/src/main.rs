//! The Erlang A benchmark model (M/M/c+M, first come first served, call-centre semantics)
//! as a bare event loop: the reference for "how fast can a plain Rust loop simulate this".
//!
//! - Future-event list: `std::collections::BinaryHeap` of 16-byte events (time as IEEE
//!   bits, which order like the value for times >= 0, and a payload of 2 kind bits and a
//!   62-bit customer number).
//! - Random numbers: `rand::rngs::SmallRng` and `rand_distr::Exp1`, one stream.
//! - Abandonment is scheduled for every customer who waits and ignored when popped after
//!   the customer reached an agent (lazy cancellation); the waiting line is a `VecDeque`
//!   of arrival times, with tombstones for those who left.
//! - Statistics: counts and sums for P(wait > 0), P(abandon) and the mean wait after a
//!   warm-up of 1% of the customers; nothing else (no histograms, no hourly series).
//!
//! Usage: `bare-loop CUSTOMERS ARRIVALS_PER_H SERVICE_MIN AGENTS PATIENCE_MIN SEED`;
//! prints one JSON line.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::process::ExitCode;

use rand::{RngExt, SeedableRng, rngs::SmallRng};
use rand_distr::Exp1;

const ARRIVAL: u64 = 0;
const DEPARTURE: u64 = 1;
const ABANDON: u64 = 2;
const ID_BITS: u64 = (1 << 62) - 1;

/// Time bits (for the order) and kind and customer number.
type Event = Reverse<(u64, u64)>;

fn event(t: f64, kind: u64, id: u64) -> Event {
    Reverse((t.to_bits(), (kind << 62) | id))
}

#[derive(Default)]
struct Stats {
    counted: u64,
    delayed: u64,
    abandoned: u64,
    wait_sum: f64,
}

impl Stats {
    fn record(&mut self, id: u64, warm: u64, wait: f64, abandoned: bool) {
        if id >= warm {
            self.counted += 1;
            self.delayed += u64::from(wait > 0.0);
            self.abandoned += u64::from(abandoned);
            self.wait_sum += wait;
        }
    }
}

fn arg(args: &[String], i: usize, name: &str) -> Result<f64, String> {
    let s = args.get(i).ok_or(format!("missing {name}"))?;
    s.parse::<f64>()
        .ok()
        .filter(|v| *v > 0.0 && v.is_finite())
        .ok_or(format!("{name}: `{s}` is not a positive number"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let parsed = (|| -> Result<_, String> {
        Ok((
            arg(&args, 1, "CUSTOMERS")? as u64,
            arg(&args, 2, "ARRIVALS_PER_H")? / 60.0,
            1.0 / arg(&args, 3, "SERVICE_MIN")?,
            arg(&args, 4, "AGENTS")? as u32,
            1.0 / arg(&args, 5, "PATIENCE_MIN")?,
            arg(&args, 6, "SEED")? as u64,
        ))
    })();
    let (n, lambda, mu, agents, theta, seed) = match parsed {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "bare-loop: {e}\nusage: bare-loop CUSTOMERS ARRIVALS_PER_H SERVICE_MIN AGENTS PATIENCE_MIN SEED"
            );
            return ExitCode::from(2);
        }
    };
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut exp = |rate: f64| -> f64 { rng.sample::<f64, _>(Exp1) / rate };
    let warm = n / 100;
    let mut heap: BinaryHeap<Event> = BinaryHeap::with_capacity(1024);
    // Waiting line: (customer, arrival time, still waiting); `head` is the number of the
    // first slot ever pushed that is still in the deque.
    let mut line: VecDeque<(u64, f64, bool)> = VecDeque::new();
    let (mut head, mut waiting, mut busy) = (0u64, 0u64, 0u32);
    let mut pushed = 0u64;
    let mut st = Stats::default();
    heap.push(event(exp(lambda), ARRIVAL, 0));
    while let Some(Reverse((bits, data))) = heap.pop() {
        let now = f64::from_bits(bits);
        let id = data & ID_BITS;
        match data >> 62 {
            ARRIVAL => {
                if id + 1 < n {
                    heap.push(event(now + exp(lambda), ARRIVAL, id + 1));
                }
                if busy < agents {
                    busy += 1;
                    st.record(id, warm, 0.0, false);
                    heap.push(event(now + exp(mu), DEPARTURE, 0));
                } else {
                    line.push_back((id, now, true));
                    waiting += 1;
                    heap.push(event(now + exp(theta), ABANDON, pushed));
                    pushed += 1;
                }
            }
            DEPARTURE => {
                if waiting == 0 {
                    line.clear();
                    head = pushed;
                    busy -= 1;
                    continue;
                }
                while let Some((cid, at, alive)) = line.pop_front() {
                    head += 1;
                    if alive {
                        waiting -= 1;
                        st.record(cid, warm, now - at, false);
                        break;
                    }
                }
                heap.push(event(now + exp(mu), DEPARTURE, 0));
            }
            _ => {
                if id >= head {
                    let slot = &mut line[(id - head) as usize];
                    if slot.2 {
                        slot.2 = false;
                        waiting -= 1;
                        st.record(slot.0, warm, now - slot.1, true);
                    }
                }
            }
        }
    }
    let c = st.counted.max(1) as f64;
    println!(
        "{{\"customers\":{n},\"counted\":{},\"p_wait_pos\":{:.6},\"abandon_rate\":{:.6},\"wait_mean_min\":{:.6}}}",
        st.counted,
        st.delayed as f64 / c,
        st.abandoned as f64 / c,
        st.wait_sum / c
    );
    ExitCode::SUCCESS
}
