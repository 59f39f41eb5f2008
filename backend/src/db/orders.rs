//! Orders (one per shop of a checkout), their bought lines and each order's timeline.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::Cursor;
use bazaar_shared::admin::AdminOrderSort;
use bazaar_shared::order::{OrderStatus, PaymentMethod};
use bazaar_shared::{CheckoutId, CouponId, EventId, OrderId, ProductId, ReviewId, ShopId, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct ShippingRecord {
    pub name: String,
    pub phone: Option<String>,
    pub country: String,
    pub city: String,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
}

#[derive(Clone, Debug)]
pub struct OrderRecord {
    pub id: OrderId,
    pub checkout_id: CheckoutId,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub shop_owner_id: UserId,
    pub buyer_id: UserId,
    pub buyer_name: String,
    pub status: OrderStatus,
    pub subtotal: i64,
    pub discount: i64,
    pub total: i64,
    pub coupon_id: Option<CouponId>,
    pub coupon_code: Option<String>,
    pub payment_method: PaymentMethod,
    pub paid_at: Option<i64>,
    pub shipping: ShippingRecord,
    pub refund_reason: Option<String>,
    pub credited: Option<i64>,
    pub delivered_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct LineRecord {
    pub product_id: ProductId,
    pub event_id: Option<EventId>,
    pub name: String,
    pub image: Option<ImageRecord>,
    pub unit_price: i64,
    pub quantity: u32,
    pub review_id: Option<ReviewId>,
}

/// An order with its lines and timeline (status, at), as the API shows it.
#[derive(Clone, Debug)]
pub struct FullOrder {
    pub order: OrderRecord,
    pub lines: Vec<LineRecord>,
    pub timeline: Vec<(OrderStatus, i64)>,
}

pub async fn insert_order(
    conn: &mut AnyConnection,
    o: &OrderRecord,
    lines: &[LineRecord],
) -> Result<(), sqlx::Error> {
    let s = &o.shipping;
    sqlx::query(
        "INSERT INTO orders (id, checkout_id, shop_id, buyer_id, status, subtotal, discount, total, \
         coupon_id, coupon_code, payment_method, ship_name, ship_phone, ship_country, ship_city, \
         ship_line1, ship_line2, ship_postal_code, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)",
    )
    .bind(o.id.to_string())
    .bind(o.checkout_id.to_string())
    .bind(o.shop_id.to_string())
    .bind(o.buyer_id.to_string())
    .bind(o.status.as_str())
    .bind(o.subtotal)
    .bind(o.discount)
    .bind(o.total)
    .bind(o.coupon_id.map(|c| c.to_string()))
    .bind(o.coupon_code.clone())
    .bind(o.payment_method.as_str())
    .bind(&s.name)
    .bind(s.phone.clone())
    .bind(&s.country)
    .bind(&s.city)
    .bind(&s.line1)
    .bind(&s.line2)
    .bind(&s.postal_code)
    .bind(o.created_at)
    .execute(&mut *conn)
    .await?;
    for (position, line) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, position, product_id, event_id, name, image_id, unit_price, quantity) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(o.id.to_string())
        .bind(position as i64)
        .bind(line.product_id.to_string())
        .bind(line.event_id.map(|e| e.to_string()))
        .bind(&line.name)
        .bind(line.image.as_ref().map(|i| i.id.to_string()))
        .bind(line.unit_price)
        .bind(i64::from(line.quantity))
        .execute(&mut *conn)
        .await?;
    }
    append_timeline(conn, o.id, o.status, o.created_at).await
}

async fn append_timeline(
    conn: &mut AnyConnection,
    order: OrderId,
    status: OrderStatus,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO order_timeline (order_id, position, status, at) \
         SELECT $1, COALESCE(MAX(position) + 1, 0), $2, $3 FROM order_timeline WHERE order_id = $1",
    )
    .bind(order.to_string())
    .bind(status.as_str())
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// What else changes with a status move.
#[derive(Clone, Debug, Default)]
pub struct StatusEffects {
    pub paid_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub credited: Option<i64>,
    pub refund_reason: Option<String>,
}

/// Moves the order from `from` to `to` and notes it in the timeline; false when it was no
/// longer `from` (someone else moved it first), and then nothing changed.
pub async fn move_status(
    conn: &mut AnyConnection,
    id: OrderId,
    from: OrderStatus,
    to: OrderStatus,
    effects: &StatusEffects,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET status = $3, updated_at = $4, paid_at = COALESCE($5, paid_at), \
         delivered_at = COALESCE($6, delivered_at), credited = COALESCE($7, credited), \
         refund_reason = COALESCE($8, refund_reason) \
         WHERE id = $1 AND status = $2",
    )
    .bind(id.to_string())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now)
    .bind(effects.paid_at)
    .bind(effects.delivered_at)
    .bind(effects.credited)
    .bind(effects.refund_reason.clone())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    append_timeline(conn, id, to, now).await?;
    Ok(true)
}

const ORDER_SELECT: &str = "SELECT o.id, o.checkout_id, o.shop_id, s.name AS shop_name, s.owner_id AS shop_owner_id, o.buyer_id, \
    u.name AS buyer_name, o.status, o.subtotal, o.discount, o.total, o.coupon_id, o.coupon_code, \
    o.payment_method, o.paid_at, o.ship_name, o.ship_phone, o.ship_country, o.ship_city, \
    o.ship_line1, o.ship_line2, o.ship_postal_code, o.refund_reason, o.credited, o.delivered_at, \
    o.created_at FROM orders o JOIN shops s ON s.id = o.shop_id JOIN users u ON u.id = o.buyer_id";

fn order_from_row(row: &AnyRow) -> Result<OrderRecord, sqlx::Error> {
    Ok(OrderRecord {
        id: parse_id(row.try_get("id")?)?,
        checkout_id: parse_id(row.try_get("checkout_id")?)?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        shop_name: row.try_get("shop_name")?,
        shop_owner_id: parse_id(row.try_get("shop_owner_id")?)?,
        buyer_id: parse_id(row.try_get("buyer_id")?)?,
        buyer_name: row.try_get("buyer_name")?,
        status: parse_enum(row.try_get("status")?)?,
        subtotal: row.try_get("subtotal")?,
        discount: row.try_get("discount")?,
        total: row.try_get("total")?,
        coupon_id: row
            .try_get::<Option<String>, _>("coupon_id")?
            .map(|id| parse_id(&id))
            .transpose()?,
        coupon_code: row.try_get("coupon_code")?,
        payment_method: parse_enum(row.try_get("payment_method")?)?,
        paid_at: row.try_get("paid_at")?,
        shipping: ShippingRecord {
            name: row.try_get("ship_name")?,
            phone: row.try_get("ship_phone")?,
            country: row.try_get("ship_country")?,
            city: row.try_get("ship_city")?,
            line1: row.try_get("ship_line1")?,
            line2: row.try_get("ship_line2")?,
            postal_code: row.try_get("ship_postal_code")?,
        },
        refund_reason: row.try_get("refund_reason")?,
        credited: row.try_get("credited")?,
        delivered_at: row.try_get("delivered_at")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn find(conn: &mut AnyConnection, id: OrderId) -> Result<Option<FullOrder>, sqlx::Error> {
    let mut sql = Sql::default();
    let id_arg = sql.arg(Arg::Text(id.to_string()));
    sql.text = format!("{ORDER_SELECT} WHERE o.id = {id_arg}");
    let rows = sql.fetch_all(&mut *conn).await?;
    Ok(complete(conn, rows).await?.pop())
}

pub async fn of_checkout(
    conn: &mut AnyConnection,
    checkout: CheckoutId,
) -> Result<Vec<FullOrder>, sqlx::Error> {
    let mut sql = Sql::default();
    let id_arg = sql.arg(Arg::Text(checkout.to_string()));
    sql.text = format!("{ORDER_SELECT} WHERE o.checkout_id = {id_arg} ORDER BY s.name, o.id");
    let rows = sql.fetch_all(&mut *conn).await?;
    complete(conn, rows).await
}

/// Whose orders a list shows.
#[derive(Clone, Copy, Debug)]
pub enum OrdersOf {
    Buyer(UserId),
    Shop(ShopId, Option<OrderStatus>),
    /// Anyone's, for admins.
    Any(OrderFilter),
}

/// Which orders an admin lists, and in which order.
#[derive(Clone, Copy, Debug, Default)]
pub struct OrderFilter {
    pub status: Option<OrderStatus>,
    pub shop: Option<ShopId>,
    pub buyer: Option<UserId>,
    /// Placed at or after, and before (microseconds).
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub sort: AdminOrderSort,
}

impl OrdersOf {
    /// The sort's column and whether it runs descending: newest first but for admins.
    fn sort(&self) -> (&'static str, bool) {
        match self {
            Self::Any(OrderFilter {
                sort: AdminOrderSort::Oldest,
                ..
            }) => ("o.created_at", false),
            Self::Any(OrderFilter {
                sort: AdminOrderSort::TotalDesc,
                ..
            }) => ("o.total", true),
            _ => ("o.created_at", true),
        }
    }

    /// The order's value of the sort's column, for the cursor.
    pub fn sort_key(&self, order: &OrderRecord) -> i64 {
        match self {
            Self::Any(OrderFilter {
                sort: AdminOrderSort::TotalDesc,
                ..
            }) => order.total,
            _ => order.created_at,
        }
    }
}

/// A page of orders, newest first (or as an admin sorts them); `limit + 1` are fetched to
/// know whether more follow.
pub async fn list(
    conn: &mut AnyConnection,
    of: OrdersOf,
    after: Option<Cursor<OrderId>>,
    limit: i64,
) -> Result<Vec<FullOrder>, sqlx::Error> {
    let mut sql = Sql::default();
    let mut conditions = Vec::new();
    let (status, shop, buyer) = match of {
        OrdersOf::Buyer(buyer) => (None, None, Some(buyer)),
        OrdersOf::Shop(shop, status) => (status, Some(shop), None),
        OrdersOf::Any(filter) => {
            if let Some(from) = filter.from {
                conditions.push(format!("o.created_at >= {}", sql.arg(Arg::Int(from))));
            }
            if let Some(to) = filter.to {
                conditions.push(format!("o.created_at < {}", sql.arg(Arg::Int(to))));
            }
            (filter.status, filter.shop, filter.buyer)
        }
    };
    for (column, value) in [
        ("o.status", status.map(|s| s.as_str().to_owned())),
        ("o.shop_id", shop.map(|s| s.to_string())),
        ("o.buyer_id", buyer.map(|b| b.to_string())),
    ] {
        if let Some(value) = value {
            conditions.push(format!("{column} = {}", sql.arg(Arg::Text(value))));
        }
    }
    conditions.push("1 = 1".to_owned());
    let (key, descending) = of.sort();
    let mut text = format!("{ORDER_SELECT} WHERE {}", conditions.join(" AND "));
    text += &sql.keyset(key, descending, "o.id", after, limit);
    sql.text = text;
    let rows = sql.fetch_all(&mut *conn).await?;
    complete(conn, rows).await
}

/// Reads the orders of `rows` with their lines and timelines, in the rows' order.
async fn complete(
    conn: &mut AnyConnection,
    rows: Vec<AnyRow>,
) -> Result<Vec<FullOrder>, sqlx::Error> {
    let orders = rows
        .iter()
        .map(order_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<OrderId> = orders.iter().map(|o| o.id).collect();

    let mut sql = Sql::default();
    let list = sql.list(&ids);
    sql.text = format!(
        "SELECT l.order_id, l.product_id, l.event_id, l.name, l.unit_price, l.quantity, \
         r.id AS review_id, {image} FROM order_lines l \
         LEFT JOIN images i ON i.id = l.image_id \
         LEFT JOIN reviews r ON r.order_id = l.order_id AND r.product_id = l.product_id \
         WHERE l.order_id IN ({list}) ORDER BY l.order_id, l.position",
        image = image_columns("i", "img"),
    );
    let mut lines: Vec<(OrderId, LineRecord)> = Vec::new();
    for row in sql.fetch_all(&mut *conn).await? {
        let quantity: i64 = row.try_get("quantity")?;
        lines.push((
            parse_id(row.try_get("order_id")?)?,
            LineRecord {
                product_id: parse_id(row.try_get("product_id")?)?,
                event_id: row
                    .try_get::<Option<String>, _>("event_id")?
                    .map(|id| parse_id(&id))
                    .transpose()?,
                name: row.try_get("name")?,
                image: image_from_row(&row, "img")?,
                unit_price: row.try_get("unit_price")?,
                quantity: u32::try_from(quantity).map_err(|e| sqlx::Error::Decode(e.into()))?,
                review_id: row
                    .try_get::<Option<String>, _>("review_id")?
                    .map(|id| parse_id(&id))
                    .transpose()?,
            },
        ));
    }

    let mut sql = Sql::default();
    let list = sql.list(&ids);
    sql.text = format!(
        "SELECT order_id, status, at FROM order_timeline WHERE order_id IN ({list}) \
         ORDER BY order_id, position"
    );
    let mut timeline: Vec<(OrderId, OrderStatus, i64)> = Vec::new();
    for row in sql.fetch_all(&mut *conn).await? {
        timeline.push((
            parse_id(row.try_get("order_id")?)?,
            parse_enum(row.try_get("status")?)?,
            row.try_get("at")?,
        ));
    }

    Ok(orders
        .into_iter()
        .map(|order| FullOrder {
            lines: lines
                .iter()
                .filter(|(id, _)| *id == order.id)
                .map(|(_, line)| line.clone())
                .collect(),
            timeline: timeline
                .iter()
                .filter(|(id, _, _)| *id == order.id)
                .map(|(_, status, at)| (*status, *at))
                .collect(),
            order,
        })
        .collect())
}
