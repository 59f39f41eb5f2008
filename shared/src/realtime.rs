//! The websocket protocol at `/api/v1/ws`: JSON text frames, tagged by `type`.
//!
//! The server pushes what others did; clients say that they type, ask for a pong, or send a
//! chat message. A message sent over the socket is answered on that socket once stored
//! (`message_sent`) or refused (`message_refused`, with the problem the REST call would have
//! answered), under the `client_ref` its sender chose; the REST call does the same work.

use crate::chat::{Conversation, Message, Presence};
use crate::order::Order;
use crate::problem::Problem;
use crate::{ConversationId, UserId};
use serde::{Deserialize, Serialize};

/// The subprotocol a client must offer. Apps that cannot send cookies offer their token as
/// a second one, `bearer.<token>`, since browsers cannot set headers on a websocket.
pub const PROTOCOL: &str = "bazaar.v1";
pub const BEARER_PROTOCOL_PREFIX: &str = "bearer.";

/// Server → client.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerEvent {
    MessageCreated {
        message: Message,
    },
    /// Its last message or an unread count changed.
    ConversationUpdated {
        conversation: Box<Conversation>,
    },
    /// An account one shares a conversation with came online or went offline.
    Presence {
        user_id: UserId,
        #[serde(flatten)]
        presence: Presence,
    },
    Typing {
        conversation_id: ConversationId,
        user_id: UserId,
    },
    /// One of my orders, as buyer or as seller, was placed or changed.
    OrderUpdated {
        order: Box<Order>,
    },
    Pong,
    /// The sender's `send_message` was stored and delivered.
    MessageSent {
        client_ref: String,
        message: Message,
    },
    /// The sender's `send_message` was not stored, for the reason `problem` gives.
    MessageRefused {
        client_ref: String,
        problem: Problem,
    },
}

/// A `client_ref` is at most this long.
pub const CLIENT_REF_MAX_CHARS: usize = 64;

/// The fields of every server event side by side. serde's derive for an internally tagged
/// enum buffers each frame and compiles a second deserializer for every type inside it
/// (some 40 KB of the UI's wasm); reading this flat shape uses the ones the REST calls use.
#[derive(Deserialize)]
struct FlatEvent {
    r#type: String,
    message: Option<Message>,
    conversation: Option<Box<Conversation>>,
    conversation_id: Option<ConversationId>,
    user_id: Option<UserId>,
    online: Option<bool>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    last_seen: Option<time::OffsetDateTime>,
    order: Option<Box<Order>>,
    client_ref: Option<String>,
    problem: Option<Problem>,
}

impl<'de> Deserialize<'de> for ServerEvent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let flat = FlatEvent::deserialize(deserializer)?;
        let missing = |field: &'static str| D::Error::missing_field(field);
        Ok(match flat.r#type.as_str() {
            "message_created" => ServerEvent::MessageCreated {
                message: flat.message.ok_or_else(|| missing("message"))?,
            },
            "conversation_updated" => ServerEvent::ConversationUpdated {
                conversation: flat.conversation.ok_or_else(|| missing("conversation"))?,
            },
            "presence" => ServerEvent::Presence {
                user_id: flat.user_id.ok_or_else(|| missing("user_id"))?,
                presence: Presence {
                    online: flat.online.ok_or_else(|| missing("online"))?,
                    last_seen: flat.last_seen,
                },
            },
            "typing" => ServerEvent::Typing {
                conversation_id: flat
                    .conversation_id
                    .ok_or_else(|| missing("conversation_id"))?,
                user_id: flat.user_id.ok_or_else(|| missing("user_id"))?,
            },
            "order_updated" => ServerEvent::OrderUpdated {
                order: flat.order.ok_or_else(|| missing("order"))?,
            },
            "pong" => ServerEvent::Pong,
            "message_sent" => ServerEvent::MessageSent {
                client_ref: flat.client_ref.ok_or_else(|| missing("client_ref"))?,
                message: flat.message.ok_or_else(|| missing("message"))?,
            },
            "message_refused" => ServerEvent::MessageRefused {
                client_ref: flat.client_ref.ok_or_else(|| missing("client_ref"))?,
                problem: flat.problem.ok_or_else(|| missing("problem"))?,
            },
            other => return Err(D::Error::unknown_variant(other, EVENT_TYPES)),
        })
    }
}

const EVENT_TYPES: &[&str] = &[
    "message_created",
    "conversation_updated",
    "presence",
    "typing",
    "order_updated",
    "pong",
    "message_sent",
    "message_refused",
];

/// Client → server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientEvent {
    /// Throttle to one every few seconds while the user types.
    Typing {
        conversation_id: ConversationId,
    },
    Ping,
    /// A chat message, as `POST /conversations/{id}/messages` sends one without a picture.
    SendMessage {
        conversation_id: ConversationId,
        text: String,
        /// Chosen by the client to match the answer to its message.
        client_ref: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::{ChatBuyer, ChatShop, LastMessage};

    fn id<T: std::str::FromStr<Err: std::fmt::Debug>>(n: u8) -> T {
        format!("00000000-0000-7000-8000-0000000000{n:02}")
            .parse()
            .unwrap()
    }

    fn at(seconds: i64) -> time::OffsetDateTime {
        time::OffsetDateTime::from_unix_timestamp(seconds).unwrap()
    }

    #[test]
    fn client_events_are_tagged_by_type() {
        let ping: ClientEvent = serde_json::from_str(r#"{"type":"ping"}"#).unwrap();
        assert_eq!(ping, ClientEvent::Ping);
        let typing = ClientEvent::Typing {
            conversation_id: id(3),
        };
        let json = serde_json::to_value(&typing).unwrap();
        assert_eq!(json["type"], "typing");
        assert_eq!(serde_json::from_value::<ClientEvent>(json).unwrap(), typing);
    }

    fn order(buyer: UserId) -> crate::order::Order {
        use crate::order::*;
        let usd = |amount| crate::money::Money::new(amount, "USD");
        Order {
            id: id(6),
            checkout_id: id(7),
            shop: crate::catalog::ShopSummary {
                id: id(5),
                name: "Lamp Works".into(),
            },
            buyer: OrderBuyer {
                id: buyer,
                name: "Bea".into(),
            },
            status: OrderStatus::Shipping,
            lines: vec![OrderLine {
                product_id: id(8),
                name: "Desk lamp".into(),
                image: None,
                unit_price: usd(2500),
                quantity: 2,
                line_total: usd(5000),
                review_id: None,
            }],
            subtotal: usd(5000),
            discount: usd(500),
            total: usd(4500),
            coupon_code: Some("WELCOME10".into()),
            payment_method: PaymentMethod::Cod,
            paid: false,
            shipping_address: ShippingAddress {
                name: "Bea".into(),
                phone: None,
                country: "US".into(),
                city: "Springfield".into(),
                line1: "1 Main St".into(),
                line2: String::new(),
                postal_code: "12345".into(),
            },
            timeline: vec![TimelineEntry {
                status: OrderStatus::Processing,
                at: at(1_700_000_000),
            }],
            refund_reason: None,
            delivered_at: None,
            created_at: at(1_700_000_000),
        }
    }

    #[test]
    fn every_server_event_reads_back_as_itself() {
        let (buyer, owner) = (id::<UserId>(1), id::<UserId>(2));
        let conversation_id: ConversationId = id(3);
        let presence = Presence {
            online: false,
            last_seen: Some(at(1_700_000_000)),
        };
        let message = Message {
            id: id(4),
            conversation_id,
            sender_id: buyer,
            text: "Is it still available?".into(),
            image: None,
            sent_at: at(1_700_000_100),
        };
        let conversation = Conversation {
            id: conversation_id,
            buyer: ChatBuyer {
                id: buyer,
                name: "Bea".into(),
                avatar: None,
                presence: presence.clone(),
            },
            shop: ChatShop {
                id: id(5),
                name: "Lamp Works".into(),
                avatar: None,
                owner_id: owner,
                presence: presence.clone(),
            },
            last_message: Some(LastMessage {
                sender_id: buyer,
                text: message.text.clone(),
                has_image: false,
                sent_at: message.sent_at,
            }),
            buyer_unread: 0,
            shop_unread: 1,
            updated_at: message.sent_at,
        };
        let events = [
            ServerEvent::MessageSent {
                client_ref: "m1".into(),
                message: message.clone(),
            },
            ServerEvent::MessageRefused {
                client_ref: "m2".into(),
                problem: crate::problem::Problem {
                    kind: "/problems/invalid".into(),
                    title: "Unprocessable Entity".into(),
                    status: 422,
                    detail: "text: must not be empty".into(),
                    errors: None,
                },
            },
            ServerEvent::MessageCreated { message },
            ServerEvent::ConversationUpdated {
                conversation: Box::new(conversation),
            },
            ServerEvent::Presence {
                user_id: owner,
                presence,
            },
            ServerEvent::Presence {
                user_id: owner,
                presence: Presence {
                    online: true,
                    last_seen: None,
                },
            },
            ServerEvent::Typing {
                conversation_id,
                user_id: buyer,
            },
            ServerEvent::OrderUpdated {
                order: Box::new(order(buyer)),
            },
            ServerEvent::Pong,
        ];
        for event in events {
            let frame = serde_json::to_string(&event).unwrap();
            let back: ServerEvent = serde_json::from_str(&frame).unwrap();
            assert_eq!(back, event, "{frame}");
        }
        assert_eq!(
            serde_json::to_string(&ServerEvent::Pong).unwrap(),
            r#"{"type":"pong"}"#
        );
    }

    #[test]
    fn unknown_or_incomplete_events_are_errors() {
        let unknown = serde_json::from_str::<ServerEvent>(r#"{"type":"order_shipped"}"#);
        assert!(unknown.unwrap_err().to_string().contains("order_shipped"));
        let incomplete = serde_json::from_str::<ServerEvent>(r#"{"type":"typing"}"#);
        assert!(
            incomplete
                .unwrap_err()
                .to_string()
                .contains("conversation_id")
        );
    }
}
