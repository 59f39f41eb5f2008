//! The CPU-heavy work of requests (decoding images, hashing passwords) runs on blocking
//! threads, one job per core at a time: a burst of uploads or sign-ins queues here instead
//! of taking every core, and the memory of every decode, at once.

use crate::error::{ApiError, ApiResult};
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a request waits for a free core before it is asked to come back later.
const MAX_WAIT: Duration = Duration::from_secs(3);

static CORES: LazyLock<Cores> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    Cores::new(cores, MAX_WAIT)
});

/// Runs `work` on a blocking thread once a core is free; 503 when none frees up in time.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> ApiResult<T> {
    CORES.run(work).await
}

struct Cores {
    permits: Arc<Semaphore>,
    max_wait: Duration,
}

impl Cores {
    fn new(permits: usize, max_wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            max_wait,
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> ApiResult<T> {
        let permit = tokio::time::timeout(self.max_wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::Busy)?
            .map_err(anyhow::Error::from)?;
        // The permit goes with the work: a request given up on does not free its core
        // before the work it started is done.
        let done = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        Ok(done.await.map_err(anyhow::Error::from)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::ResponseError;
    use actix_web::http::{StatusCode, header};

    #[tokio::test]
    async fn work_past_the_cores_waits_and_then_is_refused_with_retry_after() {
        let cores = Cores::new(1, Duration::ZERO);
        let busy = cores.permits.clone().acquire_owned().await.unwrap();
        let refused = cores.run(|| "hashed").await.unwrap_err();
        let response = refused.error_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "2");
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/problem+json"
        );
        drop(busy);
        assert_eq!(cores.run(|| "hashed").await.unwrap(), "hashed");
    }
}
