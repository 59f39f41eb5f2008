//! `bazaar` serves the marketplace; `bazaar create-admin` makes an admin account.

use anyhow::Context;
use bazaar::config::Config;
use bazaar::{AppState, Application, demo, jobs, services, telemetry};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "Bazaar: a multi-vendor marketplace")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web UI (the default).
    Serve,
    /// Create an active admin account.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read from BAZAAR_ADMIN_PASSWORD when not given, to keep it out of shell history.
        #[arg(long, env = "BAZAAR_ADMIN_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

fn main() -> anyhow::Result<()> {
    limit_malloc_arenas();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

/// glibc gives each thread that allocates under contention an arena of its own (the SQLite
/// driver runs a thread per connection) and hands little back: with 10,000 websockets open
/// the server held 620–900 MiB, with two arenas 407 MiB. Set before any thread starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes the allocator; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    telemetry::init(&config.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let listener = std::net::TcpListener::bind(&config.bind)
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            let public_url = config.public_url.clone();
            let state = AppState::new(config).await?;
            if state.config.demo_data
                && let Some(demo) = demo::seed_if_empty(&state).await?
            {
                println!(
                    "\nDemo marketplace: sign in with password {:?} as:\n  buyer  {}\n  seller {}\n  admin  {}\n",
                    demo.password, demo.buyer, demo.seller, demo.admin
                );
            }
            let app = Application::with_state(listener, state)?;
            services::janitor::spawn(app.state());
            jobs::spawn_worker(app.state());
            tracing::info!(%public_url, "Bazaar is listening");
            println!("Bazaar is open at {public_url}");
            app.run_until_stopped().await?;
        }
        Command::CreateAdmin {
            email,
            name,
            password,
        } => {
            let state = AppState::new(config).await?;
            match services::accounts::create_admin(&state, &name, &email, &password).await {
                Ok(admin) => println!(
                    "admin {} <{}> created (id {})",
                    admin.name, admin.email, admin.id
                ),
                Err(error) => anyhow::bail!(
                    "could not create the admin: {error}{}",
                    field_details(&error)
                ),
            }
        }
    }
    Ok(())
}

fn field_details(error: &bazaar::error::ApiError) -> String {
    match error {
        bazaar::error::ApiError::Invalid(errors)
        | bazaar::error::ApiError::Conflict {
            errors: Some(errors),
            ..
        } => errors
            .0
            .iter()
            .map(|(field, messages)| format!("\n  {field}: {}", messages.join(", ")))
            .collect(),
        _ => String::new(),
    }
}
