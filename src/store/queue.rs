//! The web queue's reads: one page of claims in the queue's order (claims nobody could
//! verify yet first, newest first, or a column chosen by the reader), how many claims a
//! filter selects, and counts per verification state, outlet, speaker, tag and language
//! (facets). Filters are those of `list` (`ClaimFilter`), so the queue and the CLI agree
//! on what a filter selects. Nothing here writes.

use anyhow::Result;

use super::Tx;
use super::backend::ToValue;
use super::claims::ClaimFilter;
use crate::model::ClaimId;

/// How the queue is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueOrder {
    /// Unverified and unable_to_verify first, each part newest first (the desk's view).
    #[default]
    OpenFirst,
    Newest,
    Oldest,
    /// By speaker name, then newest first.
    Speaker,
    /// By verification state (alphabetically), then newest first.
    Verification,
}

/// Counts of the claims a filter selects, per value of one facet, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facet {
    pub values: Vec<(String, u64)>,
}

/// What a facet counts claims by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    Verification,
    Outlet,
    Speaker,
    Tag,
    Lang,
}

/// Every facet of the queue.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub verification: Facet,
    pub outlet: Facet,
    pub speaker: Facet,
    pub tag: Facet,
    pub lang: Facet,
}

const OPEN: &str = "c.verification IN ('unverified', 'unable_to_verify')";

impl Tx<'_> {
    /// The largest claim id (0 when there is none): how large the database is, read
    /// from the primary key's last entry.
    pub fn largest_claim_id(&self) -> Result<i64> {
        self.tx
            .value("SELECT coalesce(max(id), 0) FROM claims", crate::p![])
    }

    /// How many claims `filter` selects (its limit aside).
    pub fn count_claims(&self, filter: &ClaimFilter) -> Result<u64> {
        let (sql, args) = self.filter_sql_for(filter, true)?;
        self.count(&format!("SELECT count(*) {sql}"), &args)
    }

    fn count(&self, sql: &str, args: &[Box<dyn ToValue>]) -> Result<u64> {
        let args: Vec<&dyn ToValue> = args.iter().map(|a| a.as_ref()).collect();
        let n: i64 = self.tx.value(sql, &args)?;
        Ok(n.max(0) as u64)
    }

    fn page(
        &self,
        filter: &ClaimFilter,
        extra: &str,
        order: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ClaimId>> {
        let (mut sql, mut args) = self.filter_sql(filter)?;
        sql.insert_str(0, "SELECT c.id ");
        sql.push_str(extra);
        sql.push_str(" ORDER BY ");
        sql.push_str(order);
        sql.push_str(" LIMIT ? OFFSET ?");
        args.push(Box::new(limit as i64));
        args.push(Box::new(offset as i64));
        let args: Vec<&dyn ToValue> = args.iter().map(|a| a.as_ref()).collect();
        self.tx.all(&sql, &args, |r| r.get(0))
    }

    /// One page of the queue: `limit` claims from `offset`, in `order`.
    pub fn queue_page(
        &self,
        filter: &ClaimFilter,
        order: QueueOrder,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ClaimId>> {
        const NEWEST: &str = "c.sort_date DESC, c.id DESC";
        match order {
            QueueOrder::Newest => self.page(filter, "", NEWEST, offset, limit),
            QueueOrder::Oldest => self.page(filter, "", "c.sort_date, c.id", offset, limit),
            QueueOrder::Speaker => self.page(
                filter,
                "",
                "(SELECT s.name FROM sources s WHERE s.id = c.speaker_id), c.sort_date DESC, c.id DESC",
                offset,
                limit,
            ),
            QueueOrder::Verification => self.page(
                filter,
                "",
                "c.verification, c.sort_date DESC, c.id DESC",
                offset,
                limit,
            ),
            QueueOrder::OpenFirst => {
                // Two walks of the newest-first indexes (the open claims have their own)
                // instead of one sort of every claim selected.
                let open_part = format!(" AND {OPEN}");
                let closed_part = format!(" AND NOT ({OPEN})");
                let mut ids = self.page(filter, &open_part, NEWEST, offset, limit)?;
                if ids.len() as u64 == limit {
                    return Ok(ids);
                }
                let open = if ids.is_empty() {
                    let (sql, args) = self.filter_sql(filter)?;
                    self.count(&format!("SELECT count(*) {sql}{open_part}"), &args)?
                } else {
                    offset + ids.len() as u64
                };
                let rest = limit - ids.len() as u64;
                let closed_offset = offset.saturating_sub(open);
                ids.extend(self.page(filter, &closed_part, NEWEST, closed_offset, rest)?);
                Ok(ids)
            }
        }
    }

    /// Counts per facet of the claims `filter` selects; each facet keeps its `top`
    /// largest values (verification keeps all four).
    pub fn facets(&self, filter: &ClaimFilter, top: usize) -> Result<Facets> {
        Ok(Facets {
            verification: self.facet(filter, FacetKind::Verification, top)?,
            outlet: self.facet(filter, FacetKind::Outlet, top)?,
            speaker: self.facet(filter, FacetKind::Speaker, top)?,
            tag: self.facet(filter, FacetKind::Tag, top)?,
            lang: self.facet(filter, FacetKind::Lang, top)?,
        })
    }

    /// Counts of one facet of the claims `filter` selects, its `top` largest values.
    /// The filter's conditions apply to the claims read for the counts themselves (one
    /// pass), not through a list of the selected ids.
    pub fn facet(&self, filter: &ClaimFilter, kind: FacetKind, top: usize) -> Result<Facet> {
        let (selected, args) = self.filter_sql_for(filter, true)?;
        let conditions = selected
            .strip_prefix("FROM claims c WHERE ")
            .ok_or_else(|| anyhow::anyhow!("unexpected filter: {selected}"))?;
        let top = top as i64;
        let sql = match kind {
            FacetKind::Verification => format!(
                "SELECT c.verification, count(*) FROM claims c WHERE {conditions}
                  GROUP BY c.verification ORDER BY 2 DESC, 1"
            ),
            // Counted as the outlet filter selects: appearances not removed.
            FacetKind::Outlet => format!(
                "SELECT s.name, x.n FROM (SELECT a.outlet_id AS id, count(DISTINCT a.claim_id) AS n
                    FROM claims c JOIN appearances a ON a.claim_id = c.id
                   WHERE a.outlet_id IS NOT NULL AND a.removed_at IS NULL AND {conditions}
                   GROUP BY a.outlet_id ORDER BY 2 DESC LIMIT {top}) x
                   JOIN sources s ON s.id = x.id ORDER BY x.n DESC, s.name"
            ),
            FacetKind::Speaker => format!(
                "SELECT s.name, x.n FROM (SELECT c.speaker_id AS id, count(*) AS n
                    FROM claims c WHERE {conditions}
                   GROUP BY c.speaker_id ORDER BY 2 DESC LIMIT {top}) x
                   JOIN sources s ON s.id = x.id ORDER BY x.n DESC, s.name"
            ),
            FacetKind::Tag => format!(
                "SELECT t.tag, count(*) FROM claims c JOIN claim_tags t ON t.claim_id = c.id
                  WHERE {conditions}
                  GROUP BY t.tag ORDER BY 2 DESC, 1 LIMIT {top}"
            ),
            FacetKind::Lang => format!(
                "SELECT c.lang, count(*) FROM claims c
                  WHERE c.lang IS NOT NULL AND {conditions}
                  GROUP BY c.lang ORDER BY 2 DESC, 1 LIMIT {top}"
            ),
        };
        let args: Vec<&dyn ToValue> = args.iter().map(|a| a.as_ref()).collect();
        let values = self.tx.all(&sql, &args, |r| {
            Ok((r.get::<String>(0)?, r.get::<i64>(1)?.max(0) as u64))
        })?;
        Ok(Facet { values })
    }
}
