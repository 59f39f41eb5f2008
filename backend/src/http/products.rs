//! Categories, the product listing, product pages and the seller's product writes.

use super::json::Json;
use super::upload;
use crate::AppState;
use crate::auth::Auth;
use crate::db::cards::Listing;
use crate::error::ApiResult;
use crate::pagination::page_limit;
use crate::services::{products, shops};
use actix_multipart::Multipart;
use actix_web::web::{Data, Path, Query};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put};
use bazaar_shared::catalog::{
    CATEGORIES, Category, ImageOrder, MAX_PRODUCT_IMAGES, Page, Product, ProductCard, ProductInput,
    ProductPatch, ProductSort, is_category,
};
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::{FieldErrors, ImageId, Problem, ProductId};
use bytes::Bytes;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(categories)
        .service(list)
        .service(show)
        .service(create)
        .service(update)
        .service(remove)
        .service(add_images)
        .service(delete_image)
        .service(reorder_images)
        .service(my_products);
}

#[utoipa::path(tag = "catalog", responses((status = 200, body = Vec<Category>)))]
#[get("/categories")]
async fn categories() -> HttpResponse {
    let categories: Vec<Category> = CATEGORIES
        .iter()
        .map(|(slug, name)| Category {
            slug: (*slug).to_owned(),
            name: (*name).to_owned(),
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=3600"))
        .json(categories)
}

/// The listing's query, checked, for the database; the cursor is decoded by the service.
fn listing_from(query: ProductQuery) -> ApiResult<(Listing, Option<String>)> {
    let mut errors = FieldErrors::new();
    let limit = page_limit(query.limit, &mut errors);
    if let Some(category) = &query.category
        && !is_category(category)
    {
        errors.add("category", "is not one of the categories");
    }
    for (field, value) in [
        ("min_price", query.min_price),
        ("max_price", query.max_price),
    ] {
        if value.is_some_and(|v| v < 0) {
            errors.add(field, "must not be negative");
        }
    }
    if let (Some(min), Some(max)) = (query.min_price, query.max_price)
        && min > max
    {
        errors.add("max_price", "must not be below min_price");
    }
    let min_rating_tenths = query.min_rating.map(|r| (r * 10.0).round() as i64);
    if min_rating_tenths.is_some_and(|r| !(0..=50).contains(&r)) {
        errors.add("min_rating", "must be between 0 and 5");
    }
    errors.into_result()?;
    let q = query.search().map(str::to_owned);
    let sort = query.sort.unwrap_or(if q.is_some() {
        ProductSort::Relevance
    } else {
        ProductSort::Newest
    });
    let listing = Listing {
        q,
        category: query.category,
        shop_id: query.shop_id,
        min_price: query.min_price,
        max_price: query.max_price,
        min_rating_tenths,
        in_stock: query.in_stock.unwrap_or(false),
        sort,
        limit,
        after: None,
    };
    Ok((listing, query.cursor))
}

/// The catalog: search, filters, sorts and keyset pages (`next_cursor`).
#[utoipa::path(tag = "catalog", params(ProductQuery), responses(
    (status = 200, body = Page<ProductCard>), (status = 422, body = Problem)))]
#[get("/products")]
async fn list(
    state: Data<AppState>,
    req: HttpRequest,
    query: Query<ProductQuery>,
) -> ApiResult<HttpResponse> {
    let (listing, cursor) = listing_from(query.into_inner())?;
    let body = state
        .listing_cache
        .get_or_make(&req.uri().to_string(), async {
            let page = products::list(&state, listing, cursor.as_deref()).await?;
            ApiResult::Ok(Bytes::from(
                serde_json::to_vec(&page).map_err(anyhow::Error::from)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

#[utoipa::path(tag = "catalog", params(("id" = ProductId, Path)), responses(
    (status = 200, body = Product), (status = 404, body = Problem)))]
#[get("/products/{id}")]
async fn show(
    state: Data<AppState>,
    viewer: Option<Auth>,
    id: Path<ProductId>,
) -> ApiResult<HttpResponse> {
    let viewer = viewer.map(|auth| auth.0);
    Ok(HttpResponse::Ok().json(products::detail(&state, viewer.as_ref(), *id).await?))
}

/// Lists a new product; add its images next (it is listed once it has one).
#[utoipa::path(tag = "catalog", request_body = ProductInput, responses(
    (status = 201, body = Product), (status = 401, body = Problem), (status = 403, body = Problem, description = "no shop"),
    (status = 422, body = Problem)))]
#[post("/products")]
async fn create(
    state: Data<AppState>,
    auth: Auth,
    body: Json<ProductInput>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(products::create(&state, &auth.0, &body).await?))
}

/// Edits, archives (`status: archived`) or re-activates a product.
#[utoipa::path(tag = "catalog", params(("id" = ProductId, Path)), request_body = ProductPatch, responses(
    (status = 200, body = Product), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 422, body = Problem)))]
#[patch("/products/{id}")]
async fn update(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ProductId>,
    body: Json<ProductPatch>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(products::update(&state, &auth.0, *id, &body).await?))
}

#[utoipa::path(tag = "catalog", params(("id" = ProductId, Path)), responses(
    (status = 204), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
#[delete("/products/{id}")]
async fn remove(state: Data<AppState>, auth: Auth, id: Path<ProductId>) -> ApiResult<HttpResponse> {
    products::delete(&state, &auth.0, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Appends one or more `image` parts (10 images per product at most).
#[utoipa::path(tag = "catalog", params(("id" = ProductId, Path)),
    request_body(content_type = "multipart/form-data", description = "one or more `image` parts"),
    responses((status = 200, body = Product), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
#[post("/products/{id}/images")]
async fn add_images(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ProductId>,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let files =
        upload::read_images(form, state.config.upload_max_bytes, MAX_PRODUCT_IMAGES).await?;
    Ok(HttpResponse::Ok().json(products::add_images(&state, &auth.0, *id, files).await?))
}

#[utoipa::path(tag = "catalog", params(("id" = ProductId, Path), ("image_id" = ImageId, Path)), responses(
    (status = 200, body = Product), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 409, body = Problem, description = "the last image")))]
#[delete("/products/{id}/images/{image_id}")]
async fn delete_image(
    state: Data<AppState>,
    auth: Auth,
    path: Path<(ProductId, ImageId)>,
) -> ApiResult<HttpResponse> {
    let (id, image) = path.into_inner();
    Ok(HttpResponse::Ok().json(products::delete_image(&state, &auth.0, id, image).await?))
}

/// Puts the images in a new order; the first is the card's picture.
#[utoipa::path(tag = "catalog", params(("id" = ProductId, Path)), request_body = ImageOrder, responses(
    (status = 200, body = Product), (status = 401, body = Problem), (status = 403, body = Problem),
    (status = 404, body = Problem), (status = 422, body = Problem)))]
#[put("/products/{id}/images/order")]
async fn reorder_images(
    state: Data<AppState>,
    auth: Auth,
    id: Path<ProductId>,
    body: Json<ImageOrder>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(products::reorder_images(&state, &auth.0, *id, &body).await?))
}

/// Every product of the seller's shop, archived and unpictured ones included.
#[utoipa::path(tag = "catalog", responses(
    (status = 200, body = Page<ProductCard>), (status = 401, body = Problem), (status = 403, body = Problem)))]
#[get("/me/shop/products")]
async fn my_products(state: Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
    let shop = shops::owned_shop(&auth.0)?;
    Ok(HttpResponse::Ok().json(products::shop_products(&state, shop).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI writes the query with `Display`; this handler reads it with serde.
    #[test]
    fn the_handler_reads_the_query_the_ui_writes() {
        let written = ProductQuery {
            q: Some("50% off & more".into()),
            category: Some("home".into()),
            shop_id: Some("0190f5a0-0000-7000-8000-000000000001".parse().unwrap()),
            min_price: Some(100),
            max_price: Some(2_500),
            min_rating: Some(4.5),
            in_stock: Some(true),
            sort: Some(ProductSort::TopRated),
            limit: Some(10),
            cursor: Some("abc".into()),
        };
        let read = Query::<ProductQuery>::from_query(&written.to_string()).unwrap();
        assert_eq!(read.into_inner(), written);
    }
}
