//! The first pass: each rule on its own. Names, operators and values get their meaning here,
//! and a key set twice is caught where the second one stands.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::model::{Name, Op, PolicySpec, Rule, Spanned, Value};
use crate::number::{self, NumberError};
use crate::order::char_order;
use crate::render::{self, quoted};
use crate::suggest::{closest, unknown};
use crate::{Class, Diagnostic, MAX_LEN};

use super::Report;

/// Every key of an `=` rule, in the order messages list them.
const KEYS: [Key; 9] = [
    Key::Len,
    Key::Class(Class::Lower),
    Key::Class(Class::Upper),
    Key::Class(Class::Digits),
    Key::Class(Class::Symbols),
    Key::Exclude,
    Key::MinEntropy,
    Key::MaxConsecutive,
    Key::MaxSequential,
];

/// The keys' names, in the same order: what an unknown key is compared with.
const KEY_NAMES: [&str; KEYS.len()] = {
    let mut names = [""; KEYS.len()];
    let mut i = 0;
    while i < KEYS.len() {
        names[i] = KEYS[i].name();
        i += 1;
    }
    names
};

/// Every class name, in the order messages list them.
const CLASS_NAMES: [&str; 4] = [
    Class::Lower.name(),
    Class::Upper.name(),
    Class::Digits.name(),
    Class::Symbols.name(),
];

/// What an `=` rule sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Len,
    Exclude,
    MinEntropy,
    MaxConsecutive,
    MaxSequential,
    Class(Class),
}

impl Key {
    /// Where the key stands in [`KEYS`].
    const fn index(self) -> usize {
        match self {
            Key::Len => 0,
            Key::Class(class) => 1 + class.index(),
            Key::Exclude => 5,
            Key::MinEntropy => 6,
            Key::MaxConsecutive => 7,
            Key::MaxSequential => 8,
        }
    }

    fn from_name(name: &str) -> Option<Key> {
        KEYS.into_iter().find(|key| key.name() == name)
    }

    const fn name(self) -> &'static str {
        match self {
            Key::Len => "len",
            Key::Exclude => "exclude",
            Key::MinEntropy => "min_entropy",
            Key::MaxConsecutive => "max_consecutive",
            Key::MaxSequential => "max_sequential",
            Key::Class(class) => class.name(),
        }
    }

    /// A value to show in "as in `len = 16`" when the user's own cannot serve.
    fn example(self) -> &'static str {
        match self {
            Key::Len => "16",
            Key::Exclude => "\"Il1O0\"",
            Key::MinEntropy => "60",
            Key::MaxConsecutive | Key::MaxSequential => "2",
            Key::Class(_) => "\"...\"",
        }
    }

    /// Whether the key takes a string (else a number).
    fn takes_string(self) -> bool {
        matches!(self, Key::Exclude | Key::Class(_))
    }
}

/// One operand of a count rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Operand {
    Class(Class),
    Chars(Vec<char>),
}

/// What a rule means, once it passed this pass.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Meaning {
    Len(usize),
    Exclude(Vec<char>),
    MinEntropy(f64),
    MaxConsecutive(usize),
    MaxSequential(usize),
    ClassChars(Class, Vec<char>),
    /// `TARGET op n`; `operands[k]` stands for the rule's `target[k]`.
    Count {
        operands: Vec<Operand>,
        op: Op,
        n: usize,
    },
}

/// The meaning of each rule: `None` for a rule with a problem, which later passes skip.
pub(super) struct Rules {
    pub(super) meanings: Vec<Option<Meaning>>,
    /// The rule setting `len` and its value, when that rule is right.
    pub(super) len: Option<(usize, usize)>,
    /// Whether any rule is about `len`, right or wrong (a bad `len` is not also "missing").
    pub(super) len_written: bool,
    /// Whether a rule that could change the alphabet (a class or `exclude`) has a problem:
    /// checks that need the alphabet would then judge a different one than the user meant.
    pub(super) alphabet_unsure: bool,
}

/// Whether a rule names a class or `exclude`.
fn shapes_alphabet<S>(rule: &Rule<S>) -> bool {
    rule.target.iter().any(|operand| {
        matches!(&operand.value, Name::Ident(name)
            if name == "exclude" || Class::from_name(name).is_some())
    })
}

impl Rules {
    /// The first rule still standing whose meaning matches.
    pub(super) fn find(&self, wanted: impl Fn(&Meaning) -> bool) -> Option<usize> {
        self.meanings
            .iter()
            .position(|meaning| meaning.as_ref().is_some_and(&wanted))
    }
}

/// Gives each rule its meaning, reporting every problem a rule has on its own.
pub(super) fn interpret<S: Clone>(spec: &PolicySpec<S>, report: &mut Report<S>) -> Rules {
    // The rule that first set each key, by the key's index.
    let mut seen = [None; KEYS.len()];
    let mut len_written = false;
    let mut alphabet_unsure = false;
    let mut meanings = Vec::with_capacity(spec.rules.len());
    for (index, rule) in spec.rules.iter().enumerate() {
        // A rule that names `len` (or nearly: `lenght`), even wrongly, is the user's `len`: a
        // second message saying it is missing would only repeat the first.
        len_written |= rule.target.iter().any(|operand| {
            matches!(&operand.value, Name::Ident(name)
                if name == "len" || closest(name, &KEY_NAMES) == Some("len"))
        });
        let mut pass = Pass {
            spec,
            index,
            rule,
            report: &mut *report,
            ok: true,
        };
        let meaning = if rule.op.value == Op::Assign {
            pass.assignment(&mut seen)
        } else {
            pass.count()
        };
        let ok = pass.ok;
        // A broken rule that names a class or sets `exclude` might have changed the alphabet.
        alphabet_unsure |= !ok && shapes_alphabet(rule);
        meanings.push(meaning.filter(|_| ok));
    }
    let len = meanings
        .iter()
        .enumerate()
        .find_map(|(index, meaning)| match meaning {
            Some(Meaning::Len(len)) => Some((index, *len)),
            _ => None,
        });
    Rules {
        meanings,
        len,
        len_written,
        alphabet_unsure,
    }
}

/// The characters that occur more than once in `chars`, each once, in order of first repeat.
///
/// One sort of the positions: a policy is data (a configuration file, a command-line argument),
/// and a long custom class must not make the check quadratic.
fn repeated(chars: &[char]) -> Vec<char> {
    // The positions sorted by character, each character's positions in order (a stable sort):
    // the second position of each character is its first repeat. A sort rather than a hash set,
    // one copy of generic code fewer in the crate that compiles the checks.
    let order = char_order(chars);
    let mut first_repeat = vec![false; chars.len()];
    for k in 1..order.len() {
        let c = chars[order[k]];
        if c == chars[order[k - 1]] && (k == 1 || c != chars[order[k - 2]]) {
            first_repeat[order[k]] = true;
        }
    }
    let mut repeats = Vec::new();
    for (&c, first) in chars.iter().zip(first_repeat) {
        if first {
            repeats.push(c);
        }
    }
    repeats
}

/// "`a` appears" / "`a` and `b` appear".
fn appear(chars: &[char]) -> String {
    let verb = if chars.len() == 1 {
        "appears"
    } else {
        "appear"
    };
    format!("{} {verb}", render::characters(chars))
}

/// One rule being read.
struct Pass<'a, S> {
    spec: &'a PolicySpec<S>,
    index: usize,
    rule: &'a Rule<S>,
    report: &'a mut Report<S>,
    /// Whether no problem was found in this rule yet.
    ok: bool,
}

impl<S: Clone> Pass<'_, S> {
    fn error(&mut self, span: &S, message: String) {
        self.report
            .rule(self.index, Diagnostic::new(span.clone(), message));
        self.ok = false;
    }

    /// `KEY = VALUE`.
    fn assignment(&mut self, seen: &mut [Option<usize>; KEYS.len()]) -> Option<Meaning> {
        let rule = self.rule;
        if rule.target.len() > 1 {
            let target = render::target(rule);
            self.error(
                &rule.op.span,
                format!(
                    "a union is counted, not set with `=`; write a count such as `{target} >= 1`"
                ),
            );
            return None;
        }
        let operand = &rule.target[0];
        let name = match &operand.value {
            Name::Ident(name) => name,
            Name::Str(text) => {
                let set = quoted(text);
                self.error(
                    &rule.op.span,
                    format!(
                        "a quoted set of characters is counted, not set with `=`; write a count such as \
                         `{set} >= 1`"
                    ),
                );
                return None;
            }
        };
        let Some(key) = Key::from_name(name) else {
            self.error(&operand.span, unknown("key", name, &KEY_NAMES));
            return None;
        };
        if let Some(first) = seen[key.index()] {
            let key_name = key.name();
            let diagnostic = Diagnostic::new(
                rule.span.clone(),
                format!("`{key_name}` is set twice; keep one of the two rules"),
            )
            .with_related(
                self.spec.rules[first].span.clone(),
                format!("`{key_name}` is first set here"),
            );
            self.report.rule(self.index, diagnostic);
            self.ok = false;
        } else {
            seen[key.index()] = Some(self.index);
        }
        if key.takes_string() {
            let chars = self.string_value(key)?;
            match key {
                Key::Class(class) => {
                    self.class_chars(class, &chars);
                    Some(Meaning::ClassChars(class, chars))
                }
                _ if chars.is_empty() => {
                    self.error(
                        &rule.value.span,
                        "`exclude = \"\"` leaves nothing out; list the characters to leave out, or remove \
                         the rule"
                            .to_owned(),
                    );
                    None
                }
                _ => Some(Meaning::Exclude(chars)),
            }
        } else if key == Key::MinEntropy {
            self.decimal_value(key).map(Meaning::MinEntropy)
        } else {
            let value =
                self.whole_value(&format!("`{}`", key.name()), &self.example_for(key), 1)?;
            Some(match key {
                Key::Len => Meaning::Len(value),
                Key::MaxSequential => Meaning::MaxSequential(value),
                _ => Meaning::MaxConsecutive(value),
            })
        }
    }

    /// "as in `len = 10`": the user's own number when it is a plain one.
    fn example_for(&self, key: Key) -> String {
        let value = match &self.rule.value.value {
            Value::Number {
                text,
                negative: false,
            } if number::whole(text, false).is_ok() => text.clone(),
            Value::Str(text) if key.takes_string() => quoted(text),
            _ => key.example().to_owned(),
        };
        format!("{} = {value}", key.name())
    }

    /// The characters of a string value; anything else is reported.
    fn string_value(&mut self, key: Key) -> Option<Vec<char>> {
        let rule = self.rule;
        let name = key.name();
        let message = match &rule.value.value {
            Value::Str(text) => return Some(text.chars().collect()),
            Value::Number { text, negative } => {
                let number = render::value(&Value::Number { text: text.clone(), negative: *negative });
                match key {
                    Key::Class(_) => format!(
                        "`{name} = ...` takes a quoted string of characters; a count is written \
                         `{name} >= {number}`"
                    ),
                    _ => format!(
                        "`{name}` takes a quoted string of characters, as in `{name} = \"{number}\"`"
                    ),
                }
            }
            Value::Ident(ident) => format!(
                "`{name}` takes a quoted string of characters, found `{ident}`; write `{name} = \"{ident}\"`"
            ),
        };
        self.error(&rule.value.span, message);
        None
    }

    /// A whole number for `what` ("`len`", "a count") in `least..=MAX_LEN`.
    fn whole_value(&mut self, what: &str, example: &str, least: usize) -> Option<usize> {
        let value = &self.rule.value;
        let (text, negative) = match &value.value {
            Value::Number { text, negative } => (text, *negative),
            Value::Str(text) => {
                let message = format!(
                    "{what} takes a number, not a string ({}), as in `{example}`",
                    quoted(text)
                );
                self.error(&value.span, message);
                return None;
            }
            Value::Ident(ident) => {
                let message = format!(
                    "{what} takes a number, found `{ident}`; write it in digits, as in `{example}`"
                );
                self.error(&value.span, message);
                return None;
            }
        };
        let message = match number::whole(text, negative) {
            Ok(n) if n > MAX_LEN as u64 => {
                format!("{what} must be at most {MAX_LEN} (the longest password), found `{text}`")
            }
            Ok(n) if n < least as u64 => format!("{what} must be at least {least}, found `{text}`"),
            // At most MAX_LEN, so it fits.
            Ok(n) => return Some(n as usize),
            Err(NumberError::Negative) => format!("{what} cannot be negative, found `-{text}`"),
            Err(NumberError::NotWhole) => format!("{what} takes a whole number, found `{text}`"),
            Err(NumberError::NotPlain) => plain_digits(text, example),
        };
        self.error(&value.span, message);
        None
    }

    /// `min_entropy = BITS`: a non-negative integer or decimal.
    fn decimal_value(&mut self, key: Key) -> Option<f64> {
        let value = &self.rule.value;
        let example = self.example_for(key);
        let name = key.name();
        let message = match &value.value {
            Value::Number { text, negative } => match number::decimal(text, *negative) {
                Ok(bits) => return Some(bits),
                Err(NumberError::Negative) => {
                    format!("`{name}` cannot be negative, found `-{text}`")
                }
                Err(NumberError::NotWhole | NumberError::NotPlain) => plain_digits(text, &example),
            },
            Value::Str(text) => format!(
                "`{name}` takes a number, not a string ({}), as in `{example}`",
                quoted(text)
            ),
            Value::Ident(ident) => {
                format!("`{name}` takes a number, found `{ident}`; write it in digits, as in `{example}`")
            }
        };
        self.error(&value.span, message);
        None
    }

    /// The characters of `CLASS = "chars"`: some, visible, each once.
    fn class_chars(&mut self, class: Class, chars: &[char]) {
        let span = &self.rule.value.span;
        let name = class.name();
        if chars.is_empty() {
            self.error(
                span,
                format!("`{name} = \"\"` leaves `{name}` empty; list its characters, or leave it out with `{name} == 0`"),
            );
        }
        // Control, format and separator characters do not show, and a combining mark drawn
        // on its own joins whatever comes before it: see `render::unfit_for_class`.
        if let Some((c, kind)) = chars
            .iter()
            .find_map(|&c| render::unfit_for_class(c).map(|kind| (c, kind)))
        {
            let shown = render::character(c);
            self.error(
                span,
                format!(
                    "`{name}` cannot hold the {kind} character `{shown}`; use visible characters"
                ),
            );
        }
        let repeats = repeated(chars);
        if !repeats.is_empty() {
            self.error(
                span,
                format!(
                    "{} more than once in `{name}`; list each character once",
                    appear(&repeats)
                ),
            );
        }
    }

    /// `TARGET >= N`, `TARGET <= N`, `TARGET == N`.
    fn count(&mut self) -> Option<Meaning> {
        let rule = self.rule;
        let mut operands = Vec::with_capacity(rule.target.len());
        // Each operand once, a class or a quoted set alike (a set by its characters, so `"ab"`
        // and `"ba"` are one): found through a set, since a union of thousands of operands
        // must not make this quadratic.
        let mut seen = HashSet::with_capacity(rule.target.len());
        let mut reported = HashSet::new();
        for (k, operand) in rule.target.iter().enumerate() {
            match self.operand(operand) {
                Some(resolved) => {
                    let identity = identity(&resolved);
                    if seen.contains(&identity) {
                        // Once per operand, on its first repeat.
                        if reported.insert(identity) {
                            let name = render::name(&operand.value);
                            self.error(
                                &operand.span,
                                format!("`{name}` appears twice in this union; name it once"),
                            );
                        }
                    } else {
                        seen.insert(identity);
                        operands.push(resolved);
                    }
                }
                // A key in a rule of its own: the operator is what is wrong, not the value.
                None if rule.target.len() == 1 && self.is_key(k) => return None,
                None => {}
            }
        }
        let target = render::target(rule);
        let example = format!("{target} {} 1", rule.op.value.as_str());
        let n = if let Value::Str(text) = &rule.value.value {
            let mut message = format!("a count takes a number, not a string, as in `{example}`");
            if let [Operand::Class(class)] = operands.as_slice() {
                let name = class.name();
                let _ = write!(
                    message,
                    "; to set the characters of `{name}`, write `{name} = {}`",
                    quoted(text)
                );
            }
            self.error(&rule.value.span, message);
            return None;
        } else {
            self.whole_value("a count", &example, 0)?
        };
        Some(Meaning::Count {
            operands,
            op: rule.op.value,
            n,
        })
    }

    /// Whether `target[k]` names a key that is not a class.
    fn is_key(&self, k: usize) -> bool {
        matches!(&self.rule.target[k].value, Name::Ident(name) if Key::from_name(name).is_some())
    }

    /// One operand of a count rule: a class or a quoted set.
    fn operand(&mut self, operand: &Spanned<Name, S>) -> Option<Operand> {
        let rule = self.rule;
        match &operand.value {
            Name::Ident(name) => {
                if let Some(class) = Class::from_name(name) {
                    return Some(Operand::Class(class));
                }
                match Key::from_name(name) {
                    Some(key) if rule.target.len() == 1 => {
                        let example = self.example_for(key);
                        self.error(&rule.op.span, format!("`{name}` is set with `=`, as in `{example}`"));
                    }
                    Some(_) => self.error(
                        &operand.span,
                        format!("`{name}` cannot be counted; a union joins classes and quoted sets of characters"),
                    ),
                    None => self.error(&operand.span, unknown("class", name, &CLASS_NAMES)),
                }
                None
            }
            Name::Str(text) => {
                let chars: Vec<char> = text.chars().collect();
                let set = quoted(text);
                if chars.is_empty() {
                    self.error(&operand.span, "an empty set of characters counts nothing; put characters between the quotes".to_owned());
                    return None;
                }
                let repeats = repeated(&chars);
                if !repeats.is_empty() {
                    self.error(
                        &operand.span,
                        format!(
                            "{} more than once in `{set}`; list each character once",
                            appear(&repeats)
                        ),
                    );
                    return None;
                }
                Some(Operand::Chars(chars))
            }
        }
    }
}

/// What makes two operands of a union the same: the class, or the characters of a quoted set
/// in any order.
fn identity(operand: &Operand) -> Operand {
    match operand {
        Operand::Class(class) => Operand::Class(*class),
        Operand::Chars(chars) => {
            let mut sorted = chars.clone();
            sorted.sort_unstable();
            Operand::Chars(sorted)
        }
    }
}

/// A number written in a form the grammar does not read (`1e3`, `1_000`).
fn plain_digits(text: &str, example: &str) -> String {
    match number::type_suffix(text) {
        Some((bare, suffix)) => {
            format!(
                "write `{bare}` without the suffix `{suffix}`; policy values take no type suffix"
            )
        }
        None => format!("`{text}` is not a plain number; write digits only, as in `{example}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::{repeated, KEYS};

    #[test]
    fn repeated_gives_each_repeated_character_once_in_order_of_first_repeat() {
        let chars: Vec<char> = "xbabacbbé!é".chars().collect();
        // `b` repeats first (at 3), then `a` (4), then `é` (10); `x`, `c` and `!` do not.
        assert_eq!(repeated(&chars), ['b', 'a', 'é']);
        assert_eq!(repeated(&['q']), [] as [char; 0]);
        assert_eq!(repeated(&[]), [] as [char; 0]);
    }

    #[test]
    fn each_key_knows_its_place_in_keys() {
        for (place, key) in KEYS.into_iter().enumerate() {
            assert_eq!(key.index(), place, "{key:?}");
        }
    }
}
