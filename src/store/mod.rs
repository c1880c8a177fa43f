//! The SQLite store: the only module that speaks SQL.
//!
//! It embeds `schema.sql` (the newest schema), migrates older files in place one
//! version step at a time by `PRAGMA user_version` (`migrations/`), refuses files
//! written by a newer claimlog or by something else before writing anything (`open`),
//! and opens every connection in WAL mode with foreign keys on. Every command runs in
//! one [`Tx`]; a write starts `IMMEDIATE` so that two writers queue, for as long as it
//! takes, instead of failing with "database is locked". The store knows nothing of clap
//! or of the network.

mod appearance_edits;
mod appearances;
mod captures;
mod claims;
mod copy;
mod dashboard;
mod linkchecks;
mod matchset;
mod mementos;
mod merges;
mod open;
mod postgres;
mod queue;
mod retractions;
mod search;
mod similar;
mod sources;
mod users;
mod workers;
mod workflow;

pub(crate) mod backend;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::TransactionBehavior;

pub use backend::Engine;
use backend::{Conn, PgConn, RawTx};

use crate::p;

pub use appearance_edits::AppearanceEdit;
pub use appearances::NewAppearance;
pub use claims::{
    AddedClaim, ClaimFilter, EditClaim, NewClaim, NewEvent, NewLink, fts_query, normalize_tag,
};

pub use captures::{CaptureEntry, CaptureKind, LatestCapture, NewCapture, PageText};
pub use copy::CopySummary;
pub use dashboard::DeadLink;
pub use linkchecks::{
    CheckEntry, DueLink, GoodCheck, LinkFilter, LinkStatus, NewCheck, with_grace,
};
pub use mementos::{MementoDue, NewMemento};
pub use open::{OpenOptions, stop_waiting};
pub use queue::{Facet, FacetKind, Facets, QueueOrder};
pub use retractions::Withdrawn;
pub use sources::SourceSummary;
pub use users::{TokenOwner, UserRecord};
pub use workers::{LEASE_EXPIRY, WorkerConnection};
pub use workflow::WorkflowRecord;

/// The schema this binary writes; `PRAGMA user_version` of a current file.
pub const SCHEMA_VERSION: i64 = 10;
const SCHEMA: &str = include_str!("../../schema.sql");

/// Keeps SQLite's statistics of the tables and indexes (`sqlite_stat1`) fit for the
/// planner, at the end of every write: usually nothing to do; a table never analysed,
/// or grown or shrunk much since, is analysed in a bounded time (a fraction of a second
/// at a million claims). Without statistics SQLite believes every index selective: a
/// queue filtered by a rare tag read 700,000 claims through the verification index.
const OPTIMIZE: &str = "PRAGMA optimize = 0x10002";

/// The steps that bring a file of version `from` to `from + 1`, in order. A file of
/// version N runs every step from N on, all in one transaction.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/v2.sql")),
    (2, include_str!("migrations/v3.sql")),
    (3, include_str!("migrations/v4.sql")),
    (4, include_str!("migrations/v5.sql")),
    (5, include_str!("migrations/v6.sql")),
    (6, include_str!("migrations/v7.sql")),
    (7, include_str!("migrations/v8.sql")),
    (8, include_str!("migrations/v9.sql")),
    (9, include_str!("migrations/v10.sql")),
];

/// An open claimlog database.
pub struct Store {
    conn: Conn,
    /// Where it is: a file, or a PostgreSQL database (its URL without password).
    location: Location,
    /// The command, for the note of another writer kept waiting.
    command: String,
    /// Who performs the writes: `--as`, `CLAIMLOG_USER`, else [`Store::default_actor`].
    actor: Option<String>,
}

/// Where a store is.
#[derive(Debug, Clone)]
pub enum Location {
    File(PathBuf),
    Memory,
    /// A PostgreSQL database, named by its URL with any password removed.
    Postgres(String),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Memory => f.write_str("memory"),
            Location::Postgres(url) => f.write_str(url),
        }
    }
}

/// One transaction: everything a command does happens inside one, all or nothing.
pub struct Tx<'a> {
    tx: RawTx<'a>,
    /// Ids already looked up in this transaction; a bulk import resolves the same
    /// speakers and URLs again and again.
    cache: std::cell::RefCell<IdCache>,
    /// Who performs the writes of this transaction.
    actor: Option<String>,
    /// Search sets that this transaction's statements name ([`Tx::pin_matches`]).
    pinned: std::cell::RefCell<Vec<std::sync::Arc<matchset::MatchSet>>>,
    /// Started by [`Store::read`]: it sees only committed changes.
    read_only: bool,
    /// Declared after `tx`, so dropped after it commits or rolls back.
    _writer: Option<open::WriterMark>,
}

/// Past this many entries the link cache starts over, so memory stays bounded (about
/// 250 MiB) on imports of many millions of distinct URLs.
const LINK_CACHE_MAX: usize = 2_000_000;

struct IdCache {
    /// Past this many links the link cache starts over ([`LINK_CACHE_MAX`]).
    link_cache_max: usize,
    /// Folded source key -> source id.
    sources: std::collections::HashMap<String, crate::model::SourceId>,
    /// Normalised URL -> link id.
    links: std::collections::HashMap<String, crate::model::LinkId>,
    /// Claims to add to the full-text index.
    fts_new: Vec<crate::model::ClaimId>,
    /// Claims whose text or speaker names changed: their index rows are replaced.
    fts_changed: Vec<crate::model::ClaimId>,
    /// Set by [`Tx::begin_bulk_load`] on an empty database.
    bulk: Option<BulkLoad>,
    /// Pending changes to `similar_terms`: word -> claims gained or lost.
    terms: std::collections::HashMap<String, i64>,
}

/// A bulk load into an empty database: what it deferred and what it knows.
#[derive(Default)]
struct BulkLoad {
    /// Name and `CREATE INDEX` statement of the indexes dropped for the load, rebuilt
    /// at commit.
    deferred_indexes: Vec<(String, String)>,
    /// (speaker, fingerprint) of every claim created, and its id: the database held no
    /// other claims, so this answers "is it recorded?" without an index.
    claim_keys: std::collections::HashMap<(crate::model::SourceId, i64), crate::model::ClaimId>,
    /// Every link created is in the link cache as long as it was never cleared.
    links_complete: bool,
}

/// Indexes a bulk load drops and rebuilds: none of them is read while importing.
/// Sorting once at the end is several times cheaper than a million random inserts.
const BULK_DEFERRED_INDEXES: &[&str] = &[
    // Answered from memory during the load (BulkLoad::claim_keys and the link cache).
    "claims_by_fingerprint",
    "links_by_url",
    "claims_newest",
    "claims_open_newest",
    "claims_by_speaker",
    "claims_by_verification",
    "claims_closed_newest",
    "claims_by_verdict",
    "claims_by_lang",
    "sources_by_name",
    "appearances_by_outlet",
    "appearances_by_link",
    "appearance_relays_by_source",
    "claim_tags_by_tag",
    "claim_links_by_link",
    "links_by_last_check",
    "links_dead",
];

/// The full-text index is written once this many claims are pending (and at commit).
const FTS_BATCH: usize = 20_000;

impl Default for IdCache {
    fn default() -> Self {
        IdCache {
            link_cache_max: LINK_CACHE_MAX,
            sources: Default::default(),
            links: Default::default(),
            fts_new: Vec::new(),
            fts_changed: Vec::new(),
            bulk: None,
            terms: Default::default(),
        }
    }
}

impl<'a> Tx<'a> {
    fn new(tx: RawTx<'a>, actor: Option<String>, writer: Option<open::WriterMark>) -> Tx<'a> {
        Tx {
            tx,
            cache: Default::default(),
            actor,
            pinned: Default::default(),
            read_only: false,
            _writer: writer,
        }
    }

    /// Who performs this transaction's writes, as recorded with events, edits and
    /// retractions.
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// Which engine this transaction runs on.
    pub fn engine(&self) -> Engine {
        self.tx.engine()
    }

    /// Holds `set` until this transaction ends; its handle, for `claimlog_matches`.
    fn pin_matches(&self, set: std::sync::Arc<matchset::MatchSet>) -> i64 {
        let handle = set.handle();
        self.pinned.borrow_mut().push(set);
        handle
    }
}

/// Is `db` (as given to `--db` or `CLAIMLOG_DB`) a PostgreSQL URL?
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl Store {
    /// Opens the database `--db` names: a PostgreSQL URL, else a file path.
    pub fn open_location(db: &Path, options: &OpenOptions) -> Result<Store> {
        match db.to_str().filter(|s| is_postgres_url(s)) {
            Some(url) => Store::open_postgres(url, options),
            None => Store::open(db, options),
        }
    }

    /// Opens the database at `path`. A missing (or empty) file is created only when
    /// `options.create` says so; a file claimlog refuses is left exactly as it was.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store> {
        open::check_path(path)?;
        let found = open::inspect(path, SCHEMA_VERSION)?;
        open::prepare_location(path, &found, options)?;
        let conn = open::connect(path, options)?;
        let mut store = Store {
            conn: Conn::Sqlite(conn),
            location: Location::File(path.to_path_buf()),
            command: options.command.clone(),
            actor: None,
        };
        store
            .prepare()
            .with_context(|| format!("cannot use the database {}", path.display()))?;
        Ok(store)
    }

    /// Opens a PostgreSQL database; its claimlog schema is created when the command
    /// may create a database, migrated when older.
    pub fn open_postgres(url: &str, options: &OpenOptions) -> Result<Store> {
        let (client, shown) = postgres::connect(url, options)?;
        let mut store = Store {
            conn: Conn::Postgres(Box::new(PgConn::new(client, url))),
            location: Location::Postgres(shown.clone()),
            command: options.command.clone(),
            actor: None,
        };
        postgres::prepare(&mut store, options)
            .with_context(|| format!("cannot use the database {shown}"))?;
        Ok(store)
    }

    /// A private in-memory database, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Conn::Sqlite(rusqlite::Connection::open_in_memory()?),
            location: Location::Memory,
            command: String::new(),
            actor: None,
        };
        store.prepare()?;
        Ok(store)
    }

    /// Who performs the writes.
    pub fn actor(&self) -> Option<&str> {
        self.actor.as_deref()
    }

    /// Names who performs the writes from now on.
    pub fn set_actor(&mut self, actor: Option<String>) {
        self.actor = actor;
    }

    /// Who performs the writes when neither `--as` nor `CLAIMLOG_USER` says: the
    /// operating-system user on SQLite, the connected role on PostgreSQL.
    pub fn default_actor(&mut self) -> Option<String> {
        match &mut self.conn {
            Conn::Sqlite(_) => open::os_user(),
            Conn::Postgres(pg) => pg
                .client
                .query_one("SELECT CAST(current_user AS TEXT)", &[])
                .ok()
                .and_then(|r| r.try_get::<_, String>(0).ok()),
        }
    }

    /// The database file, if the store is one.
    pub fn path(&self) -> Option<&Path> {
        match &self.location {
            Location::File(p) => Some(p),
            _ => None,
        }
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    pub fn engine(&self) -> Engine {
        match self.conn {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    fn sqlite(&mut self) -> Result<&mut rusqlite::Connection> {
        match &mut self.conn {
            Conn::Sqlite(c) => Ok(c),
            Conn::Postgres(_) => bail!("this needs an SQLite database"),
        }
    }

    fn prepare(&mut self) -> Result<()> {
        let file = self.path().is_some();
        let conn = self.sqlite()?;
        // An import runs some twenty distinct statements per claim; rusqlite's default
        // cache of 16 would re-prepare them all the time.
        conn.set_prepared_statement_cache_capacity(64);
        conn.pragma_update(None, "foreign_keys", true)?;
        matchset::register(conn)?;
        // Statement journals (triggers, multi-row statements) stay in memory instead of
        // temp files: a bulk import otherwise spends a third of its time writing them.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if file {
            let mut mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                mode = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
            }
            if !mode.eq_ignore_ascii_case("wal") {
                bail!("the database refused WAL mode (journal_mode is {mode})");
            }
            // WAL with NORMAL sync is durable across application crashes, which is what a
            // command-line tool needs; FULL only adds power-loss durability of the last commit.
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            // 64 MiB of page cache: bulk imports update several indexes in random order.
            conn.pragma_update(None, "cache_size", -65536)?;
            // Reads map the file instead of copying each page through a read() call: an
            // export of a million claims otherwise spends a tenth of its time in the kernel.
            conn.pragma_update(None, "mmap_size", 4_i64 << 30)?;
        }
        self.migrate()
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path().map(Path::to_path_buf);
        let conn = self.sqlite()?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let writer = path
            .as_deref()
            .map(|p| open::WriterMark::new(p, "upgrade of the database"));
        // Read again under the write lock: another process may have just done it.
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            bail!(
                "this database was written by a newer claimlog (schema version {version}, this \
                 binary knows up to {SCHEMA_VERSION}): upgrade claimlog to use it"
            );
        }
        if version == 0 {
            let objects: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            if objects > 0 {
                bail!(
                    "this file is an SQLite database but not a claimlog one (it has tables and \
                     no claimlog schema version): pass another --db"
                );
            }
            tx.execute_batch(SCHEMA)?;
        } else {
            for (from, step) in MIGRATIONS.iter().filter(|(from, _)| *from >= version) {
                tx.execute_batch(step)
                    .with_context(|| format!("cannot upgrade the database from version {from}"))?;
            }
            // New indexes get their statistics now, not at the next write.
            tx.execute_batch(OPTIMIZE)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        drop(writer);
        Ok(())
    }

    /// Starts a transaction that may write; it waits for other writers to finish.
    pub fn write(&mut self) -> Result<Tx<'_>> {
        let actor = self.actor.clone();
        match &mut self.conn {
            Conn::Sqlite(conn) => {
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .context("cannot start a write transaction")?;
                let writer = match &self.location {
                    Location::File(p) => Some(open::WriterMark::new(p, &self.command)),
                    _ => None,
                };
                Ok(Tx::new(RawTx::Sqlite(tx), actor, writer))
            }
            Conn::Postgres(pg) => {
                let tx = postgres::write(pg, &self.location, &self.command)?;
                Ok(Tx::new(tx, actor, None))
            }
        }
    }

    /// Starts a read-only snapshot.
    pub fn read(&mut self) -> Result<Tx<'_>> {
        // The actor rides along so that filters can say "assigned to me".
        let actor = self.actor.clone();
        let mut tx = match &mut self.conn {
            Conn::Sqlite(conn) => Tx::new(
                RawTx::Sqlite(conn.transaction_with_behavior(TransactionBehavior::Deferred)?),
                actor,
                None,
            ),
            Conn::Postgres(pg) => Tx::new(postgres::read(pg)?, actor, None),
        };
        tx.read_only = true;
        Ok(tx)
    }

    /// The raw SQLite connection, for tests that must show what SQL itself allows.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &rusqlite::Connection {
        match &self.conn {
            Conn::Sqlite(c) => c,
            Conn::Postgres(_) => panic!("not an SQLite store"),
        }
    }
}

impl Tx<'_> {
    pub fn commit(self) -> Result<()> {
        self.flush_search_index()?;
        let bulk = self.cache.borrow_mut().bulk.take();
        self.flush_term_counts(bulk.is_some())?;
        if bulk.is_some() && self.engine() == Engine::Sqlite {
            // A bulk load leaves the search index in thousands of segments, each read by
            // every look-up: a search for a common word probed claim by claim (the
            // queue's pages) got ten times slower at a million claims. Merged into one
            // segment: about 3 s at a million claims.
            self.tx
                .batch("INSERT INTO claims_fts(claims_fts) VALUES ('optimize')")
                .context("cannot merge the search index")?;
        }
        let deferred = bulk.map(|b| b.deferred_indexes).unwrap_or_default();
        for (_, sql) in deferred {
            self.tx.batch(&sql).context("cannot rebuild an index")?;
        }
        if self.engine() == Engine::Sqlite && !self.read_only {
            self.tx
                .batch(OPTIMIZE)
                .context("cannot update the query statistics")?;
        }
        self.tx.commit().context("cannot commit the transaction")
    }

    /// Prepares a large import: when the database holds no claim yet, secondary indexes
    /// are dropped and rebuilt at commit (all inside this transaction, so a failed
    /// import rolls them back too), and lookups that cannot find anything are skipped.
    /// On a database with claims it does nothing.
    pub fn begin_bulk_load(&self) -> Result<()> {
        let empty: bool = self
            .tx
            .value("SELECT NOT EXISTS (SELECT 1 FROM claims)", p![])?;
        let no_links: bool = self
            .tx
            .value("SELECT NOT EXISTS (SELECT 1 FROM links)", p![])?;
        if !empty || self.cache.borrow().bulk.is_some() {
            return Ok(());
        }
        let mut bulk = BulkLoad {
            links_complete: no_links && self.cache.borrow().links.is_empty(),
            ..BulkLoad::default()
        };
        // The URL and fingerprint indexes grow in random order: keep them in memory.
        if self.engine() == Engine::Sqlite {
            self.tx.batch("PRAGMA cache_size = -524288")?;
        }
        for name in BULK_DEFERRED_INDEXES {
            let sql: String = match self.engine() {
                Engine::Sqlite => self.tx.value(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    p![name],
                )?,
                Engine::Postgres => self.tx.value(
                    "SELECT indexdef FROM pg_indexes
                      WHERE schemaname = current_schema() AND indexname = ?1",
                    p![name],
                )?,
            };
            self.tx.batch(&format!("DROP INDEX {name}"))?;
            bulk.deferred_indexes.push((name.to_string(), sql));
        }
        self.cache.borrow_mut().bulk = Some(bulk);
        Ok(())
    }

    /// Rebuilds one deferred index now, because the load can no longer do without it.
    fn restore_deferred_index(&self, name: &str) -> Result<()> {
        let sql = {
            let mut cache = self.cache.borrow_mut();
            let Some(bulk) = cache.bulk.as_mut() else {
                return Ok(());
            };
            let Some(at) = bulk.deferred_indexes.iter().position(|(n, _)| n == name) else {
                return Ok(());
            };
            bulk.deferred_indexes.remove(at).1
        };
        self.tx.batch(&sql)?;
        Ok(())
    }

    /// Queues a new claim for the full-text index.
    fn index_new_claim(&self, id: crate::model::ClaimId) -> Result<()> {
        let full = {
            let mut cache = self.cache.borrow_mut();
            cache.fts_new.push(id);
            cache.fts_new.len() >= FTS_BATCH
        };
        if full {
            self.flush_search_index()?;
        }
        Ok(())
    }

    /// Queues a claim whose text or speaker changed for re-indexing.
    fn reindex_claim(&self, id: crate::model::ClaimId) {
        self.cache.borrow_mut().fts_changed.push(id);
    }

    /// Writes the pending full-text index rows, one statement per kind of change.
    fn flush_search_index(&self) -> Result<()> {
        let (mut new, mut changed) = {
            let mut cache = self.cache.borrow_mut();
            (
                std::mem::take(&mut cache.fts_new),
                std::mem::take(&mut cache.fts_changed),
            )
        };
        // A claim created and then changed in this transaction is indexed once, as it
        // is now: the search table keeps one row per claim.
        changed.sort_unstable();
        changed.dedup();
        if !changed.is_empty() {
            new.retain(|id| changed.binary_search(id).is_err());
        }
        search::index(self, &new, &changed)
    }
}

/// A PostgreSQL database of its own for a unit test, created on the server of
/// `CLAIMLOG_TEST_PG` and dropped with this value.
#[cfg(test)]
pub(crate) struct TestPostgres {
    admin: ::postgres::Client,
    name: String,
    url: String,
}

#[cfg(test)]
impl TestPostgres {
    /// A new empty database `claimlog_unit_{name}_{pid}`; `None` without a server.
    pub(crate) fn create(name: &str) -> Option<TestPostgres> {
        let admin_url = std::env::var("CLAIMLOG_TEST_PG")
            .ok()
            .filter(|s| !s.is_empty())?;
        let name = format!("claimlog_unit_{name}_{}", std::process::id());
        let mut admin = ::postgres::Client::connect(&admin_url, ::postgres::NoTls).unwrap();
        // One statement each: CREATE DATABASE cannot run inside a transaction.
        for sql in [
            format!("DROP DATABASE IF EXISTS {name}"),
            format!("CREATE DATABASE {name}"),
        ] {
            admin.batch_execute(&sql).unwrap();
        }
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        Some(TestPostgres {
            admin,
            name,
            url: url.to_string(),
        })
    }

    /// A store on the database, its schema created.
    pub(crate) fn store(&self) -> Store {
        let options = OpenOptions {
            create: true,
            ..OpenOptions::existing("test")
        };
        Store::open_postgres(&self.url, &options).unwrap()
    }
}

#[cfg(test)]
impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = self
            .admin
            .batch_execute(&format!("DROP DATABASE {} WITH (FORCE)", self.name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_load_that_outgrows_its_link_cache_gets_its_url_index_back() {
        use crate::links::normalize_url;
        use crate::store::{NewClaim, NewLink};
        let mut store = Store::open_in_memory().unwrap();
        let tx = store.write().unwrap();
        tx.cache.borrow_mut().link_cache_max = 3;
        tx.begin_bulk_load().unwrap();
        let now: crate::model::Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
        for round in 0..2 {
            for i in 0..5 {
                let claim = NewClaim {
                    text: format!("claim {round} {i}"),
                    lang: None,
                    speaker: "A".into(),
                    appearances: vec![],
                    claimed_on: None,
                    links: vec![NewLink {
                        url: normalize_url(&format!("https://example.org/{i}")).unwrap(),
                        role: crate::model::LinkRole::Source,
                    }],
                    tags: vec![],
                    created_at: now,
                    updated_at: None,
                    actor: None,
                };
                tx.add_claim(&claim).unwrap();
            }
        }
        tx.commit().unwrap();
        let c = store.connection();
        let links: i64 = c
            .query_row("SELECT count(*) FROM links", [], |r| r.get(0))
            .unwrap();
        assert_eq!(links, 5);
        let cited: i64 = c
            .query_row("SELECT count(DISTINCT link_id) FROM claim_links", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(cited, 5);
        let index: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'links_by_url'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
    }

    #[test]
    fn a_newer_database_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let create = OpenOptions {
            create: true,
            ..OpenOptions::existing("test")
        };
        Store::open(&path, &create).unwrap();
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = format!("{:#}", Store::open(&path, &create).err().unwrap());
        assert!(err.contains("newer claimlog"), "{err}");
    }

    #[test]
    fn a_foreign_sqlite_file_is_not_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE t(x)").unwrap();
        }
        let create = OpenOptions {
            create: true,
            ..OpenOptions::existing("test")
        };
        let err = format!("{:#}", Store::open(&path, &create).err().unwrap());
        assert!(err.contains("not a claimlog"), "{err}");
    }

    #[test]
    fn verification_events_cannot_be_updated_or_deleted() {
        let store = Store::open_in_memory().unwrap();
        let c = store.connection();
        c.execute_batch(
            "INSERT INTO sources(id, name, created_at) VALUES (1, 'A', '2023-01-01T00:00:00Z');
             INSERT INTO claims(id, text, speaker_id, created_at, updated_at, fingerprint)
               VALUES (1, 'x', 1, '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z', 0);
             INSERT INTO verification_events(claim_id, at, verification)
               VALUES (1, '2023-01-02T00:00:00Z', 'verified');",
        )
        .unwrap();
        let state: String = c
            .query_row("SELECT verification FROM claims WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(state, "verified");
        let upd = c.execute(
            "UPDATE verification_events SET verification = 'unverified'",
            [],
        );
        assert!(upd.unwrap_err().to_string().contains("append-only"));
        let del = c.execute("DELETE FROM verification_events", []);
        assert!(del.unwrap_err().to_string().contains("append-only"));
    }
}
