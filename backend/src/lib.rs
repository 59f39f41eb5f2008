//! Bazaar's server: the HTTP API, the media it serves and the web UI.

pub mod auth;
pub mod cache;
pub mod clock;
pub mod config;
pub mod cpu;
pub mod db;
pub mod demo;
pub mod demo_art;
pub mod error;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod pagination;
pub mod payments;
pub mod rate_limit;
pub mod realtime;
pub mod services;
pub mod telemetry;

use actix_web::dev::Server;
use actix_web::web;
use anyhow::Context;
use auth::jwt::JwtKeys;
use config::Config;
use db::Db;
use mail::Mailer;
use media::MediaStore;
use std::net::TcpListener;

/// Everything a request handler may need, shared by all workers.
pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub jwt: JwtKeys,
    pub mailer: Mailer,
    pub media: MediaStore,
    pub listing_cache: cache::ListingCache,
    pub hub: std::sync::Arc<realtime::Hub>,
    /// Every rule that depends on the time reads it here.
    pub clock: clock::Clock,
    pub payments: payments::Payments,
    /// What `/metrics` serves: the HTTP metrics and ours.
    pub metrics: prometheus::Registry,
    pub job_metrics: jobs::Metrics,
    /// Origins whose pages may use the session cookie: our own and the configured apps'.
    own_origins: Vec<String>,
}

impl AppState {
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url, config.database_max_connections).await?;
        let secret = match &config.jwt_secret {
            Some(secret) => secret.clone(),
            None => {
                let mut conn = db.pool.acquire().await?;
                db::settings::get_or_insert(&mut conn, "jwt_secret", &auth::token::generate())
                    .await?
            }
        };
        let mailer = Mailer::new(&config.mail, &config.mail_from)?;
        let media = MediaStore::new(&config)?;
        let mut own_origins = config.cors_origins.clone();
        own_origins.push(origin_of(&config.public_url));
        let hub = realtime::Hub::start(&db, &config.database_url).await?;
        let metrics = prometheus::Registry::new();
        let job_metrics = jobs::Metrics::register(&metrics)?;
        Ok(Self {
            metrics,
            job_metrics,
            clock: clock::Clock::default(),
            payments: payments::Payments::new(&config)?,
            hub,
            listing_cache: cache::ListingCache::new(config.listing_cache_ttl),
            jwt: JwtKeys::new(&secret),
            db,
            mailer,
            media,
            own_origins,
            config,
        })
    }

    pub fn is_own_origin(&self, origin: &str) -> bool {
        self.own_origins.iter().any(|own| own == origin)
    }
}

/// `scheme://host[:port]` of a URL.
pub(crate) fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    url[..end].to_owned()
}

/// The server, bound to its port: tests bind port 0 and ask which port they got.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let state = AppState::new(config).await?;
        Self::with_state(listener, state)
    }

    pub fn with_state(listener: TcpListener, state: AppState) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let state = web::Data::new(state);
        let server = http::server(listener, state.clone())?;
        Ok(Self {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGINT/SIGTERM, then lets in-flight requests finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins_drop_the_path() {
        assert_eq!(
            super::origin_of("https://shop.example:8443/app/"),
            "https://shop.example:8443"
        );
        assert_eq!(
            super::origin_of("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }
}
