//! Product cards: the listing (search, filters, sorts, keyset pages) and cards by id.
//! One query per page, whatever its size: shop, picture and running sale come joined.
//! A listing page even comes back as one row, its cards as a JSON array built by the
//! database: each row crossing the driver cost more than the query (`cargo xtask bench
//! catalog`, cache off).

use super::Dialect;
use super::images::{ImageRecord, image_columns, image_from_row};
use super::sql::{Arg, Sql};
use super::{parse_enum, parse_id};
use crate::pagination::{Cursor, SortValue};
use bazaar_shared::catalog::{ProductSort, ProductStatus};
use bazaar_shared::{EventId, ProductId, ShopId, UserId};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Clone, Debug)]
pub struct CardRow {
    pub id: ProductId,
    pub name: String,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub price: i64,
    pub original_price: i64,
    /// The running event's price, joined only when it is below the regular price.
    pub sale: Option<(EventId, i64, i64)>,
    pub rating_sum: i64,
    pub rating_count: i64,
    pub stock: i64,
    pub sold_count: i64,
    /// Listed (not archived).
    pub active: bool,
    pub thumbnail: Option<ImageRecord>,
}

#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub q: Option<String>,
    pub category: Option<String>,
    pub shop_id: Option<ShopId>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    /// In tenths of a star, so the comparison stays in integers.
    pub min_rating_tenths: Option<i64>,
    pub in_stock: bool,
    pub sort: ProductSort,
    pub limit: i64,
    pub after: Option<Cursor<ProductId>>,
}

const EFFECTIVE_PRICE: &str = "COALESCE(e.event_price, p.price)";

/// `now` is `$1` in every card query.
fn select(sql: &mut Sql, now: i64, sort_key: &str, extra_join: &str) -> String {
    let now = sql.arg(Arg::Int(now));
    format!(
        "SELECT p.id, p.name, p.price, p.original_price, p.stock, p.sold_count, p.rating_sum, p.rating_count, p.status, \
           s.id AS shop_id, s.name AS shop_name, e.id AS sale_id, e.event_price AS sale_price, \
           e.ends_at AS sale_ends_at, {sort_key} AS sort_key, {image} \
         FROM products p \
         JOIN shops s ON s.id = p.shop_id \
         JOIN users o ON o.id = s.owner_id AND o.status <> 'banned' \
         LEFT JOIN product_images pi ON pi.product_id = p.id AND pi.position = 0 \
         LEFT JOIN images i ON i.id = pi.image_id \
         LEFT JOIN events e ON e.product_id = p.id AND e.starts_at <= {now} AND e.ends_at > {now} \
           AND e.event_price < p.price AND e.hidden_at IS NULL \
         {extra_join}",
        image = image_columns("i", "thumb"),
    )
}

fn from_row(row: &AnyRow) -> Result<CardRow, sqlx::Error> {
    let sale_id: Option<String> = row.try_get("sale_id")?;
    let sale = match sale_id {
        Some(id) => Some((
            parse_id(&id)?,
            row.try_get("sale_price")?,
            row.try_get("sale_ends_at")?,
        )),
        None => None,
    };
    Ok(CardRow {
        id: parse_id(row.try_get("id")?)?,
        name: row.try_get("name")?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        shop_name: row.try_get("shop_name")?,
        price: row.try_get("price")?,
        original_price: row.try_get("original_price")?,
        sale,
        rating_sum: row.try_get("rating_sum")?,
        rating_count: row.try_get("rating_count")?,
        stock: row.try_get("stock")?,
        sold_count: row.try_get("sold_count")?,
        active: parse_enum::<ProductStatus>(row.try_get("status")?)? == ProductStatus::Active,
        thumbnail: image_from_row(row, "thumb")?,
    })
}

/// The sort's key expression and whether it runs descending.
fn sort_key(sort: ProductSort, rank: Option<&str>) -> (String, bool) {
    match (sort, rank) {
        (ProductSort::Relevance, Some(rank)) => (rank.to_owned(), true),
        (ProductSort::Relevance | ProductSort::Newest, _) => ("p.created_at".to_owned(), true),
        (ProductSort::PriceAsc, _) => (EFFECTIVE_PRICE.to_owned(), false),
        (ProductSort::PriceDesc, _) => (EFFECTIVE_PRICE.to_owned(), true),
        (ProductSort::BestSelling, _) => ("p.sold_count".to_owned(), true),
        (ProductSort::Discount, _) => (
            format!("((p.original_price - {EFFECTIVE_PRICE}) * 1000 / p.original_price)"),
            true,
        ),
        (ProductSort::TopRated, _) => (
            "(CASE WHEN p.rating_count = 0 THEN 0 ELSE (p.rating_sum * 1000) / p.rating_count END)"
                .to_owned(),
            true,
        ),
    }
}

/// Full-text search, each dialect its own way: the join or condition that finds, and the
/// rank expression (higher is better). Name hits weigh most, then tags, then description.
struct Search {
    join: String,
    condition: Option<String>,
    rank: String,
}

fn search(sql: &mut Sql, dialect: Dialect, q: &str) -> Option<Search> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(match dialect {
        Dialect::Sqlite => {
            // Each word as a quoted prefix: "lamp"* "desk"* (all must match).
            let query = words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" ");
            let query = sql.arg(Arg::Text(query));
            Search {
                join: format!(
                    "JOIN (SELECT rowid AS fts_rowid, bm25(products_fts, 10.0, 4.0, 1.0) AS fts_rank \
                     FROM products_fts WHERE products_fts MATCH {query}) f ON f.fts_rowid = p.rowid"
                ),
                condition: None,
                rank: "(-f.fts_rank)".to_owned(),
            }
        }
        Dialect::Postgres => {
            let query = words
                .iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & ");
            let query = sql.arg(Arg::Text(query));
            Search {
                join: String::new(),
                condition: Some(format!("p.search @@ to_tsquery('simple', {query})")),
                rank: format!(
                    "CAST(ts_rank(p.search, to_tsquery('simple', {query})) AS DOUBLE PRECISION)"
                ),
            }
        }
    })
}

/// One page of the public listing: active products with a picture from shops in good
/// standing, that no admin hid. Returns `limit + 1` rows at most, so the caller knows if a
/// next page exists.
pub async fn list(
    conn: &mut AnyConnection,
    dialect: Dialect,
    listing: &Listing,
    now: i64,
) -> Result<Vec<(CardRow, SortValue)>, sqlx::Error> {
    let mut sql = Sql::default();
    let found = listing
        .q
        .as_deref()
        .and_then(|q| search(&mut sql, dialect, q));
    let (key, descending) = sort_key(listing.sort, found.as_ref().map(|s| s.rank.as_str()));
    let join = found.as_ref().map_or("", |s| s.join.as_str()).to_owned();
    let mut text = select(&mut sql, now, &key, &join);
    let mut conditions = vec![
        "p.status = 'active'".to_owned(),
        "p.hidden_at IS NULL".to_owned(),
        "pi.image_id IS NOT NULL".to_owned(),
    ];
    if let Some(condition) = found.as_ref().and_then(|s| s.condition.clone()) {
        conditions.push(condition);
    }
    if let Some(category) = &listing.category {
        conditions.push(format!(
            "p.category = {}",
            sql.arg(Arg::Text(category.clone()))
        ));
    }
    if let Some(shop) = listing.shop_id {
        conditions.push(format!(
            "p.shop_id = {}",
            sql.arg(Arg::Text(shop.to_string()))
        ));
    }
    if let Some(min) = listing.min_price {
        conditions.push(format!("{EFFECTIVE_PRICE} >= {}", sql.arg(Arg::Int(min))));
    }
    if let Some(max) = listing.max_price {
        conditions.push(format!("{EFFECTIVE_PRICE} <= {}", sql.arg(Arg::Int(max))));
    }
    if let Some(tenths) = listing.min_rating_tenths {
        let tenths = sql.arg(Arg::Int(tenths));
        conditions.push(format!(
            "p.rating_count > 0 AND p.rating_sum * 10 >= {tenths} * p.rating_count"
        ));
    }
    if listing.in_stock {
        conditions.push("p.stock > 0".to_owned());
    }
    if let Some(Cursor { key: value, id }) = listing.after {
        let value = sql.arg(match value {
            SortValue::Int(v) => Arg::Int(v),
            SortValue::Float(v) => Arg::Float(v),
        });
        let id = sql.arg(Arg::Text(id.to_string()));
        let op = if descending { "<" } else { ">" };
        conditions.push(format!(
            "({key} {op} {value} OR ({key} = {value} AND p.id {op} {id}))"
        ));
    }
    let direction = if descending { "DESC" } else { "ASC" };
    let limit = sql.arg(Arg::Int(listing.limit + 1));
    text.push_str(&format!(
        " WHERE {} ORDER BY sort_key {direction}, p.id {direction} LIMIT {limit}",
        conditions.join(" AND ")
    ));
    let is_float = found.is_some() && listing.sort == ProductSort::Relevance;
    sql.text = as_json_array(
        dialect,
        &text,
        &format!("c.sort_key {direction}, c.id {direction}"),
        is_float,
    );
    let rows = sql.fetch_all(conn).await?;
    let json: Option<String> = match rows.first() {
        Some(row) => row.try_get(0)?,
        None => None,
    };
    let cards: Vec<CardJson> = match json {
        Some(json) => serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(e.into()))?,
        None => Vec::new(),
    };
    cards
        .into_iter()
        .map(|card| card.into_row(is_float))
        .collect()
}

/// The card columns of `select`, in the order of `CardJson`'s fields.
const CARD_COLUMNS: [&str; 20] = [
    "id",
    "name",
    "price",
    "original_price",
    "stock",
    "sold_count",
    "rating_sum",
    "rating_count",
    "status",
    "shop_id",
    "shop_name",
    "sale_id",
    "sale_price",
    "sale_ends_at",
    "sort_key",
    "thumb_id",
    "thumb_key",
    "thumb_thumb_key",
    "thumb_width",
    "thumb_height",
];

/// `query`'s rows as one JSON array of arrays, in `order`. A float sort key travels as text:
/// SQLite's JSON writes reals with 15 digits, and a cursor must hold the exact rank.
fn as_json_array(dialect: Dialect, query: &str, order: &str, float_key: bool) -> String {
    let columns = CARD_COLUMNS.map(|column| match column {
        "sort_key" if float_key && dialect == Dialect::Sqlite => {
            "printf('%!.17g', c.sort_key)".to_owned()
        }
        column => format!("c.{column}"),
    });
    let columns = columns.join(", ");
    match dialect {
        Dialect::Sqlite => {
            format!(
                "SELECT json_group_array(json_array({columns}) ORDER BY {order}) FROM ({query}) c"
            )
        }
        Dialect::Postgres => {
            format!(
                "SELECT CAST(json_agg(json_build_array({columns}) ORDER BY {order}) AS TEXT) FROM ({query}) c"
            )
        }
    }
}

/// One card as the listing's JSON array holds it: an array in `CARD_COLUMNS`' order, which
/// serde reads into these fields by position.
#[derive(Deserialize)]
struct CardJson {
    id: String,
    name: String,
    price: i64,
    original_price: i64,
    stock: i64,
    sold_count: i64,
    rating_sum: i64,
    rating_count: i64,
    status: String,
    shop_id: String,
    shop_name: String,
    sale_id: Option<String>,
    sale_price: Option<i64>,
    sale_ends_at: Option<i64>,
    sort_key: serde_json::Value,
    thumb_id: Option<String>,
    thumb_key: Option<String>,
    thumb_thumb_key: Option<String>,
    thumb_width: Option<i64>,
    thumb_height: Option<i64>,
}

impl CardJson {
    fn into_row(self, float_key: bool) -> Result<(CardRow, SortValue), sqlx::Error> {
        let sort_key = self.sort_key;
        let bad_key = || sqlx::Error::Decode(format!("sort key {sort_key}").into());
        let key = if float_key {
            let value = match &sort_key {
                serde_json::Value::String(text) => text.parse().ok(),
                other => other.as_f64(),
            };
            SortValue::Float(value.ok_or_else(bad_key)?)
        } else {
            SortValue::Int(sort_key.as_i64().ok_or_else(bad_key)?)
        };
        let sale = match (self.sale_id, self.sale_price, self.sale_ends_at) {
            (Some(id), Some(price), Some(ends_at)) => Some((parse_id(&id)?, price, ends_at)),
            _ => None,
        };
        let thumbnail = match (self.thumb_id, self.thumb_key, self.thumb_thumb_key) {
            (Some(id), Some(key), Some(thumb_key)) => Some(ImageRecord {
                id: parse_id(&id)?,
                key,
                thumb_key,
                width: super::to_u32(self.thumb_width.unwrap_or(0)),
                height: super::to_u32(self.thumb_height.unwrap_or(0)),
            }),
            _ => None,
        };
        let row = CardRow {
            id: parse_id(&self.id)?,
            name: self.name,
            shop_id: parse_id(&self.shop_id)?,
            shop_name: self.shop_name,
            price: self.price,
            original_price: self.original_price,
            sale,
            rating_sum: self.rating_sum,
            rating_count: self.rating_count,
            stock: self.stock,
            sold_count: self.sold_count,
            active: parse_enum::<ProductStatus>(&self.status)? == ProductStatus::Active,
            thumbnail,
        };
        Ok((row, key))
    }
}

/// Cards of the given products, whatever their status, in the order of `ids`; those an admin
/// hid are left out, as a banned shop's are: for the carts, wishlists, checkouts and events
/// of everyone but the product's shop.
pub async fn by_ids(
    conn: &mut AnyConnection,
    ids: &[ProductId],
    now: i64,
) -> Result<Vec<CardRow>, sqlx::Error> {
    cards_of(conn, ids, now, false).await
}

/// The cards of the products in `user`'s cart with each line's quantity, oldest line first,
/// in one query; lines whose product `by_ids` would leave out are left out.
pub async fn in_cart(
    conn: &mut AnyConnection,
    user: UserId,
    now: i64,
) -> Result<Vec<(CardRow, u32)>, sqlx::Error> {
    let mut sql = Sql::default();
    let user = sql.arg(Arg::Text(user.to_string()));
    let join = format!("JOIN cart_items ci ON ci.product_id = p.id AND ci.user_id = {user}");
    // The quantity is read as the sort key: no listing sorts these rows by it.
    let text = select(&mut sql, now, "ci.quantity", &join);
    sql.text = text + " WHERE p.hidden_at IS NULL ORDER BY ci.added_at, ci.product_id";
    let rows = sql.fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let quantity: i64 = row.try_get("sort_key")?;
            Ok((from_row(row)?, u32::try_from(quantity).unwrap_or(0)))
        })
        .collect()
}

/// As `by_ids`, hidden products included: for their shop's (and admins') own views.
pub async fn by_ids_with_hidden(
    conn: &mut AnyConnection,
    ids: &[ProductId],
    now: i64,
) -> Result<Vec<CardRow>, sqlx::Error> {
    cards_of(conn, ids, now, true).await
}

async fn cards_of(
    conn: &mut AnyConnection,
    ids: &[ProductId],
    now: i64,
    with_hidden: bool,
) -> Result<Vec<CardRow>, sqlx::Error> {
    let mut sql = Sql::default();
    let mut text = select(&mut sql, now, "p.created_at", "");
    let list = sql.list(ids);
    text.push_str(&format!(" WHERE p.id IN ({list})"));
    if !with_hidden {
        text.push_str(" AND p.hidden_at IS NULL");
    }
    sql.text = text;
    let rows = sql.fetch_all(conn).await?;
    let mut cards: Vec<CardRow> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    cards.sort_by_key(|card| ids.iter().position(|id| *id == card.id));
    Ok(cards)
}
