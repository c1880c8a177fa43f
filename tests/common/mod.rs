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
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("claims.db");
        Env { dir, db }
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
        dump(&self.db)
    }
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
