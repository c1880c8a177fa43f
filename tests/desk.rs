//! A desk sharing one database: every write says who made it, `list --by-actor`
//! finds a person's work, and eight writers at once lose nothing.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{Env, NOW};

both! {
fn every_write_records_who_made_it(env) {
    let id = env.add(&["--as", "alice", "Le pont sera rouvert en mai", "--by", "Préfecture"]);
    let id = id.to_string();
    env.ok(&["--as", "bob", "appearance", "add", &id, "--outlet", "Le Monde", "--via", "AFP"]);
    env.ok(&["--as", "carol", "edit", &id, "--text", "Le pont rouvrira en mai"]);
    env.ok(&["--as", "dan", "verify", &id, "--status", "verified"]);
    env.ok(&["--as", "erin", "retract", "event", "1", "--reason", "wrong claim"]);
    let other = env.add(&["--as", "fay", "Le pont rouvrira en mai !", "--by", "Préfecture"]);
    env.ok(&["--as", "fay", "merge", &other.to_string(), &id]);
    env.ok(&["--as", "gus", "sources", "alias", "Préfecture", "la préfecture"]);
    let file = env.write(
        "one.jsonl",
        "{\"text\":\"Importé\",\"speaker\":\"B\",\"verification\":\"verified\"}\n".as_bytes(),
    );
    env.ok(&["--as", "hal", "import", file.to_str().unwrap()]);

    let rec = env.json(&["show", &id]);
    assert_eq!(rec["actor"], "alice", "{rec}");
    assert_eq!(rec["appearances"][0]["actor"], "bob", "{rec}");
    assert_eq!(rec["revisions"][0]["actor"], "carol", "{rec}");
    assert_eq!(rec["history"][0]["actor"], "dan", "{rec}");
    assert_eq!(rec["history"][0]["retracted"]["actor"], "erin", "{rec}");
    assert!(env.ok(&["show", &id]).contains("by alice"));
    let imported = env.json(&["list", "--by", "B"]);
    assert_eq!(imported[0]["actor"], "hal");
    assert_eq!(imported[0]["history"][0]["actor"], "hal");

    for (who, expect) in [
        ("alice", vec![id.clone()]),
        ("bob", vec![id.clone()]),
        ("erin", vec![id.clone()]),
        ("fay", vec![id.clone()]),
        ("hal", vec![imported[0]["id"].to_string()]),
        ("nobody", vec![]),
    ] {
        let got: Vec<String> = env
            .json(&["list", "--by-actor", who])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].to_string())
            .collect();
        assert_eq!(got, expect, "--by-actor {who}");
    }
    // "me" is whoever runs the command.
    let mine = env.json(&["--as", "erin", "list", "--by-actor", "me"]);
    assert_eq!(mine[0]["id"].to_string(), id);
    // An export keeps who did what; an import elsewhere keeps it too.
    let export = env.ok(&["export"]);
    let copy = env.another();
    let file = copy.write("all.jsonl", export.as_bytes());
    copy.ok(&["--as", "zed", "import", file.to_str().unwrap()]);
    assert_eq!(copy.ok(&["export"]), export);
}
}

both! {
fn without_as_the_actor_is_the_login_name_or_the_database_role(env) {
    let out = env
        .cmd(&["add", "x", "--by", "A", "--format", "json"])
        .env_remove("CLAIMLOG_USER")
        .env("USER", "zoe")
        .output()
        .unwrap();
    assert!(out.status.success());
    let rec = env.json(&["show", "1"]);
    // PostgreSQL knows who connected; SQLite asks the operating system.
    let want = if env.is_postgres() { "postgres" } else { "zoe" };
    assert_eq!(rec["actor"], want, "{rec}");
    let out = env
        .cmd(&["add", "y", "--by", "A"])
        .env("CLAIMLOG_USER", "yann")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(env.json(&["show", "2"])["actor"], "yann");
}
}

/// Eight processes write at once (adds, verifications, edits and imports) for a few
/// seconds (`CLAIMLOG_DESK_SECONDS`, 30 in `bench/desk.sh`): every write is there
/// afterwards with its actor, and no writer ever failed.
#[test]
fn eight_writers_at_once_lose_nothing() {
    let Some(env) = Env::postgres() else {
        return;
    };
    let seconds: u64 = std::env::var("CLAIMLOG_DESK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    env.ok(&["init"]);
    let seed = env.add(&["--as", "seed", "Claim to verify and edit", "--by", "Desk"]);
    let bin = assert_cmd::cargo::cargo_bin("claimlog");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..8)
        .map(|w| {
            let bin = bin.clone();
            let db = env.db.clone();
            let dir = env.dir.path().to_path_buf();
            std::thread::spawn(move || {
                let who = format!("writer{w}");
                let mut done = Vec::new();
                let mut i = 0;
                while Instant::now() < deadline {
                    let mut cmd = Command::new(&bin);
                    cmd.env("CLAIMLOG_NOW", NOW)
                        .arg("--db")
                        .arg(&db)
                        .args(["--as", &who, "-q"]);
                    let what = match w % 4 {
                        0 => {
                            cmd.args(["add", &format!("{who} claim {i}"), "--by", &who]);
                            "add"
                        }
                        1 => {
                            cmd.args(["verify", &seed.to_string(), "--status", "unable_to_verify"])
                                .args(["--note", &format!("{who} note {i}")]);
                            "verify"
                        }
                        2 => {
                            cmd.args(["edit", &seed.to_string(), "--tag", &format!("{who}-{i}")]);
                            "edit"
                        }
                        _ => {
                            let file = dir.join(format!("{who}-{i}.jsonl"));
                            let lines: String = (0..5)
                                .map(|k| {
                                    format!("{{\"text\":\"{who} import {i} {k}\",\"speaker\":\"{who}\"}}\n")
                                })
                                .collect();
                            std::fs::write(&file, lines).unwrap();
                            cmd.args(["import", file.to_str().unwrap()]);
                            "import"
                        }
                    };
                    let out = cmd.output().unwrap();
                    assert!(
                        out.status.success(),
                        "{who} {what} {i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    done.push(i);
                    i += 1;
                }
                (w, done.len())
            })
        })
        .collect();
    let mut counts = vec![0; 8];
    for worker in workers {
        let (w, n) = worker.join().unwrap();
        counts[w] = n;
    }
    let total = |sql: &str| env.scalar(sql);
    let adds: i64 = (0..8)
        .filter(|w| w % 4 == 0)
        .map(|w| counts[w] as i64)
        .sum();
    let verifies: i64 = (0..8)
        .filter(|w| w % 4 == 1)
        .map(|w| counts[w] as i64)
        .sum();
    let edits: i64 = (0..8)
        .filter(|w| w % 4 == 2)
        .map(|w| counts[w] as i64)
        .sum();
    let imports: i64 = (0..8)
        .filter(|w| w % 4 == 3)
        .map(|w| counts[w] as i64)
        .sum();
    assert!(
        adds > 0 && verifies > 0 && edits > 0 && imports > 0,
        "{counts:?}"
    );
    assert_eq!(
        total("SELECT count(*) FROM claims"),
        1 + adds + 5 * imports,
        "{counts:?}"
    );
    assert_eq!(total("SELECT count(*) FROM verification_events"), verifies);
    assert_eq!(
        total("SELECT count(*) FROM claim_tags WHERE claim_id = 1"),
        edits
    );
    assert_eq!(
        total(
            "SELECT count(*) FROM verification_events WHERE actor IS NULL
              OR actor NOT LIKE 'writer%'"
        ),
        0
    );
    assert_eq!(total("SELECT count(*) FROM claims WHERE actor IS NULL"), 0);
    assert_eq!(
        total("SELECT count(DISTINCT id) FROM claims"),
        total("SELECT max(id) FROM claims"),
        "ids are dense"
    );
    println!(
        "{seconds} s, 8 writers: {adds} adds, {verifies} verifications, {edits} edits, \
         {imports} imports of 5 claims; nothing lost, every event with its actor"
    );
}
