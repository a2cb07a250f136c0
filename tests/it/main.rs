//! Integration tests, one binary (as ripgrep and nexosim do).

mod agents;
mod calibration;
mod cli;
mod compare;
mod docs;
mod erlang_cmd;
mod erlang_shared;
mod errors;
mod folders;
mod golden;
mod hardening_names;
mod journeys;
mod layers;
mod limits;
mod measurement;
mod model;
mod optimize;
mod readme_commands;
mod report;
mod report_cli;
mod report_plans;
mod sustain;
mod sweep;
mod verdicts;
