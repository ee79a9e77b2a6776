//! Python's `randrange` and `randint` for every primitive integer type: an index drawn without
//! bias below the number of values in the range, then stepped from its start.
//!
//! Values are handled through an order-preserving map into `u128` (a signed value has its sign
//! bit flipped), so that a range's width, its number of values and every step are exact `u128`
//! arithmetic for every type, `i128::MIN..=i128::MAX` included.

use std::fmt;

use crate::below;
use crate::os::expect_os;
use crate::SystemRandom;

/// The integer types [`SystemRandom::randrange`], [`SystemRandom::randint`] and their kin
/// take: `i8` to `i128`, `u8` to `u128`, `isize` and `usize`.
///
/// The trait is sealed: it cannot be implemented outside this crate. (For bounds of any size
/// there is [`randbelow`](crate::randbelow) with the `num-bigint` feature.)
///
/// # Examples
/// ```
/// use secrets_rt::{PrimitiveInteger, SystemRandom};
///
/// fn roll<T: PrimitiveInteger>(low: T, high: T) -> T {
///     SystemRandom.randint(low, high)
/// }
/// assert!((1..=6).contains(&roll(1u8, 6)));
/// assert!((-3..=3).contains(&roll(-3_i64, 3)));
/// ```
pub trait PrimitiveInteger: Copy + fmt::Display + sealed::Sealed {}

mod sealed {
    /// The map into `u128` the range arithmetic runs on, out of reach of other crates.
    pub trait Sealed: Sized {
        /// Zero of the type.
        const ZERO: Self;
        /// `self` mapped into `u128`, preserving order and differences.
        fn to_key(self) -> u128;
        /// The value whose key is `key` (the key of a value of this type).
        fn from_key(key: u128) -> Self;
        /// `|self|`, and whether `self < 0`.
        fn magnitude(self) -> (u128, bool);
    }
}

macro_rules! impl_primitive {
    (signed: $($t:ty),*) => {$(
        // `as` widens every signed type to `i128` without loss (`From` does not cover `isize`).
        #[allow(clippy::cast_lossless)]
        impl sealed::Sealed for $t {
            const ZERO: $t = 0;

            fn to_key(self) -> u128 {
                // Flipping the sign bit of the two's complement maps `i128::MIN..=i128::MAX`
                // onto `0..=u128::MAX` in order.
                (self as i128 as u128) ^ (1 << 127)
            }

            fn from_key(key: u128) -> $t {
                <$t>::try_from((key ^ (1 << 127)) as i128)
                    .expect("the key of a value of this type maps back into it")
            }

            fn magnitude(self) -> (u128, bool) {
                ((self as i128).unsigned_abs(), self < 0)
            }
        }

        impl PrimitiveInteger for $t {}
    )*};
    (unsigned: $($t:ty),*) => {$(
        #[allow(clippy::cast_lossless)]
        impl sealed::Sealed for $t {
            const ZERO: $t = 0;

            fn to_key(self) -> u128 {
                self as u128
            }

            fn from_key(key: u128) -> $t {
                <$t>::try_from(key).expect("the key of a value of this type maps back into it")
            }

            fn magnitude(self) -> (u128, bool) {
                (self as u128, false)
            }
        }

        impl PrimitiveInteger for $t {}
    )*};
}

impl_primitive!(signed: i8, i16, i32, i64, i128, isize);
impl_primitive!(unsigned: u8, u16, u32, u64, u128, usize);

/// A uniform offset in `[0, count)`, one OS call; `None` stands for `count = 2^128` (every
/// `u128`, which only `randint` over a whole 128-bit type asks for).
#[track_caller]
fn offset_below(count: Option<u128>, function: &str) -> u128 {
    let drawn = match count {
        Some(count) => below::below_once(count),
        // 128 independent fair bits: every `u128` equally likely.
        None => below::bits(128),
    };
    expect_os(drawn, function)
}

/// Python's `randrange` in its three forms, and `randint`.
///
/// | Python | Rust |
/// |---|---|
/// | `randrange(stop)` | [`randrange(stop)`](SystemRandom::randrange) |
/// | `randrange(start, stop)` | [`randrange_from(start, stop)`](SystemRandom::randrange_from) |
/// | `randrange(start, stop, step)` | [`randrange_step(start, stop, step)`](SystemRandom::randrange_step) |
/// | `randint(a, b)` | [`randint(a, b)`](SystemRandom::randint) |
///
/// Separate names rather than one method taking a Rust range, because Python's three-argument
/// form has no range type to stand for it and a name per form keeps each panic message exact.
/// For Rust's range syntax (`rng.random_range(1..=6)`), `rand`'s `RngExt` on
/// `SysRng` (feature `rand_core`) draws from the same OS source.
impl SystemRandom {
    /// A random integer in `[0, stop)`, uniformly: Python's one-argument `randrange(stop)`.
    ///
    /// The same draw as [`randbelow`](SystemRandom::randbelow), under Python's name.
    ///
    /// # Panics
    /// If `stop` is zero or negative (Python's `ValueError`, an empty range):
    /// `randrange: empty range, stop must be positive, got 0`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// assert!(SystemRandom.randrange(10) < 10);
    /// assert_eq!(SystemRandom.randrange(1u8), 0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn randrange<T: PrimitiveInteger>(&self, stop: T) -> T {
        let (count, negative) = stop.magnitude();
        assert!(
            count > 0 && !negative,
            "randrange: empty range, stop must be positive, got {stop}"
        );
        T::from_key(T::ZERO.to_key() + offset_below(Some(count), "randrange"))
    }

    /// A random integer in `[start, stop)`, uniformly: Python's `randrange(start, stop)`.
    ///
    /// Rust's `start..stop`; every width a type allows works (`i64::MIN` to `i64::MAX`, say).
    /// One OS call, rarely two (rejection sampling, never a bare `%`).
    ///
    /// # Panics
    /// If the range is empty, `stop <= start` (Python's `ValueError`):
    /// `randrange_from: empty range, stop must be above start, got start 5, stop 5`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let year = SystemRandom.randrange_from(1970, 2070);
    /// assert!((1970..2070).contains(&year));
    /// let offset = SystemRandom.randrange_from(-5_i8, 5);
    /// assert!((-5..5).contains(&offset));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn randrange_from<T: PrimitiveInteger>(&self, start: T, stop: T) -> T {
        let (low, high) = (start.to_key(), stop.to_key());
        assert!(
            high > low,
            "randrange_from: empty range, stop must be above start, got start {start}, stop {stop}"
        );
        T::from_key(low + offset_below(Some(high - low), "randrange_from"))
    }

    /// A random integer among `start, start + step, start + 2 * step, ...` that lies before
    /// `stop`, uniformly: Python's `randrange(start, stop, step)`, which is
    /// `choice(range(start, stop, step))`.
    ///
    /// A negative `step` counts down from `start` to above `stop`, as in Python
    /// (`randrange_step(10, 0, -3)` is one of 10, 7, 4, 1). As Python does, it draws an index
    /// below the number of values, `n = ceil((stop - start) / step)`, and returns
    /// `start + step * index`: exactly uniform, one OS call, rarely two.
    ///
    /// # Panics
    /// If `step` is zero (Python's `ValueError`, "zero step"):
    /// `randrange_step: step must not be zero, got start 0, stop 10, step 0`; if the range
    /// holds no value (Python's `ValueError`, "empty range"):
    /// `randrange_step: empty range, got start 10, stop 0, step 2`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let even = SystemRandom.randrange_step(0, 100, 2);
    /// assert!(even % 2 == 0 && (0..100).contains(&even));
    /// let countdown = SystemRandom.randrange_step(10, 0, -3);
    /// assert!([10, 7, 4, 1].contains(&countdown));
    /// ```
    #[must_use]
    #[track_caller]
    #[allow(clippy::similar_names, reason = "`stop` and `step` are Python's names")]
    pub fn randrange_step<T: PrimitiveInteger>(&self, start: T, stop: T, step: T) -> T {
        let (stride, down) = step.magnitude();
        assert!(
            stride > 0,
            "randrange_step: step must not be zero, got start {start}, stop {stop}, step {step}"
        );
        let (from, to) = (start.to_key(), stop.to_key());
        // The width in the step's direction; the values are `ceil(width / stride)` in number.
        let width = if down {
            from.saturating_sub(to)
        } else {
            to.saturating_sub(from)
        };
        assert!(
            width > 0,
            "randrange_step: empty range, got start {start}, stop {stop}, step {step}"
        );
        let count = width.div_ceil(stride);
        // `index <= count - 1`, so `index * stride < width`: no overflow, and the value lies
        // between `start` and `stop`.
        let distance = offset_below(Some(count), "randrange_step") * stride;
        T::from_key(if down {
            from - distance
        } else {
            from + distance
        })
    }

    /// A random integer in `[a, b]`, both ends included, uniformly: Python's `randint(a, b)`,
    /// which is `randrange(a, b + 1)`.
    ///
    /// Rust's `a..=b`; works up to the whole range of the type (`randint(u64::MIN, u64::MAX)`).
    /// One OS call, rarely two.
    ///
    /// # Panics
    /// If `b < a` (Python's `ValueError`, an empty range):
    /// `randint: empty range, b must be at least a, got a 6, b 1`.
    ///
    /// # Examples
    /// ```
    /// use secrets_rt::SystemRandom;
    ///
    /// let die = SystemRandom.randint(1, 6);
    /// assert!((1..=6).contains(&die));
    /// assert_eq!(SystemRandom.randint(7u8, 7), 7);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn randint<T: PrimitiveInteger>(&self, a: T, b: T) -> T {
        let (low, high) = (a.to_key(), b.to_key());
        assert!(
            high >= low,
            "randint: empty range, b must be at least a, got a {a}, b {b}"
        );
        // `None` when the range is every value of a 128-bit type: 2^128 values.
        let count = (high - low).checked_add(1);
        T::from_key(low + offset_below(count, "randint"))
    }
}

#[cfg(test)]
mod tests {
    use super::sealed::Sealed;

    #[test]
    fn keys_preserve_order_and_differences() {
        assert_eq!(i8::MIN.to_key() + 255, i8::MAX.to_key());
        assert_eq!((-1_i64).to_key() + 1, 0_i64.to_key());
        assert_eq!(i128::MIN.to_key(), 0);
        assert_eq!(i128::MAX.to_key(), u128::MAX);
        assert_eq!(u8::MAX.to_key(), 255);
        for value in [i16::MIN, -300, -1, 0, 1, 300, i16::MAX] {
            assert_eq!(i16::from_key(value.to_key()), value);
        }
        for value in [isize::MIN, -1, 0, isize::MAX] {
            assert_eq!(isize::from_key(value.to_key()), value);
        }
        assert_eq!(usize::from_key(usize::MAX.to_key()), usize::MAX);
        assert_eq!((-5_i32).magnitude(), (5, true));
        assert_eq!(i128::MIN.magnitude(), (1 << 127, true));
        assert_eq!(7u8.magnitude(), (7, false));
    }
}
