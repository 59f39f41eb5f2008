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
        let mut tail = String::new();
        if let Some(Cursor {
            key: SortValue::Int(at),
            id: after_id,
        }) = after
        {
            let at = self.arg(Arg::Int(at));
            let after_id = self.arg(Arg::Text(after_id.to_string()));
            tail += &format!(" AND ({created} < {at} OR ({created} = {at} AND {id} < {after_id}))");
        }
        let limit = self.arg(Arg::Int(limit + 1));
        tail + &format!(" ORDER BY {created} DESC, {id} DESC LIMIT {limit}")
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
