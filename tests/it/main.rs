//! Integration tests, one binary (as ripgrep and nexosim do).

mod errors;
mod model;
