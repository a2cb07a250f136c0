//! The model's events, the plain enum the kernel of [`crate::engine`] schedules, and the
//! key by which an event names its mention.

/// Handle to a mention: slot index plus generation, so stale events are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Key {
    pub(super) idx: u32,
    pub(super) generation: u32,
}

/// Something that happens at an instant of the run.
#[derive(Debug, Clone, Copy)]
pub(super) enum Event {
    /// The next exogenous mention arrives.
    Arrival,
    /// An hour of the horizon ends.
    Hour,
    /// The warm-up ends: the measured window starts.
    WarmupEnd,
    /// Shift window `window` of group `group` starts; its end is in the group's table.
    ShiftStart { group: u32, window: u32 },
    /// A shift of group `group` ends (unless another of its windows starts then).
    ShiftEnd { group: u32 },
    /// The author's patience runs out.
    Patience(Key),
    /// The mention reaches the policy's maximum age.
    MaxAge(Key),
    /// An agent finishes writing a reply: the mention and the reply's epoch. Under shared
    /// attention a reply's completion is rescheduled whenever its agent's rate changes;
    /// each rescheduling bumps the mention's epoch, so earlier completions are stale.
    ReplyDone(Key, u32),
    /// The customer answers a reply.
    CustomerReply(Key),
    /// The bot posts its reply.
    BotReply(Key),
    /// The mention's next virality child is due.
    Spawn(Key),
}

// The event queue holds many of these: keep them as small as before indices were widened.
const _: () = assert!(size_of::<Event>() <= 16);
