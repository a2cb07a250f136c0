//! The CSV format of results files, through the `csv` crate: a header line, then one
//! record per row; fields quoted only where they must be (a comma, a quote or a line
//! break), lines ended by `\n`.
//!
//! Rows are read by column name, so columns added later do not break the reader; a
//! missing column, or a field that is not what its column holds, is refused naming the
//! line and the column.

use ::csv::{DeserializeErrorKind, ReaderBuilder, StringRecord, Trim, WriterBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::FormatError;

/// A row type of a CSV results file.
pub trait Row: Serialize + DeserializeOwned {
    /// The header: the serialized field names, in order.
    const HEADER: &'static [&'static str];
    /// Columns of [`Row::HEADER`] a reader does without (added after files were written
    /// without them).
    const OPTIONAL: &'static [&'static str] = &[];
}

/// A row read back, with the line it was on (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct Line<T> {
    /// The line.
    pub line: usize,
    /// The row.
    pub row: T,
}

/// The text of a CSV file of `rows` under the header of `T` (written even with no rows).
pub fn to_text<T: Row>(rows: impl IntoIterator<Item = T>) -> String {
    records_to_text(T::HEADER, |w| {
        for row in rows {
            w.serialize(row)?;
        }
        Ok(())
    })
}

/// A CSV file of `T` written row by row as the rows come (the same bytes as
/// [`to_text`] of all of them): the header at creation, each row through a buffer,
/// flushed and synced by [`RowWriter::finish`].
#[derive(Debug)]
pub struct RowWriter<T: Row> {
    w: ::csv::Writer<std::io::BufWriter<std::fs::File>>,
    rows: std::marker::PhantomData<T>,
}

impl<T: Row> RowWriter<T> {
    /// Creates `path` and writes the header.
    pub fn create(path: &std::path::Path) -> std::io::Result<Self> {
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        let mut w = WriterBuilder::new().has_headers(false).from_writer(file);
        w.write_record(T::HEADER).map_err(std::io::Error::other)?;
        Ok(RowWriter {
            w,
            rows: std::marker::PhantomData,
        })
    }

    /// Writes one row.
    pub fn write(&mut self, row: T) -> std::io::Result<()> {
        self.w.serialize(row).map_err(std::io::Error::other)
    }

    /// Flushes the rows and syncs the file to disk.
    pub fn finish(self) -> std::io::Result<()> {
        let file = self
            .w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        file.sync_all()
    }
}

/// The text of a CSV file with a header of its own (e.g. `points.csv`, whose parameter
/// columns are the sweep's): `header`, then each record.
pub(crate) fn records_text<S: AsRef<[u8]>>(header: &[S], records: &[Vec<S>]) -> String {
    records_to_text(header, |w| {
        for r in records {
            w.write_record(r)?;
        }
        Ok(())
    })
}

fn records_to_text<S: AsRef<[u8]>>(
    header: &[S],
    body: impl FnOnce(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>,
) -> String {
    let mut w = WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let bytes = w
        .write_record(header)
        .and_then(|()| body(&mut w))
        .map_err(|e| e.to_string())
        .and_then(|()| w.into_inner().map_err(|e| e.to_string()))
        .unwrap_or_else(|e| unreachable!("results rows always serialize to memory: {e}"));
    // Every field written is valid UTF-8, so is the whole.
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A CSV file read into its header and its records (with their lines), fields trimmed.
pub(crate) fn records(
    text: &str,
) -> Result<(StringRecord, Vec<(usize, StringRecord)>), FormatError> {
    let mut r = ReaderBuilder::new()
        .trim(Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = r.headers().map_err(error)?.clone();
    let mut out = Vec::new();
    for record in r.records() {
        let record = record.map_err(error)?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        out.push((line, record));
    }
    Ok((header, out))
}

/// Reads the rows of a CSV file of `T`: columns by name, each refusal naming its line.
pub fn from_text<T: Row>(text: &str) -> Result<Vec<Line<T>>, FormatError> {
    let (header, records) = records(text)?;
    for column in T::HEADER.iter().filter(|c| !T::OPTIONAL.contains(c)) {
        if !header.iter().any(|h| h == *column) {
            let expected: Vec<&str> = T::HEADER
                .iter()
                .filter(|c| !T::OPTIONAL.contains(c))
                .copied()
                .collect();
            return Err(FormatError::new(
                Some(1),
                format!(
                    "no column `{column}` in the header (expected {})",
                    expected.join(",")
                ),
            ));
        }
    }
    records
        .into_iter()
        .map(|(line, record)| {
            let row = record
                .deserialize::<T>(Some(&header))
                .map_err(|e| FormatError::new(Some(line), field_error(&header, &record, &e)))?;
            Ok(Line { line, row })
        })
        .collect()
}

/// What is wrong with a field, named by its column: "column `x`: `v` is not a number".
fn field_error(header: &StringRecord, record: &StringRecord, e: &::csv::Error) -> String {
    let ::csv::ErrorKind::Deserialize { err: e, .. } = e.kind() else {
        return e.to_string();
    };
    let Some(i) = e.field().map(|f| f as usize) else {
        return e.kind().to_string();
    };
    let column = header.get(i).unwrap_or("?");
    let value = record.get(i).unwrap_or("");
    let what = match e.kind() {
        DeserializeErrorKind::ParseInt(_) => format!("`{value}` is not a whole number"),
        DeserializeErrorKind::ParseFloat(_) => format!("`{value}` is not a number"),
        DeserializeErrorKind::ParseBool(_) => format!("`{value}` is not true or false"),
        other => other.to_string(),
    };
    format!("column `{column}`: {what}")
}

fn error(e: ::csv::Error) -> FormatError {
    let line = e.position().map(|p| p.line() as usize);
    FormatError::new(line, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Num;

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    struct R {
        name: String,
        count: u64,
        x: Num,
        flag: Option<bool>,
    }

    impl Row for R {
        const HEADER: &'static [&'static str] = &["name", "count", "x", "flag"];
    }

    #[test]
    fn rows_round_trip_with_quoting_only_where_needed() {
        let rows = [
            R {
                name: "a, \"b\"".into(),
                count: 3,
                x: Num(0.1),
                flag: Some(true),
            },
            R {
                name: "plain".into(),
                count: 0,
                x: Num(f64::NAN),
                flag: None,
            },
        ];
        let text = to_text(rows.clone());
        assert_eq!(
            text,
            "name,count,x,flag\n\"a, \"\"b\"\"\",3,0.1,true\nplain,0,,\n"
        );
        let back = from_text::<R>(&text).expect("rows");
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].row, rows[0]);
        assert_eq!((back[1].line, back[1].row.count), (3, 0));
        assert!(back[1].row.x.0.is_nan());
        assert_eq!(to_text(Vec::<R>::new()), "name,count,x,flag\n");
    }

    #[test]
    fn refusals_name_the_line_and_the_column() {
        let err = from_text::<R>("name,count,x,flag\na,1,2,\nb,lots,2,\n").expect_err("bad");
        assert_eq!(err.line, Some(3));
        assert_eq!(err.message, "column `count`: `lots` is not a whole number");
        let err = from_text::<R>("name,x\n").expect_err("no count");
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("no column `count`"), "{}", err.message);
        let err = from_text::<R>("name,count,x,flag\na,1,x1,\n").expect_err("bad x");
        assert_eq!(err.message, "column `x`: `x1` is not a number");
    }
}
