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

    /// Flushes what is buffered: the last write errors show here, not in a silent drop.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.writer.flush().map_err(|error| Failure::stdout(&error))
    }
}

/// Writes `error: MESSAGE` to standard error as one line: control characters (a line break in
/// a policy or a file name that the message quotes) are written as escapes such as `\n`, so
/// that the message cannot spill onto further lines or send control sequences to a terminal.
pub fn error(message: &str) {
    let mut line = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    // Nothing more can be done if standard error is closed.
    let _ = writeln!(io::stderr(), "error: {line}");
}

/// Writes a line about the output (such as the entropy) to standard error, keeping standard
/// output for the secrets alone.
pub fn note(text: &str) -> Result<(), Failure> {
    writeln!(io::stderr(), "{text}")
        .map_err(|error| Failure::System(format!("cannot write to standard error: {error}")))
}
