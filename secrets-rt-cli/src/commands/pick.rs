//! `randbelow` and `choice`: one value, uniformly.

use crate::error::Failure;
use crate::output::Output;

/// `secrets randbelow N`: a number from 0 to N-1 (N >= 1, checked when parsed).
pub fn randbelow(bound: u128) -> Result<(), Failure> {
    let mut output = Output::stdout();
    output.line(&secrets_rt::randbelow(bound).to_string())?;
    output.finish()
}

/// `secrets choice ITEM...`: one of the items (at least one, checked when parsed).
pub fn choice(items: &[String]) -> Result<(), Failure> {
    let mut output = Output::stdout();
    output.line(secrets_rt::choice(items))?;
    output.finish()
}
