//! Events (flash sales) and their banner images.

use super::images::{Gallery, ImageRecord, image_columns, image_from_row};
use super::sql::{Arg, Sql};
use super::{HiddenRecord, hidden_from_row, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::admin::{AdminEventQuery, AdminEventSort};
use bazaar_shared::event::EventStatus;
use bazaar_shared::{EventId, ImageId, ProductId, ShopId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct EventRecord {
    pub id: EventId,
    pub shop_id: ShopId,
    pub product_id: ProductId,
    pub name: String,
    pub description: String,
    pub event_price: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub unit_limit: Option<i64>,
    /// Set by an admin; the seller's writes leave it alone.
    pub hidden: Option<HiddenRecord>,
}

const COLUMNS: &str = "ev.id, ev.shop_id, ev.product_id, ev.name, ev.description, ev.event_price, \
                       ev.starts_at, ev.ends_at, ev.unit_limit, ev.hidden_at, ev.hidden_reason";

fn from_row(row: &AnyRow) -> Result<EventRecord, sqlx::Error> {
    Ok(EventRecord {
        id: parse_id(row.try_get("id")?)?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        product_id: parse_id(row.try_get("product_id")?)?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        event_price: row.try_get("event_price")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        unit_limit: row.try_get("unit_limit")?,
        hidden: hidden_from_row(row)?,
    })
}

/// Inserts or overwrites (by id) the event.
pub async fn save(
    conn: &mut AnyConnection,
    event: &EventRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (id, shop_id, product_id, name, description, event_price, starts_at, ends_at, \
           unit_limit, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, \
           event_price = excluded.event_price, starts_at = excluded.starts_at, ends_at = excluded.ends_at, \
           unit_limit = excluded.unit_limit, updated_at = excluded.updated_at",
    )
    .bind(event.id.to_string())
    .bind(event.shop_id.to_string())
    .bind(event.product_id.to_string())
    .bind(event.name.trim())
    .bind(event.description.trim())
    .bind(event.event_price)
    .bind(event.starts_at)
    .bind(event.ends_at)
    .bind(event.unit_limit)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut AnyConnection,
    id: EventId,
) -> Result<Option<EventRecord>, sqlx::Error> {
    super::find_by_id(
        conn,
        format!("SELECT {COLUMNS} FROM events ev WHERE ev.id = $1"),
        id,
        from_row,
    )
    .await
}

pub async fn delete(conn: &mut AnyConnection, id: EventId) -> Result<(), sqlx::Error> {
    super::delete_by_id(conn, "DELETE FROM events WHERE id = $1", id).await
}

/// Whether another event of the product overlaps the window: a product runs one sale at a time.
pub async fn overlaps(
    conn: &mut AnyConnection,
    product: ProductId,
    starts_at: i64,
    ends_at: i64,
    except: Option<EventId>,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE product_id = $1 AND starts_at < $2 AND ends_at > $3 AND id <> $4",
    )
    .bind(product.to_string())
    .bind(ends_at)
    .bind(starts_at)
    .bind(except.map(|e| e.to_string()).unwrap_or_default())
    .fetch_one(conn)
    .await?;
    Ok(count > 0)
}

/// The product's running event, or else its next upcoming one, unless an admin hid it.
pub async fn current_for_product(
    conn: &mut AnyConnection,
    product: ProductId,
    now: i64,
) -> Result<Option<EventRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM events ev WHERE ev.product_id = $1 AND ev.ends_at > $2 \
         AND ev.hidden_at IS NULL ORDER BY ev.starts_at LIMIT 1"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(product.to_string())
        .bind(now)
        .fetch_optional(conn)
        .await?
        .map(|row| from_row(&row))
        .transpose()
}

/// One page of events of shops in good standing that no admin hid, by start time (ended
/// ones: latest first). `status: None` lists upcoming and running ones.
pub async fn list(
    conn: &mut AnyConnection,
    shop: Option<ShopId>,
    status: Option<EventStatus>,
    after: Option<(i64, EventId)>,
    limit: i64,
    now: i64,
) -> Result<Vec<EventRecord>, sqlx::Error> {
    let mut sql = Sql::default();
    let now = sql.arg(Arg::Int(now));
    let mut conditions = vec![
        "o.status <> 'banned'".to_owned(),
        "ev.hidden_at IS NULL".to_owned(),
    ];
    conditions.push(match status {
        None => format!("ev.ends_at > {now}"),
        Some(status) => status_condition(status, &now),
    });
    if let Some(shop) = shop {
        conditions.push(format!(
            "ev.shop_id = {}",
            sql.arg(Arg::Text(shop.to_string()))
        ));
    }
    let descending = status == Some(EventStatus::Ended);
    let (op, direction) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some((starts_at, id)) = after {
        let starts_at = sql.arg(Arg::Int(starts_at));
        let id = sql.arg(Arg::Text(id.to_string()));
        conditions.push(format!(
            "(ev.starts_at {op} {starts_at} OR (ev.starts_at = {starts_at} AND ev.id {op} {id}))"
        ));
    }
    let limit = sql.arg(Arg::Int(limit + 1));
    sql.text = format!(
        "SELECT {COLUMNS} FROM events ev JOIN shops s ON s.id = ev.shop_id JOIN users o ON o.id = s.owner_id \
         WHERE {} ORDER BY ev.starts_at {direction}, ev.id {direction} LIMIT {limit}",
        conditions.join(" AND ")
    );
    sql.fetch_all(conn).await?.iter().map(from_row).collect()
}

/// Events in `status` at the time bound as `now`.
fn status_condition(status: EventStatus, now: &str) -> String {
    match status {
        EventStatus::Upcoming => format!("ev.starts_at > {now}"),
        EventStatus::Running => format!("ev.starts_at <= {now} AND ev.ends_at > {now}"),
        EventStatus::Ended => format!("ev.ends_at <= {now}"),
    }
}

/// Hides the event (`Some`) or shows it again: false when it already was so.
pub async fn set_hidden(
    conn: &mut AnyConnection,
    id: EventId,
    hidden: Option<&HiddenRecord>,
) -> Result<bool, sqlx::Error> {
    super::set_hidden(conn, "events", id, hidden).await
}

/// An event as admins list it: the record, its shop and product, its figures.
#[derive(Clone, Debug)]
pub struct AdminEventRow {
    pub event: EventRecord,
    pub shop_name: String,
    pub shop_banned: bool,
    pub product_name: String,
    pub units_sold: i64,
    pub created_at: i64,
    pub sort_key: i64,
}

/// Events with their shop, product and figures, and the list's sort key; the caller adds the
/// conditions.
fn admin_select(key: &str, conditions: &str) -> String {
    format!(
        "SELECT {COLUMNS}, ev.units_sold, ev.created_at, {key} AS sort_key, s.name AS shop_name, \
         CASE WHEN o.status = 'banned' THEN 1 ELSE 0 END AS shop_banned, p.name AS product_name \
         FROM events ev JOIN shops s ON s.id = ev.shop_id JOIN users o ON o.id = s.owner_id \
         JOIN products p ON p.id = ev.product_id WHERE {conditions}"
    )
}

fn admin_row(row: &AnyRow) -> Result<AdminEventRow, sqlx::Error> {
    let shop_banned: i64 = row.try_get("shop_banned")?;
    Ok(AdminEventRow {
        event: from_row(row)?,
        shop_name: row.try_get("shop_name")?,
        shop_banned: shop_banned == 1,
        product_name: row.try_get("product_name")?,
        units_sold: row.try_get("units_sold")?,
        created_at: row.try_get("created_at")?,
        sort_key: row.try_get("sort_key")?,
    })
}

/// One event as admins see it.
pub async fn admin_find(
    conn: &mut AnyConnection,
    id: EventId,
) -> Result<Option<AdminEventRow>, sqlx::Error> {
    super::find_by_id(
        conn,
        admin_select("ev.created_at", "ev.id = $1"),
        id,
        admin_row,
    )
    .await
}

/// A page of every event (ended, hidden and banned shops' ones too), for admins.
pub async fn admin_list(
    conn: &mut AnyConnection,
    query: &AdminEventQuery,
    after: Option<Cursor<EventId>>,
    limit: i64,
    now: i64,
) -> Result<Vec<AdminEventRow>, sqlx::Error> {
    let (key, descending) = match query.sort.unwrap_or_default() {
        AdminEventSort::Newest => ("ev.created_at", true),
        AdminEventSort::Oldest => ("ev.created_at", false),
        AdminEventSort::StartsLatest => ("ev.starts_at", true),
    };
    let mut sql = Sql::default();
    let mut conditions = vec!["1 = 1".to_owned()];
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        conditions.push(sql.contains(&["ev.name"], q));
    }
    if let Some(shop) = query.shop_id {
        conditions.push(format!(
            "ev.shop_id = {}",
            sql.arg(Arg::Text(shop.to_string()))
        ));
    }
    if let Some(status) = query.status {
        let now = sql.arg(Arg::Int(now));
        conditions.push(status_condition(status, &now));
    }
    match query.hidden {
        Some(true) => conditions.push("ev.hidden_at IS NOT NULL".to_owned()),
        Some(false) => conditions.push("ev.hidden_at IS NULL".to_owned()),
        None => {}
    }
    let mut text = admin_select(key, &conditions.join(" AND "));
    text += &sql.keyset(key, descending, "ev.id", after, limit);
    sql.text = text;
    sql.fetch_all(conn).await?.iter().map(admin_row).collect()
}

/// The banners of the given events, in order, grouped by event.
pub async fn banners(
    conn: &mut AnyConnection,
    events: &[EventId],
) -> Result<Vec<(EventId, ImageRecord)>, sqlx::Error> {
    let mut sql = Sql::default();
    let list = sql.list(events);
    sql.text = format!(
        "SELECT ei.event_id, {} FROM event_images ei JOIN images i ON i.id = ei.image_id \
         WHERE ei.event_id IN ({list}) ORDER BY ei.event_id, ei.position",
        image_columns("i", "img")
    );
    let rows = sql.fetch_all(conn).await?;
    rows.iter()
        .filter_map(|row| {
            let event = row
                .try_get::<String, _>("event_id")
                .and_then(|id| parse_id(&id));
            match (event, image_from_row(row, "img")) {
                (Ok(event), Ok(Some(image))) => Some(Ok((event, image))),
                (Err(e), _) | (_, Err(e)) => Some(Err(e)),
                (_, Ok(None)) => None,
            }
        })
        .collect()
}

/// One event's banners, in order.
pub async fn banners_of(
    conn: &mut AnyConnection,
    event: EventId,
) -> Result<Vec<ImageRecord>, sqlx::Error> {
    super::images::list(conn, Gallery::Event(event)).await
}

pub async fn set_banners(
    conn: &mut AnyConnection,
    event: EventId,
    order: &[ImageId],
) -> Result<(), sqlx::Error> {
    super::images::set_order(conn, Gallery::Event(event), order).await
}
