//! Which process owns a temporary folder or a lock, and whether it still runs.
//!
//! A temporary folder or a lock file records its owner: the process id, the host, and on
//! Linux the boot and the process's start time (so that a process id reused after the
//! owner died, or after a reboot, is not mistaken for the owner). Whether the owner still
//! runs is known only on Linux (`/proc`) and only for an owner on this very host; anywhere
//! else it is [`Liveness::Unknown`] and callers leave the folder alone.

use std::path::Path;

/// The process that created a temporary folder or holds a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    /// Process id.
    pub(crate) pid: u32,
    /// Host name, where known.
    pub(crate) host: Option<String>,
    /// Linux boot id, where known.
    pub(crate) boot: Option<String>,
    /// Start time of the process in clock ticks since boot (Linux), where known.
    pub(crate) start: Option<u64>,
}

/// Whether an [`Owner`] still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Liveness {
    /// It runs.
    Alive,
    /// It is gone: no such process, another process under its id, or a reboot since.
    Dead,
    /// Cannot be told (not Linux, or another host).
    Unknown,
}

impl Owner {
    /// This process.
    pub(crate) fn current() -> Owner {
        let pid = std::process::id();
        Owner {
            pid,
            host: read_trimmed(Path::new("/proc/sys/kernel/hostname")),
            boot: read_trimmed(Path::new("/proc/sys/kernel/random/boot_id")),
            start: start_time(pid),
        }
    }

    /// `key=value` lines, as written into an owner file.
    pub(crate) fn to_text(&self) -> String {
        let mut text = format!("carecast\npid={}\n", self.pid);
        if let Some(h) = &self.host {
            text.push_str(&format!("host={h}\n"));
        }
        if let Some(b) = &self.boot {
            text.push_str(&format!("boot={b}\n"));
        }
        if let Some(s) = self.start {
            text.push_str(&format!("start={s}\n"));
        }
        text
    }

    /// Reads [`Owner::to_text`] back: `None` unless it is carecast's, with a process id.
    pub(crate) fn parse(text: &str) -> Option<Owner> {
        let mut lines = text.lines();
        if lines.next() != Some("carecast") {
            return None;
        }
        let (mut pid, mut host, mut boot, mut start) = (None, None, None, None);
        for line in lines {
            match line.split_once('=') {
                Some(("pid", v)) => pid = v.parse().ok(),
                Some(("host", v)) => host = Some(v.to_string()),
                Some(("boot", v)) => boot = Some(v.to_string()),
                Some(("start", v)) => start = v.parse().ok(),
                _ => {}
            }
        }
        Some(Owner {
            pid: pid?,
            host,
            boot,
            start,
        })
    }

    /// Whether this owner still runs, as far as this host can tell.
    pub(crate) fn liveness(&self) -> Liveness {
        if !cfg!(target_os = "linux") {
            return Liveness::Unknown;
        }
        let me = Owner::current();
        match (&self.host, &me.host) {
            (Some(theirs), Some(mine)) if theirs == mine => {}
            _ => return Liveness::Unknown,
        }
        match (&self.boot, &me.boot) {
            (Some(theirs), Some(mine)) if theirs != mine => return Liveness::Dead,
            (Some(_), Some(_)) => {}
            _ => return Liveness::Unknown,
        }
        pid_liveness(self.pid, self.start)
    }

    /// "pid N", with the host when it is not this one.
    pub(crate) fn describe(&self) -> String {
        match (&self.host, Owner::current().host) {
            (Some(theirs), Some(mine)) if *theirs != mine => {
                format!("pid {} on {theirs}", self.pid)
            }
            _ => format!("pid {}", self.pid),
        }
    }
}

/// Whether process `pid` of this host and boot runs (and, with `start`, is the process
/// that started then): Linux only, else [`Liveness::Unknown`].
pub(crate) fn pid_liveness(pid: u32, start: Option<u64>) -> Liveness {
    if !cfg!(target_os = "linux") || !Path::new("/proc/self").exists() {
        return Liveness::Unknown;
    }
    if !Path::new(&format!("/proc/{pid}")).exists() {
        return Liveness::Dead;
    }
    match (start, start_time(pid)) {
        (Some(theirs), Some(now)) if theirs != now => Liveness::Dead,
        _ => Liveness::Alive,
    }
}

/// The start time of process `pid` (field 22 of `/proc/PID/stat`), on Linux.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19)?.parse().ok()
}

fn read_trimmed(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_text_reads_back_and_strangers_do_not() {
        let me = Owner::current();
        assert_eq!(Owner::parse(&me.to_text()), Some(me.clone()));
        assert_eq!(Owner::parse("pid=12\n"), None, "not carecast's");
        assert_eq!(Owner::parse("carecast\nhost=x\n"), None, "no pid");
        if cfg!(target_os = "linux") {
            assert_eq!(me.liveness(), Liveness::Alive);
            assert!(me.start.is_some());
            let reused = Owner {
                start: me.start.map(|s| s + 1),
                ..me.clone()
            };
            assert_eq!(reused.liveness(), Liveness::Dead, "pid reused");
            let rebooted = Owner {
                boot: Some("another boot".into()),
                ..me.clone()
            };
            assert_eq!(rebooted.liveness(), Liveness::Dead, "rebooted since");
            let elsewhere = Owner {
                host: Some(format!("{}-elsewhere", me.host.clone().unwrap_or_default())),
                ..me
            };
            assert_eq!(elsewhere.liveness(), Liveness::Unknown, "another host");
        }
    }
}
