//! `carecast erlang` (placeholder).
