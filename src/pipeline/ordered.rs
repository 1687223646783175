//! A bounded, in-order parallel map: items from a producer are run on a
//! thread pool a chunk at a time, and their results reach the consumer in
//! the order the items were produced, as soon as they can. A window bounds
//! how far the producer runs ahead of the consumer (items, and a weight
//! such as bytes, handed out and not yet consumed), so memory follows the
//! window, not the input. No stage waits for a batch to end: the producer
//! hands chunks over as they fill, the consumer takes results as they come.
//!
//! An item that is already its result (`ready` gives it back) goes to the
//! consumer straight from the producer, not through the pool: it never
//! waits behind slow work in the pool's queue. Such results wait only for
//! the consumer, and the window bounds how many do (`window_ready`): when
//! the consumer is the slow stage, they are what fills the window, and a
//! result holds more memory than an item waiting for a worker.
//!
//! The consumer runs on a thread of its own. Whichever stage fails first
//! stops the others: a consumer that stops (an error, or a panic) stops the
//! producer waiting for room, and a work item's error reaches the consumer
//! in its place in the order. With a pool of one thread the three take
//! turns on the calling thread.

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Condvar, Mutex, MutexGuard};

use anyhow::{Context, Result};

/// How a map is run.
#[derive(Clone, Copy, Debug)]
pub struct OrderedMap<'a> {
    pub pool: &'a rayon::ThreadPool,
    /// Items handed out and not yet consumed, at most.
    pub window_items: usize,
    /// Their weight, at most (an item heavier than this still goes, alone).
    pub window_weight: usize,
    /// Of them, items that were ready (results made by the producer), at
    /// most. Such an item's weight does not count.
    pub window_ready: usize,
    /// Items a worker takes at a time, at most.
    pub chunk_items: usize,
    /// Their weight, at most.
    pub chunk_weight: usize,
    /// The name of the consumer's thread.
    pub consumer: &'a str,
}

impl OrderedMap<'_> {
    /// Run `work` on every item `produce` hands to the function it is
    /// given, and hand each result to `consume`, in the order produced.
    /// `weight` weighs an item for the window; `ready` gives back an item's
    /// result when it needs no work (else the item). The first error of
    /// any stage ends the run (a consumer's error before the producer's
    /// "stopped").
    pub fn run<J, R>(
        &self,
        produce: impl FnOnce(&mut dyn FnMut(J) -> Result<()>) -> Result<()>,
        weight: impl Fn(&J) -> usize,
        ready: impl Fn(J) -> std::result::Result<R, J>,
        work: impl Fn(J) -> Result<R> + Sync,
        mut consume: impl FnMut(R) -> Result<()> + Send,
    ) -> Result<()>
    where
        J: Send,
        R: Send,
    {
        if self.pool.current_num_threads() == 1 {
            // One thread: the producer, the worker and the consumer take
            // turns on it, so that a run given one core uses one.
            return produce(&mut |item| match ready(item) {
                Ok(r) => consume(r),
                Err(item) => consume(work(item)?),
            });
        }
        let window = Window::new(
            self.window_items.max(1),
            self.window_weight,
            self.window_ready.max(1),
        );
        let (done_tx, done_rx) = channel::<Results<R>>();
        let work = &work;
        std::thread::scope(|scope| {
            let consuming = std::thread::Builder::new()
                .name(self.consumer.to_string())
                .spawn_scoped(scope, || {
                    // However the consumer ends (even by a panic), the
                    // producer must not go on waiting for room.
                    let _stop = StopOnDrop(&window);
                    consume_in_order(done_rx, &window, &mut consume)
                })
                .context("cannot start the consumer thread")?;
            let produced = self.pool.in_place_scope_fifo(|s| {
                // Owned by this scope, so that the consumer's channel
                // closes once the producer and the last chunk are done.
                let done_tx = done_tx;
                let mut next = 0u64;
                // Items gathered for a worker, or results made here: one
                // of the two is empty, so that each chunk keeps its place.
                let mut chunk = Chunk::default();
                let mut made: Vec<R> = Vec::new();
                // Hand the items gathered so far to the pool, as one task,
                // or the results made so far to the consumer.
                let mut send = |chunk: &mut Chunk<J>, made: &mut Vec<R>| {
                    let index = next;
                    if !made.is_empty() {
                        next += 1;
                        let results = std::mem::take(made);
                        let _ = done_tx.send(Results {
                            index,
                            items: results.len(),
                            weight: 0,
                            ready: results.len(),
                            results: Ok(results),
                        });
                        return;
                    }
                    let Chunk { items, weight } = std::mem::take(chunk);
                    if items.is_empty() {
                        return;
                    }
                    next += 1;
                    let tx = done_tx.clone();
                    s.spawn_fifo(move |_| {
                        let count = items.len();
                        let mut results = Vec::with_capacity(count);
                        for item in items {
                            match work(item) {
                                Ok(r) => results.push(r),
                                Err(e) => {
                                    let _ = tx.send(Results::failed(index, e));
                                    return;
                                }
                            }
                        }
                        // A consumer that stopped no longer listens.
                        let _ = tx.send(Results {
                            index,
                            items: count,
                            weight,
                            ready: 0,
                            results: Ok(results),
                        });
                    });
                };
                produce(&mut |item| {
                    let w = weight(&item);
                    let item = ready(item);
                    let is_ready = item.is_ok();
                    // A result weighs nothing: `window_ready` bounds those.
                    let w = if is_ready { 0 } else { w };
                    if (is_ready && !chunk.items.is_empty()) || (!is_ready && !made.is_empty()) {
                        // A result after items, or an item after results:
                        // what was gathered goes first.
                        send(&mut chunk, &mut made);
                    }
                    if !window.try_enter(w, is_ready) {
                        // What was gathered must be on its way before
                        // waiting for the consumer to make room.
                        send(&mut chunk, &mut made);
                        window.enter(w, is_ready)?;
                    }
                    match item {
                        Ok(r) => made.push(r),
                        Err(item) => {
                            chunk.items.push(item);
                            chunk.weight += w;
                        }
                    }
                    if made.len() >= self.chunk_items
                        || chunk.items.len() >= self.chunk_items
                        || chunk.weight >= self.chunk_weight
                    {
                        send(&mut chunk, &mut made);
                    }
                    Ok(())
                })
                .map(|()| send(&mut chunk, &mut made))
            });
            let consumed = consuming
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the consumer thread panicked")));
            // A consumer failure is the cause of the producer's "stopped".
            consumed.and(produced)
        })
    }
}

/// Items on their way to a worker, as one task.
struct Chunk<J> {
    items: Vec<J>,
    /// Their weight.
    weight: usize,
}

impl<J> Default for Chunk<J> {
    fn default() -> Self {
        Chunk {
            items: Vec::new(),
            weight: 0,
        }
    }
}

/// A chunk's results back from a worker (or made by the producer), with
/// the chunk's place in the order and what it held in the window.
struct Results<R> {
    index: u64,
    items: usize,
    weight: usize,
    /// Of the items, those the producer made ready.
    ready: usize,
    results: Result<Vec<R>>,
}

impl<R> Results<R> {
    fn failed(index: u64, e: anyhow::Error) -> Self {
        Results {
            index,
            items: 0,
            weight: 0,
            ready: 0,
            results: Err(e),
        }
    }
}

/// The consumer's loop: chunks of results as they come back, consumed in
/// order, each one's room in the window given back once consumed.
fn consume_in_order<R>(
    rx: Receiver<Results<R>>,
    window: &Window,
    consume: &mut impl FnMut(R) -> Result<()>,
) -> Result<()> {
    let mut waiting: BTreeMap<u64, Results<R>> = BTreeMap::new();
    let mut next = 0u64;
    for done in rx {
        waiting.insert(done.index, done);
        while let Some(done) = waiting.remove(&next) {
            for r in done.results? {
                consume(r)?;
            }
            window.leave(done.items, done.weight, done.ready);
            next += 1;
        }
    }
    anyhow::ensure!(
        waiting.is_empty(),
        "{} chunks never came back from the workers",
        waiting.len()
    );
    Ok(())
}

/// How far the producer may run ahead of the consumer.
struct Window {
    state: Mutex<InFlight>,
    changed: Condvar,
    max_items: usize,
    max_weight: usize,
    max_ready: usize,
}

/// What is between the producer and the consumer.
#[derive(Default)]
struct InFlight {
    items: usize,
    weight: usize,
    /// Of the items, results the producer made.
    ready: usize,
    /// The consumer has stopped: nothing more enters.
    stopped: bool,
}

impl InFlight {
    fn admit(&mut self, weight: usize, ready: bool) {
        self.items += 1;
        self.weight += weight;
        self.ready += usize::from(ready);
    }
}

impl Window {
    fn new(max_items: usize, max_weight: usize, max_ready: usize) -> Self {
        Window {
            state: Default::default(),
            changed: Default::default(),
            max_items,
            max_weight,
            max_ready,
        }
    }

    fn in_flight(&self) -> MutexGuard<'_, InFlight> {
        // The counts stay consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn full(&self, f: &InFlight, weight: usize, ready: bool) -> bool {
        f.items > 0
            && (f.items >= self.max_items
                || f.weight + weight > self.max_weight
                || (ready && f.ready >= self.max_ready))
    }

    /// Room for an item of `weight` (a result the producer made, if
    /// `ready`), if there is some now (and the consumer has not stopped).
    fn try_enter(&self, weight: usize, ready: bool) -> bool {
        let mut f = self.in_flight();
        if f.stopped || self.full(&f, weight, ready) {
            return false;
        }
        f.admit(weight, ready);
        true
    }

    /// Wait for room for an item of `weight` (one always fits when nothing
    /// is in flight); fails once the consumer has stopped.
    fn enter(&self, weight: usize, ready: bool) -> Result<()> {
        let mut f = self.in_flight();
        while !f.stopped && self.full(&f, weight, ready) {
            f = self.changed.wait(f).unwrap_or_else(|e| e.into_inner());
        }
        anyhow::ensure!(!f.stopped, "the consumer stopped");
        f.admit(weight, ready);
        Ok(())
    }

    /// `items` items of `weight`, `ready` of them results the producer
    /// made, were consumed.
    fn leave(&self, items: usize, weight: usize, ready: usize) {
        let mut f = self.in_flight();
        f.items -= items;
        f.weight -= weight;
        f.ready -= ready;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.in_flight().stopped = true;
        self.changed.notify_all();
    }
}

/// Stops its window when dropped.
struct StopOnDrop<'a>(&'a Window);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    fn map(pool: &rayon::ThreadPool, window_items: usize) -> OrderedMap<'_> {
        OrderedMap {
            pool,
            window_items,
            window_weight: 1 << 20,
            window_ready: window_items,
            chunk_items: 3,
            chunk_weight: 1 << 20,
            consumer: "test-consumer",
        }
    }

    /// A pause of a pseudo-random length, up to a millisecond.
    fn jitter(i: usize) {
        let micros = (i.wrapping_mul(2_654_435_761) >> 7) % 1000;
        std::thread::sleep(Duration::from_micros(micros as u64));
    }

    /// Items 0..n through `m`, `ready` deciding which need no worker and
    /// every worker doubling its item after a pause: the results in the
    /// order consumed.
    fn doubled(
        m: OrderedMap,
        n: usize,
        ready: impl Fn(usize) -> std::result::Result<usize, usize>,
    ) -> Vec<usize> {
        let mut seen = Vec::new();
        m.run(
            |feed| (0..n).try_for_each(feed),
            |_| 0,
            ready,
            |i| {
                jitter(i);
                Ok(i * 2)
            },
            |r| {
                seen.push(r);
                Ok(())
            },
        )
        .unwrap();
        seen
    }

    /// The most items 0..300 the producer ran ahead of a consumer that
    /// pauses at every `slow`-th, with `ready` as in [`doubled`].
    fn most_ahead(
        m: OrderedMap,
        slow: usize,
        ready: impl Fn(usize) -> std::result::Result<usize, usize>,
    ) -> usize {
        let (produced, consumed, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        m.run(
            |feed| {
                for i in 0..300usize {
                    feed(i)?;
                    let ahead = produced.fetch_add(1, Ordering::SeqCst) + 1
                        - consumed.load(Ordering::SeqCst);
                    most.fetch_max(ahead, Ordering::SeqCst);
                }
                Ok(())
            },
            |_| 0,
            ready,
            Ok,
            |i: usize| {
                // A slow consumer: the producer must wait for it.
                if i.is_multiple_of(slow) {
                    std::thread::sleep(Duration::from_millis(1));
                }
                consumed.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        most.load(Ordering::SeqCst)
    }

    #[test]
    fn results_come_in_the_order_produced() {
        for threads in [1, 2, 4] {
            let pool = pool(threads);
            let seen = doubled(map(&pool, 8), 500, Err);
            assert_eq!(
                seen,
                (0..500).map(|i| i * 2).collect::<Vec<_>>(),
                "{threads}"
            );
        }
    }

    #[test]
    fn the_producer_stays_within_the_window() {
        let most = most_ahead(map(&pool(3), 5), 7, Err);
        assert!((1..=5).contains(&most), "ran {most} items ahead");
        // A weight over the window's goes, alone.
        let two = pool(2);
        let mut seen = Vec::new();
        let heavy = OrderedMap {
            window_weight: 10,
            ..map(&two, 100)
        };
        heavy
            .run(
                |feed| (0..20usize).try_for_each(feed),
                |i| if i % 5 == 0 { 50 } else { 3 },
                Err,
                Ok,
                |i| {
                    seen.push(i);
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(seen, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn ready_items_go_to_the_consumer_in_their_place_without_a_worker() {
        for threads in [1, 2, 3] {
            let pool = pool(threads);
            // Every third item is its own result, and a run of them; a
            // worker would give it doubled, so none may reach one.
            let own = |i: usize| i % 3 == 0 || (100..140).contains(&i);
            let seen = doubled(map(&pool, 8), 400, |i| if own(i) { Ok(i) } else { Err(i) });
            let want: Vec<usize> = (0..400).map(|i| if own(i) { i } else { i * 2 }).collect();
            assert_eq!(seen, want, "{threads}");
        }
    }

    #[test]
    fn ready_results_stay_within_their_own_bound() {
        let two = pool(2);
        let bounded = OrderedMap {
            window_ready: 4,
            ..map(&two, 64)
        };
        let most = most_ahead(bounded, 5, Ok);
        assert!((1..=4).contains(&most), "{most} ready results waited");
    }

    #[test]
    fn a_consumer_error_stops_the_producer() {
        for threads in [1, 2] {
            let pool = pool(threads);
            let produced = AtomicUsize::new(0);
            let err = map(&pool, 4)
                .run(
                    |feed| {
                        for i in 0..1_000_000usize {
                            produced.fetch_add(1, Ordering::SeqCst);
                            feed(i)?;
                        }
                        Ok(())
                    },
                    |_| 0,
                    Err,
                    Ok,
                    |i| {
                        anyhow::ensure!(i < 10, "the disk is full at {i}");
                        Ok(())
                    },
                )
                .unwrap_err();
            assert_eq!(err.to_string(), "the disk is full at 10", "{threads}");
            let produced = produced.load(Ordering::SeqCst);
            assert!(produced < 100, "{threads}: produced {produced}");
        }
    }

    #[test]
    fn a_work_error_arrives_in_its_place() {
        let pool = pool(3);
        let mut seen = Vec::new();
        let err = map(&pool, 16)
            .run(
                |feed| (0..200usize).try_for_each(feed),
                |_| 0,
                Err,
                |i| {
                    jitter(i);
                    anyhow::ensure!(i != 50, "item {i} is broken");
                    Ok(i)
                },
                |i| {
                    seen.push(i);
                    Ok(())
                },
            )
            .unwrap_err();
        assert_eq!(err.to_string(), "item 50 is broken");
        // Everything before it in the order was consumed, nothing after its
        // chunk.
        assert_eq!(seen[..48], (0..48).collect::<Vec<_>>()[..]);
        assert!(seen.len() <= 51, "{}", seen.len());
    }
}
