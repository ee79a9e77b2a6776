//! `choice`, and [`Sequence`]: what it picks from.

use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::SystemRandom;

/// What [`choice`] picks from: slices, vectors and arrays give a reference to an element;
/// strings give a `char`.
///
/// Pass a reference: `choice(&v)` for a `Vec`, an array or a `String`, and `choice(s)` or
/// `choice(&s)` for a `s: &[T]` or `s: &str` (a reference to any sequence is one too).
///
/// Strings are sequences of characters, as in Python: a multi-byte character is one item,
/// never split, and every character is equally likely whatever its length in bytes.
///
/// The trait is sealed: it cannot be implemented outside this crate. For another collection,
/// pick an index with [`randbelow`](crate::randbelow) or pass a slice of it.
///
/// # Examples
/// ```
/// use secrets_rt::{choice, Sequence};
///
/// fn pick_twice<S: Sequence + Copy>(items: S) -> (S::Item, S::Item) {
///     (choice(items), choice(items))
/// }
/// let (a, b) = pick_twice("héllo");
/// assert!("héllo".contains(a) && "héllo".contains(b));
/// ```
pub trait Sequence: sealed::Sealed {
    /// What [`choice`] returns: `&T` for a slice, vector or array; `char` for a string.
    type Item;
}

mod sealed {
    /// The access [`super::Sequence`] needs, out of reach of other crates.
    pub trait Sealed {
        /// The number of items: elements, or characters of a string.
        fn item_count(&self) -> usize;
        /// The item at `index`, which is below [`Sealed::item_count`].
        fn item(self, index: usize) -> <Self as super::Sequence>::Item
        where
            Self: super::Sequence;
    }
}

macro_rules! impl_slice_sequence {
    ($($ty:ty $(, const $n:ident)?);*) => {$(
        impl<'a, T $(, const $n: usize)?> Sequence for &'a $ty {
            type Item = &'a T;
        }

        impl<'a, T $(, const $n: usize)?> sealed::Sealed for &'a $ty {
            fn item_count(&self) -> usize {
                self.len()
            }

            fn item(self, index: usize) -> <Self as Sequence>::Item {
                &self[index]
            }
        }
    )*};
}

impl_slice_sequence!([T]; Vec<T>; [T; N], const N);

macro_rules! impl_str_sequence {
    ($($ty:ty),*) => {$(
        impl Sequence for &$ty {
            type Item = char;
        }

        impl sealed::Sealed for &$ty {
            fn item_count(&self) -> usize {
                self.chars().count()
            }

            fn item(self, index: usize) -> <Self as Sequence>::Item {
                char_at(self, index)
            }
        }
    )*};
}

impl_str_sequence!(str, String);

/// A reference to a sequence is the same sequence, so that `choice(&s)` reads the same for
/// `s: &str` or `s: &[T]` as for a `String` or a `Vec`. Items borrow from the sequence itself,
/// not from the outer reference.
impl<'b, S: ?Sized> Sequence for &&'b S
where
    &'b S: Sequence,
{
    type Item = <&'b S as Sequence>::Item;
}

impl<'b, S: ?Sized> sealed::Sealed for &&'b S
where
    &'b S: Sequence,
{
    fn item_count(&self) -> usize {
        (**self).item_count()
    }

    fn item(self, index: usize) -> <Self as Sequence>::Item {
        (*self).item(index)
    }
}

/// The character at `index` (below the number of characters) of `text`, found in time that does
/// not depend on `index`: `chars().nth(index)` would stop at the drawn position, so the time a
/// password recipe takes would tell which characters it drew. Every character is decoded and
/// the drawn one kept with a constant-time select (best effort, as with
/// [`compare_digest`](crate::compare_digest)).
#[must_use]
pub fn char_at(text: &str, index: usize) -> char {
    let index = index as u64;
    let mut chosen = 0u32;
    for (position, c) in text.chars().enumerate() {
        chosen.conditional_assign(&u32::from(c), (position as u64).ct_eq(&index));
    }
    // `chosen` is the value of one of the characters (`index` is below their number).
    char::from_u32(chosen).expect("a character's value is a character")
}

/// An item of `sequence`, chosen uniformly at random: Python's `secrets.choice`.
///
/// Slices, vectors and arrays give a reference to one of their elements; strings give one of
/// their characters (whole characters, each equally likely). The index is drawn without bias
/// (see [`randbelow`](crate::randbelow)).
///
/// # Panics
/// If `sequence` is empty: `choice: cannot choose from an empty sequence`.
///
/// # Examples
/// ```
/// use secrets_rt::{alphabet, choice};
///
/// let word = choice(&["correct", "horse", "battery", "staple"]);
/// assert!(["correct", "horse", "battery", "staple"].contains(word));
///
/// // A reference to a sequence works the same way, whatever holds it.
/// let words: Vec<String> = vec!["alpha".into(), "beta".into()];
/// let slice: &[String] = &words;
/// let text: &str = "héllo";
/// let (a, b): (&String, &String) = (choice(&words), choice(&slice));
/// let c: char = choice(&text);
/// assert!(words.contains(a) && words.contains(b) && text.contains(c));
///
/// let c: char = choice(alphabet::DIGITS);
/// assert!(c.is_ascii_digit());
///
/// let password: String = (0..8).map(|_| choice(alphabet::ALPHANUMERIC)).collect();
/// assert_eq!(password.len(), 8);
/// ```
#[must_use]
#[track_caller]
pub fn choice<S: Sequence>(sequence: S) -> S::Item {
    SystemRandom.choice(sequence)
}

#[cfg(test)]
mod tests {
    use super::char_at;

    #[test]
    fn char_at_finds_every_character_of_a_multi_byte_string() {
        let text = "aé€😀z";
        for (index, expected) in text.chars().enumerate() {
            assert_eq!(char_at(text, index), expected);
        }
    }
}
