//! Serving stored images. Keys are fresh for every upload, so they may be cached forever.

use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::media::content_type_of;
use actix_web::http::header;
use actix_web::web::{Data, Path};
use actix_web::{HttpResponse, get};

#[get("/media/{key:.*}")]
pub async fn serve(state: Data<AppState>, key: Path<String>) -> ApiResult<HttpResponse> {
    let content_type = content_type_of(&key).ok_or(ApiError::NotFound("file"))?;
    let bytes = state
        .media
        .get(&key)
        .await?
        .ok_or(ApiError::NotFound("file"))?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
