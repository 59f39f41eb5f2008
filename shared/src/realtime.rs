//! The websocket protocol at `/api/v1/ws`: JSON text frames, tagged by `type`.
//!
//! The server pushes what others did; clients only say that they type or ask for a pong.
//! Messages are sent with the REST call, so no client can deliver to anyone it likes.

use crate::chat::{Conversation, Message, Presence};
use crate::{ConversationId, UserId};
use serde::{Deserialize, Serialize};

/// The subprotocol a client must offer. Apps that cannot send cookies offer their token as
/// a second one, `bearer.<token>`, since browsers cannot set headers on a websocket.
pub const PROTOCOL: &str = "bazaar.v1";
pub const BEARER_PROTOCOL_PREFIX: &str = "bearer.";

/// Server → client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    Pong,
}

/// Client → server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientEvent {
    /// Throttle to one every few seconds while the user types.
    Typing {
        conversation_id: ConversationId,
    },
    Ping,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_tagged_by_type() {
        let ping: ClientEvent = serde_json::from_str(r#"{"type":"ping"}"#).unwrap();
        assert_eq!(ping, ClientEvent::Ping);
        let pong = serde_json::to_string(&ServerEvent::Pong).unwrap();
        assert_eq!(pong, r#"{"type":"pong"}"#);
        let presence = ServerEvent::Presence {
            user_id: UserId(uuid::Uuid::nil()),
            presence: Presence {
                online: true,
                last_seen: None,
            },
        };
        let json: serde_json::Value = serde_json::to_value(&presence).unwrap();
        assert_eq!(json["type"], "presence");
        assert_eq!(json["online"], true);
        let back: ServerEvent = serde_json::from_value(json).unwrap();
        assert_eq!(back, presence);
    }
}
