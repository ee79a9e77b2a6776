//! `token-hex`, `token-urlsafe`, `token-bytes` and `url`: the library's tokens, printed.

use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use secrets_rt::SystemRandom;
use zeroize::Zeroizing;

use crate::cli::{Format, Token, TokenBytes};
use crate::commands::print_values;
use crate::error::Failure;
use crate::output::Entropy;

/// `secrets token-hex [N] [-n COUNT] [--json]`.
pub fn hex(token: &Token) -> Result<(), Failure> {
    print_values(&token.format, token_entropy(token.nbytes), || {
        Ok(Zeroizing::new(secrets_rt::token_hex(token.nbytes)))
    })
}

/// `secrets token-urlsafe [N] [-n COUNT] [--json]`.
pub fn urlsafe(token: &Token) -> Result<(), Failure> {
    print_values(&token.format, token_entropy(token.nbytes), || {
        Ok(Zeroizing::new(secrets_rt::token_urlsafe(token.nbytes)))
    })
}

/// `secrets url BASE [-n COUNT] [--json]`: Python's password-reset recipe,
/// `BASE + token_urlsafe()`.
pub fn url(base: &str, format: &Format) -> Result<(), Failure> {
    print_values(format, token_entropy(None), || {
        let token = Zeroizing::new(secrets_rt::token_urlsafe(None));
        let mut url = Zeroizing::new(String::with_capacity(base.len() + token.len()));
        url.push_str(base);
        url.push_str(&token);
        Ok(url)
    })
}

/// The entropy of a token of `nbytes` random bytes (by default 32): eight bits a byte.
fn token_entropy(nbytes: Option<usize>) -> Entropy {
    Entropy {
        bits: 8.0 * nbytes.unwrap_or(secrets_rt::DEFAULT_ENTROPY) as f64,
        exact: true,
    }
}

/// The most bytes `token-bytes` holds at once: one OS call for randomness, then one write.
const CHUNK: usize = 1 << 20;

/// `secrets token-bytes [N] [--out FILE [--force | --stream]]`: raw bytes, streamed in chunks of at most
/// [`CHUNK`] bytes, never to a terminal (where they would be unreadable and could send control
/// sequences to it).
pub fn bytes(args: &TokenBytes) -> Result<(), Failure> {
    let nbytes = args.nbytes.unwrap_or(secrets_rt::DEFAULT_ENTROPY as u64);
    let Some(path) = args.out.as_deref() else {
        if std::io::stdout().is_terminal() {
            return Err(Failure::Input(
                "refusing to write raw bytes to a terminal; redirect the output, give --out FILE, \
                 or use token-hex"
                    .to_owned(),
            ));
        }
        let mut stdout = raw_stdout().map_err(|error| Failure::stdout(&error))?;
        return stream(
            nbytes,
            &mut stdout,
            |error, written| match Failure::stdout(&error) {
                Failure::System(message) => {
                    Failure::System(format!("{message}; {written} of {nbytes} bytes written"))
                }
                closed => closed,
            },
        );
    };
    let target = open_output(path, args.force, args.stream)?;
    let write_all = |file: &mut File, shown: &Path| {
        stream(nbytes, file, |error, written| {
            Failure::System(format!(
                "cannot write `{}`: {error}; {written} of {nbytes} bytes written",
                shown.display()
            ))
        })
    };
    let sync = |file: &File, shown: &Path| {
        file.sync_all().map_err(|error| {
            Failure::System(format!("cannot write `{}`: {error}", shown.display()))
        })
    };
    match target {
        // A device or a FIFO: written in place, and not synced (a device such as /dev/null
        // refuses `fsync`, which is no failure of the write).
        Destination::Stream(mut file) => write_all(&mut file, path),
        Destination::New(mut file) => {
            let result = write_all(&mut file, path).and_then(|()| sync(&file, path));
            drop(file);
            // A partial key file must not pass for a whole one.
            result.map_err(|failure| remove_partial(path, failure))
        }
        Destination::Replacement(mut file, temporary) => {
            let result = write_all(&mut file, path)
                .and_then(|()| sync(&file, path))
                .and_then(|()| {
                    std::fs::rename(&temporary, path).map_err(|error| {
                        Failure::System(format!("cannot replace `{}`: {error}", path.display()))
                    })
                });
            drop(file);
            // The old file is left as it was; the new bytes are removed with their file.
            result.map_err(|failure| remove_partial(&temporary, failure))
        }
    }
}

/// `failure`, after removing the partial file at `path`, and saying whether it was removed.
fn remove_partial(path: &Path, failure: Failure) -> Failure {
    let Failure::System(message) = failure else {
        // A closed pipe cannot happen on a file; any other failure is passed on as it is.
        return failure;
    };
    let removed = match std::fs::remove_file(path) {
        Ok(()) => "the partial file was removed".to_owned(),
        Err(error) => format!("the partial file could not be removed: {error}"),
    };
    Failure::System(format!("{message}; {removed}"))
}

/// Standard output as a file of its own. Its `Stdout` writer is line-buffered, which would cut
/// a chunk of random bytes into several writes at its newline bytes; this writes each chunk
/// to the same descriptor (a duplicate of it) at once.
fn raw_stdout() -> io::Result<File> {
    #[cfg(unix)]
    let owned = std::os::fd::AsFd::as_fd(&io::stdout()).try_clone_to_owned()?;
    #[cfg(windows)]
    let owned = std::os::windows::io::AsHandle::as_handle(&io::stdout()).try_clone_to_owned()?;
    Ok(File::from(owned))
}

/// Writes `nbytes` random bytes to `out`, a chunk at a time: each chunk is one OS call for the
/// randomness and one write (more only if the system takes part of it), in a buffer wiped at the
/// end. A failed write becomes `write_failure(error, bytes written before it)`; a failed random
/// source stops before anything of that chunk is written, and says how much was.
fn stream(
    nbytes: u64,
    out: &mut File,
    write_failure: impl Fn(io::Error, u64) -> Failure,
) -> Result<(), Failure> {
    let chunk_len = usize::try_from(nbytes).map_or(CHUNK, |n| n.min(CHUNK));
    let mut chunk = Zeroizing::new(vec![0u8; chunk_len]);
    let mut written = 0u64;
    while written < nbytes {
        let len = usize::try_from(nbytes - written).map_or(chunk_len, |left| left.min(chunk_len));
        let chunk = &mut chunk[..len];
        SystemRandom.try_fill_bytes(chunk).map_err(|error| {
            Failure::System(format!(
                "{}; {written} of {nbytes} bytes written",
                Failure::random(&error)
            ))
        })?;
        // `write_all`, counting what went out: a failure says exactly how much was written.
        let mut rest: &[u8] = chunk;
        while !rest.is_empty() {
            match out.write(rest) {
                Ok(0) => return Err(write_failure(io::ErrorKind::WriteZero.into(), written)),
                Ok(n) => {
                    rest = &rest[n..];
                    written += n as u64;
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(write_failure(error, written)),
            }
        }
    }
    Ok(())
}

/// Where `token-bytes --out` writes.
enum Destination {
    /// A file it created at the path.
    New(File),
    /// A new file beside an existing one (`--force`), renamed over it once written: a reader
    /// that opened the old file keeps reading the old bytes.
    Replacement(File, PathBuf),
    /// A device or a FIFO named with `--stream`, written in place.
    Stream(File),
}

/// Opens `path` for a secret: never through a symbolic link, never waiting (a FIFO with no
/// reader would block an ordinary open forever), new files created with mode `0600` and
/// `O_EXCL`. A path that does not exist is created; an existing regular file is replaced with
/// `force` (by a new file beside it) and refused without; a device or a FIFO is written in
/// place with `stream` and refused without; anything else (a directory, a socket) is refused.
fn open_output(path: &Path, force: bool, stream: bool) -> Result<Destination, Failure> {
    let shown = path.display();
    let symlink = || {
        Failure::Input(format!(
            "`{shown}` is a symbolic link, which --out never follows; give the path of a file"
        ))
    };
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return create_new(path)
                .map(Destination::New)
                .map_err(|error| match error.kind() {
                    // Made in the meantime: refused as if it had been there.
                    io::ErrorKind::AlreadyExists if is_symlink(path) => symlink(),
                    io::ErrorKind::AlreadyExists => Failure::Input(format!(
                        "`{shown}` already exists; give --force to replace it, or choose a new \
                         file"
                    )),
                    _ => Failure::Input(format!("cannot create `{shown}`: {error}")),
                });
        }
        Err(error) => return Err(Failure::Input(format!("cannot open `{shown}`: {error}"))),
    };
    let kind = metadata.file_type();
    if kind.is_symlink() {
        Err(symlink())
    } else if kind.is_file() {
        if !force {
            return Err(Failure::Input(format!(
                "`{shown}` already exists; give --force to replace it, or choose a new file"
            )));
        }
        let (file, temporary) = create_beside(path)
            .map_err(|error| Failure::Input(format!("cannot replace `{shown}`: {error}")))?;
        Ok(Destination::Replacement(file, temporary))
    } else if kind.is_dir() {
        Err(Failure::Input(format!(
            "`{shown}` is a directory; give the path of a file"
        )))
    } else if is_stream(kind) {
        if !stream {
            return Err(Failure::Input(format!(
                "`{shown}` is a device or a FIFO, not a regular file; give --stream to write to \
                 it as a stream"
            )));
        }
        open_stream(path).map(Destination::Stream)
    } else {
        Err(Failure::Input(format!(
            "`{shown}` is not a regular file, a device or a FIFO; give the path of a file"
        )))
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_symlink())
}

/// Whether a file of this type is written as a stream: a character or block device, or a FIFO.
fn is_stream(kind: std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        kind.is_char_device() || kind.is_block_device() || kind.is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = kind;
        false
    }
}

/// `OpenOptions` for a new secret file: `O_CREAT | O_EXCL` (which fails on anything that
/// exists, a symbolic link included), mode `0600`, `O_NOFOLLOW`.
fn new_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options
}

fn create_new(path: &Path) -> io::Result<File> {
    new_file_options().open(path)
}

/// A new file in the directory of `path`, named after it (`.NAME.XXXXXXXXXXXXXXXX.tmp`, with 64
/// random bits, so that no other file is taken for it), for a rename over `path`.
fn create_beside(path: &Path) -> io::Result<(File, PathBuf)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut temporary_name = std::ffi::OsString::from(".");
    temporary_name.push(name);
    temporary_name.push(format!(".{}.tmp", secrets_rt::token_hex(Some(8))));
    let temporary = path.with_file_name(temporary_name);
    let file = new_file_options().open(&temporary)?;
    Ok((file, temporary))
}

/// Opens a device or a FIFO for writing without waiting: `O_NONBLOCK` makes a FIFO with no
/// reader fail at once (`ENXIO`) where a plain open would wait for one forever. The file is
/// checked once open (it may have been replaced since it was looked at), then set back to
/// blocking writes, so that a slow reader slows the command instead of failing it.
fn open_stream(path: &Path) -> Result<File, Failure> {
    let shown = path.display();
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|error| {
        #[cfg(unix)]
        if error.raw_os_error() == Some(libc::ENXIO) {
            return Failure::Input(format!(
                "`{shown}` is a FIFO with no reader (or a device with nothing behind it); start \
                 the reader first"
            ));
        }
        if is_symlink(path) {
            return Failure::Input(format!(
                "`{shown}` is a symbolic link, which --out never follows; give the path of a file"
            ));
        }
        Failure::Input(format!("cannot open `{shown}`: {error}"))
    })?;
    let kind = file
        .metadata()
        .map_err(|error| Failure::System(format!("cannot open `{shown}`: {error}")))?
        .file_type();
    if !is_stream(kind) {
        return Err(Failure::Input(format!(
            "`{shown}` changed while it was opened and is no device or FIFO now; try again"
        )));
    }
    #[cfg(unix)]
    {
        use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
        fcntl_getfl(&file)
            .and_then(|flags| fcntl_setfl(&file, flags - OFlags::NONBLOCK))
            .map_err(|error| Failure::System(format!("cannot open `{shown}`: {error}")))?;
    }
    Ok(file)
}
