//! The length of an imported password, searched within the site's bounds.
//!
//! The language gives bounds (`minlength`, `maxlength`), not a length, so one must be chosen:
//! [`CheckedPolicy::PASSWORDRULES_TARGET_LEN`] moved into the bounds, unless the rules cannot be met
//! at that length and another length within the bounds can. The core's refusal at a length
//! says which way to look:
//!
//! - No password at all, or a single one: a longer password can help (room between the repeats `max-consecutive` forbids, room for
//!   the required characters). Since every password the rules allow gives a longer one (add a
//!   character unlike the last), these refusals hold for every length below some threshold
//!   and none above it: a binary search finds the shortest length past it.
//! - Too intricate to count exactly: a shorter password can help, and the work only grows with
//!   the length, so a binary search finds the longest length below it.
//!
//! Either way the length found is the nearest to the preferred one that the rules allow, found
//! in a handful of checks. When none is, the refusal is said in the site's own terms.

use std::ops::Range;

use super::translate::Translation;
use crate::{CheckedPolicy, Diagnostic, DiagnosticKind};

type Span = Range<usize>;

/// What the core says about the rules at one length: a policy (`P`), or why not.
#[derive(Clone, Debug)]
enum Outcome<P> {
    Accepted(P),
    Refused(Refusal, Vec<Diagnostic<Span>>),
}

/// Why the core refuses the rules at one length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    /// No password satisfies them.
    NoPassword,
    /// A single password does, which is no secret.
    OnePassword,
    /// They are too intricate to count exactly.
    Intricate,
    /// Anything else, which no length cures.
    Other,
}

impl Refusal {
    /// Recognises the core's whole-policy refusals by their kind: those are the only ones the
    /// length can change (the translation leaves no other problem that depends on it: see
    /// `translate`).
    #[inline]
    fn of(diagnostics: &[Diagnostic<Span>]) -> Refusal {
        let [diagnostic] = diagnostics else {
            return Refusal::Other;
        };
        match diagnostic.kind() {
            DiagnosticKind::NoPassword => Refusal::NoPassword,
            DiagnosticKind::OnePassword => Refusal::OnePassword,
            DiagnosticKind::TooIntricate => Refusal::Intricate,
            _ => Refusal::Other,
        }
    }

    /// Whether a longer password could be accepted.
    #[inline]
    fn wants_longer(self) -> bool {
        matches!(self, Refusal::NoPassword | Refusal::OnePassword)
    }
}

/// The first of `lengths` (in order) whose outcome `stops` holds, with that outcome, by binary
/// search: `stops` must hold for every length after the first one it holds for.
#[inline]
fn first<P>(
    lengths: &[usize],
    at: &mut impl FnMut(usize) -> Outcome<P>,
    stops: impl Fn(&Outcome<P>) -> bool,
) -> Option<(usize, Outcome<P>)> {
    let (mut low, mut high) = (0, lengths.len());
    let mut found = None;
    while low < high {
        let mid = low + (high - low) / 2;
        let outcome = at(lengths[mid]);
        if stops(&outcome) {
            found = Some((lengths[mid], outcome));
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    found
}

/// The policy for the rules at the nearest length to the preferred one that the site's bounds
/// and the core allow.
///
/// # Errors
/// When no length from `minlength` to `maxlength` is accepted: one diagnostic in the site's
/// terms (or the core's own, for a problem no length cures).
#[inline]
pub(super) fn choose(
    translation: &Translation,
    whole: &Span,
) -> Result<CheckedPolicy, Vec<Diagnostic<Span>>> {
    choose_with(translation, whole, |len| {
        match crate::check(&translation.spec(len), whole) {
            Ok(policy) => Outcome::Accepted(policy),
            Err(diagnostics) => Outcome::Refused(Refusal::of(&diagnostics), diagnostics),
        }
    })
}

/// [`choose`], with the core's answer at each length given by `at`.
#[inline]
fn choose_with<P>(
    translation: &Translation,
    whole: &Span,
    mut at: impl FnMut(usize) -> Outcome<P>,
) -> Result<P, Vec<Diagnostic<Span>>> {
    let preferred = translation.preferred_len();
    let (refusal, diagnostics) = match at(preferred) {
        Outcome::Accepted(policy) => return Ok(policy),
        Outcome::Refused(refusal, diagnostics) => (refusal, diagnostics),
    };
    let refusals = if refusal.wants_longer() {
        let longer: Vec<usize> = (preferred + 1..=translation.max_len()).collect();
        let stops = |outcome: &Outcome<P>| match outcome {
            Outcome::Accepted(_) => true,
            Outcome::Refused(refusal, _) => !refusal.wants_longer(),
        };
        match first(&longer, &mut at, stops) {
            Some((_, Outcome::Accepted(policy))) => return Ok(policy),
            // Too short below `len` (for the reason found at the preferred length), too
            // intricate from there on.
            Some((len, Outcome::Refused(Refusal::Intricate, _))) => Refusals {
                refusal,
                too_short_below: Some(len),
            },
            Some((_, Outcome::Refused(_, diagnostics))) => return Err(diagnostics),
            // Too short up to the longest length allowed: what the core says there, where the
            // rules are loosest, is the reason.
            None => match longer.last() {
                Some(&len) => match at(len) {
                    Outcome::Accepted(policy) => return Ok(policy),
                    Outcome::Refused(last, diagnostics) => {
                        let refusals = Refusals {
                            refusal: last,
                            too_short_below: None,
                        };
                        return Err(vec![in_site_terms(
                            translation,
                            refusals,
                            &diagnostics,
                            whole,
                        )]);
                    }
                },
                None => Refusals {
                    refusal,
                    too_short_below: None,
                },
            },
        }
    } else if refusal == Refusal::Intricate {
        let shorter: Vec<usize> = (translation.least_possible_len()..preferred)
            .rev()
            .collect();
        let stops =
            |outcome: &Outcome<P>| !matches!(outcome, Outcome::Refused(Refusal::Intricate, _));
        match first(&shorter, &mut at, stops) {
            Some((_, Outcome::Accepted(policy))) => return Ok(policy),
            // Too short up to `len`, too intricate from the next length on.
            Some((len, Outcome::Refused(short, _))) if short.wants_longer() => Refusals {
                refusal: short,
                too_short_below: Some(len + 1),
            },
            Some((_, Outcome::Refused(_, diagnostics))) => return Err(diagnostics),
            None => Refusals {
                refusal,
                too_short_below: None,
            },
        }
    } else {
        return Err(diagnostics);
    };
    Err(vec![in_site_terms(
        translation,
        refusals,
        &diagnostics,
        whole,
    )])
}

/// Why no length works.
#[derive(Clone, Copy, Debug)]
struct Refusals {
    /// The refusal at every length, or, with `too_short_below`, at the lengths below it.
    refusal: Refusal,
    /// The length from which on the rules are too intricate, when shorter ones are too short.
    too_short_below: Option<usize>,
}

/// "of 12 characters", "of up to 16 characters", "of 8 to 64 characters".
#[inline]
fn lengths(low: usize, high: usize) -> String {
    if low >= high {
        format!("of {high} characters")
    } else if low <= 1 {
        format!("of up to {high} characters")
    } else {
        format!("of {low} to {high} characters")
    }
}

/// The refusal when no length within the bounds is accepted, in the site's terms: the
/// properties and the lengths they allow, not the core's `len` and `max_consecutive`. The
/// notes point at the properties involved (the core's, from `diagnostics`) and at the bounds.
#[inline]
fn in_site_terms(
    translation: &Translation,
    refusals: Refusals,
    diagnostics: &[Diagnostic<Span>],
    whole: &Span,
) -> Diagnostic<Span> {
    let (low, high) = (translation.min_len(), translation.max_len());
    let intricate_advice = match translation.run_properties() {
        Some(names) => format!(
            "with {names}, require fewer characters, allow shorter passwords, or drop {names}"
        ),
        None => "require fewer characters from sets that overlap".to_owned(),
    };
    let message = match (refusals.refusal, refusals.too_short_below) {
        (short, Some(from)) => format!(
            "no length fits these properties: {} {}, and {} they are too intricate to count \
             exactly; {intricate_advice}",
            match short {
                Refusal::OnePassword => "they allow at most one password",
                _ => "they allow no password",
            },
            lengths(low, from - 1),
            if from >= high {
                format!("at {high} characters")
            } else {
                format!("from {from} characters on")
            }
        ),
        (Refusal::NoPassword, None) => format!(
            "no password {} satisfies all of these properties; allow more characters{}",
            lengths(low, high),
            translation
                .run_properties()
                .map(|names| format!(" or raise {names}"))
                .unwrap_or_default()
        ),
        (Refusal::OnePassword, None) if low >= high => format!(
            "these properties allow only one password {}, which is no secret (0 bits of entropy); \
             allow more characters",
            lengths(low, high)
        ),
        (Refusal::OnePassword, None) => format!(
            "these properties allow at most one password of each length {}, which is no secret \
             (0 bits of entropy); allow more characters",
            if low <= 1 {
                format!("up to {high}")
            } else {
                format!("from {low} to {high}")
            }
        ),
        // Lengths too short for the `required` properties are not too intricate: impossible.
        (Refusal::Intricate, None) => format!(
            "these properties are too intricate to count exactly for passwords {}; \
             {intricate_advice}",
            lengths(translation.least_possible_len(), high)
        ),
        (Refusal::Other, None) => {
            return diagnostics.first().cloned().unwrap_or_else(|| {
                Diagnostic::new(whole.clone(), "no length fits these properties")
            })
        }
    };
    // Where some lengths are too intricate, that is what a change of the rules must cure.
    let kind = match (refusals.refusal, refusals.too_short_below) {
        (_, Some(_)) | (Refusal::Intricate, None) => DiagnosticKind::TooIntricate,
        (Refusal::NoPassword, None) => DiagnosticKind::NoPassword,
        (Refusal::OnePassword, None) => DiagnosticKind::OnePassword,
        (Refusal::Other, None) => DiagnosticKind::Other,
    };
    let mut diagnostic = Diagnostic::new(whole.clone(), message).with_kind(kind);
    let mut noted: Vec<Span> = Vec::new();
    for (span, _) in diagnostics.iter().flat_map(Diagnostic::related) {
        if !noted.contains(span) {
            noted.push(span.clone());
            diagnostic = diagnostic.with_related(span.clone(), "this property is one of them");
        }
    }
    for (span, note) in translation.bound_spans() {
        diagnostic = diagnostic.with_related(span, note);
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::super::{parse::parse, translate::translate};
    use super::*;

    fn translation(text: &str) -> Translation {
        let (properties, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let Ok(translation) = translate(&properties, &(0..text.len())) else {
            panic!("{text:?} is refused");
        };
        translation
    }

    /// What `choose_with` gives when the core answers `answer(len)` (`None` to accept), and how
    /// many lengths it asked about.
    fn search(
        text: &str,
        answer: impl Fn(usize) -> Option<Refusal>,
    ) -> (Result<usize, String>, usize) {
        let asked = Cell::new(0);
        let result = choose_with(&translation(text), &(0..text.len()), |len| {
            asked.set(asked.get() + 1);
            match answer(len) {
                None => Outcome::Accepted(len),
                Some(refusal) => Outcome::Refused(
                    refusal,
                    vec![Diagnostic::new(0..0, format!("{refusal:?} at {len}"))],
                ),
            }
        });
        let result = result.map_err(|diagnostics| {
            assert_eq!(diagnostics.len(), 1);
            diagnostics[0].message().to_owned()
        });
        (result, asked.get())
    }

    const BOUNDS: &str = "minlength: 8; maxlength: 64; allowed: lower";

    #[test]
    fn the_preferred_length_when_it_is_accepted() {
        assert_eq!(search(BOUNDS, |_| None), (Ok(20), 1));
    }

    #[test]
    fn the_shortest_longer_length_when_the_preferred_is_too_short() {
        for threshold in [21, 37, 63, 64] {
            let (result, asked) = search(BOUNDS, |len| {
                (len < threshold).then_some(Refusal::NoPassword)
            });
            assert_eq!(result, Ok(threshold));
            // The preferred length, then a binary search over the 44 longer ones.
            assert!(asked <= 1 + 6, "{asked} checks");
        }
        // Refusals of different kinds below the threshold are all cured by length.
        let (result, _) = search(BOUNDS, |len| match len {
            ..=24 => Some(Refusal::NoPassword),
            25..=40 => Some(Refusal::OnePassword),
            _ => None,
        });
        assert_eq!(result, Ok(41));
    }

    #[test]
    fn the_longest_shorter_length_when_the_preferred_is_too_intricate() {
        for threshold in [8, 13, 19] {
            let (result, asked) = search(BOUNDS, |len| {
                (len > threshold).then_some(Refusal::Intricate)
            });
            assert_eq!(result, Ok(threshold));
            assert!(asked <= 1 + 4, "{asked} checks");
        }
    }

    #[test]
    fn no_length_is_refused_in_the_sites_terms() {
        assert_eq!(
            search(BOUNDS, |_| Some(Refusal::NoPassword)).0,
            Err(
                "no password of 8 to 64 characters satisfies all of these properties; allow \
                 more characters"
                    .to_owned()
            )
        );
        assert_eq!(
            search("max-consecutive: 1", |_| Some(Refusal::NoPassword)).0,
            Err(
                "no password of up to 256 characters satisfies all of these properties; allow \
                 more characters or raise `max-consecutive`"
                    .to_owned()
            )
        );
        assert_eq!(
            search(BOUNDS, |len| {
                Some(if len < 30 {
                    Refusal::NoPassword
                } else {
                    Refusal::Intricate
                })
            })
            .0,
            Err(
                "no length fits these properties: they allow no password of 8 to 29 \
                 characters, and from 30 characters on they are too intricate to count exactly; \
                 require fewer characters from sets that overlap"
                    .to_owned()
            )
        );
        assert_eq!(
            search(
                "maxlength: 12; max-consecutive: 2; required: digit",
                |len| {
                    Some(if len < 10 {
                        Refusal::OnePassword
                    } else {
                        Refusal::Intricate
                    })
                }
            )
            .0,
            Err(
                "no length fits these properties: they allow at most one password of up to 9 \
                 characters, and from 10 characters on they are too intricate to count exactly; \
                 with `max-consecutive`, require fewer characters, allow shorter passwords, or \
                 drop `max-consecutive`"
                    .to_owned()
            )
        );
        assert_eq!(
            search("minlength: 30; required: digit", |_| Some(
                Refusal::Intricate
            ))
            .0,
            Err(
                "these properties are too intricate to count exactly for passwords of 30 to 256 \
                 characters; require fewer characters from sets that overlap"
                    .to_owned()
            )
        );
        assert_eq!(
            search("minlength: 12; maxlength: 12", |_| Some(
                Refusal::OnePassword
            ))
            .0,
            Err(
                "these properties allow only one password of 12 characters, which is no secret \
                 (0 bits of entropy); allow more characters"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_refusal_no_length_cures_is_the_cores_own() {
        let (result, asked) = search(BOUNDS, |_| Some(Refusal::Other));
        assert_eq!(result, Err("Other at 20".to_owned()));
        assert_eq!(asked, 1);
    }

    /// The refusals the search tells apart, as the core words them today: if a message of the
    /// core changes, this fails rather than the search silently stopping at the first length.
    /// (The policies are written in the grammar, so this needs the `text` front end too.)
    #[cfg(feature = "text")]
    #[test]
    fn the_cores_refusals_are_recognised() {
        let refusal = |policy: &str| match CheckedPolicy::parse(policy) {
            Ok(_) => None,
            Err(error) => Some(Refusal::of(error.diagnostics())),
        };
        assert_eq!(
            refusal(r#"len = 4, lower == 0, upper == 0, digits = "7", max_consecutive = 2"#),
            Some(Refusal::NoPassword)
        );
        assert_eq!(
            refusal(r#"len = 8, lower = "a", upper == 0, digits == 0"#),
            Some(Refusal::OnePassword)
        );
        assert_eq!(refusal("len = 8, digits >= 9"), Some(Refusal::Other));
        assert_eq!(
            refusal(
                r#"len = 256, "abcdefgh" >= 30, "cdefghij" >= 30, "efghijkl" >= 30,
                "ghijklmn" >= 30, "ijklmnop" >= 30, "klmnopqr" >= 30, max_consecutive = 1,
                max_sequential = 2"#
            ),
            Some(Refusal::Intricate)
        );
    }
}
