//! One open conversation: who it is with, the history (older pages on demand), live messages,
//! "… is typing" and the composer. Opening it, and each message that arrives while it is
//! open, marks it read.

use super::composer::Composer;
use super::{ChatAvatar, OtherSide};
use crate::action::use_action;
use crate::api::{self, ApiError};
use crate::components::status::{LoadError, TextSkeleton};
use crate::components::title::PageTitle;
use crate::format;
use crate::inbox::use_inbox;
use crate::realtime::{use_realtime, use_server_event};
use crate::routes::Route;
use crate::toast::use_toasts;
use bazaar_shared::catalog::Page;
use bazaar_shared::chat::{Conversation, Message};
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{ConversationId, UserId};
use dioxus::prelude::*;

const LOG_ID: &str = "message-log";
/// Closer than this to the bottom of the log counts as reading the newest messages.
const AT_BOTTOM_PX: i32 = 80;

#[derive(Clone, Debug, PartialEq)]
enum History {
    Loading,
    Shown,
    Failed(String),
}

#[component]
pub(super) fn ConversationPane(id: ConversationId, me: UserId) -> Element {
    let inbox = use_inbox();
    let realtime = use_realtime();
    let toasts = use_toasts();
    let mut messages = use_signal(Vec::<Message>::new);
    let mut older = use_signal(|| None::<String>);
    let mut history = use_signal(|| History::Loading);
    let loading_older = use_action();
    // The conversation when the inbox does not hold it (a link opened before the list came).
    let mut fetched = use_signal(|| None::<Conversation>);
    // Follow new messages while the reader is at the bottom; keep their place otherwise.
    let mut stick_to_bottom = use_hook(|| CopyValue::new(true));
    let mut height_before_older = use_hook(|| CopyValue::new(None::<i32>));

    let mark_read = move || {
        spawn(async move {
            match api::chat::mark_read(id).await {
                Ok(()) => inbox.mark_read_here(id),
                Err(e) => toasts.error(e.message()),
            }
        });
    };

    // The newest page when opened, and again after a reconnect: what was sent meanwhile
    // was not pushed to us.
    use_effect(move || {
        let _reload_after = realtime.reconnected();
        let need_conversation = fetched.peek().is_none() && !inbox.holds(id);
        spawn(async move {
            match newest_page(id, need_conversation).await {
                Ok((conversation, page)) => {
                    if let Some(conversation) = conversation {
                        inbox.upsert(conversation.clone());
                        fetched.set(Some(conversation));
                    }
                    let mut latest: Vec<Message> = page.items.into_iter().rev().collect();
                    // What came live while the page was on its way is newer than all of it.
                    let newest = latest.last().map(|m| m.id);
                    let arrived: Vec<Message> = messages
                        .peek()
                        .iter()
                        .filter(|m| newest.is_none_or(|n| m.id > n))
                        .cloned()
                        .collect();
                    merge(&mut latest, arrived);
                    stick_to_bottom.set(true);
                    messages.set(latest);
                    older.set(page.next_cursor);
                    history.set(History::Shown);
                    mark_read();
                }
                // A failed reload leaves the history shown as it was.
                Err(e) if *history.peek() == History::Shown => toasts.error(e.message()),
                Err(e) => history.set(History::Failed(e.message())),
            }
        });
    });

    use_server_event(move |event| {
        if let ServerEvent::MessageCreated { message } = event
            && message.conversation_id == id
        {
            let theirs = message.sender_id != me;
            merge(&mut messages.write(), [message]);
            if theirs {
                mark_read();
            }
        }
    });

    // After the log changed: keep the newest in view, or the reader's place after older
    // messages were put above it.
    use_effect(move || {
        let _changed = messages.read();
        let Some(log) = log_element() else {
            return;
        };
        if let Some(before) = height_before_older.write().take() {
            log.set_scroll_top(log.scroll_top() + log.scroll_height() - before);
        } else if *stick_to_bottom.peek() {
            log.set_scroll_top(log.scroll_height());
        }
    });

    let load_older = move |_| {
        let Some(cursor) = older() else {
            return;
        };
        loading_older.run(api::chat::messages(id, &cursor), move |page| {
            height_before_older.set(log_element().map(|log| log.scroll_height()));
            merge(&mut messages.write(), page.items);
            older.set(page.next_cursor);
        });
    };

    let onscroll = move |_| {
        if let Some(log) = log_element() {
            let below = log.scroll_height() - log.scroll_top() - log.client_height();
            stick_to_bottom.set(below < AT_BOTTOM_PX);
        }
    };

    let other = inbox
        .find(id)
        .or_else(|| fetched.read().clone())
        .map(|c| OtherSide::of(&c, me));
    let name = other.as_ref().map_or(String::new(), |o| o.name.clone());
    let title = if name.is_empty() {
        "Messages · Bazaar".to_string()
    } else {
        format!("{name} · Messages · Bazaar")
    };
    let log = match history() {
        History::Loading => rsx! { TextSkeleton { lines: 4 } },
        History::Failed(why) => rsx! { LoadError { message: why } },
        History::Shown if messages.read().is_empty() => rsx! {
            p { class: "muted log-empty", "No messages yet. Ask away: the seller is told at once." }
        },
        History::Shown => rsx! {
            if older().is_some() {
                div { class: "load-older",
                    button {
                        class: "button button-ghost",
                        r#type: "button",
                        disabled: loading_older.is_busy(),
                        aria_busy: loading_older.is_busy(),
                        onclick: load_older,
                        if loading_older.is_busy() { "Loading…" } else { "Load older messages" }
                    }
                }
            }
            for group in messages.read().chunk_by(|a, b| a.sender_id == b.sender_id) {
                MessageGroup {
                    key: "{group[0].id}",
                    messages: group.to_vec(),
                    sender: if group[0].sender_id == me { None } else { Some(name.clone()) },
                }
            }
        },
    };

    rsx! {
        PageTitle { text: "{title}" }
        section { class: "conversation", aria_label: if name.is_empty() { "Conversation".to_string() } else { format!("Conversation with {name}") },
            header { class: "conversation-head",
                Link { class: "button button-ghost conversation-back", to: Route::Inbox {}, title: "All messages",
                    span { aria_hidden: true, "‹" }
                    span { class: "visually-hidden", "All messages" }
                }
                if let Some(other) = &other {
                    ChatAvatar { name: other.name.clone(), avatar: other.avatar.clone(), online: other.presence.online }
                    div { class: "conversation-who",
                        h2 {
                            if let Some(shop) = other.shop {
                                Link { to: Route::ShopPage { id: shop }, "{other.name}" }
                            } else {
                                "{other.name}"
                            }
                        }
                        p { class: "conversation-presence", "{other.presence_text()}" }
                    }
                }
            }
            div { id: LOG_ID, class: "message-log", role: "log", aria_label: "Messages", tabindex: "0", onscroll,
                {log}
            }
            p { class: "typing-indicator", aria_live: "polite",
                if inbox.is_typing(id) && !name.is_empty() { "{name} is typing…" }
            }
            Composer {
                conversation_id: id,
                to: name.clone(),
                on_sent: move |message| {
                    stick_to_bottom.set(true);
                    merge(&mut messages.write(), [message]);
                },
            }
        }
    }
}

/// The newest page of history, and the conversation itself when asked for.
async fn newest_page(
    id: ConversationId,
    with_conversation: bool,
) -> Result<(Option<Conversation>, Page<Message>), ApiError> {
    let conversation = if with_conversation {
        Some(api::chat::conversation(id).await?)
    } else {
        None
    };
    Ok((conversation, api::chat::messages(id, "").await?))
}

/// Puts `incoming` into `messages` in sending order (ids are time-ordered), each once: the
/// sender's devices get their own messages back over the socket too.
fn merge(messages: &mut Vec<Message>, incoming: impl IntoIterator<Item = Message>) {
    for message in incoming {
        let at = messages.partition_point(|m| m.id < message.id);
        if messages.get(at).is_none_or(|m| m.id != message.id) {
            messages.insert(at, message);
        }
    }
}

fn log_element() -> Option<web_sys::Element> {
    crate::browser::window()?
        .document()?
        .get_element_by_id(LOG_ID)
}

/// Consecutive messages from one side; `sender` is the other side's name, `None` for mine.
#[component]
fn MessageGroup(messages: Vec<Message>, sender: Option<String>) -> Element {
    let now = format::now();
    let last = messages.last().map(|m| m.sent_at);
    let who = sender.clone().unwrap_or_else(|| "You".to_string());
    rsx! {
        div { class: if sender.is_none() { "message-group mine" } else { "message-group theirs" },
            span { class: "visually-hidden", "{who}:" }
            for message in messages {
                div { key: "{message.id}", class: "message-bubble",
                    if let Some(image) = &message.image {
                        a { class: "message-picture", href: "{image.url}", target: "_blank", rel: "noopener",
                            img {
                                src: "{image.thumb_url}",
                                alt: "Picture from {who} (opens full size)",
                                width: "{image.width}",
                                height: "{image.height}",
                                loading: "lazy",
                            }
                        }
                    }
                    if !message.text.is_empty() {
                        p { class: "message-text", "{message.text}" }
                    }
                }
            }
            if let Some(sent_at) = last {
                p { class: "message-time", title: "{format::date_time(sent_at)}", "{format::short_time(sent_at, now)}" }
            }
        }
    }
}
