//! A large seed-format stream parsed on two threads, with exactly the results and
//! the order of one.
//!
//! A *reader thread* owns the [`LineReader`]: it does the `read()` calls (the kernel's
//! copy out of the page cache, or decompression) and cuts the stream into records,
//! noting where each lies in its buffer, with its line number and offset. Before it
//! reads again, it hands that buffer over as a batch (no copy) and goes on in a
//! recycled one. Rejections that need the stream's state (over-long records, a
//! failed read) are made there, where they happen, as on one thread. The batches
//! queue up in stream order; the *calling thread* takes them from the front and
//! parses them one record per call. When the reader is ahead (more than [`LEAD`]
//! unparsed batches queued), it parses the newest one itself, so the work balances
//! between the two threads whatever each costs. At most [`SLOTS`] batches are queued
//! (about 2 MiB of buffers, plus the parsed articles), so memory stays flat.
//!
//! A batch is passed on before each `read()`, so a slow stream (a pipe, stdin) gives
//! out its articles as soon as they have arrived, as on one thread.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use kilde_core::Article;

use crate::Rejection;
use crate::lines::{Block, LineReader};
use crate::seed::{parse_block, parse_record};
use crate::source::Context;

type Item = Result<Article, Rejection>;

/// Buffers larger than this (grown for a long record) are not recycled.
const RECYCLE_BYTES: usize = 512 * 1024;
/// Batches queued at most (unparsed, being parsed or parsed).
const SLOTS: usize = 8;
/// Unparsed batches left for the calling thread before the reader parses one itself.
const LEAD: usize = 2;

/// Records cut from the stream, not yet parsed.
#[derive(Default)]
struct Batch {
    /// The buffer the records were cut in, given up by the reader (no copy).
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

/// One block of the stream, in order.
enum Entry {
    /// A record: `bytes[start..end]`, its first line's number and its stream offset.
    Record {
        start: usize,
        end: usize,
        number: u64,
        offset: u64,
    },
    /// A rejection made by the reader thread (taken when given out).
    Ready(Option<Item>),
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Keeps a parsed batch for the reader to fill again (unless a long record grew
    /// its buffer), so buffers are not allocated anew.
    fn recycle(mut self, free: &mut Vec<Batch>) {
        if free.len() < SLOTS && self.bytes.len() <= RECYCLE_BYTES {
            self.entries.clear();
            free.push(self);
        }
    }

    /// The item of entry `i`, if it gives one.
    fn parse(&mut self, cx: &Context, i: usize) -> Option<Item> {
        match &mut self.entries[i] {
            Entry::Record {
                start,
                end,
                number,
                offset,
            } => parse_record(cx, &self.bytes[*start..*end], *number, *offset),
            Entry::Ready(item) => item.take(),
        }
    }

    fn parse_all(&mut self, cx: &Context) -> Vec<Item> {
        (0..self.entries.len())
            .filter_map(|i| self.parse(cx, i))
            .collect()
    }
}

/// A place in the queue.
enum Slot {
    /// Cut, not parsed.
    Raw(Batch),
    /// Being parsed by the reader thread.
    Parsing,
    /// Parsed by the reader thread.
    Parsed(Vec<Item>),
}

struct Queue {
    /// Batches in stream order; the front one is the calling thread's next.
    slots: VecDeque<Slot>,
    /// Sequence number of the front slot.
    first: u64,
    /// Emptied batches, for the reader to fill again.
    free: Vec<Batch>,
    /// The reader has queued its last batch.
    ended: bool,
    /// The reader thread has stopped (normally after `ended`).
    reader_gone: bool,
    /// The calling side was dropped: the reader stops.
    consumer_gone: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, Queue>) -> MutexGuard<'a, Queue> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// What the calling thread is giving out.
enum Current {
    Nothing,
    /// A batch it parses itself, from entry `.1` on.
    Raw(Batch, usize),
    /// A batch the reader parsed.
    Parsed(std::vec::IntoIter<Item>),
}

/// The calling thread's side of a stream read on two threads.
pub(crate) struct Parallel {
    shared: Arc<Shared>,
    cx: Context,
    current: Current,
}

impl Parallel {
    /// Moves `reader` (the rest of the stream) to a new reader thread, leaving an
    /// empty one in its place; `None` (and `reader` untouched) if no thread can be
    /// started.
    pub(crate) fn start(reader: &mut LineReader, cx: &Context) -> Option<Parallel> {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                slots: VecDeque::with_capacity(SLOTS),
                first: 0,
                free: Vec::new(),
                ended: false,
                reader_gone: false,
                consumer_gone: false,
            }),
            changed: Condvar::new(),
        });
        // The reader goes to the thread through a channel once it runs, so a failed
        // spawn leaves it here.
        let (send, receive) = std::sync::mpsc::sync_channel::<LineReader>(1);
        let theirs = Arc::clone(&shared);
        let thread_cx = cx.clone();
        let spawned = std::thread::Builder::new()
            .name("kilde-read".into())
            .spawn(move || {
                if let Ok(reader) = receive.recv() {
                    run(reader, &thread_cx, &theirs);
                }
            });
        if spawned.is_err() {
            return None;
        }
        let empty = LineReader::new(Box::new(std::io::empty()), cx.max_record_bytes);
        let moved = std::mem::replace(reader, empty);
        if let Err(std::sync::mpsc::SendError(moved)) = send.send(moved) {
            *reader = moved;
            return None;
        }
        Some(Parallel {
            shared,
            cx: cx.clone(),
            current: Current::Nothing,
        })
    }

    /// The next article or rejection, `None` at the end of the stream.
    pub(crate) fn next(&mut self) -> Option<Item> {
        loop {
            match &mut self.current {
                Current::Raw(batch, i) => {
                    while *i < batch.entries.len() {
                        let at = *i;
                        *i += 1;
                        if let Some(item) = batch.parse(&self.cx, at) {
                            return Some(item);
                        }
                    }
                }
                Current::Parsed(items) => {
                    if let Some(item) = items.next() {
                        return Some(item);
                    }
                }
                Current::Nothing => {}
            }
            let done = std::mem::replace(&mut self.current, Current::Nothing);
            self.current = self.take(done)?;
        }
    }

    /// Takes the front batch off the queue (waiting for it), handing back `done`'s
    /// buffers; `None` once the stream is over.
    fn take(&self, done: Current) -> Option<Current> {
        let mut queue = self.shared.lock();
        if let Current::Raw(batch, _) = done {
            batch.recycle(&mut queue.free);
        }
        loop {
            match queue.slots.front() {
                Some(Slot::Raw(_) | Slot::Parsed(_)) => {
                    let slot = queue.slots.pop_front();
                    queue.first += 1;
                    drop(queue);
                    self.shared.changed.notify_all();
                    return match slot {
                        Some(Slot::Raw(batch)) => Some(Current::Raw(batch, 0)),
                        Some(Slot::Parsed(items)) => Some(Current::Parsed(items.into_iter())),
                        _ => None,
                    };
                }
                None if queue.ended => return None,
                Some(Slot::Parsing) | None => {
                    if queue.reader_gone {
                        // Only a panic on the reader thread ends it without `ended`.
                        panic!("kilde-ingest: the reading thread stopped unexpectedly");
                    }
                    queue = self.shared.wait(queue);
                }
            }
        }
    }
}

impl Drop for Parallel {
    fn drop(&mut self) {
        self.shared.lock().consumer_gone = true;
        self.shared.changed.notify_all();
    }
}

/// Marks the reader thread as gone however it ends (a panic included), so the
/// calling thread never waits for it in vain.
struct Gone<'a>(&'a Shared);

impl Drop for Gone<'_> {
    fn drop(&mut self) {
        self.0.lock().reader_gone = true;
        self.0.changed.notify_all();
    }
}

/// The reader thread: cuts the stream into batches and queues them, parsing some
/// itself when it is ahead, until the end of the stream or the calling side goes away.
fn run(mut reader: LineReader, cx: &Context, shared: &Shared) {
    let _gone = Gone(shared);
    let mut batch = Batch::default();
    loop {
        let mut last = false;
        let mut records = false;
        loop {
            // Read only with nothing in hand: what is cut goes out before a read may
            // block, and all records of a batch lie in one buffer.
            let block = if batch.is_empty() {
                Some(reader.next_block())
            } else {
                reader.buffered_block()
            };
            let Some(block) = block else { break };
            match block {
                Block::Record {
                    bytes,
                    number,
                    offset,
                } => {
                    let len = bytes.len();
                    let end = reader.position();
                    batch.entries.push(Entry::Record {
                        start: end - len,
                        end,
                        number,
                        offset,
                    });
                    records = true;
                }
                Block::End => {
                    last = true;
                    break;
                }
                block => {
                    last = matches!(block, Block::Failed { .. });
                    if let Some(item) = parse_block(cx, block) {
                        batch.entries.push(Entry::Ready(Some(item)));
                    }
                    if last {
                        break;
                    }
                }
            }
        }
        if records {
            batch.bytes = reader.swap_buffer(std::mem::take(&mut batch.bytes));
        }
        match queue_batch(cx, shared, batch, last) {
            Some(next) if !last => batch = next,
            _ => return,
        }
    }
}

/// Queues `batch` (the last one when `last`), then parses queued batches while the
/// reader is ahead, or waits while the queue is full. Gives back an empty batch to
/// fill next, or `None` when the calling side has gone.
fn queue_batch(cx: &Context, shared: &Shared, batch: Batch, last: bool) -> Option<Batch> {
    let mut queue = shared.lock();
    if !batch.is_empty() {
        queue.slots.push_back(Slot::Raw(batch));
    }
    queue.ended = last;
    shared.changed.notify_all();
    loop {
        if queue.consumer_gone {
            return None;
        }
        let raw = queue
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Raw(_)))
            .count();
        let full = queue.slots.len() >= SLOTS;
        if raw > LEAD || (raw > 0 && (full || last)) {
            // Parse the newest unparsed batch: the calling thread reaches it last.
            let Some(i) = queue.slots.iter().rposition(|s| matches!(s, Slot::Raw(_))) else {
                continue;
            };
            let seq = queue.first + i as u64;
            let Slot::Raw(mut batch) = std::mem::replace(&mut queue.slots[i], Slot::Parsing) else {
                continue;
            };
            drop(queue);
            let items = batch.parse_all(cx);
            queue = shared.lock();
            let i = (seq - queue.first) as usize;
            queue.slots[i] = Slot::Parsed(items);
            batch.recycle(&mut queue.free);
            shared.changed.notify_all();
        } else if full || last {
            if last {
                return None;
            }
            queue = shared.wait(queue);
        } else {
            return Some(queue.free.pop().unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::{self, Read};
    use std::sync::Arc;
    use std::sync::atomic::AtomicU64;

    use proptest::prelude::*;

    use super::Item;
    use crate::lines::LineReader;
    use crate::seed::SeedParser;
    use crate::source::Context;

    /// Gives `bytes` out in pieces of the given sizes, in turn.
    struct Pieces(Vec<u8>, usize, Vec<usize>, usize);

    impl Read for Pieces {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let size = self.2[self.3 % self.2.len()].max(1);
            self.3 += 1;
            let n = size.min(out.len()).min(self.0.len() - self.1);
            out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    /// Everything a seed parser gives for `bytes`, a second thread helping from
    /// `parallel_after` on.
    fn parse(bytes: &[u8], sizes: Vec<usize>, max: usize, parallel_after: u64) -> Vec<Item> {
        let stream = Pieces(bytes.to_vec(), 0, sizes, 0);
        let mut reader = LineReader::new(Box::new(stream), max);
        let cx = Context {
            path: "p.txt".into(),
            codec: None,
            max_record_bytes: max,
            raw_read: Arc::new(AtomicU64::new(0)),
            raw_start: 0,
        };
        let mut parser = SeedParser::with_parallel_after(parallel_after);
        std::iter::from_fn(|| parser.next(&mut reader, &cx)).collect()
    }

    /// Articles with every kind of fault between them, many times over.
    fn faulty_corpus(copies: usize) -> Vec<u8> {
        let mut out = b"  \nfoer datoen\n".to_vec();
        for i in 0..copies {
            out.extend(
                format!(
                    "date 2018-03-{:02} Artikel {i} her.\n\nAndet afsnit.\n\n/ritzau/\n",
                    i % 28 + 1
                )
                .as_bytes(),
            );
            match i % 7 {
                0 => out.extend(b"date 2018-13 Umulig dato.\n"),
                1 => out.extend(b"date 2018-02 Ugyldig \xff UTF-8.\n"),
                2 => out.extend(b"date 2018-02 \x01\x02\x03\x04 binaer\x00\n"),
                3 => {
                    out.extend(b"date 2018-04 ");
                    out.extend(std::iter::repeat_n(b'x', 700));
                    out.push(b'\n');
                }
                4 => out.extend(b"date 2018-05\n\n"),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn two_threads_give_what_one_gives() {
        let bytes = faulty_corpus(3000);
        let one = parse(&bytes, vec![usize::MAX], 500, u64::MAX);
        assert!(one.len() > 3000 && one.iter().any(|i| i.is_err()));
        for sizes in [vec![usize::MAX], vec![1, 7, 300, 4096], vec![100_000, 3]] {
            for after in [0, 1000, 300_000] {
                assert!(
                    parse(&bytes, sizes.clone(), 500, after) == one,
                    "{sizes:?} {after}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        #[test]
        fn two_threads_any_bytes(
            bytes in prop::collection::vec(prop::sample::select(b" date2018-0312\n\r\tx/ritzau\xff\x00".to_vec()), 0..3000),
            sizes in prop::collection::vec(1usize..200, 1..5),
            max in 8usize..200,
        ) {
            let one = parse(&bytes, sizes.clone(), max, u64::MAX);
            prop_assert!(parse(&bytes, sizes, max, 0) == one);
        }
    }
}
