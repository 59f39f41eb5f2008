//! The inbox: the account's conversations beside the open one; on a phone, two screens.

mod composer;
mod conversation;

use crate::components::status::{EmptyState, LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::inbox::use_inbox;
use crate::realtime::use_realtime;
use crate::routes::Route;
use crate::session::{Session, use_session};
use bazaar_shared::chat::{Conversation, Presence};
use bazaar_shared::image::Image;
use bazaar_shared::{ConversationId, ShopId, UserId};
use conversation::ConversationPane;
use dioxus::prelude::*;

/// The other side of a conversation as the signed-in account sees it: the shop for its
/// buyer, the buyer for the shop's owner.
#[derive(Clone, Debug, PartialEq)]
struct OtherSide {
    name: String,
    avatar: Option<Image>,
    presence: Presence,
    /// The shop, when the other side is one.
    shop: Option<ShopId>,
}

impl OtherSide {
    fn of(conversation: &Conversation, me: UserId) -> Self {
        let (buyer, shop) = (&conversation.buyer, &conversation.shop);
        if shop.owner_id == me {
            Self {
                name: buyer.name.clone(),
                avatar: buyer.avatar.clone(),
                presence: buyer.presence.clone(),
                shop: None,
            }
        } else {
            Self {
                name: shop.name.clone(),
                avatar: shop.avatar.clone(),
                presence: shop.presence.clone(),
                shop: Some(shop.id),
            }
        }
    }

    /// `Online`, `Last seen 5 min ago`, or `Offline` for someone never seen.
    fn presence_text(&self) -> String {
        if self.presence.online {
            return "Online".to_string();
        }
        match self.presence.last_seen {
            Some(seen) => format!("Last seen {}", format::ago(seen, format::now())),
            None => "Offline".to_string(),
        }
    }
}

/// The frame of both inbox screens: who may see it, the list, and the open conversation.
#[component]
pub fn InboxLayout() -> Element {
    let session = use_session();
    let route = use_route::<Route>();
    let me = match &*session.read() {
        Session::Restoring => {
            return rsx! { section { class: "container section", TextSkeleton { lines: 4 } } };
        }
        Session::SignedOut => {
            return rsx! {
                section { class: "container section",
                    EmptyState { title: "Sign in to see your messages.",
                        Link { class: "button button-primary", to: Route::SignIn {}, "Sign in" }
                    }
                }
            };
        }
        Session::SignedIn(me) => me.id,
    };
    let (class, open) = match &route {
        Route::InboxConversation { id } => ("container inbox inbox-open", Some(*id)),
        _ => ("container inbox", None),
    };
    rsx! {
        div { class,
            ConversationList { me, open }
            div { class: "inbox-pane", Outlet::<Route> {} }
        }
    }
}

/// `/inbox` with no conversation open: on a wide screen, the space beside the list.
#[component]
pub fn Inbox() -> Element {
    rsx! {
        PageTitle { text: "Messages · Bazaar" }
        div { class: "inbox-placeholder",
            EmptyState { title: "Choose a conversation to read it." }
        }
    }
}

#[component]
pub fn InboxConversation(id: ConversationId) -> Element {
    let session = use_session();
    // The layout shows nothing else to someone signed out.
    let Some(me) = session.read().user().map(|me| me.id) else {
        return rsx! {};
    };
    rsx! {
        // Keyed, so opening another conversation starts a fresh pane: history, draft, scroll.
        for id in [id] {
            ConversationPane { key: "{id}", id, me }
        }
    }
}

#[component]
fn ConversationList(me: UserId, open: Option<ConversationId>) -> Element {
    let inbox = use_inbox();
    let realtime = use_realtime();
    let body = match inbox.conversations() {
        None => rsx! { TextSkeleton { lines: 4 } },
        Some(Err(why)) => rsx! { LoadError { message: why } },
        Some(Ok(list)) if list.is_empty() => rsx! {
            p { class: "muted inbox-empty",
                "No conversations yet. Ask a seller a question from any product or shop page."
            }
        },
        Some(Ok(list)) => rsx! {
            ul { class: "conversation-list",
                for conversation in list {
                    ConversationRow {
                        key: "{conversation.id}",
                        selected: open == Some(conversation.id),
                        typing: inbox.is_typing(conversation.id),
                        me,
                        conversation,
                    }
                }
            }
        },
    };
    rsx! {
        nav { class: "inbox-list", aria_label: "Conversations",
            div { class: "inbox-list-head",
                h1 { "Messages" }
                p { class: "link-lost", role: "status",
                    if realtime.link_lost() { "Reconnecting…" }
                }
            }
            {body}
        }
    }
}

#[component]
fn ConversationRow(
    conversation: Conversation,
    me: UserId,
    selected: bool,
    typing: bool,
) -> Element {
    let other = OtherSide::of(&conversation, me);
    let unread = conversation.unread_for(me);
    let when = conversation
        .last_message
        .as_ref()
        .map(|last| format::short_time(last.sent_at, format::now()));
    let preview = match &conversation.last_message {
        _ if typing => "typing…".to_string(),
        None => "No messages yet".to_string(),
        Some(last) => {
            let body = if last.text.is_empty() {
                "Picture"
            } else {
                &last.text
            };
            if last.sender_id == me {
                format!("You: {body}")
            } else {
                body.to_string()
            }
        }
    };
    let mut class = String::from("conversation-row");
    if selected {
        class.push_str(" selected");
    }
    if unread > 0 {
        class.push_str(" unread");
    }
    rsx! {
        li {
            Link {
                class,
                to: Route::InboxConversation { id: conversation.id },
                aria_current: if selected { "page" } else { "false" },
                ChatAvatar { name: other.name.clone(), avatar: other.avatar.clone(), online: other.presence.online }
                span { class: "conversation-text",
                    span { class: "conversation-line",
                        span { class: "conversation-name", "{other.name}" }
                        if let Some(when) = when {
                            span { class: "conversation-time", "{when}" }
                        }
                    }
                    span { class: "conversation-presence", "{other.presence_text()}" }
                    span { class: "conversation-line",
                        span { class: if typing { "conversation-preview typing" } else { "conversation-preview" }, "{preview}" }
                        if unread > 0 {
                            span { class: "unread-badge", "data-testid": "unread-badge",
                                "{unread}"
                                span { class: "visually-hidden", " unread" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The other side's picture (or initial), with a dot while they are online.
#[component]
fn ChatAvatar(name: String, avatar: Option<Image>, online: bool) -> Element {
    let initial = name
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    rsx! {
        span { class: "chat-avatar",
            if let Some(avatar) = avatar {
                img { src: "{avatar.thumb_url}", alt: "", width: "44", height: "44", loading: "lazy", decoding: "async" }
            } else {
                span { class: "chat-avatar-initial", aria_hidden: true, "{initial}" }
            }
            if online {
                span { class: "presence-dot", aria_hidden: true }
            }
        }
    }
}
