//! The running server as a bench client sees it: its base URL, where its mail goes (its
//! outbox or a bench's SMTP sink; activation links are read from there) and one HTTP client;
//! and accounts made the way people make them.

use super::mail_sink::MailSink;
use anyhow::{Context, Result, bail, ensure};
use reqwest::Client;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

pub const PASSWORD: &str = "bench-password-long";

pub struct Site {
    pub base: String,
    pub mail: Mail,
    pub http: Client,
}

/// Where the server's mail goes.
pub enum Mail {
    /// `.eml` files in a directory (the server's default).
    Outbox(PathBuf),
    /// Over SMTP to a sink (the server runs with `SMTP_URL`).
    Sink(MailSink),
}

impl Mail {
    /// Every message's text so far, soft line breaks undone.
    fn texts(&self) -> Result<Vec<String>> {
        let texts = match self {
            Self::Outbox(dir) => std::fs::read_dir(dir)?
                .map(|entry| Ok(std::fs::read_to_string(entry?.path())?))
                .collect::<Result<Vec<String>>>()?,
            Self::Sink(sink) => sink.kept(),
        };
        Ok(texts
            .into_iter()
            .map(|text| {
                text.replace("=\r\n", "")
                    .replace("=\n", "")
                    .replace("=3D", "=")
            })
            .collect())
    }
}

pub struct Account {
    pub id: String,
    pub token: String,
}

impl Site {
    /// The server on `port`, writing its mail to the outbox in `data_dir`.
    pub fn new(port: u16, data_dir: &Path) -> Self {
        Self::mailing_to(port, Mail::Outbox(data_dir.join("outbox")))
    }

    pub fn mailing_to(port: u16, mail: Mail) -> Self {
        Self {
            base: format!("http://127.0.0.1:{port}"),
            mail,
            http: Client::new(),
        }
    }

    /// Signs up (as a seller when a shop is given), activates from the mail.
    pub async fn account(&self, email: &str, shop: Option<Value>) -> Result<Account> {
        let (path, mut body) = match shop {
            Some(shop) => ("seller-signup", json!({ "shop": shop })),
            None => ("signup", json!({})),
        };
        body["name"] = json!("Bench Account");
        body["email"] = json!(email);
        body["password"] = json!(PASSWORD);
        let response = self
            .http
            .post(format!("{}/api/v1/auth/{path}", self.base))
            .json(&body)
            .send()
            .await?;
        ensure!(
            response.status().is_success(),
            "sign-up of {email}: {}",
            response.status()
        );
        let token = self.activation_token(email).await?;
        let activated: Value = self
            .http
            .post(format!("{}/api/v1/auth/activate", self.base))
            .json(&json!({ "token": token }))
            .send()
            .await?
            .json()
            .await?;
        Ok(Account {
            id: activated["user"]["id"]
                .as_str()
                .context("no user id")?
                .to_owned(),
            token: activated["token"].as_str().context("no token")?.to_owned(),
        })
    }

    /// Gives the account a delivery address; answers its id.
    pub async fn add_address(&self, account: &Account) -> Result<String> {
        let address: Value = self
            .http
            .post(format!("{}/api/v1/me/addresses", self.base))
            .bearer_auth(&account.token)
            .json(
                &json!({"label": "home", "country": "US", "city": "Springfield",
                "line1": "1 Main St", "postal_code": "12345"}),
            )
            .send()
            .await?
            .json()
            .await?;
        Ok(address["id"].as_str().context("no address id")?.to_owned())
    }

    /// The token of the activation link in the mail to `email`, waiting a few seconds for it
    /// (the server sends it just after its response).
    async fn activation_token(&self, email: &str) -> Result<String> {
        for _ in 0..100 {
            if let Some(token) = self.activation_token_now(email)? {
                return Ok(token);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        bail!("no activation mail to {email}")
    }

    fn activation_token_now(&self, email: &str) -> Result<Option<String>> {
        for mail in self.mail.texts()? {
            if !mail
                .lines()
                .any(|l| l.starts_with("To:") && l.contains(email))
            {
                continue;
            }
            let marker = "/activate?token=";
            if let Some(start) = mail.find(marker) {
                let token: String = mail[start + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                return Ok(Some(token));
            }
        }
        Ok(None)
    }
}
