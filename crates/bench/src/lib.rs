//! Helpers shared by the workspace's benchmark programs (not shipped).
//!
//! - [`cpu_now`]: the CPU time the process has used so far, to print beside
//!   wall times (on a loaded machine wall time also counts the time other
//!   processes held the cores; CPU time does not).
//!
//! ```
//! let before = cablescope_bench::cpu_now();
//! let spent = cablescope_bench::cpu_now().saturating_sub(before);
//! assert!(spent.as_secs() < 60);
//! ```

use std::time::Duration;

/// CPU time of this process so far (user + system, from `/proc/self/stat`,
/// in 10 ms ticks; zero where that is not readable).
pub fn cpu_now() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name in parentheses; utime and stime are 14 and 15.
    let after = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0)
        + f.get(12).and_then(|x| x.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}
