//! Runs the `os-failure/` test crate: the library and the `secrets` command rebuilt over an OS
//! random source that fails on demand (getrandom's `custom` backend), to show that every
//! fallible function returns the error, every infallible one panics with its name, nothing
//! returns the bytes of a failed call as random, and the command exits 1 with one line.
//!
//! The backend is chosen by `RUSTFLAGS='--cfg getrandom_backend="custom"'`, which this test sets
//! for a nested `cargo test` of that crate only, in its own target directory
//! (`target/os-failure`): the cfg never reaches the normal build. The first run builds that
//! crate's dependencies once (about a minute on two cores); later runs take seconds.

use std::path::Path;
use std::process::Command;

#[test]
fn the_library_and_the_command_fail_cleanly_when_the_os_source_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "--manifest-path",
            "os-failure/Cargo.toml",
            "--target-dir",
        ])
        .arg(root.join("target").join("os-failure"))
        .env("RUSTFLAGS", r#"--cfg getrandom_backend="custom""#)
        // Build profile settings of the outer run are not meant for this crate.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        // A first build in a fresh clone (CI) takes a sixth less CPU without debug info.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Shown with `--nocapture`, and on failure.
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "the os-failure crate failed (rerun: RUSTFLAGS='--cfg getrandom_backend=\"custom\"' \
         cargo test --manifest-path os-failure/Cargo.toml --target-dir target/os-failure)"
    );
    // The nested run did run tests: the library's and the command's.
    for suite in ["tests/library.rs", "tests/wiping.rs", "tests/command.rs"] {
        assert!(stderr.contains(suite), "{suite} did not run");
    }
    assert!(!stdout.contains(" 0 passed"), "{stdout}");
}
