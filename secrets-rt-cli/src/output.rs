//! Standard output for secrets: one locked writer with a buffer of our own, wiped when it is
//! dropped, and a closed pipe treated as the end of the job rather than a panic.

use std::io::{self, StdoutLock, Write};

use zeroize::Zeroizing;

use crate::error::Failure;

/// How many bytes of lines are gathered before they are written: lines of a long `--count` run
/// go out in large writes.
const CAPACITY: usize = 8 * 1024;

/// Locked, buffered standard output. `println!` is never used: it panics when the pipe is
/// closed, where this returns [`Failure::ClosedPipe`].
///
/// The lines are secrets, so the buffer is ours rather than a `BufWriter`'s: it never grows (a
/// reallocation would free a copy unwiped) and it is wiped when dropped. What is buffered is
/// written when the output is dropped, as by a `BufWriter`, so a failure part way through a
/// `--count` run still prints the lines drawn before it.
pub struct Output {
    stdout: StdoutLock<'static>,
    buffer: Zeroizing<Vec<u8>>,
}

impl Output {
    /// Locks standard output for the whole command.
    pub fn stdout() -> Output {
        Output {
            stdout: io::stdout().lock(),
            buffer: Zeroizing::new(Vec::with_capacity(CAPACITY)),
        }
    }

    /// Writes `text` and a newline.
    pub fn line(&mut self, text: &str) -> Result<(), Failure> {
        let len = text.len() + 1;
        if self.buffer.len() + len > CAPACITY {
            self.flush()?;
        }
        if len > CAPACITY {
            // A line longer than the buffer goes out as it is.
            return self
                .stdout
                .write_all(text.as_bytes())
                .and_then(|()| self.stdout.write_all(b"\n"))
                .map_err(|error| Failure::stdout(&error));
        }
        self.buffer.extend_from_slice(text.as_bytes());
        self.buffer.push(b'\n');
        Ok(())
    }

    /// Writes `bytes` as they are (a completion script, a manual page), after what is buffered.
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.flush()?;
        self.stdout
            .write_all(bytes)
            .map_err(|error| Failure::stdout(&error))
    }

    /// Writes what is buffered: the last write errors show here, not in a silent drop.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.flush()
    }

    fn flush(&mut self) -> Result<(), Failure> {
        let result = self
            .stdout
            .write_all(&self.buffer)
            .and_then(|()| self.stdout.flush());
        // The bytes stay in the buffer's memory until it is wiped when dropped; `clear` keeps
        // its capacity.
        self.buffer.clear();
        result.map_err(|error| Failure::stdout(&error))
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // After a failure, as a `BufWriter` would: nothing more can be done if this fails.
        if !self.buffer.is_empty() {
            let _ = self.flush();
        }
    }
}

impl Output {
    /// Writes one value (a secret): as it is, or with `json` as one line of JSON that gives its
    /// entropy too.
    pub fn value(&mut self, value: &str, entropy: Entropy, json: bool) -> Result<(), Failure> {
        if json {
            self.line(&json_line(value, entropy))
        } else {
            self.line(value)
        }
    }
}

/// The entropy of each value printed, in bits: exact, or an upper bound.
#[derive(Clone, Copy, Debug)]
pub struct Entropy {
    pub bits: f64,
    pub exact: bool,
}

/// `{"value":"...","entropy_bits":BITS,"entropy_exact":BOOL}`, built in one wiped string whose
/// capacity is set before anything is written, so that no reallocation frees a copy of the
/// secret unwiped (which a general serializer's growing buffer would do).
pub fn json_line(value: &str, entropy: Entropy) -> Zeroizing<String> {
    // An escaped character takes at most six bytes (`\u001f`); the rest is under 80.
    let mut line = Zeroizing::new(String::with_capacity(6 * value.len() + 80));
    line.push_str("{\"value\":");
    push_json_string(&mut line, value);
    line.push_str(",\"entropy_bits\":");
    push_json_number(&mut line, entropy.bits);
    line.push_str(",\"entropy_exact\":");
    line.push_str(if entropy.exact { "true" } else { "false" });
    line.push('}');
    line
}

/// `text` as a JSON string (RFC 8259): quotes, backslashes and control characters escaped.
pub fn push_json_string(out: &mut String, text: &str) {
    use std::fmt::Write as _;

    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Writing to a `String` cannot fail.
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finite number as JSON writes it (Rust's shortest round-trip form is valid JSON); a
/// number JSON cannot hold is `null`.
pub fn push_json_number(out: &mut String, number: f64) {
    use std::fmt::Write as _;

    if number.is_finite() {
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{number}");
    } else {
        out.push_str("null");
    }
}

/// Writes `error: MESSAGE` to standard error as one line.
pub fn error(message: &str) {
    // Nothing more can be done if standard error is closed.
    let _ = writeln!(io::stderr(), "error: {}", one_line(message));
}

/// `message` as one line that shows what it says: control characters (a line break in a policy
/// or a file name that the message quotes), format characters (a bidi override such as U+202E,
/// which would reorder the rest of the terminal line, a zero-width space) and separators other
/// than the space (U+2028, which some tools take for a line break) are written as escapes such
/// as `\n` or `\u{202e}`, so that the message can neither spill onto further lines, nor send
/// control sequences to a terminal, nor read differently from what it holds.
fn one_line(message: &str) -> String {
    secrets_policy::__private::syntax::visible(message)
}

/// Writes a line about the output (such as the entropy) to standard error, keeping standard
/// output for the secrets alone.
pub fn note(text: &str) -> Result<(), Failure> {
    writeln!(io::stderr(), "{text}")
        .map_err(|error| Failure::System(format!("cannot write to standard error: {error}")))
}

#[cfg(test)]
mod tests {
    use super::{json_line, one_line, Entropy};

    #[test]
    fn a_json_line_escapes_the_value_without_growing() {
        let value = "a\"b\\c\nd\u{1}e\u{e9}/";
        let entropy = Entropy {
            bits: 57.25,
            exact: false,
        };
        let line = json_line(value, entropy);
        assert_eq!(
            line.as_str(),
            concat!(
                r#"{"value":"a\"b\\c\nd\u0001e"#,
                "\u{e9}",
                r#"/","entropy_bits":57.25,"entropy_exact":false}"#
            )
        );
        assert_eq!(line.capacity(), 6 * value.len() + 80, "no reallocation");
        // The worst case: every character escaped to six bytes.
        let controls = "\u{1f}".repeat(100);
        let line = json_line(&controls, entropy);
        assert_eq!(line.capacity(), 6 * controls.len() + 80, "no reallocation");
    }

    #[test]
    fn an_error_line_shows_what_would_not_show() {
        assert_eq!(
            one_line("a\nb\u{202e}c\u{200b}d\u{2028}e\u{feff} f\u{1b}[2J"),
            r"a\nb\u{202e}c\u{200b}d\u{2028}e\u{feff} f\u{1b}[2J"
        );
        assert_eq!(one_line("caf\u{e9} \u{20ac}"), "caf\u{e9} \u{20ac}");
    }
}
