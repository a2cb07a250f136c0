//! carecast: a discrete-event simulator for social care.

pub mod engine;
pub mod erlang;
pub mod scenario;
