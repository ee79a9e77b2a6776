//! `secrets token-bytes`: any size, streamed in bounded memory to a pipe or a file; a reader
//! that stops early; failed writes; and the files `--out` writes (mode `0600`, never through a
//! symbolic link, never silently replacing a file, replacing one by a rename, refusing devices
//! and FIFOs unless told they are a stream, and never waiting for a FIFO's reader).

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

mod common;
use common::{failure_line, secrets};

/// A fresh, empty directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("token-bytes")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Peak resident memory of a running process, in KiB (`VmHWM` in `/proc/PID/status`).
#[cfg(target_os = "linux")]
fn peak_rss_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .expect("a VmHWM line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn fifty_megabytes_stream_through_a_pipe_in_bounded_memory() {
    const TOTAL: usize = 50_000_000;
    let mut child = Command::new(env!("CARGO_BIN_EXE_secrets"))
        .args(["token-bytes", &TOTAL.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut counts = [0u64; 256];
    let mut buffer = vec![0u8; 1 << 16];
    let mut read = 0;
    #[cfg(target_os = "linux")]
    let mut peak_kib = 0;
    loop {
        let n = stdout.read(&mut buffer).unwrap();
        if n == 0 {
            break;
        }
        for &byte in &buffer[..n] {
            counts[usize::from(byte)] += 1;
        }
        read += n;
        // While 10 MB are still unread the command is alive, blocked on the full pipe: its
        // peak memory so far tells whether it holds the whole output.
        #[cfg(target_os = "linux")]
        if peak_kib == 0 && read >= 40_000_000 {
            peak_kib = peak_rss_kib(child.id());
        }
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
    assert_eq!(read, TOTAL, "every byte asked for, and no more");
    // Each byte value is expected 195,312 times, with a standard deviation of 442: a value
    // below 190,000 (12 standard deviations) means a stuck or zeroed stretch of output.
    for (value, &count) in counts.iter().enumerate() {
        assert!(count > 190_000, "byte {value:#04x} seen {count} times");
    }
    // The binary itself takes a few MiB; holding the 50 MB output would take 48,828 KiB.
    #[cfg(target_os = "linux")]
    assert!(
        (1..20_000).contains(&peak_kib),
        "peak memory {peak_kib} KiB while streaming 50 MB"
    );
}

#[test]
fn a_reader_that_stops_after_100_bytes_ends_the_command_with_status_0() {
    // `secrets token-bytes 18446744073709551615 | head -c 100`.
    for size in ["18446744073709551615", "100000000"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_secrets"))
            .args(["token-bytes", size])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The pipe is closed as the reader drops.
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{size}: {output:?}");
        assert!(output.stderr.is_empty(), "{size}: {output:?}");
        assert!(first.iter().any(|&byte| byte != first[0]));
    }
}

#[test]
fn head_closing_the_pipe_in_a_shell_pipeline_exits_0() {
    let script = format!(
        "'{}' token-bytes 18446744073709551615 | head -c 100 | wc -c; \
         echo \"status ${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_secrets")
    );
    let output = Command::new("bash").args(["-c", &script]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.split_whitespace().collect::<Vec<_>>(),
        ["100", "status", "0"]
    );
    assert!(
        output.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
#[cfg(target_os = "linux")]
fn a_failed_write_exits_1_with_one_line() {
    let full = fs::File::create("/dev/full").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_secrets"))
        .args(["token-bytes", "100"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(
        failure_line(&output, 1),
        "error: cannot write to standard output: No space left on device (os error 28); \
         0 of 100 bytes written"
    );

    let output = secrets(&["token-bytes", "100", "--out", "/dev/full", "--stream"]);
    assert_eq!(
        failure_line(&output, 1),
        "error: cannot write `/dev/full`: No space left on device (os error 28); \
         0 of 100 bytes written"
    );
}

#[test]
fn out_creates_a_new_file_for_its_owner_only() {
    let dir = temp_dir("new");
    let path = dir.join("key.bin");
    let output = secrets(&["token-bytes", "3000000", "--out", path.to_str().unwrap()]);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{output:?}"
    );
    assert!(output.stdout.is_empty());
    let key = fs::read(&path).unwrap();
    assert_eq!(key.len(), 3_000_000, "three chunks, the last one partial");
    assert!(key.iter().any(|&byte| byte != 0));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn out_refuses_an_existing_file_without_force() {
    let dir = temp_dir("existing");
    let path = dir.join("key.bin");
    fs::write(&path, b"keep me").unwrap();
    let output = secrets(&["token-bytes", "16", "--out", path.to_str().unwrap()]);
    assert_eq!(
        failure_line(&output, 2),
        format!(
            "error: `{}` already exists; give --force to replace it, or choose a new file",
            path.display()
        )
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        b"keep me",
        "the file is untouched"
    );
}

#[test]
#[cfg(unix)]
fn force_replaces_a_regular_file_and_makes_it_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("force");
    let path = dir.join("key.bin");
    fs::write(&path, vec![b'x'; 100]).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let output = secrets(&[
        "token-bytes",
        "16",
        "--out",
        path.to_str().unwrap(),
        "--force",
    ]);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{output:?}"
    );
    let key = fs::read(&path).unwrap();
    assert_eq!(
        key.len(),
        16,
        "truncated to the new size, not overwritten in part"
    );
    assert_ne!(key, vec![b'x'; 16]);
    let mode = fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "a replaced file is made private too");
}

#[test]
#[cfg(unix)]
fn out_never_follows_a_symbolic_link_even_with_force() {
    let dir = temp_dir("symlink");
    let target = dir.join("victim");
    fs::write(&target, b"do not touch").unwrap();
    let link = dir.join("key.bin");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let dangling = dir.join("dangling.bin");
    let missing = dir.join("would-be-created");
    std::os::unix::fs::symlink(&missing, &dangling).unwrap();
    for path in [&link, &dangling] {
        for force in [false, true] {
            let mut args = vec!["token-bytes", "16", "--out", path.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            assert_eq!(
                failure_line(&secrets(&args), 2),
                format!(
                    "error: `{}` is a symbolic link, which --out never follows; give the path \
                     of a file",
                    path.display()
                ),
                "{args:?}"
            );
        }
    }
    assert_eq!(fs::read(&target).unwrap(), b"do not touch");
    assert!(
        !missing.exists(),
        "nothing created through the dangling link"
    );
    assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[test]
fn force_without_out_is_a_usage_error() {
    let line = failure_line(&secrets(&["token-bytes", "--force"]), 2);
    assert!(line.contains("--out"), "{line}");
}

#[test]
fn counts_near_u64_max_stream_and_stop_with_the_reader() {
    // `--count 18446744073709551615 | head -1` for passwords and passphrases: accepted,
    // streamed, and ended quietly by the closed pipe (no attempt to build the whole output).
    for args in [
        ["password", "--count", "18446744073709551615"],
        ["passphrase", "--count", "18446744073709551615"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_secrets"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 4096];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        assert!(output.stderr.is_empty(), "{args:?}: {output:?}");
        assert!(first.contains(&b'\n'), "{args:?}: whole lines");
    }
}

#[test]
#[cfg(unix)]
fn force_renames_a_new_file_over_the_old_so_an_open_reader_keeps_the_old_bytes() {
    use std::os::unix::fs::MetadataExt;
    let dir = temp_dir("force-rename");
    let path = dir.join("key");
    fs::write(&path, b"the old key, still read through the old descriptor").unwrap();
    let old_inode = fs::metadata(&path).unwrap().ino();
    let mut old = fs::File::open(&path).unwrap();
    let output = secrets(&[
        "token-bytes",
        "32",
        "--out",
        path.to_str().unwrap(),
        "--force",
    ]);
    assert!(output.status.success(), "{output:?}");
    let mut through_old = Vec::new();
    old.read_to_end(&mut through_old).unwrap();
    assert_eq!(
        through_old,
        b"the old key, still read through the old descriptor"
    );
    let new = fs::read(&path).unwrap();
    assert_eq!(new.len(), 32);
    assert_ne!(fs::metadata(&path).unwrap().ino(), old_inode, "a new file");
    // Nothing is left beside it: the new file was renamed, not copied.
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["key"], "{names:?}");
}

#[test]
#[cfg(target_os = "linux")]
fn a_replacement_that_fails_midway_leaves_no_new_file() {
    // The OS random source cannot be made to fail here (os-failure/ does that), but a file
    // size limit can: the write stops partway, the old file stays, the new one is removed.
    let dir = temp_dir("force-partial");
    let path = dir.join("key");
    fs::write(&path, b"old").unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1 && trap '' XFSZ && exec \"$0\" token-bytes 100000 --out \"$1\" --force")
        .arg(env!("CARGO_BIN_EXE_secrets"))
        .arg(&path)
        .output()
        .unwrap();
    let line = failure_line(&output, 1);
    assert!(line.ends_with("; the partial file was removed"), "{line}");
    assert_eq!(fs::read(&path).unwrap(), b"old");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no new file left");
}

#[test]
#[cfg(unix)]
fn devices_are_refused_without_stream() {
    for force in [false, true] {
        let mut args = vec!["token-bytes", "16", "--out", "/dev/null"];
        if force {
            args.push("--force");
        }
        assert_eq!(
            failure_line(&secrets(&args), 2),
            "error: `/dev/null` is a device or a FIFO, not a regular file; give --stream to \
             write to it as a stream"
        );
    }
    // With --stream: written in place, and no `fsync` failure on a device.
    let output = secrets(&["token-bytes", "16", "--out", "/dev/null", "--stream"]);
    assert!(
        output.status.success() && output.stderr.is_empty(),
        "{output:?}"
    );
    let line = failure_line(&secrets(&["token-bytes", "--stream"]), 2);
    assert!(line.contains("--out"), "{line}");
}

#[test]
#[cfg(unix)]
fn a_fifo_without_a_reader_is_refused_at_once() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let path = fifo.to_str().unwrap();
    // Without --stream: refused before any open.
    assert_eq!(
        failure_line(&secrets(&["token-bytes", "--out", path, "--force"]), 2),
        format!(
            "error: `{path}` is a device or a FIFO, not a regular file; give --stream to write \
             to it as a stream"
        )
    );
    // With --stream and no reader: the open does not wait (the test would hang if it did).
    assert_eq!(
        failure_line(&secrets(&["token-bytes", "--out", path, "--stream"]), 2),
        format!(
            "error: `{path}` is a FIFO with no reader (or a device with nothing behind it); \
             start the reader first"
        )
    );
}

#[test]
#[cfg(unix)]
fn a_fifo_with_a_reader_gets_every_byte() {
    let dir = temp_dir("fifo-reader");
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // The reader opens first (a blocking open waits for the writer), so the command finds it.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            fs::File::open(&fifo)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            bytes
        })
    };
    // Until the reader is there, the command is refused at once: try again.
    let mut output = None;
    for _ in 0..1000 {
        let attempt = secrets(&[
            "token-bytes",
            "100000",
            "--out",
            fifo.to_str().unwrap(),
            "--stream",
        ]);
        if attempt.status.success() {
            output = Some(attempt);
            break;
        }
        assert_eq!(attempt.status.code(), Some(2), "{attempt:?}");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(output.is_some(), "the reader never came");
    assert_eq!(reader.join().unwrap().len(), 100_000);
}
