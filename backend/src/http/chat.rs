//! Conversations between buyers and shops, and their messages.

use super::json::Json;
use super::upload;
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;
use crate::services::chat;
use actix_multipart::Multipart;
use actix_web::web::{Data, Path, Payload, Query};
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, post};
use bazaar_shared::catalog::Page;
use bazaar_shared::chat::{Conversation, Message, NewMessage, StartConversation};
use bazaar_shared::{ConversationId, MessageId, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(start)
        .service(list)
        .service(show)
        .service(messages)
        .service(send)
        .service(mark_read);
}

/// Opens the caller's conversation with a shop, or returns the one they already have (200).
#[utoipa::path(tag = "chat", request_body = StartConversation, responses(
    (status = 201, body = Conversation), (status = 200, body = Conversation),
    (status = 401, body = Problem), (status = 422, body = Problem)))]
#[post("/conversations")]
async fn start(
    state: Data<AppState>,
    auth: Auth,
    body: Json<StartConversation>,
) -> ApiResult<HttpResponse> {
    let (conversation, created) = chat::start(&state, &auth.0, body.shop_id).await?;
    Ok(if created {
        HttpResponse::Created().json(conversation)
    } else {
        HttpResponse::Ok().json(conversation)
    })
}

/// The caller's conversations, as a buyer and as a shop, most recently active first.
#[utoipa::path(tag = "chat", responses(
    (status = 200, body = Vec<Conversation>), (status = 401, body = Problem)))]
#[get("/conversations")]
async fn list(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(chat::list(&state, auth.0.user_id).await?))
}

#[utoipa::path(tag = "chat", params(("id" = ConversationId, Path)), responses(
    (status = 200, body = Conversation), (status = 401, body = Problem), (status = 404, body = Problem)))]
#[get("/conversations/{id}")]
async fn show(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ConversationId>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(chat::get(&state, auth.0.user_id, *id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// The `next_cursor` of the previous page: messages older than it.
    before: Option<MessageId>,
    /// 1–100, 50 by default.
    limit: Option<u32>,
}

/// Messages, newest first, a page at a time going back.
#[utoipa::path(tag = "chat", params(("id" = ConversationId, Path), HistoryQuery), responses(
    (status = 200, body = Page<Message>), (status = 401, body = Problem), (status = 404, body = Problem)))]
#[get("/conversations/{id}/messages")]
async fn messages(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ConversationId>,
    query: Query<HistoryQuery>,
) -> ApiResult<HttpResponse> {
    let page = chat::messages(&state, auth.0.user_id, *id, query.before, query.limit).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Sends a message: JSON `{text}`, or a multipart form with `text` and an `image` part.
#[utoipa::path(tag = "chat", params(("id" = ConversationId, Path)), request_body = NewMessage, responses(
    (status = 201, body = Message), (status = 401, body = Problem), (status = 404, body = Problem),
    (status = 413, body = Problem), (status = 422, body = Problem)))]
#[post("/conversations/{id}/messages")]
async fn send(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ConversationId>,
    req: HttpRequest,
    body: Payload,
) -> ApiResult<HttpResponse> {
    let is_form = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (text, image) = if is_form {
        let form = Multipart::new(req.headers(), body.into_inner());
        upload::read_message(form, state.config.upload_max_bytes).await?
    } else {
        let json = Json::<NewMessage>::from_request(&req, &mut body.into_inner()).await?;
        (json.0.text, None)
    };
    let message = chat::send(&state, auth.0.user_id, *id, &text, image).await?;
    Ok(HttpResponse::Created().json(message))
}

/// Marks the conversation read for the caller's side.
#[utoipa::path(tag = "chat", params(("id" = ConversationId, Path)), responses(
    (status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
#[post("/conversations/{id}/read")]
async fn mark_read(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ConversationId>,
) -> ApiResult<HttpResponse> {
    chat::mark_read(&state, auth.0.user_id, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
