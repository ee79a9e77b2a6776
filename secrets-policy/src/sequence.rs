//! Sequences for `max_sequential`: characters back to back that step by one, up or down, within
//! `a-z`, `A-Z` or `0-9` (`abc`, `789`, `cba`, `321`), as the `passwordrules` language's
//! `max-sequential` defines them.
//!
//! A run of a sequence is its number of characters: `abc` is a run of 3, so `max_sequential = 2`
//! refuses it. A repeated character (`aa`) is no step, and a step across ranges (`9:` or `Za`)
//! is none either: both end the run.

/// Where a character stands in the ranges sequences are made of: `(range, offset)`, with the
/// range 0 for `a-z`, 1 for `A-Z` and 2 for `0-9`; `None` outside them.
#[must_use]
pub(crate) fn place(c: char) -> Option<(u8, u8)> {
    // The offsets fit a byte: a range has at most 26 characters.
    match c {
        'a'..='z' => Some((0, c as u8 - b'a')),
        'A'..='Z' => Some((1, c as u8 - b'A')),
        '0'..='9' => Some((2, c as u8 - b'0')),
        _ => None,
    }
}

/// The direction of the step from `previous` to `next`: `1` up, `-1` down, or `0` when it is no
/// step of a sequence.
#[must_use]
pub(crate) fn step(previous: Option<(u8, u8)>, next: Option<(u8, u8)>) -> i8 {
    match (previous, next) {
        (Some((a, x)), Some((b, y))) if a == b && x.abs_diff(y) == 1 => {
            if y > x {
                1
            } else {
                -1
            }
        }
        _ => 0,
    }
}

/// The run of a sequence after a character: `(direction, length)` from the run before it and the
/// step that reached it. A step in the run's own direction lengthens it; a step the other way
/// starts a new run of two (the two characters of that step); no step leaves a run of one.
#[must_use]
pub(crate) fn extend((direction, length): (i8, usize), step: i8) -> (i8, usize) {
    if step == 0 {
        (0, 1)
    } else if step == direction {
        (direction, length + 1)
    } else {
        (step, 2)
    }
}

/// The longest run of a sequence in `chars` (the reference the tests check the automaton with).
#[cfg(test)]
#[must_use]
pub(crate) fn longest_run(chars: impl IntoIterator<Item = char>) -> usize {
    let mut longest = 0;
    let mut run = (0, 0);
    let mut previous = None;
    for c in chars {
        let here = place(c);
        run = if previous.is_none() {
            (0, 1)
        } else {
            extend(run, step(previous.flatten(), here))
        };
        previous = Some(here);
        longest = longest.max(run.1);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::longest_run;

    #[test]
    fn the_runs_of_the_languages_examples() {
        for (text, run) in [
            ("", 0),
            ("a", 1),
            ("abc", 3),
            ("789", 3),
            ("cba", 3),
            ("321", 3),
            ("aaa", 1),
            ("abab", 2),
            ("abcb", 3),
            ("xyz{", 3),
            ("9:;", 1),
            ("YZab", 2),
            ("a1b2c3", 1),
            ("0123456789", 10),
            ("zyxwA", 4),
        ] {
            assert_eq!(longest_run(text.chars()), run, "{text:?}");
        }
    }
}
