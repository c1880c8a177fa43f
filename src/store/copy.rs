//! A whole database into an empty one, either engine to either engine (`claimlog
//! copy`, and an import into an empty PostgreSQL database): every recorded row with its
//! id, link-check history and aliases included, in one transaction of the target.
//!
//! Tables go in the order their references need, a page at a time. Columns are those
//! both databases have (a newer target may add some); generated columns and the search
//! index are rebuilt, not copied. Rows that point at rows of their own table (a merged
//! source, a merged claim) get that column afterwards. Into PostgreSQL, rows travel by
//! `COPY` with the target's triggers off for the load (the rows were checked when first
//! recorded, and the claims' states come with them); into SQLite, claims are inserted
//! unverified and their events' triggers set their state again.

use anyhow::{Context, Result};

use super::backend::{Cell, Engine, RawTx, Value};
use super::{Store, Tx};
use crate::model::ClaimId;
use crate::p;

/// Tables in the order their references allow; the second item is the key to page by
/// and order on, the third a column pointing into the same table (set after the load).
const TABLES: &[(&str, &str, Option<&str>)] = &[
    ("sources", "id", Some("merged_into")),
    ("source_names", "key", None),
    ("claims", "id", Some("merged_into")),
    ("links", "id", None),
    ("appearances", "id", None),
    ("appearance_relays", "appearance_id, position", None),
    ("claim_tags", "claim_id, tag", None),
    ("claim_links", "claim_id, link_id, role", None),
    ("verification_events", "id", None),
    ("retractions", "id", None),
    ("claim_revisions", "id", None),
    ("claim_merges", "id", None),
    ("link_checks", "id", None),
    ("captures", "id", None),
    ("page_texts", "id", None),
    // Derived, but kept rather than recounted: `similar` reads it.
    ("similar_terms", "term", None),
    ("mementos", "id", None),
    ("users", "id", None),
    ("user_tokens", "id", None),
    ("workflow_events", "id", None),
    ("claim_workflow", "claim_id", None),
];

/// Rows read from the source at a time.
const PAGE: i64 = 20_000;

/// What a copy moved.
#[derive(Debug, Default, serde::Serialize)]
pub struct CopySummary {
    /// Rows per table, in copy order.
    pub tables: Vec<(String, u64)>,
}

impl Store {
    /// Copies everything recorded here into `target`, which must hold nothing yet.
    pub fn copy_into(&mut self, target: &mut Store) -> Result<CopySummary> {
        let name = target.location().to_string();
        let source = self.read()?;
        let into = target.write()?;
        if !into.is_empty()? {
            return Err(crate::error::DataError::new(format!(
                "{name} already holds records: copy needs an empty target (a new file, or a \
                 new PostgreSQL database); nothing was copied"
            ))
            .into());
        }
        let summary = copy_tables(&source, &into)?;
        into.commit().context("cannot commit the copy")?;
        Ok(summary)
    }
}

impl Tx<'_> {
    /// Whether nothing at all is recorded (no source, claim or link).
    pub fn is_empty(&self) -> Result<bool> {
        self.tx.value(
            "SELECT NOT EXISTS (SELECT 1 FROM sources) AND NOT EXISTS (SELECT 1 FROM claims)
                AND NOT EXISTS (SELECT 1 FROM links)",
            p![],
        )
    }

    /// Names of a table's stored columns, in order (generated ones left out).
    fn columns(&self, table: &str) -> Result<Vec<String>> {
        match self.engine() {
            Engine::Sqlite => self.tx.all(
                "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid",
                p![table],
                |r| r.get(0),
            ),
            Engine::Postgres => self.tx.all(
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = ?1
                    AND is_generated = 'NEVER'
                  ORDER BY ordinal_position",
                p![table],
                |r| r.get(0),
            ),
        }
    }
}

fn copy_tables(source: &Tx<'_>, into: &Tx<'_>) -> Result<CopySummary> {
    let mut summary = CopySummary::default();
    let pg = into.engine() == Engine::Postgres;
    let deferred = if pg {
        defer_for_load(into)?
    } else {
        Deferred::default()
    };
    for (table, key, self_ref) in TABLES {
        let have = source.columns(table)?;
        let mut columns: Vec<String> = into
            .columns(table)?
            .into_iter()
            .filter(|c| have.contains(c))
            .collect();
        if !pg && *table == "claims" {
            // SQLite's triggers set the state from the events copied after.
            columns.retain(|c| c != "verification" && c != "verdict");
        }
        let select: Vec<String> = columns
            .iter()
            .map(|c| match self_ref {
                Some(r) if r == c => "NULL".to_string(),
                _ => c.clone(),
            })
            .collect();
        let mut copied = 0u64;
        let mut offset = 0i64;
        loop {
            let sql = format!(
                "SELECT {} FROM {table} ORDER BY {key} LIMIT {PAGE} OFFSET {offset}",
                select.join(", ")
            );
            let rows = read_rows(source, &sql, columns.len())?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as i64;
            copied += rows.len() as u64;
            write_rows(into, table, &columns, &rows)?;
        }
        if let Some(column) = self_ref {
            let pairs: Vec<(i64, i64)> = source.tx.all(
                &format!("SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"),
                p![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            for (id, to) in pairs {
                into.tx.exec(
                    &format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"),
                    p![id, to],
                )?;
            }
        }
        summary.tables.push((table.to_string(), copied));
    }
    // The search index is written from the loaded rows, which it needs indexed; its
    // own indexes are built after it.
    let (search_indexes, deferred) = deferred.split_off("claims_search");
    if pg {
        restore_after_load(into, deferred)?;
    }
    let ids: Vec<ClaimId> = into
        .tx
        .all("SELECT id FROM claims ORDER BY id", p![], |r| r.get(0))?;
    for chunk in ids.chunks(super::FTS_BATCH) {
        super::search::index(into, chunk, &[])?;
    }
    for sql in &search_indexes {
        into.tx.batch(sql).context("cannot rebuild an index")?;
    }
    Ok(summary)
}

/// What a load into PostgreSQL set aside, to be put back once the rows are in.
#[derive(Default)]
struct Deferred {
    /// (table, `CREATE INDEX` statement) of the secondary indexes dropped for the load.
    indexes: Vec<(String, String)>,
    /// (table, name, definition) of the foreign keys dropped for the load.
    foreign_keys: Vec<(String, String, String)>,
}

impl Deferred {
    /// The statements of `table`'s indexes, and the rest.
    fn split_off(self, table: &str) -> (Vec<String>, Deferred) {
        let (theirs, rest): (Vec<_>, Vec<_>) =
            self.indexes.into_iter().partition(|(t, _)| t == table);
        let rest = Deferred {
            indexes: rest,
            foreign_keys: self.foreign_keys,
        };
        (theirs.into_iter().map(|(_, sql)| sql).collect(), rest)
    }
}

/// Prepares an empty PostgreSQL database for a load, as pg_restore does: the tables'
/// own triggers off (the rows were checked when first recorded), and the secondary
/// indexes and foreign keys dropped, to be built once from the loaded rows (a sort
/// each and one join per key, instead of an index insertion and a lookup per row).
/// It is all inside the load's transaction: a failed load leaves them as they were.
fn defer_for_load(into: &Tx<'_>) -> Result<Deferred> {
    into.tx.batch("SET LOCAL maintenance_work_mem = '256MB'")?;
    for (table, _, _) in TABLES {
        into.tx
            .batch(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))?;
    }
    let foreign_keys: Vec<(String, String, String)> = into.tx.all(
        "SELECT CAST(conrelid::regclass AS TEXT), CAST(conname AS TEXT),
                pg_get_constraintdef(oid)
           FROM pg_constraint
          WHERE contype = 'f' AND connamespace = CAST(current_schema() AS regnamespace)
          ORDER BY conrelid, conname",
        p![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (table, name, _) in &foreign_keys {
        into.tx
            .batch(&format!("ALTER TABLE {table} DROP CONSTRAINT \"{name}\""))?;
    }
    // Indexes that back no constraint (a primary key or UNIQUE stays: it is checked
    // as rows come, and keys point at it).
    let indexes: Vec<(String, String, String)> = into.tx.all(
        "SELECT CAST(i.tablename AS TEXT), CAST(i.indexname AS TEXT), i.indexdef
           FROM pg_indexes i
          WHERE i.schemaname = current_schema()
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                             WHERE c.conname = i.indexname
                               AND c.connamespace = CAST(current_schema() AS regnamespace))
          ORDER BY i.indexname",
        p![],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    for (_, name, _) in &indexes {
        into.tx.batch(&format!("DROP INDEX \"{name}\""))?;
    }
    Ok(Deferred {
        indexes: indexes
            .into_iter()
            .map(|(table, _, sql)| (table, sql))
            .collect(),
        foreign_keys,
    })
}

/// Builds what [`defer_for_load`] set aside and turns the triggers back on; a row the
/// rebuilt constraints refuse fails the load.
fn restore_after_load(into: &Tx<'_>, deferred: Deferred) -> Result<()> {
    for (_, sql) in &deferred.indexes {
        into.tx.batch(sql).context("cannot rebuild an index")?;
    }
    for (table, name, definition) in &deferred.foreign_keys {
        into.tx
            .batch(&format!(
                "ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition}"
            ))
            .with_context(|| format!("cannot check {table}'s references ({name})"))?;
    }
    for (table, _, _) in TABLES {
        into.tx
            .batch(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))?;
    }
    Ok(())
}

/// An owned cell of a row being copied.
#[derive(Debug, Clone)]
enum Owned {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

fn read_rows(tx: &Tx<'_>, sql: &str, n: usize) -> Result<Vec<Vec<Owned>>> {
    tx.tx.all(sql, p![], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.cell(i)? {
                    Cell::Null => Owned::Null,
                    Cell::Int(v) => Owned::Int(v),
                    Cell::Real(v) => Owned::Real(v),
                    Cell::Text(v) => Owned::Text(v.to_string()),
                    Cell::Blob(v) => Owned::Blob(v.to_vec()),
                })
            })
            .collect()
    })
}

fn write_rows(into: &Tx<'_>, table: &str, columns: &[String], rows: &[Vec<Owned>]) -> Result<()> {
    match &into.tx {
        RawTx::Postgres(_) => {
            let mut data = String::new();
            for row in rows {
                for (i, cell) in row.iter().enumerate() {
                    if i > 0 {
                        data.push('\t');
                    }
                    copy_text(&mut data, cell);
                }
                data.push('\n');
            }
            into.tx
                .copy_in(
                    &format!("COPY {table} ({}) FROM STDIN", columns.join(", ")),
                    data.as_bytes(),
                )
                .with_context(|| format!("cannot copy into {table}"))?;
        }
        RawTx::Sqlite(_) => {
            let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                columns.join(", "),
                marks.join(", ")
            );
            for row in rows {
                let values: Vec<Value<'_>> = row
                    .iter()
                    .map(|c| match c {
                        Owned::Null => Value::Null,
                        Owned::Int(v) => Value::Int(*v),
                        Owned::Real(v) => Value::Real(*v),
                        Owned::Text(v) => Value::Text(v),
                        Owned::Blob(v) => Value::Blob(v),
                    })
                    .collect();
                let params: Vec<&dyn super::backend::ToValue> = values
                    .iter()
                    .map(|v| v as &dyn super::backend::ToValue)
                    .collect();
                into.tx.exec(&sql, &params)?;
            }
        }
    }
    Ok(())
}

/// One field in PostgreSQL's COPY text format.
fn copy_text(line: &mut String, cell: &Owned) {
    match cell {
        Owned::Null => line.push_str("\\N"),
        Owned::Int(v) => line.push_str(&v.to_string()),
        Owned::Real(v) => line.push_str(&v.to_string()),
        Owned::Text(s) => escape(line, s),
        Owned::Blob(b) => {
            line.push_str("\\\\x");
            for byte in b {
                line.push_str(&format!("{byte:02x}"));
            }
        }
    }
}

pub(super) fn escape(line: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => line.push_str("\\\\"),
            '\t' => line.push_str("\\t"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            c => line.push(c),
        }
    }
}
