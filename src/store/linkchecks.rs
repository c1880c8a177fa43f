//! Link checks: which links are due, writing results (append-only `link_checks` plus the
//! `links.last_*` summary), dead-link confirmation, and the listings of `links list`
//! and `links history`. Knows nothing of HTTP: results arrive as plain values.

use crate::p;
use anyhow::Result;
use jiff::SignedDuration;
use serde::Serialize;

use super::{Store, Tx};
use crate::model::{ClaimId, LinkId, LinkOutcome, Timestamp, format_timestamp, parse_timestamp};

/// What the last good check of a link saw (for conditional requests and drift).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoodCheck {
    pub final_url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
    /// The link's latest main text and its hash (`page_texts`).
    pub main_hash: Option<String>,
    pub main_text: Option<String>,
}

/// A link to check, with what its last good check saw.
#[derive(Debug, Clone)]
pub struct DueLink {
    pub id: LinkId,
    pub url: String,
    pub last_good: Option<GoodCheck>,
    /// The words of the claims this page published or is the source of, to look for.
    pub quotes: Vec<String>,
}

/// One finished check to record.
#[derive(Debug, Clone)]
pub struct NewCheck {
    pub link_id: LinkId,
    pub checked_at: Timestamp,
    pub outcome: LinkOutcome,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    /// The redirect chain as JSON (`[{"status":301,"url":"..."}]`), none without redirects.
    pub redirects: Option<String>,
    pub elapsed_ms: i64,
    pub content_hash: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub error: Option<String>,
    /// The page's main text and its hash, for HTML pages.
    pub main_hash: Option<String>,
    pub main_text: Option<String>,
    /// A citing claim's words this check found gone from the page.
    pub quote_removed: Option<String>,
    /// Whether every citing claim's words were on the page (none: not looked for).
    pub quotes_present: Option<bool>,
}

/// A link with its latest check: one row of `links list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkStatus {
    pub id: LinkId,
    pub url: String,
    pub host: String,
    pub last_checked_at: Option<String>,
    pub outcome: Option<LinkOutcome>,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    /// Start of the current run of failing checks.
    pub failing_since: Option<String>,
    /// When the link was confirmed dead.
    pub dead_since: Option<String>,
    pub dead: bool,
    /// Since when a citing claim's words are gone from the page (`quote_removed`).
    pub quote_removed_since: Option<String>,
    /// When the latest archived copy (a capture) was taken.
    pub archived_at: Option<String>,
    /// The latest copy a public web archive holds (`links memento`).
    pub memento_url: Option<String>,
    pub memento_datetime: Option<String>,
    /// The claims citing this link.
    pub claims: Vec<ClaimId>,
}

/// One check of one link: one row of `links history`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckEntry {
    pub checked_at: String,
    pub outcome: LinkOutcome,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub redirects: serde_json::Value,
    pub elapsed_ms: Option<i64>,
    pub content_hash: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub error: Option<String>,
    /// This check confirmed the link dead.
    pub confirmed_dead: bool,
}

/// What `links list` selects.
#[derive(Debug, Clone, Default)]
pub struct LinkFilter {
    pub outcome: Option<LinkOutcome>,
    pub dead: bool,
    pub limit: Option<usize>,
}

/// A span shortened by a tenth (at most an hour), so that a run started at the same
/// time every night re-checks the links checked a few minutes into the previous run
/// and confirms a failure seen on two consecutive nights.
pub fn with_grace(span: SignedDuration) -> SignedDuration {
    let grace = (span / 10).min(SignedDuration::from_hours(1));
    span - grace
}

const CLAIMS_OF_LINK: &str = "(SELECT json_group_array(claim_id) FROM
        (SELECT DISTINCT claim_id FROM claim_links WHERE link_id = l.id ORDER BY claim_id) q)";

fn claim_ids(json: &str) -> Result<Vec<ClaimId>> {
    Ok(serde_json::from_str(json)?)
}

impl Store {
    /// Trades the bulk settings of `open` (a 64 MiB page cache, the file mapped into
    /// memory) for SQLite's small defaults: a link check touches each row once, reads
    /// and writes little per second, and must stay within a few tens of MiB however
    /// many links the database holds.
    pub fn use_little_memory(&self) -> Result<()> {
        if let super::backend::Conn::Sqlite(conn) = &self.conn {
            conn.pragma_update(None, "mmap_size", 0)?;
            conn.pragma_update(None, "cache_size", -2000)?;
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// How many links are due: never checked, or last checked before `stale_before`
    /// (`None`: every link).
    pub fn count_due_links(&self, stale_before: Option<Timestamp>) -> Result<u64> {
        let before = stale_before.map(format_timestamp);
        let n: i64 = self
            .tx
            .value("SELECT count(*) FROM links
                  WHERE CAST(?1 AS TEXT) IS NULL OR last_checked_at IS NULL OR last_checked_at < ?1", p![before])?;
        Ok(n as u64)
    }

    /// The highest link id so far: a run checks the links that existed when it started,
    /// so that `checked` never exceeds `due` when claims are added meanwhile.
    pub fn last_link_id(&self) -> Result<LinkId> {
        let id: Option<LinkId> = self.tx.value("SELECT max(id) FROM links", p![])?;
        Ok(id.unwrap_or(LinkId(0)))
    }

    /// The next `limit` due links with an id above `after`, in id order: a run reads
    /// them page by page, so it never holds the whole list.
    pub fn due_links(
        &self,
        stale_before: Option<Timestamp>,
        after: LinkId,
        limit: usize,
    ) -> Result<Vec<DueLink>> {
        let before = stale_before.map(format_timestamp);
        self.due_rows(
            "l.id > ?1
                AND (CAST(?2 AS TEXT) IS NULL OR l.last_checked_at IS NULL OR l.last_checked_at < ?2)
              ORDER BY l.id
              LIMIT ?3",
            p![after, before, limit as i64],
        )
    }

    /// Due-link rows selected by `condition` (which ends with its ORDER BY and LIMIT).
    pub(super) fn due_rows(
        &self,
        condition: &str,
        args: &[&dyn super::backend::ToValue],
    ) -> Result<Vec<DueLink>> {
        let stmt = due_rows_sql(condition);
        let rows = self.tx.all(&stmt, args, |r| {
            let has_good: bool = r.get(2)?;
            let quotes: Option<String> = r.get(9)?;
            Ok(DueLink {
                id: r.get(0)?,
                url: r.get(1)?,
                last_good: if has_good {
                    Some(GoodCheck {
                        final_url: r.get(3)?,
                        etag: r.get(4)?,
                        last_modified: r.get(5)?,
                        content_hash: r.get(6)?,
                        main_hash: r.get(7)?,
                        main_text: r.get(8)?,
                    })
                } else {
                    None
                },
                quotes: quotes
                    .and_then(|q| serde_json::from_str(&q).ok())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows)
    }

    /// Appends a check and updates the link's summary. A failing check (broken,
    /// unreachable, soft_404) starts or extends the link's run of failures; when that
    /// run spans `confirm_after` the link is confirmed dead. A good check clears both;
    /// other outcomes (timeout, blocked, ...) prove nothing and leave them as they are.
    /// Returns whether this check newly confirmed the link dead.
    pub fn record_check(&self, check: &NewCheck, confirm_after: SignedDuration) -> Result<bool> {
        let (failing_since, dead_since): (Option<String>, Option<String>) = self.tx.one(
            "SELECT failing_since, dead_since FROM links WHERE id = ?1",
            p![check.link_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let checked_at = format_timestamp(check.checked_at);
        let mut newly_dead = false;
        let (failing_since, dead_since) = if check.outcome.is_failing() {
            let since = failing_since.unwrap_or_else(|| checked_at.clone());
            let start = parse_timestamp(&since).unwrap_or(check.checked_at);
            let span = check.checked_at.duration_since(start);
            if dead_since.is_none() && span >= with_grace(confirm_after) {
                newly_dead = true;
                (Some(since), Some(checked_at.clone()))
            } else {
                (Some(since), dead_since)
            }
        } else if check.outcome.is_good() {
            (None, None)
        } else {
            (failing_since, dead_since)
        };
        self.tx.exec(
            "INSERT INTO link_checks(link_id, checked_at, outcome, http_status, final_url,
                                         redirects, elapsed_ms, content_hash, etag, last_modified,
                                         error, confirmed_dead, main_hash, quote_removed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            p![
                check.link_id,
                checked_at,
                check.outcome,
                check.http_status,
                check.final_url,
                check.redirects,
                check.elapsed_ms,
                check.content_hash,
                check.etag,
                check.last_modified,
                check.error,
                newly_dead,
                check.main_hash,
                check.quote_removed,
            ],
        )?;
        if let (Some(hash), Some(text)) = (&check.main_hash, &check.main_text) {
            self.tx.exec(
                "INSERT INTO page_texts(link_id, seen_at, main_hash, text)
                     SELECT ?1, CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT)
                      WHERE NOT EXISTS (SELECT 1 FROM page_texts p
                                         WHERE p.id = (SELECT max(q.id) FROM page_texts q
                                                        WHERE q.link_id = ?1)
                                           AND p.main_hash = ?3)",
                p![check.link_id, checked_at, hash, text],
            )?;
        }
        if check.quote_removed.is_some() {
            self.tx.exec(
                "UPDATE links SET quote_removed_at = coalesce(quote_removed_at, ?2) WHERE id = ?1",
                p![check.link_id, checked_at],
            )?;
        } else if check.quotes_present == Some(true) {
            self.tx.exec(
                "UPDATE links SET quote_removed_at = NULL WHERE id = ?1",
                p![check.link_id],
            )?;
        }
        self.tx.exec(
            "UPDATE links SET last_checked_at = ?2, last_outcome = ?3, failing_since = ?4,
                                  dead_since = ?5
                  WHERE id = ?1",
            p![
                check.link_id,
                checked_at,
                check.outcome,
                failing_since,
                dead_since
            ],
        )?;
        Ok(newly_dead)
    }

    /// Links with their latest check, in id order.
    pub fn list_links(&self, filter: &LinkFilter) -> Result<Vec<LinkStatus>> {
        self.link_statuses(
            "(CAST(?1 AS TEXT) IS NULL OR l.last_outcome = ?1)
             AND (?2 = 0 OR l.dead_since IS NOT NULL)
             ORDER BY l.id LIMIT ?3",
            p![
                filter.outcome,
                filter.dead,
                filter.limit.map_or(i64::MAX, |n| n as i64)
            ],
        )
    }

    /// These links with their latest check (the newly dead of a run).
    pub fn links_by_id(&self, ids: &[LinkId]) -> Result<Vec<LinkStatus>> {
        let json = serde_json::to_string(ids)?;
        self.link_statuses(
            "l.id IN (SELECT value FROM json_each(?1)) ORDER BY l.id",
            p![json],
        )
    }

    /// Link rows selected by `condition` (which ends with its ORDER BY and LIMIT).
    fn link_statuses(
        &self,
        condition: &str,
        args: &[&dyn super::backend::ToValue],
    ) -> Result<Vec<LinkStatus>> {
        let sql = format!(
            "SELECT l.id, l.url, l.host, l.last_checked_at, l.last_outcome,
                    (SELECT http_status FROM link_checks k WHERE k.link_id = l.id ORDER BY k.id DESC LIMIT 1),
                    (SELECT final_url FROM link_checks k WHERE k.link_id = l.id ORDER BY k.id DESC LIMIT 1),
                    l.failing_since, l.dead_since, {CLAIMS_OF_LINK},
                    l.quote_removed_at, l.last_captured_at, l.memento_url, l.memento_datetime
               FROM links l
              WHERE {condition}"
        );
        let rows = self.tx.all(&sql, args, |r| {
            let dead_since: Option<String> = r.get(8)?;
            Ok(LinkStatus {
                id: r.get(0)?,
                url: r.get(1)?,
                host: r.get(2)?,
                last_checked_at: r.get(3)?,
                outcome: r.get(4)?,
                http_status: r.get(5)?,
                final_url: r.get(6)?,
                failing_since: r.get(7)?,
                dead: dead_since.is_some(),
                dead_since,
                claims: claim_ids(&r.get::<String>(9)?)?,
                quote_removed_since: r.get(10)?,
                archived_at: r.get(11)?,
                memento_url: r.get(12)?,
                memento_datetime: r.get(13)?,
            })
        })?;
        Ok(rows)
    }

    /// The link stored under this normalised URL.
    pub fn find_link(&self, url: &str) -> Result<Option<LinkId>> {
        self.tx
            .opt("SELECT id FROM links WHERE url = ?1", p![url], |r| r.get(0))
    }

    /// Every check of a link, oldest first.
    pub fn link_history(&self, id: LinkId) -> Result<Vec<CheckEntry>> {
        let stmt = "SELECT checked_at, outcome, http_status, final_url, redirects, elapsed_ms,
                    content_hash, etag, last_modified, error, confirmed_dead
               FROM link_checks WHERE link_id = ?1 ORDER BY id";
        let rows = self.tx.all(stmt, p![id], |r| {
            let redirects: Option<String> = r.get(4)?;
            Ok(CheckEntry {
                checked_at: r.get(0)?,
                outcome: r.get(1)?,
                http_status: r.get(2)?,
                final_url: r.get(3)?,
                redirects: redirects
                    .and_then(|j| serde_json::from_str(&j).ok())
                    .unwrap_or(serde_json::Value::Array(Vec::new())),
                elapsed_ms: r.get(5)?,
                content_hash: r.get(6)?,
                etag: r.get(7)?,
                last_modified: r.get(8)?,
                error: r.get(9)?,
                confirmed_dead: r.get(10)?,
            })
        })?;
        Ok(rows)
    }
}

/// The due-link query with `condition` (which ends with its ORDER BY and LIMIT).
fn due_rows_sql(condition: &str) -> String {
    format!(
        "SELECT l.id, l.url, g.id IS NOT NULL, g.final_url, g.etag, g.last_modified, g.content_hash,
                t.main_hash, t.text,
                (SELECT json_group_array(q) FROM (
                    -- The claim's wording in the appearance this page is, else its text;
                    -- and the text of claims citing the page as their source.
                    SELECT coalesce(a.wording, c.text) AS q
                      FROM appearances a JOIN claims c ON c.id = a.claim_id
                     WHERE a.link_id = l.id
                    UNION
                    SELECT c.text FROM claims c
                     WHERE c.id IN (SELECT cl.claim_id FROM claim_links cl
                                     WHERE cl.link_id = l.id AND cl.role IN ('source', 'appearance'))
                       AND NOT EXISTS (SELECT 1 FROM appearances a
                                        WHERE a.claim_id = c.id AND a.link_id = l.id)) q)
           FROM links l
           LEFT JOIN link_checks g ON g.id =
                (SELECT k.id FROM link_checks k
                  WHERE k.link_id = l.id AND k.outcome IN ('ok', 'redirected', 'changed')
                  ORDER BY k.id DESC LIMIT 1)
           LEFT JOIN page_texts t ON t.id =
                (SELECT p.id FROM page_texts p WHERE p.link_id = l.id ORDER BY p.id DESC LIMIT 1)
          WHERE {condition}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::normalize_url;

    /// Each due link's rows are found through indexes: a scan of a table per link made
    /// a check of a million-claim database stall before its first request.
    #[test]
    fn due_links_read_only_through_indexes() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        let plan: Vec<String> = tx
            .tx
            .all(
                &format!(
                    "EXPLAIN QUERY PLAN {}",
                    due_rows_sql("l.id > ?1 ORDER BY l.id LIMIT ?2")
                ),
                p![0i64, 10i64],
                |r| r.get(3),
            )
            .unwrap();
        let scans: Vec<&String> = plan
            .iter()
            // `l` is the links walked in order; `q` the few quotations gathered per link.
            .filter(|step| {
                step.starts_with("SCAN") && !["SCAN l", "SCAN q"].contains(&step.as_str())
            })
            .collect();
        assert!(scans.is_empty(), "{plan:#?}");
    }
    use crate::store::Store;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn check(link_id: LinkId, when: &str, outcome: LinkOutcome) -> NewCheck {
        NewCheck {
            link_id,
            checked_at: at(when),
            outcome,
            http_status: None,
            final_url: None,
            redirects: None,
            elapsed_ms: 1,
            content_hash: None,
            etag: None,
            last_modified: None,
            error: None,
            main_hash: None,
            main_text: None,
            quote_removed: None,
            quotes_present: None,
        }
    }

    fn dead_since(tx: &Tx<'_>, id: LinkId) -> Option<String> {
        tx.tx
            .value("SELECT dead_since FROM links WHERE id = ?1", crate::p![id])
            .unwrap()
    }

    #[test]
    fn a_link_is_dead_only_after_failures_spanning_the_confirmation_window() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        let url = normalize_url("https://news.example/a").unwrap();
        let id = tx.link_for(&url, at("2024-01-01T00:00:00Z")).unwrap();
        let day = SignedDuration::from_hours(24);
        assert!(
            !tx.record_check(&check(id, "2024-01-01T02:00:05Z", LinkOutcome::Broken), day)
                .unwrap()
        );
        // A timeout proves nothing either way.
        assert!(
            !tx.record_check(
                &check(id, "2024-01-01T12:00:00Z", LinkOutcome::Timeout),
                day
            )
            .unwrap()
        );
        assert_eq!(dead_since(&tx, id), None);
        // The next night, a few seconds short of 24 hours: within the grace.
        assert!(
            tx.record_check(&check(id, "2024-01-02T02:00:01Z", LinkOutcome::Broken), day)
                .unwrap()
        );
        assert_eq!(dead_since(&tx, id).as_deref(), Some("2024-01-02T02:00:01Z"));
        // Still dead, but not newly.
        assert!(
            !tx.record_check(
                &check(id, "2024-01-03T02:00:01Z", LinkOutcome::Soft404),
                day
            )
            .unwrap()
        );
        // A good check clears everything; the next failure starts a new span.
        assert!(
            !tx.record_check(&check(id, "2024-01-04T02:00:00Z", LinkOutcome::Ok), day)
                .unwrap()
        );
        assert_eq!(dead_since(&tx, id), None);
        assert!(
            !tx.record_check(&check(id, "2024-01-05T02:00:00Z", LinkOutcome::Broken), day)
                .unwrap()
        );
        let history = tx.link_history(id).unwrap();
        assert_eq!(history.len(), 6);
        assert_eq!(history.iter().filter(|c| c.confirmed_dead).count(), 1);
    }

    #[test]
    fn due_links_skip_recent_checks_and_carry_the_last_good_check() {
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        let a = tx
            .link_for(
                &normalize_url("https://a.example/").unwrap(),
                at("2024-01-01T00:00:00Z"),
            )
            .unwrap();
        let b = tx
            .link_for(
                &normalize_url("https://b.example/").unwrap(),
                at("2024-01-01T00:00:00Z"),
            )
            .unwrap();
        let mut good = check(a, "2024-01-02T00:00:00Z", LinkOutcome::Ok);
        good.etag = Some("\"v1\"".into());
        good.content_hash = Some("h1".into());
        tx.record_check(&good, SignedDuration::from_hours(24))
            .unwrap();
        tx.record_check(
            &check(a, "2024-01-02T00:10:00Z", LinkOutcome::Timeout),
            SignedDuration::from_hours(24),
        )
        .unwrap();
        let stale_before = Some(at("2024-01-02T00:05:00Z"));
        let due = tx.due_links(stale_before, LinkId(0), 10).unwrap();
        assert_eq!(due.iter().map(|d| d.id).collect::<Vec<_>>(), vec![b]);
        assert_eq!(tx.count_due_links(stale_before).unwrap(), 1);
        let all = tx.due_links(None, LinkId(0), 10).unwrap();
        assert_eq!(all.len(), 2);
        let last_good = all[0].last_good.as_ref().unwrap();
        assert_eq!(last_good.etag.as_deref(), Some("\"v1\""));
        assert_eq!(last_good.content_hash.as_deref(), Some("h1"));
        assert_eq!(tx.due_links(None, a, 10).unwrap().len(), 1);
    }
}
