//! A hermetic claimlog for integration tests: a temp database, pinned time, the real
//! binary, and a logical dump of the database to prove that failed commands leave it
//! exactly as it was.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;
use tempfile::TempDir;

pub const NOW: &str = "2024-03-01T12:00:00Z";

pub struct Env {
    pub dir: TempDir,
    /// The database file, or the URL of the test's own PostgreSQL database.
    pub db: PathBuf,
    /// On PostgreSQL: the server's admin URL and the database to drop at the end.
    pg: Option<(String, String)>,
}

impl Env {
    /// A fresh SQLite file (not yet created).
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("claims.db");
        Env { dir, db, pg: None }
    }

    /// A fresh, empty PostgreSQL database of its own on the server named by
    /// `CLAIMLOG_TEST_PG` (an admin URL, as `.ci/run` sets it); `None` when no server is
    /// given, after saying once that the PostgreSQL half is skipped. Under `.ci/run`
    /// (`CLAIMLOG_CI_TOOLS=1`) a missing server fails instead.
    pub fn postgres() -> Option<Env> {
        let Some(admin) = std::env::var("CLAIMLOG_TEST_PG")
            .ok()
            .filter(|s| !s.is_empty())
        else {
            if std::env::var_os("CLAIMLOG_CI_TOOLS").is_some() {
                panic!("CLAIMLOG_TEST_PG is not set: .ci/run must start PostgreSQL");
            }
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                use std::io::Write;
                // Straight to the terminal: libtest captures only print! and eprint!.
                let _ = writeln!(
                    std::io::stderr(),
                    "note: the PostgreSQL half of these tests is SKIPPED: set CLAIMLOG_TEST_PG \
                     to a server's admin URL (postgres://USER@/postgres?host=SOCKETDIR) to run \
                     it; .ci/run does"
                );
            });
            return None;
        };
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let name = format!(
            "claimlog_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        );
        let mut client = postgres::Client::connect(&admin, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to CLAIMLOG_TEST_PG {admin}: {e}"));
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .expect("drop an old test database");
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the test database");
        let mut url = url::Url::parse(&admin).expect("CLAIMLOG_TEST_PG is a URL");
        url.set_path(&format!("/{name}"));
        let dir = tempfile::tempdir().expect("temp dir");
        Some(Env {
            dir,
            db: PathBuf::from(url.to_string()),
            pg: Some((admin, name)),
        })
    }

    /// Another fresh database on the same engine.
    pub fn another(&self) -> Env {
        if self.pg.is_some() {
            Env::postgres().expect("the server this one is on")
        } else {
            Env::new()
        }
    }

    /// The one integer a query returns, on either engine (`count(*)` and the like).
    pub fn scalar(&self, sql: &str) -> i64 {
        if self.pg.is_some() {
            let mut client =
                postgres::Client::connect(self.db.to_str().expect("URL"), postgres::NoTls)
                    .expect("connect");
            client.query_one(sql, &[]).expect(sql).get(0)
        } else {
            Connection::open(&self.db)
                .expect("open")
                .query_row(sql, [], |r| r.get(0))
                .expect(sql)
        }
    }

    /// Runs one SQL statement straight on the database, bypassing claimlog; returns the
    /// engine's error message, and fails the test if the statement was accepted.
    pub fn sql_fails(&self, sql: &str) -> String {
        let result = if self.pg.is_some() {
            let mut client =
                postgres::Client::connect(self.db.to_str().expect("URL"), postgres::NoTls)
                    .expect("connect");
            client.batch_execute(sql).map_err(|e| {
                e.as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().to_string())
            })
        } else {
            Connection::open(&self.db)
                .expect("open")
                .execute_batch(sql)
                .map_err(|e| e.to_string())
        };
        match result {
            Ok(()) => panic!("the database accepted {sql}"),
            Err(message) => message,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// `claimlog --db <temp> ARGS`, with time pinned and a fixed table width.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("claimlog").expect("binary built");
        cmd.env("CLAIMLOG_NOW", NOW)
            .env("COLUMNS", "160")
            .env_remove("CLAIMLOG_DB")
            .arg("--db")
            .arg(&self.db)
            .args(args);
        cmd
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run claimlog");
        assert!(
            out.status.success(),
            "claimlog {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs a command that must fail with `code`; returns stderr, which must be one line.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("run claimlog");
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(out.status.code(), Some(code), "claimlog {args:?}: {stderr}");
        if code == 3 {
            assert_eq!(
                stderr.trim_end().lines().count(),
                1,
                "not one line: {stderr}"
            );
        }
        stderr
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut full = args.to_vec();
        full.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&full)).expect("valid JSON")
    }

    /// Adds a claim and returns its id.
    pub fn add(&self, args: &[&str]) -> i64 {
        let mut full = vec!["add"];
        full.extend(args);
        let v = self.json(&full);
        v["id"].as_i64().expect("id")
    }

    pub fn write(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write fixture");
        path
    }

    pub fn dump(&self) -> String {
        match &self.pg {
            Some(_) => pg_dump(self.db.to_str().expect("a URL")),
            None => dump(&self.db),
        }
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg
            && let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Runs the test body on both engines: `NAME::sqlite` and `NAME::postgres`.
#[macro_export]
macro_rules! both {
    ($(#[$meta:meta])* fn $name:ident($env:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $(#[$meta])*
            #[test]
            fn sqlite() {
                let $env = $crate::common::Env::new();
                $body
            }
            $(#[$meta])*
            #[test]
            fn postgres() {
                let Some($env) = $crate::common::Env::postgres() else {
                    return;
                };
                $body
            }
        }
    };
}

/// Every row of every table of a PostgreSQL database, in a stable order, with the
/// names of its tables, indexes and triggers: equal dumps mean equal databases.
pub fn pg_dump(url: &str) -> String {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let mut out = String::new();
    for row in client
        .query(
            "SELECT 'table ' || tablename FROM pg_tables WHERE schemaname = current_schema()
             UNION ALL
             SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = current_schema()
             UNION ALL
             SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
             ORDER BY 1",
            &[],
        )
        .expect("schema")
    {
        out.push_str(&row.get::<_, String>(0));
        out.push('\n');
    }
    let tables: Vec<String> = client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    for table in tables {
        out.push_str(&format!("table {table}\n"));
        for row in client
            .query(
                &format!("SELECT CAST(t AS TEXT) FROM \"{table}\" t ORDER BY 1"),
                &[],
            )
            .expect("rows")
        {
            out.push_str(&row.get::<_, String>(0));
            out.push('\n');
        }
    }
    out
}

/// Every row of every table, in a stable order: equal dumps mean equal databases.
pub fn dump(db: &Path) -> String {
    let conn = Connection::open(db).expect("open db");
    let mut out = String::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    out.push_str(&format!("user_version {version}\n"));
    let schema: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for line in schema {
        out.push_str(&line);
        out.push('\n');
    }
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'claims_fts%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        out.push_str(&format!("table {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    // The search index is contentless: compare what it answers instead.
    let fts: i64 = conn
        .query_row("SELECT count(*) FROM claims_fts", [], |r| r.get(0))
        .unwrap_or(-1);
    out.push_str(&format!("fts rows {fts}\n"));
    out
}

/// Everything a PostgreSQL database's schema defines, one line each and sorted: columns
/// (type, nullability, default, generation), indexes, constraints, triggers (with
/// whether they are on) and functions. Two databases with the same text behave alike.
pub fn pg_schema(url: &str) -> String {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let mut lines: Vec<String> = client
        .query(
            "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
                    || ' null=' || is_nullable || ' default=' || coalesce(column_default, '')
                    || ' generated=' || coalesce(generation_expression, '')
                    || ' collation=' || coalesce(collation_name, '')
               FROM information_schema.columns WHERE table_schema = current_schema()
             UNION ALL
             SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
             UNION ALL
             SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' '
                    || pg_get_constraintdef(oid)
               FROM pg_constraint
              WHERE connamespace = current_schema()::regnamespace AND conrelid <> 0
             UNION ALL
             SELECT 'trigger ' || pg_get_triggerdef(oid) || ' enabled=' || tgenabled::text
               FROM pg_trigger WHERE NOT tgisinternal
             UNION ALL
             SELECT 'function ' || p.proname || ' ' || md5(p.prosrc)
               FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace",
            &[],
        )
        .expect("schema")
        .iter()
        .map(|r| r.get(0))
        .collect();
    lines.sort();
    lines.join("\n")
}
