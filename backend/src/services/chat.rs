//! Chat between buyers and shops: only the conversation's buyer and the shop's owner may
//! read or write in it. Every change is pushed to both sides' websockets once committed.

use super::chat_writer::NewMessage;
use super::uploads;
use crate::AppState;
use crate::db::chat::{self, ConversationRow, LastMessageRow, MessageRow, Side};
use crate::db::sessions::Principal;
use crate::db::{self, shops};
use crate::error::{ApiError, ApiResult};
use crate::pagination;
use crate::realtime::presence::presence_of;
use bazaar_shared::catalog::Page;
use bazaar_shared::chat::{ChatBuyer, ChatShop, Conversation, LastMessage, Message, check_message};
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{ConversationId, MessageId, ShopId, UserId};
use bytes::Bytes;

/// A shop's inbox shows this many of its most recent conversations.
const CONVERSATIONS_LISTED: u32 = 200;

/// The buyer's conversation with the shop, opened on first contact; says whether it is new.
pub async fn start(
    state: &AppState,
    principal: &Principal,
    shop: ShopId,
) -> ApiResult<(Conversation, bool)> {
    if principal.shop_id == Some(shop) {
        return Err(ApiError::invalid("shop_id", "is your own shop"));
    }
    let mut conn = state.db.pool.acquire().await?;
    shops::find(&mut conn, shop)
        .await?
        .ok_or_else(|| ApiError::invalid("shop_id", "names no shop"))?;
    // No connection held while waiting for the writer: on PostgreSQL it comes from the same
    // pool, which a crowd of such waits could empty for good.
    drop(conn);
    let (id, created) = chat::find_or_create(
        &mut *state.db.writer().await?,
        principal.user_id,
        shop,
        state.clock.now_micros(),
    )
    .await?;
    let mut conn = state.db.pool.acquire().await?;
    let row = chat::find(&mut conn, id)
        .await?
        .ok_or(ApiError::NotFound("conversation"))?;
    Ok((conversation(state, &row), created))
}

pub async fn list(state: &AppState, user: UserId) -> ApiResult<Vec<Conversation>> {
    let mut conn = state.db.pool.acquire().await?;
    let rows = chat::list_for(&mut conn, user, CONVERSATIONS_LISTED).await?;
    Ok(rows.iter().map(|row| conversation(state, row)).collect())
}

pub async fn get(state: &AppState, user: UserId, id: ConversationId) -> ApiResult<Conversation> {
    let mut conn = state.db.pool.acquire().await?;
    let (row, _) = member(&mut conn, user, id).await?;
    Ok(conversation(state, &row))
}

/// History, newest first, a page at a time going back.
pub async fn messages(
    state: &AppState,
    user: UserId,
    id: ConversationId,
    before: Option<MessageId>,
    limit: Option<u32>,
) -> ApiResult<Page<Message>> {
    // Out of range is clamped, not refused: the history's clients count on it.
    let limit = limit
        .unwrap_or(bazaar_shared::chat::MESSAGES_PAGE)
        .clamp(1, pagination::MAX_LIMIT as u32);
    let mut conn = state.db.pool.acquire().await?;
    member(&mut conn, user, id).await?;
    let rows = chat::messages(&mut conn, id, before, limit + 1).await?;
    // The cursor stays the last message's id: clients send it back as `before`.
    Ok(pagination::into_page_marked(
        rows,
        i64::from(limit),
        |row| row.id.to_string(),
        |row| message(state, &row),
    ))
}

/// Stores the message, then pushes it and the updated conversation to both sides.
pub async fn send(
    state: &AppState,
    user: UserId,
    id: ConversationId,
    text: &str,
    image: Option<Bytes>,
) -> ApiResult<Message> {
    check_message(text, image.is_some())?;
    let (mut conversation, side) = {
        let mut conn = state.db.pool.acquire().await?;
        member(&mut conn, user, id).await?
    };
    let stored = match image {
        Some(upload) => Some(uploads::store(state, upload).await?),
        None => None,
    };
    let text = text.trim();
    let written = state
        .chat_writer
        .store(NewMessage {
            conversation: id,
            sender: user,
            side,
            body: text.to_owned(),
            image: stored.clone(),
            now: state.clock.now_micros(),
        })
        .await;
    let message = match written {
        Ok(message) => message,
        Err(error) => {
            uploads::discard(state, stored.as_slice()).await;
            return Err(error);
        }
    };
    // What was written is known: no need to read it back.
    conversation.last_message = Some(LastMessageRow {
        sender_id: user,
        body: text.to_owned(),
        has_image: stored.is_some(),
        created_at: message.created_at,
    });
    conversation.updated_at = message.created_at;
    conversation.buyer_unread = message.buyer_unread;
    conversation.shop_unread = message.shop_unread;
    let message = Message {
        id: message.id,
        conversation_id: id,
        sender_id: user,
        text: text.to_owned(),
        image: stored.as_ref().map(|image| state.media.image(image)),
        sent_at: db::from_micros(message.created_at),
    };
    let members = conversation.members();
    state
        .hub
        .publish(
            &members,
            &ServerEvent::MessageCreated {
                message: message.clone(),
            },
        )
        .await;
    publish_conversation(state, &conversation).await;
    Ok(message)
}

/// Marks everything read for the caller's side.
pub async fn mark_read(state: &AppState, user: UserId, id: ConversationId) -> ApiResult<()> {
    let (_, side) = member(&mut *state.db.pool.acquire().await?, user, id).await?;
    if chat::mark_read(&mut *state.db.writer().await?, id, side).await? {
        let mut conn = state.db.pool.acquire().await?;
        let row = chat::find(&mut conn, id)
            .await?
            .ok_or(ApiError::NotFound("conversation"))?;
        publish_conversation(state, &row).await;
    }
    Ok(())
}

/// Tells the other side that `user` is typing.
pub async fn typing(state: &AppState, user: UserId, id: ConversationId) -> ApiResult<()> {
    let mut conn = state.db.pool.acquire().await?;
    let (row, side) = member(&mut conn, user, id).await?;
    let other = match side {
        Side::Buyer => row.owner_id,
        Side::Shop => row.buyer_id,
    };
    let event = ServerEvent::Typing {
        conversation_id: id,
        user_id: user,
    };
    state.hub.publish(&[other], &event).await;
    Ok(())
}

/// The conversation and the caller's side of it; anyone else hears it does not exist.
async fn member(
    conn: &mut sqlx::AnyConnection,
    user: UserId,
    id: ConversationId,
) -> ApiResult<(ConversationRow, Side)> {
    let row = chat::find(conn, id)
        .await?
        .ok_or(ApiError::NotFound("conversation"))?;
    let side = row
        .side_of(user)
        .ok_or(ApiError::NotFound("conversation"))?;
    Ok((row, side))
}

async fn publish_conversation(state: &AppState, row: &ConversationRow) {
    let event = ServerEvent::ConversationUpdated {
        conversation: Box::new(conversation(state, row)),
    };
    state.hub.publish(&row.members(), &event).await;
}

fn conversation(state: &AppState, row: &ConversationRow) -> Conversation {
    let now = state.clock.now_micros();
    Conversation {
        id: row.id,
        buyer: ChatBuyer {
            id: row.buyer_id,
            name: row.buyer_name.clone(),
            avatar: row.buyer_avatar.as_ref().map(|a| state.media.image(a)),
            presence: presence_of(&row.buyer_presence, now),
        },
        shop: ChatShop {
            id: row.shop_id,
            name: row.shop_name.clone(),
            avatar: row.shop_avatar.as_ref().map(|a| state.media.image(a)),
            owner_id: row.owner_id,
            presence: presence_of(&row.owner_presence, now),
        },
        last_message: row.last_message.as_ref().map(|last| LastMessage {
            sender_id: last.sender_id,
            text: last.body.clone(),
            has_image: last.has_image,
            sent_at: db::from_micros(last.created_at),
        }),
        buyer_unread: row.buyer_unread,
        shop_unread: row.shop_unread,
        updated_at: db::from_micros(row.updated_at),
    }
}

fn message(state: &AppState, row: &MessageRow) -> Message {
    Message {
        id: row.id,
        conversation_id: row.conversation_id,
        sender_id: row.sender_id,
        text: row.body.clone(),
        image: row.image.as_ref().map(|i| state.media.image(i)),
        sent_at: db::from_micros(row.created_at),
    }
}
