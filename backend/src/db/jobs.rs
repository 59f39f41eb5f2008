//! The durable jobs queue (the rules are in `crate::jobs`).

use super::Dialect;
use super::sql::{Arg, Sql};
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

/// A job a runner holds until its lease runs out.
#[derive(Clone, Debug)]
pub struct Claimed {
    pub id: Uuid,
    pub payload: String,
    /// Counting this one.
    pub attempts: i64,
    /// The lease it was claimed with: a release names it, so it cannot free a later claim.
    pub locked_until: i64,
}

/// A job to store: its id, kind and payload.
pub struct NewJob<'a> {
    pub id: Uuid,
    pub kind: &'a str,
    pub payload: &'a str,
}

/// Inserts jobs due at `run_at`, in one statement however many; with `held_until`, already
/// claimed (their first attempt counted) and held until then.
pub async fn insert(
    conn: &mut AnyConnection,
    jobs: &[NewJob<'_>],
    run_at: i64,
    held_until: Option<i64>,
) -> Result<(), sqlx::Error> {
    let mut sql = Sql::default();
    let run_at = sql.arg(Arg::Int(run_at));
    let (locked_until, attempts) = match held_until {
        Some(until) => (sql.arg(Arg::Int(until)), 1),
        None => ("NULL".to_owned(), 0),
    };
    let rows: Vec<String> = (jobs.iter())
        .map(|job| {
            let id = sql.arg(Arg::Text(job.id.to_string()));
            let kind = sql.arg(Arg::Text(job.kind.to_owned()));
            let payload = sql.arg(Arg::Text(job.payload.to_owned()));
            format!("({id}, {kind}, {payload}, {run_at}, {locked_until}, {attempts})")
        })
        .collect();
    sql.text = format!(
        "INSERT INTO jobs (id, kind, payload, run_at, locked_until, attempts) VALUES {}",
        rows.join(", ")
    );
    sql.execute(conn).await?;
    Ok(())
}

/// Claims the earliest due job, if it is alive and not held by another runner: it is held
/// until `lease_until` and its attempt counted.
///
/// One statement, so two runners cannot both claim a job: the outer `WHERE` is checked again
/// on the row being updated (PostgreSQL re-reads it after a concurrent update commits;
/// SQLite has one writer), and on PostgreSQL `SKIP LOCKED` sends a runner past rows another
/// is claiming instead of making it wait for them.
pub async fn claim(
    conn: &mut AnyConnection,
    dialect: Dialect,
    now: i64,
    lease_until: i64,
) -> Result<Option<Claimed>, sqlx::Error> {
    const FREE: &str =
        "dead_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until < $1)";
    let skip_locked = match dialect {
        Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET locked_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM jobs WHERE {FREE} ORDER BY run_at, id LIMIT 1{skip_locked}) \
         AND {FREE} RETURNING id, payload, attempts, locked_until"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now)
        .bind(lease_until)
        .fetch_optional(conn)
        .await?
        .map(|row| {
            Ok(Claimed {
                id: super::parse_id(row.try_get("id")?)?,
                payload: row.try_get("payload")?,
                attempts: row.try_get("attempts")?,
                locked_until: row.try_get("locked_until")?,
            })
        })
        .transpose()
}

/// Done: the jobs are gone, in one statement however many.
pub async fn delete_all(conn: &mut AnyConnection, ids: &[Uuid]) -> Result<(), sqlx::Error> {
    let mut sql = Sql::default();
    sql.text = format!("DELETE FROM jobs WHERE id IN ({})", sql.list(ids));
    sql.execute(conn).await?;
    Ok(())
}

/// Failed: released, to be tried again at `run_at`.
pub async fn retry_at(
    conn: &mut AnyConnection,
    id: Uuid,
    run_at: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE jobs SET run_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1")
        .bind(id.to_string())
        .bind(run_at)
        .bind(error)
        .execute(conn)
        .await?;
    Ok(())
}

/// Handed back unfinished (the runner is shutting down): free at once, and the attempt it
/// was claimed for is not counted. Only if the claim `locked_until` names is still the job's
/// (a claim whose lease ran out may have been taken by another runner since). Returns 1 if
/// released, else 0.
pub async fn release(
    conn: &mut AnyConnection,
    id: Uuid,
    locked_until: i64,
) -> Result<usize, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET locked_until = NULL, attempts = attempts - 1 \
         WHERE id = $1 AND locked_until = $2 AND dead_at IS NULL",
    )
    .bind(id.to_string())
    .bind(locked_until)
    .execute(conn)
    .await?;
    Ok(usize::from(done.rows_affected() > 0))
}

/// Failed too often: kept for a person to look at, never tried again.
pub async fn bury(
    conn: &mut AnyConnection,
    id: Uuid,
    now: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE jobs SET dead_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1")
        .bind(id.to_string())
        .bind(now)
        .bind(error)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many jobs are waiting (or running), and how many are dead.
pub async fn counts(conn: &mut AnyConnection) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM jobs WHERE dead_at IS NULL) AS queued, \
                (SELECT COUNT(*) FROM jobs WHERE dead_at IS NOT NULL) AS dead",
    )
    .fetch_one(conn)
    .await?;
    Ok((row.try_get("queued")?, row.try_get("dead")?))
}
