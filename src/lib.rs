//! carecast: a discrete-event simulator for social care.

#![warn(missing_docs)]

pub mod cli;
pub mod engine;
pub mod erlang;
pub mod experiment;
pub mod kpi;
pub mod model;
pub mod output;
pub mod record;
pub mod rng;
pub mod scenario;
pub mod stats;
