//! Integration tests, one binary (as ripgrep and nexosim do).

mod cli;
mod errors;
mod model;
