//! Chat: conversations between a buyer and a shop, and their messages. New messages and
//! changes reach the other side over the websocket (see `crate::realtime`).

use super::ApiError;
use super::fetch::{get, query, send_empty, send_form, send_json};
use bazaar_shared::catalog::Page;
use bazaar_shared::chat::{Conversation, Message, NewMessage, StartConversation, check_message};
use bazaar_shared::{ConversationId, ShopId};

/// The signed-in buyer's conversation with a shop, opened on first contact.
pub fn start(shop_id: ShopId) -> impl Future<Output = Result<Conversation, ApiError>> {
    send_json(
        "POST",
        "/api/v1/conversations",
        &StartConversation { shop_id },
    )
}

/// The caller's conversations as a buyer and as a shop owner, most recently active first.
pub fn conversations() -> impl Future<Output = Result<Vec<Conversation>, ApiError>> {
    get("/api/v1/conversations")
}

pub fn conversation(id: ConversationId) -> impl Future<Output = Result<Conversation, ApiError>> {
    get(&format!("/api/v1/conversations/{id}"))
}

/// A page of messages, newest first; `before` is the previous page's `next_cursor`.
pub fn messages(
    id: ConversationId,
    before: &str,
) -> impl Future<Output = Result<Page<Message>, ApiError>> + use<> {
    get(&format!(
        "/api/v1/conversations/{id}/messages{}",
        query(&[("before", before)])
    ))
}

/// Sends text and/or one picture.
pub async fn send(
    id: ConversationId,
    text: &str,
    image: Option<&web_sys::File>,
) -> Result<Message, ApiError> {
    check_message(text, image.is_some())?;
    let path = format!("/api/v1/conversations/{id}/messages");
    match image {
        Some(file) => send_form("POST", &path, &[("text", text)], std::slice::from_ref(file)).await,
        None => {
            let body = NewMessage {
                text: text.to_string(),
            };
            send_json("POST", &path, &body).await
        }
    }
}

/// Marks everything in the conversation read for the caller's side.
pub fn mark_read(id: ConversationId) -> impl Future<Output = Result<(), ApiError>> {
    send_empty("POST", &format!("/api/v1/conversations/{id}/read"))
}
