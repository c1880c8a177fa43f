//! The two database engines behind one small interface: SQLite (embedded, the
//! default) and PostgreSQL (a desk's shared server).
//!
//! The rest of the store writes its SQL once, in SQLite's spelling with numbered `?1`
//! parameters, and runs it through [`RawTx`]: `exec`, `one`, `opt`, `all`. Values go
//! in as [`ToValue`] and come out as [`FromValue`], so no store module names either
//! driver. What PostgreSQL spells differently is rewritten in one place, `dialect`;
//! what the two engines do differently (full-text search, bulk loads, schema
//! introspection) is a `match` on [`Engine`] inside the store. Nothing here knows
//! claimlog's tables.

mod dialect;
mod values;

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::{Context, Result, anyhow};

pub(crate) use values::{Cell, FromValue, Row, ToValue, Value};

/// Which engine a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An open connection.
pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgConn>),
}

/// A PostgreSQL client and the statements it already prepared, by their SQLite text.
pub(crate) struct PgConn {
    pub client: postgres::Client,
    pub statements: HashMap<String, postgres::Statement>,
    /// The URL it was opened with, for a second connection of the same process.
    pub url: String,
}

impl PgConn {
    pub fn new(client: postgres::Client, url: &str) -> PgConn {
        PgConn {
            client,
            statements: HashMap::new(),
            url: url.to_string(),
        }
    }
}

/// One transaction on either engine.
pub(crate) enum RawTx<'a> {
    Sqlite(rusqlite::Transaction<'a>),
    Postgres(RefCell<PgTx<'a>>),
}

pub(crate) struct PgTx<'a> {
    pub tx: postgres::Transaction<'a>,
    statements: &'a mut HashMap<String, postgres::Statement>,
}

impl<'a> PgTx<'a> {
    pub fn new(
        tx: postgres::Transaction<'a>,
        statements: &'a mut HashMap<String, postgres::Statement>,
    ) -> PgTx<'a> {
        PgTx { tx, statements }
    }

    /// The prepared form of a statement written in SQLite's spelling.
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let translated = dialect::postgres(sql);
        let statement = self
            .tx
            .prepare(&translated)
            .map_err(|e| pg_error(e, &translated))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// A PostgreSQL error with the server's message, detail and hint, not only "db error".
pub(crate) fn pg_error(e: postgres::Error, sql: &str) -> anyhow::Error {
    match e.as_db_error() {
        Some(db) => {
            let mut message = db.message().to_string();
            if let Some(detail) = db.detail() {
                message.push_str(": ");
                message.push_str(detail);
            }
            if cfg!(debug_assertions) {
                anyhow!(
                    "{message} (in: {})",
                    sql.split_whitespace().collect::<Vec<_>>().join(" ")
                )
            } else {
                anyhow!("{message}")
            }
        }
        None => anyhow!(e),
    }
}

type Params<'p> = &'p [&'p dyn ToValue];

fn sqlite_params<'p>(params: Params<'p>) -> impl Iterator<Item = Value<'p>> {
    params.iter().map(|p| p.to_value())
}

impl RawTx<'_> {
    pub fn engine(&self) -> Engine {
        match self {
            RawTx::Sqlite(_) => Engine::Sqlite,
            RawTx::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite database file, `None` in memory and on PostgreSQL.
    pub fn sqlite_path(&self) -> Option<String> {
        match self {
            RawTx::Sqlite(tx) => tx.path().filter(|p| !p.is_empty()).map(str::to_string),
            RawTx::Postgres(_) => None,
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub fn exec(&self, sql: &str, params: Params<'_>) -> Result<usize> {
        match self {
            RawTx::Sqlite(tx) => Ok(tx
                .prepare_cached(sql)?
                .execute(rusqlite::params_from_iter(sqlite_params(params)))?),
            RawTx::Postgres(cell) => {
                let mut pg = cell.borrow_mut();
                let statement = pg.statement(sql)?;
                let values: Vec<Value<'_>> = params.iter().map(|p| p.to_value()).collect();
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values
                    .iter()
                    .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                let n = pg
                    .tx
                    .execute(&statement, &refs)
                    .map_err(|e| pg_error(e, sql))?;
                Ok(n as usize)
            }
        }
    }

    /// Runs several statements without parameters (schema, index rebuilds).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match self {
            RawTx::Sqlite(tx) => Ok(tx.execute_batch(sql)?),
            RawTx::Postgres(cell) => cell
                .borrow_mut()
                .tx
                .batch_execute(sql)
                .map_err(|e| pg_error(e, sql)),
        }
    }

    /// Every row, each turned into a value by `f`.
    pub fn all<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match self {
            RawTx::Sqlite(tx) => {
                let mut statement = tx.prepare_cached(sql)?;
                let mut rows =
                    statement.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(f(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            RawTx::Postgres(cell) => {
                let rows = {
                    let mut pg = cell.borrow_mut();
                    let statement = pg.statement(sql)?;
                    let values: Vec<Value<'_>> = params.iter().map(|p| p.to_value()).collect();
                    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values
                        .iter()
                        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                        .collect();
                    pg.tx
                        .query(&statement, &refs)
                        .map_err(|e| pg_error(e, sql))?
                };
                rows.iter().map(|r| f(&Row::Postgres(r))).collect()
            }
        }
    }

    /// Rows in turn until `f` returns false. SQLite reads no further than that;
    /// PostgreSQL sends every row first.
    pub fn each(
        &self,
        sql: &str,
        params: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        match self {
            RawTx::Sqlite(tx) => {
                let mut statement = tx.prepare_cached(sql)?;
                let mut rows =
                    statement.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                while let Some(row) = rows.next()? {
                    if !f(&Row::Sqlite(row))? {
                        break;
                    }
                }
                Ok(())
            }
            RawTx::Postgres(_) => {
                let mut go = true;
                self.all(sql, params, |r| {
                    if go {
                        go = f(r)?;
                    }
                    Ok(())
                })?;
                Ok(())
            }
        }
    }

    /// The first row, if any.
    pub fn opt<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self {
            RawTx::Sqlite(tx) => {
                let mut statement = tx.prepare_cached(sql)?;
                let mut rows =
                    statement.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                match rows.next()? {
                    Some(row) => Ok(Some(f(&Row::Sqlite(row))?)),
                    None => Ok(None),
                }
            }
            RawTx::Postgres(cell) => {
                let row = {
                    let mut pg = cell.borrow_mut();
                    let statement = pg.statement(sql)?;
                    let values: Vec<Value<'_>> = params.iter().map(|p| p.to_value()).collect();
                    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values
                        .iter()
                        .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                        .collect();
                    pg.tx
                        .query_opt(&statement, &refs)
                        .map_err(|e| pg_error(e, sql))?
                };
                row.as_ref().map(|r| f(&Row::Postgres(r))).transpose()
            }
        }
    }

    /// The one row a statement must return.
    pub fn one<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.opt(sql, params, f)?
            .with_context(|| format!("no row returned by: {}", first_line(sql)))
    }

    /// The first column of the one row a statement must return.
    pub fn value<T: FromValue>(&self, sql: &str, params: Params<'_>) -> Result<T> {
        self.one(sql, params, |r| r.get(0))
    }

    /// PostgreSQL's `COPY ... FROM STDIN` with rows already in its text format.
    pub fn copy_in(&self, copy: &str, data: &[u8]) -> Result<()> {
        use std::io::Write;
        match self {
            RawTx::Sqlite(_) => anyhow::bail!("COPY is PostgreSQL's"),
            RawTx::Postgres(cell) => {
                let mut pg = cell.borrow_mut();
                let mut writer = pg.tx.copy_in(copy).map_err(|e| pg_error(e, copy))?;
                writer.write_all(data)?;
                writer.finish().map_err(|e| pg_error(e, copy))?;
                Ok(())
            }
        }
    }

    pub fn commit(self) -> Result<()> {
        match self {
            RawTx::Sqlite(tx) => Ok(tx.commit()?),
            RawTx::Postgres(cell) => Ok(cell.into_inner().tx.commit()?),
        }
    }
}

fn first_line(sql: &str) -> &str {
    sql.trim().lines().next().unwrap_or_default()
}

/// `p![a, b]`: statement parameters.
#[macro_export]
#[doc(hidden)]
macro_rules! p {
    ($($x:expr),* $(,)?) => {
        &[$(&$x as &dyn $crate::store::backend::ToValue),*]
    };
}
