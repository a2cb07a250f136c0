//! The `carecast erlang` calculator (placeholder).
