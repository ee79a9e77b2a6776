//! Sorting lists by number keys with one copy of the standard library's sort.

/// The order that sorts items by their `keys` (compared as pairs), stably: for each place of
/// the sorted list, the index of the item that goes there.
///
/// The rule core sorts lists of several types by keys that are numbers. Each `sort_by_key` on a
/// type of its own is a copy of the standard library's sort in the compiled crate (the macro's,
/// for the checks on its spans): this one sort of numbers, with [`reorder`], serves them all.
///
/// `#[inline]`, as is [`swaps`]: only the checks use them, and the checks are generic code,
/// compiled in the crate that calls them (the macro's, or an application's that parses text),
/// so the rule core itself need not compile these either.
#[inline]
pub(crate) fn stable_order(keys: Vec<(u64, u64)>) -> Vec<usize> {
    let mut keyed: Vec<(u64, u64, usize)> = Vec::with_capacity(keys.len());
    for (index, (first, second)) in keys.into_iter().enumerate() {
        keyed.push((first, second, index));
    }
    // The index last makes every key distinct, so an unstable sort keeps equal keys in order.
    keyed.sort_unstable();
    // Plain loops rather than `map` and `collect`: each closure would be generic code of its
    // own in every crate that compiles the checks.
    let mut order = Vec::with_capacity(keyed.len());
    for (_, _, index) in keyed {
        order.push(index);
    }
    order
}

/// [`stable_order`] of characters: the order that sorts `chars`, stably.
#[inline]
pub(crate) fn char_order(chars: &[char]) -> Vec<usize> {
    let mut keys = Vec::with_capacity(chars.len());
    for &c in chars {
        keys.push((u64::from(c), 0));
    }
    stable_order(keys)
}

/// Rearranges `items` so that place `k` holds what was at `order[k]` (a permutation, such as
/// [`stable_order`] gives), by swaps: generic code of a few lines for each type.
pub(crate) fn reorder<T>(items: &mut [T], order: &[usize]) {
    for (place, from) in swaps(order) {
        items.swap(place, from);
    }
}

/// The swaps, in order, that apply the permutation `order` to a list (see [`reorder`]).
#[inline]
fn swaps(order: &[usize]) -> Vec<(usize, usize)> {
    // `at[i]`: where the item first at `i` is now; `held[p]`: which item place `p` now holds.
    let mut at: Vec<usize> = (0..order.len()).collect();
    let mut held = at.clone();
    let mut swaps = Vec::new();
    for (place, &wanted) in order.iter().enumerate() {
        let from = at[wanted];
        if from != place {
            swaps.push((place, from));
            let displaced = held[place];
            held[from] = displaced;
            at[displaced] = from;
            held[place] = wanted;
            at[wanted] = place;
        }
    }
    swaps
}

#[cfg(test)]
mod tests {
    use super::{reorder, stable_order};

    #[test]
    fn stable_order_and_reorder_sort_as_a_stable_sort_by_key_does() {
        // Every list of up to 7 items with keys among 3 values (so many ties), by a small LCG.
        let mut state = 12_345_u64;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) % below) as usize
        };
        let mut reordered_some = false;
        for _ in 0..2_000 {
            let len = next(8);
            let items: Vec<(u64, u64, char)> = (0..len)
                .map(|i| (next(3) as u64, next(2) as u64, char::from(b'a' + i as u8)))
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|&(first, second, _)| (first, second));
            let mut got = items.clone();
            let order = stable_order(got.iter().map(|&(a, b, _)| (a, b)).collect());
            reorder(&mut got, &order);
            assert_eq!(got, expected, "{items:?}");
            reordered_some |= got != items;
        }
        assert!(reordered_some);
    }
}
