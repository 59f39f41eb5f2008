//! Conversations between a buyer and a shop, and their messages.

use super::images::{ImageRecord, image_columns, image_from_row};
use super::sql::{Arg, Sql};
use super::{new_id, parse_id, to_u32};
use bazaar_shared::{ConversationId, ImageId, MessageId, ShopId, UserId};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Which side of a conversation an account is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Buyer,
    Shop,
}

impl Side {
    /// The column counting what this side has not read yet.
    fn unread_column(self) -> &'static str {
        match self {
            Side::Buyer => "buyer_unread",
            Side::Shop => "shop_unread",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Buyer => Side::Shop,
            Side::Shop => Side::Buyer,
        }
    }
}

/// One party's presence row, if it ever connected.
#[derive(Clone, Debug, Default)]
pub struct PresenceRow {
    pub instances: i64,
    pub last_seen: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct LastMessageRow {
    pub sender_id: UserId,
    pub body: String,
    pub has_image: bool,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct ConversationRow {
    pub id: ConversationId,
    pub buyer_id: UserId,
    pub buyer_name: String,
    pub buyer_avatar: Option<ImageRecord>,
    pub buyer_presence: PresenceRow,
    pub shop_id: ShopId,
    pub shop_name: String,
    pub shop_avatar: Option<ImageRecord>,
    pub owner_id: UserId,
    pub owner_presence: PresenceRow,
    pub last_message: Option<LastMessageRow>,
    pub buyer_unread: u32,
    pub shop_unread: u32,
    pub updated_at: i64,
}

impl ConversationRow {
    /// The side `user` is on, or `None` if the conversation is not theirs.
    pub fn side_of(&self, user: UserId) -> Option<Side> {
        if user == self.buyer_id {
            Some(Side::Buyer)
        } else if user == self.owner_id {
            Some(Side::Shop)
        } else {
            None
        }
    }

    pub fn members(&self) -> [UserId; 2] {
        [self.buyer_id, self.owner_id]
    }
}

fn conversation_select() -> String {
    format!(
        "SELECT c.id, c.buyer_id, c.shop_id, c.buyer_unread, c.shop_unread, c.updated_at, \
         bu.name AS buyer_name, {}, s.name AS shop_name, s.owner_id, {}, \
         bp.instances AS buyer_instances, bp.last_seen AS buyer_last_seen, \
         op.instances AS owner_instances, op.last_seen AS owner_last_seen, \
         m.sender_id AS last_sender_id, m.body AS last_body, m.image_id AS last_image_id, \
         m.created_at AS last_created_at \
         FROM conversations c \
         JOIN users bu ON bu.id = c.buyer_id LEFT JOIN images ba ON ba.id = bu.avatar_id \
         JOIN shops s ON s.id = c.shop_id LEFT JOIN images sa ON sa.id = s.avatar_id \
         LEFT JOIN presence bp ON bp.user_id = c.buyer_id \
         LEFT JOIN presence op ON op.user_id = s.owner_id \
         LEFT JOIN messages m ON m.id = c.last_message_id",
        image_columns("ba", "buyer_avatar"),
        image_columns("sa", "shop_avatar"),
    )
}

fn presence_from_row(row: &AnyRow, prefix: &str) -> Result<PresenceRow, sqlx::Error> {
    Ok(PresenceRow {
        instances: row
            .try_get::<Option<i64>, _>(format!("{prefix}_instances").as_str())?
            .unwrap_or(0),
        last_seen: row.try_get(format!("{prefix}_last_seen").as_str())?,
    })
}

fn conversation_from_row(row: &AnyRow) -> Result<ConversationRow, sqlx::Error> {
    let last_message = match row.try_get::<Option<String>, _>("last_sender_id")? {
        Some(sender) => Some(LastMessageRow {
            sender_id: parse_id(&sender)?,
            body: row.try_get("last_body")?,
            has_image: row.try_get::<Option<String>, _>("last_image_id")?.is_some(),
            created_at: row.try_get("last_created_at")?,
        }),
        None => None,
    };
    Ok(ConversationRow {
        id: parse_id(row.try_get("id")?)?,
        buyer_id: parse_id(row.try_get("buyer_id")?)?,
        buyer_name: row.try_get("buyer_name")?,
        buyer_avatar: image_from_row(row, "buyer_avatar")?,
        buyer_presence: presence_from_row(row, "buyer")?,
        shop_id: parse_id(row.try_get("shop_id")?)?,
        shop_name: row.try_get("shop_name")?,
        shop_avatar: image_from_row(row, "shop_avatar")?,
        owner_id: parse_id(row.try_get("owner_id")?)?,
        owner_presence: presence_from_row(row, "owner")?,
        last_message,
        buyer_unread: to_u32(row.try_get("buyer_unread")?),
        shop_unread: to_u32(row.try_get("shop_unread")?),
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn find(
    conn: &mut AnyConnection,
    id: ConversationId,
) -> Result<Option<ConversationRow>, sqlx::Error> {
    let sql = format!("{} WHERE c.id = $1", conversation_select());
    super::find_by_id(conn, sql, id, conversation_from_row).await
}

/// The buyer's conversation with the shop, created if there is none yet. Returns it and
/// whether it is new.
pub async fn find_or_create(
    conn: &mut AnyConnection,
    buyer: UserId,
    shop: ShopId,
    now: i64,
) -> Result<(ConversationId, bool), sqlx::Error> {
    let created = sqlx::query(
        "INSERT INTO conversations (id, buyer_id, shop_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (buyer_id, shop_id) DO NOTHING",
    )
    .bind(new_id().to_string())
    .bind(buyer.to_string())
    .bind(shop.to_string())
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    let id: String =
        sqlx::query_scalar("SELECT id FROM conversations WHERE buyer_id = $1 AND shop_id = $2")
            .bind(buyer.to_string())
            .bind(shop.to_string())
            .fetch_one(conn)
            .await?;
    Ok((parse_id(&id)?, created))
}

/// The account's conversations, as buyer and as shop owner, most recently active first. A
/// shop sees a conversation once the buyer wrote in it, not when they merely opened it.
pub async fn list_for(
    conn: &mut AnyConnection,
    user: UserId,
    limit: u32,
) -> Result<Vec<ConversationRow>, sqlx::Error> {
    let sql = format!(
        "{} WHERE c.buyer_id = $1 OR (s.owner_id = $1 AND c.last_message_id IS NOT NULL) \
         ORDER BY c.updated_at DESC, c.id DESC LIMIT $2",
        conversation_select()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user.to_string())
        .bind(i64::from(limit))
        .fetch_all(conn)
        .await?
        .iter()
        .map(conversation_from_row)
        .collect()
}

#[derive(Clone, Debug)]
pub struct MessageRow {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub sender_id: UserId,
    pub body: String,
    pub image: Option<ImageRecord>,
    pub created_at: i64,
}

fn message_from_row(row: &AnyRow) -> Result<MessageRow, sqlx::Error> {
    Ok(MessageRow {
        id: parse_id(row.try_get("id")?)?,
        conversation_id: parse_id(row.try_get("conversation_id")?)?,
        sender_id: parse_id(row.try_get("sender_id")?)?,
        body: row.try_get("body")?,
        image: image_from_row(row, "image")?,
        created_at: row.try_get("created_at")?,
    })
}

/// What storing a message changed.
#[derive(Clone, Copy, Debug)]
pub struct Stored {
    pub id: MessageId,
    pub created_at: i64,
    pub buyer_unread: u32,
    pub shop_unread: u32,
}

/// Stores a message and makes it the conversation's last, counting it as unread for the
/// other side. Run it in a transaction.
pub async fn insert_message(
    conn: &mut AnyConnection,
    conversation: ConversationId,
    sender: UserId,
    sender_side: Side,
    body: &str,
    image: Option<ImageId>,
    now: i64,
) -> Result<Stored, sqlx::Error> {
    let id = MessageId(new_id());
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, sender_id, body, image_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_string())
    .bind(conversation.to_string())
    .bind(sender.to_string())
    .bind(body)
    .bind(image.map(|i| i.to_string()))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let unread = sender_side.other().unread_column();
    let sql = format!(
        "UPDATE conversations SET last_message_id = $1, updated_at = $2, {unread} = {unread} + 1 \
         WHERE id = $3 RETURNING buyer_unread, shop_unread"
    );
    let counts = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .bind(now)
        .bind(conversation.to_string())
        .fetch_one(conn)
        .await?;
    Ok(Stored {
        id,
        created_at: now,
        buyer_unread: to_u32(counts.try_get("buyer_unread")?),
        shop_unread: to_u32(counts.try_get("shop_unread")?),
    })
}

fn message_select() -> String {
    format!(
        "SELECT m.id, m.conversation_id, m.sender_id, m.body, m.created_at, {} \
         FROM messages m LEFT JOIN images i ON i.id = m.image_id",
        image_columns("i", "image")
    )
}

/// Up to `limit` messages older than `before` (or the newest), newest first.
pub async fn messages(
    conn: &mut AnyConnection,
    conversation: ConversationId,
    before: Option<MessageId>,
    limit: u32,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    let mut sql = Sql::default();
    let conversation = sql.arg(Arg::Text(conversation.to_string()));
    sql.text = format!(
        "{} WHERE m.conversation_id = {conversation}",
        message_select()
    );
    if let Some(before) = before {
        let before = sql.arg(Arg::Text(before.to_string()));
        sql.text.push_str(&format!(" AND m.id < {before}"));
    }
    let limit = sql.arg(Arg::Int(i64::from(limit)));
    sql.text
        .push_str(&format!(" ORDER BY m.id DESC LIMIT {limit}"));
    sql.fetch_all(conn)
        .await?
        .iter()
        .map(message_from_row)
        .collect()
}

/// Clears one side's unread count; says whether there was anything to clear.
pub async fn mark_read(
    conn: &mut AnyConnection,
    conversation: ConversationId,
    side: Side,
) -> Result<bool, sqlx::Error> {
    let unread = side.unread_column();
    let sql = format!("UPDATE conversations SET {unread} = 0 WHERE id = $1 AND {unread} > 0");
    let changed = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(conversation.to_string())
        .execute(conn)
        .await?
        .rows_affected();
    Ok(changed > 0)
}

/// Everyone `user` shares a conversation with: the owners of shops they wrote to, and the
/// buyers who wrote to their shop.
pub async fn counterparts(
    conn: &mut AnyConnection,
    user: UserId,
) -> Result<Vec<UserId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT s.owner_id FROM conversations c JOIN shops s ON s.id = c.shop_id WHERE c.buyer_id = $1 \
         UNION SELECT c.buyer_id FROM conversations c JOIN shops s ON s.id = c.shop_id WHERE s.owner_id = $1",
    )
    .bind(user.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| parse_id(id)).collect()
}
