//! What can go wrong with a sweep or a merge, and the shards a sweep is split into.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::scenario::ScenarioError;
use crate::scenario::error::cut_long;

/// Everything that can go wrong with a sweep or a merge. All but [`SweepError::Write`] are
/// problems of the input (exit code 2 at the command line); see [`crate::Blame`].
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A file could not be read.
    #[error("cannot read `{path}`: {error}")]
    Read {
        /// The path.
        path: String,
        /// The underlying error.
        error: std::io::Error,
    },
    /// The sweep file is not valid TOML.
    #[error("sweep `{file}` is not valid TOML: {}", cut_long(.message))]
    Syntax {
        /// File name.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// The file is another kind of carecast file (a scenario, say): what it is and the
    /// command that reads it.
    #[error("`{file}` {message}")]
    WrongKind {
        /// The file as given.
        file: String,
        /// What it is and what to run instead.
        message: String,
    },
    /// A key of the sweep file is unknown, missing or of the wrong type.
    #[error("sweep field `{}`: {}", cut_long(.path), cut_long(.message))]
    Field {
        /// Dotted path of the field, e.g. `parameters[1].values`.
        path: String,
        /// What is wrong, with the nearest valid name where one is close.
        message: String,
    },
    /// A value of the sweep file is out of its allowed range.
    #[error(
        "sweep field `{}` = {}: {}",
        cut_long(.path),
        cut_long(.value),
        cut_long(.allowed)
    )]
    Invalid {
        /// Dotted path of the field.
        path: String,
        /// The offending value as written.
        value: String,
        /// What is allowed instead.
        allowed: String,
    },
    /// The base scenario (with the sweep's `set`) is invalid.
    #[error("base scenario `{base}`: {error}")]
    Base {
        /// The base as given.
        base: String,
        /// The scenario's own message.
        error: ScenarioError,
    },
    /// One point of the design is not a valid scenario.
    #[error("sweep point {index} ({values}): {error}")]
    Point {
        /// Point index.
        index: usize,
        /// Its parameter values, `name = value, ...`.
        values: String,
        /// The scenario's own message, naming the field.
        error: ScenarioError,
    },
    /// A `--shard K/N` that does not exist.
    #[error("--shard {value}: {message}")]
    Shard {
        /// As given.
        value: String,
        /// What is allowed.
        message: String,
    },
    /// The output folder holds something else (another sweep, another shard, other files).
    #[error("`{dir}` {message}")]
    Folder {
        /// The folder.
        dir: String,
        /// What it holds and what to do.
        message: String,
    },
    /// Another process holds the output folder's lock: another sweep (or a merge) is
    /// writing into it.
    #[error("{}", locked_message(.dir, .holder, *.waited_s))]
    Locked {
        /// The folder.
        dir: String,
        /// The holder as far as its lock file tells, e.g. `pid 4242`.
        holder: String,
        /// How long this process waited for the lock, in seconds (0: it did not wait).
        waited_s: u64,
    },
    /// Shard folders that cannot be merged.
    #[error("cannot merge: {message}")]
    Merge {
        /// What is wrong (missing, duplicated or foreign shards, unfinished points).
        message: String,
    },
    /// A file could not be written (exit code 1).
    #[error("cannot write `{path}`")]
    Write {
        /// The path.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl crate::Blame for SweepError {
    /// Everything but a failure to write is a problem of the input.
    fn is_input(&self) -> bool {
        !matches!(self, SweepError::Write { .. })
    }
}

/// The message of [`SweepError::Locked`].
fn locked_message(dir: &str, holder: &str, waited_s: u64) -> String {
    let waited = match waited_s {
        0 => String::new(),
        s => format!(" (still, after waiting {s} s)"),
    };
    format!(
        "another sweep ({holder}) is writing into `{dir}`{waited}; wait for it or choose another --out"
    )
}

/// One shard of a sweep: the points whose `index % count == index_of_shard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// `K`, 0-based.
    pub index: usize,
    /// `N`, the number of shards.
    pub count: usize,
}

impl Shard {
    /// Shard `index` of `count` (`index < count`).
    pub fn new(index: usize, count: usize) -> Result<Self, SweepError> {
        if count == 0 || index >= count {
            return Err(SweepError::Shard {
                value: format!("{index}/{count}"),
                message: "K/N with 0 <= K < N, e.g. 0/3, 1/3 and 2/3 for three machines".into(),
            });
        }
        Ok(Shard { index, count })
    }

    /// Whether point `point` belongs to this shard.
    pub fn owns(&self, point: usize) -> bool {
        point.checked_rem(self.count) == Some(self.index)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let parsed = s
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        let (k, n) = parsed.ok_or_else(|| {
            format!("`{s}` is not K/N; write e.g. 0/3 for the first of three shards")
        })?;
        Shard::new(k, n).map_err(|e| match e {
            SweepError::Shard { message, .. } => message,
            other => other.to_string(),
        })
    }
}
