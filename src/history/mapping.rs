//! How a history's columns and cells are read: columns named by hand (`--column
//! time=posted` or a mapping file), the others guessed from the header; how timestamps
//! are written; which cells mean "closed private"; the fitted scenario's name.
//!
//! A mapping file is TOML:
//!
//! ```toml
//! name = "acme-care"             # the fitted scenario's name
//! timezone = "+01:00"            # UTC offset of timestamps written without one
//! format = "%d/%m/%Y %H:%M"      # how timestamps are written (default RFC 3339)
//! private_true = ["yes", "dm"]   # cells meaning closed private (others: not)
//!
//! [columns]
//! arrival = "Created At"         # `arrival` or `time`
//! first_reply = "First Response"
//! ```
//!
//! The older form, `field = "COLUMN"` lines without a `[columns]` table, is TOML too and
//! reads the same.

use super::HistoryError;
use super::format::{StampFormat, parse_offset};
use super::reader::Field;

/// The keys of a mapping file's top level.
pub const KEYS: [&str; 5] = ["columns", "name", "timezone", "format", "private_true"];

/// How a history is read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    chosen: Vec<(Field, String)>,
    /// The fitted scenario's name, where the mapping file gives one.
    pub name: Option<String>,
    /// How timestamps are written.
    pub stamps: StampFormat,
    /// Cells of the private column that mean "closed private" (compared ignoring case);
    /// `None`: true/false, 1/0, yes/no.
    pub private_true: Option<Vec<String>>,
}

fn field_names() -> String {
    Field::ALL.map(Field::name).join(", ")
}

impl Mapping {
    /// The column chosen by hand for `field`, if any.
    pub fn column(&self, field: Field) -> Option<&str> {
        self.chosen
            .iter()
            .find(|(g, _)| *g == field)
            .map(|(_, c)| c.as_str())
    }

    fn choose(&mut self, f: Field, column: String) {
        self.chosen.retain(|(g, _)| *g != f);
        self.chosen.push((f, column));
    }

    /// Adds `field=COLUMN` (a `--column` value); `source_name` names it in errors.
    pub fn add(&mut self, spec: &str, source_name: &str) -> Result<(), HistoryError> {
        let bad = |message: String| HistoryError::Mapping {
            source_name: source_name.into(),
            message,
        };
        let Some((field, column)) = spec.split_once('=') else {
            return Err(bad(format!(
                "{spec:?} is not FIELD=COLUMN (fields: {})",
                field_names()
            )));
        };
        let field = field.trim();
        let f = Field::of_name(field).ok_or_else(|| {
            bad(format!(
                "unknown field {field:?}; fields: {} (`arrival` is `time`)",
                field_names()
            ))
        })?;
        self.choose(f, column.trim().trim_matches('"').to_string());
        Ok(())
    }

    /// Reads a mapping file (TOML, see the module docs); `source_name` names it in errors,
    /// which name the key, its value and what is allowed.
    pub fn add_file(&mut self, text: &str, source_name: &str) -> Result<(), HistoryError> {
        let bad = |message: String| HistoryError::Mapping {
            source_name: source_name.into(),
            message,
        };
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| bad(format!("not valid TOML: {}", e.message())))?;
        let string = |key: &str, v: &toml::Value| -> Result<String, HistoryError> {
            v.as_str().map(str::to_string).ok_or_else(|| {
                bad(format!(
                    "`{key}` must be a string, not {} ({v})",
                    v.type_str()
                ))
            })
        };
        let mut format = None;
        let mut timezone = None;
        for (key, v) in &table {
            match key.as_str() {
                "columns" => {
                    let cols = v.as_table().ok_or_else(|| {
                        bad(format!(
                            "`columns` must be a table of field = \"COLUMN\" (fields: {}), not {}",
                            field_names(),
                            v.type_str()
                        ))
                    })?;
                    for (field, c) in cols {
                        let f = Field::of_name(field).ok_or_else(|| {
                            bad(format!(
                                "unknown key `columns.{field}`; fields: {} (`arrival` is `time`)",
                                field_names()
                            ))
                        })?;
                        self.choose(f, string(&format!("columns.{field}"), c)?);
                    }
                }
                "name" => self.name = Some(string(key, v)?),
                "format" => format = Some(string(key, v)?),
                "timezone" => {
                    let t = string(key, v)?;
                    timezone = Some(parse_offset(&t).ok_or_else(|| {
                        bad(format!(
                            "`timezone` = {t:?} is not a fixed UTC offset; allowed: +01:00, -0500, +02, Z or UTC (named zones such as Europe/Berlin are not supported: give the offset, or export timestamps with theirs)"
                        ))
                    })?);
                }
                "private_true" => {
                    let list = v.as_array().ok_or_else(|| {
                        bad(format!(
                            "`private_true` must be a list of strings, e.g. [\"yes\", \"dm\"], not {}",
                            v.type_str()
                        ))
                    })?;
                    let values = list
                        .iter()
                        .map(|x| string("private_true", x).map(|s| s.trim().to_lowercase()))
                        .collect::<Result<Vec<_>, _>>()?;
                    if values.is_empty() {
                        return Err(bad(
                            "`private_true` is empty: list the cells that mean closed private"
                                .into(),
                        ));
                    }
                    self.private_true = Some(values);
                }
                other => match Field::of_name(other) {
                    // The older form: `field = "COLUMN"` at the top level.
                    Some(f) => self.choose(f, string(other, v)?),
                    None => {
                        return Err(bad(format!(
                            "unknown key `{other}`; allowed: {} and, in [columns] (or at the top level), the fields {}",
                            KEYS.join(", "),
                            field_names()
                        )));
                    }
                },
            }
        }
        if format.is_some() || timezone.is_some() {
            self.stamps = StampFormat::new(format.as_deref(), timezone)
                .map_err(|m| bad(format!("`format` = {:?}: {m}", format.unwrap_or_default())))?;
        }
        Ok(())
    }

    /// Reads a private-flag cell: `Some(true)` for closed private.
    pub fn private(&self, cell: &str) -> Option<bool> {
        let v = cell.to_ascii_lowercase();
        match &self.private_true {
            Some(yes) => Some(yes.contains(&v)),
            None => match v.as_str() {
                "true" | "1" | "yes" | "y" => Some(true),
                "false" | "0" | "no" | "n" => Some(false),
                _ => None,
            },
        }
    }

    /// What a private-flag cell may be, for error messages.
    pub fn private_allowed(&self) -> String {
        match &self.private_true {
            Some(yes) => format!("one of {yes:?} (closed private) or anything else"),
            None => "true/false, 1/0 or yes/no".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        match Mapping::default().add_file(text, "map.toml") {
            Ok(()) => panic!("read a bad mapping: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_toml_form_and_the_older_one_read_the_same_columns() {
        let mut new = Mapping::default();
        new.add_file(
            "name = \"acme\"\ntimezone = \"+01:00\"\nformat = \"%d/%m/%Y %H:%M\"\nprivate_true = [\"DM\"]\n[columns]\narrival = \"Created At\"\nfirst_reply = \"First\"\n",
            "map.toml",
        )
        .expect("valid mapping");
        assert_eq!(new.column(Field::Time), Some("Created At"));
        assert_eq!(new.column(Field::FirstReply), Some("First"));
        assert_eq!(new.name.as_deref(), Some("acme"));
        assert_eq!(new.private("dm"), Some(true));
        assert_eq!(new.private("public"), Some(false));
        assert!(new.stamps.parse("05/01/2026 10:15").is_some());
        let mut old = Mapping::default();
        old.add_file("# mine\ntime = \"Created At\"\n", "map.toml")
            .expect("older form");
        assert_eq!(old.column(Field::Time), Some("Created At"));
        assert_eq!(old.private("yes"), Some(true));
        assert_eq!(old.private("perhaps"), None);
    }

    #[test]
    fn errors_name_the_key_its_value_and_what_is_allowed() {
        let e = error_of("colour = \"x\"\n");
        assert!(
            e.contains("map.toml") && e.contains("unknown key `colour`") && e.contains("timezone"),
            "{e}"
        );
        let e = error_of("[columns]\ncolour = \"x\"\n");
        assert!(
            e.contains("`columns.colour`") && e.contains("first_reply"),
            "{e}"
        );
        let e = error_of("[columns]\ntime = 3\n");
        assert!(
            e.contains("`columns.time` must be a string") && e.contains("integer"),
            "{e}"
        );
        let e = error_of("timezone = \"Europe/Berlin\"\n");
        assert!(e.contains("`timezone`") && e.contains("+01:00"), "{e}");
        let e = error_of("format = \"%Y-%m-%d %Q\"\n");
        assert!(e.contains("`format`") && e.contains("%Q"), "{e}");
        let e = error_of("private_true = \"yes\"\n");
        assert!(e.contains("`private_true` must be a list"), "{e}");
        let e = error_of("time = \n");
        assert!(e.contains("not valid TOML"), "{e}");
    }
}
