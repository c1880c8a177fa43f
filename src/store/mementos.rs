//! Mementos: the answers of public web archives' TimeGates (append-only `mementos`,
//! and `links.memento_url` / `links.memento_datetime`, the latest memento found), and
//! which links `links memento` asks about. Knows nothing of HTTP: the command asks,
//! then hands the answers here.

use anyhow::Result;

use super::Tx;
use crate::model::{LinkId, Timestamp, format_timestamp};
use crate::p;

/// A link to ask the TimeGates about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MementoDue {
    pub id: LinkId,
    pub url: String,
    /// The earliest date of a claim citing it ('YYYY-MM-DD'), if any claim has one.
    pub claimed_on: Option<String>,
    /// When the link was first recorded (RFC 3339).
    pub created_at: String,
}

/// One TimeGate's answer about one link, to record.
#[derive(Debug, Clone)]
pub struct NewMemento {
    pub link_id: LinkId,
    pub asked_at: Timestamp,
    pub timegate: String,
    pub accept_datetime: Timestamp,
    /// The memento's URI and its Memento-Datetime; none when the TimeGate has none.
    pub found: Option<(String, Timestamp)>,
    /// Why the TimeGate could not be asked (refused address, timeout, 5xx).
    pub error: Option<String>,
}

impl Tx<'_> {
    /// The links to ask about, in id order: every link (`all`), else those that are
    /// dead or failing, blocked, changed or lost a quotation, and have no memento yet.
    pub fn memento_due(&self, all: bool) -> Result<Vec<MementoDue>> {
        self.tx.all(
            "SELECT l.id, l.url, l.created_at,
                    (SELECT min(c.claimed_on) FROM claim_links cl JOIN claims c ON c.id = cl.claim_id
                      WHERE cl.link_id = l.id)
               FROM links l
              WHERE ?1 = 1
                 OR (l.memento_url IS NULL
                     AND (l.dead_since IS NOT NULL OR l.failing_since IS NOT NULL
                          OR l.quote_removed_at IS NOT NULL
                          OR l.last_outcome IN ('broken', 'soft_404', 'blocked', 'changed')))
              ORDER BY l.id",
            p![i64::from(all)],
            |r| {
                Ok(MementoDue {
                    id: r.get(0)?,
                    url: r.get(1)?,
                    created_at: r.get(2)?,
                    claimed_on: r.get(3)?,
                })
            },
        )
    }

    /// Records one answer; a memento found becomes the link's latest.
    pub fn record_memento(&self, m: &NewMemento) -> Result<()> {
        let (url, datetime) = match &m.found {
            Some((url, at)) => (Some(url.as_str()), Some(format_timestamp(*at))),
            None => (None, None),
        };
        self.tx.exec(
            "INSERT INTO mementos (link_id, asked_at, timegate, accept_datetime,
                memento_url, memento_datetime, error)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            p![
                m.link_id,
                format_timestamp(m.asked_at),
                m.timegate,
                format_timestamp(m.accept_datetime),
                url,
                datetime,
                m.error,
            ],
        )?;
        if url.is_some() {
            self.tx.exec(
                "UPDATE links SET memento_url = ?2, memento_datetime = ?3 WHERE id = ?1",
                p![m.link_id, url, datetime],
            )?;
        }
        Ok(())
    }
}
