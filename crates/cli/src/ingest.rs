//! `newsgraph ingest`: read articles from folders, text, JSONL, HTML, WARC and feeds, extract
//! them on every core, and store them in the corpus database — a batch per transaction, written
//! by one writer thread, duplicates (by URL and by normalised text) skipped.

use anyhow::{bail, Context, Result};
use clap::Args as ClapArgs;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph_doc::Doc;
use newsgraph_ingest::{discover, read_file, text::TextReader, InputError, Record};
use newsgraph_pipeline::input::parse_date;
use newsgraph_pipeline::Pipeline;
use newsgraph_store::normalize::{content_hash, normalize_url};
use newsgraph_store::{DocMeta, Prepared, Store};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

#[derive(ClapArgs)]
pub struct Args {
    /// Files or folders (read recursively): text, JSONL, HTML, WARC, RSS/Atom, each maybe gzipped.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The corpus database (created when missing; its search index is the file beside it whose
    /// name ends in -search).
    #[arg(long, default_value = "newsgraph.db")]
    pub db: PathBuf,
    /// Worker threads for extraction (default: all cores but one, which the writer uses, and
    /// all of them while the writer waits for articles).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress bar (the summary is still printed).
    #[arg(long, short)]
    pub quiet: bool,
    /// Publication date (YYYY-MM-DD) of plain-text inputs.
    #[arg(long)]
    pub date: Option<String>,
    /// Articles per transaction. Each commit rewrites every index page the batch touched, so
    /// larger batches cost less per article (1,024 took a fifth less CPU than 256 at 20,000
    /// articles; 4,096 took 15% less wall time than 1,024 at 100,000, with a third less system
    /// time, for a peak memory of about 0.6 GB instead of 0.25); a killed run loses at most the
    /// batches not yet committed, which the next run over the same inputs stores.
    #[arg(long, default_value_t = 4096)]
    pub batch: usize,
    /// After the summary, the CPU time each kind of thread used (extraction, writer, search
    /// index, checkpoints, freeing, reading), to see where a run's time went, and the bytes
    /// each wrote and read through system calls (Linux only).
    #[arg(long)]
    pub thread_times: bool,
}

/// WAL size in pages at which the writer checkpoints itself: 512 MiB with the 16 KiB pages of
/// a new database (128 MiB in an older one of 4 KiB pages). Once past it the writer tries at
/// every commit, with an fsync of the WAL and the database each time, until the WAL can start
/// over: at 256 MiB, on 100,000 articles, 20 such fsyncs took 0.41 s of the writer's time; at
/// 512 MiB 14 took 0.22 s, and the runs were 0.3–0.6 s shorter (the WAL reached 590 MB on disk
/// instead of 330).
const WRITER_CHECKPOINT_PAGES: i64 = 32_768;

/// The writer's page cache, in KiB (see where it is set).
const WRITER_CACHE_KIB: i64 = 128_000;

/// How soon the checkpoint thread tries again when a reader's snapshot kept it from copying
/// the whole WAL.
const CHECKPOINT_RETRY: Duration = Duration::from_millis(10);

/// How many failures the summary lists one by one.
const LISTED_FAILURES: usize = 50;

#[derive(Default)]
struct Totals {
    read: usize,
    stored: usize,
    duplicates: usize,
    failed: Vec<InputError>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    crate::alloc::keep_freed_memory();
    let date = match &args.date {
        Some(d) => Some(parse_date(d).with_context(|| format!("--date {d:?} is not a date (YYYY-MM-DD)"))?),
        None => None,
    };
    if args.batch == 0 {
        bail!("--batch must be at least 1");
    }
    // The writer keeps one core busy: on 2 cores one extraction thread beside it stored 3,262
    // articles/s and two stored 2,573/s, the three threads taking turns (docs/PERFORMANCE.md).
    // Two extraction threads ten nice levels below the writer (so that it never waits for the
    // core) did no better at 100,000 articles either: 24.4-27.3 s against 22.9-23.5 s with one,
    // for a tenth more CPU time. One, below the writer, is what runs (`yield_to_writer`).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match args.threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => n,
        None => cores.saturating_sub(1).max(1),
    };
    // Every thread but the writer runs at a lower priority (see `yield_to_writer`).
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).start_handler(|_| yield_to_writer());
    let pool = pool.build().context("cannot start worker threads")?;
    // While the writer has no batch waiting (as long as the corpus is small, its inserts are
    // cheap and it keeps up), batches are extracted on every core: the writer, at a higher
    // priority, still gets its core when it needs it. On 100,000 articles with the index written
    // beside the writer, one extraction thread left the writer waiting 1.9–3.1 s for batches,
    // nearly all in the first three quarters of the run.
    let wide_pool = match args.threads {
        None if cores > threads => {
            let wide = rayon::ThreadPoolBuilder::new().num_threads(cores).start_handler(|_| yield_to_writer());
            Some(wide.build().context("cannot start worker threads")?)
        }
        _ => None,
    };

    // The writer's connection has no search index attached: another connection, on a thread
    // of its own, indexes what the writer stores (see `indexer` below).
    let mut store = Store::open_corpus(&args.db)?;
    // A second connection reads while the writer writes (WAL): articles already stored are
    // skipped before the costly extraction. A corpus that holds no article when the run starts
    // needs none of these reads: what this run stores, `seen` below knows already (an ingest
    // running beside this one into the same corpus is the exception, and the writer's own
    // duplicate test still keeps its articles out, after extracting them). On 100,000 new
    // articles the lookups were 200,000 read transactions, each taking the WAL's shared-memory
    // locks the writer, the indexer and the checkpoints take too.
    let lookup = Store::open_corpus(&args.db)?;
    // Closed at once when not needed: left open (a shadowed binding lives to the end of the
    // scope), it was the last connection to close, after everything else.
    let lookup = if lookup.has_documents()? { Some(lookup) } else { drop(lookup); None };
    let index = Store::open(&args.db)?;
    let (files, discover_errors) = discover(&args.inputs);
    let mut totals = Totals { failed: discover_errors, ..Default::default() };

    let total_bytes: u64 = files.iter().map(|f| f.size).sum();
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} {msg} ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.enable_steady_tick(Duration::from_millis(250));
        Some(bar)
    } else {
        None
    };

    // The writer's page cache holds every page a batch changes: with the 64 MB of other
    // connections, a batch late in a run of 100,000 articles (up to 96 MB of changed pages,
    // mostly index pages) spilled pages to the WAL before its commit and read them back,
    // 66,000 more writes and 69,000 more reads.
    store.conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB).context("cannot configure the database")?;
    // Checkpoints (copying committed pages from the WAL into the database file, with an fsync)
    // run mostly on a connection and thread of their own, overlapping the writer's next batch:
    // left to SQLite's automatic checkpoint after every 1,000 pages, the writer itself paid for
    // them inside its commits, about a fifth of its time at 20,000 articles. A PASSIVE
    // checkpoint never blocks the writer or readers, but it cannot let the WAL start over while
    // the writer keeps appending; so the writer still checkpoints itself once the WAL holds
    // `WRITER_CHECKPOINT_PAGES` (by then the other thread has copied nearly all of it), and its
    // next transaction starts the WAL from the beginning. The last connection to close
    // checkpoints whatever is left.
    store.conn.pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_PAGES).context("cannot configure the database")?;
    let checkpoints = Store::open_corpus(&args.db)?;
    let (checkpoint_tx, checkpoint_rx) = sync_channel::<()>(1);
    let cpu = UsageByThread::new(args.thread_times);
    let checkpointer_cpu = cpu.clone();
    let checkpointer = std::thread::spawn(move || {
        let _cpu = checkpointer_cpu.on_exit(ThreadKind::Checkpoints);
        yield_to_writer();
        // A checkpoint copies the WAL only up to the oldest snapshot a reader holds (a query
        // beside the ingest; the search indexer's reads, before they became reads of their
        // own): the batch just committed then waited in the WAL for the next commit's
        // checkpoint, and the last ones for the close, after everything else. So an unfinished
        // checkpoint is tried again shortly, unless a new commit asks for one anyway.
        let mut unfinished = false;
        loop {
            let asked = if unfinished { checkpoint_rx.recv_timeout(CHECKPOINT_RETRY) } else { checkpoint_rx.recv().map_err(|_| RecvTimeoutError::Disconnected) };
            if asked == Err(RecvTimeoutError::Disconnected) {
                break;
            }
            // A failed checkpoint leaves the pages in the WAL, where readers find them, and the
            // next one (or closing) copies them: nothing to report. Its row: busy, pages in the
            // WAL, pages copied.
            let copied = checkpoints.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok(r.get::<_, i64>(2)? >= r.get::<_, i64>(1)?));
            unfinished = copied == Ok(false);
        }
    });

    // The search index (a database file of its own, `store::search`) is brought up to date on a
    // thread and connection of its own after each commit of the writer, reading back the rows
    // the writer stored: written by the writer in its own transactions, the index was a quarter
    // of its work. First it indexes whatever an earlier run left unindexed (a killed ingest, a
    // corpus from before the index had a file of its own); last, whatever the final batch added.
    let (index_tx, index_rx) = sync_channel::<()>(1);
    let indexer_cpu = cpu.clone();
    let indexer = std::thread::spawn(move || -> Result<usize> {
        let _cpu = indexer_cpu.on_exit(ThreadKind::SearchIndex);
        yield_to_writer();
        let mut indexed = index.index_new_rows()?;
        for () in index_rx {
            indexed += index.index_new_rows()?;
        }
        Ok(indexed + index.index_new_rows()?)
    });

    // The writer thread owns the database connection; batches reach it through a short queue.
    let (tx, rx) = sync_channel::<Batch>(2);
    // Whether the writer waits for a batch: then it has time to spare for work the extraction
    // threads would otherwise do (see `extract_batch`).
    let writer_waits = Arc::new(AtomicBool::new(true));
    let writer_waits_flag = Arc::clone(&writer_waits);
    // Batches extracted and not yet taken by the writer.
    let queued = Arc::new(AtomicUsize::new(0));
    let taken = Arc::clone(&queued);
    // Written batches are freed on a thread of their own: dropping an article's `Doc` (its
    // strings and annotation vectors) cost the writer about 46,000 instructions, 5% of its time,
    // which the other threads have to spare.
    let (written_tx, written_rx) = sync_channel::<Batch>(2);
    let dropper_cpu = cpu.clone();
    let dropper = std::thread::spawn(move || {
        let _cpu = dropper_cpu.on_exit(ThreadKind::Freeing);
        yield_to_writer();
        written_rx.into_iter().for_each(drop)
    });
    let writer_cpu = cpu.clone();
    let writer = std::thread::spawn(move || -> Result<(usize, usize)> {
        let _cpu = writer_cpu.on_exit(ThreadKind::Writer);
        let (mut stored, mut dups) = (0, 0);
        loop {
            writer_waits_flag.store(true, Ordering::Relaxed);
            let Ok(batch) = rx.recv() else { break };
            taken.fetch_sub(1, Ordering::Relaxed);
            writer_waits_flag.store(false, Ordering::Relaxed);
            let out = store.write_batch(&batch)?;
            stored += out.stored;
            dups += out.duplicates.len();
            // Ask for a checkpoint and for indexing, unless one is already waiting (it will see
            // this batch too). A stopped indexer reports its error when it is joined.
            let _ = checkpoint_tx.try_send(());
            let _ = index_tx.try_send(());
            // Should the dropper be gone, the batch is simply dropped here.
            let _ = written_tx.send(batch);
        }
        Ok((stored, dups))
    });

    // This thread reads, and the extractor thread it spawns below inherits its priority.
    yield_to_writer();
    let pipeline = Pipeline::standard();
    let text_reader = TextReader { date };
    let progress = AtomicU64::new(0);
    let started = Instant::now();
    let mut seen: HashSet<String> = HashSet::new();
    // Reading (parsing, hashing, the duplicate lookups) overlaps extraction: the records of one
    // batch go to an extractor thread, which runs them on the pool and hands the documents to
    // the writer, while this thread reads the next batch. Read between batches instead, it
    // left the extraction threads idle a tenth of the time.
    let (extract_tx, extract_rx) = sync_channel::<Vec<(Record, String)>>(1);
    let (extraction_failures, broken) = std::thread::scope(|scope| {
        let (pool, wide_pool, pipeline) = (&pool, &wide_pool, &pipeline);
        let full_size = args.batch;
        let extractor_cpu = cpu.clone();
        let extractor = scope.spawn(move || {
            let _cpu = extractor_cpu.on_exit(ThreadKind::Extraction);
            let mut failed = Vec::new();
            // Whether a batch of the full size has come yet.
            let mut full_sized = false;
            for records in extract_rx {
                // A writer waiting now will wait again after its batch: it computes the entity
                // keys of this one. One that is busy would be held up by them.
                let writer_idle = writer_waits.load(Ordering::Relaxed);
                // Every core extracts unless the writer has a batch waiting already: it will
                // want this one as soon as it is done with what it has. While the batches still
                // grow (the first few of a run), the writer, with small batches and a small
                // corpus, writes faster than one thread extracts and would wait anyway (in a run
                // of 100,000 articles it waited 0.14 s for the batches of 512 and 1,024 articles,
                // extracted on one thread while the other core stood idle).
                full_sized |= records.len() >= full_size;
                let pool = match wide_pool {
                    Some(all) if queued.load(Ordering::Relaxed) == 0 || !full_sized => all,
                    _ => pool,
                };
                let docs = extract_batch(pool, pipeline, records, !writer_idle, &mut failed);
                queued.fetch_add(1, Ordering::Relaxed);
                if tx.send(docs).is_err() {
                    return (failed, Some(anyhow::anyhow!("the database writer stopped")));
                }
            }
            (failed, None)
        });
        let mut batcher = Batcher { tx: extract_tx, batch: Vec::new(), size: first_batch_size(args.batch), full_size: args.batch, stopped: false };
        for file in &files {
            let mut emit = |r: std::result::Result<Record, InputError>| match r {
                Err(e) => totals.failed.push(e),
                Ok(rec) => {
                    totals.read += 1;
                    // Skip what is stored already or repeats earlier in this run.
                    let hash = content_hash(&rec.article.text);
                    let url = rec.article.url.as_deref().and_then(normalize_url);
                    let repeat = !seen.insert(hash.clone()) || url.as_ref().is_some_and(|u| !seen.insert(format!("url:{u}")));
                    if repeat || lookup.as_ref().is_some_and(|l| matches!(l.known_by_hash(url.as_deref(), &hash), Ok(Some(_)))) {
                        totals.duplicates += 1;
                        return;
                    }
                    batcher.push(rec, hash);
                    if let Some(bar) = &bar {
                        if totals.read % 64 == 0 {
                            bar.set_position(progress.load(Ordering::Relaxed));
                            let secs = started.elapsed().as_secs_f64().max(0.001);
                            bar.set_message(format!("{} articles, {:.0}/s", totals.read, totals.read as f64 / secs));
                        }
                    }
                }
            };
            read_file(&file.path, &text_reader, &progress, &mut emit);
            if batcher.stopped {
                break;
            }
        }
        batcher.flush();
        drop(batcher);
        extractor.join().unwrap_or_else(|_| (Vec::new(), Some(anyhow::anyhow!("the extraction thread panicked"))))
    });
    totals.failed.extend(extraction_failures);
    if let Some(e) = broken {
        // The writer's own error says why; report it rather than the closed channel.
        return match writer.join() {
            Ok(Err(w)) => Err(w.context("cannot write to the database")),
            _ => Err(e),
        };
    }
    let (stored, late_dups) = writer.join().map_err(|_| anyhow::anyhow!("the database writer panicked"))?.context("cannot write to the database")?;
    // The writer has dropped its end of the checkpoint and dropping queues.
    let _ = checkpointer.join();
    let _ = dropper.join();
    // Articles stored but not indexed stay stored; the next ingest indexes them.
    if let Err(e) = indexer.join().unwrap_or_else(|_| Err(anyhow::anyhow!("the search indexer panicked"))) {
        totals.failed.push(InputError { input: search_index_name(&args.db), reason: format!("{e:#} (the articles are stored; the next `newsgraph ingest` indexes them)") });
    }
    totals.stored = stored;
    totals.duplicates += late_dups;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let secs = started.elapsed().as_secs_f64();
    if args.thread_times {
        // The pools' threads are still there: each reports its own time.
        for p in std::iter::once(&pool).chain(wide_pool.as_ref()) {
            p.broadcast(|_| cpu.add_this_thread(ThreadKind::Extraction));
        }
        cpu.add_this_thread(ThreadKind::Reading);
    }
    for e in totals.failed.iter().take(LISTED_FAILURES) {
        eprintln!("newsgraph: failed: {e}");
    }
    if totals.failed.len() > LISTED_FAILURES {
        eprintln!("newsgraph: … and {} more failures", totals.failed.len() - LISTED_FAILURES);
    }
    {
        eprintln!(
            "newsgraph: {} files, {} articles read, {} stored, {} duplicates, {} failed in {:.1}s ({:.0} articles/s) → {}",
            files.len(),
            totals.read,
            totals.stored,
            totals.duplicates,
            totals.failed.len(),
            secs,
            totals.read as f64 / secs.max(0.001),
            args.db.display()
        );
    }
    if args.thread_times {
        eprintln!("newsgraph: CPU time by thread: {}", cpu.summary());
        let io = cpu.io_summary();
        if !io.is_empty() {
            eprintln!("newsgraph: I/O by thread: {io}");
        }
    }
    Ok(if totals.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The kinds of thread of an ingest, as `--thread-times` names them.
#[derive(Clone, Copy)]
enum ThreadKind {
    Extraction,
    Writer,
    SearchIndex,
    Checkpoints,
    Freeing,
    Reading,
}

impl ThreadKind {
    const ALL: [ThreadKind; 6] = [Self::Extraction, Self::Writer, Self::SearchIndex, Self::Checkpoints, Self::Freeing, Self::Reading];

    fn name(self) -> &'static str {
        match self {
            Self::Extraction => "extraction",
            Self::Writer => "writer",
            Self::SearchIndex => "search index",
            Self::Checkpoints => "checkpoints",
            Self::Freeing => "freeing",
            Self::Reading => "reading",
        }
    }
}

/// What each kind of thread of an ingest used (`--thread-times`), gathered as the threads end:
/// the extraction threads, the writer, the search indexer, the checkpoint thread, the thread
/// that frees written batches and the one that reads the inputs. Nothing is gathered unless
/// asked for: each thread's end would otherwise read its clock and its `/proc` file for nothing.
#[derive(Clone)]
struct UsageByThread(Option<Arc<std::sync::Mutex<[ThreadUsage; ThreadKind::ALL.len()]>>>);

impl UsageByThread {
    fn new(gather: bool) -> Self {
        Self(gather.then(Default::default))
    }

    /// Adds what the calling thread has used so far under `kind`.
    fn add_this_thread(&self, kind: ThreadKind) {
        if let Some(usages) = &self.0 {
            let usage = ThreadUsage::of_this_thread();
            if let Ok(mut usages) = usages.lock() {
                usages[kind as usize].add(usage);
            }
        }
    }

    /// Adds what the calling thread used when the guard is dropped, however the thread ends.
    fn on_exit(self, kind: ThreadKind) -> impl Drop {
        struct Guard(UsageByThread, ThreadKind);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.add_this_thread(self.1);
            }
        }
        Guard(self, kind)
    }

    fn totals(&self) -> [ThreadUsage; ThreadKind::ALL.len()] {
        self.0.as_ref().and_then(|u| u.lock().ok().map(|u| *u)).unwrap_or_default()
    }

    /// `extraction 9.70 s, writer 10.11 s, …`, in a fixed order, and the total.
    fn summary(&self) -> String {
        let usages = self.totals();
        let mut parts: Vec<String> = ThreadKind::ALL.iter().map(|&k| format!("{} {:.2} s", k.name(), usages[k as usize].cpu_seconds)).collect();
        parts.push(format!("total {:.2} s", usages.iter().map(|u| u.cpu_seconds).sum::<f64>()));
        parts.join(", ")
    }

    /// `writer wrote 1573.2 MB in 191882 calls and read 2.1 MB; …`, for the kinds that passed
    /// any bytes to or from the kernel. The figures are what the system calls carried (the
    /// WAL, the database and the index files through the page cache, the inputs), whether or
    /// not the disk saw them: they show how often SQLite rewrites a page, which time alone
    /// does not.
    fn io_summary(&self) -> String {
        let usages = self.totals();
        let mb = |bytes: u64| bytes as f64 / 1e6;
        ThreadKind::ALL
            .iter()
            .map(|&k| (k, usages[k as usize]))
            .filter(|(_, u)| u.bytes_written > 0 || u.bytes_read > 0)
            .map(|(k, u)| format!("{} wrote {:.1} MB in {} calls and read {:.1} MB", k.name(), mb(u.bytes_written), u.write_calls, mb(u.bytes_read)))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What one thread has used so far: its CPU time (user and system), and what its system calls
/// wrote and read (`wchar`, `syscw` and `rchar` of `/proc/thread-self/io`). Zero where it cannot
/// be read (another system).
#[derive(Clone, Copy, Default)]
struct ThreadUsage {
    cpu_seconds: f64,
    bytes_written: u64,
    write_calls: u64,
    bytes_read: u64,
}

impl ThreadUsage {
    fn of_this_thread() -> Self {
        let mut usage = Self::default();
        #[cfg(target_os = "linux")]
        {
            let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
            // SAFETY: a plain system call writing into the `timespec` passed.
            if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) } == 0 {
                usage.cpu_seconds = time.tv_sec as f64 + time.tv_nsec as f64 / 1e9;
            }
            for line in std::fs::read_to_string("/proc/thread-self/io").unwrap_or_default().lines() {
                let Some((name, value)) = line.split_once(": ") else { continue };
                let value = value.trim().parse().unwrap_or(0);
                match name {
                    "wchar" => usage.bytes_written = value,
                    "syscw" => usage.write_calls = value,
                    "rchar" => usage.bytes_read = value,
                    _ => {}
                }
            }
        }
        usage
    }

    fn add(&mut self, other: Self) {
        self.cpu_seconds += other.cpu_seconds;
        self.bytes_written += other.bytes_written;
        self.write_calls += other.write_calls;
        self.bytes_read += other.bytes_read;
    }
}

type Batch = Vec<(Doc, DocMeta)>;

/// The search index's file, as failures name it.
fn search_index_name(db: &std::path::Path) -> String {
    newsgraph_store::search::path_beside(db).display().to_string()
}

/// Lower the calling thread's priority (nice 10), so that the writer, the one thread every
/// article passes through, gets a core whenever it can use one. The other threads have time to
/// spare as a whole, but at equal priority the scheduler shared the cores evenly among the
/// runnable ones and the writer waited for a core: on 100,000 articles on 2 cores its CPU time
/// was 16.2 s of a 21.2 s run. With the others at nice 10, three runs took 19.2-24.8 s against
/// 22.6-25.3 s, and one core 32.9 s against 35.2 s (the writer no longer falls behind, so fewer
/// batches wait in memory: 340 MB at most instead of 755 MB).
/// A thread may always lower its own priority; where it cannot (another system), nothing changes.
fn yield_to_writer() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: both are plain system calls on the calling thread's own id (on Linux a
        // thread's nice value is its own; PRIO_PROCESS with a thread id sets just that thread).
        unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
        }
    }
}

/// The first batch's size: the writer waits for the first batch, and the extraction threads
/// for nothing, so the batches start small and double up to the full size (on 100,000
/// articles the first batches are a few per cent of the run; on a few thousand, most of it).
fn first_batch_size(full: usize) -> usize {
    full.min(256)
}

/// Gathers records into batches and hands each full one to the extractor thread.
struct Batcher {
    tx: SyncSender<Vec<(Record, String)>>,
    /// Records with the content hash computed when they were read, which the writer reuses.
    batch: Vec<(Record, String)>,
    /// The size of the batch being gathered, doubling up to `full_size`.
    size: usize,
    full_size: usize,
    /// Set when the extractor has stopped (the writer stopped; its error is reported when it is
    /// joined).
    stopped: bool,
}

impl Batcher {
    fn push(&mut self, rec: Record, content_hash: String) {
        self.batch.push((rec, content_hash));
        if self.batch.len() >= self.size {
            self.flush();
            self.size = (self.size * 2).min(self.full_size);
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() || self.stopped {
            return;
        }
        let records = std::mem::take(&mut self.batch);
        if self.tx.send(records).is_err() {
            self.stopped = true;
        }
    }
}

/// Extract a batch on the worker pool. The content hash computed when an article was read, to
/// skip known ones, goes to the writer with it; with `keys_here` the entity resolution keys
/// too. The writer is one thread for all extraction threads: when it is the one holding the
/// others up, the keys are computed here (on 1,000 generated articles, 72 M instructions off
/// the writer, 65 M added here); when it waits for the extraction, it computes them itself, so
/// that on 2 cores the two sides share the work more evenly.
fn extract_batch(pool: &rayon::ThreadPool, pipeline: &Pipeline, records: Vec<(Record, String)>, keys_here: bool, failed: &mut Vec<InputError>) -> Batch {
    let docs: Vec<std::result::Result<(Doc, DocMeta), InputError>> = pool.install(|| {
        records
            .into_par_iter()
            .map(|(r, content_hash)| {
                let mut meta = DocMeta { source: r.source.clone(), author: r.author, site: r.site, prepared: None };
                let source = r.source;
                // A stage that panics on one article costs that article, not the run.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let mut doc = pipeline.process(r.article);
                    let prepared = if keys_here { Prepared::with_content_hash(&doc, content_hash) } else { Prepared::content_hash_only(content_hash) };
                    // The rows' values (dates, JSON, codes) always: the writer has no time to
                    // spare for them at any size where time matters.
                    meta.prepared = Some(prepared.with_row_values(&doc));
                    // The writer reads the annotations, not the tokens the stages read them
                    // from: freed here, on the thread that allocated them (a local free), they
                    // do not wait with the batch for the writer and the dropper. Peak memory on
                    // 100,000 articles: 0.64–0.82 → 0.54–0.65 GB on two cores, 0.46 → 0.42–0.44
                    // on one; time unchanged.
                    doc.release_stage_buffers();
                    doc
                }))
                .map(|doc| (doc, meta))
                .map_err(|_| InputError { input: source, reason: "extraction failed (a stage panicked)".into() })
            })
            .collect()
    });
    let mut ok = Vec::with_capacity(docs.len());
    for d in docs {
        match d {
            Ok(d) => ok.push(d),
            Err(e) => failed.push(e),
        }
    }
    ok
}
