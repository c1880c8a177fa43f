//! How links look: `links list` rows, `links history` rows, and the summary of a run.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::table::Column;
use super::{Listing, new_table};
use crate::model::LinkOutcome;
use crate::store::{CheckEntry, LinkStatus};

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(T::to_string).unwrap_or_default()
}

fn claim_list(status: &LinkStatus) -> String {
    status
        .claims
        .iter()
        .map(|c| format!("#{c}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// claimlog's latest capture and a web archive's memento, with their dates.
fn archived_copies(status: &LinkStatus) -> String {
    let mut copies = Vec::new();
    if let Some(at) = &status.archived_at {
        copies.push(format!("captured {at}"));
    }
    if let Some(at) = &status.memento_datetime {
        copies.push(format!("memento {at}"));
    }
    copies.join("; ")
}

impl Listing for LinkStatus {
    fn table_header() -> Vec<&'static str> {
        vec![
            "url",
            "outcome",
            "status",
            "checked",
            "dead since",
            "archived copy",
            "claims",
        ]
    }

    fn table_columns() -> Vec<Column> {
        let col = Column::new;
        vec![
            col("url", 4, 24),
            col("outcome", 16, 12),
            col("status", 64, 6),
            col("checked", 64, 20),
            col("dead since", 16, 10),
            col("archived copy", 16, 20),
            col("claims", 1, 8),
        ]
    }

    fn table_row(&self) -> Vec<String> {
        let mut outcome = self
            .outcome
            .map(|o| o.to_string())
            .unwrap_or_else(|| "not checked".to_string());
        if self.quote_removed_since.is_some() {
            outcome.push_str(", quote_removed");
        }
        vec![
            self.url.clone(),
            outcome,
            opt(&self.http_status),
            opt(&self.last_checked_at),
            opt(&self.dead_since),
            archived_copies(self),
            claim_list(self),
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        vec![
            "id",
            "url",
            "host",
            "last_checked_at",
            "outcome",
            "http_status",
            "final_url",
            "failing_since",
            "dead_since",
            "quote_removed_since",
            "archived_at",
            "claims",
            "memento_url",
            "memento_datetime",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.url.clone(),
            self.host.clone(),
            opt(&self.last_checked_at),
            opt(&self.outcome),
            opt(&self.http_status),
            opt(&self.final_url),
            opt(&self.failing_since),
            opt(&self.dead_since),
            opt(&self.quote_removed_since),
            opt(&self.archived_at),
            claim_list(self),
            opt(&self.memento_url),
            opt(&self.memento_datetime),
        ]
    }
}

impl Listing for CheckEntry {
    fn table_header() -> Vec<&'static str> {
        vec!["checked", "outcome", "status", "ms", "final url", "note"]
    }

    fn table_columns() -> Vec<Column> {
        let col = Column::new;
        vec![
            col("checked", 64, 20),
            col("outcome", 16, 12),
            col("status", 64, 6),
            col("ms", 64, 4),
            col("final url", 2, 16),
            col("note", 2, 16),
        ]
    }

    fn table_row(&self) -> Vec<String> {
        let mut note = self.error.clone().unwrap_or_default();
        if self.confirmed_dead {
            note = format!("confirmed dead; {note}");
        }
        vec![
            self.checked_at.clone(),
            self.outcome.to_string(),
            opt(&self.http_status),
            opt(&self.elapsed_ms),
            opt(&self.final_url),
            note,
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        vec![
            "checked_at",
            "outcome",
            "http_status",
            "final_url",
            "redirects",
            "elapsed_ms",
            "content_hash",
            "etag",
            "last_modified",
            "error",
            "confirmed_dead",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        vec![
            self.checked_at.clone(),
            self.outcome.to_string(),
            opt(&self.http_status),
            opt(&self.final_url),
            self.redirects.to_string(),
            opt(&self.elapsed_ms),
            opt(&self.content_hash),
            opt(&self.etag),
            opt(&self.last_modified),
            opt(&self.error),
            self.confirmed_dead.to_string(),
        ]
    }
}

/// One TimeGate's answer about one link: one row of `links memento`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MementoRow {
    pub url: String,
    pub timegate: String,
    /// The datetime asked for: the claim's date, else the link's first recording.
    pub accept_datetime: String,
    pub memento_url: Option<String>,
    pub memento_datetime: Option<String>,
    /// Why the TimeGate could not answer; none for a memento or a plain "no copy".
    pub error: Option<String>,
}

impl Listing for MementoRow {
    fn table_header() -> Vec<&'static str> {
        vec!["url", "asked for", "memento", "memento url"]
    }

    fn table_columns() -> Vec<Column> {
        let col = Column::new;
        vec![
            col("url", 4, 24),
            col("asked for", 64, 20),
            col("memento", 16, 20),
            col("memento url", 2, 24),
        ]
    }

    fn table_row(&self) -> Vec<String> {
        let found = match (&self.memento_datetime, &self.error) {
            (Some(at), _) => at.clone(),
            (None, Some(e)) => format!("error: {e}"),
            (None, None) => "none".to_string(),
        };
        vec![
            self.url.clone(),
            self.accept_datetime.clone(),
            found,
            opt(&self.memento_url),
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        vec![
            "url",
            "timegate",
            "accept_datetime",
            "memento_url",
            "memento_datetime",
            "error",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        vec![
            self.url.clone(),
            self.timegate.clone(),
            self.accept_datetime.clone(),
            opt(&self.memento_url),
            opt(&self.memento_datetime),
            opt(&self.error),
        ]
    }
}

/// The end of a `links check` run: `--format json` prints this object.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    /// Links that were due when the run started.
    pub due: u64,
    /// Links checked and saved.
    pub checked: u64,
    /// The run was stopped (Ctrl-C, kill) before every due link was checked.
    pub interrupted: bool,
    pub elapsed_s: f64,
    /// Checks per outcome; outcomes absent did not occur.
    pub by_outcome: std::collections::BTreeMap<LinkOutcome, u64>,
    /// Links this run confirmed dead, with the claims that lost their evidence.
    pub newly_dead: Vec<LinkStatus>,
    /// What the run kept, when it captured pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captures: Option<CaptureSummary>,
}

/// The captures of a run and the archive's totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaptureSummary {
    pub archive_dir: String,
    /// Full copies written by this run.
    pub captured: u64,
    /// Revisit records written by this run (the page was unchanged).
    pub revisits: u64,
    /// Compressed bytes this run added.
    pub bytes: u64,
    /// Captures recorded in the store, all runs.
    pub total_captures: u64,
    /// Bytes of their records on disk.
    pub total_bytes: u64,
}

/// The summary for a person.
pub fn summary_table(out: &mut dyn Write, s: &RunSummary) -> Result<()> {
    let stopped = if s.interrupted { " (interrupted)" } else { "" };
    writeln!(
        out,
        "checked {} of {} due links in {:.1} s{stopped}",
        s.checked, s.due, s.elapsed_s
    )?;
    if !s.by_outcome.is_empty() {
        let mut table = new_table();
        table.set_header(vec!["outcome", "links"]);
        for (outcome, n) in &s.by_outcome {
            table.add_row(vec![outcome.to_string(), n.to_string()]);
        }
        writeln!(out, "{table}")?;
    }
    if let Some(c) = &s.captures {
        writeln!(
            out,
            "captured {} pages and {} unchanged ones (revisits), {} bytes; the archive {} holds {} captures in {} bytes",
            c.captured, c.revisits, c.bytes, c.archive_dir, c.total_captures, c.total_bytes
        )?;
    }
    if !s.newly_dead.is_empty() {
        let n = s.newly_dead.len();
        let (links, claims) = if n == 1 {
            ("link", "its claims")
        } else {
            ("links", "these claims")
        };
        writeln!(
            out,
            "{n} {links} newly confirmed dead; {claims} lost evidence:"
        )?;
        newly_dead(out, s)?;
    }
    Ok(())
}

impl Listing for crate::store::CaptureEntry {
    fn table_header() -> Vec<&'static str> {
        vec![
            "captured at",
            "kind",
            "status",
            "bytes",
            "truncated",
            "url",
            "warc file",
        ]
    }

    fn table_row(&self) -> Vec<String> {
        vec![
            self.captured_at.clone(),
            self.kind.as_str().to_string(),
            self.http_status.to_string(),
            self.body_bytes.to_string(),
            if self.truncated { "yes" } else { "" }.to_string(),
            self.url.clone(),
            format!("{}@{}", self.warc_file, self.warc_offset),
        ]
    }
}

/// One line per link this run confirmed dead, and nothing else: what `links check -q`
/// prints, so that cron mails only on the nights links die.
pub fn newly_dead(out: &mut dyn Write, s: &RunSummary) -> Result<()> {
    for link in &s.newly_dead {
        let claims = if link.claims.is_empty() {
            "cited by no claim".to_string()
        } else {
            format!("cited by {}", claim_list(link))
        };
        let why = link.outcome.map(|o| o.to_string()).unwrap_or_default();
        writeln!(out, "  {} ({why}, {claims})", super::visible(&link.url))?;
    }
    Ok(())
}

/// The counts of a run as CSV: `outcome,links`, one row per outcome that occurred.
pub fn summary_csv(out: &mut dyn Write, s: &RunSummary) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["outcome", "links"])?;
    for (outcome, n) in &s.by_outcome {
        w.write_record([outcome.to_string(), n.to_string()])?;
    }
    w.flush()?;
    Ok(())
}
