//! The third pass: the count rules' targets, and the rules that share a target.
//!
//! A target is known by the characters it counts, so `lower | upper` and `upper | lower` are
//! the same target. Each target takes at most one `>=` and one `<=`, or one `==` alone.

use std::collections::HashMap;

use crate::model::{Name, Op, PolicySpec};
use crate::render;
use crate::{Class, Diagnostic};

use super::alphabet::{removes, Alphabet};
use super::rules::{Meaning, Operand, Rules};
use super::Report;

/// The rules on one target.
#[derive(Clone, Debug)]
pub(super) struct Target {
    /// The first rule on the target, whose operands the constraint keeps.
    pub(super) first: usize,
    /// The characters counted, sorted.
    pub(super) chars: Vec<char>,
    /// Whether the rules remove classes (`== 0`, `<= 0`) rather than count.
    pub(super) removal: bool,
    /// `(rule, n)` of the `>=`, `<=` and `==` rules.
    pub(super) at_least: Option<(usize, usize)>,
    pub(super) at_most: Option<(usize, usize)>,
    pub(super) exactly: Option<(usize, usize)>,
}

impl Target {
    /// The least count the rules allow and the rule that sets it.
    pub(super) fn min(&self) -> (usize, Option<usize>) {
        match (self.exactly, self.at_least) {
            (Some((rule, n)), _) | (None, Some((rule, n))) => (n, Some(rule)),
            (None, None) => (0, None),
        }
    }

    /// The greatest count the rules allow (capped at `len`) and the rule that sets it.
    pub(super) fn max(&self, len: usize) -> (usize, Option<usize>) {
        match (self.exactly, self.at_most) {
            (Some((rule, n)), _) | (None, Some((rule, n))) => (n.min(len), Some(rule)),
            (None, None) => (len, None),
        }
    }
}

/// How rules find the target they share.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Identity {
    Chars(Vec<char>),
    Removed(Vec<Class>),
}

/// Resolves each count rule's target, reporting quoted characters outside the alphabet and
/// rules that conflict on one target. Targets come in the order of their first rule.
pub(super) fn collect<S: Clone>(
    spec: &PolicySpec<S>,
    rules: &mut Rules,
    alphabet: &Alphabet,
    report: &mut Report<S>,
) -> Vec<Target> {
    let mut targets: Vec<Target> = Vec::new();
    let mut by_identity: HashMap<Identity, usize> = HashMap::new();
    for index in 0..rules.meanings.len() {
        let Some(Meaning::Count { operands, op, n }) = rules.meanings[index].clone() else {
            continue;
        };
        let removal = removes(op, n);
        if !removal
            && alphabet.ok
            && !quoted_sets_in_alphabet(spec, index, &operands, alphabet, report)
        {
            rules.meanings[index] = None;
            continue;
        }
        let mut chars: Vec<char> = Vec::new();
        for operand in &operands {
            match operand {
                Operand::Class(class) => chars.extend_from_slice(&alphabet.chars[class.index()]),
                Operand::Chars(quoted) => chars.extend_from_slice(quoted),
            }
        }
        chars.sort_unstable();
        chars.dedup();
        let identity = if removal {
            // The classes named, in the order of `Class::ALL` (a union names each once).
            let mut named = [false; Class::ALL.len()];
            for operand in &operands {
                if let Operand::Class(class) = operand {
                    named[class.index()] = true;
                }
            }
            let mut classes = Vec::new();
            for class in Class::ALL {
                if named[class.index()] {
                    classes.push(class);
                }
            }
            Identity::Removed(classes)
        } else {
            Identity::Chars(chars.clone())
        };
        let slot = *by_identity.entry(identity).or_insert_with(|| {
            targets.push(Target {
                first: index,
                chars,
                removal,
                at_least: None,
                at_most: None,
                exactly: None,
            });
            targets.len() - 1
        });
        if let Some(diagnostic) = place(spec, &mut targets[slot], index, op, n) {
            report.rule(index, diagnostic);
            rules.meanings[index] = None;
        }
    }
    targets
}

/// Adds rule `index` to its target, or says why it conflicts with a rule already there.
fn place<S: Clone>(
    spec: &PolicySpec<S>,
    target: &mut Target,
    index: usize,
    op: Op,
    n: usize,
) -> Option<Diagnostic<S>> {
    let this = render::rule(&spec.rules[index]);
    let name = render::target(&spec.rules[index]);
    let (message, other) = match (op, target.exactly, target.at_least, target.at_most) {
        (Op::Exactly, Some((other, _)), _, _) => {
            (format!("a second exact count for `{name}`; keep one of the two rules"), other)
        }
        (Op::Exactly, None, Some((other, _)), _) | (Op::Exactly, None, None, Some((other, _))) => (
            format!(
                "`{this}` conflicts with `{}`; give an exact count or bounds, not both",
                render::rule(&spec.rules[other])
            ),
            other,
        ),
        (Op::AtLeast | Op::AtMost, Some((other, _)), _, _) => (
            format!(
                "`{this}` conflicts with `{}`, which already fixes the count; keep one of the two rules",
                render::rule(&spec.rules[other])
            ),
            other,
        ),
        (Op::AtLeast, None, Some((other, _)), _) => {
            (format!("a second minimum for `{name}`; keep one of the two rules"), other)
        }
        (Op::AtMost, None, _, Some((other, _))) => {
            (format!("a second maximum for `{name}`; keep one of the two rules"), other)
        }
        (Op::Exactly, None, None, None) => {
            target.exactly = Some((index, n));
            return None;
        }
        (Op::AtLeast, None, None, _) => {
            target.at_least = Some((index, n));
            return None;
        }
        (Op::AtMost, None, _, None) => {
            target.at_most = Some((index, n));
            return None;
        }
        // Count rules never carry `=`.
        (Op::Assign, ..) => return None,
    };
    let note = format!("`{}` is here", render::rule(&spec.rules[other]));
    Some(
        Diagnostic::new(spec.rules[index].span.clone(), message)
            .with_related(spec.rules[other].span.clone(), note),
    )
}

/// Whether every character of the rule's quoted sets is in the alphabet; reports each set that
/// has one outside, with what would bring it in.
fn quoted_sets_in_alphabet<S: Clone>(
    spec: &PolicySpec<S>,
    index: usize,
    operands: &[Operand],
    alphabet: &Alphabet,
    report: &mut Report<S>,
) -> bool {
    let mut ok = true;
    for (operand, name) in operands.iter().zip(&spec.rules[index].target) {
        let (Operand::Chars(chars), Name::Str(text)) = (operand, &name.value) else {
            continue;
        };
        let Some(&outside) = chars.iter().find(|&&c| alphabet.position(c).is_none()) else {
            continue;
        };
        let set = render::quoted(text);
        let shown = render::character(outside);
        let owner = Class::ALL
            .into_iter()
            .find(|class| class.default_chars().contains(outside));
        let hint = if alphabet.excluded.contains(outside) {
            "`exclude` leaves it out".to_owned()
        } else {
            match owner {
                Some(class) if alphabet.removed_by[class.index()].is_some() => {
                    format!("it belongs to `{}`, which a rule removes", class.name())
                }
                Some(class) if !alphabet.member[class.index()] => format!(
                    "it belongs to `{0}`, which no rule brings in; add a rule such as `{0} >= 0`",
                    class.name()
                ),
                // A custom set replaced its class's characters.
                Some(class) => format!("`{}` is set without it; add it there", class.name()),
                None => "add it to a class, for example `symbols = \"...\"`".to_owned(),
            }
        };
        let message = format!("`{shown}` in `{set}` is not in the alphabet; {hint}");
        report.rule(index, Diagnostic::new(name.span.clone(), message));
        ok = false;
    }
    ok
}
