//! Values of a shape serde would take silently.
//!
//! Tables written as lists: serde reads a struct from a list of its values in key order,
//! so `costs = ["EUR", 5.0]` would set a table's fields by position. A scenario refuses
//! that: the parsed file is written back and compared with what was read, and a list
//! where the file's types hold a table is an error that names the field.
//!
//! Date-times: TOML has them (`currency = 1979-05-27T07:32:00Z`, unquoted), and serde
//! reads one as text where a field is text. No scenario key takes a date-time, so one is
//! an error that names the field wherever it is.

/// The path of the first date-time value in `read` (whose own path is `path`), with its
/// text.
pub(crate) fn datetime(read: &toml::Value, path: &str) -> Option<(String, String)> {
    match read {
        toml::Value::Datetime(d) => Some((path.to_string(), d.to_string())),
        toml::Value::Table(t) => t.iter().find_map(|(key, value)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            datetime(value, &inner)
        }),
        toml::Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| datetime(v, &format!("{path}[{i}]"))),
        _ => None,
    }
}

/// The path of the first place where `read` holds a list and `parsed` (the file as its
/// types write it back) holds a table; `path` is the path of `read` itself.
pub(crate) fn list_for_table(
    read: &toml::Value,
    parsed: &toml::Value,
    path: &str,
) -> Option<String> {
    match (read, parsed) {
        (toml::Value::Array(_), toml::Value::Table(_)) => Some(path.to_string()),
        (toml::Value::Table(r), toml::Value::Table(p)) => r.iter().find_map(|(key, value)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            p.get(key).and_then(|q| list_for_table(value, q, &inner))
        }),
        (toml::Value::Array(r), toml::Value::Array(p)) if r.len() == p.len() => r
            .iter()
            .zip(p)
            .enumerate()
            .find_map(|(i, (a, b))| list_for_table(a, b, &format!("{path}[{i}]"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> toml::Value {
        toml::Value::Table(text.parse().expect("toml"))
    }

    #[test]
    fn a_list_where_a_table_belongs_is_found_at_any_depth() {
        let parsed = value(
            "[costs]\ncurrency = \"EUR\"\n[[groups]]\nname = \"day\"\n[groups.shift]\nstart = 8",
        );
        assert_eq!(
            list_for_table(&value("costs = [\"EUR\"]"), &parsed, ""),
            Some("costs".into())
        );
        assert_eq!(
            list_for_table(
                &value("[[groups]]\nname = \"day\"\nshift = [8]"),
                &parsed,
                ""
            ),
            Some("groups[0].shift".into())
        );
        assert_eq!(list_for_table(&parsed, &parsed, ""), None);
    }

    #[test]
    fn a_date_time_is_found_at_any_depth() {
        assert_eq!(
            datetime(&value("[costs]\ncurrency = 1979-05-27T07:32:00Z"), ""),
            Some(("costs.currency".into(), "1979-05-27T07:32:00Z".into()))
        );
        assert_eq!(
            datetime(
                &value("[[groups]]\nname = \"day\"\nshifts = [1, 07:32:00]"),
                ""
            ),
            Some(("groups[0].shifts[1]".into(), "07:32:00".into()))
        );
        assert_eq!(datetime(&value("currency = \"1979-05-27\""), ""), None);
    }
}
