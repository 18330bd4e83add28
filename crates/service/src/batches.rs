//! Work that concurrent requests hand over to be done together: a few loops on a thread of
//! their own take turns at one queue. While one loop works through its batch, the next gathers
//! what arrives meanwhile, so a batch is as large as the load makes it and a lone item is taken
//! at once. The order writer (group commit) and the velocity reader are built on it.

use std::future::Future;

use tokio::sync::mpsc;

/// How a batch queue is run.
#[derive(Debug, Clone, Copy)]
pub struct BatchSettings {
    /// The thread's name, as `top` and `perf` show it.
    pub thread: &'static str,
    /// Batches worked on at the same time.
    pub loops: usize,
    /// The most items one batch takes.
    pub max_batch: usize,
    /// Items waiting before new ones wait to be queued.
    pub queue: usize,
}

/// Two loops keep both of PostgreSQL's cores busy on a small machine (one works while the other
/// waits for the database); more than four only add waits.
pub fn loops_for_this_machine() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4))
}

/// Starts the loops, each calling `work` with the batch it gathered; they stop when the last
/// sender is dropped.
pub fn start<T, F, Fut>(settings: BatchSettings, work: F) -> std::io::Result<mpsc::Sender<T>>
where
    T: Send + 'static,
    F: Fn(Vec<T>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let (queue, receiver) = mpsc::channel(settings.queue);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name(settings.thread.into())
        .spawn(move || {
            let receiver = tokio::sync::Mutex::new(receiver);
            let (receiver, work) = (&receiver, &work);
            let loops = (0..settings.loops).map(|_| async move {
                loop {
                    let mut batch = Vec::with_capacity(settings.max_batch);
                    let received = receiver
                        .lock()
                        .await
                        .recv_many(&mut batch, settings.max_batch)
                        .await;
                    if received == 0 {
                        return;
                    }
                    work(batch).await;
                }
            });
            runtime.block_on(futures_util::future::join_all(loops));
        })?;
    Ok(queue)
}
