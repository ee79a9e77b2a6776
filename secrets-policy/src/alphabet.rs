//! The character sets of Python's `string` module, byte for byte.

/// `string.ascii_lowercase`.
pub const ASCII_LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
/// `string.ascii_uppercase`.
pub const ASCII_UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// `string.ascii_letters`: lowercase then uppercase.
pub const ASCII_LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// `string.digits`.
pub const DIGITS: &str = "0123456789";
/// `string.hexdigits`: digits, then lowercase and uppercase `a` to `f`.
pub const HEXDIGITS: &str = "0123456789abcdefABCDEF";
/// `string.punctuation`: the 32 ASCII punctuation characters.
pub const PUNCTUATION: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;
/// `string.ascii_letters + string.digits`, the alphabet of Python's password recipes.
pub const ALPHANUMERIC: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
