//! Accounts and shops: who is on the marketplace, and bans.

use super::AdminScreen;
use super::actions::ReasonAction;
use super::list::{Controls, Menu};
use super::table::{AdminList, Cell, Record, Screen, fetch_rows};
use crate::action::use_action;
use crate::api;
use crate::format;
use crate::routes::Route;
use crate::session::use_session;
use crate::toast::use_toasts;
use bazaar_shared::account::{AccountStatus, Role};
use bazaar_shared::admin::{AdminShop, AdminUser};
use dioxus::prelude::*;

impl Record for AdminUser {
    const RESOURCE: &'static str = "users";
    const COLUMNS: &'static [&'static str] =
        &["Name", "E-mail", "Roles", "Status", "Shop", "Joined"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.name),
            Cell::text(&self.email),
            Cell::text(roles(&self.roles)),
            account_status(self.status),
            Cell::text(self.shop.as_ref().map_or("—", |s| s.name.as_str())),
            Cell::text(format::date(self.created_at)),
        ]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        let mut lines = vec![
            ("E-mail", self.email.clone()),
            ("Roles", roles(&self.roles)),
            ("Status", self.status.as_str().to_owned()),
            ("Joined", format::date_time(self.created_at)),
        ];
        if let Some(shop) = &self.shop {
            lines.push(("Shop", shop.name.clone()));
        }
        if let Some(ban) = &self.ban {
            lines.push((
                "Banned",
                format!("{} — {}", format::date_time(ban.at), ban.reason),
            ));
        }
        lines
    }
}

fn roles(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn account_status(status: AccountStatus) -> Cell {
    let tone = match status {
        AccountStatus::Active => "badge-success",
        AccountStatus::Pending => "badge-accent",
        AccountStatus::Banned => "badge-danger",
    };
    Cell::badge(status.as_str(), tone)
}

/// The search box and menus of the users list.
pub fn user_controls() -> Controls {
    let menus = vec![
        Menu::new(
            "role",
            "Role",
            &[
                ("buyer", "Buyers"),
                ("seller", "Sellers"),
                ("admin", "Admins"),
            ],
        ),
        Menu::new(
            "status",
            "Status",
            &[
                ("active", "Active"),
                ("pending", "Not activated"),
                ("banned", "Banned"),
            ],
        ),
        Menu::sort(&[("oldest", "Oldest first")]),
    ];
    Controls {
        search: Some("Name or e-mail"),
        menus,
        days: &[],
    }
}

pub const USERS: Screen = Screen {
    fetch: fetch_rows::<AdminUser>,
    columns: AdminUser::COLUMNS,
    controls: user_controls,
    actions: |row, list| match row.record::<AdminUser>() {
        Some(user) => rsx! { UserActions { user, list } },
        None => rsx! {},
    },
};

/// Ban or unban (never an admin, nor one's self), and the account's trail elsewhere.
#[component]
fn UserActions(user: AdminUser, list: AdminList) -> Element {
    let toasts = use_toasts();
    let action = use_action();
    let session = use_session();
    let myself = session.read().user().map(|me| me.id) == Some(user.id);
    let banned = user.ban.is_some();
    let reason_id = if banned { "reason-unban" } else { "reason-ban" };
    let (id, name) = (user.id, user.name.clone());
    let ban = if myself || user.roles.contains(&Role::Admin) {
        rsx! { p { class: "muted", "Admins cannot be banned." } }
    } else {
        rsx! {
            ReasonAction {
                key: "{banned}",
                id: reason_id,
                label: if banned { "Unban" } else { "Ban" },
                confirm: if banned { format!("Unban {name}") } else { format!("Ban {name}") },
                danger: !banned,
                busy: action.is_busy(),
                on_confirm: move |reason| {
                    let name = name.clone();
                    action.run(api::admin::set_banned(id, !banned, reason), move |changed| {
                        toasts.success(if banned { format!("{name} is unbanned.") } else { format!("{name} is banned.") });
                        list.replace(changed);
                    });
                },
            }
        }
    };
    let id = user.id.to_string();
    rsx! {
        {ban}
        div { class: "drawer-links",
            Link { to: AdminScreen::Orders.with(&[("buyer_id", &id)]), "Orders as buyer" }
            if let Some(shop) = &user.shop {
                Link { to: AdminScreen::Shops.with(&[("q", &shop.name)]), "Shop" }
            }
            Link { to: AdminScreen::Audit.with(&[("target_id", &id)]), "History" }
        }
    }
}

impl Record for AdminShop {
    const RESOURCE: &'static str = "shops";
    const COLUMNS: &'static [&'static str] =
        &["Shop", "Owner", "Products", "Rating", "Balance", "Status"];

    fn key(&self) -> String {
        self.id.to_string()
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.name),
            Cell::text(&self.owner.name),
            Cell::text(self.product_count.to_string()),
            Cell::text(rating(self)),
            Cell::text(format::price(&self.balance)),
            if self.banned {
                Cell::badge("owner banned", "badge-danger")
            } else {
                Cell::badge("open", "badge-success")
            },
        ]
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn details(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "Owner",
                format!("{} <{}>", self.owner.name, self.owner.email),
            ),
            ("Products", self.product_count.to_string()),
            ("Rating", rating(self)),
            ("Balance", format::price(&self.balance)),
            ("Opened", format::date_time(self.created_at)),
            (
                "Status",
                if self.banned {
                    "owner banned: hidden".into()
                } else {
                    "open".into()
                },
            ),
        ]
    }
}

fn rating(shop: &AdminShop) -> String {
    if shop.rating.count == 0 {
        "no reviews".into()
    } else {
        format!(
            "{} ({})",
            format::rating(shop.rating.average),
            shop.rating.count
        )
    }
}

/// The search box and menus of the shops list.
pub fn shop_controls() -> Controls {
    let menus = vec![
        Menu::new(
            "banned",
            "Owner",
            &[("false", "Not banned"), ("true", "Banned")],
        ),
        Menu::sort(&[("oldest", "Oldest first"), ("balance", "Largest balance")]),
    ];
    Controls {
        search: Some("Shop name"),
        menus,
        days: &[],
    }
}

pub const SHOPS: Screen = Screen {
    fetch: fetch_rows::<AdminShop>,
    columns: AdminShop::COLUMNS,
    controls: shop_controls,
    actions: |row, _| {
        row.record::<AdminShop>()
            .map_or_else(|| rsx! {}, shop_links)
    },
};

/// A shop closes with its owner's ban; the drawer leads to everything it has.
fn shop_links(shop: AdminShop) -> Element {
    let id = shop.id.to_string();
    rsx! {
        p { class: "muted", "A shop closes with its owner's ban." }
        div { class: "drawer-links",
            Link { to: AdminScreen::Users.with(&[("q", &shop.owner.email)]), "Owner" }
            Link { to: AdminScreen::Products.with(&[("shop_id", &id)]), "Products" }
            Link { to: AdminScreen::Orders.with(&[("shop_id", &id)]), "Orders" }
            Link { to: AdminScreen::Withdrawals.with(&[("shop_id", &id)]), "Withdrawals" }
            Link { to: Route::ShopPage { id: shop.id }, "Shop page" }
        }
    }
}
