//! The last pass: the rules against `len` and against each other, then the exact count.
//!
//! The cheap checks come first, each with its own message and the rules involved: a minimum
//! above `len` or above its own maximum, exact counts that split the alphabet but do not add up
//! to `len`, minimums of disjoint targets that add up to more than `len`, maximums that cannot
//! fill it. Only a policy with no problem at all is counted; the count can still refuse it: no
//! password at all, a single one, or `min_entropy` not reached. (How strict a policy is does not
//! matter: generation unranks a uniform index, whatever the fraction of random strings that
//! pass.)
//!
//! The sums use disjoint targets (a character counts toward at most one of the summed
//! targets), chosen greedily; any impossibility they miss still ends in "no password satisfies
//! all of these rules" from the exact count.

use std::borrow::Cow;

use crate::count;
use crate::model::PolicySpec;
use crate::nat::Nat;
use crate::plan;
use crate::policy::SamplerCell;
use crate::policy::{Constraint, Operand};
use crate::problem::{Problem, Sequences};
use crate::render;
use crate::{CheckedPolicy, Class, Diagnostic, DiagnosticKind, MAX_CONSTRAINTS};

use super::alphabet::Alphabet;
use super::rules::{self, Meaning, Rules};
use super::targets::Target;
use super::Report;

/// A set of alphabet positions (an alphabet has at most 256 characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Positions([u64; 4]);

impl Positions {
    fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn contains(self, i: usize) -> bool {
        self.0[i / 64] >> (i % 64) & 1 == 1
    }

    fn union(self, other: Positions) -> Positions {
        let mut union = self;
        for w in 0..4 {
            union.0[w] |= other.0[w];
        }
        union
    }

    fn disjoint(self, other: Positions) -> bool {
        self.0[0] & other.0[0] == 0
            && self.0[1] & other.0[1] == 0
            && self.0[2] & other.0[2] == 0
            && self.0[3] & other.0[3] == 0
    }

    fn count(self) -> usize {
        let mut count = 0;
        for w in &self.0 {
            count += w.count_ones() as usize;
        }
        count
    }

    /// How many positions of `other` are not in `self`.
    fn new_in(self, other: Positions) -> usize {
        let mut new = 0;
        for w in 0..4 {
            new += (other.0[w] & !self.0[w]).count_ones() as usize;
        }
        new
    }
}

/// A target that constrains something, with its bounds.
struct Bound<'a> {
    target: &'a Target,
    positions: Positions,
    min: usize,
    min_rule: Option<usize>,
    max: usize,
    max_rule: Option<usize>,
    /// Whether a check already found a problem with this target alone.
    broken: bool,
}

/// Runs the cross-rule checks and, if nothing at all is wrong, counts and builds the policy.
pub(super) fn check<S: Clone>(
    spec: &PolicySpec<S>,
    rules: &Rules,
    alphabet: &Alphabet,
    targets: &[Target],
    whole: &S,
    report: &mut Report<S>,
) -> Option<CheckedPolicy> {
    let (len_rule, len) = rules.len?;
    if !alphabet.ok {
        return None;
    }
    let mut cx = Cross {
        spec,
        len,
        len_rule,
        alphabet_len: alphabet.all.len(),
        report,
    };
    let mut bounds = bounds(targets, alphabet, len);
    cx.each_target(&mut bounds);
    if !cx.exact_counts(&bounds) {
        cx.minimums(&bounds);
        cx.maximums(&bounds);
    }
    if let Some(extra) = bounds.get(MAX_CONSTRAINTS) {
        let rule = extra.target.first;
        let message = format!(
            "more than {MAX_CONSTRAINTS} targets are counted; merge some of these rules, for example into unions"
        );
        cx.report.rule(
            rule,
            Diagnostic::new(spec.rules[rule].span.clone(), message),
        );
    }
    if !cx.report.is_empty() {
        return None;
    }
    cx.count(rules, alphabet, &bounds, whole)
}

/// The targets that constrain anything, in the order of their first rule: a target whose only
/// effect is to bring classes in (minimum 0, no maximum below `len`) is not kept.
fn bounds<'a>(targets: &'a [Target], alphabet: &Alphabet, len: usize) -> Vec<Bound<'a>> {
    let mut bounds = Vec::new();
    for target in targets {
        if target.removal {
            continue;
        }
        let (min, min_rule) = target.min();
        let (max, max_rule) = target.max(len);
        if min == 0 && max >= len {
            continue;
        }
        let mut positions = Positions::default();
        for c in &target.chars {
            if let Some(i) = alphabet.position(*c) {
                positions.insert(i);
            }
        }
        bounds.push(Bound {
            target,
            positions,
            min,
            min_rule,
            max,
            max_rule,
            broken: false,
        });
    }
    bounds
}

/// What the cross-rule checks share.
struct Cross<'a, 'r, S> {
    spec: &'a PolicySpec<S>,
    len: usize,
    len_rule: usize,
    alphabet_len: usize,
    report: &'r mut Report<S>,
}

impl<S: Clone> Cross<'_, '_, S> {
    fn text(&self, rule: usize) -> String {
        render::rule(&self.spec.rules[rule])
    }

    fn span(&self, rule: usize) -> S {
        self.spec.rules[rule].span.clone()
    }

    fn len_note(&self) -> (S, String) {
        (
            self.span(self.len_rule),
            format!("`len = {}` is set here", self.len),
        )
    }

    /// A problem of several rules: reported on the last of them, with a note on each other one
    /// and on `len`.
    fn several(&mut self, involved: &[(usize, String)], message: String) {
        let Some(&(main, _)) = involved.iter().max_by_key(|(rule, _)| *rule) else {
            return;
        };
        let mut diagnostic = Diagnostic::new(self.span(main), message);
        for (rule, note) in involved {
            if *rule != main {
                diagnostic = diagnostic.with_related(self.span(*rule), note.clone());
            }
        }
        let (span, note) = self.len_note();
        self.report.rule(main, diagnostic.with_related(span, note));
    }

    /// Each target on its own: a minimum above `len`, a minimum above its maximum.
    fn each_target(&mut self, bounds: &mut [Bound<'_>]) {
        for bound in bounds.iter_mut() {
            let Some(min_rule) = bound.min_rule else {
                continue;
            };
            if bound.min > self.len {
                let message = format!(
                    "`{}` asks for more characters than `len = {}`; lower it or raise `len`",
                    self.text(min_rule),
                    self.len
                );
                let (span, note) = self.len_note();
                self.report.rule(
                    min_rule,
                    Diagnostic::new(self.span(min_rule), message).with_related(span, note),
                );
                bound.broken = true;
                continue;
            }
            let Some(max_rule) = bound.max_rule else {
                continue;
            };
            if bound.min > bound.max {
                let (later, earlier) = (min_rule.max(max_rule), min_rule.min(max_rule));
                let message = format!(
                    "`{}` asks for more than `{}` allows; make the minimum at most the maximum",
                    self.text(min_rule),
                    self.text(max_rule)
                );
                let note = format!("`{}` is here", self.text(earlier));
                self.report.rule(
                    later,
                    Diagnostic::new(self.span(later), message)
                        .with_related(self.span(earlier), note),
                );
                bound.broken = true;
            }
        }
    }

    /// Exact counts that split the whole alphabet between them must add up to `len`. Returns
    /// whether they do not (sums of minimums and maximums would then only repeat it).
    fn exact_counts(&mut self, bounds: &[Bound<'_>]) -> bool {
        let mut exact: Vec<(usize, usize, Positions)> = Vec::new();
        for bound in bounds {
            if let (false, Some((rule, n))) = (bound.broken, bound.target.exactly) {
                exact.push((rule, n, bound.positions));
            }
        }
        let mut covered = Positions::default();
        for &(_, _, positions) in &exact {
            if !covered.disjoint(positions) {
                return false;
            }
            covered = covered.union(positions);
        }
        let mut sum = 0;
        for &(_, n, _) in &exact {
            sum += n;
        }
        if exact.is_empty() || covered.count() != self.alphabet_len || sum == self.len {
            return false;
        }
        let mut involved: Vec<(usize, String)> = Vec::with_capacity(exact.len());
        for &(rule, n, _) in &exact {
            involved.push((rule, format!("`{}` counts {n} of them", self.text(rule))));
        }
        let message = format!(
            "the exact counts add up to {sum}, not `len = {}`; make them add up to {}",
            self.len, self.len
        );
        self.several(&involved, message);
        true
    }

    /// Minimums of disjoint targets must fit in `len` together.
    fn minimums(&mut self, bounds: &[Bound<'_>]) {
        let mut candidates: Vec<&Bound<'_>> = Vec::new();
        for bound in bounds {
            if bound.min > 0 && !bound.broken && bound.min_rule.is_some() {
                candidates.push(bound);
            }
        }
        // Largest minimums first, then in the order written (every candidate has its rule).
        let mut keys = Vec::with_capacity(candidates.len());
        for bound in &candidates {
            let rule = bound.min_rule.unwrap_or(usize::MAX);
            keys.push((u64::MAX - bound.min as u64, rule as u64));
        }
        crate::order::reorder(&mut candidates, &crate::order::stable_order(keys));
        let mut taken = Positions::default();
        let mut chosen = Vec::new();
        for bound in candidates {
            if taken.disjoint(bound.positions) {
                taken = taken.union(bound.positions);
                chosen.push(bound);
            }
        }
        let mut sum = 0;
        for bound in &chosen {
            sum += bound.min;
        }
        if chosen.len() < 2 || sum <= self.len {
            return;
        }
        let mut involved: Vec<(usize, String)> = Vec::with_capacity(chosen.len());
        for bound in &chosen {
            if let Some(rule) = bound.min_rule {
                let min = bound.min;
                involved.push((
                    rule,
                    format!("`{}` asks for {min} of them", self.text(rule)),
                ));
            }
        }
        let message = format!(
            "the minimums add up to {sum}, more than `len = {}`; lower them or raise `len`",
            self.len
        );
        self.several(&involved, message);
    }

    /// When maximums cover the whole alphabet, they must leave room for `len` characters.
    fn maximums(&mut self, bounds: &[Bound<'_>]) {
        let mut capped: Vec<&Bound<'_>> = Vec::new();
        let mut all = Positions::default();
        for bound in bounds {
            if bound.max < self.len && !bound.broken && bound.max_rule.is_some() {
                capped.push(bound);
                all = all.union(bound.positions);
            }
        }
        if all.count() != self.alphabet_len {
            return;
        }
        // Greedy cover: the target that covers the most new characters per allowed character.
        let mut covered = Positions::default();
        let mut chosen: Vec<&Bound<'_>> = Vec::new();
        while covered.count() < self.alphabet_len {
            // The last of the greatest, as `Iterator::max_by` picks.
            let mut best: Option<&Bound<'_>> = None;
            for &bound in &capped {
                if covered.new_in(bound.positions) == 0 {
                    continue;
                }
                let better = match best {
                    None => true,
                    // Compare new/max as new * other_max to stay in integers; max 0 sorts
                    // first.
                    Some(a) => {
                        let (na, nb) =
                            (covered.new_in(a.positions), covered.new_in(bound.positions));
                        (na * bound.max)
                            .cmp(&(nb * a.max))
                            .then(bound.max_rule.cmp(&a.max_rule))
                            .is_le()
                    }
                };
                if better {
                    best = Some(bound);
                }
            }
            let Some(best) = best else { return };
            covered = covered.union(best.positions);
            chosen.push(best);
        }
        let mut sum = 0;
        for bound in &chosen {
            sum += bound.max;
        }
        if sum >= self.len {
            return;
        }
        let mut involved: Vec<(usize, String)> = Vec::with_capacity(chosen.len());
        for bound in &chosen {
            if let Some(rule) = bound.max_rule {
                let max = bound.max;
                involved.push((rule, format!("`{}` allows at most {max}", self.text(rule))));
            }
        }
        let message = format!(
            "the maximums allow at most {sum} characters, fewer than `len = {}`; raise them or lower `len`",
            self.len
        );
        self.several(&involved, message);
    }

    /// Counts the passwords; refuses a policy with none, a single one, or below `min_entropy`;
    /// otherwise builds it.
    fn count(
        &mut self,
        rules: &Rules,
        alphabet: &Alphabet,
        bounds: &[Bound<'_>],
        whole: &S,
    ) -> Option<CheckedPolicy> {
        let membership = membership(bounds, alphabet.all.len());
        let mut limits: Vec<(usize, usize)> = Vec::with_capacity(bounds.len());
        for bound in bounds {
            limits.push((bound.min, bound.max));
        }
        let run_rule = rules.find(|meaning| matches!(meaning, Meaning::MaxConsecutive(_)));
        let max_consecutive = run_rule.and_then(|rule| match rules.meanings[rule] {
            Some(Meaning::MaxConsecutive(limit)) => Some(limit),
            _ => None,
        });
        let sequence_rule = rules.find(|meaning| matches!(meaning, Meaning::MaxSequential(_)));
        let max_sequential = sequence_rule.and_then(|rule| match rules.meanings[rule] {
            Some(Meaning::MaxSequential(limit)) => Some(limit),
            _ => None,
        });
        let problem = Problem {
            len: self.len,
            membership: &membership,
            bounds: &limits,
            max_consecutive,
            max_sequential: max_sequential.map(|limit| Sequences {
                limit,
                chars: &alphabet.all,
            }),
        };

        // Every rule that narrows the draw, for the notes of a whole-policy problem, in the
        // order written.
        let spec = self.spec;
        let mut narrows = vec![false; spec.rules.len()];
        for bound in bounds {
            for rule in [bound.min_rule, bound.max_rule].into_iter().flatten() {
                narrows[rule] = true;
            }
        }
        // The limits on runs that bind (one at or above `len` never does).
        let binding = |limit: Option<usize>| limit.is_some_and(|limit| limit < self.len);
        for rule in [
            run_rule.filter(|_| binding(max_consecutive)),
            sequence_rule.filter(|_| binding(max_sequential)),
        ]
        .into_iter()
        .flatten()
        {
            narrows[rule] = true;
        }
        let mut involved: Vec<usize> = Vec::new();
        for (rule, &narrowing) in narrows.iter().enumerate() {
            if narrowing {
                involved.push(rule);
            }
        }
        let noted = |kind: DiagnosticKind, message: String| {
            let mut diagnostic = Diagnostic::new(whole.clone(), message).with_kind(kind);
            for &rule in &involved {
                let span = spec.rules[rule].span.clone();
                diagnostic = diagnostic.with_related(span, "this rule is one of them");
            }
            diagnostic
        };

        let (passwords, sampler, choice) = match plan::count(&problem) {
            Ok(counted) => (counted.count, counted.sampler, counted.choice),
            Err(too) => {
                let binds = [binding(max_consecutive), binding(max_sequential)];
                self.report.whole(noted(
                    DiagnosticKind::TooIntricate,
                    too_intricate(too, binds),
                ));
                return None;
            }
        };
        if let Some((kind, message)) = too_few(&passwords) {
            self.report.whole(noted(kind, message.to_owned()));
            return None;
        }
        let stats = count::stats(&passwords, alphabet.all.len(), self.len);
        let min_entropy = self.min_entropy(rules, stats.entropy_bits);
        if !self.report.is_empty() {
            return None;
        }
        let constraints = constraints(rules, bounds);
        let classes = classes(alphabet);
        // `len` and the limits on runs are at most MAX_LEN (256): they fit in a u16.
        Some(CheckedPolicy::from_parts(
            self.len as u16,
            classes,
            Cow::Owned(alphabet.all.clone()),
            Cow::Owned(membership),
            Cow::Owned(constraints),
            max_consecutive.map(|limit| limit as u16),
            max_sequential.map(|limit| limit as u16),
            min_entropy,
            stats.entropy_bits,
            stats.acceptance,
            stats.count,
            SamplerCell::new(choice, sampler),
        ))
    }

    /// `min_entropy = BITS`, if set, after checking the policy reaches it.
    fn min_entropy(&mut self, rules: &Rules, entropy_bits: f64) -> Option<f64> {
        let rule = rules.find(|meaning| matches!(meaning, Meaning::MinEntropy(_)))?;
        let Some(Meaning::MinEntropy(bits)) = rules.meanings[rule] else {
            return None;
        };
        if entropy_bits < bits {
            let message = format!(
                "the policy gives {entropy_bits:.4} bits of entropy, less than `{}`; raise `len` or \
                 add classes",
                self.text(rule)
            );
            self.report
                .rule(rule, Diagnostic::new(self.span(rule), message));
        }
        Some(bits)
    }
}

/// For each alphabet character, the bit set of the bounds whose target holds it.
fn membership(bounds: &[Bound<'_>], alphabet_len: usize) -> Vec<u32> {
    let mut membership = Vec::with_capacity(alphabet_len);
    for i in 0..alphabet_len {
        let mut mask = 0u32;
        for (j, bound) in bounds.iter().enumerate() {
            if bound.positions.contains(i) {
                mask |= 1 << j;
            }
        }
        membership.push(mask);
    }
    membership
}

/// The operands of a count rule, for its constraint.
fn operands(rules: &Rules, rule: usize) -> Vec<Operand> {
    let Some(Meaning::Count { operands, .. }) = &rules.meanings[rule] else {
        return Vec::new();
    };
    let mut checked = Vec::with_capacity(operands.len());
    for operand in operands {
        checked.push(match operand {
            rules::Operand::Class(class) => Operand::Class(*class),
            rules::Operand::Chars(chars) => Operand::Chars(Cow::Owned(chars.iter().collect())),
        });
    }
    checked
}

/// The policy's constraints, one for each bound, in order.
fn constraints(rules: &Rules, bounds: &[Bound<'_>]) -> Vec<Constraint> {
    let mut constraints = Vec::with_capacity(bounds.len());
    for bound in bounds {
        constraints.push(Constraint {
            target: Cow::Owned(operands(rules, bound.target.first)),
            // At most `len`, at most MAX_LEN (256): fits in a u16.
            min: bound.min as u16,
            max: bound.max as u16,
        });
    }
    constraints
}

/// Each class's characters in the policy: none for a class out of the alphabet.
fn classes(alphabet: &Alphabet) -> [Cow<'static, str>; 4] {
    let mut classes: [Cow<'static, str>; 4] = Default::default();
    for class in Class::ALL {
        if alphabet.member[class.index()] {
            classes[class.index()] = Cow::Owned(alphabet.chars[class.index()].iter().collect());
        }
    }
    classes
}

/// Why a policy is refused as too intricate, and what to change: `limits_bind` says whether
/// `max_consecutive` and `max_sequential` bind.
fn too_intricate(too: plan::TooIntricate, limits_bind: [bool; 2]) -> String {
    // With a limit on runs every policy is counted position by position, where each bounded
    // class multiplies the states; without one, only overlapping targets are.
    let limits = match limits_bind {
        [true, true] => Some("`max_consecutive` and `max_sequential`"),
        [true, false] => Some("`max_consecutive`"),
        [false, true] => Some("`max_sequential`"),
        [false, false] => None,
    };
    let advice = match limits {
        Some(limits) => format!("with {limits}, lower the class bounds or `len`, or drop {limits}"),
        None => "use fewer or smaller bounds on overlapping targets".to_owned(),
    };
    let cost = if too.work <= plan::WORK_LIMIT {
        format!(
            "tables of about {:.0} MiB",
            too.memory_bytes / (1024.0 * 1024.0)
        )
    } else {
        format!("about {} operations", scientific(too.work.log10()))
    };
    format!("these rules are too intricate to count exactly ({cost}); {advice}")
}

/// `10^log10` with two significant digits: `3.1e-9`, `3.2e8`.
fn scientific(log10: f64) -> String {
    let mut exponent = log10.floor();
    let mut mantissa = 10f64.powf(log10 - exponent);
    // 9.96 would print as "10.0": carry into the exponent.
    if format!("{mantissa:.1}") == "10.0" {
        mantissa = 1.0;
        exponent += 1.0;
    }
    format!("{mantissa:.1}e{exponent}")
}

/// Why a policy that allows `passwords` passwords is refused outright: none at all, or a single
/// one (a constant is no secret: nothing random would be left in it).
fn too_few(passwords: &Nat) -> Option<(DiagnosticKind, &'static str)> {
    if passwords.is_zero() {
        Some((
            DiagnosticKind::NoPassword,
            "no password satisfies all of these rules",
        ))
    } else if passwords.is_one() {
        Some((
            DiagnosticKind::OnePassword,
            "these rules allow only one password, which is no secret (0 bits of entropy); allow more \
             characters or loosen the rules",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation() {
        assert_eq!(scientific((3.1e-9f64).log10()), "3.1e-9");
        assert_eq!(scientific((3.2e8f64).log10()), "3.2e8");
        assert_eq!(scientific((9.97e5f64).log10()), "1.0e6");
        assert_eq!(scientific(0.0), "1.0e0");
        assert_eq!(scientific(-400.5), "3.2e-401");
    }
}
