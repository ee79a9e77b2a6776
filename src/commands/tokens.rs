//! `token-hex`, `token-urlsafe`, `token-bytes` and `url`: the library's tokens, printed.

use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use secrets_rt::SystemRandom;
use zeroize::Zeroizing;

use crate::cli::TokenBytes;
use crate::error::Failure;
use crate::output::Output;

/// `secrets token-hex [N]`.
pub fn hex(nbytes: Option<usize>) -> Result<(), Failure> {
    print_line(&Zeroizing::new(secrets_rt::token_hex(nbytes)))
}

/// `secrets token-urlsafe [N]`.
pub fn urlsafe(nbytes: Option<usize>) -> Result<(), Failure> {
    print_line(&Zeroizing::new(secrets_rt::token_urlsafe(nbytes)))
}

/// `secrets url BASE`: Python's password-reset recipe, `BASE + token_urlsafe()`.
pub fn url(base: &str) -> Result<(), Failure> {
    let token = Zeroizing::new(secrets_rt::token_urlsafe(None));
    let mut url = Zeroizing::new(String::with_capacity(base.len() + token.len()));
    url.push_str(base);
    url.push_str(&token);
    print_line(&url)
}

/// The most bytes `token-bytes` holds at once: one OS call for randomness, then one write.
const CHUNK: usize = 1 << 20;

/// `secrets token-bytes [N] [--out FILE [--force]]`: raw bytes, streamed in chunks of at most
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
    let (mut file, regular) = open_output(path, args.force)?;
    let result = stream(nbytes, &mut file, |error, written| {
        Failure::System(format!(
            "cannot write `{}`: {error}; {written} of {nbytes} bytes written",
            path.display()
        ))
    })
    .and_then(|()| {
        file.sync_all()
            .map_err(|error| Failure::System(format!("cannot write `{}`: {error}", path.display())))
    });
    match result {
        // A partial key file must not pass for a whole one: remove it, unless it is no
        // regular file (a device such as /dev/full).
        Err(Failure::System(message)) if regular => {
            drop(file);
            let removed = match std::fs::remove_file(path) {
                Ok(()) => "the partial file was removed".to_owned(),
                Err(error) => format!("the partial file could not be removed: {error}"),
            };
            Err(Failure::System(format!("{message}; {removed}")))
        }
        other => other,
    }
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

/// Opens `path` for a secret: created with mode `0600`; never through a symbolic link (the
/// last component is opened with `O_NOFOLLOW`); an existing file is refused unless `force`,
/// and with `force` a regular file is made `0600` before it is truncated. Also says whether it
/// is a regular file.
fn open_output(path: &Path, force: bool) -> Result<(File, bool), Failure> {
    let shown = path.display();
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        // Truncated below, once it is known to be a regular file of ours.
        options.create(true);
    } else {
        // `O_CREAT | O_EXCL`: fails on anything that exists, a symbolic link included.
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let is_symlink = || std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_symlink());
    let file = options.open(path).map_err(|error| {
        if is_symlink() {
            Failure::Input(format!(
                "`{shown}` is a symbolic link, which --out never follows; give the path of a \
                 file"
            ))
        } else if error.kind() == io::ErrorKind::AlreadyExists {
            Failure::Input(format!(
                "`{shown}` already exists; give --force to replace it, or choose a new file"
            ))
        } else {
            Failure::Input(format!("cannot create `{shown}`: {error}"))
        }
    })?;
    let replace = |file: &File| -> io::Result<bool> {
        let regular = file.metadata()?.is_file();
        if regular && force {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            }
            file.set_len(0)?;
        }
        Ok(regular)
    };
    let regular = replace(&file)
        .map_err(|error| Failure::System(format!("cannot replace `{shown}`: {error}")))?;
    Ok((file, regular))
}

fn print_line(text: &str) -> Result<(), Failure> {
    let mut output = Output::stdout();
    output.line(text)?;
    output.finish()
}
