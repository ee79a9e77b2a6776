//! Standard output for secrets: one locked, buffered writer, and a closed pipe treated as the
//! end of the job rather than a panic.

use std::io::{self, BufWriter, StdoutLock, Write};

use crate::error::Failure;

/// Locked, buffered standard output. `println!` is never used: it panics when the pipe is
/// closed, where this returns [`Failure::ClosedPipe`].
pub struct Output {
    writer: BufWriter<StdoutLock<'static>>,
}

impl Output {
    /// Locks standard output for the whole command, so that lines of a long `--count` run go
    /// out in large writes without taking the lock for each.
    pub fn stdout() -> Output {
        Output {
            writer: BufWriter::new(io::stdout().lock()),
        }
    }

    /// Writes `text` and a newline.
    pub fn line(&mut self, text: &str) -> Result<(), Failure> {
        self.writer
            .write_all(text.as_bytes())
            .and_then(|()| self.writer.write_all(b"\n"))
            .map_err(|error| Failure::stdout(&error))
    }

    /// Writes raw bytes.
    pub fn bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.writer
            .write_all(bytes)
            .map_err(|error| Failure::stdout(&error))
    }

    /// Flushes what is buffered: the last write errors show here, not in a silent drop.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.writer.flush().map_err(|error| Failure::stdout(&error))
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
    secrets_policy::syntax::visible(message)
}

/// Writes a line about the output (such as the entropy) to standard error, keeping standard
/// output for the secrets alone.
pub fn note(text: &str) -> Result<(), Failure> {
    writeln!(io::stderr(), "{text}")
        .map_err(|error| Failure::System(format!("cannot write to standard error: {error}")))
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn an_error_line_shows_what_would_not_show() {
        assert_eq!(
            one_line("a\nb\u{202e}c\u{200b}d\u{2028}e\u{feff} f\u{1b}[2J"),
            r"a\nb\u{202e}c\u{200b}d\u{2028}e\u{feff} f\u{1b}[2J"
        );
        assert_eq!(one_line("caf\u{e9} \u{20ac}"), "caf\u{e9} \u{20ac}");
    }
}
