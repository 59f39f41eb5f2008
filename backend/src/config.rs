//! Every setting, read from the environment (and an optional `.env`), each with a default
//! that runs on a laptop with nothing installed.

use anyhow::{Context, bail};
use std::env;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug)]
pub enum MediaStorage {
    /// Files under a local directory.
    Local(PathBuf),
    /// An S3-compatible bucket; endpoint, region and keys come from the standard `AWS_*` variables.
    S3 { bucket: String },
}

#[derive(Clone, Debug)]
pub enum MailTransport {
    /// `smtp://user:pass@host:port` (or `smtps://`), as lettre parses it.
    Smtp(String),
    /// `.eml` files written to a directory, plus a log line with the link.
    Outbox(PathBuf),
}

#[derive(Clone, Debug)]
pub struct RateLimit {
    pub max_requests: i64,
    pub window: Duration,
}

/// How many websockets one account, and one client address, may hold open on an instance.
#[derive(Clone, Copy, Debug)]
pub struct SocketLimits {
    pub per_account: usize,
    pub per_address: usize,
}

/// Stripe, when `STRIPE_SECRET_KEY` is set: PaymentIntents and signed webhooks.
#[derive(Clone, Debug)]
pub struct StripeConfig {
    pub secret_key: String,
    pub publishable_key: String,
    pub webhook_secret: String,
    /// `https://api.stripe.com` unless tests point it at a local fake.
    pub api_base: String,
}

/// PayPal, when `PAYPAL_CLIENT_ID` is set: Orders v2, captured on the server.
#[derive(Clone, Debug)]
pub struct PayPalConfig {
    pub client_id: String,
    pub client_secret: String,
    /// The sandbox unless set to `https://api-m.paypal.com`.
    pub api_base: String,
}

pub const STRIPE_API_BASE: &str = "https://api.stripe.com";
pub const PAYPAL_SANDBOX_API_BASE: &str = "https://api-m.sandbox.paypal.com";

#[derive(Clone, Debug)]
pub struct Config {
    pub bind: String,
    pub public_url: String,
    pub database_url: String,
    pub database_max_connections: u32,
    /// `None`: a secret generated once and kept in the database, so every instance shares it.
    pub jwt_secret: Option<String>,
    pub session_ttl: Duration,
    /// How long e-mailed activation and reset links work.
    pub token_ttl: Duration,
    pub cookie_secure: bool,
    pub cors_origins: Vec<String>,
    /// Proxies (load balancers) in front of the server that append to `X-Forwarded-For`.
    pub trusted_proxies: usize,
    pub log_format: LogFormat,
    pub media: MediaStorage,
    pub upload_max_bytes: usize,
    /// Uploads whose header states more pixels are refused before decoding.
    pub image_max_megapixels: u32,
    pub image_max_edge: u32,
    pub thumb_max_edge: u32,
    pub mail: MailTransport,
    pub mail_from: String,
    pub auth_rate_limit: RateLimit,
    pub socket_limits: SocketLimits,
    pub web_dist: PathBuf,
    /// ISO 4217 code of every amount: one currency per deployment.
    pub currency: String,
    /// Load the demo marketplace into an empty database at start.
    pub demo_data: bool,
    /// Bearer token `/metrics` asks for; without one it answers only this machine.
    pub metrics_token: Option<String>,
    pub json_limit_bytes: usize,
    /// How long a public listing page may be served from memory; zero turns that off.
    pub listing_cache_ttl: Duration,
    pub stripe: Option<StripeConfig>,
    pub paypal: Option<PayPalConfig>,
    /// The platform's share of each delivered order, in percent.
    pub commission_percent: u8,
    /// The smallest withdrawal a shop may ask for, in minor units.
    pub min_withdrawal: i64,
}

impl Config {
    /// The defaults: everything kept under `data_dir`, served on `bind`. Tests start here too.
    pub fn local(data_dir: &Path, bind: &str) -> Self {
        let public_url = format!("http://{bind}");
        Self {
            bind: bind.to_owned(),
            database_url: format!("sqlite://{}?mode=rwc", data_dir.join("bazaar.db").display()),
            database_max_connections: 16,
            jwt_secret: None,
            session_ttl: Duration::from_secs(30 * 86_400),
            token_ttl: Duration::from_secs(24 * 3600),
            cookie_secure: false,
            cors_origins: vec![
                "tauri://localhost".to_owned(),
                "http://tauri.localhost".to_owned(),
            ],
            trusted_proxies: 0,
            log_format: LogFormat::Pretty,
            media: MediaStorage::Local(data_dir.join("media")),
            upload_max_bytes: 5 * 1024 * 1024,
            image_max_megapixels: 40,
            image_max_edge: bazaar_shared::client_config::DEFAULT_IMAGE_MAX_EDGE,
            thumb_max_edge: 400,
            mail: MailTransport::Outbox(data_dir.join("outbox")),
            mail_from: "Bazaar <no-reply@bazaar.localhost>".to_owned(),
            auth_rate_limit: RateLimit {
                max_requests: 20,
                window: Duration::from_secs(60),
            },
            // A shopper's tabs and devices; an office or a mobile carrier behind one address.
            socket_limits: SocketLimits {
                per_account: 16,
                per_address: 256,
            },
            web_dist: PathBuf::from("./dist"),
            currency: "USD".to_owned(),
            demo_data: false,
            metrics_token: None,
            json_limit_bytes: 64 * 1024,
            listing_cache_ttl: Duration::from_secs(2),
            stripe: None,
            paypal: None,
            commission_percent: 10,
            min_withdrawal: 1_000,
            public_url,
        }
    }

    /// The web UI's session cookie. Served over HTTPS it is a `__Host-` cookie, which a
    /// browser accepts only from this exact host, over HTTPS, for every path: a sibling
    /// subdomain or a plain-HTTP page cannot plant or overwrite it.
    pub fn session_cookie(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-bazaar_session"
        } else {
            "bazaar_session"
        }
    }

    /// Reads `.env` if there is one, then the environment, over the defaults of `local`.
    pub fn from_env() -> anyhow::Result<Self> {
        let _ = dotenvy::dotenv();
        let data_dir = PathBuf::from(var("DATA_DIR", "./data"));
        let defaults = Self::local(&data_dir, &var("BIND", "127.0.0.1:8080"));
        let public_url = var("PUBLIC_URL", &defaults.public_url)
            .trim_end_matches('/')
            .to_owned();
        let media = match env::var("MEDIA_S3_BUCKET").ok().filter(|b| !b.is_empty()) {
            Some(bucket) => MediaStorage::S3 { bucket },
            None => defaults.media,
        };
        let mail = match env::var("SMTP_URL").ok().filter(|u| !u.is_empty()) {
            Some(url) => MailTransport::Smtp(url),
            None => defaults.mail,
        };
        let log_format = match var("LOG_FORMAT", "pretty").as_str() {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => bail!("LOG_FORMAT must be pretty or json, not {other:?}"),
        };
        let cors_origins = match env::var("CORS_ORIGINS").ok().filter(|o| !o.is_empty()) {
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            None => defaults.cors_origins,
        };
        Ok(Self {
            database_url: var("DATABASE_URL", &defaults.database_url),
            database_max_connections: parse(
                "DATABASE_MAX_CONNECTIONS",
                defaults.database_max_connections,
            )?,
            jwt_secret: jwt_secret(env::var("JWT_SECRET").ok())?,
            session_ttl: Duration::from_secs(parse::<u64>("SESSION_TTL_DAYS", 30)? * 86_400),
            token_ttl: defaults.token_ttl,
            cookie_secure: parse("COOKIE_SECURE", public_url.starts_with("https://"))?,
            cors_origins,
            trusted_proxies: parse("TRUSTED_PROXIES", defaults.trusted_proxies)?,
            log_format,
            media,
            upload_max_bytes: parse("UPLOAD_MAX_BYTES", defaults.upload_max_bytes)?,
            image_max_megapixels: parse("IMAGE_MAX_MEGAPIXELS", defaults.image_max_megapixels)?,
            image_max_edge: parse("IMAGE_MAX_EDGE", defaults.image_max_edge)?,
            thumb_max_edge: parse("THUMB_MAX_EDGE", defaults.thumb_max_edge)?,
            mail,
            mail_from: var("MAIL_FROM", &defaults.mail_from),
            auth_rate_limit: RateLimit {
                max_requests: parse("AUTH_RATE_LIMIT", defaults.auth_rate_limit.max_requests)?,
                window: Duration::from_secs(parse(
                    "AUTH_RATE_WINDOW_SECS",
                    defaults.auth_rate_limit.window.as_secs(),
                )?),
            },
            socket_limits: SocketLimits {
                per_account: parse("WS_MAX_PER_ACCOUNT", defaults.socket_limits.per_account)?,
                per_address: parse("WS_MAX_PER_ADDRESS", defaults.socket_limits.per_address)?,
            },
            web_dist: PathBuf::from(var("WEB_DIST", "./dist")),
            currency: var("CURRENCY", &defaults.currency).to_uppercase(),
            demo_data: demo_data(
                parse("DEMO_DATA", defaults.demo_data)?,
                parse("DEMO_DATA_FORCE", false)?,
                &public_url,
            )?,
            metrics_token: env::var("METRICS_TOKEN").ok().filter(|t| !t.is_empty()),
            json_limit_bytes: parse("JSON_LIMIT_BYTES", defaults.json_limit_bytes)?,
            listing_cache_ttl: Duration::from_millis(parse("LISTING_CACHE_MS", 2_000)?),
            stripe: stripe_from_env()?,
            paypal: paypal_from_env()?,
            commission_percent: percent(
                "PLATFORM_COMMISSION_PERCENT",
                defaults.commission_percent,
            )?,
            min_withdrawal: parse("MIN_WITHDRAWAL", defaults.min_withdrawal)?,
            bind: defaults.bind,
            public_url,
        })
    }
}

/// Stripe is on when its secret key is set; then the other two keys must be too.
fn stripe_from_env() -> anyhow::Result<Option<StripeConfig>> {
    let Some(secret_key) = env::var("STRIPE_SECRET_KEY").ok().filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    Ok(Some(StripeConfig {
        secret_key,
        publishable_key: required("STRIPE_PUBLISHABLE_KEY", "STRIPE_SECRET_KEY")?,
        webhook_secret: required("STRIPE_WEBHOOK_SECRET", "STRIPE_SECRET_KEY")?,
        api_base: var("STRIPE_API_BASE", STRIPE_API_BASE)
            .trim_end_matches('/')
            .to_owned(),
    }))
}

/// PayPal is on when its client id is set; then its secret must be too.
fn paypal_from_env() -> anyhow::Result<Option<PayPalConfig>> {
    let Some(client_id) = env::var("PAYPAL_CLIENT_ID").ok().filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    Ok(Some(PayPalConfig {
        client_id,
        client_secret: required("PAYPAL_CLIENT_SECRET", "PAYPAL_CLIENT_ID")?,
        api_base: var("PAYPAL_API_BASE", PAYPAL_SANDBOX_API_BASE)
            .trim_end_matches('/')
            .to_owned(),
    }))
}

fn required(name: &str, because: &str) -> anyhow::Result<String> {
    env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .with_context(|| format!("{name} must be set when {because} is"))
}

fn percent(name: &str, default: u8) -> anyhow::Result<u8> {
    let value: u8 = parse(name, default)?;
    if value > 100 {
        bail!("{name}={value} is not a percentage");
    }
    Ok(value)
}

/// The demo accounts' password is in the README: on a server others can reach, loading them
/// hands out three accounts, an admin among them, unless the operator insists.
fn demo_data(wanted: bool, forced: bool, public_url: &str) -> anyhow::Result<bool> {
    if wanted && !forced && !is_local(public_url) {
        bail!(
            "DEMO_DATA creates accounts whose password is published (an admin among them), and \
             PUBLIC_URL={public_url} is not this machine; set DEMO_DATA_FORCE=true if you mean it"
        );
    }
    Ok(wanted)
}

/// Whether the URL names this machine: localhost, a loopback address, or `*.localhost`.
fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host),
    };
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// HS256 is only as strong as its key: a short secret can be guessed offline from one token.
const MIN_JWT_SECRET_BYTES: usize = 32;

fn jwt_secret(value: Option<String>) -> anyhow::Result<Option<String>> {
    match value.filter(|s| !s.is_empty()) {
        Some(secret) if secret.len() < MIN_JWT_SECRET_BYTES => bail!(
            "JWT_SECRET must be at least {MIN_JWT_SECRET_BYTES} bytes (it has {}); \
             leave it unset to have one generated",
            secret.len()
        ),
        secret => Ok(secret),
    }
}

fn var(name: &str, default: &str) -> String {
    env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

fn parse<T: FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    match env::var(name).ok().filter(|v| !v.is_empty()) {
        Some(value) => value
            .parse()
            .with_context(|| format!("{name}={value:?} is not valid")),
        None => Ok(default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_accounts_stay_on_this_machine_unless_forced() {
        for local in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "http://[::1]:8080",
            "http://shop.localhost",
        ] {
            assert!(demo_data(true, false, local).unwrap(), "{local}");
        }
        let error = demo_data(true, false, "https://shop.example").unwrap_err();
        assert!(error.to_string().contains("DEMO_DATA_FORCE"), "{error}");
        assert!(demo_data(true, false, "http://10.0.0.5:8080").is_err());
        assert!(demo_data(true, true, "https://shop.example").unwrap());
        assert!(!demo_data(false, false, "https://shop.example").unwrap());
    }

    #[test]
    fn a_jwt_secret_shorter_than_32_bytes_is_refused() {
        let error = jwt_secret(Some("hunter2".into())).unwrap_err();
        assert!(error.to_string().contains("at least 32 bytes"), "{error}");
        assert!(jwt_secret(Some("x".repeat(31))).is_err());
        let long = "x".repeat(32);
        assert_eq!(jwt_secret(Some(long.clone())).unwrap(), Some(long));
        assert_eq!(jwt_secret(Some(String::new())).unwrap(), None);
        assert_eq!(jwt_secret(None).unwrap(), None);
    }
}
