//! `carecast schema [scenario|sweep]`: print the JSON Schema of scenario or sweep files
//! (generated from the types that parse them), or write it to a file with `--out`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use carecast::results::write_file_atomically;
use carecast::scenario::schema;

use super::common::{CmdResult, Failure};

/// Which files a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// Scenario files (`carecast run FILE`), with or without `extends`.
    Scenario,
    /// Sweep files (`carecast sweep FILE`).
    Sweep,
}

/// Options of `carecast schema`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// The files the schema describes.
    #[arg(value_enum, default_value_t = Kind::Scenario)]
    pub(crate) kind: Kind,
    /// Write the schema to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
}

/// Runs `carecast schema`.
pub(crate) fn run(args: SchemaArgs, out: &mut dyn Write) -> CmdResult {
    let value = match args.kind {
        Kind::Scenario => schema::scenario(),
        Kind::Sweep => carecast::sweep::schema(),
    };
    let text = schema::to_text(&value);
    match &args.out {
        None => write!(out, "{text}")?,
        Some(path) => write_file_atomically(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))
            .map_err(Failure::Other)?,
    }
    Ok(())
}
