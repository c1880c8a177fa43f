//! The dashboard's reads: claims per day and verification state, links newly dead per
//! day, and the newest dead links with the claims citing them. Days come back as
//! 'YYYY-MM-DD' text; grouping them into weeks is the caller's (no date functions in
//! SQL, so the same statements run on every backend). Nothing here writes.

use anyhow::Result;

use super::Tx;
use crate::model::{ClaimId, Date, Verification};
use crate::p;

/// A link confirmed dead, with (some of) the claims citing it.
#[derive(Debug, Clone)]
pub struct DeadLink {
    pub url: String,
    pub dead_since: String,
    pub claims: Vec<(ClaimId, String)>,
}

impl Tx<'_> {
    /// (day, state, claims) for listed claims dated on or after `since`.
    pub fn claims_per_day(&self, since: Date) -> Result<Vec<(String, Verification, u64)>> {
        self.tx.all(
            "SELECT c.sort_date, c.verification, count(*) FROM claims c
              WHERE c.merged_into IS NULL AND c.sort_date >= ?1
                AND NOT EXISTS (SELECT 1 FROM retractions w WHERE w.claim_id = c.id)
              GROUP BY c.sort_date, c.verification",
            p![since.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<i64>(2)?.max(0) as u64)),
        )
    }

    /// (day, links) for links dead since that day (and still dead), from `since` on.
    pub fn dead_links_per_day(&self, since: Date) -> Result<Vec<(String, u64)>> {
        self.tx.all(
            "SELECT substr(dead_since, 1, 10), count(*) FROM links
              WHERE dead_since IS NOT NULL AND dead_since >= ?1
              GROUP BY substr(dead_since, 1, 10)",
            p![since.to_string()],
            |r| Ok((r.get(0)?, r.get::<i64>(1)?.max(0) as u64)),
        )
    }

    /// The `limit` links most recently confirmed dead, each with up to `per_link` of
    /// the claims citing it (newest first).
    pub fn newest_dead_links(&self, limit: usize, per_link: usize) -> Result<Vec<DeadLink>> {
        let found = self.tx.all(
            "SELECT id, url, dead_since FROM links WHERE dead_since IS NOT NULL
              ORDER BY dead_since DESC, id DESC LIMIT ?1",
            p![limit as i64],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<String>(2)?)),
        )?;
        let mut out = Vec::with_capacity(found.len());
        for (id, url, dead_since) in found {
            let cited = self.tx.all(
                "SELECT c.id, c.text FROM claim_links cl JOIN claims c ON c.id = cl.claim_id
                  WHERE cl.link_id = ?1 AND c.merged_into IS NULL
                  ORDER BY c.sort_date DESC, c.id DESC LIMIT ?2",
                p![id, per_link as i64],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            out.push(DeadLink {
                url,
                dead_since,
                claims: cited,
            });
        }
        Ok(out)
    }
}
