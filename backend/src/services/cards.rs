//! Turning stored product rows into the cards the API shows.

use crate::AppState;
use crate::db::cards::CardRow;
use crate::db::from_micros;
use bazaar_shared::catalog::{ProductCard, ProductStatus, Rating, RunningSale, ShopSummary};
use bazaar_shared::money::Money;

pub fn card(state: &AppState, row: CardRow) -> ProductCard {
    let money = |amount| Money::new(amount, &state.config.currency);
    let sale = row.sale.map(|(event_id, price, ends_at)| RunningSale {
        event_id,
        price: money(price),
        ends_at: from_micros(ends_at),
    });
    ProductCard {
        id: row.id,
        name: row.name,
        shop: ShopSummary {
            id: row.shop_id,
            name: row.shop_name,
        },
        effective_price: money(sale.as_ref().map_or(row.price, |s| s.price.amount)),
        price: money(row.price),
        original_price: money(row.original_price),
        sale,
        rating: Rating::from_sum(row.rating_sum, row.rating_count),
        thumbnail: row.thumbnail.as_ref().map(|t| state.media.image(t)),
        in_stock: row.stock > 0,
        stock: row.stock,
        status: if row.active {
            ProductStatus::Active
        } else {
            ProductStatus::Archived
        },
        sold_count: row.sold_count,
    }
}
