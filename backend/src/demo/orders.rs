//! The demo's orders, placed and moved along through the services, so the rules hold for
//! demo data too: the demo buyer has orders in most states (one delivered and reviewed, one
//! waiting for a refund decision, one cancelled), and the demo seller a balance, a withdrawal
//! paid out and one pending. Card payments are not configured in the demo, so none awaits
//! payment. The admin's screens open filled: besides those, the admin banned an account and
//! hid a product, through the admin services, so the audit log tells of it all.

use crate::AppState;
use crate::auth::Admin;
use crate::db::sessions::Principal;
use crate::services::admin::{accounts, catalog};
use crate::services::{cart, checkout, orders, payouts, profile, reviews, shops};
use bazaar_shared::account::{AddressInput, AddressLabel};
use bazaar_shared::admin::{BanChange, HiddenChange};
use bazaar_shared::cart::SetQuantity;
use bazaar_shared::money::Money;
use bazaar_shared::order::{CheckoutInput, OrderStatus, PaymentMethod, RefundRequest};
use bazaar_shared::payout::{WithdrawalDecision, WithdrawalInput};
use bazaar_shared::review::ReviewInput;
use bazaar_shared::shop::WithdrawMethodInput;
use bazaar_shared::{OrderId, ProductId, ShopId, UserId};
use sqlx::Row;

/// Who the demo's orders are between, and who keeps the place honest.
pub struct Parties {
    pub admin: UserId,
    pub buyer: UserId,
    /// An account the admin bans.
    pub spammer: UserId,
    /// The demo seller's account and shop.
    pub seller: (UserId, ShopId),
    /// Another shop's owner and shop.
    pub other_seller: (UserId, ShopId),
}

fn principal(user: UserId, shop: Option<ShopId>) -> Principal {
    Principal {
        session_id: uuid::Uuid::nil(),
        user_id: user,
        is_admin: false,
        shop_id: shop,
    }
}

pub async fn seed(state: &AppState, parties: &Parties) -> anyhow::Result<()> {
    let buyer = principal(parties.buyer, None);
    let seller = principal(parties.seller.0, Some(parties.seller.1));
    let other = principal(parties.other_seller.0, Some(parties.other_seller.1));
    let address = profile::add_address(
        state,
        parties.buyer,
        &AddressInput {
            label: AddressLabel::Home,
            country: "US".into(),
            city: "Springfield".into(),
            line1: "742 Evergreen Terrace".into(),
            line2: String::new(),
            postal_code: "49007".into(),
            is_default: true,
        },
    )
    .await?;
    let products = in_stock(state, parties.seller.1, 5).await?;
    let others = in_stock(state, parties.other_seller.1, 1).await?;
    let place = async |product: ProductId| -> anyhow::Result<OrderId> {
        cart::set_quantity(state, parties.buyer, product, &SetQuantity { quantity: 1 }).await?;
        let placed = checkout::place(
            state,
            parties.buyer,
            &CheckoutInput {
                address_id: address.id,
                payment_method: PaymentMethod::Cod,
                coupon_codes: Vec::new(),
            },
            Some(&format!("demo-{product}")),
        )
        .await?;
        Ok(placed.orders[0].id)
    };

    let reviewed = place(products[0]).await?;
    orders::move_forward(state, &seller, reviewed, OrderStatus::Delivered).await?;
    reviews::create(
        state,
        &buyer,
        products[0],
        &ReviewInput {
            order_id: reviewed,
            rating: 5,
            comment: "Arrived quickly and works beautifully.".into(),
        },
    )
    .await?;
    let disputed = place(products[1]).await?;
    orders::move_forward(state, &seller, disputed, OrderStatus::Delivered).await?;
    orders::request_refund(
        state,
        &buyer,
        disputed,
        &RefundRequest {
            reason: "The box was crushed and it does not switch on.".into(),
        },
    )
    .await?;
    let shipping = place(products[2]).await?;
    orders::move_forward(state, &seller, shipping, OrderStatus::Shipping).await?;
    place(products[3]).await?;
    let cancelled = place(products[4]).await?;
    orders::cancel(state, &buyer, cancelled).await?;
    let on_the_way = place(others[0]).await?;
    orders::move_forward(state, &other, on_the_way, OrderStatus::OnTheWay).await?;

    shops::set_withdraw_method(
        state,
        &seller,
        &WithdrawMethodInput {
            bank_name: "First Springfield Bank".into(),
            bank_country: "US".into(),
            swift_code: "FSPBUS33".into(),
            account_number: "US00 1234 5678 9012 3456".into(),
            holder_name: "Northwind Owner".into(),
            bank_address: "1 Bank Plaza, Springfield".into(),
        },
    )
    .await?;
    let admin = Admin::of(Principal {
        is_admin: true,
        ..principal(parties.admin, None)
    })?;
    let balance = payouts::balance(state, &seller).await?;
    let withdraw = async |part: i64| {
        payouts::request_withdrawal(
            state,
            &seller,
            &WithdrawalInput {
                amount: Money::new(balance.available.amount / part, &state.config.currency),
            },
        )
        .await
    };
    let paid = withdraw(4).await?;
    payouts::decide(
        state,
        &admin,
        paid.id,
        &WithdrawalDecision {
            approve: true,
            note: Some("Sent by bank transfer.".into()),
        },
    )
    .await?;
    withdraw(2).await?;

    accounts::set_banned(
        state,
        &admin,
        parties.spammer,
        &BanChange {
            banned: true,
            reason: "Sent the same advertisement to every shop's inbox.".into(),
        },
    )
    .await?;
    let doubtful = in_stock(state, parties.other_seller.1, 2).await?;
    catalog::set_product_hidden(
        state,
        &admin,
        doubtful[1],
        &HiddenChange {
            hidden: true,
            reason: "The photos show another item than the description; fix them to have it back."
                .into(),
        },
    )
    .await?;
    Ok(())
}

/// `count` of the shop's products with stock to spare, oldest first.
async fn in_stock(state: &AppState, shop: ShopId, count: i64) -> anyhow::Result<Vec<ProductId>> {
    let mut conn = state.db.pool.acquire().await?;
    let rows = sqlx::query(
        "SELECT id FROM products WHERE shop_id = $1 AND stock > 2 AND price >= 2000 \
         ORDER BY created_at, id LIMIT $2",
    )
    .bind(shop.to_string())
    .bind(count)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| Ok(crate::db::parse_id(row.try_get("id")?)?))
        .collect()
}
