//! `max_sequential = N` limits runs of characters that step by one, up or down, within `a-z`,
//! `A-Z` or `0-9` (`abc`, `321`).
use secrets_rt::{password_policy, Policy};

const P: Policy = password_policy!(len = 12, upper == 0, lower == 0, max_sequential = 1);

fn main() {
    for password in P.generate_many(200) {
        let digits: Vec<i32> = password.bytes().map(i32::from).collect();
        assert!(digits.windows(2).all(|pair| (pair[0] - pair[1]).abs() != 1), "{password}");
    }
    // Any digit first, then any digit but the one above and the one below the last: counted
    // here by the last digit.
    let mut ending = [1u128; 10];
    for _ in 1..12 {
        let before = ending;
        for (digit, count) in ending.iter_mut().enumerate() {
            *count = (0..10usize)
                .filter(|&last| last.abs_diff(digit) != 1)
                .map(|last| before[last])
                .sum();
        }
    }
    assert_eq!(P.password_count(), Some(ending.iter().sum::<u128>()));
    assert_eq!(P.max_sequential(), Some(1));
}
