//! The websocket at `/api/v1/ws`: open while someone is signed in, reopened with backoff when
//! it drops, and every `ServerEvent` handed to the components that listen with
//! [`use_server_event`].
//!
//! Events the server pushed while the socket was down are lost, so [`Realtime::reconnected`]
//! changes after every reconnect: whoever shows server data reloads it then.

use crate::api;
use bazaar_shared::realtime::{ClientEvent, ServerEvent};
use bazaar_shared::{ConversationId, UserId};
use dioxus::core::Task;
use dioxus::prelude::*;
use futures_channel::mpsc::{UnboundedReceiver, UnboundedSender, unbounded};
use futures_util::StreamExt;
use futures_util::future::{Either, select};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, WebSocket};

const FIRST_RETRY_MS: u32 = 1_000;
const LAST_RETRY_MS: u32 = 30_000;
/// After this long without a frame we ping…
const PING_AFTER_MS: u32 = 25_000;
/// …and a socket still silent this much later is dead, even if the browser has not noticed.
const PONG_WITHIN_MS: u32 = 10_000;
/// The server takes one typing notice per 2 s from a socket; a little slower stays under it.
const TYPING_EVERY_MS: f64 = 2_500.0;

#[derive(Clone, Copy, PartialEq)]
pub struct Realtime {
    account: CopyValue<Option<UserId>>,
    connection: CopyValue<Option<Task>>,
    /// The open socket, for sending.
    socket: Signal<Option<WebSocket>>,
    /// Set when the socket dropped or could not open, until it opens again.
    link_lost: Signal<bool>,
    reconnected: Signal<u64>,
    listeners: CopyValue<Vec<(u64, Callback<ServerEvent>)>>,
    next_listener: CopyValue<u64>,
    last_typing_at: CopyValue<f64>,
}

pub fn provide_realtime() -> Realtime {
    let socket = use_signal(|| None);
    let link_lost = use_signal(|| false);
    let reconnected = use_signal(|| 0);
    use_context_provider(|| Realtime {
        account: CopyValue::new(None),
        connection: CopyValue::new(None),
        socket,
        link_lost,
        reconnected,
        listeners: CopyValue::new(Vec::new()),
        next_listener: CopyValue::new(0),
        last_typing_at: CopyValue::new(f64::NEG_INFINITY),
    })
}

pub fn use_realtime() -> Realtime {
    use_context::<Realtime>()
}

/// Calls `handler` with every event the server pushes, for as long as the component lives.
/// It runs in the component's scope with its latest props.
pub fn use_server_event(handler: impl FnMut(ServerEvent) + 'static) {
    let realtime = use_realtime();
    let callback = use_callback(handler);
    let id = use_hook(move || realtime.listen(callback));
    use_drop(move || realtime.unlisten(id));
}

impl Realtime {
    /// Connects for a signed-in account, or disconnects at sign-out.
    pub fn follow_session(mut self, account: Option<UserId>) {
        if *self.account.peek() == account {
            return;
        }
        self.account.set(account);
        if let Some(task) = self.connection.write().take() {
            // Dropping the task drops its socket, which closes it.
            task.cancel();
        }
        self.socket.set(None);
        self.link_lost.set(false);
        if account.is_some() {
            self.connection.set(Some(spawn(self.stay_connected())));
        }
    }

    /// Whether live updates are interrupted (the socket dropped and is being reopened).
    pub fn link_lost(&self) -> bool {
        (self.link_lost)()
    }

    /// Changes after every reconnect; read it in an effect to reload what was missed.
    pub fn reconnected(&self) -> u64 {
        (self.reconnected)()
    }

    /// Tells the other side of the conversation that we are typing, at most every 2.5 s.
    pub fn typing(mut self, conversation_id: ConversationId) {
        let now = js_sys::Date::now();
        if now - *self.last_typing_at.peek() < TYPING_EVERY_MS {
            return;
        }
        self.last_typing_at.set(now);
        if let Some(socket) = &*self.socket.peek() {
            send(socket, &ClientEvent::Typing { conversation_id });
        }
    }

    fn listen(mut self, callback: Callback<ServerEvent>) -> u64 {
        let id = *self.next_listener.peek();
        self.next_listener.set(id + 1);
        self.listeners.write().push((id, callback));
        id
    }

    fn unlisten(mut self, id: u64) {
        self.listeners
            .write()
            .retain(|(listener, _)| *listener != id);
    }

    fn deliver(&self, event: ServerEvent) {
        // A copy: a listener may come or go while the others run.
        let listeners: Vec<Callback<ServerEvent>> =
            self.listeners.peek().iter().map(|(_, c)| *c).collect();
        for listener in listeners {
            listener.call(event.clone());
        }
    }

    async fn stay_connected(mut self) {
        let mut retry_ms = FIRST_RETRY_MS;
        let mut first_attempt = true;
        loop {
            if let Some(mut socket) = Socket::open().await {
                retry_ms = FIRST_RETRY_MS;
                self.link_lost.set(false);
                self.socket.set(Some(socket.ws.clone()));
                if !first_attempt {
                    *self.reconnected.write() += 1;
                }
                socket.listen(|event| self.deliver(event)).await;
                self.socket.set(None);
            }
            first_attempt = false;
            self.link_lost.set(true);
            TimeoutFuture::new(retry_ms).await;
            retry_ms = (retry_ms * 2).min(LAST_RETRY_MS);
        }
    }
}

fn send(socket: &WebSocket, event: &ClientEvent) {
    if let Ok(json) = serde_json::to_string(event) {
        // A notice lost to a socket that is closing is not worth retrying: the next one goes
        // out on the new socket.
        let _ = socket.send_with_str(&json);
    }
}

/// The event a frame carries; `None` for a pong, and for event types newer than this client
/// (skipped, not fatal).
fn decode(text: &str) -> Option<ServerEvent> {
    serde_json::from_str(text)
        .ok()
        .filter(|event| *event != ServerEvent::Pong)
}

/// What the browser's socket callbacks report, in order.
enum Frame {
    Opened,
    Text(String),
    Closed,
}

/// One browser websocket; dropping it closes it.
struct Socket {
    ws: WebSocket,
    frames: UnboundedReceiver<Frame>,
    /// The callbacks the socket calls, alive as long as it is.
    _handlers: [Closure<dyn FnMut(JsValue)>; 3],
}

impl Socket {
    /// A socket the server accepted, or `None` when it could not be opened.
    async fn open() -> Option<Socket> {
        let (url, protocols) = api::connection::websocket_endpoint()?;
        let offered: js_sys::Array = protocols.iter().map(|p| JsValue::from_str(p)).collect();
        let ws = WebSocket::new_with_str_sequence(&url, &offered).ok()?;
        let (sender, frames) = unbounded();
        let handlers = [
            forward(&sender, |_| Some(Frame::Opened)),
            forward(&sender, |event| {
                let text = event.unchecked_into::<MessageEvent>().data().as_string()?;
                Some(Frame::Text(text))
            }),
            // An error is always followed by a close, so the close alone tells.
            forward(&sender, |_| Some(Frame::Closed)),
        ];
        ws.set_onopen(Some(handlers[0].as_ref().unchecked_ref()));
        ws.set_onmessage(Some(handlers[1].as_ref().unchecked_ref()));
        ws.set_onclose(Some(handlers[2].as_ref().unchecked_ref()));
        let mut socket = Socket {
            ws,
            frames,
            _handlers: handlers,
        };
        match socket.frames.next().await {
            Some(Frame::Opened) => Some(socket),
            _ => None,
        }
    }

    /// Hands each event to `deliver` until the socket closes or falls silent.
    async fn listen(&mut self, mut deliver: impl FnMut(ServerEvent)) {
        let mut pinged = false;
        loop {
            let wait = if pinged {
                PONG_WITHIN_MS
            } else {
                PING_AFTER_MS
            };
            match select(self.frames.next(), TimeoutFuture::new(wait)).await {
                Either::Left((Some(Frame::Text(text)), _)) => {
                    // Any frame shows the link is alive, a pong or not.
                    pinged = false;
                    if let Some(event) = decode(&text) {
                        deliver(event);
                    }
                }
                Either::Left((Some(Frame::Opened), _)) => {}
                Either::Left((Some(Frame::Closed) | None, _)) => return,
                Either::Right(_) if pinged => return,
                Either::Right(_) => {
                    send(&self.ws, &ClientEvent::Ping);
                    pinged = true;
                }
            }
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        // Closing a socket that is closed already does nothing.
        let _ = self.ws.close();
    }
}

/// A socket callback that turns what the browser passes into a frame for the receiver.
fn forward(
    sender: &UnboundedSender<Frame>,
    frame: fn(JsValue) -> Option<Frame>,
) -> Closure<dyn FnMut(JsValue)> {
    let sender = sender.clone();
    Closure::new(move |event: JsValue| {
        if let Some(frame) = frame(event) {
            // Fails only once the socket is dropped, when nobody listens any more.
            let _ = sender.unbounded_send(frame);
        }
    })
}
