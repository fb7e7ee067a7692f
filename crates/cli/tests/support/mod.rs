//! Shared by the reliability tests: run the real binary as a child process
//! with a time limit, and measure its peak memory (the kernel's maximum
//! resident set size of that child, from `wait4`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_cablescope")
}

/// The repository's sample corpus.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// How a child process ended.
#[derive(Debug)]
pub struct Ran {
    /// Exit code (`None`: killed by a signal, or by the time limit).
    pub code: Option<i32>,
    /// Killed at the time limit.
    pub timed_out: bool,
    /// Wall time.
    pub seconds: f64,
    /// Peak resident memory, in MiB.
    pub peak_mib: f64,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Run `cablescope ARGS` for at most `limit`, killing it then.
pub fn run(args: &[&std::ffi::OsStr], limit: Duration) -> Ran {
    run_env(args, &[], limit)
}

/// As [`run`], with environment variables.
pub fn run_env(args: &[&std::ffi::OsStr], env: &[(&str, &str)], limit: Duration) -> Ran {
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut c = Command::new(bin());
    c.args(args)
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(err.reopen().unwrap());
    for (k, v) in env {
        c.env(k, v);
    }
    // Reaped below by wait4 (which gives its peak memory), not by `wait`.
    #[allow(clippy::zombie_processes)]
    let child = c.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        // SAFETY: waiting for our own child, with valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if start.elapsed() > limit && !timed_out {
            timed_out = true;
            // SAFETY: signalling our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ran {
        code,
        timed_out,
        seconds: start.elapsed().as_secs_f64(),
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
        stdout: std::fs::read_to_string(out.path()).unwrap_or_default(),
        stderr: std::fs::read_to_string(err.path()).unwrap_or_default(),
    }
}

/// `cablescope --data DATA export --format jsonl`, one line a document.
pub fn export(data: &Path) -> Vec<String> {
    let r = run(
        &["--data".as_ref(), data.as_os_str(), "export".as_ref()],
        Duration::from_secs(120),
    );
    assert_eq!(r.code, Some(0), "export failed: {}", r.stderr);
    let mut lines: Vec<String> = r.stdout.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// Copy a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// An archive of the samples in `data` (the ingest must succeed).
pub fn ingest_samples(data: &Path) {
    let r = run(
        &[
            "--data".as_ref(),
            data.as_os_str(),
            "ingest".as_ref(),
            samples().as_os_str(),
        ],
        Duration::from_secs(300),
    );
    assert_eq!(r.code, Some(0), "ingest of the samples: {}", r.stderr);
}
