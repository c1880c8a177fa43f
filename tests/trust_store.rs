//! A record nobody corrupts by accident: append-only history enforced by the schema,
//! refused files left untouched, databases created only by commands that record
//! something, the current state by event time, retractions with who and why, dates
//! that say what they are, and v1 files upgraded in place.

mod common;

use std::path::Path;

use common::{Env, NOW};
use rusqlite::Connection;

/// The v1 database written by claimlog before schema version 2: the demo sample, one
/// claim added, verified by AFP and edited (see tests/fixtures/v1/README.md).
const V1_FIXTURE: &str = "tests/fixtures/v1/claims-v1.db";

fn verify_and_check(env: &Env) -> i64 {
    let id = env.add(&["Le pont sera rouvert en mai", "--by", "Préfecture"]);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "verified",
        "--by",
        "AFP",
    ]);
    env.ok(&[
        "edit",
        &id.to_string(),
        "--text",
        "Le pont sera rouvert en juin",
    ]);
    id
}

#[test]
fn insert_or_replace_and_direct_state_updates_are_refused_by_the_schema() {
    let env = Env::new();
    verify_and_check(&env);
    {
        let conn = Connection::open(&env.db).unwrap();
        conn.execute_batch(
            "INSERT INTO links(id, url, host, created_at) VALUES (1, 'https://e.org/', 'e.org', 'x');
             INSERT INTO link_checks(id, link_id, checked_at, outcome) VALUES (1, 1, 'x', 'ok');",
        )
        .unwrap();
    }
    let before = env.dump();
    let conn = Connection::open(&env.db).unwrap();
    for (sql, says) in [
        (
            "INSERT OR REPLACE INTO verification_events(id, claim_id, at, verification)
             VALUES (1, 1, '2020-01-01T00:00:00Z', 'unverified')",
            "append-only",
        ),
        (
            "REPLACE INTO claim_revisions(id, claim_id, revised_at, text, previous)
             VALUES (1, 1, 'x', 'forged', '{}')",
            "append-only",
        ),
        (
            "INSERT OR REPLACE INTO link_checks(id, link_id, checked_at, outcome)
             VALUES (1, 1, 'x', 'broken')",
            "append-only",
        ),
        (
            "UPDATE claims SET verification = 'unverified' WHERE id = 1",
            "verification event",
        ),
        (
            "UPDATE claims SET verdict = 'false' WHERE id = 1",
            "verification event",
        ),
        (
            "INSERT OR REPLACE INTO claims(id, text, speaker_id, created_at, updated_at, fingerprint)
             VALUES (1, 'forged', 1, 'x', 'x', 0)",
            "never replaced",
        ),
        (
            "INSERT INTO claims(text, speaker_id, created_at, updated_at, fingerprint, verification)
             VALUES ('forged', 1, 'x', 'x', 0, 'verified')",
            "unverified",
        ),
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains(says), "{sql}: {err}");
    }
    drop(conn);
    assert_eq!(env.dump(), before);
}

/// PostgreSQL's triggers refuse what SQLite's do: every rewrite of history, whoever the
/// writer, and a claim state set by hand.
#[test]
fn postgres_refuses_every_rewrite_of_history() {
    let Some(env) = Env::postgres() else {
        return;
    };
    verify_and_check(&env);
    env.ok(&["retract", "event", "1", "--reason", "test"]);
    let mut client = postgres::Client::connect(env.db.to_str().unwrap(), postgres::NoTls).unwrap();
    client
        .batch_execute(
            "INSERT INTO links(url, host, created_at) VALUES ('https://e.org/', 'e.org', 'x');
             INSERT INTO link_checks(link_id, checked_at, outcome) VALUES (1, 'x', 'ok');",
        )
        .unwrap();
    let before = env.dump();
    let refused = [
        ("UPDATE verification_events SET note = 'forged'", "append-only"),
        ("DELETE FROM verification_events", "append-only"),
        ("TRUNCATE verification_events CASCADE", "append-only"),
        (
            "INSERT INTO verification_events(id, claim_id, at, verification)
             VALUES (1, 1, '2020-01-01T00:00:00Z', 'unverified')
             ON CONFLICT (id) DO UPDATE SET verification = excluded.verification",
            "append-only",
        ),
        ("UPDATE claim_revisions SET text = 'forged'", "append-only"),
        ("DELETE FROM claim_revisions", "append-only"),
        ("UPDATE retractions SET reason = 'forged'", "append-only"),
        ("DELETE FROM retractions", "append-only"),
        ("UPDATE link_checks SET outcome = 'ok'", "append-only"),
        ("DELETE FROM link_checks", "append-only"),
        ("TRUNCATE link_checks CASCADE", "append-only"),
        (
            "UPDATE claims SET verification = 'partially_verified' WHERE id = 1",
            "verification event",
        ),
        ("UPDATE claims SET verdict = 'false' WHERE id = 1", "verification event"),
        ("UPDATE claims SET id = 99 WHERE id = 1", "keeps its id"),
        (
            "INSERT INTO claims(text, speaker_id, created_at, updated_at, fingerprint, verification)
             VALUES ('forged', 1, 'x', 'x', 0, 'verified')",
            "unverified",
        ),
        (
            "INSERT INTO claims(id, text, speaker_id, created_at, updated_at, fingerprint)
             VALUES (1, 'forged', 1, 'x', 'x', 0)",
            "duplicate key",
        ),
    ];
    for (sql, says) in refused {
        let err = env.sql_fails(sql);
        assert!(err.contains(says), "{sql}: {err}");
    }
    assert_eq!(env.dump(), before);
}

both! {
fn the_current_state_is_the_latest_event_by_time_not_the_last_recorded(env) {
    let id = env.add(&["x", "--by", "A"]).to_string();
    env.ok(&["verify", &id, "--status", "verified", "--at", "2024-02-01"]);
    // A late note about an earlier attempt must not become the claim's state.
    env.ok(&[
        "verify",
        &id,
        "--status",
        "unable_to_verify",
        "--at",
        "2024-01-10",
    ]);
    let rec = &env.json(&["show", &id]);
    assert_eq!(rec["verification"], "verified", "{rec}");
    let listed = env.json(&["list", "--unverified"]);
    assert_eq!(listed.as_array().unwrap().len(), 0, "{listed}");
    // The history reads in time order.
    let at: Vec<&str> = rec["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert_eq!(at, ["2024-01-10T00:00:00Z", "2024-02-01T00:00:00Z"]);
    // Ties in time go to the later insertion.
    env.ok(&[
        "verify",
        &id,
        "--status",
        "partially_verified",
        "--at",
        "2024-02-01",
    ]);
    assert_eq!(
        env.json(&["show", &id])["verification"],
        "partially_verified"
    );
}
}

fn os_file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_database_claimlog_refuses_is_left_byte_identical() {
    let env = Env::new();
    {
        let conn = Connection::open(&env.db).unwrap();
        conn.execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    let foreign = os_file_bytes(&env.db);
    for args in [vec!["list"], vec!["add", "x", "--by", "A"], vec!["init"]] {
        let err = env.fails(&args, 1);
        assert!(err.contains("not a claimlog one"), "{err}");
        assert_eq!(os_file_bytes(&env.db), foreign, "{args:?} changed the file");
    }
    let conn = Connection::open(&env.db).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);

    let newer = Env::new();
    {
        let conn = Connection::open(&newer.db).unwrap();
        conn.execute_batch("CREATE TABLE claims(x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let bytes = os_file_bytes(&newer.db);
    let err = newer.fails(&["add", "x", "--by", "A"], 1);
    assert!(err.contains("newer claimlog"), "{err}");
    assert_eq!(os_file_bytes(&newer.db), bytes);
}

#[test]
fn only_a_file_that_is_not_sqlite_is_called_so() {
    let env = Env::new();
    std::fs::write(&env.db, "text,speaker\nnot a database at all\n".repeat(100)).unwrap();
    let bytes = os_file_bytes(&env.db);
    let err = env.fails(&["list"], 1);
    assert!(err.contains("is not an SQLite database"), "{err}");
    assert_eq!(os_file_bytes(&env.db), bytes);
}

both! {
fn commands_that_record_nothing_refuse_a_missing_database(env) {
    for args in [
        vec!["list"],
        vec!["links", "check"],
        vec!["show", "1"],
        vec!["verify", "1", "--status", "verified"],
        vec!["export"],
        vec!["sources", "list"],
        vec!["retract", "claim", "1", "--reason", "x"],
    ] {
        let err = env.fails(&args, 1);
        assert!(
            err.contains(&env.db.display().to_string()) && err.contains("init"),
            "{args:?}: {err}"
        );
        assert!(!env.db.exists(), "{args:?} created the database");
    }
    // The default location too: cron has no CLAIMLOG_DB.
    let home = env.dir.path().join("home");
    let out = assert_cmd::Command::cargo_bin("claimlog")
        .unwrap()
        .env_remove("CLAIMLOG_DB")
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .args(["links", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("init"));
    assert!(!home.exists(), "links check created the data directory");

    // A mistyped --db: no directories appear.
    let typo = env.dir.path().join("no/such/dir/claims.db");
    let mut cmd = assert_cmd::Command::cargo_bin("claimlog").unwrap();
    let out = cmd
        .env("CLAIMLOG_NOW", NOW)
        .arg("--db")
        .arg(&typo)
        .args(["add", "x", "--by", "A"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!env.dir.path().join("no").exists());

    // `init` is the way to create one, directories included.
    let mut cmd = assert_cmd::Command::cargo_bin("claimlog").unwrap();
    cmd.arg("--db").arg(&typo).arg("init").assert().success();
    assert!(typo.exists());
    let listed = assert_cmd::Command::cargo_bin("claimlog")
        .unwrap()
        .arg("--db")
        .arg(&typo)
        .arg("list")
        .output()
        .unwrap();
    assert!(listed.status.success());
}
}

both! {
fn an_sqlite_uri_is_not_taken_for_a_path(env) {
    let out = assert_cmd::Command::cargo_bin("claimlog")
        .unwrap()
        .current_dir(env.dir.path())
        .args(["--db", "file:x/claims.db", "add", "x", "--by", "A"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an SQLite URI"));
    let entries: Vec<_> = std::fs::read_dir(env.dir.path()).unwrap().collect();
    assert!(entries.is_empty(), "{entries:?}");
}
}

both! {
fn demo_refuses_a_database_holding_claims(env) {
    env.add(&["mine", "--by", "A"]);
    let before = env.dump();
    let err = env.fails(&["demo"], 1);
    assert!(err.contains("already holds claims"), "{err}");
    assert_eq!(env.dump(), before);
}
}

both! {
fn undated_claims_say_when_they_were_recorded_not_made(env) {
    env.add(&["dated", "--by", "A", "--date", "2016-04-02"]);
    env.add(&["undated", "--by", "A"]);
    let table = env.ok(&["list"]);
    let undated = table.lines().find(|l| l.contains("undated")).unwrap();
    assert!(undated.contains("recorded 2024-03-01"), "{undated}");
    let dated = table.lines().find(|l| l.contains(" dated")).unwrap();
    assert!(
        dated.contains("2016-04-02") && !dated.contains("recorded"),
        "{dated}"
    );
    let json = env.json(&["list"]);
    let undated = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["text"] == "undated")
        .unwrap();
    assert!(undated["claimed_on"].is_null());
    assert_eq!(undated["created_at"], NOW);
    let csv = env.ok(&["list", "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.contains("undated"))
        .unwrap()
        .split(',')
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(row[col("claimed_on")], "");
    assert_eq!(row[col("created_at")], NOW);
    let shown = env.ok(&["show", "2"]);
    assert!(shown.contains("claimed on    unknown"), "{shown}");
    let html = env.dir.path().join("r.html");
    env.ok(&["report", "--html", html.to_str().unwrap()]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("recorded 2024-03-01") && html.contains("2016-04-02"));
}
}

both! {
fn extract_save_records_the_date_the_article_gives(env) {
    let article = env.write(
        "article.txt",
        "« Les troupes ont quitté la zone », a déclaré le ministre de la Défense.\n".as_bytes(),
    );
    env.ok(&[
        "extract",
        article.to_str().unwrap(),
        "--lang",
        "fr",
        "--save",
        "--min-confidence",
        "0",
        "--date",
        "2023-09-20",
    ]);
    let listed = env.json(&["list"]);
    let rows = listed.as_array().unwrap();
    assert!(!rows.is_empty(), "{listed}");
    assert!(
        rows.iter().all(|r| r["claimed_on"] == "2023-09-20"),
        "{listed}"
    );
    let err = env.fails(
        &[
            "extract",
            article.to_str().unwrap(),
            "--save",
            "--date",
            "20 sept",
        ],
        3,
    );
    assert!(err.contains("--date"), "{err}");
}
}

both! {
fn a_retracted_event_no_longer_counts_and_stays_in_the_history(env) {
    let id = env.add(&["x", "--by", "A"]).to_string();
    env.ok(&[
        "verify",
        &id,
        "--status",
        "unable_to_verify",
        "--at",
        "2024-01-01",
    ]);
    env.ok(&[
        "--as",
        "lea",
        "verify",
        &id,
        "--status",
        "verified",
        "--verdict",
        "true",
    ]);
    let history = env.json(&["show", &id])["history"].clone();
    let wrong = history[1]["id"].as_i64().unwrap();
    assert_eq!(history[1]["actor"], "lea");
    let before = env.dump();
    let err = env.fails(
        &["retract", "event", &wrong.to_string(), "--reason", " "],
        3,
    );
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(env.dump(), before);

    let mut cmd = env.cmd(&[
        "retract",
        "event",
        &wrong.to_string(),
        "--reason",
        "recorded on the wrong claim",
    ]);
    let out = cmd.env("CLAIMLOG_USER", "marc").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rec = &env.json(&["show", &id]);
    assert_eq!(rec["verification"], "unable_to_verify", "{rec}");
    assert!(rec["verdict"].is_null());
    let retracted = &rec["history"][1]["retracted"];
    assert_eq!(retracted["actor"], "marc");
    assert_eq!(retracted["reason"], "recorded on the wrong claim");
    let shown = env.ok(&["show", &id]);
    assert!(
        shown.contains("RETRACTED") && shown.contains("by marc"),
        "{shown}"
    );
    let html = env.dir.path().join("r.html");
    env.ok(&["report", "--html", html.to_str().unwrap()]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("retracted</strong>") && html.contains("by marc"));
    // Once only; an unknown event is named.
    let err = env.fails(
        &["retract", "event", &wrong.to_string(), "--reason", "again"],
        3,
    );
    assert!(err.contains("already retracted"), "{err}");
    let err = env.fails(&["retract", "event", "999", "--reason", "x"], 3);
    assert!(err.contains("#999"), "{err}");
    // The schema keeps retractions as it keeps events.
    assert!(env.sql_fails("DELETE FROM retractions").contains("append-only"));
}
}

both! {
fn a_withdrawn_claim_is_hidden_from_listings_and_kept_in_exports(env) {
    let keep = env.add(&["kept", "--by", "A"]);
    let gone = env.add(&["logged by mistake", "--by", "A"]);
    env.ok(&[
        "--as",
        "lea",
        "retract",
        "claim",
        &gone.to_string(),
        "--reason",
        "duplicate of another desk's entry",
    ]);
    let ids = |v: serde_json::Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(env.json(&["list"])), [keep]);
    assert_eq!(
        ids(env.json(&["list", "--include-withdrawn"])),
        [gone, keep]
    );
    assert_eq!(ids(env.json(&["list", "--withdrawn"])), [gone]);
    let shown = env.json(&["show", &gone.to_string()]);
    assert_eq!(shown["withdrawn"]["actor"], "lea");
    let export = env.ok(&["export"]);
    assert!(
        export.contains("logged by mistake") && export.contains("\"withdrawn\""),
        "{export}"
    );
    let export = env.ok(&["export", "--by", "A"]);
    assert!(export.contains("logged by mistake"), "{export}");
    let err = env.fails(&["retract", "claim", &gone.to_string(), "--reason", "x"], 3);
    assert!(err.contains("already withdrawn"), "{err}");
}
}

both! {
fn retractions_and_withdrawals_survive_an_export_and_import(env) {
    let id = env.add(&["x", "--by", "A"]).to_string();
    env.ok(&[
        "verify",
        &id,
        "--status",
        "unable_to_verify",
        "--at",
        "2024-01-01",
    ]);
    env.ok(&[
        "verify",
        &id,
        "--status",
        "verified",
        "--verdict",
        "true",
        "--note",
        "n",
    ]);
    let event = env.json(&["show", &id])["history"][1]["id"]
        .as_i64()
        .unwrap();
    env.ok(&[
        "--as",
        "lea",
        "retract",
        "event",
        &event.to_string(),
        "--reason",
        "wrong claim",
    ]);
    let gone = env.add(&["y", "--by", "B"]).to_string();
    env.ok(&[
        "--as",
        "lea",
        "retract",
        "claim",
        &gone,
        "--reason",
        "test entry",
    ]);
    let export = env.write("all.jsonl", env.ok(&["export"]).as_bytes());

    let other = env.another();
    other.ok(&["import", export.to_str().unwrap()]);
    let rec = other.json(&["show", "1"]);
    assert_eq!(rec["verification"], "unable_to_verify", "{rec}");
    assert_eq!(rec["history"][1]["retracted"]["reason"], "wrong claim");
    assert_eq!(rec["history"][1]["retracted"]["actor"], "lea");
    assert_eq!(other.json(&["list"]).as_array().unwrap().len(), 1);
    assert_eq!(
        other.json(&["show", "2"])["withdrawn"]["reason"],
        "test entry"
    );
    // Importing the same file again changes nothing.
    let before = other.dump();
    other.ok(&["import", export.to_str().unwrap()]);
    assert_eq!(other.dump(), before);
}
}

#[test]
fn a_v1_database_is_upgraded_in_place_keeping_everything() {
    let env = Env::new();
    std::fs::copy(V1_FIXTURE, &env.db).unwrap();
    let shown = &env.json(&["show", "41"]);
    assert_eq!(shown["text"], "Le pont sera rouvert en juin");
    assert_eq!(shown["verification"], "verified");
    assert_eq!(shown["history"][0]["by"], "AFP");
    assert_eq!(shown["revisions"][0]["text"], "Le pont sera rouvert en mai");
    assert_eq!(
        env.json(&["list", "--include-withdrawn"])
            .as_array()
            .unwrap()
            .len(),
        41
    );
    // The search table was rebuilt for every claim.
    let found = env.json(&["list", "--search", "prisonniers"]);
    assert!(!found.as_array().unwrap().is_empty());
    let conn = Connection::open(&env.db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    // Through every step: trust-store's (2), appearances (3), captures (4).
    assert_eq!(version, claimlog::store::SCHEMA_VERSION);
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM claims_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, 41);
    drop(conn);
    // New writes work and carry their actor.
    env.ok(&[
        "--as",
        "lea",
        "verify",
        "41",
        "--status",
        "partially_verified",
    ]);
    assert_eq!(env.json(&["show", "41"])["history"][1]["actor"], "lea");

    // Migrated and fresh files have the same schema, object by object.
    let fresh = Env::new();
    fresh.ok(&["init"]);
    assert_eq!(schema_of(&env.db), schema_of(&fresh.db));
}

/// A PostgreSQL database of the first schema claimlog wrote there (version 4,
/// `tests/fixtures/migration/pg_v4.sql`) with a claim in it is brought by every step to
/// the schema a new database gets, object by object, keeping the claim.
#[test]
fn a_postgres_database_of_the_first_version_is_upgraded_to_a_new_ones_schema() {
    let Some(env) = Env::postgres() else {
        return;
    };
    let url = env.db.to_str().unwrap();
    let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
    client
        .batch_execute(include_str!("fixtures/migration/pg_v4.sql"))
        .unwrap();
    client
        .batch_execute(
            "INSERT INTO sources(name, created_at) VALUES ('Préfecture', '2026-01-02T03:04:05Z');
             INSERT INTO source_names(key, name, source_id, is_alias)
                  VALUES ('prefecture', 'Préfecture', 1, 0);
             INSERT INTO claims(text, speaker_id, created_at, updated_at, fingerprint)
                  VALUES ('Le pont sera rouvert en mai', 1, '2026-01-02T03:04:05Z',
                          '2026-01-02T03:04:05Z', 7);",
        )
        .unwrap();
    drop(client);
    let shown = env.json(&["show", "1"]);
    assert_eq!(shown["text"], "Le pont sera rouvert en mai");
    assert_eq!(shown["speaker"], "Préfecture");
    assert_eq!(
        env.scalar("SELECT CAST(version AS bigint) FROM claimlog_schema"),
        claimlog::store::SCHEMA_VERSION
    );
    assert_eq!(env.add(&["Le pont rouvrira", "--by", "Préfecture"]), 2);
    let fresh = Env::postgres().expect("the same server");
    fresh.ok(&["init"]);
    let (migrated, new) = (
        common::pg_schema(url),
        common::pg_schema(fresh.db.to_str().unwrap()),
    );
    let only = |a: &str, b: &str| -> Vec<String> {
        a.lines()
            .filter(|l| !b.lines().any(|m| m == *l))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        (only(&migrated, &new), only(&new, &migrated)),
        (vec![], vec![]),
        "(only in the migrated database, only in a new one)"
    );
}

/// Every schema object with its columns (and for others, its SQL without layout).
fn schema_of(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let objects: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema
              WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    objects
        .into_iter()
        .map(|(kind, name, sql)| {
            if kind == "table" {
                let columns: Vec<String> = conn
                    .prepare(&format!("PRAGMA table_xinfo(\"{name}\")"))
                    .unwrap()
                    .query_map([], |r| {
                        Ok(format!(
                            "{}:{}:{}:{:?}",
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, i64>(3)?,
                            r.get::<_, Option<String>>(4)?
                        ))
                    })
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                format!("table {name} {}", columns.join(","))
            } else {
                let words: Vec<&str> = sql.split_whitespace().collect();
                format!("{kind} {name} {}", words.join(" "))
            }
        })
        .collect()
}

/// Debian 12's `sqlite3` (3.40) reads every table of a fresh and of a migrated file,
/// the search table included. Skipped, saying so, where no `sqlite3` is installed
/// (`apt-get install -y sqlite3`).
#[test]
fn every_table_reads_in_the_system_sqlite3() {
    let Ok(version) = std::process::Command::new("sqlite3")
        .arg("--version")
        .output()
    else {
        eprintln!("skipped: no sqlite3 command-line tool (apt-get install -y sqlite3)");
        return;
    };
    eprintln!(
        "sqlite3 {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    let fresh = Env::new();
    fresh.ok(&["demo"]);
    fresh.ok(&["verify", "1", "--status", "verified"]);
    let migrated = Env::new();
    std::fs::copy(V1_FIXTURE, &migrated.db).unwrap();
    migrated.ok(&["list"]);
    for env in [&fresh, &migrated] {
        let conn = Connection::open(&env.db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')
                   AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        drop(conn);
        let mut script = String::new();
        for t in &tables {
            script.push_str(&format!("SELECT '{t}', count(*) FROM \"{t}\";\n"));
        }
        script.push_str(
            "SELECT 'match', count(*) FROM claims_fts WHERE claims_fts MATCH 'prisonniers';\n",
        );
        let out = std::process::Command::new("sqlite3")
            .arg("-readonly")
            .arg(&env.db)
            .arg(&script)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && stderr.is_empty(), "{stderr}");
        for t in &tables {
            assert!(stdout.contains(&format!("{t}|")), "{t} not read: {stdout}");
        }
        assert!(!stdout.contains("match|0"), "{stdout}");
    }
}
