//! One open websocket: frames from the hub go out, client events come in, and a heartbeat
//! finds connections that died without a close.

use super::presence;
use super::{Frame, Subscription};
use crate::AppState;
use crate::db::sessions::Principal;
use crate::error::ApiError;
use crate::services::chat;
use actix_web::web::Data;
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, Closed, Session};
use bazaar_shared::chat::Message;
use bazaar_shared::realtime::{CLIENT_REF_MAX_CHARS, ClientEvent, ServerEvent};
use bazaar_shared::{ConversationId, UserId};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{self, error::TrySendError};

const HEARTBEAT: Duration = Duration::from_secs(30);
/// Silence this long (browsers answer our pings by themselves) means the peer is gone.
const TIMEOUT: Duration = Duration::from_secs(75);
/// A sign-out, a password change or a ban closes the ended sessions' sockets at once
/// (`Hub::close_sockets`); a session that simply expires is noticed within this.
const SESSION_CHECK: Duration = Duration::from_secs(300);
/// Typing notices are rate-limited per socket.
const TYPING_EVERY: Duration = Duration::from_secs(2);
/// Room for a chat message of the longest text, every character escaped in JSON.
const MAX_FRAME: usize = 32 * 1024;
/// A peer that takes no frame for this long has stopped reading: waiting longer would stall
/// the heartbeat and keep the socket (and the account's presence) open forever.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// Messages sent over one socket waiting to be stored; past it they are refused as busy.
const OUTBOX: usize = 64;

pub async fn serve(
    state: Data<AppState>,
    principal: Principal,
    mut subscription: Subscription,
    mut session: Session,
    stream: actix_ws::MessageStream,
) {
    let user = principal.user_id;
    if subscription.first_here
        && let Err(error) = presence::came_online(&state, user).await
    {
        tracing::warn!(%error, "presence not recorded");
    }
    let mut stream = stream
        .max_frame_size(MAX_FRAME)
        .aggregate_continuations()
        .max_continuation_size(MAX_FRAME);
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut last_heard = Instant::now();
    let mut session_checked = Instant::now();
    let mut last_typing: Option<Instant> = None;
    let mut outbox = None;
    let close = loop {
        tokio::select! {
            frame = subscription.frames.recv() => match frame {
                Some(Frame::Event(frame)) => {
                    if !sent(session.text(&*frame)).await {
                        break None;
                    }
                }
                Some(Frame::Close) => break Some(reason(CloseCode::Policy, "the session ended")),
                Some(Frame::ShutDown) => break Some(reason(CloseCode::Away, "the server is restarting")),
                None => break Some(reason(CloseCode::Again, "too far behind; reconnect")),
            },
            message = stream.recv() => {
                last_heard = Instant::now();
                match message {
                    Some(Ok(AggregatedMessage::Text(text))) => {
                        let Ok(event) = serde_json::from_str::<ClientEvent>(&text) else {
                            break Some(reason(CloseCode::Invalid, "not a Bazaar client event"));
                        };
                        match event {
                            ClientEvent::Ping => {
                                let pong = serde_json::to_string(&ServerEvent::Pong).unwrap_or_default();
                                if !sent(session.text(pong)).await {
                                    break None;
                                }
                            }
                            ClientEvent::Typing { conversation_id } => {
                                if last_typing.is_none_or(|at| at.elapsed() >= TYPING_EVERY) {
                                    last_typing = Some(Instant::now());
                                    match chat::typing(&state, user, conversation_id).await {
                                        // Typing in someone else's conversation is ignored.
                                        Ok(()) | Err(ApiError::NotFound(_)) => {}
                                        Err(error) => tracing::warn!(%error, "typing notice not passed on"),
                                    }
                                }
                            }
                            ClientEvent::SendMessage { conversation_id, text, client_ref } => {
                                let outbox = outbox.get_or_insert_with(|| {
                                    start_outbox(state.clone(), user, session.clone())
                                });
                                if let Err(TrySendError::Full(refused)) =
                                    outbox.try_send((conversation_id, text, client_ref))
                                {
                                    let answer = answer(refused.2, Err(ApiError::Busy));
                                    if !sent(session.text(answer)).await {
                                        break None;
                                    }
                                }
                            }
                        }
                    }
                    Some(Ok(AggregatedMessage::Ping(bytes))) => {
                        if !sent(session.pong(&bytes)).await {
                            break None;
                        }
                    }
                    Some(Ok(AggregatedMessage::Pong(_))) => {}
                    Some(Ok(AggregatedMessage::Binary(_))) => {
                        break Some(reason(CloseCode::Unsupported, "text frames only"));
                    }
                    Some(Ok(AggregatedMessage::Close(_))) | Some(Err(_)) | None => break None,
                }
            }
            _ = heartbeat.tick() => {
                if last_heard.elapsed() > TIMEOUT {
                    break None;
                }
                if session_checked.elapsed() >= SESSION_CHECK {
                    session_checked = Instant::now();
                    if !session_alive(&state, &principal).await {
                        break Some(reason(CloseCode::Policy, "the session ended"));
                    }
                }
                if !sent(session.ping(b"")).await {
                    break None;
                }
            }
        }
    };
    if state.hub.unsubscribe(&subscription)
        && let Err(error) = presence::went_offline(&state, user).await
    {
        tracing::warn!(%error, "presence not recorded");
    }
    sent(session.close(close)).await;
}

/// A message sent over the socket: its conversation, text and `client_ref`.
type Outgoing = (ConversationId, String, String);

/// Stores the socket's messages one after another, as the REST call does, and answers each
/// under its `client_ref`: in order, and in a task of its own, so that the socket keeps
/// delivering frames while its messages are written. It ends with the socket's loop, once
/// the messages queued before are stored.
fn start_outbox(
    state: Data<AppState>,
    user: UserId,
    mut session: Session,
) -> mpsc::Sender<Outgoing> {
    let (outbox, mut outgoing) = mpsc::channel::<Outgoing>(OUTBOX);
    actix_web::rt::spawn(async move {
        while let Some((conversation_id, text, client_ref)) = outgoing.recv().await {
            let stored = if client_ref.chars().count() > CLIENT_REF_MAX_CHARS {
                Err(ApiError::invalid(
                    "client_ref",
                    format!("is longer than {CLIENT_REF_MAX_CHARS} characters"),
                ))
            } else {
                chat::send(&state, user, conversation_id, &text, None).await
            };
            // A closed socket still gets the rest stored, as a REST call whose answer is lost.
            let _ = sent(session.text(answer(client_ref, stored))).await;
        }
    });
    outbox
}

fn answer(client_ref: String, stored: Result<Message, ApiError>) -> String {
    let event = match stored {
        Ok(message) => ServerEvent::MessageSent {
            client_ref,
            message,
        },
        Err(error) => ServerEvent::MessageRefused {
            client_ref,
            problem: error.problem(),
        },
    };
    serde_json::to_string(&event).unwrap_or_default()
}

/// Whether a frame went out in time; one that did not means the peer is gone.
async fn sent(sending: impl Future<Output = Result<(), Closed>>) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, sending).await,
        Ok(Ok(()))
    )
}

fn reason(code: CloseCode, description: &str) -> CloseReason {
    CloseReason {
        code,
        description: Some(description.to_owned()),
    }
}

/// Whether the socket's session still stands; a database hiccup does not end it.
async fn session_alive(state: &AppState, principal: &Principal) -> bool {
    let Ok(mut conn) = state.db.pool.acquire().await else {
        return true;
    };
    crate::db::sessions::find_principal(&mut conn, principal.session_id, state.clock.now_micros())
        .await
        .map_or(true, |found| found.is_some())
}
