//! The streaming reader of a history CSV: one [`Row`] at a time, each checked.

use std::io::Read;

use super::HistoryError;
use super::mapping::Mapping;
use super::time::{self, Stamp};

/// A field a history may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Arrival timestamp (required).
    Time,
    /// Mention id (for parents).
    Id,
    /// The id of the mention this one answers or shares.
    Parent,
    /// Social channel.
    Channel,
    /// Class or tag.
    Class,
    /// Follower count of the author.
    Followers,
    /// Timestamp of the first agent reply.
    FirstReply,
    /// Number of agent replies.
    Replies,
    /// Whether the conversation was closed as private (true/false, 1/0, yes/no).
    Private,
}

impl Field {
    /// Every field, in column-guessing order.
    pub const ALL: [Field; 9] = [
        Field::Time,
        Field::Id,
        Field::Parent,
        Field::Channel,
        Field::Class,
        Field::Followers,
        Field::FirstReply,
        Field::Replies,
        Field::Private,
    ];

    /// The field's name in `--column` and mapping files.
    pub fn name(self) -> &'static str {
        match self {
            Field::Time => "time",
            Field::Id => "id",
            Field::Parent => "parent",
            Field::Channel => "channel",
            Field::Class => "class",
            Field::Followers => "followers",
            Field::FirstReply => "first_reply",
            Field::Replies => "replies",
            Field::Private => "private",
        }
    }

    /// Header names guessed for the field (compared ignoring case).
    pub fn guesses(self) -> &'static [&'static str] {
        match self {
            Field::Time => &[
                "created_at",
                "timestamp",
                "time",
                "created",
                "arrival",
                "arrived_at",
                "posted_at",
                "date",
            ],
            Field::Id => &["id", "mention_id", "post_id", "message_id"],
            Field::Parent => &["parent_id", "parent", "in_reply_to", "reply_to_id"],
            Field::Channel => &["channel", "network", "platform", "source"],
            Field::Class => &["class", "tag", "category", "type", "topic"],
            Field::Followers => &["followers", "follower_count", "followers_count"],
            Field::FirstReply => &[
                "first_response_at",
                "first_reply_at",
                "responded_at",
                "first_response",
                "first_reply",
            ],
            Field::Replies => &["replies", "agent_replies", "reply_count", "n_replies"],
            Field::Private => &["private", "closed_private", "is_private", "dm"],
        }
    }

    /// The field called `name` in `--column` and mapping files (`arrival` is `time`).
    pub fn of_name(name: &str) -> Option<Field> {
        let name = if name == "arrival" { "time" } else { name };
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// One mention of a history.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Line number in the file (1 is the header).
    pub line: u64,
    /// When it arrived.
    pub time: Stamp,
    /// Its id, where given.
    pub id: Option<String>,
    /// The id of its parent, where given and not empty.
    pub parent: Option<String>,
    /// Its channel, where given.
    pub channel: Option<String>,
    /// Its class, where given.
    pub class: Option<String>,
    /// Followers of its author, where given.
    pub followers: Option<f64>,
    /// When an agent first replied, where given and not empty.
    pub first_reply: Option<Stamp>,
    /// Agent replies, where given.
    pub replies: Option<u32>,
    /// Whether it was closed as private, where given.
    pub private: Option<bool>,
}

/// Reads a history row by row in bounded memory, checking that timestamps parse, never go
/// back in time and keep one time zone (a change of one hour, daylight saving, is allowed).
#[derive(Debug)]
pub struct HistoryReader<R: Read> {
    csv: csv::Reader<R>,
    origin: String,
    header: Vec<String>,
    cols: [Option<usize>; 9],
    record: csv::StringRecord,
    mapping: Mapping,
    previous: Option<Stamp>,
    first_offset: Option<i32>,
    rows: u64,
}

impl<R: Read> HistoryReader<R> {
    /// A reader over `input` (named `origin` in errors) with the columns of `mapping`, the
    /// others guessed from the header.
    pub fn new(input: R, origin: &str, mapping: &Mapping) -> Result<Self, HistoryError> {
        let mut csv = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let header: Vec<String> = csv
            .headers()
            .map_err(|e| csv_error(origin, 1, &e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(HistoryError::Empty {
                origin: origin.into(),
                what: "no header line (the file is empty); the first line names the columns, e.g. created_at,channel".into(),
            });
        }
        let shown = header
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let mut cols = [None; 9];
        for (i, f) in Field::ALL.into_iter().enumerate() {
            if let Some(name) = mapping.column(f) {
                cols[i] = Some(find(name).ok_or_else(|| HistoryError::MissingColumn {
                    origin: origin.into(),
                    field: f.name(),
                    looked: format!("`{name}` as mapped"),
                    header: shown.clone(),
                })?);
            } else {
                cols[i] = f.guesses().iter().find_map(|g| find(g));
            }
        }
        if cols[0].is_none() {
            return Err(HistoryError::MissingColumn {
                origin: origin.into(),
                field: "time",
                looked: Field::Time.guesses().join(", "),
                header: shown,
            });
        }
        Ok(HistoryReader {
            csv,
            origin: origin.into(),
            header,
            cols,
            record: csv::StringRecord::new(),
            mapping: mapping.clone(),
            previous: None,
            first_offset: None,
            rows: 0,
        })
    }

    /// Whether the history has `field` (found or mapped).
    pub fn has(&self, field: Field) -> bool {
        self.col(field).is_some()
    }

    /// The header name of `field`'s column, where there is one.
    pub fn column_name(&self, field: Field) -> Option<&str> {
        self.col(field).map(|c| self.header[c].as_str())
    }

    /// Rows read so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn col(&self, field: Field) -> Option<usize> {
        let i = Field::ALL.iter().position(|f| *f == field)?;
        self.cols[i]
    }

    fn cell(&self, field: Field) -> Option<&str> {
        let c = self.col(field)?;
        self.record.get(c).map(str::trim)
    }

    fn bad(&self, line: u64, field: Field, value: &str, allowed: &str) -> HistoryError {
        HistoryError::BadValue {
            origin: self.origin.clone(),
            line,
            column: self.column_name(field).unwrap_or(field.name()).into(),
            value: value.into(),
            allowed: allowed.into(),
        }
    }

    fn stamp(&self, line: u64, field: Field, text: &str) -> Result<Stamp, HistoryError> {
        self.mapping
            .stamps
            .parse(text)
            .ok_or_else(|| self.bad(line, field, text, &self.mapping.stamps.describe()))
    }

    /// The next row, `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<Row>, HistoryError> {
        let more = self
            .csv
            .read_record(&mut self.record)
            .map_err(|e| csv_error(&self.origin, self.rows + 2, &e))?;
        if !more {
            if self.rows == 0 {
                return Err(HistoryError::Empty {
                    origin: self.origin.clone(),
                    what: "no mentions: the file has a header but no rows".into(),
                });
            }
            return Ok(None);
        }
        let line = self.record.position().map_or(self.rows + 2, |p| p.line());
        self.rows += 1;
        let text = self.cell(Field::Time).unwrap_or("").to_string();
        let text = text.as_str();
        let t = self.stamp(line, Field::Time, text)?;
        let first = self.first_offset.unwrap_or(t.offset_min);
        self.first_offset = Some(first);
        if (t.offset_min - first).abs() > 60 {
            return Err(self.bad(
                line,
                Field::Time,
                text,
                &format!(
                    "in the time zone of the first row (UTC offset {first:+} minutes, or one hour from it for daylight saving): mixed time zones"
                ),
            ));
        }
        if let Some(p) = self.previous
            && t.utc_s < p.utc_s
        {
            return Err(self.bad(
                line,
                Field::Time,
                text,
                &format!(
                    "later than the row before ({}): the rows must be in arrival order (sort the file by time)",
                    time::format(&p)
                ),
            ));
        }
        self.previous = Some(t);
        let some = |s: Option<&str>| s.filter(|v| !v.is_empty()).map(str::to_string);
        let followers = match self.cell(Field::Followers).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(
                v.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .ok_or_else(|| self.bad(line, Field::Followers, v, "a count >= 0"))?,
            ),
        };
        let first_reply = match self.cell(Field::FirstReply).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(self.stamp(line, Field::FirstReply, v)?),
        };
        let replies = match self.cell(Field::Replies).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(
                v.parse::<u32>()
                    .map_err(|_| self.bad(line, Field::Replies, v, "a whole number >= 0"))?,
            ),
        };
        let private = match self.cell(Field::Private).filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(self.mapping.private(v).ok_or_else(|| {
                self.bad(line, Field::Private, v, &self.mapping.private_allowed())
            })?),
        };
        Ok(Some(Row {
            line,
            time: t,
            id: some(self.cell(Field::Id)),
            parent: some(self.cell(Field::Parent)),
            channel: some(self.cell(Field::Channel)),
            class: some(self.cell(Field::Class)),
            followers,
            first_reply,
            replies,
            private,
        }))
    }
}

fn csv_error(origin: &str, line: u64, e: &csv::Error) -> HistoryError {
    if let csv::ErrorKind::Io(io) = e.kind() {
        return HistoryError::Io {
            path: origin.into(),
            cause: std::io::Error::new(io.kind(), io.to_string()),
        };
    }
    let line = e.position().map_or(line, csv::Position::line);
    HistoryError::Csv {
        origin: origin.into(),
        line,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Result<Vec<Row>, HistoryError> {
        let mut r = HistoryReader::new(text.as_bytes(), "h.csv", &Mapping::default())?;
        let mut rows = Vec::new();
        while let Some(row) = r.next_row()? {
            rows.push(row);
        }
        Ok(rows)
    }

    fn error_of(text: &str) -> String {
        match read_all(text) {
            Ok(rows) => panic!("read {} rows of a bad file", rows.len()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn common_headers_are_guessed() {
        let rows = read_all(
            "Created_At,Network,tag,followers,first_response_at,replies,private,parent_id\n\
             2026-01-05T10:00:00+01:00,x,complaint,120,2026-01-05T10:20:00+01:00,2,no,\n\
             2026-01-05T10:05:00+01:00,facebook,question,,,1,yes,p1\n",
        )
        .expect("valid history");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].channel.as_deref(), Some("x"));
        assert_eq!(rows[0].followers, Some(120.0));
        assert_eq!(
            rows[0].first_reply.map(|s| s.utc_s - rows[0].time.utc_s),
            Some(1200.0)
        );
        assert_eq!(rows[1].private, Some(true));
        assert_eq!(rows[1].parent.as_deref(), Some("p1"));
        assert_eq!(rows[0].parent, None);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn bad_files_get_errors_naming_line_column_and_what_is_allowed() {
        let e = error_of("");
        assert!(e.contains("no header"), "{e}");
        let e = error_of("created_at,channel\n");
        assert!(e.contains("no rows"), "{e}");
        let e = error_of("when,channel\n2026-01-05T10:00:00Z,x\n");
        assert!(
            e.contains("no `time` column") && e.contains("`when`") && e.contains("--column time="),
            "{e}"
        );
        let e = error_of("created_at\n2026-01-05T10:00:00Z\nyesterday\n");
        assert!(
            e.contains("line 3") && e.contains("\"yesterday\"") && e.contains("time zone"),
            "{e}"
        );
        let e = error_of("created_at\n2026-01-05T10:00:00Z\n2026-01-05T09:00:00Z\n");
        assert!(e.contains("line 3") && e.contains("arrival order"), "{e}");
        let e = error_of("created_at\n2026-01-05T10:00:00Z\n2026-01-05T18:00:00+05:30\n");
        assert!(e.contains("mixed time zones"), "{e}");
        let e = error_of("created_at,followers\n2026-01-05T10:00:00Z,many\n");
        assert!(
            e.contains("`followers`") && e.contains("a count >= 0"),
            "{e}"
        );
        let e = error_of("created_at,x\n2026-01-05T10:00:00Z\n");
        assert!(e.contains("not valid CSV"), "{e}");
        // Daylight saving (one hour) is not a mixed zone.
        assert!(
            read_all("created_at\n2026-03-29T01:30:00+01:00\n2026-03-29T03:30:00+02:00\n").is_ok()
        );
    }

    #[test]
    fn mappings_choose_columns_and_refuse_unknown_fields() {
        let mut m = Mapping::default();
        m.add("time=when", "--column").expect("known field");
        let mut r = HistoryReader::new("when,x\n2026-01-05T10:00:00Z,1\n".as_bytes(), "h", &m)
            .expect("mapped time");
        assert!(r.next_row().expect("row").is_some());
        let e = m
            .add("colour=x", "--column")
            .map(|_| ())
            .err()
            .map(|e| e.to_string());
        assert!(
            e.is_some_and(|e| e.contains("unknown field \"colour\"") && e.contains("first_reply"))
        );
        let mut f = Mapping::default();
        f.add_file("# mine\ntime = \"when\"\n", "map.toml")
            .expect("file");
        assert_eq!(f, m);
    }
}
