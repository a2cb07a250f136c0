//! Integration tests, one binary (as ripgrep and nexosim do).

mod cli;
mod docs;
mod errors;
mod model;
