//! Every screen of the app and its URL. Ids in a path are typed: a malformed one matches no
//! screen and lands on the not-found page, so the pages themselves never parse one.

use crate::components::layout::Shell;
use crate::pages::account::{ForgotPassword, ResendActivation, ResetPassword};
use crate::pages::activate::Activate;
use crate::pages::admin::dashboard::AdminDashboard;
use crate::pages::admin::filters::Filters;
use crate::pages::admin::{AdminLayout, AdminListPage, AdminScreen};
use crate::pages::cart::CartPage;
use crate::pages::checkout::{Checkout, CheckoutDone, PaypalReturn};
use crate::pages::events::Events;
use crate::pages::home::{Home, NotFound};
use crate::pages::inbox::{Inbox, InboxConversation, InboxLayout};
use crate::pages::orders::{MyOrders, OrderPage};
use crate::pages::product::ProductPage;
use crate::pages::products::Products;
use crate::pages::profile::Profile;
use crate::pages::seller::balance::SellerBalance;
use crate::pages::seller::coupons::SellerCoupons;
use crate::pages::seller::events::{EditEvent, NewEvent, SellerEvents};
use crate::pages::seller::orders::{SellerOrder, SellerOrders};
use crate::pages::seller::products::{EditProduct, NewProduct, SellerProducts};
use crate::pages::seller::settings::ShopSettings;
use crate::pages::seller::{OpenShop, SellerLayout, SellerOverview};
use crate::pages::shop::ShopPage;
use crate::pages::sign_in::SignIn;
use crate::pages::sign_up::{SellerSignUp, SignUp};
use crate::pages::wishlist::Wishlist;
use bazaar_shared::listing::ProductQuery;
use bazaar_shared::{ConversationId, EventId, OrderId, ProductId, ShopId};
use dioxus::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        Home {},
        #[route("/products?:..query")]
        Products { query: ProductQuery },
        #[route("/products/:id")]
        ProductPage { id: ProductId },
        #[route("/events")]
        Events {},
        #[route("/shops/:id")]
        ShopPage { id: ShopId },
        #[route("/wishlist")]
        Wishlist {},
        #[route("/cart")]
        CartPage {},
        #[route("/checkout")]
        Checkout {},
        #[route("/checkout/done?:checkout_id&:redirect_status")]
        CheckoutDone { checkout_id: String, redirect_status: String },
        #[route("/checkout/paypal-return?:checkout_id")]
        PaypalReturn { checkout_id: String },
        #[route("/orders")]
        MyOrders {},
        #[route("/orders/:id")]
        OrderPage { id: OrderId },
        #[route("/sign-in")]
        SignIn {},
        #[route("/sign-up")]
        SignUp {},
        #[route("/sell")]
        SellerSignUp {},
        #[route("/activate?:token")]
        Activate { token: String },
        #[route("/resend-activation")]
        ResendActivation {},
        #[route("/forgot-password")]
        ForgotPassword {},
        #[route("/reset-password?:token")]
        ResetPassword { token: String },
        #[route("/profile")]
        Profile {},
        #[route("/open-shop")]
        OpenShop {},
        #[nest("/inbox")]
            #[layout(InboxLayout)]
                #[route("/")]
                Inbox {},
                #[route("/:id")]
                InboxConversation { id: ConversationId },
            #[end_layout]
        #[end_nest]
        #[nest("/shop")]
            #[layout(SellerLayout)]
                #[route("/")]
                SellerOverview {},
                #[route("/products")]
                SellerProducts {},
                #[route("/products/new")]
                NewProduct {},
                #[route("/products/:id/edit")]
                EditProduct { id: ProductId },
                #[route("/events")]
                SellerEvents {},
                #[route("/events/new")]
                NewEvent {},
                #[route("/events/:id/edit")]
                EditEvent { id: EventId },
                #[route("/coupons")]
                SellerCoupons {},
                #[route("/orders?:status")]
                SellerOrders { status: String },
                #[route("/orders/:id")]
                SellerOrder { id: OrderId },
                #[route("/balance")]
                SellerBalance {},
                #[route("/settings")]
                ShopSettings {},
            #[end_layout]
        #[end_nest]
        #[nest("/admin")]
            #[layout(AdminLayout)]
                #[route("/")]
                AdminDashboard {},
                #[route("/:screen?:..filters")]
                AdminListPage { screen: AdminScreen, filters: Filters },
            #[end_layout]
        #[end_nest]
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
