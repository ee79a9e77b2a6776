//! Reading the text of a numeric literal. Front ends keep numbers as text so that this module,
//! not the tokenizer, decides what a number may look like where it stands.

/// Why a numeric literal is not acceptable where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberError {
    /// A `-` stood before it.
    Negative,
    /// It has a fractional part where a whole number belongs.
    NotWhole,
    /// It is not plain digits with an optional `.digits` part (`1e3`, `1_000`, `0x10`).
    NotPlain,
}

/// Whether `text` is `[0-9]+(\.[0-9]+)?`.
fn is_plain(text: &str) -> bool {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// The Rust type suffixes a numeric literal may carry (`10u8`, `1.5f64`).
const TYPE_SUFFIXES: [&str; 14] = [
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64",
];

/// A plain number followed by a Rust type suffix, split in two (`10u8` gives `("10", "u8")`):
/// the macro receives Rust literals, and both front ends refuse the suffix with one message.
pub(crate) fn type_suffix(text: &str) -> Option<(&str, &str)> {
    TYPE_SUFFIXES.iter().find_map(|&suffix| {
        let bare = text.strip_suffix(suffix)?;
        is_plain(bare).then_some((bare, suffix))
    })
}

/// What every number must be, whatever it stands for: plain digits, and no `-` before them.
/// The shape is judged first, so `-1e3` is "not a plain number" rather than "negative".
fn plain_and_not_negative(text: &str, negative: bool) -> Result<(), NumberError> {
    if !is_plain(text) {
        return Err(NumberError::NotPlain);
    }
    if negative {
        return Err(NumberError::Negative);
    }
    Ok(())
}

/// A whole number. Values too large for a `u64` come back as `u64::MAX`: every caller has a
/// maximum far below it and reports the number as written.
pub(crate) fn whole(text: &str, negative: bool) -> Result<u64, NumberError> {
    plain_and_not_negative(text, negative)?;
    if text.contains('.') {
        return Err(NumberError::NotWhole);
    }
    Ok(text.parse().unwrap_or(u64::MAX))
}

/// A non-negative integer or decimal number, rounded to the nearest `f64` (Rust's parser rounds
/// correctly, so printing the `f64` back with `{}` and reading it again gives the same value).
pub(crate) fn decimal(text: &str, negative: bool) -> Result<f64, NumberError> {
    plain_and_not_negative(text, negative)?;
    // A plain literal always parses; a huge one becomes infinity, which no policy reaches.
    Ok(text.parse().unwrap_or(f64::INFINITY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_suffixes_split_off_plain_numbers_only() {
        assert_eq!(type_suffix("10u8"), Some(("10", "u8")));
        assert_eq!(type_suffix("1.5f64"), Some(("1.5", "f64")));
        assert_eq!(type_suffix("7usize"), Some(("7", "usize")));
        assert_eq!(type_suffix("10"), None);
        assert_eq!(type_suffix("0x10u8"), None);
        assert_eq!(type_suffix("u8"), None);
        assert_eq!(type_suffix("10u7"), None);
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole("10", false), Ok(10));
        assert_eq!(whole("007", false), Ok(7));
        assert_eq!(whole("99999999999999999999999", false), Ok(u64::MAX));
        assert_eq!(whole("10", true), Err(NumberError::Negative));
        assert_eq!(whole("1.5", false), Err(NumberError::NotWhole));
        assert_eq!(whole("1e3", false), Err(NumberError::NotPlain));
        assert_eq!(whole("1.", false), Err(NumberError::NotPlain));
        assert_eq!(whole("", false), Err(NumberError::NotPlain));
    }

    #[test]
    fn decimals() {
        assert_eq!(decimal("57.5", false), Ok(57.5));
        assert_eq!(decimal("60", false), Ok(60.0));
        assert_eq!(decimal("0.1", false), Ok(0.1));
        assert_eq!(decimal("1", true), Err(NumberError::Negative));
        assert_eq!(decimal(".5", false), Err(NumberError::NotPlain));
        assert_eq!(decimal(&"9".repeat(400), false), Ok(f64::INFINITY));
    }
}
