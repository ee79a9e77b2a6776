//! The `password_policy!` macro of `secrets-rt` (being written).
#![forbid(unsafe_code)]
