//! Signed sums in limbs of one fixed width, for the groups' tables of [`super::complements`]:
//! a layer of states is one flat array, indexed densely, with no map entry per state and no
//! number that grows (and is wiped) as it is summed.
//!
//! The numbers are kept modulo `2^(64 width)`, in two's complement. A table only adds and
//! multiplies, so every number it reads out is right modulo that power, and right outright when
//! its magnitude is below half of it: the width is chosen from a bound on what is read out
//! ([`width_for`]), whatever the sums in between.

use crate::count::series::Value;
use crate::nat::{self, Nat};

/// `states` signed numbers of `width` limbs each, in two's complement, with the states written
/// since the last [`Layer::clear`] listed (a layer of a table reaches few of its states).
pub(crate) struct Layer {
    width: usize,
    limbs: Vec<u64>,
    written: Vec<usize>,
    marked: Vec<bool>,
}

impl Layer {
    /// `states` zeros.
    pub(crate) fn zeros(states: usize, width: usize) -> Layer {
        Layer {
            width,
            limbs: vec![0; states * width],
            written: Vec::new(),
            marked: vec![false; states],
        }
    }

    /// Every number back to zero.
    pub(crate) fn clear(&mut self) {
        for &i in &self.written {
            self.limbs[i * self.width..(i + 1) * self.width].fill(0);
            self.marked[i] = false;
        }
        self.written.clear();
    }

    /// The states written since the last [`Layer::clear`] (maybe back to zero), each once.
    pub(crate) fn written(&self) -> &[usize] {
        &self.written
    }

    fn mark(&mut self, i: usize) {
        if !self.marked[i] {
            self.marked[i] = true;
            self.written.push(i);
        }
    }

    /// The limbs of state `i`.
    pub(crate) fn get(&self, i: usize) -> &[u64] {
        &self.limbs[i * self.width..(i + 1) * self.width]
    }

    pub(crate) fn is_zero(&self, i: usize) -> bool {
        self.get(i).iter().all(|&limb| limb == 0)
    }

    /// State `i` set to one.
    pub(crate) fn set_one(&mut self, i: usize) {
        self.mark(i);
        let width = self.width;
        let limbs = &mut self.limbs[i * width..(i + 1) * width];
        limbs.fill(0);
        limbs[0] = 1;
    }

    /// `self[i] += value` (`value` of this width).
    pub(crate) fn add(&mut self, i: usize, value: &[u64]) {
        self.mark(i);
        let width = self.width;
        nat::add_limbs(&mut self.limbs[i * width..(i + 1) * width], value);
    }

    /// `self[i] += value * piece`, `value` of this width and `piece` signed.
    pub(crate) fn add_product(&mut self, i: usize, value: &[u64], (piece, negative): &Value) {
        self.mark(i);
        let width = self.width;
        let sum = &mut self.limbs[i * width..(i + 1) * width];
        for (k, &factor) in piece.limbs().iter().enumerate().take(width) {
            if *negative {
                mul_sub(&mut sum[k..], &value[..width - k], factor);
            } else {
                mul_add(&mut sum[k..], &value[..width - k], factor);
            }
        }
    }

    /// State `i` as a magnitude and whether it is negative.
    pub(crate) fn value(&self, i: usize) -> Value {
        signed(self.get(i))
    }
}

/// `sum += value * factor` modulo `2^(64 sum.len())`, `value` as long as `sum`.
fn mul_add(sum: &mut [u64], value: &[u64], factor: u64) {
    let mut carry = 0u64;
    for (s, &v) in sum.iter_mut().zip(value) {
        // v * factor + s + carry < 2^128.
        let t = u128::from(v) * u128::from(factor) + u128::from(*s) + u128::from(carry);
        *s = t as u64;
        carry = (t >> 64) as u64;
    }
}

/// `sum -= value * factor` modulo `2^(64 sum.len())`, `value` as long as `sum`.
fn mul_sub(sum: &mut [u64], value: &[u64], factor: u64) {
    let mut borrow = 0u64;
    for (s, &v) in sum.iter_mut().zip(value) {
        // v * factor + borrow < 2^128, and its high limb plus one more borrow fits a limb: the
        // high limb is below 2^64 - 1 unless the low limb is zero (and borrows nothing).
        let t = u128::from(v) * u128::from(factor) + u128::from(borrow);
        let (difference, borrowed) = s.overflowing_sub(t as u64);
        *s = difference;
        borrow = (t >> 64) as u64 + u64::from(borrowed);
    }
}

/// A number in two's complement as its magnitude and whether it is negative.
pub(crate) fn signed(limbs: &[u64]) -> Value {
    if limbs.last().is_some_and(|&top| top >> 63 == 1) {
        let mut magnitude = vec![0u64; limbs.len()];
        nat::sub_limbs(&mut magnitude, limbs);
        (Nat::from_limbs(magnitude), true)
    } else {
        (Nat::from_limbs(limbs.to_vec()), false)
    }
}

/// The limbs that hold, with a sign, every signed sum over sequences of pieces (of at most
/// `most` characters in all) of `series`, each a piece's value by length: a sum's magnitude is
/// at most that of the sequences of the pieces' magnitudes, `1 / (1 - sum of |series|)`,
/// bounded here in base-2 logarithms (a count of 256 characters is past what a float holds).
pub(crate) fn width_for<'a>(series: impl Iterator<Item = &'a [Value]>, most: usize) -> usize {
    // log2 of the sum of the pieces' magnitudes of each length.
    let mut pieces = vec![f64::NEG_INFINITY; most + 1];
    for series in series {
        for (l, (value, _)) in series.iter().enumerate().take(most + 1).skip(1) {
            if !value.is_zero() {
                pieces[l] = log2_add(pieces[l], value.log2());
            }
        }
    }
    // log2 of the sequences of each length.
    let mut sequences = vec![f64::NEG_INFINITY; most + 1];
    sequences[0] = 0.0;
    let mut widest: f64 = 0.0;
    for t in 1..=most {
        let mut sum = f64::NEG_INFINITY;
        for l in 1..=t {
            sum = log2_add(sum, pieces[l] + sequences[t - l]);
        }
        sequences[t] = sum;
        widest = widest.max(sum);
    }
    // A sign bit, and a margin for rounding.
    (widest.ceil() as usize + 3) / 64 + 1
}

/// `log2(2^a + 2^b)`.
fn log2_add(a: f64, b: f64) -> f64 {
    let (high, low) = if a >= b { (a, b) } else { (b, a) };
    if low == f64::NEG_INFINITY {
        return high;
    }
    high + (1.0 + (low - high).exp2()).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Products and sums of signed numbers read back exactly, through wrapping in between.
    #[test]
    fn signed_sums_read_back_exactly() {
        // Three limbs: (2^64 - 1)^2 and its sign need more than two.
        let mut layer = Layer::zeros(2, 3);
        layer.set_one(0);
        let big = (Nat::from(u64::MAX), false);
        // 1 * (2^64 - 1), then times -(2^64 - 1): -(2^64 - 1)^2.
        let one = layer.get(0).to_vec();
        layer.add_product(1, &one, &big);
        let value = layer.get(1).to_vec();
        let mut squared = Layer::zeros(1, 3);
        squared.add_product(0, &value, &(Nat::from(u64::MAX), true));
        let expected = Nat::from(u64::MAX).mul(&Nat::from(u64::MAX));
        assert_eq!(squared.value(0), (expected.clone(), true));
        // Subtracting it gives +(2^64 - 1)^2, and adding it back, zero.
        let negative = squared.get(0).to_vec();
        let mut sum = Layer::zeros(1, 3);
        sum.add_product(0, &negative, &(Nat::from(1u64), true));
        assert_eq!(sum.value(0), (expected, false));
        sum.add(0, &negative);
        assert!(sum.is_zero(0));
    }

    #[test]
    fn the_width_holds_the_sequences_of_the_pieces() {
        // One piece of one character, 2^40 of them: sequences of 3 characters are 2^120.
        let series = [(Nat::zero(), false), (Nat::from(1u64 << 40), true)];
        assert_eq!(width_for([&series[..]].into_iter(), 3), 2);
        assert_eq!(width_for([&series[..]].into_iter(), 1), 1);
    }
}
