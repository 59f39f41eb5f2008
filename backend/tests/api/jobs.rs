//! The durable jobs queue: a job exists iff its transaction committed, runs once even with
//! runners racing, is retried with backoff and ends dead when it keeps failing.

use crate::helpers::{TestApp, spawn_app, spawn_instance_beside};
use bazaar::jobs::{self, Job};
use bazaar::mail::Mail;
use std::time::Duration;

fn activation_mail(email: &str) -> Job {
    Job::Mail {
        to_name: "Ann".to_owned(),
        to_email: email.to_owned(),
        mail: Mail::Activation {
            name: "Ann".to_owned(),
            link: "http://bazaar.test/activate?token=t".to_owned(),
        },
    }
}

/// Enqueues `jobs` for the worker in one committed transaction, due now.
async fn enqueue_committed(app: &TestApp, jobs: &[Job]) {
    let mut tx = app.state.db.begin().await.unwrap();
    for job in jobs {
        let now = app.state.clock.now_micros();
        jobs::enqueue(&mut tx, job, now).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// Enqueues `job` held for running now (as requests do), in a committed transaction.
async fn held_committed(app: &TestApp, job: &Job) -> jobs::Claimed {
    let mut tx = app.state.db.begin().await.unwrap();
    let now = app.state.clock.now_micros();
    let held = jobs::enqueue_held(&mut tx, job, now).await.unwrap();
    tx.commit().await.unwrap();
    held
}

/// Makes the file outbox fail (or work again): mail sending is these tests' effect.
fn break_outbox(app: &TestApp) {
    std::fs::remove_dir_all(app.outbox()).unwrap();
}

fn mend_outbox(app: &TestApp) {
    std::fs::create_dir_all(app.outbox()).unwrap();
}

async fn metric(app: &TestApp, name: &str) -> i64 {
    let metrics = app.get("/metrics").await.text().await.unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in {metrics}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_job_enqueued_in_a_rolled_back_transaction_never_runs() {
    let app = spawn_app().await;
    let mut tx = app.state.db.begin().await.unwrap();
    let now = app.state.clock.now_micros();
    jobs::enqueue(&mut tx, &activation_mail("ann@example.com"), now)
        .await
        .unwrap();
    jobs::enqueue_held(&mut tx, &activation_mail("bob@example.com"), now)
        .await
        .unwrap();
    tx.rollback().await.unwrap();

    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 0);
    app.state.clock.advance(Duration::from_secs(86_400));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 0);
    assert_eq!(app.count("jobs").await, 0);
    assert!(app.mails_to("ann@example.com").await.is_empty());
    assert!(app.mails_to("bob@example.com").await.is_empty());
}

#[tokio::test]
async fn a_job_run_now_is_done_and_gone() {
    let app = spawn_app().await;
    let held = held_committed(&app, &activation_mail("ann@example.com")).await;
    jobs::run_now(&app.state, [held]).await;
    assert_eq!(app.mails_to("ann@example.com").await.len(), 1);
    assert_eq!(app.count("jobs").await, 0);
    // Nothing is left for the worker: nothing more is sent.
    app.state.clock.advance(Duration::from_secs(86_400));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 0);
    assert_eq!(app.mails_to("ann@example.com").await.len(), 1);
}

/// Many requests finishing jobs at once: the done ones are deleted together, and none is
/// left behind for the worker to run again.
#[tokio::test]
async fn jobs_run_now_by_many_requests_at_once_are_all_done_and_gone() {
    let app = spawn_app().await;
    let addresses: Vec<String> = (0..30).map(|i| format!("buyer{i}@example.com")).collect();
    let mut held = Vec::new();
    for address in &addresses {
        held.push(held_committed(&app, &activation_mail(address)).await);
    }
    futures_util::future::join_all(held.into_iter().map(|job| jobs::run_now(&app.state, [job])))
        .await;
    // A request that found a deletion under way answered before its jobs were deleted.
    app.jobs_run_now_settled().await;
    assert_eq!(app.count("jobs").await, 0);
    app.state.clock.advance(Duration::from_secs(86_400));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 0);
    for address in &addresses {
        assert_eq!(app.mails_to(address).await.len(), 1, "{address}");
    }
}

#[tokio::test]
async fn a_held_job_its_request_never_ran_is_run_by_the_worker_after_the_lease() {
    let app = spawn_app().await;
    // The request died between its commit and `run_now`.
    held_committed(&app, &activation_mail("ann@example.com")).await;
    assert_eq!(
        jobs::run_due(&app.state).await.unwrap(),
        0,
        "held by the request"
    );
    app.state.clock.advance(Duration::from_secs(5 * 60 + 1));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 1);
    assert_eq!(app.mails_to("ann@example.com").await.len(), 1);
    assert_eq!(app.count("jobs").await, 0);
}

#[tokio::test]
async fn a_job_that_failed_is_retried_after_a_backoff_and_succeeds() {
    let app = spawn_app().await;
    break_outbox(&app);
    let held = held_committed(&app, &activation_mail("ann@example.com")).await;
    jobs::run_now(&app.state, [held]).await;
    app.jobs_run_now_settled().await;
    assert_eq!(app.count("jobs").await, 1, "a failed job stays queued");

    mend_outbox(&app);
    // Not before its backoff: one minute after the first failure.
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 0);
    app.state.clock.advance(Duration::from_secs(50));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 0);
    assert!(app.mails_to("ann@example.com").await.is_empty());

    app.state.clock.advance(Duration::from_secs(11));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 1);
    assert_eq!(app.mails_to("ann@example.com").await.len(), 1);
    assert_eq!(app.count("jobs").await, 0);
}

#[tokio::test]
async fn a_job_that_keeps_failing_ends_dead_and_the_metrics_say_so() {
    let app = spawn_app().await;
    enqueue_committed(&app, &[activation_mail("ann@example.com")]).await;
    enqueue_committed(&app, &[activation_mail("bob@example.com")]).await;
    break_outbox(&app);
    let mut waits = Vec::new();
    for _ in 0..20 {
        assert_eq!(jobs::run_due(&app.state).await.unwrap(), 2);
        let run_at: i64 = sqlx::query_scalar("SELECT MIN(run_at) FROM jobs")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
        let wait = run_at - app.state.clock.now_micros();
        waits.push((wait + 30_000_000) / 60_000_000); // in whole minutes
        app.state.clock.advance(Duration::from_secs(6 * 3600 + 1));
    }
    // Waits doubled from a minute up to six hours (the last failure buried the jobs).
    assert_eq!(&waits[..11], [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360]);
    assert_eq!(metric(&app, "bazaar_jobs_dead").await, 2);
    assert_eq!(metric(&app, "bazaar_jobs_queued").await, 0);
    assert_eq!(metric(&app, "bazaar_jobs_run_total").await, 40);
    assert_eq!(metric(&app, "bazaar_jobs_failed_total").await, 40);

    mend_outbox(&app);
    app.state.clock.advance(Duration::from_secs(30 * 86_400));
    assert_eq!(
        jobs::run_due(&app.state).await.unwrap(),
        0,
        "dead jobs stay dead"
    );
    assert_eq!(app.count("jobs").await, 2, "and are kept to be looked at");
    let last_error: String = sqlx::query_scalar("SELECT last_error FROM jobs LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert!(!last_error.is_empty());
    assert!(app.mails_to("ann@example.com").await.is_empty());
}

#[tokio::test]
async fn metrics_count_queued_and_run_jobs() {
    let app = spawn_app().await;
    enqueue_committed(&app, &[activation_mail("ann@example.com")]).await;
    break_outbox(&app);
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 1);
    assert_eq!(metric(&app, "bazaar_jobs_queued").await, 1);
    assert_eq!(metric(&app, "bazaar_jobs_failed_total").await, 1);

    mend_outbox(&app);
    app.state.clock.advance(Duration::from_secs(61));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 1);
    assert_eq!(metric(&app, "bazaar_jobs_queued").await, 0);
    assert_eq!(metric(&app, "bazaar_jobs_dead").await, 0);
    assert_eq!(metric(&app, "bazaar_jobs_run_total").await, 2);
    assert_eq!(metric(&app, "bazaar_jobs_failed_total").await, 1);
}

#[tokio::test]
async fn two_instances_racing_run_each_job_exactly_once() {
    let app = spawn_app().await;
    let other = spawn_instance_beside(&app).await;
    let addresses: Vec<String> = (0..50).map(|i| format!("buyer{i}@example.com")).collect();
    let batch: Vec<Job> = addresses.iter().map(|a| activation_mail(a)).collect();
    enqueue_committed(&app, &batch).await;

    let (one, two, three) = tokio::join!(
        jobs::run_due(&app.state),
        jobs::run_due(&other.state),
        jobs::run_due(&app.state),
    );
    let (one, two, three) = (one.unwrap(), two.unwrap(), three.unwrap());
    assert_eq!(one + two + three, 50, "{one} + {two} + {three}");
    // Both instances share the outbox: each mail is there exactly once.
    for address in &addresses {
        assert_eq!(app.mails_to(address).await.len(), 1, "{address}");
    }
    assert_eq!(std::fs::read_dir(app.outbox()).unwrap().count(), 50);
    assert_eq!(app.count("jobs").await, 0);
}

#[tokio::test]
async fn an_activation_mail_that_failed_at_sign_up_goes_out_on_a_retry() {
    let app = spawn_app().await;
    break_outbox(&app);
    let response = app.sign_up("ann@example.com").await;
    assert!(response.status().is_success(), "{}", response.status());
    // The mail is tried just after the response.
    app.jobs_run_now_settled().await;
    assert_eq!(app.count("jobs").await, 1);

    mend_outbox(&app);
    app.state.clock.advance(Duration::from_secs(61));
    assert_eq!(jobs::run_due(&app.state).await.unwrap(), 1);
    let token = app.token_from_mail("ann@example.com", "activate").await;
    let activated = app
        .post(
            "/api/v1/auth/activate",
            &serde_json::json!({ "token": token }),
        )
        .await;
    assert!(activated.status().is_success(), "{}", activated.status());
}
