//! [`Wiped`]: a small buffer for secret values, on the stack when it is short, wiped when
//! dropped.

use zeroize::{DefaultIsZeroes, Zeroize, Zeroizing};

/// `len` values of `T`, on the stack when `len <= N` (no allocation for the usual sizes: a few
/// words of randomness, a password's alphabet positions), else on the heap; wiped when dropped
/// either way (the values in use: the rest of the stack array was never written).
pub(crate) enum Wiped<T: DefaultIsZeroes, const N: usize> {
    Inline([T; N], usize),
    Heap(Zeroizing<Vec<T>>),
}

impl<T: DefaultIsZeroes, const N: usize> Wiped<T, N> {
    /// `len` default (zero) values.
    pub(crate) fn new(len: usize) -> Self {
        if len <= N {
            Wiped::Inline([T::default(); N], len)
        } else {
            Wiped::Heap(Zeroizing::new(vec![T::default(); len]))
        }
    }
}

impl<T: DefaultIsZeroes, const N: usize> std::ops::Deref for Wiped<T, N> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Wiped::Inline(values, len) => &values[..*len],
            Wiped::Heap(values) => values,
        }
    }
}

impl<T: DefaultIsZeroes, const N: usize> std::ops::DerefMut for Wiped<T, N> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Wiped::Inline(values, len) => &mut values[..*len],
            Wiped::Heap(values) => values,
        }
    }
}

impl<T: DefaultIsZeroes, const N: usize> Drop for Wiped<T, N> {
    fn drop(&mut self) {
        if let Wiped::Inline(values, len) = self {
            values[..*len].zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Wiped;

    #[test]
    fn short_buffers_stay_on_the_stack_and_long_ones_go_to_the_heap() {
        let short = Wiped::<u64, 4>::new(3);
        assert!(matches!(short, Wiped::Inline(_, 3)));
        assert_eq!(&*short, &[0, 0, 0]);
        let mut long = Wiped::<u8, 4>::new(5);
        assert!(matches!(long, Wiped::Heap(_)));
        long[4] = 7;
        assert_eq!(&*long, &[0, 0, 0, 0, 7]);
    }
}
