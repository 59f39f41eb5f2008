//! Durable jobs: work that must happen after a commit and must not be lost in a crash
//! (crates.io's background jobs are the model).
//!
//! A job is enqueued inside the transaction that calls for it, so it exists iff that
//! transaction commits. A job due now is enqueued held by the request (`enqueue_held`), which
//! runs it once that commits (`run_now`), so its effect is usually there when the response
//! is (a mail's follows just after); whatever fails or is interrupted stays queued, and the
//! worker (`spawn_worker`, on every instance) retries it with exponential backoff, until it
//! succeeds or has failed `MAX_ATTEMPTS` times and is kept as dead. A job runs at least once:
//! a runner that dies between the effect and the delete leaves it to run again after its
//! lease, so a job's effect must bear repeating (a mail sent twice, not a charge taken twice).
//!
//! An instance that is told to stop (SIGTERM) does not wait out that lease: its worker takes
//! no new job, and whatever it still holds when the shutdown's grace ends — a job cut off
//! mid-run, by the worker or by a request — is handed back (`release_held`), due at once.

use crate::db;
pub use crate::db::jobs::Claimed;
use crate::mail::Mail;
use crate::services::payments;
use crate::{AppState, Stopping};
use actix_web::web::Data;
use anyhow::Context;
use bazaar_shared::CheckoutId;
use prometheus::{IntCounter, IntGauge, Registry};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;
use uuid::Uuid;

pub type JobId = Uuid;

/// How long a claimed job is held before another runner may take it (a runner that died).
const LEASE: Duration = Duration::from_secs(5 * 60);
/// The first retry waits this long, each next one twice as long, up to `LONGEST_WAIT`.
const FIRST_WAIT: Duration = Duration::from_secs(60);
const LONGEST_WAIT: Duration = Duration::from_secs(6 * 3600);
/// About four days of retries with the waits above.
const MAX_ATTEMPTS: i64 = 20;
/// How often the worker looks for due jobs.
const POLL_EVERY: Duration = Duration::from_secs(5);

/// Stored as JSON until done: add variants and fields with defaults, never rename.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    Mail {
        to_name: String,
        to_email: String,
        mail: Mail,
    },
    /// Unpaid orders give their stock back when their checkout's time is up.
    ExpireCheckout { checkout_id: CheckoutId },
    /// The provider's payment of a checkout nobody will pay is called off.
    CancelPayment { checkout_id: CheckoutId },
    /// Money back through the provider that took it; `key` makes a repeat refund nothing more.
    RefundPayment {
        checkout_id: CheckoutId,
        amount: i64,
        key: String,
    },
}

impl Job {
    /// The `kind` column, for a person reading the table.
    fn kind(&self) -> &'static str {
        match self {
            Self::Mail { .. } => "mail",
            Self::ExpireCheckout { .. } => "expire_checkout",
            Self::CancelPayment { .. } => "cancel_payment",
            Self::RefundPayment { .. } => "refund_payment",
        }
    }
}

/// Inside the caller's transaction: the job exists iff the transaction commits.
pub async fn enqueue(
    conn: &mut AnyConnection,
    job: &Job,
    run_at_micros: i64,
) -> Result<JobId, sqlx::Error> {
    let stored = insert(conn, std::slice::from_ref(job), run_at_micros, None).await?;
    Ok(stored[0].0)
}

/// Inside the caller's transaction, a job that the request runs itself once that commits
/// (`run_now`): it is enqueued already held by the request, so no other runner takes it
/// meanwhile and running it needs no claim of its own (a write transaction fewer). Should
/// the request die first, another runner takes it when the lease ends.
pub async fn enqueue_held(
    conn: &mut AnyConnection,
    job: &Job,
    now_micros: i64,
) -> Result<Claimed, sqlx::Error> {
    let mut held = enqueue_held_all(conn, std::slice::from_ref(job), now_micros).await?;
    Ok(held.remove(0))
}

/// `enqueue_held` for several jobs, stored in one statement.
pub async fn enqueue_held_all(
    conn: &mut AnyConnection,
    jobs: &[Job],
    now_micros: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let locked_until = now_micros + micros(LEASE);
    let stored = insert(conn, jobs, now_micros, Some(locked_until)).await?;
    Ok(stored
        .into_iter()
        .map(|(id, payload)| Claimed {
            id,
            payload,
            attempts: 1,
            locked_until,
        })
        .collect())
}

/// The jobs stored as JSON; returns their ids and payloads.
async fn insert(
    conn: &mut AnyConnection,
    jobs: &[Job],
    run_at: i64,
    held_until: Option<i64>,
) -> Result<Vec<(JobId, String)>, sqlx::Error> {
    let mut stored = Vec::with_capacity(jobs.len());
    for job in jobs {
        let payload = serde_json::to_string(job).map_err(|e| sqlx::Error::Encode(e.into()))?;
        stored.push((db::new_id(), payload));
    }
    let rows: Vec<db::jobs::NewJob> = (jobs.iter().zip(&stored))
        .map(|(job, (id, payload))| db::jobs::NewJob {
            id: *id,
            kind: job.kind(),
            payload,
        })
        .collect();
    db::jobs::insert(conn, &rows, run_at, held_until).await?;
    Ok(stored)
}

/// After the commit: runs the jobs `enqueue_held` queued, in this request, so their effect
/// is there when the response is; what fails stays queued for the worker. Mail is the
/// exception: it is sent just after, by a task of its own, for a mail relay's latency (a
/// slow one takes seconds) is not the buyer's to wait; under load the checkout spent most
/// of its time so.
pub async fn run_now(state: &AppState, jobs: impl IntoIterator<Item = Claimed>) {
    let books = Books::of(state);
    let (mut outcomes, mut mails) = (Vec::new(), Vec::new());
    for job in jobs {
        state.held_jobs.hold(&job);
        match read(&job) {
            Ok(Job::Mail {
                to_name,
                to_email,
                mail,
            }) => mails.push((job, to_name, to_email, mail)),
            read => {
                let outcome = perform_read(state, read).await;
                outcomes.push((job, outcome));
            }
        }
    }
    if !mails.is_empty() {
        let (mailer, books, now) = (
            state.mailer.clone(),
            books.clone(),
            state.clock.now_micros(),
        );
        tokio::spawn(async move {
            let mut outcomes = Vec::with_capacity(mails.len());
            for (job, to_name, to_email, mail) in mails {
                let outcome = mailer.send(&to_name, &to_email, mail).await;
                outcomes.push((job, outcome));
            }
            books.record_or_warn(now, outcomes).await;
        });
    }
    books
        .record_or_warn(state.clock.now_micros(), outcomes)
        .await;
}

/// Claims and runs every due job once (tests call it; the worker loops on it). Returns how
/// many were run, whether they succeeded or not.
pub async fn run_due(state: &AppState) -> anyhow::Result<usize> {
    run_due_until(state, &Stopping::never()).await
}

/// `run_due`, taking no further job once `stop` is told.
async fn run_due_until(state: &AppState, stop: &Stopping) -> anyhow::Result<usize> {
    let mut ran = 0;
    // A failed job is due again no sooner than `FIRST_WAIT` later: this loop ends.
    while !stop.is_stopping()
        && let Some(claimed) = claim(state).await.context("cannot claim a job")?
    {
        run(state, claimed)
            .await
            .context("cannot record a job's outcome")?;
        ran += 1;
    }
    refresh_gauges(state).await?;
    Ok(ran)
}

/// Runs `run_due` every few seconds, on every instance, until `stop` is told; then ends
/// after the job in hand (the shutdown aborts it if that takes too long, and hands the job
/// back).
pub fn spawn_worker(state: Data<AppState>, mut stop: Stopping) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(POLL_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = stop.stopping() => break,
                _ = ticks.tick() => {}
            }
            if let Err(error) = run_due_until(&state, &stop).await {
                tracing::warn!(error = ?error, "running due jobs failed; will try again");
            }
        }
        tracing::info!("the job worker has stopped");
    })
}

/// The jobs this instance has claimed and not yet recorded, with the lease each was taken
/// with: what a shutdown hands back.
#[derive(Clone, Default)]
pub struct Held(Arc<parking_lot::Mutex<HashMap<JobId, i64>>>);

impl Held {
    fn hold(&self, claimed: &Claimed) {
        self.0.lock().insert(claimed.id, claimed.locked_until);
    }

    fn let_go(&self, id: JobId) {
        self.0.lock().remove(&id);
    }

    pub fn count(&self) -> usize {
        self.0.lock().len()
    }
}

/// Jobs that requests ran well, waiting to be deleted. Under load many requests finish jobs
/// at once; rather than each deleting its own (a write each, on SQLite's one writer), the
/// first starts a task that deletes whatever has gathered, in one statement, again and again
/// until none is left, while the others go on at once. The first waits for it, so a request
/// alone (and a test) finds its jobs gone when it answers.
#[derive(Clone, Default)]
pub struct Done(Arc<parking_lot::Mutex<Gathered>>);

#[derive(Default)]
struct Gathered {
    ids: Vec<JobId>,
    /// A task is deleting: it will take what is added meanwhile.
    deleting: bool,
}

impl Done {
    async fn add(&self, books: &Books, ids: Vec<JobId>) {
        if ids.is_empty() {
            return;
        }
        {
            let mut gathered = self.0.lock();
            gathered.ids.extend(ids);
            if std::mem::replace(&mut gathered.deleting, true) {
                return;
            }
        }
        // Spawned, so that it goes on if this request is dropped.
        let deleting = tokio::spawn(Self::delete(self.clone(), books.clone()));
        if let Err(error) = deleting.await {
            tracing::error!(%error, "deleting done jobs stopped");
        }
    }

    /// What was gathered, until nothing is; `deleting` is cleared under the same lock as
    /// the last empty take, so nothing added is left behind.
    async fn delete(self, books: Books) {
        loop {
            let ids = {
                let mut gathered = self.0.lock();
                if gathered.ids.is_empty() {
                    gathered.deleting = false;
                    return;
                }
                std::mem::take(&mut gathered.ids)
            };
            Self::delete_now(&books, ids).await;
        }
    }

    /// Deletes `ids` and lets go of them; if that fails they stay held, and run again after
    /// their lease or when a shutdown hands them back.
    async fn delete_now(books: &Books, ids: Vec<JobId>) {
        // Well within every dialect's limit of bound values.
        for chunk in ids.chunks(1000) {
            let batch = chunk.to_vec();
            match (books.db)
                .write_one(
                    move |mut conn| async move { db::jobs::delete_all(&mut conn, &batch).await },
                )
                .await
            {
                Ok(()) => chunk.iter().for_each(|id| books.held.let_go(*id)),
                Err(error) => {
                    tracing::warn!(error = ?error, "could not delete done jobs; they run again after their lease")
                }
            }
        }
    }

    /// At shutdown: whatever is still gathered is deleted now.
    async fn flush(&self, state: &AppState) {
        let ids = std::mem::take(&mut self.0.lock().ids);
        Self::delete_now(&Books::of(state), ids).await;
    }
}

/// At shutdown, once nothing here runs jobs any more: every job still held is released,
/// due again at once for any instance, its interrupted attempt not counted. A job whose
/// lease ran out and was taken by another runner meanwhile is that runner's and left alone.
pub async fn release_held(state: &AppState) -> Result<usize, sqlx::Error> {
    state.done_jobs.flush(state).await;
    let held: Vec<(JobId, i64)> = state.held_jobs.0.lock().drain().collect();
    if held.is_empty() {
        return Ok(0);
    }
    let mut tx = state.db.begin().await?;
    let mut released = 0;
    for (id, locked_until) in &held {
        released += db::jobs::release(&mut tx, *id, *locked_until).await?;
    }
    tx.commit().await?;
    tracing::info!(released, "jobs this instance held were handed back");
    Ok(released)
}

/// What a job does: one arm per kind.
async fn perform(state: &AppState, job: Job) -> anyhow::Result<()> {
    match job {
        Job::Mail {
            to_name,
            to_email,
            mail,
        } => state.mailer.send(&to_name, &to_email, mail).await,
        // Boxed: expiring announces the orders, which runs their jobs, which may expire.
        Job::ExpireCheckout { checkout_id } => Box::pin(payments::expire(state, checkout_id)).await,
        Job::CancelPayment { checkout_id } => payments::call_off(state, checkout_id).await,
        Job::RefundPayment {
            checkout_id,
            amount,
            key,
        } => payments::refund_amount(state, checkout_id, amount, &key).await,
    }
}

/// Claims through the writer (SQLite's single writer; PostgreSQL's pool).
async fn claim(state: &AppState) -> Result<Option<Claimed>, sqlx::Error> {
    let now = state.clock.now_micros();
    let mut tx = state.db.begin().await?;
    let claimed = db::jobs::claim(&mut tx, state.db.dialect, now, now + micros(LEASE)).await?;
    tx.commit().await?;
    if let Some(job) = &claimed {
        state.held_jobs.hold(job);
    }
    Ok(claimed)
}

/// Performs a claimed job and records how it went.
async fn run(state: &AppState, claimed: Claimed) -> Result<(), sqlx::Error> {
    let outcome = perform_read(state, read(&claimed)).await;
    let now = state.clock.now_micros();
    Books::of(state).record(now, vec![(claimed, outcome)]).await
}

/// The stored job; a kind this version does not know (a newer instance's) fails like any job.
fn read(claimed: &Claimed) -> anyhow::Result<Job> {
    serde_json::from_str(&claimed.payload).context("cannot read the job")
}

/// Performs a job as `read` gave it; one that could not be read fails.
async fn perform_read(state: &AppState, read: anyhow::Result<Job>) -> anyhow::Result<()> {
    perform(state, read?).await
}

/// What recording jobs' outcomes takes, cheap to clone into the task that sends a request's
/// mail after its response.
#[derive(Clone)]
struct Books {
    db: db::Db,
    held: Held,
    done: Done,
    metrics: Metrics,
}

impl Books {
    fn of(state: &AppState) -> Self {
        Self {
            db: state.db.clone(),
            held: state.held_jobs.clone(),
            done: state.done_jobs.clone(),
            metrics: state.job_metrics.clone(),
        }
    }

    async fn record_or_warn(&self, now: i64, outcomes: Vec<(Claimed, anyhow::Result<()>)>) {
        if let Err(error) = self.record(now, outcomes).await {
            tracing::warn!(error = ?error, "could not record the jobs run now; they run again after their lease");
        }
    }
    /// Done jobs go (with other requests', `Done`); failed ones wait for their retry, or are
    /// kept as dead.
    async fn record(
        &self,
        now: i64,
        outcomes: Vec<(Claimed, anyhow::Result<()>)>,
    ) -> Result<(), sqlx::Error> {
        let (mut done, mut failed) = (Vec::new(), Vec::new());
        for (claimed, outcome) in outcomes {
            self.metrics.run.inc();
            match outcome {
                Ok(()) => done.push(claimed.id),
                Err(error) => failed.push((claimed, error)),
            }
        }
        let recorded = self.record_failed(now, failed).await;
        self.done.add(self, done).await;
        recorded
    }

    async fn record_failed(
        &self,
        now: i64,
        failed: Vec<(Claimed, anyhow::Error)>,
    ) -> Result<(), sqlx::Error> {
        if failed.is_empty() {
            return Ok(());
        }
        let ids: Vec<JobId> = failed.iter().map(|(claimed, _)| claimed.id).collect();
        let mut fates = Vec::with_capacity(failed.len());
        for (claimed, error) in failed {
            self.metrics.failed.inc();
            let error = format!("{error:#}");
            fates.push(if claimed.attempts >= MAX_ATTEMPTS {
                tracing::error!(id = %claimed.id, attempts = claimed.attempts, %error, "a job failed for the last time; it is kept as dead");
                (claimed.id, None, error)
            } else {
                let wait = backoff(claimed.attempts);
                tracing::warn!(id = %claimed.id, attempts = claimed.attempts, %error, retry_in = ?wait, "a job failed; it will be retried");
                (claimed.id, Some(now + micros(wait)), error)
            });
        }
        let db = self.db.clone();
        self.db
            .write(async move {
                let mut tx = db.begin().await?;
                for (id, retry_at, error) in fates {
                    match retry_at {
                        Some(at) => db::jobs::retry_at(&mut tx, id, at, &error).await?,
                        None => db::jobs::bury(&mut tx, id, now, &error).await?,
                    }
                }
                tx.commit().await
            })
            .await?;
        // Only now: had the commit failed, the jobs would still be held, and released at
        // shutdown.
        for id in ids {
            self.held.let_go(id);
        }
        Ok(())
    }
}

/// The wait after the `attempts`-th failure: 1 minute, doubling, at most 6 hours.
fn backoff(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).max(0))
        .unwrap_or(u32::MAX)
        .min(16);
    FIRST_WAIT.saturating_mul(1 << doublings).min(LONGEST_WAIT)
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

/// The queue as `/metrics` shows it. The counters are this instance's; the gauges count the
/// table (all instances), refreshed each time this instance's runner looks for work.
#[derive(Clone)]
pub struct Metrics {
    run: IntCounter,
    failed: IntCounter,
    queued: IntGauge,
    dead: IntGauge,
}

impl Metrics {
    pub fn register(registry: &Registry) -> anyhow::Result<Self> {
        let metrics = Self {
            run: IntCounter::new("bazaar_jobs_run_total", "Job attempts run")?,
            failed: IntCounter::new("bazaar_jobs_failed_total", "Job attempts that failed")?,
            queued: IntGauge::new(
                "bazaar_jobs_queued",
                "Jobs waiting to run, running, or waiting to be retried",
            )?,
            dead: IntGauge::new(
                "bazaar_jobs_dead",
                "Jobs that failed too often and are no longer tried",
            )?,
        };
        registry.register(Box::new(metrics.run.clone()))?;
        registry.register(Box::new(metrics.failed.clone()))?;
        registry.register(Box::new(metrics.queued.clone()))?;
        registry.register(Box::new(metrics.dead.clone()))?;
        Ok(metrics)
    }
}

async fn refresh_gauges(state: &AppState) -> anyhow::Result<()> {
    let mut conn = state.db.pool.acquire().await?;
    let (queued, dead) = db::jobs::counts(&mut conn).await?;
    state.job_metrics.queued.set(queued);
    state.job_metrics.dead.set(dead);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_six_hours() {
        let minutes = |attempts| backoff(attempts).as_secs() / 60;
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(2), 2);
        assert_eq!(minutes(9), 256);
        assert_eq!(minutes(10), 360);
        assert_eq!(minutes(MAX_ATTEMPTS), 360);
        assert_eq!(minutes(i64::MAX), 360);
    }

    #[test]
    fn a_mail_job_reads_back_from_its_stored_form() {
        let job = Job::Mail {
            to_name: "Ann".to_owned(),
            to_email: "ann@example.com".to_owned(),
            mail: Mail::Activation {
                name: "Ann".to_owned(),
                link: "http://bazaar.test/activate?token=t".to_owned(),
            },
        };
        let stored = serde_json::to_value(&job).unwrap();
        assert_eq!(stored["kind"], "mail");
        assert_eq!(stored["mail"]["template"], "activation");
        let Job::Mail { to_email, mail, .. } = serde_json::from_value(stored).unwrap() else {
            panic!("a mail job reads back as a mail job");
        };
        assert_eq!(to_email, "ann@example.com");
        assert_eq!(mail.link(), "http://bazaar.test/activate?token=t");
    }
}
