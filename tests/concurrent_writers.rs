//! Writers wait for each other for as long as it takes and say so: an `add` and a
//! `links check` started during a long import both finish after it, keeping every
//! result, and the import stays all-or-nothing.

mod common;
mod links_support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Env;
use links_support::Server;

/// Claims imported; the import reads them from a pipe that stays open for
/// [`HOLD`] half-way, so it holds the write lock at least that long on any machine.
const IMPORTED: usize = 6_000;
const HOLD: Duration = Duration::from_millis(2500);

fn claimlog(env: &Env) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("claimlog"));
    cmd.env("CLAIMLOG_NOW", common::NOW)
        .env_remove("CLAIMLOG_DB")
        .arg("--db")
        .arg(&env.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn add_and_links_check_wait_for_a_long_import_and_say_so() {
    let server = Server::start();
    let env = Env::new();
    env.add(&[
        "cited",
        "--by",
        "A",
        "--url",
        &server.url("/ok"),
        "--url",
        &server.url("/plain"),
    ]);
    let mut lines = String::new();
    for i in 0..IMPORTED {
        lines.push_str(&format!(
            "{{\"text\":\"generated claim {i}\",\"speaker\":\"Speaker {}\"}}\n",
            i % 300
        ));
    }
    let (first, second) = lines.split_at(lines.len() / 2);

    let mut import = claimlog(&env)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut feed = import.stdin.take().unwrap();
    feed.write_all(first.as_bytes()).unwrap();
    // The import holds the write lock once it has said so beside the database.
    let mark = env.dir.path().join("claims.db-writer");
    let started = Instant::now();
    while !std::fs::read_to_string(&mark).is_ok_and(|m| m.starts_with("import")) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the import never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let add = claimlog(&env)
        .args(["add", "added meanwhile", "--by", "B"])
        .spawn()
        .unwrap();
    let check = claimlog(&env)
        .args([
            "links",
            "check",
            "--timeout",
            "2s",
            "--host-rate",
            "0",
            "--allow-private",
            "--format",
            "json",
        ])
        .spawn()
        .unwrap();

    std::thread::sleep(HOLD);
    feed.write_all(second.as_bytes()).unwrap();
    drop(feed);
    let import_pid = import.id();
    let import = import.wait_with_output().unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    for (what, child) in [("add", add), ("links check", check)] {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{what}: {stderr}");
        let said = format!(
            "waiting for another claimlog writing to {} (import, pid {import_pid})",
            env.db.display()
        );
        assert!(
            stderr.contains(&said),
            "{what} did not say it waited: {stderr}"
        );
        if what == "links check" {
            let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(summary["checked"], 2, "{summary}");
        }
    }
    let all = env.json(&["list", "--limit", "100000"]);
    assert_eq!(all.as_array().unwrap().len(), IMPORTED + 2);
    let links = env.json(&["links", "list"]);
    let checked = links
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["outcome"] == "ok")
        .count();
    assert_eq!(checked, 2, "{links}");
}
