//! Group commit: concurrent requests that each need a short write transaction queue their jobs for
//! one background task, which writes whatever is waiting in one transaction and answers each job.
//! Under load a transaction (and its lock on the audit chain head) then serves many requests
//! instead of one, so throughput grows with concurrency instead of queueing on the lock.

use crate::{Result, StoreError};
use std::future::Future;
use tokio::sync::{mpsc, oneshot};

type Pending<J, O> = (J, oneshot::Sender<Result<O>>);

/// The queue of one background writer.
pub(crate) struct GroupCommit<J, O> {
    queue: mpsc::UnboundedSender<Pending<J, O>>,
}

impl<J: Send + 'static, O: Send + 'static> GroupCommit<J, O> {
    /// Starts the writer: `write` gets up to `most` waiting jobs and returns one result per job, in
    /// their order.
    pub(crate) fn start<F, Fut>(most: usize, write: F) -> GroupCommit<J, O>
    where
        F: Fn(Vec<J>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<Result<O>>> + Send,
    {
        let (queue, mut rx) = mpsc::unbounded_channel::<Pending<J, O>>();
        tokio::spawn(async move {
            let mut waiting: Vec<Pending<J, O>> = Vec::with_capacity(most);
            while rx.recv_many(&mut waiting, most).await > 0 {
                let (jobs, replies): (Vec<J>, Vec<_>) = waiting.drain(..).unzip();
                let n = jobs.len();
                let mut results = write(jobs).await.into_iter();
                for reply in replies {
                    let r =
                        results.next().unwrap_or_else(|| Err(StoreError::Invalid(format!("group commit answered fewer than {n} jobs"))));
                    let _ = reply.send(r);
                }
            }
        });
        GroupCommit { queue }
    }

    /// Queues a job and waits until the writer has committed (or failed) it.
    pub(crate) async fn submit(&self, job: J) -> Result<O> {
        let (reply, answer) = oneshot::channel();
        if self.queue.send((job, reply)).is_err() {
            return Err(StoreError::Invalid("the group-commit writer stopped".into()));
        }
        answer.await.unwrap_or_else(|_| Err(StoreError::Invalid("the group-commit writer stopped".into())))
    }
}
