//! The web queue's reads: one page of claims in the queue's order (claims nobody could
//! verify yet first, newest first, or a column chosen by the reader), how many claims a
//! filter selects, and counts per verification state, outlet, speaker, tag and language
//! (facets). Filters are those of `list` (`ClaimFilter`), so the queue and the CLI agree
//! on what a filter selects. Nothing here writes.

use anyhow::Result;

use super::Tx;
use super::backend::{Engine, ToValue};
use super::claims::{ClaimFilter, FilterSql, Shape};
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
/// The other claims, spelled as the partial index `claims_closed_newest`.
const CLOSED: &str = "c.verification NOT IN ('unverified', 'unable_to_verify')";

/// An order of the queue, as a walk of an index and as a sort.
struct Walk {
    /// Tables and join, ending in a `WHERE` condition; `{claims}` stands for the claims
    /// table as `c`, walked through `index` on SQLite.
    from: &'static str,
    /// The index of `claims` that yields the order. SQLite is told (`INDEXED BY`):
    /// left to choose, it searched the verification index for the open claims and
    /// sorted them all.
    index: &'static str,
    /// The order, walked through an index.
    order: &'static str,
    /// The same order, as expressions no index yields (`|| ''`), so that the engine
    /// starts from the filter's indexes and sorts what they select.
    sort: &'static str,
}

const NEWEST: Walk = Walk {
    from: "{claims} WHERE 1 = 1",
    index: "claims_newest",
    order: "c.sort_date DESC, c.id DESC",
    sort: "c.sort_date || '' DESC, c.id DESC",
};

const OLDEST: Walk = Walk {
    from: "{claims} WHERE 1 = 1",
    index: "claims_newest",
    order: "c.sort_date, c.id",
    sort: "c.sort_date || '', c.id",
};

/// By the speaker's name (then the speaker, for two of one name), newest first: the
/// speakers' names in order (`sources_by_name`), each one's claims newest first
/// (`claims_by_speaker`). `CROSS JOIN` keeps SQLite's loops in that order.
const SPEAKER: Walk = Walk {
    from: "sources s CROSS JOIN {claims} WHERE c.speaker_id = s.id",
    index: "claims_by_speaker",
    order: "s.name, s.id, c.sort_date DESC, c.id DESC",
    sort: "(SELECT s.name FROM sources s WHERE s.id = c.speaker_id) || '', c.speaker_id,
           c.sort_date DESC, c.id DESC",
};

const VERIFICATION: Walk = Walk {
    from: "{claims} WHERE 1 = 1",
    index: "claims_by_verification",
    order: "c.verification, c.sort_date DESC, c.id DESC",
    sort: "c.verification || '', c.sort_date DESC, c.id DESC",
};

/// A page's first walk tests at most this many claims past those it must find: each
/// costs a read of its row, about 4 µs at a million claims, so about 8 ms.
const WALK_MORE: u64 = if cfg!(test) { 20 } else { 2_000 };

/// A page of a common search word first probes the full-text index for at most this
/// many claims past those it needs (about 3 ms).
const PROBE_MORE: u64 = if cfg!(test) { 10 } else { 200 };

/// A filter selecting at most this many claims has them sorted (about 3 µs each)
/// rather than walks an index to find them: at most about 30 ms either way.
const SORT_MAX: u64 = if cfg!(test) { 40 } else { 10_000 };

/// The page of a walk and how many claims it found in all, if the walk filled the page
/// or read every claim (it walked fewer than `bound`).
fn full_or_complete(
    walked: u64,
    hits: Vec<ClaimId>,
    bound: u64,
    offset: u64,
    limit: u64,
) -> Option<(Vec<ClaimId>, Option<u64>)> {
    let full = hits.len() as u64 >= offset + limit;
    let complete = !full && walked < bound;
    if !(full || complete) {
        return None;
    }
    let total = complete.then_some(hits.len() as u64);
    Some((
        hits.into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect(),
        total,
    ))
}

/// `args` then `more`, as statement parameters.
fn with_args<'a>(args: &'a [Box<dyn ToValue>], more: &[&'a dyn ToValue]) -> Vec<&'a dyn ToValue> {
    args.iter()
        .map(|a| a.as_ref())
        .chain(more.iter().copied())
        .collect()
}

impl Tx<'_> {
    /// The largest claim id (0 when there is none): how large the database is, read
    /// from the primary key's last entry.
    pub fn largest_claim_id(&self) -> Result<i64> {
        self.tx
            .value("SELECT coalesce(max(id), 0) FROM claims", crate::p![])
    }

    /// How many claims `filter` selects (its limit aside).
    pub fn count_claims(&self, filter: &ClaimFilter) -> Result<u64> {
        let (sql, args) = self.filter_sql(filter, Shape::Set)?;
        self.count(&format!("SELECT count(*) {sql}"), &with_args(&args, &[]))
    }

    fn count(&self, sql: &str, args: &[&dyn ToValue]) -> Result<u64> {
        let n: i64 = self.tx.value(sql, args)?;
        Ok(n.max(0) as u64)
    }

    /// [`Tx::filter_conditions`], the conditions on `c` alone (without `FROM claims c
    /// WHERE`).
    fn conditions(&self, filter: &ClaimFilter, shape: Shape) -> Result<FilterSql> {
        let mut found = self.filter_conditions(filter, shape)?;
        found.sql = found
            .sql
            .strip_prefix("FROM claims c WHERE ")
            .ok_or_else(|| anyhow::anyhow!("unexpected filter: {}", found.sql))?
            .to_string();
        Ok(found)
    }

    /// One page of the queue: `limit` claims from `offset`, in `order`.
    pub fn queue_page(
        &self,
        filter: &ClaimFilter,
        order: QueueOrder,
        offset: u64,
        limit: u64,
    ) -> Result<Vec<ClaimId>> {
        let walk = match order {
            QueueOrder::Newest => &NEWEST,
            QueueOrder::Oldest => &OLDEST,
            QueueOrder::Speaker => &SPEAKER,
            QueueOrder::Verification => &VERIFICATION,
            QueueOrder::OpenFirst => {
                // Two walks of the newest-first indexes (the open claims have their own)
                // instead of one sort of every claim selected.
                let open_walk = Walk {
                    index: "claims_open_newest",
                    ..NEWEST
                };
                let (mut ids, open) = self.page(filter, &open_walk, OPEN, offset, limit)?;
                if ids.len() as u64 == limit {
                    return Ok(ids);
                }
                let open = match open {
                    Some(open) => open,
                    None if ids.is_empty() => {
                        let (sql, args) = self.filter_sql(filter, Shape::Set)?;
                        let sql = format!("SELECT count(*) {sql} AND {OPEN}");
                        self.count(&sql, &with_args(&args, &[]))?
                    }
                    None => offset + ids.len() as u64,
                };
                let rest = limit - ids.len() as u64;
                let closed_offset = offset.saturating_sub(open);
                let closed_walk = Walk {
                    index: "claims_closed_newest",
                    ..NEWEST
                };
                ids.extend(
                    self.page(filter, &closed_walk, CLOSED, closed_offset, rest)?
                        .0,
                );
                return Ok(ids);
            }
        };
        Ok(self.page(filter, walk, "1 = 1", offset, limit)?.0)
    }

    /// `limit` claims from `offset` of those `filter` and `part` (a condition on `c`)
    /// select, in the order of `walk`; and how many they select in all when that was
    /// learnt on the way.
    ///
    /// On SQLite, the plan depends on how many claims the filter selects, which SQLite's
    /// statistics cannot tell (the newest claims may all fail a filter that most claims
    /// pass, or one condition selects few claims among many that another selects):
    /// 0. A filter known to select few claims (a search matching few) has them sorted.
    /// 1. Walk the order's index, the filter tested on each claim. A filter that many
    ///    of the first claims pass fills its page here, whatever it is.
    /// 2. After [`WALK_MORE`] claims past those it needs, count what the filter
    ///    selects, up to [`SORT_MAX`], starting from the filter's own indexes. Few: sort
    ///    them (a rare tag: 5.5 s walking, 1 ms so).
    /// 3. Many: walk on until the page is full (a common word whose newest match is
    ///    5,000 claims down).
    fn page(
        &self,
        filter: &ClaimFilter,
        walk: &Walk,
        part: &str,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<ClaimId>, Option<u64>)> {
        let want = offset + limit;
        if self.engine() == Engine::Postgres {
            // PostgreSQL keeps statistics of what each filter selects and chooses
            // between walking the order's index and sorting by itself.
            let FilterSql {
                sql: selected,
                args,
                ..
            } = self.conditions(filter, Shape::Set)?;
            let from = walk.from.replace("{claims}", "claims c");
            let sql = format!(
                "SELECT c.id FROM {from} AND {part} AND {selected} ORDER BY {} LIMIT ? OFFSET ?",
                walk.order
            );
            let end: [&dyn ToValue; 2] = [&(limit as i64), &(offset as i64)];
            return Ok((
                self.tx.all(&sql, &with_args(&args, &end), |r| r.get(0))?,
                None,
            ));
        }
        let from = walk
            .from
            .replace("{claims}", &format!("claims c INDEXED BY {}", walk.index));
        // A common search word is first probed in the full-text index claim by claim
        // (about 14 µs each) for a few claims: when the newest claims hold it, the page
        // is full before the word's set of matches would have been read (25 ms at a
        // million claims). Otherwise the set is read, and kept for the next pages.
        let probed = self.conditions(filter, Shape::Probe)?;
        if probed.at_most.is_some_and(|n| n <= SORT_MAX)
            && let Some((page, total)) = self.sorted_if_few(filter, walk, part, offset, limit)?
        {
            return Ok((page, Some(total)));
        }
        if probed.probes {
            let bound = want + PROBE_MORE;
            let (walked, hits) = self.walk(&probed, walk, &from, part, want, bound)?;
            if let Some(found) = full_or_complete(walked, hits, bound, offset, limit) {
                return Ok(found);
            }
        }
        let tested = match probed.probes {
            true => self.conditions(filter, Shape::Each)?,
            false => probed,
        };
        // One walk, lazily read: it stops when the page is full, or at the bound if the
        // filter turns out to select few claims, which are then sorted instead.
        let bound = want + WALK_MORE;
        let mut sorted = None;
        let (walked, hits) = self.walk_deciding(&tested, walk, &from, part, want, bound, |tx| {
            sorted = tx.sorted_if_few(filter, walk, part, offset, limit)?;
            Ok(sorted.is_none())
        })?;
        if let Some((page, total)) = sorted {
            return Ok((page, Some(total)));
        }
        Ok(full_or_complete(walked, hits, u64::MAX, offset, limit).unwrap_or_default())
    }

    /// [`Tx::walk_deciding`] that stops at `bound` claims walked.
    fn walk(
        &self,
        tested: &FilterSql,
        walk: &Walk,
        from: &str,
        part: &str,
        want: u64,
        bound: u64,
    ) -> Result<(u64, Vec<ClaimId>)> {
        self.walk_deciding(tested, walk, from, part, want, bound, |_| Ok(false))
    }

    /// Walks the order's index lazily, `tested` on each claim, until `want` claims
    /// passed; at `bound` claims walked, `decide` says whether to go on. How many claims
    /// were walked, and those that passed.
    #[allow(clippy::too_many_arguments)]
    fn walk_deciding(
        &self,
        tested: &FilterSql,
        walk: &Walk,
        from: &str,
        part: &str,
        want: u64,
        bound: u64,
        mut decide: impl FnMut(&Self) -> Result<bool>,
    ) -> Result<(u64, Vec<ClaimId>)> {
        let sql = format!(
            "SELECT c.id, CAST(CASE WHEN {} THEN 1 ELSE 0 END AS BIGINT) FROM {from}
                AND {part} ORDER BY {}",
            tested.sql, walk.order
        );
        let (mut walked, mut hits) = (0, Vec::new());
        self.tx.each(&sql, &with_args(&tested.args, &[]), |r| {
            walked += 1;
            if r.get::<i64>(1)? == 1 {
                hits.push(r.get::<ClaimId>(0)?);
                if hits.len() as u64 >= want {
                    return Ok(false);
                }
            }
            if walked == bound {
                return decide(self);
            }
            Ok(true)
        })?;
        Ok((walked, hits))
    }

    /// The page of [`Tx::page`] and how many claims the filter selects, if it selects
    /// at most [`SORT_MAX`]: counted, then sorted, from the filter's own indexes.
    fn sorted_if_few(
        &self,
        filter: &ClaimFilter,
        walk: &Walk,
        part: &str,
        offset: u64,
        limit: u64,
    ) -> Result<Option<(Vec<ClaimId>, u64)>> {
        let (selected, args) = self.filter_sql(filter, Shape::Set)?;
        let selected = format!("{selected} AND {part}");
        let few = self.count(
            &format!("SELECT count(*) FROM (SELECT 1 {selected} LIMIT ?) x"),
            &with_args(&args, &[&(SORT_MAX as i64 + 1)]),
        )?;
        if few > SORT_MAX {
            return Ok(None);
        }
        let sql = format!(
            "SELECT c.id {selected} ORDER BY {} LIMIT ? OFFSET ?",
            walk.sort
        );
        let end: [&dyn ToValue; 2] = [&(limit as i64), &(offset as i64)];
        let page = self.tx.all(&sql, &with_args(&args, &end), |r| r.get(0))?;
        Ok(Some((page, few)))
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
        let FilterSql {
            sql: conditions,
            args,
            ..
        } = self.conditions(filter, Shape::Set)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Timestamp, Verdict, Verification};
    use crate::store::{NewClaim, NewEvent, OpenOptions, Store};

    /// 600 claims, one a day, whose newest 150 pass none of the filters below but the
    /// empty one: every plan of [`Tx::page`] is taken by some filter, order and page.
    fn fill(store: &mut Store) {
        let tx = store.write().unwrap();
        let start: Timestamp = "2020-01-01T00:00:00Z".parse().unwrap();
        for i in 0..600i64 {
            let old = i < 450;
            let day = start
                .checked_add(jiff::SignedDuration::from_hours(24 * i))
                .unwrap();
            let mut tags = vec![];
            if old && i % 4 == 0 {
                tags.push("common".to_string());
            }
            if i % 97 == 5 {
                tags.push("rare".to_string());
            }
            let word = if old && i % 3 == 0 { "blocus" } else { "autre" };
            let id = tx
                .add_claim(&NewClaim {
                    text: format!("claim {i} {word}"),
                    lang: old.then(|| if i % 3 == 1 { "en" } else { "fr" }.to_string()),
                    speaker: format!("Speaker {}", (i * 7) % 11),
                    appearances: vec![],
                    claimed_on: Some(day.to_zoned(jiff::tz::TimeZone::UTC).date()),
                    links: vec![],
                    tags,
                    created_at: day,
                    updated_at: None,
                    actor: Some("test".into()),
                })
                .unwrap()
                .id;
            let (verification, verdict) = match i % 5 {
                0 if old => (Verification::Verified, Some(Verdict::False)),
                1 => (Verification::PartiallyVerified, None),
                2 => (Verification::UnableToVerify, None),
                _ => continue,
            };
            tx.add_event(
                id,
                &NewEvent {
                    at: day,
                    by: None,
                    verification,
                    verdict,
                    verdict_label: None,
                    note: None,
                    evidence: None,
                    appearance: None,
                    actor: Some("test".into()),
                },
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }

    /// The page sorting every selected claim in memory gives.
    fn expected(tx: &Tx<'_>, filter: &ClaimFilter, order: QueueOrder, offset: u64) -> Vec<ClaimId> {
        let every = ClaimFilter {
            limit: None,
            ..filter.clone()
        };
        let ids = serde_json::to_string(&tx.select_claims(&every).unwrap()).unwrap();
        let mut rows: Vec<(ClaimId, String, String, String, i64)> = tx
            .tx
            .all(
                "SELECT c.id, c.sort_date, c.verification, s.name, s.id
                   FROM claims c JOIN sources s ON s.id = c.speaker_id
                  WHERE c.id IN (SELECT value FROM json_each(?1))",
                crate::p![ids],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        let newest = |a: &(ClaimId, String, String, String, i64),
                      b: &(ClaimId, String, String, String, i64)| {
            (&b.1, b.0).cmp(&(&a.1, a.0))
        };
        let open = |v: &str| !matches!(v, "unverified" | "unable_to_verify");
        rows.sort_by(|a, b| match order {
            QueueOrder::Newest => newest(a, b),
            QueueOrder::Oldest => newest(b, a),
            QueueOrder::Speaker => (&a.3, a.4).cmp(&(&b.3, b.4)).then(newest(a, b)),
            QueueOrder::Verification => a.2.cmp(&b.2).then(newest(a, b)),
            QueueOrder::OpenFirst => open(&a.2).cmp(&open(&b.2)).then(newest(a, b)),
        });
        rows.into_iter()
            .skip(offset as usize)
            .take(10)
            .map(|r| r.0)
            .collect()
    }

    fn every_plan_gives_the_page_a_sort_gives(store: &mut Store) {
        fill(store);
        let filters = [
            ClaimFilter::default(),
            ClaimFilter {
                lang: Some("en".into()),
                ..Default::default()
            },
            ClaimFilter {
                tag: Some("common".into()),
                ..Default::default()
            },
            ClaimFilter {
                tag: Some("rare".into()),
                ..Default::default()
            },
            ClaimFilter {
                search: Some("blocus".into()),
                ..Default::default()
            },
            ClaimFilter {
                search: Some("137".into()),
                ..Default::default()
            },
            ClaimFilter {
                verdict: vec![Verdict::False],
                ..Default::default()
            },
            ClaimFilter {
                search: Some("blocus".into()),
                unverified: true,
                by: Some("Speaker 3".into()),
                ..Default::default()
            },
        ];
        let orders = [
            QueueOrder::OpenFirst,
            QueueOrder::Newest,
            QueueOrder::Oldest,
            QueueOrder::Speaker,
            QueueOrder::Verification,
        ];
        let tx = store.read().unwrap();
        for filter in &filters {
            for order in orders {
                for offset in [0, 10, 140, 590] {
                    assert_eq!(
                        tx.queue_page(filter, order, offset, 10).unwrap(),
                        expected(&tx, filter, order, offset),
                        "{filter:?} {order:?} from {offset}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_plan_gives_the_page_a_sort_gives_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let options = OpenOptions {
            create: true,
            ..OpenOptions::existing("test")
        };
        let mut store = Store::open(&dir.path().join("q.db"), &options).unwrap();
        every_plan_gives_the_page_a_sort_gives(&mut store);
    }

    /// In memory, no search set is kept: every page probes first.
    #[test]
    fn every_plan_gives_the_page_a_sort_gives_in_memory() {
        every_plan_gives_the_page_a_sort_gives(&mut Store::open_in_memory().unwrap());
    }

    #[test]
    fn every_plan_gives_the_page_a_sort_gives_on_postgres() {
        let Some(db) = crate::store::TestPostgres::create("queue") else {
            return;
        };
        every_plan_gives_the_page_a_sort_gives(&mut db.store());
    }

    /// A search's set of matches is kept between reads, but never past a change to
    /// the index: a claim recorded since is found, one edited away is not.
    #[test]
    fn a_kept_search_set_follows_every_change() {
        let dir = tempfile::tempdir().unwrap();
        let options = OpenOptions {
            create: true,
            ..OpenOptions::existing("test")
        };
        let mut store = Store::open(&dir.path().join("s.db"), &options).unwrap();
        fill(&mut store);
        let filter = ClaimFilter {
            search: Some("blocus".into()),
            ..Default::default()
        };
        let first = |store: &mut Store| {
            let tx = store.read().unwrap();
            tx.queue_page(&filter, QueueOrder::Newest, 0, 1).unwrap()[0]
        };
        let before = first(&mut store);
        assert_eq!(first(&mut store), before);
        let tx = store.write().unwrap();
        let added = tx
            .add_claim(&NewClaim {
                text: "un blocus de plus".into(),
                lang: None,
                speaker: "Speaker 1".into(),
                appearances: vec![],
                claimed_on: Some("2030-01-01".parse().unwrap()),
                links: vec![],
                tags: vec![],
                created_at: "2030-01-01T00:00:00Z".parse().unwrap(),
                updated_at: None,
                actor: Some("test".into()),
            })
            .unwrap()
            .id;
        tx.commit().unwrap();
        assert_eq!(first(&mut store), added);
        let tx = store.write().unwrap();
        tx.edit_claim(
            added,
            &crate::store::EditClaim {
                text: Some("plus rien".into()),
                ..Default::default()
            },
            "2030-01-02T00:00:00Z".parse().unwrap(),
        )
        .unwrap();
        tx.commit().unwrap();
        assert_eq!(first(&mut store), before);
    }
}
