//! The signed-in account's conversations, kept live from the websocket: the header's unread
//! count, the inbox list, presence and typing all read from here.

use crate::api;
use crate::notify;
use crate::realtime::{Realtime, use_server_event};
use crate::toast::{Toasts, use_toasts};
use bazaar_shared::chat::{Conversation, Presence};
use bazaar_shared::realtime::ServerEvent;
use bazaar_shared::{ConversationId, UserId};
use dioxus::prelude::*;

/// How long "… is typing" shows after the last notice; the sender repeats it every 2.5 s.
const TYPING_SHOWN_MS: u32 = 4_000;

#[derive(Clone, Copy, PartialEq)]
pub struct Inbox {
    me: CopyValue<Option<UserId>>,
    /// Most recent activity first; `None` while loading, `Err` when that failed.
    conversations: Signal<Option<Result<Vec<Conversation>, String>>>,
    /// Conversations where the other side is typing, each with the notice that said so last.
    typing: Signal<Vec<(ConversationId, u64)>>,
    next_notice: CopyValue<u64>,
    toasts: Toasts,
}

/// Provides the inbox, fed by `realtime`'s events and reloaded after each reconnect.
pub fn provide_inbox(realtime: Realtime) -> Inbox {
    let conversations = use_signal(|| None);
    let typing = use_signal(Vec::new);
    let toasts = use_toasts();
    let inbox = use_context_provider(|| Inbox {
        me: CopyValue::new(None),
        conversations,
        typing,
        next_notice: CopyValue::new(0),
        toasts,
    });
    use_server_event(move |event| inbox.apply(event));
    use_effect(move || {
        if realtime.reconnected() > 0 {
            inbox.load();
        }
    });
    inbox
}

pub fn use_inbox() -> Inbox {
    use_context::<Inbox>()
}

impl Inbox {
    /// Loads the account's conversations at sign-in, forgets them at sign-out.
    pub fn follow_session(mut self, account: Option<UserId>) {
        if *self.me.peek() == account {
            return;
        }
        self.me.set(account);
        self.conversations.set(None);
        self.typing.set(Vec::new());
        self.load();
    }

    fn load(mut self) {
        let Some(account) = *self.me.peek() else {
            return;
        };
        spawn(async move {
            let answer = api::chat::conversations().await;
            if *self.me.peek() != Some(account) {
                return;
            }
            match answer {
                Ok(list) => self.conversations.set(Some(Ok(list))),
                // A failed reload leaves the list shown as it was.
                Err(e) if matches!(*self.conversations.peek(), Some(Ok(_))) => {
                    self.toasts.error(e.message());
                }
                Err(e) => self.conversations.set(Some(Err(e.message()))),
            }
        });
    }

    pub fn conversations(&self) -> Option<Result<Vec<Conversation>, String>> {
        self.conversations.read().clone()
    }

    pub fn find(&self, id: ConversationId) -> Option<Conversation> {
        match &*self.conversations.read() {
            Some(Ok(list)) => list.iter().find(|c| c.id == id).cloned(),
            _ => None,
        }
    }

    /// Whether the conversation is here, without re-running the caller when the list changes.
    pub fn holds(&self, id: ConversationId) -> bool {
        matches!(&*self.conversations.peek(), Some(Ok(list)) if list.iter().any(|c| c.id == id))
    }

    /// Unread messages over all conversations, for the header.
    pub fn unread_total(&self) -> u32 {
        // The list first, so the caller re-renders when it comes.
        match (&*self.conversations.read(), *self.me.peek()) {
            (Some(Ok(list)), Some(me)) => list.iter().map(|c| c.unread_for(me)).sum(),
            _ => 0,
        }
    }

    pub fn is_typing(&self, id: ConversationId) -> bool {
        self.typing.read().iter().any(|(typing, _)| *typing == id)
    }

    /// Puts a new or changed conversation in its place, most recent activity first.
    pub fn upsert(mut self, conversation: Conversation) {
        if let Some(Ok(list)) = &mut *self.conversations.write() {
            list.retain(|c| c.id != conversation.id);
            let at = list.partition_point(|c| c.updated_at > conversation.updated_at);
            list.insert(at, conversation);
        }
    }

    /// Zeroes our side's unread count once the server took the read mark.
    pub fn mark_read_here(mut self, id: ConversationId) {
        let Some(me) = *self.me.peek() else {
            return;
        };
        if let Some(Ok(list)) = &mut *self.conversations.write()
            && let Some(c) = list.iter_mut().find(|c| c.id == id)
        {
            if c.buyer.id == me {
                c.buyer_unread = 0;
            } else {
                c.shop_unread = 0;
            }
        }
    }

    fn apply(self, event: ServerEvent) {
        match event {
            ServerEvent::ConversationUpdated { conversation } => {
                if self.brings_news(&conversation) {
                    self.alert(&conversation);
                }
                self.upsert(*conversation);
            }
            ServerEvent::Presence { user_id, presence } => self.set_presence(user_id, presence),
            ServerEvent::Typing {
                conversation_id, ..
            } => self.show_typing(conversation_id),
            // Their message ends their typing.
            ServerEvent::MessageCreated { message } => {
                if Some(message.sender_id) != *self.me.peek() {
                    self.stop_typing(message.conversation_id, None);
                }
            }
            // Orders have their own listeners (`crate::orders`); this app sends its
            // messages over REST, so no answers to socket sends come.
            ServerEvent::OrderUpdated { .. }
            | ServerEvent::Pong
            | ServerEvent::MessageSent { .. }
            | ServerEvent::MessageRefused { .. } => {}
        }
    }

    /// Whether the changed conversation holds a message for us we had not counted yet.
    fn brings_news(&self, changed: &Conversation) -> bool {
        let Some(me) = *self.me.peek() else {
            return false;
        };
        let from_them = changed
            .last_message
            .as_ref()
            .is_some_and(|m| m.sender_id != me);
        let before = match &*self.conversations.peek() {
            Some(Ok(list)) => list
                .iter()
                .find(|c| c.id == changed.id)
                .map_or(0, |c| c.unread_for(me)),
            _ => 0,
        };
        from_them && changed.unread_for(me) > before
    }

    /// A new message: an alert, unless its conversation is on screen.
    fn alert(&self, conversation: &Conversation) {
        let id = conversation.id;
        let on_screen = crate::browser::window().is_some_and(|w| {
            let open = w.location().pathname().ok() == Some(format!("/inbox/{id}"));
            let visible = w.document().is_some_and(|d| !d.hidden());
            open && visible
        });
        let (Some(me), Some(last)) = (*self.me.peek(), conversation.last_message.as_ref()) else {
            return;
        };
        if on_screen {
            return;
        }
        let from = if conversation.buyer.id == me {
            &conversation.shop.name
        } else {
            &conversation.buyer.name
        };
        let body = if last.text.is_empty() && last.has_image {
            "A picture".to_owned()
        } else {
            last.text.chars().take(140).collect()
        };
        notify::alert(
            self.toasts,
            format!("New message from {from}"),
            from,
            &body,
            &format!("conversation-{id}"),
        );
    }

    fn set_presence(mut self, user: UserId, presence: Presence) {
        if let Some(Ok(list)) = &mut *self.conversations.write() {
            for c in list.iter_mut() {
                if c.buyer.id == user {
                    c.buyer.presence = presence.clone();
                }
                if c.shop.owner_id == user {
                    c.shop.presence = presence.clone();
                }
            }
        }
    }

    fn show_typing(mut self, id: ConversationId) {
        let notice = *self.next_notice.peek();
        self.next_notice.set(notice + 1);
        self.stop_typing(id, None);
        self.typing.write().push((id, notice));
        spawn(async move {
            gloo_timers::future::TimeoutFuture::new(TYPING_SHOWN_MS).await;
            self.stop_typing(id, Some(notice));
        });
    }

    /// Ends the typing shown in `id`; with `notice`, only if no newer notice came meanwhile.
    fn stop_typing(mut self, id: ConversationId, notice: Option<u64>) {
        let shown = self
            .typing
            .peek()
            .iter()
            .any(|&(c, n)| c == id && notice.is_none_or(|notice| n == notice));
        if shown {
            self.typing.write().retain(|(c, _)| *c != id);
        }
    }
}
