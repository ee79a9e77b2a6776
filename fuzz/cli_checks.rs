//! The command's argument parsing on any arguments: shared by the `cli_args` fuzz target and
//! `tests/bad_input_cli.rs`, which include the command's `secrets-rt-cli/src/cli.rs` and
//! `values.rs` as modules `cli` and `values` of their own crate.

use std::ffi::OsString;

use clap::Parser;

use crate::cli::Cli;

/// `data` split at NUL bytes into arguments, parsed as `secrets ARGS...`: a result or a
/// usage error, never a panic; a usage error renders.
pub fn cli_args(data: &[u8]) {
    let args = data.split(|&byte| byte == 0).map(os_string);
    match Cli::try_parse_from(std::iter::once(OsString::from("secrets")).chain(args)) {
        Ok(cli) => drop(cli),
        Err(error) => assert!(!error.render().to_string().is_empty()),
    }
}

/// Arguments are any bytes on Unix, as they are from a shell.
fn os_string(bytes: &[u8]) -> OsString {
    #[cfg(unix)]
    {
        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes).to_os_string()
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(bytes).into_owned().into()
    }
}
