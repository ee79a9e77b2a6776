//! The lexer of the text front end: the policy text as tokens with byte ranges.
//!
//! Tokens are cut as Rust's lexer cuts them, so that a policy gives the same tokens (and so the
//! same messages) here and inside `password_policy!`: identifiers, numbers with whatever
//! letters, digits and `_` follow (`10`, `57.5`, `1_000`, `1e3`: the rule core decides what it
//! accepts), string literals with Rust's escapes, raw strings, the operators `=`, `==`, `>=`,
//! `<=`, and single punctuation characters. Literals the grammar never takes (`b"..."`, `'x'`,
//! `3.`) are single tokens too, as a macro receives them, so the messages name them whole.

use std::ops::Range;

use crate::diagnostic::{self, Diagnostic};
use crate::model::Op;
use crate::syntax;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    Ident,
    Number,
    /// A string literal, unescaped.
    Str(String),
    Op(Op),
    /// Any other single character: `,`, `|`, `-`, brackets, `;`...
    Punct(char),
    /// A literal the grammar never takes: a byte or C string, a byte, a character.
    Other,
    /// A string the lexer already reported (unterminated, bad escape): the rule holding it is
    /// dropped without a second message.
    Bad,
}

/// One token and where it stands.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) span: Range<usize>,
}

impl Token {
    #[inline]
    pub(super) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// Splits `text` into tokens; problems inside string literals are reported in `errors`.
#[inline]
pub(super) fn lex(text: &str, errors: &mut Vec<Diagnostic<Range<usize>>>) -> Vec<Token> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        tokens: Vec::new(),
        errors,
    };
    lexer.run();
    lexer.tokens
}

#[inline]
fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

#[inline]
fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

struct Lexer<'a, 'e> {
    text: &'a str,
    /// A byte offset, always on a character boundary.
    pos: usize,
    tokens: Vec<Token>,
    errors: &'e mut Vec<Diagnostic<Range<usize>>>,
}

impl Lexer<'_, '_> {
    #[inline]
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    #[inline]
    fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.pos..].chars().nth(n)
    }

    #[inline]
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    #[inline]
    fn eat_while(&mut self, keep: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.bump();
        }
    }

    /// Records a problem; past the limit (one string can hold millions of bad escapes) the
    /// rest are not kept, and the error says that there are more.
    #[inline]
    fn report(&mut self, problem: Diagnostic<Range<usize>>) {
        if !diagnostic::are_full(self.errors) {
            self.errors.push(problem);
        }
    }

    #[inline]
    fn push(&mut self, kind: Kind, start: usize) {
        self.tokens.push(Token {
            kind,
            span: start..self.pos,
        });
    }

    #[inline]
    fn run(&mut self) {
        while let Some(c) = self.peek() {
            if diagnostic::are_full(self.errors) {
                return;
            }
            let start = self.pos;
            if c.is_whitespace() {
                self.bump();
            } else if let Some(other) = other_literal(&self.text[self.pos..]) {
                match other {
                    Other::Closed(len) => {
                        self.pos += len;
                        self.push(Kind::Other, start);
                    }
                    Other::Unterminated => self.unterminated(start),
                }
            } else if c == 'r' && self.raw_string_ahead() {
                self.raw_string();
            } else if is_ident_start(c) {
                // A raw identifier (`r#lower`) is one name, written with its `r#`, as a macro
                // receives it.
                if self.text[self.pos..].starts_with("r#")
                    && self.peek_at(2).is_some_and(is_ident_start)
                {
                    self.pos += 2;
                }
                self.eat_while(is_ident_continue);
                self.push(Kind::Ident, start);
            } else if c.is_ascii_digit() {
                self.number();
            } else if c == '"' {
                self.string();
            } else {
                self.bump();
                let kind = match (c, self.peek()) {
                    ('=', Some('=')) => Some(Op::Exactly),
                    ('>', Some('=')) => Some(Op::AtLeast),
                    ('<', Some('=')) => Some(Op::AtMost),
                    ('=', _) => Some(Op::Assign),
                    _ => None,
                };
                match kind {
                    Some(op) => {
                        if op != Op::Assign {
                            self.bump();
                        }
                        self.push(Kind::Op(op), start);
                    }
                    None => self.push(Kind::Punct(c), start),
                }
            }
        }
    }

    /// A number as Rust cuts it: digits and any letters, digits or `_` after them (a suffix or
    /// an exponent), a fractional part when `.` is followed by a digit, a final `.` when
    /// neither another `.` nor a name follows it (`3.` is a number, `3..` and `3.x` are not),
    /// and a sign right after an exponent's `e`.
    #[inline]
    fn number(&mut self) {
        let start = self.pos;
        self.eat_while(is_ident_continue);
        if self.peek() == Some('.') {
            match self.peek_at(1) {
                Some(c) if c.is_ascii_digit() => {
                    self.bump();
                    self.eat_while(is_ident_continue);
                }
                Some(c) if c == '.' || is_ident_start(c) => {}
                _ => {
                    self.bump();
                }
            }
        }
        let is_exponent = self.text[start..self.pos].ends_with(['e', 'E'])
            && !self.text[start..].starts_with("0x");
        if is_exponent
            && matches!(self.peek(), Some('+' | '-'))
            && self.peek_at(1).is_some_and(|c| c.is_ascii_digit())
        {
            self.bump();
            self.eat_while(is_ident_continue);
        }
        self.push(Kind::Number, start);
    }

    /// A string literal with the escapes of Rust's: `\"`, `\'`, `\\`, `\n`, `\r`, `\t`, `\0`,
    /// `\x..` (ASCII), `\u{...}`, and a backslash before a line break (`\n` or `\r\n`), which
    /// skips the break and the ASCII whitespace after it. As in Rust, a line break `\r\n`
    /// inside the string reads as `\n`, and a carriage return alone is refused.
    #[inline]
    fn string(&mut self) {
        let start = self.pos;
        self.bump();
        let mut value = String::new();
        let mut bad = false;
        loop {
            let Some(c) = self.bump() else {
                self.unterminated(start);
                return;
            };
            match c {
                '"' => break,
                '\\' => match self.escape() {
                    Ok(Some(c)) => value.push(c),
                    Ok(None) => {}
                    Err(span) => {
                        let escape = self.text[span.clone()].to_owned();
                        self.report(Diagnostic::new(span, syntax::unknown_escape(&escape)));
                        bad = true;
                    }
                },
                // Rust reads a file's `\r\n` as `\n` before it cuts tokens, and refuses a
                // carriage return on its own.
                '\r' if self.bump_if(|c| c == '\n').is_some() => value.push('\n'),
                '\r' => {
                    self.bare_carriage_return();
                    bad = true;
                }
                c => value.push(c),
            }
        }
        self.push(if bad { Kind::Bad } else { Kind::Str(value) }, start);
    }

    /// The escape after a backslash (already consumed): its character, `None` for a line
    /// continuation, or the span of an escape that is not one.
    #[inline]
    fn escape(&mut self) -> Result<Option<char>, Range<usize>> {
        let start = self.pos - 1;
        let Some(c) = self.bump() else {
            return Err(start..self.pos);
        };
        let simple = match c {
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            '0' => Some('\0'),
            '\\' | '"' | '\'' => Some(c),
            _ => None,
        };
        if let Some(simple) = simple {
            return Ok(Some(simple));
        }
        match c {
            // A line continuation. Rust skips the ASCII whitespace after it (a no-break space
            // stays in the string), and sees `\r\n` as `\n`.
            '\n' => {
                self.eat_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
                Ok(None)
            }
            '\r' if self.bump_if(|c| c == '\n').is_some() => {
                self.eat_while(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
                Ok(None)
            }
            'x' => {
                let digits: String = (0..2)
                    .filter_map(|_| self.bump_if(|c| c.is_ascii_hexdigit()))
                    .collect();
                match u8::from_str_radix(&digits, 16) {
                    Ok(byte) if digits.len() == 2 && byte <= 0x7f => Ok(Some(char::from(byte))),
                    _ => Err(start..self.pos),
                }
            }
            'u' => {
                if self.bump_if(|c| c == '{').is_none() {
                    return Err(start..self.pos);
                }
                // As in Rust, `_` may separate digits but not come first: `\u{_41}` is refused.
                if self.bump_if(|c| c == '_').is_some() {
                    return Err(start..self.pos);
                }
                let mut digits = String::new();
                while let Some(d) = self.bump_if(|c| c.is_ascii_hexdigit() || c == '_') {
                    digits.push(d);
                }
                let closed = self.bump_if(|c| c == '}').is_some();
                let digits = digits.replace('_', "");
                let value = u32::from_str_radix(&digits, 16)
                    .ok()
                    .filter(|_| closed && (1..=6).contains(&digits.len()));
                value
                    .and_then(char::from_u32)
                    .map(Some)
                    .ok_or(start..self.pos)
            }
            _ => Err(start..self.pos),
        }
    }

    #[inline]
    fn bump_if(&mut self, wanted: impl Fn(char) -> bool) -> Option<char> {
        self.peek().filter(|&c| wanted(c))?;
        self.bump()
    }

    /// Whether `r"` or `r#..."` starts here.
    #[inline]
    fn raw_string_ahead(&self) -> bool {
        let rest = &self.text[self.pos + 1..];
        rest.trim_start_matches('#').starts_with('"')
    }

    /// `r"..."` or `r#"..."#` (any number of `#`): no escapes.
    #[inline]
    fn raw_string(&mut self) {
        let start = self.pos;
        self.bump();
        let hashes =
            self.text[self.pos..].len() - self.text[self.pos..].trim_start_matches('#').len();
        self.pos += hashes + 1;
        let close = format!("\"{}", "#".repeat(hashes));
        if let Some(end) = self.text[self.pos..].find(&close) {
            let body = self.pos..self.pos + end;
            self.pos += end + close.len();
            // As in a string with escapes: `\r\n` reads as `\n`, a carriage return alone is
            // refused.
            let raw = &self.text[body.clone()];
            let bare = raw
                .match_indices('\r')
                .find(|&(at, _)| !raw[at + 1..].starts_with('\n'));
            if let Some((at, _)) = bare {
                let at = body.start + at;
                self.report(Diagnostic::new(at..at + 1, syntax::bare_carriage_return()));
                self.push(Kind::Bad, start);
            } else {
                self.push(Kind::Str(raw.replace("\r\n", "\n")), start);
            }
        } else {
            self.unterminated(start);
        }
    }

    /// Reports the carriage return just read, which no line feed follows.
    #[inline]
    fn bare_carriage_return(&mut self) {
        let at = self.pos - 1;
        self.report(Diagnostic::new(
            at..self.pos,
            syntax::bare_carriage_return(),
        ));
    }

    /// A string literal from `start` that no quote closes: one token to the end of the text,
    /// reported once. Taking the rest of the text keeps the lexer linear: an open quote read
    /// again from every later position would make it quadratic.
    #[inline]
    fn unterminated(&mut self, start: usize) {
        self.pos = self.text.len();
        self.report(Diagnostic::new(
            start..self.pos,
            syntax::unterminated_string(),
        ));
        self.push(Kind::Bad, start);
    }
}

/// A literal the grammar never takes, at the start of the rest of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Other {
    /// Closed, this many bytes long.
    Closed(usize),
    /// A byte or C string that no quote closes: it runs to the end of the text.
    Unterminated,
}

/// The longest character or byte literal, in characters: `'\u{10FFFF}'`. Rust reads nothing
/// longer as one character, so an open quote is never searched for further than this.
const MAX_CHAR_LITERAL: usize = 12;

/// A literal the grammar never takes that starts `rest`, if one does: a byte or C string, raw
/// or not (`b"…"`, `br#"…"#`, `c"…"`, `cr"…"`), a byte (`b'x'`) or a character (`'x'`,
/// `'\n'`). Rust's lexer makes each one token; what is inside does not matter, since the rule
/// holding it is refused whatever it says. A string of these kinds that is not closed is
/// [`Other::Unterminated`], as an unclosed `"` or `r"` is; a quote `'` that does not close
/// within [`MAX_CHAR_LITERAL`] characters is no literal (a lifetime's quote, for a macro).
#[inline]
fn other_literal(rest: &str) -> Option<Other> {
    for prefix in ["br", "cr"] {
        if let Some(other) = rest
            .strip_prefix(prefix)
            .and_then(|after| raw_literal(after, prefix.len()))
        {
            return Some(other);
        }
    }
    for prefix in ["b\"", "c\""] {
        if rest.starts_with(prefix) {
            return Some(
                string_len(&rest[1..]).map_or(Other::Unterminated, |len| Other::Closed(1 + len)),
            );
        }
    }
    if rest.starts_with("b'") {
        return char_literal_len(&rest[1..]).map(|len| Other::Closed(1 + len));
    }
    let after = rest.strip_prefix('\'')?;
    let mut chars = after.chars();
    let first = chars.next()?;
    if (is_ident_start(first) || first.is_ascii_digit()) && chars.next() != Some('\'') {
        // A lifetime (`'a`, which a macro gets as `'` and `a`), unless a quote closes the name.
        let name = after.find(|c| !is_ident_continue(c)).unwrap_or(after.len());
        return after[name..]
            .starts_with('\'')
            .then_some(Other::Closed(name + 2));
    }
    char_literal_len(rest).map(Other::Closed)
}

/// The length of the `"…"` that starts `text`, up to and including the closing quote, skipping
/// the character after each backslash; `None` when no quote closes it.
#[inline]
fn string_len(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// The length of the `'…'` that starts `text`, if a quote closes it on the same line within
/// [`MAX_CHAR_LITERAL`] characters, skipping the character after each backslash.
#[inline]
fn char_literal_len(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices().skip(1).take(MAX_CHAR_LITERAL) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '\n' => return None,
            '\'' => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// The `#*"…"#*` of a raw string after its prefix of `prefix_len` bytes, if it starts `text`.
#[inline]
fn raw_literal(text: &str, prefix_len: usize) -> Option<Other> {
    let hashes = text.len() - text.trim_start_matches('#').len();
    let body = text[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    Some(body.find(&close).map_or(Other::Unterminated, |end| {
        Other::Closed(prefix_len + hashes + 1 + end + close.len())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        let mut errors = Vec::new();
        let tokens = lex(text, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        tokens
            .into_iter()
            .map(|token| (token.kind, &text[token.span]))
            .collect()
    }

    #[test]
    fn tokens_of_a_policy() {
        assert_eq!(
            kinds("len=10, lower|\"!@\" >= -1"),
            vec![
                (Kind::Ident, "len"),
                (Kind::Op(Op::Assign), "="),
                (Kind::Number, "10"),
                (Kind::Punct(','), ","),
                (Kind::Ident, "lower"),
                (Kind::Punct('|'), "|"),
                (Kind::Str("!@".into()), "\"!@\""),
                (Kind::Op(Op::AtLeast), ">="),
                (Kind::Punct('-'), "-"),
                (Kind::Number, "1"),
            ]
        );
    }

    #[test]
    fn operators_as_rust_cuts_them() {
        let ops: Vec<&str> = kinds("== = <= >= > < === =>")
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        assert_eq!(ops, ["==", "=", "<=", ">=", ">", "<", "==", "=", "=", ">"]);
    }

    #[test]
    fn numbers_as_rust_cuts_them() {
        let numbers: Vec<&str> = kinds("10 57.5 1_000 1e3 10u8 1e-3 0x1e")
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        assert_eq!(
            numbers,
            ["10", "57.5", "1_000", "1e3", "10u8", "1e-3", "0x1e"]
        );
        assert_eq!(kinds("10.x").len(), 3);
    }

    #[test]
    fn string_escapes() {
        let value = |text: &str| match &kinds(text)[0].0 {
            Kind::Str(value) => value.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(value(r#""a\"b\\c""#), "a\"b\\c");
        assert_eq!(value(r#""\n\t\r\0\x41\u{20AC}\u{1_F600}""#), "\n\t\r\0A€😀");
        assert_eq!(value("\"a\\\n    b\""), "ab");
        assert_eq!(value(r##"r#"a"b\n"#"##), "a\"b\\n");
        assert_eq!(value("r\"x\""), "x");
        assert_eq!(kinds("r x")[0], (Kind::Ident, "r"));
    }

    #[test]
    fn literals_the_grammar_never_takes_are_one_token() {
        let texts: Vec<(Kind, &str)> =
            kinds(r##"b"!@" br#"a"b"# c"x\"y" cr"z" b'!' '!' '\'' 'ab' 'a x"##);
        assert_eq!(
            texts,
            vec![
                (Kind::Other, r#"b"!@""#),
                (Kind::Other, r##"br#"a"b"#"##),
                (Kind::Other, r#"c"x\"y""#),
                (Kind::Other, r#"cr"z""#),
                (Kind::Other, "b'!'"),
                (Kind::Other, "'!'"),
                (Kind::Other, r"'\''"),
                (Kind::Other, "'ab'"),
                // A lifetime is two tokens for a macro: the quote and the name.
                (Kind::Punct('\''), "'"),
                (Kind::Ident, "a"),
                (Kind::Ident, "x"),
            ]
        );
        assert_eq!(kinds("r#lower"), vec![(Kind::Ident, "r#lower")]);
        // Names that merely start like a prefix stay names.
        let names: Vec<Kind> = kinds("b br cr bright count")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(names, vec![Kind::Ident; 5]);
    }

    #[test]
    fn strings_read_as_rust_reads_them() {
        let value = |text: &str| match &kinds(text)[0].0 {
            Kind::Str(value) => value.clone(),
            other => panic!("{other:?}"),
        };
        // `_` separates the digits of `\u{..}`, anywhere but first.
        assert_eq!(value(r#""\u{4_1}\u{41_}""#), "AA");
        // Rust reads `\r\n` as `\n` before anything else: a backslash before it continues
        // the line, and one inside a string is a line feed, raw or not.
        assert_eq!(value("\"a\\\r\n    b\""), "ab");
        assert_eq!(value("\"a\\\r\n\r\n  \tb\""), "ab");
        assert_eq!(value("\"a\r\nb\""), "a\nb");
        assert_eq!(value("r#\"a\r\nb\"#"), "a\nb");
        // Only ASCII whitespace is skipped after a continuation: a no-break space stays.
        assert_eq!(value("\"a\\\n \u{a0}b\""), "a\u{a0}b");
    }

    /// The messages `lex` gives for `text`, each with the text it points at.
    fn errors(text: &str) -> Vec<(String, &str)> {
        let mut errors = Vec::new();
        lex(text, &mut errors);
        errors
            .into_iter()
            .map(|error| (error.message().to_owned(), &text[error.span().clone()]))
            .collect()
    }

    #[test]
    fn strings_rust_refuses_are_refused() {
        let refused = errors(r#"x = "\u{_41}""#);
        assert_eq!(refused.len(), 1, "{refused:?}");
        assert!(
            refused[0].0.starts_with("unknown escape `\\u{_`"),
            "{refused:?}"
        );
        for text in ["\"a\rb\"", "r\"a\rb\"", "\"a\r\""] {
            assert_eq!(
                errors(text),
                [(
                    "a carriage return alone in a string; write it as `\\r`".to_owned(),
                    "\r"
                )],
                "{text:?}"
            );
        }
        // A backslash before a carriage return alone is no continuation, and the message
        // shows the carriage return as an escape, not raw.
        let refused = errors("\"a\\\rb\"");
        assert!(
            refused[0].0.starts_with("unknown escape `\\\\r`"),
            "{refused:?}"
        );
    }

    #[test]
    fn unclosed_literals_are_read_in_linear_time() {
        // Each of these, repeated, used to send the lexer to the end of the text from every
        // repeat: a megabyte took hours. Read once, it takes a moment (a debug build reads
        // tens of megabytes a second), so a quadratic lexer would stall this test for hours.
        const MEGABYTE: usize = 1 << 20;
        for unit in [
            "\\'", "'!", "b'\\", "br#\"", "cr##\"", "b\"", "c\"", "r#\"", "'\\u{",
        ] {
            let text = format!("'{}", unit.repeat(MEGABYTE / unit.len()));
            let mut errors = Vec::new();
            let tokens = lex(&text, &mut errors);
            assert!(errors.len() <= 1, "{unit}: {} errors", errors.len());
            assert!(tokens.len() <= text.len(), "{unit}");
        }
        // An unclosed byte or C string, raw or not, is one token to the end, as `"` and `r"`
        // are, with one message.
        for text in [
            r#"x = br#"abc"#,
            r#"x = b"abc"#,
            r#"x = c"a"#,
            r#"x = cr#"a"#,
        ] {
            let mut errors = Vec::new();
            let tokens = lex(text, &mut errors);
            assert_eq!(tokens.last().map(|token| &token.kind), Some(&Kind::Bad));
            assert_eq!(
                tokens.last().map(|token| token.span.start),
                Some(4),
                "{text}"
            );
            assert_eq!(errors.len(), 1, "{text}");
            assert_eq!(errors[0].message(), syntax::unterminated_string());
        }
    }

    #[test]
    fn a_final_dot_belongs_to_the_number() {
        let texts = |text| -> Vec<&str> { kinds(text).into_iter().map(|(_, t)| t).collect() };
        assert_eq!(texts("3. , 3"), ["3.", ",", "3"]);
        assert_eq!(texts("3.x"), ["3", ".", "x"]);
        assert_eq!(texts("3..4"), ["3", ".", ".", "4"]);
        assert_eq!(texts("3.5."), ["3.5", "."]);
    }

    #[test]
    fn bad_strings_are_reported_once() {
        let mut errors = Vec::new();
        let tokens = lex(
            r#"x = "a\qb", y = "\x80", z = "\u{110000}", w = "open"#,
            &mut errors,
        );
        let messages: Vec<&str> = errors.iter().map(Diagnostic::message).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("unknown escape `\\q`"));
        assert!(messages[1].starts_with("unknown escape `\\x80`"));
        assert!(messages[2].starts_with("unknown escape `\\u{110000}`"));
        assert_eq!(messages[3], "unterminated string; close it with `\"`");
        assert_eq!(*errors[3].span(), 46..51);
        assert_eq!(
            tokens
                .iter()
                .filter(|token| token.kind == Kind::Bad)
                .count(),
            4
        );
    }
}
