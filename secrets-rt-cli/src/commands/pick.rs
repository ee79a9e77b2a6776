//! `randbelow` and `choice`: one value, uniformly.

use std::fmt::Write as _;

use zeroize::Zeroizing;

use crate::cli::Format;
use crate::commands::print_values;
use crate::error::Failure;
use crate::output::{Entropy, Output};

/// The most digits a `u128` takes in decimal.
const U128_DIGITS: usize = 39;

/// `secrets randbelow N [-n COUNT] [--json]`: numbers from 0 to N-1 (N >= 1, checked when
/// parsed), each written in a wiped string like every other value the command prints.
pub fn randbelow(bound: u128, format: &Format) -> Result<(), Failure> {
    let entropy = Entropy {
        bits: (bound as f64).log2(),
        exact: true,
    };
    print_values(format, entropy, || {
        Ok(decimal(secrets_rt::randbelow(bound)))
    })
}

/// `n` in decimal, in a wiped string whose capacity is set first, so that no reallocation
/// leaves a copy behind.
fn decimal(n: u128) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(U128_DIGITS));
    // Writing to a `String` cannot fail.
    let _ = write!(text, "{n}");
    text
}

/// `secrets choice ITEM...`: one of the items (at least one, checked when parsed).
pub fn choice(items: &[String]) -> Result<(), Failure> {
    let mut output = Output::stdout();
    output.line(secrets_rt::choice(items))?;
    output.finish()
}

#[cfg(test)]
mod tests {
    use super::{decimal, U128_DIGITS};

    #[test]
    fn a_number_is_written_in_its_wiped_string_without_growing_it() {
        for n in [0, 7, u128::from(u64::MAX), u128::MAX] {
            let text = decimal(n);
            assert_eq!(*text, n.to_string());
            assert_eq!(text.capacity(), U128_DIGITS, "{n}: reallocated");
        }
    }
}
