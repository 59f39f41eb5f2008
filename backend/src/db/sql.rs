//! A small builder for the few queries whose shape depends on the request (listing
//! filters, sorts, `IN` lists): numbered `$n` placeholders, which both dialects accept.

use crate::pagination::{Cursor, SortValue};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{AnyConnection, Arguments};

#[derive(Clone, Debug)]
pub enum Arg {
    Int(i64),
    Float(f64),
    Text(String),
}

#[derive(Default)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
}

impl Sql {
    /// Adds a bound value and returns its placeholder.
    pub fn arg(&mut self, value: Arg) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }

    /// Placeholders for a list of ids, for `IN (…)`.
    pub fn list<T: ToString>(&mut self, values: &[T]) -> String {
        let placeholders: Vec<String> = values
            .iter()
            .map(|v| self.arg(Arg::Text(v.to_string())))
            .collect();
        if placeholders.is_empty() {
            // `IN ()` is not SQL; a list with no possible match is.
            "NULL".to_owned()
        } else {
            placeholders.join(", ")
        }
    }

    /// The end of a newest-first keyset page over the `created` and `id` columns: rows after
    /// the cursor, in order, `limit + 1` of them (the extra one says another page follows).
    pub fn newest_first<Id: std::fmt::Display>(
        &mut self,
        created: &str,
        id: &str,
        after: Option<Cursor<Id>>,
        limit: i64,
    ) -> String {
        self.keyset(created, true, id, after, limit)
    }

    /// The end of a keyset page sorted by the integer expression `key` (ties by `id`), either
    /// way: rows after the cursor, in order, `limit + 1` of them.
    pub fn keyset<Id: std::fmt::Display>(
        &mut self,
        key: &str,
        descending: bool,
        id: &str,
        after: Option<Cursor<Id>>,
        limit: i64,
    ) -> String {
        let (op, direction) = if descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let mut tail = String::new();
        if let Some(Cursor {
            key: SortValue::Int(at),
            id: after_id,
        }) = after
        {
            let at = self.arg(Arg::Int(at));
            let after_id = self.arg(Arg::Text(after_id.to_string()));
            tail += &format!(" AND ({key} {op} {at} OR ({key} = {at} AND {id} {op} {after_id}))");
        }
        let limit = self.arg(Arg::Int(limit + 1));
        tail + &format!(" ORDER BY {key} {direction}, {id} {direction} LIMIT {limit}")
    }

    /// A condition that `q` (trimmed, any case) appears in one of the text `columns`; `%` and
    /// `_` in it are matched as themselves.
    pub fn contains(&mut self, columns: &[&str], q: &str) -> String {
        let escaped = q
            .trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = self.arg(Arg::Text(format!("%{escaped}%")));
        let each: Vec<String> = columns
            .iter()
            .map(|c| format!("LOWER({c}) LIKE {pattern} ESCAPE '\\'"))
            .collect();
        format!("({})", each.join(" OR "))
    }

    pub async fn fetch_all(self, conn: &mut AnyConnection) -> Result<Vec<AnyRow>, sqlx::Error> {
        let (text, arguments) = self.into_parts()?;
        sqlx::query_with(sqlx::AssertSqlSafe(text), arguments)
            .fetch_all(conn)
            .await
    }

    pub async fn execute(self, conn: &mut AnyConnection) -> Result<u64, sqlx::Error> {
        let (text, arguments) = self.into_parts()?;
        let done = sqlx::query_with(sqlx::AssertSqlSafe(text), arguments)
            .execute(conn)
            .await?;
        Ok(done.rows_affected())
    }

    fn into_parts(self) -> Result<(String, AnyArguments), sqlx::Error> {
        let mut arguments = AnyArguments::default();
        for arg in self.args {
            let added = match arg {
                Arg::Int(v) => arguments.add(v),
                Arg::Float(v) => arguments.add(v),
                Arg::Text(v) => arguments.add(v),
            };
            added.map_err(sqlx::Error::Encode)?;
        }
        Ok((self.text, arguments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn a_search_matches_percent_and_underscore_as_themselves() {
        let mut sql = Sql::default();
        let condition = sql.contains(&["u.name", "u.email"], " 50%_Off ");
        assert_eq!(
            condition,
            r"(LOWER(u.name) LIKE $1 ESCAPE '\' OR LOWER(u.email) LIKE $1 ESCAPE '\')"
        );
        assert!(matches!(&sql.args[..], [Arg::Text(p)] if p == r"%50\%\_off%"));
    }

    #[test]
    fn a_keyset_page_continues_after_its_cursor_either_way() {
        let id = Uuid::nil();
        let mut sql = Sql::default();
        let cursor = Cursor::new(SortValue::Int(5), id);
        assert_eq!(
            sql.keyset("p.price", false, "p.id", Some(cursor), 24),
            " AND (p.price > $1 OR (p.price = $1 AND p.id > $2)) ORDER BY p.price ASC, p.id ASC LIMIT $3"
        );
        assert!(matches!(&sql.args[2], Arg::Int(25)));
        let mut sql = Sql::default();
        assert_eq!(
            sql.newest_first::<Uuid>("created_at", "id", None, 10),
            " ORDER BY created_at DESC, id DESC LIMIT $1"
        );
    }
}
