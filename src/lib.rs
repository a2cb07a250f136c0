//! carecast: a discrete-event simulator for social care.

pub mod engine;
pub mod erlang;
pub mod experiment;
pub mod kpi;
pub mod model;
pub mod record;
pub mod rng;
pub mod scenario;
pub mod stats;
pub mod output;
pub mod cli;
