//! `claimlog links check | list | history`.
//!
//! `check` builds the tokio runtime and the checker, reads the due links page by page,
//! feeds them to the checker (never more than a window ahead, so memory stays flat at
//! any number of links) and writes results in short write transactions every
//! `BATCH` results or `FLUSH_EVERY`, between receives on this synchronous thread:
//! no SQLite connection is ever held across an `.await`, a concurrent `claimlog add`
//! waits at most one batch, and an interrupted run keeps what it finished.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::SignedDuration;

use super::archive::{self, Archiver};
use super::workers::{self, SharedGate};
use super::{Context, Out, Status};
use crate::cli::{
    FetchArgs, LinksCheckArgs, LinksCommand, LinksHistoryArgs, LinksListArgs, OutputFormat,
};
use crate::error::DataError;
use crate::linkcheck::guard::AddressPolicy;
use crate::linkcheck::{CheckResult, Checker, CheckerConfig, Finished, Job, Previous};
use crate::links::normalize_url;
use crate::model::{LinkId, LinkOutcome, Timestamp};
use crate::render::{self, links::RunSummary};
use crate::store::{DueLink, LinkFilter, NewCapture, NewCheck, Store, with_grace};

/// Results written per transaction at most.
const BATCH: usize = 200;
/// Results wait at most this long before being written.
const FLUSH_EVERY: Duration = Duration::from_secs(1);
/// Due links read from the store per query, at least.
const REFILL: usize = 256;

pub fn run(cmd: LinksCommand, store: &mut Store, ctx: &Context, out: Out) -> Result<Status> {
    match cmd {
        LinksCommand::Check(args) => check(args, store, ctx, out),
        LinksCommand::List(args) => list(args, store, ctx, out).map(|_| Status::Success),
        LinksCommand::History(args) => history(args, store, ctx, out).map(|_| Status::Success),
        LinksCommand::Archive(args) => archive::archive(args, store, ctx, out),
        LinksCommand::Captures(args) => {
            archive::captures(args, store, ctx, out).map(|_| Status::Success)
        }
        LinksCommand::Replay(args) => archive::replay(args, store, out).map(|_| Status::Success),
        LinksCommand::Diff(args) => archive::diff(args, store, out).map(|_| Status::Success),
        LinksCommand::Memento(args) => super::memento::memento(args, store, ctx, out),
    }
}

fn list(args: LinksListArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let outcome = args
        .outcome
        .as_deref()
        .map(|o| {
            o.parse::<LinkOutcome>()
                .map_err(|e| DataError::new(format!("--outcome: {e}")))
        })
        .transpose()?;
    let filter = LinkFilter {
        outcome,
        dead: args.dead,
        limit: args.limit,
    };
    let links = store.read()?.list_links(&filter)?;
    let format = ctx.format(args.format);
    render::listing(out, format, &links)?;
    if links.is_empty() && format == OutputFormat::Table {
        ctx.note("no links match");
    }
    Ok(())
}

fn history(args: LinksHistoryArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let url = normalize_url(&args.url).map_err(DataError::from)?;
    let tx = store.read()?;
    let Some(id) = tx.find_link(url.as_str())? else {
        return Err(DataError::new(format!(
            "no link {:?} is recorded: see `claimlog links list` for the links claims cite",
            url.as_str()
        ))
        .into());
    };
    let checks = tx.link_history(id)?;
    drop(tx);
    let format = ctx.format(args.format);
    render::listing(out, format, &checks)?;
    if checks.is_empty() && format == OutputFormat::Table {
        ctx.note("this link was never checked: run `claimlog links check`");
    }
    Ok(())
}

pub(crate) fn signed(d: Duration) -> SignedDuration {
    SignedDuration::try_from(d).unwrap_or(SignedDuration::MAX)
}

/// What a duration flag accepts: at least `min`, at most `max`.
struct DurationRange {
    flag: &'static str,
    min: Duration,
    max: Duration,
    max_text: &'static str,
}

const DAY: u64 = 24 * 3600;
/// A century: older checks than that are not "recent", and no clock arithmetic overflows.
const CENTURY: Duration = Duration::from_secs(100 * 365 * DAY);

/// Refuses flag values that parse but make no sense, or would overflow the clock or the
/// scheduler (`--stale-after 99999999999y`, `--host-rate 1e-300`): exit 3, one line.
pub(crate) fn validate(
    stale_after: Duration,
    confirm_after: Duration,
    args: &FetchArgs,
) -> Result<(), DataError> {
    let durations = [
        (
            stale_after,
            DurationRange {
                flag: "--stale-after",
                min: Duration::ZERO,
                max: CENTURY,
                max_text: "100 years",
            },
        ),
        (
            confirm_after,
            DurationRange {
                flag: "--confirm-after",
                min: Duration::ZERO,
                max: CENTURY,
                max_text: "100 years",
            },
        ),
        (
            args.timeout,
            DurationRange {
                flag: "--timeout",
                min: Duration::from_millis(10),
                max: Duration::from_secs(3600),
                max_text: "1h",
            },
        ),
        (
            args.retry_backoff,
            DurationRange {
                flag: "--retry-backoff",
                min: Duration::ZERO,
                max: Duration::from_secs(3600),
                max_text: "1h",
            },
        ),
        (
            args.max_retry_wait,
            DurationRange {
                flag: "--max-retry-wait",
                min: Duration::ZERO,
                max: Duration::from_secs(DAY),
                max_text: "24h",
            },
        ),
    ];
    for (value, range) in durations {
        if value < range.min || value > range.max {
            let min = humantime::format_duration(range.min);
            return Err(DataError::new(format!(
                "{}: {} is out of range: give a duration from {min} to {}",
                range.flag,
                humantime::format_duration(value),
                range.max_text
            )));
        }
    }
    let counts = [
        ("--concurrency", args.concurrency, 1, MAX_IN_FLIGHT),
        ("--per-host", args.per_host, 0, MAX_IN_FLIGHT),
        ("--retries", args.retries, 0, MAX_RETRIES),
    ];
    for (flag, value, min, max) in counts {
        if value < min || value > max {
            return Err(DataError::new(format!(
                "{flag}: {value} is out of range: give a number from {min} to {max}"
            )));
        }
    }
    let rate = args.host_rate;
    if rate != 0.0 && !(MIN_HOST_RATE..=MAX_HOST_RATE).contains(&rate) {
        return Err(DataError::new(format!(
            "--host-rate: {rate:e} is out of range: give requests per second from \
             {MIN_HOST_RATE} (one every 1000 s) to {MAX_HOST_RATE}, or 0 for no limit"
        )));
    }
    Ok(())
}

/// Most requests in flight, over all hosts or to one: beyond it a run only exhausts
/// sockets and memory.
const MAX_IN_FLIGHT: u32 = 10_000;
const MAX_RETRIES: u32 = 10;
const MIN_HOST_RATE: f64 = 0.001;
const MAX_HOST_RATE: f64 = 1_000_000.0;

pub(crate) fn checker_config(args: &FetchArgs) -> CheckerConfig {
    CheckerConfig {
        concurrency: args.concurrency as usize,
        per_host: args.per_host as usize,
        host_rate: args.host_rate,
        timeout: args.timeout,
        retries: args.retries,
        retry_backoff: args.retry_backoff,
        max_retry_wait: args.max_retry_wait,
        user_agent: args
            .user_agent
            .clone()
            .unwrap_or_else(crate::linkcheck::default_user_agent),
        policy: AddressPolicy {
            allow_private: args.allow_private,
            allowed: args.allow_address.clone(),
        },
        ..CheckerConfig::default()
    }
}

/// The checker's job for a due link; an error names why its stored URL cannot be
/// fetched (only a database written by another tool could hold such a URL).
fn job(link: DueLink) -> Result<Job, String> {
    let url = url::Url::parse(&link.url).map_err(|e| format!("not a valid URL: {e}"))?;
    // Older databases may hold credentials in a URL: never send them.
    let url = crate::links::without_credentials(&url);
    Ok(Job {
        key: link.id.0,
        url,
        previous: link.last_good.map(|g| Previous {
            final_url: g.final_url,
            etag: g.etag,
            last_modified: g.last_modified,
            content_hash: g.content_hash,
            main_hash: g.main_hash,
            main_text: g.main_text,
        }),
        quotes: link.quotes,
    })
}

pub(crate) fn new_check(link_id: LinkId, checked_at: Timestamp, r: CheckResult) -> NewCheck {
    NewCheck {
        link_id,
        checked_at,
        outcome: r.outcome,
        http_status: r.http_status,
        final_url: r.final_url,
        redirects: (!r.redirects.is_empty())
            .then(|| serde_json::to_string(&r.redirects).unwrap_or_default()),
        elapsed_ms: r.elapsed.as_millis().min(i64::MAX as u128) as i64,
        content_hash: r.content_hash,
        etag: r.etag,
        last_modified: r.last_modified,
        error: r.error,
        main_hash: r.main.as_ref().map(|m| m.hash.clone()),
        main_text: r.main.map(|m| m.text),
        quote_removed: r.quote_removed,
        quotes_present: r.quotes_present,
    }
}

fn progress_bar(total: u64, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} links  {per_sec}  eta {eta}  {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// The run's own record of what it wrote.
struct Tally {
    checked: u64,
    by_outcome: BTreeMap<LinkOutcome, u64>,
    newly_dead: Vec<LinkId>,
}

/// Results waiting to be written.
#[derive(Default)]
struct Batch {
    checks: Vec<NewCheck>,
    captures: Vec<NewCapture>,
}

/// Writes a batch in one short transaction. A worker sharing the run (`lease`) ends its
/// leases of these links and records only the checks of links it still held.
fn flush(
    store: &mut Store,
    batch: &mut Batch,
    plan: &Plan,
    lease: Option<i64>,
    tally: &mut Tally,
) -> Result<()> {
    if batch.checks.is_empty() && batch.captures.is_empty() {
        return Ok(());
    }
    if let Some(archiver) = plan.archive.as_ref().filter(|_| !batch.captures.is_empty()) {
        archiver.sync()?;
    }
    let tx = store.write()?;
    let held = match lease {
        Some(worker) => {
            let ids: Vec<LinkId> = batch.checks.iter().map(|c| c.link_id).collect();
            Some(tx.end_leases(worker, &ids)?)
        }
        None => None,
    };
    let mut recorded = Vec::with_capacity(batch.checks.len());
    for check in batch.checks.iter() {
        let keep = held.as_ref().is_none_or(|h| h.contains(&check.link_id));
        if keep && plan.record_checks && tx.record_check(check, plan.confirm_after)? {
            tally.newly_dead.push(check.link_id);
        }
        recorded.push(keep);
    }
    for capture in batch.captures.iter() {
        tx.record_capture(capture)?;
    }
    tx.commit().context("cannot save link check results")?;
    batch.captures.clear();
    for (check, keep) in batch.checks.drain(..).zip(recorded) {
        if keep {
            tally.checked += 1;
            *tally.by_outcome.entry(check.outcome).or_default() += 1;
        }
    }
    Ok(())
}

/// Stops the run on Ctrl-C or SIGTERM: checks in flight are dropped, finished ones kept.
async fn interrupted_by_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn check(args: LinksCheckArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<Status> {
    validate(args.stale_after, args.confirm_after, &args.fetch)?;
    let stale_before = (!args.all).then(|| ctx.now - with_grace(signed(args.stale_after)));
    let archive = if args.archive {
        Some(Archiver::open(&archive::archive_dir(
            args.capture.archive_dir.as_deref(),
            store,
        )?)?)
    } else {
        None
    };
    let mut config = checker_config(&args.fetch);
    config.min_changed_words = args.min_changed_words as usize;
    if let Some(archiver) = &archive {
        config.capture_cap = Some(capture_cap(args.capture.capture_cap));
        config.spill_dir = Some(archiver.spill_dir());
    }
    let plan = Plan {
        format: ctx.format(args.format),
        select: Select::Checks(stale_before),
        record_checks: true,
        confirm_after: signed(args.confirm_after),
        archive,
        config,
    };
    fetch_all(plan, store, ctx, out)
}

pub(crate) fn capture_cap(cap: u64) -> usize {
    usize::try_from(cap).unwrap_or(usize::MAX)
}

/// Which links a run fetches.
pub(crate) enum Select {
    /// Links last checked before this (`None`: all).
    Checks(Option<Timestamp>),
    /// Links last captured before this (`None`: all).
    Captures(Option<Timestamp>),
}

/// What a run fetches and what it keeps.
pub(crate) struct Plan {
    pub format: OutputFormat,
    pub select: Select,
    /// Record each result as a check (`links check`); `links archive` records only
    /// captures.
    pub record_checks: bool,
    pub confirm_after: SignedDuration,
    pub archive: Option<Archiver>,
    pub config: CheckerConfig,
}

/// Fetches the selected links, records what the plan keeps, prints the summary.
pub(crate) fn fetch_all(
    mut plan: Plan,
    store: &mut Store,
    ctx: &Context,
    out: Out,
) -> Result<Status> {
    let started = Instant::now();
    let format = plan.format;
    let concurrency = plan.config.concurrency;
    // On PostgreSQL this process is one worker among any number: the host limits are
    // kept in the database, and `links check` leases the links it checks.
    let worker = store.worker_connection(ctx.quiet)?;
    let lease = match (&worker, &plan.select) {
        (Some(w), Select::Checks(_)) => Some(w.worker()),
        _ => None,
    };
    let gate = worker.map(|w| {
        Arc::new(SharedGate::new(
            Arc::new(Mutex::new(w)),
            plan.config.per_host,
            plan.config.host_rate,
        ))
    });
    let checker = match &gate {
        Some(gate) => Checker::with_gate(plan.config.clone(), Arc::clone(gate) as _),
        None => Checker::new(plan.config.clone()),
    };
    let checker = Arc::new(checker.context("cannot start the link checker")?);
    store.use_little_memory()?;
    let (due, last) = {
        let tx = store.read()?;
        let due = match plan.select {
            Select::Checks(before) => tx.count_due_links(before)?,
            Select::Captures(before) => tx.count_due_captures(before)?,
        };
        (due, tx.last_link_id()?)
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let (job_tx, job_rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
    let (result_tx, result_rx) = std::sync::mpsc::channel::<Finished>();
    let checking = runtime.spawn(Arc::clone(&checker).run(job_rx, result_tx));
    let abort_checking = checking.abort_handle();
    if let (Some(gate), Some(_)) = (&gate, lease) {
        runtime.spawn(workers::renew_leases(Arc::clone(gate)));
    }
    let mut gate_failed = None;
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let interrupted = Arc::clone(&interrupted);
        let abort = checking.abort_handle();
        runtime.spawn(async move {
            interrupted_by_signal().await;
            interrupted.store(true, Ordering::SeqCst);
            // A batch waiting for another writer's lock must not outlast the interruption.
            crate::store::stop_waiting();
            abort.abort();
        });
    }

    let bar = progress_bar(
        due,
        !ctx.quiet && format != OutputFormat::Json && std::io::stderr().is_terminal(),
    );
    // Jobs sent and not yet answered: bounded, so 100,000 links cost no more memory
    // than a few thousand.
    // A worker sharing the run leases smaller pages, so the others are not left idle at
    // the end while it still holds a long queue.
    let window = if lease.is_some() {
        (concurrency * 4).max(2 * REFILL)
    } else {
        (concurrency * 4).max(1024)
    };
    let mut outstanding = 0usize;
    let mut after = LinkId(0);
    let mut swept = false;
    let mut job_tx = Some(job_tx);
    let mut batch = Batch::default();
    let mut tally = Tally {
        checked: 0,
        by_outcome: BTreeMap::new(),
        newly_dead: Vec::new(),
    };
    let mut last_flush = Instant::now();
    let checked_at = |elapsed: Duration| ctx.now + signed(elapsed);

    loop {
        // Refill a page at a time rather than one link per finished check, keeping the
        // window nearly full so the busiest host never runs out of queued links.
        if let Some(sender) = &job_tx
            && outstanding + REFILL <= window
        {
            let page = if interrupted.load(Ordering::SeqCst) || gate_failed.is_some() {
                Vec::new()
            } else if let (Some(worker), Select::Checks(before)) = (lease, &plan.select) {
                store.lease_due_links(worker, *before, after, last, window - outstanding)?
            } else {
                let tx = store.read()?;
                match plan.select {
                    Select::Checks(before) => tx.due_links(before, after, window - outstanding)?,
                    Select::Captures(before) => {
                        tx.due_captures(before, after, window - outstanding)?
                    }
                }
            };
            // Links recorded after the run started wait for the next run.
            let page: Vec<DueLink> = page.into_iter().filter(|l| l.id <= last).collect();
            let exhausted = page.is_empty();
            for link in page {
                after = link.id;
                let link_id = link.id;
                match job(link) {
                    Ok(job) => {
                        if sender.send(job).is_ok() {
                            outstanding += 1;
                        }
                    }
                    Err(error) => batch.checks.push(NewCheck {
                        link_id,
                        checked_at: checked_at(started.elapsed()),
                        outcome: LinkOutcome::Unreachable,
                        http_status: None,
                        final_url: None,
                        redirects: None,
                        elapsed_ms: 0,
                        content_hash: None,
                        etag: None,
                        last_modified: None,
                        error: Some(error),
                        main_hash: None,
                        main_text: None,
                        quote_removed: None,
                        quotes_present: None,
                    }),
                }
            }
            if exhausted && lease.is_some() && !swept {
                // A worker sharing the run looks once more from the start, for the links
                // of a worker that died meanwhile (its leases are void); with `--all`
                // it would find its own checks due again, so only by staleness.
                swept = true;
                if matches!(plan.select, Select::Checks(Some(_))) {
                    after = LinkId(0);
                    continue;
                }
            }
            if exhausted {
                // No more jobs: the checker finishes what it has, then closes the results.
                job_tx = None;
            }
        }
        let until_flush = FLUSH_EVERY.saturating_sub(last_flush.elapsed());
        match result_rx.recv_timeout(until_flush) {
            Ok(Finished { key, mut result }) => {
                outstanding -= 1;
                let at = checked_at(started.elapsed());
                if let (Some(archiver), Some(exchange)) =
                    (&mut plan.archive, result.exchange.take())
                {
                    // The record is written before its row is queued, and synced to disk
                    // before the batch records the row (`flush`).
                    batch
                        .captures
                        .push(archiver.keep(store, LinkId(key), at, *exchange)?);
                }
                batch.checks.push(new_check(LinkId(key), at, result));
                bar.inc(1);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if batch.checks.len() >= BATCH || last_flush.elapsed() >= FLUSH_EVERY {
            flush(store, &mut batch, &plan, lease, &mut tally)?;
            last_flush = Instant::now();
        }
        if gate_failed.is_none()
            && let Some(error) = gate.as_ref().and_then(|g| g.error())
        {
            // No request can start politely any more: end the run, keeping its results.
            gate_failed = Some(error);
            abort_checking.abort();
        }
    }
    flush(store, &mut batch, &plan, lease, &mut tally)?;
    if let Some(worker) = lease {
        store.release_leases(worker)?;
    }
    bar.finish_and_clear();
    // Wait for the runtime's threads to drop their tasks: the PostgreSQL worker
    // connection those tasks share must be dropped here, on this thread, never on a
    // runtime thread (its client blocks on a runtime of its own when it closes).
    runtime.shutdown_timeout(Duration::from_secs(10));
    drop(checker);
    drop(gate);

    let newly_dead = store.read()?.links_by_id(&tally.newly_dead)?;
    let captures = match &plan.archive {
        Some(a) => Some(a.summary(store)?),
        None => None,
    };
    let summary = RunSummary {
        due,
        checked: tally.checked,
        interrupted: interrupted.load(Ordering::SeqCst),
        elapsed_s: (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
        by_outcome: tally.by_outcome,
        newly_dead,
        captures,
    };
    match format {
        OutputFormat::Json => render::json(out, &summary)?,
        OutputFormat::Csv => render::links::summary_csv(out, &summary)?,
        // Quiet for cron: only the links that died tonight, nothing on a quiet night.
        OutputFormat::Table if ctx.quiet => render::links::newly_dead(out, &summary)?,
        OutputFormat::Table => render::links::summary_table(out, &summary)?,
    }
    let refused = summary
        .by_outcome
        .get(&LinkOutcome::Refused)
        .copied()
        .unwrap_or(0);
    if refused > 0 {
        ctx.note(format!(
            "{refused} {} to a loopback, private or link-local address and {} not \
             fetched; --allow-private checks them too",
            if refused == 1 {
                "link points"
            } else {
                "links point"
            },
            if refused == 1 { "was" } else { "were" }
        ));
    }
    if let Some(error) = gate_failed {
        out.flush()?;
        anyhow::bail!(
            "{error}: the {} fetched are saved; run the same command again to fetch the rest",
            if summary.checked == 1 {
                "1 link".to_string()
            } else {
                format!("{} links", summary.checked)
            }
        );
    }
    if summary.interrupted {
        out.flush()?;
        anyhow::bail!(
            "interrupted: the {} fetched are saved; run the same command again to fetch the rest",
            if summary.checked == 1 {
                "1 link".to_string()
            } else {
                format!("{} links", summary.checked)
            }
        );
    }
    Ok(if summary.newly_dead.is_empty() {
        Status::Success
    } else {
        Status::NewlyDead
    })
}
