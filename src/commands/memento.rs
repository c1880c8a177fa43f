//! `claimlog links memento`: ask public web archives' TimeGates (RFC 7089) for their
//! copy of each selected page, and record every answer.
//!
//! The asking is the checker's (`linkcheck::timegate`: politeness, retries, address
//! guard); this command chooses the links and the datetime asked for, builds the
//! runtime, and writes the answers in short transactions as they come, never holding
//! the database across an `.await`.

use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::links::{checker_config, signed, validate};
use super::{Context, Out, Status};
use crate::cli::{LinksMementoArgs, OutputFormat};
use crate::error::DataError;
use crate::linkcheck::Checker;
use crate::model::{Timestamp, format_timestamp, parse_date, parse_timestamp};
use crate::render::{self, links::MementoRow};
use crate::store::{MementoDue, NewMemento, Store};

/// Answers written per transaction at most, and how long one waits at most.
const BATCH: usize = 200;
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// A TimeGate prefix as given, checked: an http(s) URL with a host.
fn timegate(given: &str) -> Result<String, DataError> {
    match url::Url::parse(given) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(given.to_string())
        }
        _ => Err(DataError::new(format!(
            "--timegate: {given:?} is not an http(s) URL prefix: give one such as \
             https://web.archive.org/web/"
        ))),
    }
}

/// The datetime to ask for: the date the claim was made (noon UTC, the middle of a day
/// whose hour is unknown), else when the link was first recorded.
pub fn accept_datetime(link: &MementoDue) -> Option<Timestamp> {
    if let Some(day) = link.claimed_on.as_deref().and_then(|d| parse_date(d).ok()) {
        return day
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp());
    }
    parse_timestamp(&link.created_at).ok()
}

pub fn memento(
    args: LinksMementoArgs,
    store: &mut Store,
    ctx: &Context,
    out: Out,
) -> Result<Status> {
    validate(Duration::ZERO, Duration::ZERO, &args.fetch)?;
    let timegates: Arc<Vec<String>> = Arc::new(
        args.timegates
            .iter()
            .map(|t| timegate(t))
            .collect::<Result<_, _>>()?,
    );
    let due = store.read()?.memento_due(args.all)?;
    let checker = Arc::new(
        Checker::new(checker_config(&args.fetch)).context("cannot start the link checker")?,
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let started = Instant::now();
    let (answers_tx, answers_rx) = std::sync::mpsc::channel::<Vec<Asked>>();
    let asked = due.len();
    for link in due {
        let (checker, timegates, sender) = (
            Arc::clone(&checker),
            Arc::clone(&timegates),
            answers_tx.clone(),
        );
        let now = ctx.now;
        runtime.spawn(async move {
            let answers = ask_all(&checker, &timegates, link, now, started).await;
            // The receiver is gone only when the command stopped listening.
            let _ = sender.send(answers);
        });
    }
    drop(answers_tx);

    let mut rows: Vec<MementoRow> = Vec::new();
    let mut batch: Vec<NewMemento> = Vec::new();
    let mut refused = 0usize;
    let mut last_flush = Instant::now();
    loop {
        match answers_rx.recv_timeout(FLUSH_EVERY.saturating_sub(last_flush.elapsed())) {
            Ok(answers) => {
                for asked in answers {
                    refused += usize::from(asked.refused);
                    rows.push(row(&asked.memento, asked.url));
                    batch.push(asked.memento);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if batch.len() >= BATCH || last_flush.elapsed() >= FLUSH_EVERY {
            write(store, &mut batch)?;
            last_flush = Instant::now();
        }
    }
    write(store, &mut batch)?;
    runtime.shutdown_background();

    let format = ctx.format(args.format);
    render::listing(out, format, &rows)?;
    let found = rows.iter().filter(|r| r.memento_url.is_some()).count();
    let failed = rows.iter().filter(|r| r.error.is_some()).count();
    if format == OutputFormat::Table {
        ctx.note(format!(
            "{asked} {} asked: {found} with a memento, {} without",
            if asked == 1 { "link" } else { "links" },
            asked - found,
        ));
    }
    if failed > 0 {
        ctx.note(format!(
            "{failed} {} could not be answered (see the error column); the next run asks again",
            if failed == 1 { "question" } else { "questions" }
        ));
    }
    if refused > 0 {
        ctx.note(
            "a TimeGate or its redirect points to a loopback, private or link-local address \
             and was not asked; --allow-private asks it too",
        );
    }
    Ok(Status::Success)
}

/// One TimeGate's answer about one link.
struct Asked {
    memento: NewMemento,
    url: String,
    /// The address guard refused the TimeGate or one of its redirects.
    refused: bool,
}

/// Asks each TimeGate in turn until one holds a copy; one answer per TimeGate asked.
async fn ask_all(
    checker: &Checker,
    timegates: &[String],
    link: MementoDue,
    now: Timestamp,
    started: Instant,
) -> Vec<Asked> {
    let asked_at = || now + signed(started.elapsed());
    let accept = accept_datetime(&link);
    let url = url::Url::parse(&link.url).map(|u| crate::links::without_credentials(&u));
    let mut answers = Vec::new();
    for timegate in timegates {
        let mut refused = false;
        let mut answer = NewMemento {
            link_id: link.id,
            asked_at: asked_at(),
            timegate: timegate.clone(),
            accept_datetime: accept.unwrap_or(now),
            found: None,
            error: None,
        };
        match (&url, accept) {
            (Ok(url), Some(at)) => {
                let reply = checker.find_memento(timegate, url, at).await;
                answer.asked_at = asked_at();
                answer.found = reply.found;
                answer.error = reply.error;
                refused = reply.refused;
            }
            (Err(e), _) => answer.error = Some(format!("not a valid URL: {e}")),
            (_, None) => answer.error = Some("no date to ask for".to_string()),
        }
        let found = answer.found.is_some();
        answers.push(Asked {
            memento: answer,
            url: link.url.clone(),
            refused,
        });
        if found {
            break;
        }
    }
    answers
}

fn row(answer: &NewMemento, url: String) -> MementoRow {
    MementoRow {
        url,
        timegate: answer.timegate.clone(),
        accept_datetime: format_timestamp(answer.accept_datetime),
        memento_url: answer.found.as_ref().map(|(u, _)| u.clone()),
        memento_datetime: answer.found.as_ref().map(|(_, at)| format_timestamp(*at)),
        error: answer.error.clone(),
    }
}

fn write(store: &mut Store, batch: &mut Vec<NewMemento>) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let tx = store.write()?;
    for m in batch.iter() {
        tx.record_memento(m)?;
    }
    tx.commit().context("cannot save the mementos found")?;
    batch.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkId;

    #[test]
    fn the_claim_date_wins_over_the_link_recording() {
        let mut link = MementoDue {
            id: LinkId(1),
            url: "https://example.org/a".to_string(),
            claimed_on: Some("2019-05-04".to_string()),
            created_at: "2024-03-01T02:00:00Z".to_string(),
        };
        assert_eq!(
            accept_datetime(&link).map(format_timestamp).as_deref(),
            Some("2019-05-04T12:00:00Z")
        );
        link.claimed_on = None;
        assert_eq!(
            accept_datetime(&link).map(format_timestamp).as_deref(),
            Some("2024-03-01T02:00:00Z")
        );
    }
}
