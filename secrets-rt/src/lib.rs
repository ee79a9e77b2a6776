//! Python's `secrets` for Rust (being written).
#![forbid(unsafe_code)]
