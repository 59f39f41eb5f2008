//! Chat between a buyer and a shop: one conversation per pair, messages of text and/or one
//! image, unread counts kept per side.

use crate::image::Image;
use crate::validate;
use crate::{ConversationId, FieldErrors, MessageId, ShopId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const MESSAGE_MAX_CHARS: usize = 4_000;
/// Messages a page of history holds unless the client asks for fewer.
pub const MESSAGES_PAGE: u32 = 50;

/// POST /conversations: the buyer's conversation with a shop, opened on first contact.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartConversation {
    pub shop_id: ShopId,
}

/// Whether an account has a websocket open now, else when it last had one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Presence {
    pub online: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_seen: Option<OffsetDateTime>,
}

/// The buyer's side of a conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatBuyer {
    pub id: UserId,
    pub name: String,
    pub avatar: Option<Image>,
    pub presence: Presence,
}

/// The shop's side: the shop, and the account that answers for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatShop {
    pub id: ShopId,
    pub name: String,
    pub avatar: Option<Image>,
    pub owner_id: UserId,
    pub presence: Presence,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastMessage {
    pub sender_id: UserId,
    pub text: String,
    pub has_image: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// A conversation as both of its sides see it; each side reads its own unread count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    pub id: ConversationId,
    pub buyer: ChatBuyer,
    pub shop: ChatShop,
    pub last_message: Option<LastMessage>,
    pub buyer_unread: u32,
    pub shop_unread: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Conversation {
    pub fn unread_for(&self, user: UserId) -> u32 {
        if user == self.buyer.id {
            self.buyer_unread
        } else {
            self.shop_unread
        }
    }

    /// The other side's account, as `user` sees the conversation.
    pub fn other_account(&self, user: UserId) -> UserId {
        if user == self.buyer.id {
            self.shop.owner_id
        } else {
            self.buyer.id
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub sender_id: UserId,
    /// May be empty when the message is an image.
    pub text: String,
    pub image: Option<Image>,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

/// POST /conversations/{id}/messages as JSON; a message with an image is a multipart form
/// with the same `text` field and an `image` part.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    #[serde(default)]
    pub text: String,
}

/// A message needs text or an image, and its text fits the limit.
pub fn check_message(text: &str, has_image: bool) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if has_image {
        validate::check_max(&mut errors, "text", text, MESSAGE_MAX_CHARS);
    } else {
        validate::check_text(&mut errors, "text", text, MESSAGE_MAX_CHARS);
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_needs_text_unless_it_carries_an_image() {
        assert!(check_message("  ", false).is_err());
        assert!(check_message("", true).is_ok());
        assert!(check_message("hello", false).is_ok());
    }

    #[test]
    fn text_is_limited_with_or_without_an_image() {
        let long = "x".repeat(MESSAGE_MAX_CHARS + 1);
        for has_image in [false, true] {
            let errors = check_message(&long, has_image).unwrap_err();
            assert!(errors.get("text").unwrap()[0].contains("at most 4000"));
        }
        assert!(check_message(&"é".repeat(MESSAGE_MAX_CHARS), false).is_ok());
    }
}
