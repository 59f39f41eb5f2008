//! Every screen of the app and its URL.

use crate::components::layout::Shell;
use crate::pages::account::{ForgotPassword, ResendActivation, ResetPassword};
use crate::pages::activate::Activate;
use crate::pages::home::{Home, NotFound, Products};
use crate::pages::profile::Profile;
use crate::pages::sign_in::SignIn;
use crate::pages::sign_up::{SellerSignUp, SignUp};
use dioxus::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
#[rustfmt::skip]
pub enum Route {
    #[layout(Shell)]
        #[route("/")]
        Home {},
        #[route("/products?:q")]
        Products { q: String },
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
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
