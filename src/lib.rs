//! carecast: a discrete-event simulator for social care.

pub mod erlang;
