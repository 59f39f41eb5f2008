//! The audit log: written inside each admin action's transaction, read newest first.

use super::page;
use crate::AppState;
use crate::auth::Admin;
use crate::db;
use crate::db::audit::{self, AuditRecord};
use crate::error::ApiResult;
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::admin::{AccountRef, AuditAction, AuditEntry, AuditQuery};
use bazaar_shared::catalog::Page;
use sqlx::AnyConnection;
use uuid::Uuid;

/// Records, in the caller's transaction, that `admin` did `action` to the record `target`,
/// why (`reason`, trimmed) and what it was (`detail`).
pub async fn record(
    state: &AppState,
    conn: &mut AnyConnection,
    admin: &Admin,
    action: AuditAction,
    target: Uuid,
    reason: &str,
    detail: String,
) -> ApiResult<()> {
    let entry = AuditRecord {
        id: db::new_id(),
        admin_id: admin.id(),
        action,
        target_id: target,
        reason: reason.trim().to_owned(),
        detail,
        created_at: state.clock.now_micros(),
    };
    audit::insert(conn, &entry).await?;
    Ok(())
}

pub async fn list(state: &AppState, _: &Admin, query: &AuditQuery) -> ApiResult<Page<AuditEntry>> {
    let (after, limit) = page(Ok(()), query.cursor.as_deref(), query.limit)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = audit::list(&mut conn, query, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |row| Cursor::new(SortValue::Int(row.entry.created_at), row.entry.id),
        |row| AuditEntry {
            id: row.entry.id,
            admin: AccountRef {
                id: row.entry.admin_id,
                name: row.admin_name,
                email: row.admin_email,
            },
            action: row.entry.action,
            target: row.entry.action.target(),
            target_id: row.entry.target_id,
            reason: row.entry.reason,
            detail: row.entry.detail,
            created_at: db::from_micros(row.entry.created_at),
        },
    ))
}
