//! Group commit for chat messages: one task takes the messages that arrived together, stores
//! them in one transaction and answers each after its commit. Chat is the busiest writer,
//! and a message's own two statements cost about what its transaction's BEGIN and COMMIT
//! cost; SQLite runs one writer at a time anyway, and on PostgreSQL one WAL flush serves the
//! whole batch.

use super::uploads;
use crate::db::Db;
use crate::db::chat::{self, Side, Stored};
use crate::db::images::ImageRecord;
use crate::error::{ApiError, ApiResult};
use bazaar_shared::{ConversationId, UserId};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// A transaction stores at most this many messages.
const MAX_BATCH: usize = 64;
/// Messages waiting for their turn at most; senders past it wait to queue.
const QUEUE: usize = 1024;

#[derive(Clone, Debug)]
pub struct NewMessage {
    pub conversation: ConversationId,
    pub sender: UserId,
    pub side: Side,
    pub body: String,
    pub image: Option<ImageRecord>,
    pub now: i64,
}

#[derive(Clone, Debug)]
pub struct ChatWriter {
    queue: mpsc::Sender<Pending>,
}

struct Pending {
    message: NewMessage,
    done: oneshot::Sender<ApiResult<Stored>>,
}

impl ChatWriter {
    /// Starts the writing task; it ends once every `ChatWriter` is dropped and the queue is
    /// empty.
    pub fn start(db: Db) -> Self {
        let (queue, pending) = mpsc::channel(QUEUE);
        tokio::spawn(run(db, pending));
        Self { queue }
    }

    /// Stores the message (and records its picture) once its batch commits.
    pub async fn store(&self, message: NewMessage) -> ApiResult<Stored> {
        let stopped = || ApiError::Unavailable("the server is stopping".to_owned());
        let (done, stored) = oneshot::channel();
        self.queue
            .send(Pending { message, done })
            .await
            .map_err(|_| stopped())?;
        stored.await.map_err(|_| stopped())?
    }
}

async fn run(db: Db, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (messages, answers): (Vec<_>, Vec<_>) =
            batch.drain(..).map(|p| (p.message, p.done)).unzip();
        let messages: Arc<[NewMessage]> = messages.into();
        match store_together(&db, messages.clone()).await {
            Ok(stored) => {
                for (answer, stored) in answers.into_iter().zip(stored) {
                    let _ = answer.send(Ok(stored));
                }
            }
            // One message's fault must not fail the others: each is tried alone.
            Err(_) if answers.len() > 1 => {
                for (answer, message) in answers.into_iter().zip(messages.iter()) {
                    let alone = store_together(&db, Arc::from([message.clone()])).await;
                    let _ = answer.send(alone.map(|mut stored| stored.remove(0)));
                }
            }
            Err(error) => {
                if let Some(answer) = answers.into_iter().next() {
                    let _ = answer.send(Err(error));
                }
            }
        }
    }
}

/// Stores `messages` in one transaction, in order, where writes go quickest (`Db::write`).
async fn store_together(db: &Db, messages: Arc<[NewMessage]>) -> ApiResult<Vec<Stored>> {
    let inside = db.clone();
    db.write(async move {
        let mut tx = inside.begin().await?;
        let mut stored = Vec::with_capacity(messages.len());
        for message in messages.iter() {
            uploads::record_all(&mut tx, message.image.as_slice(), message.now).await?;
            let image = message.image.as_ref().map(|image| image.id);
            stored.push(
                chat::insert_message(
                    &mut tx,
                    message.conversation,
                    message.sender,
                    message.side,
                    &message.body,
                    image,
                    message.now,
                )
                .await?,
            );
        }
        tx.commit().await?;
        ApiResult::Ok(stored)
    })
    .await
}
