//! `bazaar` serves the marketplace; `bazaar create-admin` makes an admin account;
//! `bazaar backup FILE` copies the SQLite database while it is in use.

use anyhow::Context;
use bazaar::config::Config;
use bazaar::{AppState, Application, demo, services, telemetry};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Copy the SQLite database to FILE, consistently, while the server runs (PostgreSQL:
    /// use pg_dump). FILE must not exist yet.
    Backup { file: PathBuf },
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
            let mut app = Application::with_state(listener, state)?;
            app.spawn_background_work();
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
        Command::Backup { file } => backup(&config.database_url, &file).await?,
    }
    Ok(())
}

/// `VACUUM INTO`: one read transaction writes a compact, consistent copy, beside writers
/// (WAL lets them go on) and without the server's help. The copy is created here, so an
/// existing file is never overwritten, not even by two backups started at once.
async fn backup(database_url: &str, file: &Path) -> anyhow::Result<()> {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::{ConnectOptions, Connection};
    use std::str::FromStr;

    if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
        anyhow::bail!(
            "`bazaar backup` copies SQLite databases; for PostgreSQL use its own tools:\n  \
             pg_dump --format=custom --file=bazaar.dump \"$DATABASE_URL\"\n\
             and to restore into an empty database:\n  \
             pg_restore --no-owner --dbname=\"$DATABASE_URL\" bazaar.dump"
        );
    }
    anyhow::ensure!(
        database_url.starts_with("sqlite:"),
        "DATABASE_URL must start with sqlite: or postgres:"
    );
    let target = file
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", file.display()))?;
    // Never `mode=rwc` here: a mistyped DATA_DIR must not back up a new, empty database.
    let options = SqliteConnectOptions::from_str(database_url)
        .context("DATABASE_URL is not a valid SQLite URL")?
        .create_if_missing(false);
    let mut conn = options.connect().await.with_context(|| {
        format!(
            "cannot open the database {}",
            options.get_filename().display()
        )
    })?;
    // SQLite writes into an empty file it is given, and refuses one with content.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .with_context(|| {
            format!(
                "cannot create {}; a backup never overwrites a file",
                file.display()
            )
        })?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut conn)
        .await;
    conn.close().await.ok();
    if let Err(error) = copied {
        let _ = std::fs::remove_file(file);
        return Err(anyhow::Error::new(error).context("the backup failed"));
    }
    let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
    println!(
        "backed up {} to {} ({bytes} bytes); media under DATA_DIR is not in it",
        options.get_filename().display(),
        file.display()
    );
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
