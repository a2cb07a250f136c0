//! Integration tests, one binary (as ripgrep and nexosim do).

mod cli;
mod docs;
mod erlang_cmd;
mod errors;
mod model;
