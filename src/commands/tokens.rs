//! `token-hex`, `token-urlsafe`, `token-bytes` and `url`: the library's tokens, printed.

use std::fs::{File, OpenOptions};
use std::io::{IsTerminal, Write};
use std::path::Path;

use zeroize::Zeroizing;

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

/// `secrets url BASE`: the seed's password-reset recipe, `BASE + token_urlsafe()`.
pub fn url(base: &str) -> Result<(), Failure> {
    let token = Zeroizing::new(secrets_rt::token_urlsafe(None));
    let mut url = Zeroizing::new(String::with_capacity(base.len() + token.len()));
    url.push_str(base);
    url.push_str(&token);
    print_line(&url)
}

/// `secrets token-bytes [N] [--out FILE]`: raw bytes, never to a terminal, where they would
/// be unreadable and could send control sequences to it.
pub fn bytes(nbytes: Option<usize>, out: Option<&Path>) -> Result<(), Failure> {
    let Some(path) = out else {
        if std::io::stdout().is_terminal() {
            return Err(Failure::Input(
                "refusing to write raw bytes to a terminal; redirect the output, give --out FILE, \
                 or use token-hex"
                    .to_owned(),
            ));
        }
        let token = Zeroizing::new(secrets_rt::token_bytes(nbytes));
        let mut output = Output::stdout();
        output.bytes(&token)?;
        return output.finish();
    };
    let mut file = create_private(path)
        .map_err(|error| Failure::Input(format!("cannot create `{}`: {error}", path.display())))?;
    let token = Zeroizing::new(secrets_rt::token_bytes(nbytes));
    file.write_all(&token)
        .and_then(|()| file.sync_all())
        .map_err(|error| Failure::System(format!("cannot write `{}`: {error}", path.display())))
}

/// Creates or truncates `path`; a file it creates is readable and writable by its owner only,
/// since it is about to hold a secret.
fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn print_line(text: &str) -> Result<(), Failure> {
    let mut output = Output::stdout();
    output.line(text)?;
    output.finish()
}
