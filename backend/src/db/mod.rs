//! The database: one pool, one set of queries that SQLite and PostgreSQL both accept
//! (through sqlx's `Any` driver), and each dialect's migrations.

pub mod addresses;
pub mod audit;
pub mod cards;
pub mod cart;
pub mod chat;
pub mod checkouts;
mod checkpoint;
pub mod coupons;
pub mod events;
pub mod housekeeping;
pub mod images;
pub mod jobs;
pub mod ledger;
pub mod orders;
pub mod presence;
pub mod products;
pub mod rate_limits;
pub mod reviews;
pub mod sessions;
pub mod settings;
pub mod shops;
pub mod sitemap;
pub mod sql;
pub mod stats;
pub mod stock;
pub mod tokens;
pub mod users;
pub mod wishlist;
pub mod withdrawals;
mod write_thread;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::pool::PoolConnection;
use sqlx::{AnyPool, ConnectOptions, Connection, Executor};
use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;
use time::OffsetDateTime;

/// A pooled PostgreSQL connection last used longer ago than this is pinged before use.
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
    /// SQLite has one writer at a time: every write takes this pool's one connection, in
    /// turn, rather than queueing on SQLite's busy handler, which sleeps and polls (under
    /// load it left the lock idle while writers slept, and some waited seconds). `pool`'s
    /// SQLite connections are read-only (`query_only`), so a write that forgets this fails
    /// in the tests instead of queueing there. PostgreSQL writes through `pool`.
    writer: Option<AnyPool>,
    /// Where SQLite's hot write transactions run (`write`).
    write_thread: Option<std::sync::Arc<write_thread::WriteThread>>,
    /// SQLite's checkpoints, off the writer.
    _checkpointer: Option<std::sync::Arc<checkpoint::Checkpointer>>,
}

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Dialect::Postgres
        } else if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:");
        };
        if dialect == Dialect::Sqlite {
            create_sqlite_parent_dir(url)?;
        }
        let options = AnyConnectOptions::from_str(url)
            .context("DATABASE_URL is not a valid database URL")?
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool_options = |read_only: bool| {
            AnyPoolOptions::new()
                // A ping guards against a server that dropped the connection (a restart, a
                // firewall's idle timeout), but it is a round trip of its own, and a request
                // acquires a connection several times: only one idle for a while is pinged.
                // An SQLite file cannot drop it.
                .test_before_acquire(false)
                .before_acquire(move |conn, meta| {
                    Box::pin(async move {
                        if dialect == Dialect::Postgres && meta.idle_for > PING_IF_IDLE_FOR {
                            conn.ping().await?;
                        }
                        Ok(true)
                    })
                })
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if dialect == Dialect::Sqlite {
                            // WAL lets readers run beside the one writer; the busy timeout makes
                            // another process's writer (a second instance, the sqlite3 shell)
                            // wait instead of failing at once.
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                            conn.execute(if read_only {
                                "PRAGMA query_only = ON;"
                            } else {
                                // The checkpointer does it (`checkpoint`).
                                "PRAGMA wal_autocheckpoint = 0;"
                            })
                            .await?;
                        }
                        Ok(())
                    })
                })
        };
        let cannot_connect = || format!("cannot connect to the database at {}", redact(url));
        // The writer first: it may have to switch a new file to WAL, which a read-only
        // connection cannot, and it runs the migrations.
        let writer = match dialect {
            Dialect::Sqlite => Some(
                pool_options(false)
                    .max_connections(1)
                    .connect_with(options.clone())
                    .await
                    .with_context(cannot_connect)?,
            ),
            Dialect::Postgres => None,
        };
        let pool = pool_options(writer.is_some())
            .max_connections(max_connections)
            .connect_with(options.clone())
            .await
            .with_context(cannot_connect)?;
        migrator(dialect)
            .run(writer.as_ref().unwrap_or(&pool))
            .await
            .context("database migrations failed")?;
        let (write_thread, checkpointer) = match dialect {
            Dialect::Sqlite => (
                Some(std::sync::Arc::new(
                    write_thread::WriteThread::start()
                        .context("cannot start the database's write thread")?,
                )),
                Some(std::sync::Arc::new(
                    checkpoint::Checkpointer::start(&options)
                        .await
                        .with_context(cannot_connect)?,
                )),
            ),
            Dialect::Postgres => (None, None),
        };
        Ok(Self {
            pool,
            dialect,
            writer,
            write_thread,
            _checkpointer: checkpointer,
        })
    }
}

impl Db {
    /// A write transaction. On SQLite it waits its turn for the writer connection, then
    /// takes the write lock at once (`BEGIN IMMEDIATE`), so it never fails half-way when a
    /// read transaction tries to become a write one.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match &self.writer {
            Some(writer) => writer.begin_with("BEGIN IMMEDIATE").await,
            None => self.pool.begin().await,
        }
    }

    /// Runs `work`, a write from its start to its commit, where writes go quickest: on SQLite
    /// on the write thread (see `write_thread`; it runs to its end there even if the caller
    /// is dropped), on PostgreSQL right here, where writers run side by side.
    pub async fn write<T: Send + 'static>(
        &self,
        work: impl std::future::Future<Output = T> + Send + 'static,
    ) -> T {
        match &self.write_thread {
            Some(thread) => thread.run(work).await,
            None => work.await,
        }
    }

    /// `write` for one statement (atomic by itself, no transaction): `work` gets the writer.
    pub async fn write_one<T, Fut>(
        &self,
        work: impl FnOnce(PoolConnection<sqlx::Any>) -> Fut + Send + 'static,
    ) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        Fut: std::future::Future<Output = Result<T, sqlx::Error>> + Send + 'static,
    {
        let db = self.clone();
        self.write(async move { work(db.writer().await?).await })
            .await
    }

    /// A connection for a write outside a transaction (one statement, atomic by itself):
    /// on SQLite the writer, in its turn.
    pub async fn writer(&self) -> Result<PoolConnection<sqlx::Any>, sqlx::Error> {
        self.writer.as_ref().unwrap_or(&self.pool).acquire().await
    }
}

macro_rules! migrations {
    ($dialect:literal: $($version:literal $file:literal),* $(,)?) => {
        vec![$(Migration::new(
            $version,
            Cow::Borrowed($file),
            MigrationType::Simple,
            include_str!(concat!("../../../migrations/", $dialect, "/", $file, ".sql")).into_sql_str(),
            false,
        )),*]
    };
}

/// The migrations are compiled into the binary, so it runs from any directory.
/// (Version 6 is the orders' tables, added on their own branch.)
fn migrator(dialect: Dialect) -> Migrator {
    use sqlx::SqlSafeStr;
    let migrations = match dialect {
        Dialect::Sqlite => {
            migrations!("sqlite": 1 "0001_accounts", 2 "0002_catalog", 3 "0003_cart", 4 "0004_housekeeping", 5 "0005_chat", 6 "0006_orders", 7 "0007_jobs", 8 "0008_admin", 9 "0009_hot_stock")
        }
        Dialect::Postgres => {
            migrations!("postgres": 1 "0001_accounts", 2 "0002_catalog", 3 "0003_cart", 4 "0004_housekeeping", 5 "0005_chat", 6 "0006_orders", 7 "0007_jobs", 8 "0008_admin", 9 "0009_hot_stock")
        }
    };
    Migrator::with_migrations(migrations)
}

fn create_sqlite_parent_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).with_context(|| {
            format!("cannot create the database directory {}", parent.display())
        })?;
    }
    Ok(())
}

/// The URL without its password, for error messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}

/// Times are stored as microseconds since the Unix epoch: one integer type both dialects
/// compare and sort the same way.
pub fn micros(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000) as i64
}

pub fn from_micros(micros: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub fn now_micros() -> i64 {
    micros(OffsetDateTime::now_utc())
}

/// A new sortable id (UUIDv7), as stored: text.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// The one row `sql` finds with its `$1` bound to `id`, read by `from_row`.
async fn find_by_id<T>(
    conn: &mut sqlx::AnyConnection,
    sql: String,
    id: impl ToString,
    from_row: fn(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
) -> Result<Option<T>, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?
        .map(|row| from_row(&row))
        .transpose()
}

/// Runs a `DELETE … WHERE id = $1`.
async fn delete_by_id(
    conn: &mut sqlx::AnyConnection,
    sql: &'static str,
    id: impl ToString,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql).bind(id.to_string()).execute(conn).await?;
    Ok(())
}

/// Parses an id column; a malformed one is a database fault, not a client's.
pub fn parse_id<T: std::str::FromStr<Err = uuid::Error>>(text: &str) -> Result<T, sqlx::Error> {
    text.parse()
        .map_err(|e: uuid::Error| sqlx::Error::Decode(e.into()))
}

/// Parses an enum stored as text; a value the code does not know is a database fault, never
/// read as some default (an unknown product status once listed the product as active).
pub fn parse_enum<T>(text: &str) -> Result<T, sqlx::Error>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| {
        let name = std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("enum");
        sqlx::Error::Decode(format!("stored {name}: {e}").into())
    })
}

/// Why and since when an admin hid a product or an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HiddenRecord {
    pub at: i64,
    pub reason: String,
}

impl From<HiddenRecord> for bazaar_shared::admin::Hidden {
    fn from(hidden: HiddenRecord) -> Self {
        Self {
            reason: hidden.reason,
            at: from_micros(hidden.at),
        }
    }
}

/// The `hidden_at` and `hidden_reason` columns of a row, together.
fn hidden_from_row(row: &sqlx::any::AnyRow) -> Result<Option<HiddenRecord>, sqlx::Error> {
    use sqlx::Row;
    let at: Option<i64> = row.try_get("hidden_at")?;
    let reason: Option<String> = row.try_get("hidden_reason")?;
    Ok(at.map(|at| HiddenRecord {
        at,
        reason: reason.unwrap_or_default(),
    }))
}

/// Hides (`Some`) or shows again (`None`) the row `id` of `table` (products or events);
/// false when it already was so.
async fn set_hidden(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    id: impl ToString,
    hidden: Option<&HiddenRecord>,
) -> Result<bool, sqlx::Error> {
    let was = if hidden.is_some() {
        "IS NULL"
    } else {
        "IS NOT NULL"
    };
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE {table} SET hidden_at = $2, hidden_reason = $3 WHERE id = $1 AND hidden_at {was}"
    )))
    .bind(id.to_string())
    .bind(hidden.map(|h| h.at))
    .bind(hidden.map(|h| h.reason.clone()))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bazaar_shared::catalog::ProductStatus;

    #[test]
    fn an_unknown_stored_enum_is_a_decode_error_naming_it() {
        assert_eq!(
            parse_enum::<ProductStatus>("archived").unwrap(),
            ProductStatus::Archived
        );
        match parse_enum::<ProductStatus>("deleted") {
            Err(sqlx::Error::Decode(e)) => {
                assert_eq!(
                    e.to_string(),
                    r#"stored ProductStatus: unknown value "deleted""#
                )
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }
}
