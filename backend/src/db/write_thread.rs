//! SQLite's writes run on a thread of their own. SQLite has one writer at a time, so a write
//! transaction holds every other write up for as long as it lasts, and under load that was
//! mostly not SQLite's time: between two statements the request's task waited for its turn on
//! a busy server thread (`cargo xtask bench checkout`: the writer's connection spent about
//! three quarters of its time so). On a thread that runs nothing else, each statement follows
//! the last one's answer at once.

use std::future::Future;
use tokio::runtime::Handle;
use tokio::sync::oneshot;

pub struct WriteThread {
    handle: Handle,
    /// Dropping it ends the thread.
    _stop: oneshot::Sender<()>,
}

impl std::fmt::Debug for WriteThread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteThread")
    }
}

impl WriteThread {
    pub fn start() -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("db-writer".into())
            .spawn(move || {
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })?;
        Ok(Self {
            handle,
            _stop: stop,
        })
    }

    /// Runs `work` to its end on the thread, even if the caller stops waiting: a write that
    /// began is finished (committed or rolled back), never dropped half-way.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl Future<Output = T> + Send + 'static,
    ) -> T {
        match self.handle.spawn(work).await {
            Ok(done) => done,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            // Only when the thread ended, and it lives as long as the `Db` the work holds.
            Err(error) => panic!("the database's write thread ended: {error}"),
        }
    }
}
