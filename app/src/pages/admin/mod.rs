//! The admin console (`/admin`): the dashboard and a table screen per list, for admins
//! only. Every list screen is `ListScreen` around a keyed list built on `AdminList`.

mod actions;
mod audit;
mod chart;
pub mod dashboard;
pub mod filters;
mod list;
mod listings;
mod money;
mod people;
mod table;

use crate::components::status::{EmptyState, TextSkeleton};
use crate::routes::Route;
use crate::session::{Session, use_session};
use bazaar_shared::account::Role;
use dioxus::prelude::*;
use filters::Filters;
use std::fmt;
use std::str::FromStr;

/// The list screens, by the last segment of their URL. One route serves them all: the
/// router's code grows with every route, and the wasm must stay small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminScreen {
    Users,
    Shops,
    Products,
    Events,
    Orders,
    Withdrawals,
    Reviews,
    Audit,
}

impl AdminScreen {
    const ALL: [Self; 8] = [
        Self::Users,
        Self::Shops,
        Self::Products,
        Self::Events,
        Self::Orders,
        Self::Withdrawals,
        Self::Reviews,
        Self::Audit,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Users => "users",
            Self::Shops => "shops",
            Self::Products => "products",
            Self::Events => "events",
            Self::Orders => "orders",
            Self::Withdrawals => "withdrawals",
            Self::Reviews => "reviews",
            Self::Audit => "audit",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Users => "Users",
            Self::Shops => "Shops",
            Self::Products => "Products",
            Self::Events => "Events",
            Self::Orders => "Orders",
            Self::Withdrawals => "Withdrawals",
            Self::Reviews => "Reviews",
            Self::Audit => "Audit log",
        }
    }

    fn spec(self) -> &'static table::Screen {
        match self {
            Self::Users => &people::USERS,
            Self::Shops => &people::SHOPS,
            Self::Products => &listings::PRODUCTS,
            Self::Events => &listings::EVENTS,
            Self::Orders => &money::ORDERS,
            Self::Withdrawals => &money::WITHDRAWALS,
            Self::Reviews => &listings::REVIEWS,
            Self::Audit => &audit::AUDIT,
        }
    }

    /// This screen filtered by (name, value) pairs.
    pub fn with(self, filters: &[(&str, &str)]) -> Route {
        Route::AdminListPage {
            screen: self,
            filters: Filters::of(filters),
        }
    }
}

impl fmt::Display for AdminScreen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown screen does not parse, so its URL lands on the not-found page.
impl FromStr for AdminScreen {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|screen| screen.as_str() == s)
            .ok_or_else(|| format!("no admin screen {s:?}"))
    }
}

/// The frame of every admin screen: only admins get past it.
#[component]
pub fn AdminLayout() -> Element {
    let session = use_session();
    let admin = match &*session.read() {
        Session::Restoring => {
            return rsx! { section { class: "container section", TextSkeleton { lines: 4 } } };
        }
        Session::SignedOut => false,
        Session::SignedIn(me) => me.roles.contains(&Role::Admin),
    };
    if !admin {
        // What a wrong address shows: the console is nobody else's business.
        return rsx! {
            section { class: "container section",
                EmptyState { title: "Page not found",
                    p { class: "muted", "There is nothing for you here." }
                    Link { class: "button button-primary", to: Route::Home {}, "Back to the front page" }
                }
            }
        };
    }
    let current = match use_route::<Route>() {
        Route::AdminListPage { screen, .. } => Some(screen),
        _ => None,
    };
    rsx! {
        div { class: "container dashboard admin",
            nav { class: "dashboard-nav", aria_label: "Admin",
                AdminLink { to: Route::AdminDashboard {}, label: "Dashboard", active: current.is_none() }
                for screen in AdminScreen::ALL {
                    AdminLink { key: "{screen}", to: screen.with(&[]), label: screen.title(), active: current == Some(screen) }
                }
            }
            div { class: "dashboard-main", Outlet::<Route> {} }
        }
    }
}

#[component]
fn AdminLink(to: Route, label: &'static str, active: bool) -> Element {
    rsx! {
        Link { class: if active { "dash-link active" } else { "dash-link" }, aria_current: if active { "page" } else { "false" }, to, "{label}" }
    }
}

/// The list screen the URL names.
#[component]
pub fn AdminListPage(screen: AdminScreen, filters: Filters) -> Element {
    rsx! {
        list::ListScreen { screen, filters: filters.clone(), controls: (screen.spec().controls)(),
            table::ListBody { key: "{screen}?{filters}", screen, filters }
        }
    }
}
