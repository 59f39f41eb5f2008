//! The cart everyone sees in the header: the account's cart on the server when signed in,
//! otherwise a guest cart kept in this browser's local storage and merged in at sign-in.

use crate::api::{self, ApiError};
use bazaar_shared::ProductId;
use bazaar_shared::UserId;
use bazaar_shared::cart::{Cart, CartLine, CartShop, GuestItem, MAX_QUANTITY};
use bazaar_shared::catalog::ProductCard;
use bazaar_shared::catalog::ProductStatus;
use bazaar_shared::money::Money;
use bazaar_shared::pricing::{self, line_problem};
use dioxus::prelude::*;
use serde::{Deserialize, Serialize};

const GUEST_CART_KEY: &str = "bazaar.cart";

/// A guest's line: the card as it was when added, so the cart shows without the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct GuestLine {
    product: ProductCard,
    quantity: u32,
}

#[derive(Clone, Copy, PartialEq)]
pub struct CartStore {
    /// The account whose server cart `server` holds; `None` while a guest shops.
    owner: Signal<Option<UserId>>,
    server: Signal<Option<Cart>>,
    guest: Signal<Vec<GuestLine>>,
}

pub fn provide_cart() -> CartStore {
    let owner = use_signal(|| None);
    let server = use_signal(|| None);
    let guest = use_signal(load_guest_lines);
    use_context_provider(|| CartStore {
        owner,
        server,
        guest,
    })
}

pub fn use_cart() -> CartStore {
    use_context::<CartStore>()
}

impl CartStore {
    fn signed_in(&self) -> bool {
        self.owner.read().is_some()
    }

    /// How many items, for the header badge.
    pub fn count(&self) -> u32 {
        if self.signed_in() {
            self.server.read().as_ref().map_or(0, |c| c.item_count)
        } else {
            guest_cart(&self.guest.read(), &api::config::currency()).item_count
        }
    }

    pub fn quantity_of(&self, id: ProductId) -> u32 {
        self.view()
            .shops
            .iter()
            .flat_map(|s| &s.lines)
            .find(|l| l.product.id == id)
            .map_or(0, |l| l.quantity)
    }

    /// The cart to show: the server's for an account, one worked out here for a guest.
    pub fn view(&self) -> Cart {
        if self.signed_in() {
            return self.server.read().clone().unwrap_or_else(empty_cart);
        }
        guest_cart(&self.guest.read(), &api::config::currency())
    }

    /// Called whenever the session changes: loads the account's cart, merging the guest
    /// cart into it first, or forgets it at sign-out.
    pub fn follow_session(mut self, account: Option<UserId>) {
        if *self.owner.peek() == account {
            return;
        }
        self.owner.set(account);
        self.server.set(None);
        if account.is_none() {
            return;
        }
        spawn(async move {
            let guest_items: Vec<GuestItem> = self
                .guest
                .peek()
                .iter()
                .map(|l| GuestItem {
                    product_id: l.product.id,
                    quantity: l.quantity,
                })
                .collect();
            let answer = if guest_items.is_empty() {
                api::cart::cart().await
            } else {
                api::cart::merge(guest_items).await
            };
            if let Ok(cart) = answer {
                if !self.guest.peek().is_empty() {
                    self.guest.set(Vec::new());
                    save_guest_lines(&[]);
                }
                if *self.owner.peek() == account {
                    self.server.set(Some(cart));
                }
            }
        });
    }

    /// Reads the account's cart again, e.g. after checkout emptied it on the server. The read
    /// outlives the caller's page: checkout moves on to the success page at once.
    pub fn reload(mut self) {
        let Some(account) = *self.owner.peek() else {
            return;
        };
        dioxus::core::spawn_forever(async move {
            if let Ok(cart) = api::cart::cart().await
                && *self.owner.peek() == Some(account)
            {
                self.server.set(Some(cart));
            }
        });
    }

    /// Puts `quantity` more of `product` in the cart.
    pub async fn add(mut self, product: ProductCard, quantity: u32) -> Result<(), ApiError> {
        let total = (self.quantity_of(product.id) + quantity).min(MAX_QUANTITY);
        if self.signed_in() {
            let cart = api::cart::set_quantity(product.id, total).await?;
            self.server.set(Some(cart));
        } else {
            let mut lines = self.guest.peek().clone();
            match lines.iter_mut().find(|l| l.product.id == product.id) {
                Some(line) => line.quantity = total,
                None => lines.push(GuestLine {
                    product,
                    quantity: total,
                }),
            }
            self.store_guest(lines);
        }
        Ok(())
    }

    pub async fn set_quantity(mut self, id: ProductId, quantity: u32) -> Result<(), ApiError> {
        let quantity = quantity.clamp(1, MAX_QUANTITY);
        if self.signed_in() {
            let cart = api::cart::set_quantity(id, quantity).await?;
            self.server.set(Some(cart));
        } else {
            let mut lines = self.guest.peek().clone();
            if let Some(line) = lines.iter_mut().find(|l| l.product.id == id) {
                line.quantity = quantity;
            }
            self.store_guest(lines);
        }
        Ok(())
    }

    pub async fn remove(mut self, id: ProductId) -> Result<(), ApiError> {
        if self.signed_in() {
            let cart = api::cart::remove(id).await?;
            self.server.set(Some(cart));
        } else {
            let mut lines = self.guest.peek().clone();
            lines.retain(|l| l.product.id != id);
            self.store_guest(lines);
        }
        Ok(())
    }

    fn store_guest(&mut self, lines: Vec<GuestLine>) {
        save_guest_lines(&lines);
        self.guest.set(lines);
    }
}

fn empty_cart() -> Cart {
    empty_cart_in(&api::config::currency())
}

fn empty_cart_in(currency: &str) -> Cart {
    Cart {
        shops: Vec::new(),
        item_count: 0,
        total: Money::new(0, currency),
    }
}

/// The guest cart in the server's shape: lines grouped by shop, with totals. It prices
/// through `bazaar_shared::pricing` as the server does, so a line that cannot be bought
/// carries the same problem and counts in no total, here as there.
fn guest_cart(lines: &[GuestLine], currency: &str) -> Cart {
    let mut cart = empty_cart_in(currency);
    let mut shops: Vec<(CartShop, Vec<i64>)> = Vec::new();
    for line in lines {
        let product = &line.product;
        let price = &product.effective_price;
        let total = pricing::line_total(price.amount, line.quantity);
        let problem = match (
            line_problem(
                product.status == ProductStatus::Active,
                product.stock,
                line.quantity,
            ),
            total,
        ) {
            (Some(problem), _) => Some(problem.to_string()),
            (None, Err(overflow)) => Some(overflow.to_string()),
            (None, Ok(_)) => None,
        };
        let total = total.unwrap_or(0);
        let at = match shops.iter().position(|(s, _)| s.shop.id == product.shop.id) {
            Some(at) => at,
            None => {
                shops.push((
                    CartShop {
                        shop: product.shop.clone(),
                        lines: Vec::new(),
                        subtotal: Money::new(0, &price.currency),
                    },
                    Vec::new(),
                ));
                shops.len() - 1
            }
        };
        let (shop, counted) = &mut shops[at];
        if problem.is_none() {
            counted.push(total);
            cart.item_count += line.quantity;
        }
        shop.lines.push(CartLine {
            product: product.clone(),
            quantity: line.quantity,
            line_total: Money::new(total, &price.currency),
            problem,
        });
    }
    let mut shop_totals = Vec::new();
    for (mut shop, counted) in shops {
        // Totals this large cannot be bought anyway; the server refuses them at checkout.
        shop.subtotal.amount = pricing::sum(counted).unwrap_or(i64::MAX);
        shop_totals.push(shop.subtotal.amount);
        cart.shops.push(shop);
    }
    cart.total.amount = pricing::sum(shop_totals).unwrap_or(i64::MAX);
    cart
}

fn load_guest_lines() -> Vec<GuestLine> {
    local_storage()
        .and_then(|s| s.get_item(GUEST_CART_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn save_guest_lines(lines: &[GuestLine]) {
    if let Some(storage) = local_storage() {
        let _ = if lines.is_empty() {
            storage.remove_item(GUEST_CART_KEY)
        } else {
            match serde_json::to_string(lines) {
                Ok(json) => storage.set_item(GUEST_CART_KEY, &json),
                Err(_) => Ok(()),
            }
        };
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bazaar_shared::catalog::{Rating, ShopSummary};

    fn line(shop: u8, product: u8, price: i64, stock: i64, quantity: u32) -> GuestLine {
        let usd = |amount| Money::new(amount, "USD");
        GuestLine {
            product: ProductCard {
                id: id(u32::from(product)),
                name: format!("Product {product}"),
                shop: ShopSummary {
                    id: id(100 + u32::from(shop)),
                    name: format!("Shop {shop}"),
                },
                effective_price: usd(price),
                price: usd(price),
                original_price: usd(price),
                sale: None,
                rating: Rating {
                    average: 0.0,
                    count: 0,
                },
                thumbnail: None,
                in_stock: stock > 0,
                stock,
                status: ProductStatus::Active,
                sold_count: 0,
            },
            quantity,
        }
    }

    fn id<T: std::str::FromStr<Err = impl std::fmt::Debug>>(n: u32) -> T {
        format!("00000000-0000-4000-8000-{n:012}").parse().unwrap()
    }

    #[test]
    fn a_guest_cart_totals_only_what_can_be_bought_like_the_server() {
        let cart = guest_cart(
            &[
                line(1, 1, 104_849, 5, 1),
                line(1, 2, 1_000, 0, 2),
                line(2, 3, 500, 1, 3),
                line(2, 4, 250, 9, 2),
            ],
            "USD",
        );
        assert_eq!(cart.shops.len(), 2);
        assert_eq!(cart.shops[0].subtotal.amount, 104_849);
        assert_eq!(cart.shops[1].subtotal.amount, 500);
        assert_eq!(cart.total.amount, 105_349);
        assert_eq!(cart.item_count, 3);
        let problems: Vec<Option<&str>> = cart
            .shops
            .iter()
            .flat_map(|s| &s.lines)
            .map(|l| l.problem.as_deref())
            .collect();
        assert_eq!(
            problems,
            [None, Some("sold out"), Some("only 1 left in stock"), None]
        );
    }

    #[test]
    fn an_archived_product_is_no_longer_sold_in_a_guest_cart() {
        let mut archived = line(1, 1, 900, 5, 1);
        archived.product.status = ProductStatus::Archived;
        let cart = guest_cart(&[archived], "USD");
        assert_eq!(cart.total.amount, 0);
        assert_eq!(
            cart.shops[0].lines[0].problem.as_deref(),
            Some("no longer sold")
        );
    }
}
