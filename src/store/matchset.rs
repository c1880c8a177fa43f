//! The claims a common search word matches, as a set read once from SQLite's full-text
//! index and tested claim by claim while a page walks the newest-first index.
//!
//! Probing FTS5 for one claim costs about 14 µs; testing a bit costs nothing. A page of
//! a word held by a third of all claims, whose newest matches sit behind 5,000 newer
//! claims without it, took 70 ms of probes; the set is read in about 25 ms at a million
//! claims and kept, so the next pages of the same search cost a walk of the index alone.
//!
//! A set is kept (a few, most recently used) for one database file and one query, and
//! only while the full-text index is unchanged: its key holds FTS5's own structure and
//! averages records (`claims_fts_data` rows 10 and 1), which every write to the index
//! changes (new segments, new totals). Sets are read and kept by read-only
//! transactions only: a write transaction sees changes that may still roll back.
//!
//! SQL sees a set through `claimlog_matches(handle, claim_id)`, registered on every
//! SQLite connection of the store; the handle names a set that the transaction using it
//! holds (see [`super::Tx::pin_matches`]), so it cannot be dropped mid-query.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, Weak};

use anyhow::Result;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};

/// The claim ids matching one search.
pub(super) struct MatchSet {
    bits: Vec<u64>,
    handle: i64,
}

/// Claim ids gathered for a [`MatchSet`].
#[derive(Default)]
pub(super) struct Ids(Vec<u64>);

impl Ids {
    /// The ids of a blob made by `claimlog_id_bits`.
    pub(super) fn from_blob(blob: &[u8]) -> Ids {
        Ids(blob
            .chunks(8)
            .map(|c| {
                let mut word = [0u8; 8];
                word[..c.len()].copy_from_slice(c);
                u64::from_le_bytes(word)
            })
            .collect())
    }

    fn to_blob(&self) -> Vec<u8> {
        self.0.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    pub(super) fn insert(&mut self, id: i64) {
        if id < 0 {
            return;
        }
        let (word, bit) = (id as usize / 64, id as usize % 64);
        if word >= self.0.len() {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }
}

impl MatchSet {
    fn new(ids: Ids) -> MatchSet {
        static NEXT: AtomicI64 = AtomicI64::new(1);
        MatchSet {
            bits: ids.0,
            handle: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }

    fn contains(&self, id: i64) -> bool {
        id >= 0
            && self
                .bits
                .get(id as usize / 64)
                .is_some_and(|w| w & (1 << (id as usize % 64)) != 0)
    }

    /// The handle `claimlog_matches` takes.
    pub(super) fn handle(&self) -> i64 {
        self.handle
    }
}

/// What a kept set answers: one query on one database file, at one state of its index.
#[derive(PartialEq, Eq)]
struct Key {
    db: String,
    query: String,
    generation: Vec<u8>,
}

/// Sets kept: a bitmap of a million claims is 122 KiB.
const KEPT: usize = 8;

#[derive(Default)]
struct Sets {
    /// Most recently used last.
    kept: Vec<(Key, Arc<MatchSet>)>,
    /// Every set still held by someone (kept or pinned by a transaction), by handle.
    live: HashMap<i64, Weak<MatchSet>>,
}

static SETS: LazyLock<Mutex<Sets>> = LazyLock::new(Default::default);

/// `claimlog_id_bits(id)`: the ids of every row, as a bitmap in one blob (64 ids per
/// little-endian word). Reading a set this way costs a third of reading its rows.
struct IdBits;

impl Aggregate<Ids, Vec<u8>> for IdBits {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Ids> {
        Ok(Ids::default())
    }

    fn step(&self, ctx: &mut Context<'_>, ids: &mut Ids) -> rusqlite::Result<()> {
        ids.insert(ctx.get(0)?);
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, ids: Option<Ids>) -> rusqlite::Result<Vec<u8>> {
        Ok(ids.unwrap_or_default().to_blob())
    }
}

/// Registers `claimlog_matches(handle, claim_id)` and `claimlog_id_bits(id)` on a
/// connection.
pub(super) fn register(conn: &rusqlite::Connection) -> Result<()> {
    conn.create_aggregate_function(
        "claimlog_id_bits",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS,
        IdBits,
    )?;
    conn.create_scalar_function(
        "claimlog_matches",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx: &Context<'_>| {
            // The set is looked up once per statement, then kept with its argument.
            let set = match ctx.get_aux::<Arc<MatchSet>>(0)? {
                Some(set) => set,
                None => {
                    let handle: i64 = ctx.get(0)?;
                    let set = live(handle).ok_or_else(|| {
                        rusqlite::Error::UserFunctionError(
                            format!("search set {handle} is gone").into(),
                        )
                    })?;
                    ctx.set_aux(0, set)?
                }
            };
            Ok(set.contains(ctx.get(1)?))
        },
    )?;
    Ok(())
}

fn live(handle: i64) -> Option<Arc<MatchSet>> {
    SETS.lock().ok()?.live.get(&handle)?.upgrade()
}

/// The set kept for `query` on `db` at `generation`, if any.
pub(super) fn kept(db: &str, query: &str, generation: &[u8]) -> Option<Arc<MatchSet>> {
    let mut sets = SETS.lock().ok()?;
    let at = sets
        .kept
        .iter()
        .position(|(k, _)| k.db == db && k.query == query && k.generation == generation)?;
    let entry = sets.kept.remove(at);
    let set = entry.1.clone();
    sets.kept.push(entry);
    Some(set)
}

/// A new set of `ids`; with `keep` (database file, query, index state), also kept
/// for that query on that file at that state.
pub(super) fn make(ids: Ids, keep: Option<(&str, &str, &[u8])>) -> Arc<MatchSet> {
    let set = Arc::new(MatchSet::new(ids));
    if let Ok(mut sets) = SETS.lock() {
        sets.live.retain(|_, w| w.strong_count() > 0);
        sets.live.insert(set.handle, Arc::downgrade(&set));
        if let Some((db, query, generation)) = keep {
            // Sets of an older state of the same index are never asked for again.
            sets.kept
                .retain(|(k, _)| !(k.db == db && k.generation.as_slice() != generation));
            if sets.kept.len() >= KEPT {
                sets.kept.remove(0);
            }
            sets.kept.push((
                Key {
                    db: db.to_string(),
                    query: query.to_string(),
                    generation: generation.to_vec(),
                },
                set.clone(),
            ));
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[i64]) -> Ids {
        let mut ids = Ids::default();
        for &id in list {
            ids.insert(id);
        }
        ids
    }

    #[test]
    fn a_set_holds_exactly_its_ids() {
        let set = MatchSet::new(ids(&[1, 63, 64, 1000]));
        for id in [1, 63, 64, 1000] {
            assert!(set.contains(id), "{id}");
        }
        for id in [-1, 0, 2, 62, 65, 999, 1001, 1_000_000] {
            assert!(!set.contains(id), "{id}");
        }
    }

    #[test]
    fn ids_survive_a_blob() {
        let blob = ids(&[0, 3, 64, 130]).to_blob();
        assert_eq!(blob.len(), 24);
        let set = MatchSet::new(Ids::from_blob(&blob));
        assert!(set.contains(0) && set.contains(3) && set.contains(64) && set.contains(130));
        assert!(!set.contains(1) && !set.contains(129) && !set.contains(192));
    }

    #[test]
    fn a_kept_set_is_found_only_for_its_database_query_and_index_state() {
        let set = make(ids(&[5, 7]), Some(("/tmp/a.db", "\"blocus\"", b"g1")));
        let found = kept("/tmp/a.db", "\"blocus\"", b"g1").expect("kept");
        assert_eq!(found.handle(), set.handle());
        assert!(kept("/tmp/b.db", "\"blocus\"", b"g1").is_none());
        assert!(kept("/tmp/a.db", "\"armée\"", b"g1").is_none());
        assert!(kept("/tmp/a.db", "\"blocus\"", b"g2").is_none());
        // A newer state of the index drops the sets of the older one.
        make(ids(&[1]), Some(("/tmp/a.db", "\"armée\"", b"g2")));
        assert!(kept("/tmp/a.db", "\"blocus\"", b"g1").is_none());
        // Still live while held, gone once dropped.
        assert!(live(set.handle()).is_some());
        let handle = set.handle();
        drop((set, found));
        assert!(live(handle).is_none());
    }
}
