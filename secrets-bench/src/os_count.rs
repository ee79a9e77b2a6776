//! OS calls and bytes per operation, counted from outside: a child process (this binary with
//! `--os-count-child`) runs the operations under `strace`, which records every `getrandom`
//! system call and what it returned. The child writes a marker before and after the counted
//! operations, so that only their calls are counted: not the `getrandom` crate's first call,
//! which probes the kernel with an empty request, nor anything the process does to start.
//!
//! This sees system calls only: where the C library answers `getrandom` from the vDSO (recent C
//! libraries on recent kernels: see the README's section on the OS) no call would show, so a count of zero calls is
//! reported as unobservable rather than as zero.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use crate::rows::OsJob;

/// The marker the child writes before the counted operations.
const BEGIN: &str = "secrets-bench:os-count:begin";
/// The marker the child writes after them.
const END: &str = "secrets-bench:os-count:end";

/// `getrandom` system calls and the bytes they returned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Completed `getrandom` calls.
    pub calls: u64,
    /// Bytes they returned, all together.
    pub bytes: u64,
}

/// `strace`'s version line, when it is installed.
pub fn strace_version() -> Option<String> {
    let output = Command::new("strace").arg("-V").output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    output
        .status
        .success()
        .then(|| text.lines().next().unwrap_or("strace").to_string())
}

/// Runs `job` in a child of this binary under `strace` and counts its `getrandom` calls.
///
/// # Errors
/// What went wrong, in a line for the report: the child or `strace` failed, or the trace holds
/// no markers or no `getrandom` call at all.
pub fn count(job: &OsJob) -> Result<Counts, String> {
    let exe =
        std::env::current_exe().map_err(|error| format!("cannot find this binary: {error}"))?;
    let trace = std::env::temp_dir().join(format!(
        "secrets-bench-strace-{}-{}.txt",
        std::process::id(),
        job.spec.replace(':', "-")
    ));
    let result = run_traced(&exe, &job.spec, &trace);
    // The trace is scratch: gone whatever happened.
    let _ = std::fs::remove_file(&trace);
    let counts = result?;
    if counts.calls == 0 {
        return Err("no `getrandom` system call seen (answered from the vDSO?)".into());
    }
    Ok(counts)
}

fn run_traced(exe: &Path, spec: &str, trace: &Path) -> Result<Counts, String> {
    let output = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-s",
            "64",
            "-e",
            "trace=getrandom,write",
            "-e",
            "signal=none",
        ])
        .arg("-o")
        .arg(trace)
        .arg("--")
        .arg(exe)
        .args(["--os-count-child", spec])
        .output()
        .map_err(|error| format!("cannot run strace: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "strace or the child failed ({}): {}",
            output.status,
            stderr.lines().last().unwrap_or_default()
        ));
    }
    let text = std::fs::read_to_string(trace)
        .map_err(|error| format!("cannot read strace's output: {error}"))?;
    parse_trace(&text)
}

/// The counts between the child's two markers.
fn parse_trace(text: &str) -> Result<Counts, String> {
    let mut counts = Counts::default();
    let mut inside = false;
    for line in text.lines() {
        if line.contains(BEGIN) {
            inside = true;
        } else if line.contains(END) {
            return if inside {
                Ok(counts)
            } else {
                Err("the end marker came before the begin marker".into())
            };
        } else if inside {
            if let Some(returned) = getrandom_result(line) {
                counts.calls += 1;
                counts.bytes += u64::try_from(returned).unwrap_or(0);
            }
        }
    }
    Err("the trace lacks the child's markers".into())
}

/// What a completed `getrandom` call returned, from one line of `strace`'s output: either
/// `getrandom("\x12"..., 8, 0) = 8` or, for a call another thread interrupted,
/// `<... getrandom resumed>"\x12"..., 8, 0) = 8` (its `<unfinished ...>` half is not counted).
/// A failed call (`= -1 EINTR ...`) counts as a call that returned nothing.
fn getrandom_result(line: &str) -> Option<i64> {
    // With `-f`, each line starts with the thread id.
    let call = line
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    let call = call.trim_start();
    let is_call = call.starts_with("getrandom(") || call.starts_with("<... getrandom resumed>");
    if !is_call || call.trim_end().ends_with("<unfinished ...>") {
        return None;
    }
    // strace pads the result with spaces: `getrandom(0x1, 0, 0)     = 0`.
    let (arguments, result) = call.rsplit_once(" = ")?;
    if !arguments.trim_end().ends_with(')') {
        return None;
    }
    result.split_whitespace().next()?.parse().ok()
}

/// The child's side: writes the markers around the counted operations, each in one `write`
/// system call on standard error (unbuffered), which the parent has captured.
pub fn child(spec: &str) {
    crate::workloads::run_counted(spec, || marker(BEGIN), || marker(END));
}

fn marker(text: &str) {
    std::io::stderr()
        .write_all(format!("{text}\n").as_bytes())
        .expect("cannot write the marker");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An excerpt of a real trace (`strace -f -qq -s 64 -e trace=getrandom,write`), with a call
    /// interrupted in two halves and a failed call added.
    const TRACE: &str = r#"4101  getrandom(0x1, 0, 0)               = 0
4101  getrandom("\x5d\x4b\x38\x6f\x81\x13\x04\x1b", 8, 0) = 8
4101  write(2, "secrets-bench:os-count:begin\n", 29) = 29
4101  getrandom("\x10\x6b\x9f\x3c\x0c\x2e\x61\xe4", 8, 0) = 8
4101  getrandom( <unfinished ...>
4102  write(1, "x", 1)                  = 1
4101  <... getrandom resumed>"\x00\x01\x02\x03\x04\x05\x06\x07"..., 16, 0) = 16
4101  getrandom(0x7ffd, 8, 0)           = -1 EINTR (Interrupted system call)
4101  getrandom("\x11\x22\x33\x44\x55\x66\x77\x88", 8, 0) = 8
4101  write(2, "secrets-bench:os-count:end\n", 27) = 27
4101  getrandom("\x99\x98\x97\x96\x95\x94\x93\x92", 8, 0) = 8
"#;

    #[test]
    fn only_the_calls_between_the_markers_count() {
        assert_eq!(
            parse_trace(TRACE),
            Ok(Counts {
                calls: 4,
                bytes: 32
            })
        );
    }

    #[test]
    fn a_trace_without_both_markers_is_an_error() {
        let without_end = TRACE.replace(END, "something else");
        assert!(parse_trace(&without_end).is_err());
        let without_begin = TRACE.replace(BEGIN, "something else");
        assert!(parse_trace(&without_begin).is_err());
    }

    #[test]
    fn a_line_gives_what_the_call_returned() {
        assert_eq!(
            getrandom_result(r#"getrandom("\x01"..., 64, 0) = 64"#),
            Some(64)
        );
        assert_eq!(getrandom_result("12 getrandom( <unfinished ...>"), None);
        // Another call that writes the name is not a `getrandom` call.
        assert_eq!(
            getrandom_result(r#"4101 write(2, "getrandom(", 10) = 10"#),
            None
        );
        assert_eq!(getrandom_result(r#"write(2, "abc", 3) = 3"#), None);
    }
}
