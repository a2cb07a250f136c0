//! Erlang C and Erlang A queueing formulas (placeholder).
