//! The tables the walks read, and that count: automata over positions ([`positions`], and
//! [`sequences`] when the runs of sequences are limited), each a row of completion counts per
//! position, with the layout helpers they share.

pub(crate) mod positions;
pub(crate) mod sequences;

/// The limbs of a count of strings of `len` characters over `alphabet`: at most
/// `alphabet^len`, whose bits are below `len * log2(alphabet) + 1`.
pub(crate) fn count_width(alphabet: usize, len: usize) -> f64 {
    (len as f64 * (alphabet as f64).log2() / 64.0).floor() + 1.0
}

/// The limbs of one entry in each row of a position table, summed: row `p` holds counts of
/// strings of `len - p` characters.
pub(crate) fn row_limbs(alphabet: usize, len: usize) -> f64 {
    (0..len).map(|rest| count_width(alphabet, rest)).sum()
}
