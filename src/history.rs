//! Histories of mentions as CSV: the columns a history may have (guessed from common
//! header names or mapped by hand), timestamps with a time zone, and a streaming reader
//! that checks every row (ordered, one time zone) without loading the file whole. Used by
//! `carecast fit` and by trace replay (`arrivals.trace`).

pub mod format;
pub mod mapping;
pub mod reader;
pub mod time;

pub use mapping::Mapping;
pub use reader::{Field, HistoryReader, Row};

/// Why a history file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The file cannot be opened or read.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        cause: std::io::Error,
    },
    /// The CSV itself is malformed (quoting, ragged rows, bad UTF-8).
    #[error("{origin} line {line}: not valid CSV: {message}")]
    Csv {
        /// The file.
        origin: String,
        /// Line number (1 is the header).
        line: u64,
        /// The parser's words.
        message: String,
    },
    /// No header, or no data rows.
    #[error("{origin}: {what}")]
    Empty {
        /// The file.
        origin: String,
        /// What is missing.
        what: String,
    },
    /// A needed column is not in the header.
    #[error(
        "{origin}: no `{field}` column (looked for {looked}); the header has {header}; name it with `--column {field}=NAME`"
    )]
    MissingColumn {
        /// The file.
        origin: String,
        /// The field (`time`, ...).
        field: &'static str,
        /// The names tried.
        looked: String,
        /// The header's names.
        header: String,
    },
    /// A cell that cannot be read.
    #[error("{origin} line {line}, column `{column}`: {value:?} is not {allowed}")]
    BadValue {
        /// The file.
        origin: String,
        /// Line number (1 is the header).
        line: u64,
        /// The column's header name.
        column: String,
        /// The cell.
        value: String,
        /// What is allowed.
        allowed: String,
    },
    /// A mapping that names a field or column that does not exist.
    #[error("{source_name}: {message}")]
    Mapping {
        /// Where the mapping came from (`--column`, a mapping file).
        source_name: String,
        /// What is wrong and what is allowed.
        message: String,
    },
}

impl crate::Blame for HistoryError {
    /// A history that cannot be read is the input's fault (a missing or unreadable file
    /// included: the user named it).
    fn is_input(&self) -> bool {
        true
    }
}
