//! Reviews: only the buyer of a delivered order holding the product writes one, once per
//! order line; the product's (and so the shop's) rating moves in the same transaction.

use crate::AppState;
use crate::db::orders as db_orders;
use crate::db::reviews::{self, ReviewRecord};
use crate::db::sessions::Principal;
use crate::db::{self, users};
use crate::error::{ApiError, ApiResult, OnConflict};
use crate::pagination::{Cursor, SortValue, into_page};
use bazaar_shared::catalog::Page;
use bazaar_shared::order::OrderStatus;
use bazaar_shared::review::{Review, ReviewAuthor, ReviewInput};
use bazaar_shared::{ProductId, ReviewId};

pub async fn create(
    state: &AppState,
    principal: &Principal,
    product: ProductId,
    input: &ReviewInput,
) -> ApiResult<Review> {
    input.validate()?;
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let order = db_orders::find(&mut tx, input.order_id)
        .await?
        .filter(|o| o.order.buyer_id == principal.user_id)
        .ok_or_else(|| ApiError::invalid("order_id", "is not one of your orders"))?;
    if !order.lines.iter().any(|l| l.product_id == product) {
        return Err(ApiError::invalid("order_id", "does not hold this product"));
    }
    // A refund asked for or decided keeps the review the delivery earned.
    let delivered = matches!(
        order.order.status,
        OrderStatus::Delivered
            | OrderStatus::RefundRequested
            | OrderStatus::Refunded
            | OrderStatus::RefundRejected
    );
    if !delivered {
        return Err(ApiError::conflict(format!(
            "you can review what you received once the order is delivered; it is {}",
            order.order.status.label()
        )));
    }
    let author = users::find_view(&mut tx, principal.user_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let record = ReviewRecord {
        id: ReviewId(db::new_id()),
        product_id: product,
        order_id: input.order_id,
        user_id: principal.user_id,
        user_name: author.name,
        user_avatar: author.avatar,
        rating: input.rating,
        comment: input.comment.trim().to_owned(),
        created_at: now,
    };
    reviews::insert(&mut tx, &record)
        .await
        .on_unique("reviews", "order_id", || {
            ApiError::conflict("you have reviewed this product of this order already")
        })?;
    tx.commit().await?;
    Ok(view(state, record))
}

pub async fn of_product(
    state: &AppState,
    product: ProductId,
    cursor: Option<&str>,
    limit: i64,
) -> ApiResult<Page<Review>> {
    let after = cursor.map(Cursor::<ReviewId>::decode).transpose()?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = reviews::of_product(&mut conn, product, after, limit).await?;
    Ok(into_page(
        rows,
        limit,
        |r| Cursor::new(SortValue::Int(r.created_at), r.id),
        |r| view(state, r),
    ))
}

fn view(state: &AppState, r: ReviewRecord) -> Review {
    Review {
        id: r.id,
        product_id: r.product_id,
        author: ReviewAuthor {
            id: r.user_id,
            name: r.user_name,
            avatar: r.user_avatar.as_ref().map(|a| state.media.image(a)),
        },
        rating: r.rating,
        comment: r.comment,
        created_at: db::from_micros(r.created_at),
    }
}
