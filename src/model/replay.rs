//! Trace replay: the arrivals of `arrivals.trace` in place of the Poisson process. The
//! customers are still drawn from their own stream, the same draws per arrival as
//! without a trace, so common random numbers hold for everything else.

use super::Sim;
use super::routing::Routing;
use crate::record::Recorder;

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// The time of the next replayed arrival before the horizon, counting it scheduled.
    pub(super) fn next_replayed(&mut self) -> Option<f64> {
        let trace = self.sc.arrivals.trace.as_ref()?;
        let next = trace.arrivals.get(self.replayed)?;
        (next.t_min < self.horizon).then(|| {
            self.replayed += 1;
            next.t_min
        })
    }

    /// The class and channel the trace gives the arrival being handled (the last one
    /// scheduled), where it gives them.
    pub(super) fn replayed_labels(&self) -> (Option<usize>, Option<usize>) {
        let Some(trace) = self.sc.arrivals.trace.as_ref() else {
            return (None, None);
        };
        let Some(a) = self
            .replayed
            .checked_sub(1)
            .and_then(|i| trace.arrivals.get(i))
        else {
            return (None, None);
        };
        (a.class.map(|c| c as usize), a.channel.map(|c| c as usize))
    }
}
