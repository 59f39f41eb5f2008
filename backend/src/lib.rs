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
pub mod html;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod page_head;
pub mod pagination;
pub mod payments;
pub mod rate_limit;
pub mod realtime;
pub mod services;
pub mod sitemap;
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
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Everything a request handler may need, shared by all workers.
pub struct AppState {
    pub config: Config,
    pub db: Db,
    pub jwt: JwtKeys,
    pub mailer: Mailer,
    pub media: MediaStore,
    pub listing_cache: cache::ListingCache,
    pub hub: std::sync::Arc<realtime::Hub>,
    /// Chat messages are stored in batches (group commit).
    pub chat_writer: services::chat_writer::ChatWriter,
    /// Every rule that depends on the time reads it here.
    pub clock: clock::Clock,
    pub payments: payments::Payments,
    /// What `/metrics` serves: the HTTP metrics and ours.
    pub metrics: prometheus::Registry,
    pub job_metrics: jobs::Metrics,
    /// The jobs this instance is running: handed back if it stops before they are done.
    pub held_jobs: jobs::Held,
    /// Jobs run well, waiting to be deleted together.
    pub done_jobs: jobs::Done,
    /// Origins whose pages may use the session cookie: our own and the configured apps'.
    own_origins: Vec<String>,
}

impl AppState {
    pub async fn new(config: Config) -> anyhow::Result<Self> {
        let db = Db::connect(&config.database_url, config.database_max_connections).await?;
        let secret = match &config.jwt_secret {
            Some(secret) => secret.clone(),
            None => {
                let mut conn = db.writer().await?;
                db::settings::get_or_insert(&mut conn, "jwt_secret", &auth::token::generate())
                    .await?
            }
        };
        let mailer = Mailer::new(&config.mail, &config.mail_from)?;
        let media = MediaStore::new(&config)?;
        let mut own_origins = config.cors_origins.clone();
        own_origins.push(origin_of(&config.public_url));
        let hub = realtime::Hub::start(&db, &config.database_url, config.socket_limits).await?;
        let metrics = prometheus::Registry::new();
        let job_metrics = jobs::Metrics::register(&metrics)?;
        Ok(Self {
            metrics,
            job_metrics,
            held_jobs: jobs::Held::default(),
            done_jobs: jobs::Done::default(),
            clock: clock::Clock::default(),
            payments: payments::Payments::new(&config)?,
            hub,
            chat_writer: services::chat_writer::ChatWriter::start(db.clone()),
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

/// How long a stopping instance gives what is under way: the HTTP server's
/// `shutdown_timeout` (in `http::server`) for requests, and this, counted from the signal,
/// for the job worker and the janitor.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Told once, when the instance begins to stop: the background loops end when it is.
#[derive(Clone)]
pub struct Stopping(watch::Receiver<bool>);

impl Stopping {
    /// Never told: for running the loops' work by hand.
    pub fn never() -> Self {
        Self(watch::channel(false).1)
    }

    pub fn is_stopping(&self) -> bool {
        *self.0.borrow()
    }

    /// Returns once told (never, if the `Application` is gone without telling).
    pub async fn stopping(&mut self) {
        if self.0.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// The server, bound to its port: tests bind port 0 and ask which port they got.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    stop: watch::Sender<bool>,
    /// The job worker and the janitor, when started.
    background: Vec<JoinHandle<()>>,
    /// Before the server took its first request: files older are no upload of this run's.
    started: std::time::SystemTime,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let state = AppState::new(config).await?;
        Self::with_state(listener, state)
    }

    pub fn with_state(listener: TcpListener, state: AppState) -> anyhow::Result<Self> {
        let started = std::time::SystemTime::now();
        let port = listener.local_addr()?.port();
        let state = web::Data::new(state);
        let server = http::server(listener, state.clone())?;
        Ok(Self {
            port,
            server,
            state,
            stop: watch::channel(false).0,
            background: Vec::new(),
            started,
        })
    }

    /// The job worker and the janitor, beside the server until it stops. The binary starts
    /// them; tests run their work by hand.
    pub fn spawn_background_work(&mut self) {
        let janitor = services::janitor::spawn(self.state(), self.stopping(), self.started);
        let worker = jobs::spawn_worker(self.state(), self.stopping());
        self.background.extend([janitor, worker]);
    }

    pub fn stopping(&self) -> Stopping {
        Stopping(self.stop.subscribe())
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGINT/SIGTERM. Then: actix takes no new connection and gives in-flight
    /// requests up to its shutdown timeout; at once, the background loops are told to stop
    /// (the worker takes no new job); when the server is done, they get what is left of
    /// `SHUTDOWN_GRACE` and are cut off after it; last, the jobs still held are handed back
    /// for another instance, or this one's next start, to run at once.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Self {
            server,
            state,
            stop,
            background,
            ..
        } = self;
        let stop = Arc::new(stop);
        // actix hears the signal itself and stops the server; this hears the same signal to
        // stop what is not a request, without waiting for the requests.
        let signalled = tokio::spawn({
            let (state, stop) = (state.clone(), stop.clone());
            async move {
                stop_signal().await;
                tracing::info!("stopping: finishing what is under way");
                begin_stopping(&state, &stop);
                Instant::now()
            }
        });
        let served = server.await;
        let since = if signalled.is_finished() {
            signalled.await.unwrap_or_else(|_| Instant::now())
        } else {
            // Stopped through its handle, not by a signal.
            signalled.abort();
            begin_stopping(&state, &stop);
            Instant::now()
        };
        let deadline = since + SHUTDOWN_GRACE;
        for task in background {
            let abort = task.abort_handle();
            if tokio::time::timeout_at(deadline, task).await.is_err() {
                tracing::warn!("a background task did not finish in time; cut off");
                abort.abort();
            }
        }
        match jobs::release_held(&state).await {
            Ok(released) if released > 0 => {
                tracing::info!(released, "unfinished jobs handed back");
            }
            Ok(_) => {}
            Err(error) => {
                tracing::error!(error = ?error, "could not hand back unfinished jobs; they wait out their lease");
            }
        }
        served
    }
}

/// The moment the instance is told to stop, while requests still finish. Idempotent.
///
/// Tells the background loops to stop, and every websocket goodbye (close code 1001, Going
/// Away, so its client reconnects, to another instance): a socket left open would hold
/// actix's graceful stop until its timeout.
fn begin_stopping(state: &AppState, stop: &watch::Sender<bool>) {
    state.hub.shut_down();
    stop.send_replace(true);
}

/// SIGTERM (service managers, containers) or SIGINT (Ctrl-C).
async fn stop_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => tokio::select! {
                _ = terminate.recv() => {}
                () = interrupt => {}
            },
            Err(_) => interrupt.await,
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
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
