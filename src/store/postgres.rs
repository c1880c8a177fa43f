//! Opening a PostgreSQL database: the connection, the schema (created on first use by
//! a command that records something, migrated when older, refused when newer or not
//! claimlog's), and the transactions.
//!
//! Writers queue on one advisory lock taken at the start of every write transaction,
//! as SQLite writers queue on its write lock: ids are then assigned one more than the
//! largest without two writers colliding, and a writer kept waiting can say which
//! claimlog command it waits for (`application_name` is "claimlog COMMAND"). Reads take
//! a repeatable-read, read-only snapshot and never wait.

use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use postgres::{Client, IsolationLevel, NoTls};

use super::backend::{PgConn, PgTx, RawTx, pg_error};
use super::{Location, OpenOptions, SCHEMA_VERSION, Store};

/// The schema for PostgreSQL, beside schema.sql.
const SCHEMA: &str = include_str!("../../schema.pg.sql");

/// Steps bringing a PostgreSQL database of version `from` to `from + 1`.
const MIGRATIONS: &[(i64, &str)] = &[
    (4, include_str!("migrations/v5.pg.sql")),
    (5, include_str!("migrations/v6.pg.sql")),
    (6, include_str!("migrations/v7.pg.sql")),
    (7, include_str!("migrations/v8.pg.sql")),
    (8, include_str!("migrations/v9.pg.sql")),
    (9, include_str!("migrations/v10.pg.sql")),
];

/// The advisory lock every writer holds for the length of its transaction ("claimlog").
const WRITE_LOCK: i64 = 0x636c_6169_6d6c_6f67;

/// After this long a waiting writer says what it waits for.
const SAY_WAITING_AFTER: Duration = Duration::from_secs(1);

/// Connects; returns the client and the URL as it may be shown (no password).
pub(super) fn connect(url: &str, options: &OpenOptions) -> Result<(Client, String)> {
    let shown = shown_url(url);
    let mut config = postgres::Config::from_str(url)
        .map_err(|e| crate::error::DataError::new(format!("invalid --db {shown:?}: {e}")))?;
    if config.get_password().is_none()
        && let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty())
    {
        config.password(password.as_encoded_bytes());
    }
    if config.get_application_name().is_none() {
        config.application_name(format!("claimlog {}", options.command).trim());
    }
    config.connect_timeout(Duration::from_secs(10));
    super::open::set_quiet(options.quiet);
    let client = config
        .connect(NoTls)
        .map_err(|e| connect_error(e, &shown))?;
    Ok((client, shown))
}

/// "cannot connect to URL: the server's reason", in one line.
fn connect_error(e: postgres::Error, shown: &str) -> anyhow::Error {
    let reason = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut reason = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                reason = s.to_string();
                source = s.source();
            }
            reason
        }
    };
    anyhow::anyhow!("cannot connect to the database {shown}: {reason}")
}

/// The URL without its password.
pub(crate) fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// Creates, checks or migrates the schema.
pub(super) fn prepare(store: &mut Store, options: &OpenOptions) -> Result<()> {
    let Location::Postgres(shown) = store.location.clone() else {
        bail!("not a PostgreSQL store");
    };
    let super::backend::Conn::Postgres(pg) = &mut store.conn else {
        bail!("not a PostgreSQL store");
    };
    let client = &mut pg.client;
    if let Some(version) = schema_version(client)?
        && version == SCHEMA_VERSION
    {
        return Ok(());
    }
    let mut tx = client.transaction()?;
    lock(&mut tx, &shown, options.quiet)?;
    match schema_version_in(&mut tx)? {
        Some(version) if version > SCHEMA_VERSION => bail!(
            "{shown} was written by a newer claimlog (schema version {version}, this binary \
             knows up to {SCHEMA_VERSION}): upgrade claimlog to use it; the database was not \
             changed"
        ),
        Some(version) if version == SCHEMA_VERSION => {}
        Some(version) => {
            for (from, step) in MIGRATIONS.iter().filter(|(from, _)| *from >= version) {
                tx.batch_execute(step)
                    .map_err(|e| pg_error(e, step))
                    .with_context(|| format!("cannot upgrade the database from version {from}"))?;
            }
            tx.execute(
                "UPDATE claimlog_schema SET version = $1",
                &[&(SCHEMA_VERSION as i32)],
            )?;
        }
        None => {
            let tables: i64 = tx
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )?
                .get(0);
            if tables > 0 {
                bail!(
                    "{shown} is a PostgreSQL database but not a claimlog one (its schema has \
                     tables and no claimlog_schema): pass another --db, or a database of its \
                     own for claimlog; nothing was changed"
                );
            }
            if !options.create {
                bail!(
                    "no claimlog database at {shown}: create it with `claimlog --db {shown} \
                     init` (or `add`, `import`, `demo`), or point --db or CLAIMLOG_DB at an \
                     existing one"
                );
            }
            tx.batch_execute(SCHEMA)
                .map_err(|e| pg_error(e, "schema.pg.sql"))?;
            let created: i32 = tx
                .query_one("SELECT version FROM claimlog_schema", &[])?
                .get(0);
            if i64::from(created) != SCHEMA_VERSION {
                bail!("schema.pg.sql is version {created}, this binary is {SCHEMA_VERSION}");
            }
        }
    }
    tx.commit()?;
    Ok(())
}

fn schema_version(client: &mut Client) -> Result<Option<i64>> {
    let mut tx = client.transaction()?;
    let version = schema_version_in(&mut tx)?;
    tx.commit()?;
    Ok(version)
}

fn schema_version_in(tx: &mut postgres::Transaction<'_>) -> Result<Option<i64>> {
    let exists: bool = tx
        .query_one("SELECT to_regclass('claimlog_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let version: Option<i32> = tx
        .query_opt("SELECT version FROM claimlog_schema", &[])?
        .map(|r| r.get(0));
    Ok(Some(version.map_or(0, i64::from)))
}

/// Takes the writers' lock, waiting as long as it takes and saying so after a moment.
fn lock(tx: &mut postgres::Transaction<'_>, shown: &str, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let mut announced = false;
    loop {
        let got: bool = tx
            .query_one("SELECT pg_try_advisory_xact_lock($1)", &[&WRITE_LOCK])?
            .get(0);
        if got {
            return Ok(());
        }
        if super::open::waiting_stopped() {
            bail!("interrupted while waiting for another writer");
        }
        if !announced && !quiet && started.elapsed() >= SAY_WAITING_AFTER {
            announced = true;
            let holder = tx
                .query_opt(
                    "SELECT a.application_name, a.pid FROM pg_locks l
                       JOIN pg_stat_activity a ON a.pid = l.pid
                      WHERE l.locktype = 'advisory' AND l.granted
                        AND l.classid = $1 AND l.objid = $2 LIMIT 1",
                    &[&((WRITE_LOCK >> 32) as u32), &(WRITE_LOCK as u32)],
                )
                .ok()
                .flatten()
                .map(|r| {
                    let name: Option<String> = r.get(0);
                    let pid: i32 = r.get(1);
                    let name = name.unwrap_or_default();
                    match name.strip_prefix("claimlog ") {
                        Some(command) => {
                            format!("another claimlog writing to {shown} ({command}, pid {pid})")
                        }
                        None => format!("another program writing to {shown} (pid {pid})"),
                    }
                })
                .unwrap_or_else(|| format!("another claimlog writing to {shown}"));
            eprintln!("claimlog: waiting for {holder}…");
        }
        let wait = if started.elapsed() < Duration::from_millis(100) {
            5
        } else {
            50
        };
        std::thread::sleep(Duration::from_millis(wait));
    }
}

/// A write transaction holding the writers' lock.
pub(super) fn write<'a>(
    pg: &'a mut PgConn,
    location: &Location,
    _command: &str,
) -> Result<RawTx<'a>> {
    let shown = match location {
        Location::Postgres(s) => s.as_str(),
        _ => "the database",
    };
    let PgConn {
        client, statements, ..
    } = pg;
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .context("cannot start a write transaction")?;
    lock(&mut tx, shown, super::open::quiet())?;
    Ok(RawTx::Postgres(std::cell::RefCell::new(PgTx::new(
        tx, statements,
    ))))
}

/// A write transaction without the writers' lock, for bookkeeping rows no other
/// command writes (link leases): it never waits behind an import.
pub(super) fn unlocked_write(pg: &mut PgConn) -> Result<RawTx<'_>> {
    let PgConn {
        client, statements, ..
    } = pg;
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .context("cannot start a write transaction")?;
    Ok(RawTx::Postgres(std::cell::RefCell::new(PgTx::new(
        tx, statements,
    ))))
}

/// A read-only snapshot.
pub(super) fn read(pg: &mut PgConn) -> Result<RawTx<'_>> {
    let PgConn {
        client, statements, ..
    } = pg;
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .context("cannot start a read transaction")?;
    Ok(RawTx::Postgres(std::cell::RefCell::new(PgTx::new(
        tx, statements,
    ))))
}
