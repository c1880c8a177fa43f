//! Captures: the rows that say where each WARC copy of a cited page lies (append-only
//! `captures`, and `links.last_captured_at`). Knows nothing of WARC or HTTP: the
//! command writes the record first, then hands its place here.

use anyhow::Result;
use serde::Serialize;

use super::Tx;
use super::backend::Row;
use super::linkchecks::DueLink;
use crate::model::{LinkId, Timestamp, format_timestamp};
use crate::p;

/// What a capture row holds: the page itself, or a revisit of an identical payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CaptureKind {
    Response,
    Revisit,
}

impl CaptureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaptureKind::Response => "response",
            CaptureKind::Revisit => "revisit",
        }
    }
}

/// One capture to record, after its record is on disk.
#[derive(Debug, Clone)]
pub struct NewCapture {
    pub link_id: LinkId,
    pub captured_at: Timestamp,
    pub url: String,
    pub http_status: u16,
    pub kind: CaptureKind,
    pub warc_file: String,
    pub offset: u64,
    pub length: u64,
    pub payload_digest: String,
    pub block_digest: String,
    pub body_bytes: u64,
    pub truncated: bool,
    pub refers_to: Option<i64>,
}

/// A link's latest full capture, which a new one with the same payload revisits.
#[derive(Debug, Clone)]
pub struct LatestCapture {
    pub id: i64,
    pub url: String,
    pub captured_at: String,
    pub payload_digest: String,
}

/// One capture: one row of `links captures`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptureEntry {
    pub id: i64,
    pub captured_at: String,
    pub url: String,
    pub http_status: u16,
    pub kind: CaptureKind,
    pub warc_file: String,
    pub warc_offset: u64,
    pub warc_length: u64,
    pub payload_digest: String,
    pub body_bytes: u64,
    pub truncated: bool,
    /// For a revisit, the capture holding the payload.
    pub refers_to: Option<i64>,
}

fn entry(r: &Row<'_>) -> Result<CaptureEntry> {
    let kind: String = r.get(4)?;
    Ok(CaptureEntry {
        id: r.get(0)?,
        captured_at: r.get(1)?,
        url: r.get(2)?,
        http_status: r.get(3)?,
        kind: if kind == "revisit" {
            CaptureKind::Revisit
        } else {
            CaptureKind::Response
        },
        warc_file: r.get(5)?,
        warc_offset: r.get(6)?,
        warc_length: r.get(7)?,
        payload_digest: r.get(8)?,
        body_bytes: r.get(9)?,
        truncated: r.get(10)?,
        refers_to: r.get(11)?,
    })
}

const ENTRY_COLUMNS: &str = "id, captured_at, url, http_status, kind, warc_file, warc_offset,
    warc_length, payload_digest, body_bytes, truncated, refers_to";

/// One stored main text of a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageText {
    pub seen_at: String,
    pub text: String,
}

impl Tx<'_> {
    /// The link's stored main texts, oldest first (one per change).
    pub fn page_texts(&self, link_id: LinkId) -> Result<Vec<PageText>> {
        let stmt = "SELECT seen_at, text FROM page_texts WHERE link_id = ?1 ORDER BY id";
        let rows = self.tx.all(stmt, p![link_id], |r| {
            Ok(PageText {
                seen_at: r.get(0)?,
                text: r.get(1)?,
            })
        })?;
        Ok(rows)
    }

    /// Records a capture whose record is already on disk; returns its id.
    pub fn record_capture(&self, c: &NewCapture) -> Result<i64> {
        let at = format_timestamp(c.captured_at);
        let id: i64 = self.tx.value(
            "INSERT INTO captures (link_id, captured_at, url, http_status, kind, warc_file,
                    warc_offset, warc_length, payload_digest, block_digest, body_bytes,
                    truncated, refers_to)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
              RETURNING id",
            p![
                c.link_id,
                at,
                c.url,
                c.http_status,
                c.kind.as_str(),
                c.warc_file,
                c.offset as i64,
                c.length as i64,
                c.payload_digest,
                c.block_digest,
                c.body_bytes as i64,
                c.truncated,
                c.refers_to,
            ],
        )?;
        self.tx.exec(
            "UPDATE links SET last_captured_at = ?2 WHERE id = ?1",
            p![c.link_id, at],
        )?;
        Ok(id)
    }

    /// The link's latest full (`response`) capture.
    pub fn latest_full_capture(&self, link_id: LinkId) -> Result<Option<LatestCapture>> {
        self.tx.opt(
            "SELECT id, url, captured_at, payload_digest FROM captures
                  WHERE link_id = ?1 AND kind = 'response' ORDER BY id DESC LIMIT 1",
            p![link_id],
            |r| {
                Ok(LatestCapture {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    captured_at: r.get(2)?,
                    payload_digest: r.get(3)?,
                })
            },
        )
    }

    /// Every capture of a link, oldest first.
    pub fn captures_of(&self, link_id: LinkId) -> Result<Vec<CaptureEntry>> {
        let stmt = format!("SELECT {ENTRY_COLUMNS} FROM captures WHERE link_id = ?1 ORDER BY id");
        let rows = self.tx.all(&stmt, p![link_id], entry)?;
        Ok(rows)
    }

    /// One capture by id.
    pub fn capture(&self, id: i64) -> Result<Option<CaptureEntry>> {
        self.tx.opt(
            &format!("SELECT {ENTRY_COLUMNS} FROM captures WHERE id = ?1"),
            p![id],
            entry,
        )
    }

    /// Capture count and bytes on disk of the records, over all links.
    pub fn capture_totals(&self) -> Result<(u64, u64)> {
        let (n, bytes): (i64, i64) = self.tx.one(
            "SELECT count(*), CAST(coalesce(sum(warc_length), 0) AS BIGINT) FROM captures",
            p![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((n as u64, bytes as u64))
    }

    /// How many links are due a capture: never captured, or last captured before
    /// `stale_before` (`None`: every link).
    pub fn count_due_captures(&self, stale_before: Option<Timestamp>) -> Result<u64> {
        let before = stale_before.map(format_timestamp);
        let n: i64 = self
            .tx
            .value("SELECT count(*) FROM links
                  WHERE CAST(?1 AS TEXT) IS NULL OR last_captured_at IS NULL OR last_captured_at < ?1", p![before])?;
        Ok(n as u64)
    }

    /// The next `limit` links due a capture with an id above `after`, in id order.
    pub fn due_captures(
        &self,
        stale_before: Option<Timestamp>,
        after: LinkId,
        limit: usize,
    ) -> Result<Vec<DueLink>> {
        let before = stale_before.map(format_timestamp);
        let stmt = "SELECT id, url FROM links
              WHERE id > ?1
                AND (CAST(?2 AS TEXT) IS NULL OR last_captured_at IS NULL OR last_captured_at < ?2)
              ORDER BY id LIMIT ?3";
        let rows = self.tx.all(stmt, p![after, before, limit as i64], |r| {
            Ok(DueLink {
                id: r.get(0)?,
                url: r.get(1)?,
                last_good: None,
                quotes: Vec::new(),
            })
        })?;
        Ok(rows)
    }
}
