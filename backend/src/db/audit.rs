//! The audit log of what admins did: rows are only ever added (the database refuses to
//! change or delete one).

use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::UserId;
use bazaar_shared::admin::{AuditAction, AuditQuery};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub id: Uuid,
    pub admin_id: UserId,
    pub action: AuditAction,
    pub target_id: Uuid,
    pub reason: String,
    pub detail: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, entry: &AuditRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, admin_id, action, target_id, reason, detail, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.id.to_string())
    .bind(entry.admin_id.to_string())
    .bind(entry.action.as_str())
    .bind(entry.target_id.to_string())
    .bind(&entry.reason)
    .bind(&entry.detail)
    .bind(entry.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// An entry with the name and address of the admin who made it.
#[derive(Clone, Debug)]
pub struct AuditRow {
    pub entry: AuditRecord,
    pub admin_name: String,
    pub admin_email: String,
}

fn from_row(row: &AnyRow) -> Result<AuditRow, sqlx::Error> {
    Ok(AuditRow {
        entry: AuditRecord {
            id: parse_id(row.try_get("id")?)?,
            admin_id: parse_id(row.try_get("admin_id")?)?,
            action: parse_enum(row.try_get("action")?)?,
            target_id: parse_id(row.try_get("target_id")?)?,
            reason: row.try_get("reason")?,
            detail: row.try_get("detail")?,
            created_at: row.try_get("created_at")?,
        },
        admin_name: row.try_get("admin_name")?,
        admin_email: row.try_get("admin_email")?,
    })
}

/// A page of the log, newest first, `limit + 1` fetched.
pub async fn list(
    conn: &mut AnyConnection,
    query: &AuditQuery,
    after: Option<Cursor<Uuid>>,
    limit: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    let mut sql = Sql::default();
    let mut text =
        "SELECT l.id, l.admin_id, l.action, l.target_id, l.reason, l.detail, l.created_at, \
         u.name AS admin_name, u.email AS admin_email \
         FROM audit_log l JOIN users u ON u.id = l.admin_id WHERE 1 = 1"
            .to_owned();
    if let Some(admin) = query.admin_id {
        text += &format!(
            " AND l.admin_id = {}",
            sql.arg(Arg::Text(admin.to_string()))
        );
    }
    if let Some(action) = query.action {
        text += &format!(
            " AND l.action = {}",
            sql.arg(Arg::Text(action.as_str().into()))
        );
    }
    if let Some(target) = query.target_id {
        text += &format!(
            " AND l.target_id = {}",
            sql.arg(Arg::Text(target.to_string()))
        );
    }
    text += &sql.newest_first("l.created_at", "l.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn).await?.iter().map(from_row).collect()
}
