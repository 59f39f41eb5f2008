//! The mails Bazaar sends, in plain text and HTML.

use crate::html::escape;
use serde::{Deserialize, Serialize};

/// Stored in the jobs queue until sent, so its serialized form outlives a release: add
/// variants and fields with defaults, never rename.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum Mail {
    Activation {
        name: String,
        link: String,
    },
    PasswordReset {
        name: String,
        link: String,
    },
    /// What happened to an order or a payout: the subject and first paragraph say it, the
    /// button opens the page about it.
    Notice {
        name: String,
        subject: String,
        intro: String,
        action: String,
        link: String,
    },
}

impl Mail {
    pub fn subject(&self) -> &str {
        match self {
            Self::Activation { .. } => "Activate your Bazaar account",
            Self::PasswordReset { .. } => "Reset your Bazaar password",
            Self::Notice { subject, .. } => subject,
        }
    }

    pub fn link(&self) -> &str {
        match self {
            Self::Activation { link, .. }
            | Self::PasswordReset { link, .. }
            | Self::Notice { link, .. } => link,
        }
    }

    fn parts(&self) -> (&str, &str, &str, &str) {
        match self {
            Self::Notice {
                name,
                intro,
                action,
                ..
            } => (name, intro, action, "Thank you for using Bazaar."),
            Self::Activation { name, .. } => (
                name,
                "Welcome to Bazaar! Confirm your e-mail address to activate your account.",
                "Activate my account",
                "The link works once, for 24 hours. If you did not sign up, ignore this mail.",
            ),
            Self::PasswordReset { name, .. } => (
                name,
                "Someone asked to reset the password of your Bazaar account.",
                "Choose a new password",
                "The link works once, for 24 hours. If it was not you, ignore this mail: \
                 your password stays as it is.",
            ),
        }
    }

    pub fn text(&self) -> String {
        let (name, intro, action, outro) = self.parts();
        format!(
            "Hello {name},\n\n{intro}\n\n{action}:\n{}\n\n{outro}\n\nThe Bazaar team\n",
            self.link()
        )
    }

    pub fn html(&self) -> String {
        let (name, intro, action, outro) = self.parts();
        let link = escape(self.link());
        format!(
            "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;color:#1f2933\">\
             <p>Hello {},</p><p>{intro}</p>\
             <p><a href=\"{link}\" style=\"background:#0b6e4f;color:#fff;padding:10px 18px;\
             border-radius:6px;text-decoration:none\">{action}</a></p>\
             <p style=\"color:#52606d\">Or open this address: {link}</p><p>{outro}</p>\
             <p>The Bazaar team</p></body></html>",
            escape(name)
        )
    }
}
