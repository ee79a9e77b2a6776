//! The second pass: which classes are in the alphabet and with which characters.
//!
//! `exclude` applies first, to every class. A class joins the alphabet when a rule names it (a
//! count rule other than `== 0`/`<= 0`, or `CLASS = "chars"`); `lower`, `upper` and `digits`
//! are in unless removed (`CLASS == 0` or `CLASS <= 0`) or emptied by `exclude`.

use crate::model::{Name, Op, PolicySpec};
use crate::order::char_order;
use crate::render;
use crate::{Class, Diagnostic, MAX_ALPHABET};

use super::rules::{Meaning, Operand, Rules};
use super::Report;

/// The classes and the alphabet they make.
pub(super) struct Alphabet {
    /// Each class's characters after `exclude`, in or out of the alphabet.
    pub(super) chars: [Vec<char>; 4],
    /// Whether each class is in the alphabet.
    pub(super) member: [bool; 4],
    /// The alphabet: the member classes' characters in [`Class::ALL`] order.
    pub(super) all: Vec<char>,
    /// Each alphabet character with its index in `all`, sorted by character (see
    /// [`Alphabet::position`]).
    positions: Vec<(char, usize)>,
    /// Whether the alphabet came out right; checks that need it run only then.
    pub(super) ok: bool,
    /// The characters `exclude` removes, as a [`CharSet`].
    pub(super) excluded: CharSet,
    /// The rule that removes each class, if one does.
    pub(super) removed_by: [Option<usize>; 4],
}

impl Alphabet {
    /// The index of `c` in the alphabet (`all`), if it is there: the last, if it is there
    /// twice (only when the alphabet came out wrong).
    pub(super) fn position(&self, c: char) -> Option<usize> {
        let found = self.positions.binary_search_by(|&(other, _)| other.cmp(&c));
        found.ok().map(|at| self.positions[at].1)
    }
}

/// The characters of `all` with their indices, sorted by character, each character once (with
/// its last index): a sorted list searched by halves rather than a hash map, one copy of generic
/// code fewer in the crate that compiles the checks.
fn positions(all: &[char]) -> Vec<(char, usize)> {
    let mut positions: Vec<(char, usize)> = Vec::with_capacity(all.len());
    // Stable: a character there twice has its indices in order, so the last one stays.
    for index in char_order(all) {
        match positions.last_mut() {
            Some(last) if last.0 == all[index] => last.1 = index,
            _ => positions.push((all[index], index)),
        }
    }
    positions
}

/// A set of characters: sorted, each once, searched by halves. Custom classes and `exclude` can
/// be long, so membership must not be a scan; a sorted list is as good as a hash set for these
/// one-off checks and costs no generic code of its own (the checks already sort characters).
pub(super) struct CharSet(Vec<char>);

impl CharSet {
    pub(super) fn of(chars: &[char]) -> CharSet {
        let mut sorted = chars.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        CharSet(sorted)
    }

    pub(super) fn contains(&self, c: char) -> bool {
        self.0.binary_search(&c).is_ok()
    }
}

/// Whether a count rule removes its classes: `== 0` or `<= 0`.
pub(super) fn removes(op: Op, n: usize) -> bool {
    n == 0 && matches!(op, Op::Exactly | Op::AtMost)
}

/// Works out the alphabet, reporting conflicting rules, classes emptied by `exclude`, classes
/// that share characters, and an alphabet that is empty or too large.
pub(super) fn build<S: Clone>(
    spec: &PolicySpec<S>,
    rules: &mut Rules,
    whole: &S,
    report: &mut Report<S>,
) -> Alphabet {
    let errors_before = report.len();
    let exclude_rule = rules.find(|meaning| matches!(meaning, Meaning::Exclude(_)));
    let excluded = match exclude_rule.and_then(|rule| rules.meanings[rule].as_ref()) {
        Some(Meaning::Exclude(chars)) => CharSet::of(chars),
        _ => CharSet::of(&[]),
    };
    let mut pass = Pass {
        spec,
        report,
        set_by: [None; 4],
        joined_by: [None; 4],
        removed_by: [None; 4],
    };
    let chars = pass.class_chars(rules, &excluded);
    pass.joins_and_removals(rules);
    pass.conflicts(rules);
    if let Some(exclude) = exclude_rule {
        pass.emptied_by_exclude(rules, &chars, exclude);
    }
    let mut member = [false; 4];
    for class in Class::ALL {
        let i = class.index();
        member[i] = pass.removed_by[i].is_none()
            && (class.in_default_alphabet() || pass.joined_by[i].is_some())
            && !chars[i].is_empty();
    }
    pass.overlaps(&chars, member);

    let mut ok = pass.report.len() == errors_before && !rules.alphabet_unsure;
    let mut all: Vec<char> = Vec::new();
    for class in Class::ALL {
        if member[class.index()] {
            all.extend_from_slice(&chars[class.index()]);
        }
    }
    if ok {
        ok = pass.size(&all, exclude_rule, whole);
    }
    let positions = positions(&all);
    Alphabet {
        chars,
        member,
        all,
        positions,
        ok,
        excluded,
        removed_by: pass.removed_by,
    }
}

/// The alphabet pass's working state.
struct Pass<'a, 'r, S> {
    spec: &'a PolicySpec<S>,
    report: &'r mut Report<S>,
    /// The rule giving each class custom characters.
    set_by: [Option<usize>; 4],
    /// The first rule bringing each class in (a custom set or a count rule).
    joined_by: [Option<usize>; 4],
    /// The first rule taking each class out.
    removed_by: [Option<usize>; 4],
}

impl<S: Clone> Pass<'_, '_, S> {
    fn span(&self, rule: usize) -> S {
        self.spec.rules[rule].span.clone()
    }

    /// Each class's characters: its custom set or its default, less the excluded ones.
    fn class_chars(&mut self, rules: &Rules, excluded: &CharSet) -> [Vec<char>; 4] {
        let mut chars: [Vec<char>; 4] = Default::default();
        for class in Class::ALL {
            let custom =
                rules.find(|meaning| matches!(meaning, Meaning::ClassChars(c, _) if *c == class));
            self.set_by[class.index()] = custom;
            let kept = &mut chars[class.index()];
            match custom.and_then(|rule| rules.meanings[rule].as_ref()) {
                Some(Meaning::ClassChars(_, custom)) => {
                    for &c in custom {
                        if !excluded.contains(c) {
                            kept.push(c);
                        }
                    }
                }
                _ => {
                    for c in class.default_chars().chars() {
                        if !excluded.contains(c) {
                            kept.push(c);
                        }
                    }
                }
            }
        }
        chars
    }

    /// Which rules bring each class in and which take it out; a count of 0 on a quoted set is
    /// refused (`exclude` is the way to leave characters out).
    fn joins_and_removals(&mut self, rules: &mut Rules) {
        self.joined_by = self.set_by;
        for index in 0..rules.meanings.len() {
            let Some(Meaning::Count { operands, op, n }) = &rules.meanings[index] else {
                continue;
            };
            let removal = removes(*op, *n);
            if removal
                && operands
                    .iter()
                    .any(|operand| matches!(operand, Operand::Chars(_)))
            {
                let set = self.spec.rules[index]
                    .target
                    .iter()
                    .find_map(|name| match &name.value {
                        Name::Str(text) => Some(render::quoted(text)),
                        Name::Ident(_) => None,
                    })
                    .unwrap_or_default();
                let message = format!(
                    "a count of 0 does not take characters out of the alphabet; to leave out `{set}`, write \
                     `exclude = {set}`"
                );
                self.report
                    .rule(index, Diagnostic::new(self.span(index), message));
                rules.meanings[index] = None;
                continue;
            }
            for operand in operands {
                if let Operand::Class(class) = operand {
                    let slot = if removal {
                        &mut self.removed_by
                    } else {
                        &mut self.joined_by
                    };
                    slot[class.index()].get_or_insert(index);
                }
            }
        }
    }

    /// A class both brought in and taken out: an error on the later of the two rules.
    fn conflicts(&mut self, rules: &mut Rules) {
        for class in Class::ALL {
            let (Some(join), Some(removal)) = (
                self.joined_by[class.index()],
                self.removed_by[class.index()],
            ) else {
                continue;
            };
            let name = class.name();
            let join_text = render::rule(&self.spec.rules[join]);
            let removal_text = render::rule(&self.spec.rules[removal]);
            let (later, earlier, message, note) = if removal > join {
                (
                    removal,
                    join,
                    format!("`{removal_text}` removes `{name}`, which `{join_text}` uses; keep one of the two rules"),
                    format!("`{join_text}` uses `{name}` here"),
                )
            } else {
                (
                    join,
                    removal,
                    format!("`{join_text}` uses `{name}`, which `{removal_text}` removes; keep one of the two rules"),
                    format!("`{removal_text}` removes `{name}` here"),
                )
            };
            let diagnostic =
                Diagnostic::new(self.span(later), message).with_related(self.span(earlier), note);
            self.report.rule(later, diagnostic);
            rules.meanings[later] = None;
        }
    }

    /// A class a rule needs, emptied by `exclude`.
    fn emptied_by_exclude(&mut self, rules: &Rules, chars: &[Vec<char>; 4], exclude: usize) {
        for class in Class::ALL {
            let Some(join) = self.joined_by[class.index()] else {
                continue;
            };
            if !chars[class.index()].is_empty() || rules.meanings[join].is_none() {
                continue;
            }
            let name = class.name();
            let needing = render::rule(&self.spec.rules[join]);
            let message = format!(
                "`exclude` leaves `{name}` empty, but `{needing}` needs it; exclude fewer characters or remove \
                 `{needing}`"
            );
            let diagnostic = Diagnostic::new(self.span(join), message)
                .with_related(self.span(exclude), "`exclude` is set here");
            self.report.rule(join, diagnostic);
        }
    }

    /// Classes in the alphabet that share characters (only custom sets can): an error on the
    /// later custom set.
    fn overlaps(&mut self, chars: &[Vec<char>; 4], member: [bool; 4]) {
        for (a, b) in pairs() {
            if !(member[a.index()] && member[b.index()]) {
                continue;
            }
            // A set, not `Vec::contains`: custom classes can be long, and this must not be
            // quadratic.
            let in_a = CharSet::of(&chars[a.index()]);
            let shared: Vec<char> = chars[b.index()]
                .iter()
                .copied()
                .filter(|&c| in_a.contains(c))
                .collect();
            if shared.is_empty() {
                continue;
            }
            let (blamed, other) = match (self.set_by[a.index()], self.set_by[b.index()]) {
                (Some(rule_a), Some(rule_b)) if rule_a > rule_b => (a, b),
                (Some(_), None) => (a, b),
                _ => (b, a),
            };
            let Some(rule) = self.set_by[blamed.index()] else {
                continue;
            };
            let what = if shared.len() == 1 {
                "it from one of them"
            } else {
                "them from one of the two"
            };
            let message = format!(
                "`{}` shares {} with `{}`; remove {what}",
                blamed.name(),
                render::characters(&shared),
                other.name()
            );
            let mut diagnostic = Diagnostic::new(self.spec.rules[rule].value.span.clone(), message);
            if let Some(other_rule) = self.set_by[other.index()] {
                let note = format!("`{}` is set here", other.name());
                diagnostic =
                    diagnostic.with_related(self.spec.rules[other_rule].value.span.clone(), note);
            }
            self.report.rule(rule, diagnostic);
        }
    }

    /// An empty or oversized alphabet; returns whether the size is right.
    fn size(&mut self, all: &[char], exclude_rule: Option<usize>, whole: &S) -> bool {
        if all.is_empty() {
            let mut diagnostic = Diagnostic::new(
                whole.clone(),
                "no characters are left to draw from; keep at least one class in the alphabet",
            );
            for class in Class::ALL {
                if let Some(rule) = self.removed_by[class.index()] {
                    diagnostic = diagnostic.with_related(
                        self.span(rule),
                        format!("`{}` is removed here", class.name()),
                    );
                }
            }
            if let Some(rule) = exclude_rule {
                diagnostic = diagnostic.with_related(self.span(rule), "`exclude` is set here");
            }
            self.report.whole(diagnostic);
            return false;
        }
        if all.len() > MAX_ALPHABET {
            let message = format!(
                "the alphabet has {} characters, more than {MAX_ALPHABET}; use fewer characters in the custom classes",
                all.len()
            );
            let mut diagnostic = Diagnostic::new(whole.clone(), message);
            for rule in self.set_by.into_iter().flatten() {
                diagnostic = diagnostic.with_related(
                    self.spec.rules[rule].value.span.clone(),
                    "a custom class is set here",
                );
            }
            self.report.whole(diagnostic);
            return false;
        }
        true
    }
}

/// Every pair of classes, each once, the earlier class first.
fn pairs() -> Vec<(Class, Class)> {
    let mut pairs = Vec::with_capacity(Class::ALL.len() * (Class::ALL.len() - 1) / 2);
    for (i, &a) in Class::ALL.iter().enumerate() {
        for &b in &Class::ALL[i + 1..] {
            pairs.push((a, b));
        }
    }
    pairs
}
