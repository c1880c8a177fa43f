//! `links check --archive`, `links archive`, `links captures` and `links replay` against
//! a real HTTP server on 127.0.0.1: the WARC files pass `warcio check` and index with
//! `warcio index`, replay gives back the bytes served, an unchanged page is a revisit,
//! the body cap marks the record truncated, and a run killed with SIGKILL leaves no row
//! pointing to a partial record.
//!
//! The warcio checks need `warcio` on PATH (`pip install warcio`); without it they are
//! skipped with a message, unless CLAIMLOG_CI_TOOLS is set (CI), where they fail.

mod links_support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;
use std::sync::atomic::Ordering;
use std::time::Duration;

use links_support::{ARTICLE, Env, Server};

fn warcio_available() -> bool {
    let ok = StdCommand::new("warcio")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CLAIMLOG_CI_TOOLS").is_none(),
            "warcio is not on PATH: pip install warcio"
        );
        eprintln!("skipping the warcio checks: warcio is not installed (pip install warcio)");
    }
    ok
}

fn warc_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    files
}

/// `warcio check` and `warcio index` on every file; returns the index lines.
fn warcio_valid(dir: &Path) -> Vec<serde_json::Value> {
    let files = warc_files(dir);
    assert!(!files.is_empty(), "no WARC file in {}", dir.display());
    let check = StdCommand::new("warcio")
        .arg("check")
        .arg("-v")
        .args(&files)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "warcio check failed: {}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let index = StdCommand::new("warcio")
        .args([
            "index",
            "-f",
            "warc-type,warc-target-uri,warc-truncated,warc-profile,offset,length",
        ])
        .args(&files)
        .output()
        .unwrap();
    assert!(index.status.success(), "warcio index failed: {index:?}");
    String::from_utf8(index.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn archive_dir(env: &Env) -> PathBuf {
    env.dir.path().join("claims-archive")
}

fn captures(env: &Env, url: &str) -> Vec<serde_json::Value> {
    let out = env
        .cmd()
        .args(["links", "captures", url, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn replay(env: &Env, url: &str, extra: &[&str]) -> Vec<u8> {
    env.cmd()
        .args(["links", "replay", url])
        .args(extra)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// The body the server sends for `path`, read over a plain socket (identity encoding).
fn served(server: &Server, path: &str) -> Vec<u8> {
    let mut s = std::net::TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    raw[end + 4..].to_vec()
}

fn archive(env: &Env, extra: &[&str]) -> serde_json::Value {
    let out = env
        .cmd()
        .args([
            "links",
            "archive",
            "--allow-private",
            "--timeout",
            "5s",
            "--host-rate",
            "0",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn check_archive_keeps_pages_that_warcio_reads_and_replay_gives_back() {
    let server = Server::start();
    let env = Env::new();
    let paths = ["/ok", "/r301", "/404", "/gzip", "/huge"];
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    env.add_claim("Les troupes ont quitté la zone", &urls);
    let out = env.check(&[
        "--allow-private",
        "--archive",
        "--capture-cap",
        "1MiB",
        "--timeout",
        "5s",
    ]);
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["captures"]["captured"], 4, "{summary}");
    assert!(summary["captures"]["total_bytes"].as_u64().unwrap() > 0);

    // One capture per 2xx page; the check's own request, no second fetch.
    assert_eq!(
        server.seen.hits("/ok"),
        2,
        "one check of /ok and one via /r301's chain"
    );
    assert!(captures(&env, &server.url("/404")).is_empty());
    let redirected = captures(&env, &server.url("/r301"));
    assert_eq!(redirected[0]["url"], server.url("/ok"));

    assert_eq!(
        replay(&env, &server.url("/ok"), &[]),
        served(&server, "/ok")
    );
    let gz = String::from_utf8(replay(&env, &server.url("/gzip"), &[])).unwrap();
    assert!(gz.contains(ARTICLE), "gzip decoded on replay: {gz}");
    let with_headers = String::from_utf8(replay(&env, &server.url("/ok"), &["--headers"])).unwrap();
    assert!(
        with_headers.starts_with("HTTP/1.1 200 OK\r\n"),
        "{with_headers}"
    );

    let huge = captures(&env, &server.url("/huge"));
    assert_eq!(huge[0]["truncated"], true);
    assert_eq!(huge[0]["body_bytes"], 1 << 20);

    if warcio_available() {
        let index = warcio_valid(&archive_dir(&env));
        assert_eq!(index[0]["warc-type"], "warcinfo");
        let truncated: Vec<_> = index
            .iter()
            .filter(|r| r["warc-truncated"] == "length")
            .collect();
        assert_eq!(truncated.len(), 1);
        assert_eq!(truncated[0]["warc-target-uri"], server.url("/huge"));
        let responses = index
            .iter()
            .filter(|r| r["warc-type"] == "response")
            .count();
        let requests = index.iter().filter(|r| r["warc-type"] == "request").count();
        assert_eq!((responses, requests), (4, 4));
    }
}

#[test]
fn an_unchanged_page_is_a_revisit_and_a_changed_one_a_new_copy() {
    let server = Server::start();
    let mut env = Env::new();
    let (ok, drift) = (server.url("/ok"), server.url("/drift"));
    env.add_claim("Le communiqué", &[ok.clone(), drift.clone()]);
    let first = archive(&env, &[]);
    assert_eq!(first["captures"]["captured"], 2, "{first}");
    // Captured just now: nothing is due.
    let none = archive(&env, &[]);
    assert_eq!(none["checked"], 0, "{none}");
    server.seen.version.store(1, Ordering::SeqCst);
    env.now = "2024-03-02T02:00:00Z".to_string();
    let second = archive(&env, &["--all"]);
    assert_eq!(second["captures"]["captured"], 1, "{second}");
    assert_eq!(second["captures"]["revisits"], 1, "{second}");
    assert_eq!(second["captures"]["total_captures"], 4);

    let kept = captures(&env, &ok);
    assert_eq!(kept[1]["kind"], "revisit");
    assert_eq!(kept[1]["refers_to"], kept[0]["id"]);
    // A revisit replays the original's body.
    assert_eq!(replay(&env, &ok, &[]), served(&server, "/ok"));
    let changed = captures(&env, &drift);
    assert_eq!(changed[1]["kind"], "response");
    let old = String::from_utf8(replay(&env, &drift, &["--at", "2020-01-01"])).unwrap();
    assert!(old.contains("Version 0"), "{old}");
    let new = String::from_utf8(replay(&env, &drift, &[])).unwrap();
    assert!(new.contains("Version 1"), "{new}");

    if warcio_available() {
        let index = warcio_valid(&archive_dir(&env));
        let revisit = index.iter().find(|r| r["warc-type"] == "revisit").unwrap();
        assert_eq!(
            revisit["warc-profile"],
            "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
        );
        // Each run's file opens with its own warcinfo.
        let infos = index
            .iter()
            .filter(|r| r["warc-type"] == "warcinfo")
            .count();
        assert_eq!(infos, warc_files(&archive_dir(&env)).len());
    }
}

#[test]
fn replay_of_an_uncaptured_link_says_how_to_capture_it() {
    let server = Server::start();
    let env = Env::new();
    let url = server.url("/ok");
    env.add_claim("Le communiqué", std::slice::from_ref(&url));
    let out = env.cmd().args(["links", "replay", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("never captured") && err.contains("links archive"),
        "{err}"
    );
    let bad = env
        .cmd()
        .args(["links", "archive", "--capture-cap", "lots"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// Rows point only to whole records: every capture reads back, within its file.
fn rows_point_to_whole_records(env: &Env) -> usize {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = conn
        .prepare("SELECT warc_file, warc_offset, warc_length FROM captures")
        .unwrap();
    let rows: Vec<(String, u64, u64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let dir = archive_dir(env);
    let n = rows.len();
    for (file, offset, length) in rows {
        let path = claimlog::archive::warc::existing_path(&dir, &file);
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(
            offset + length <= size,
            "{file}: row past the end ({offset}+{length} > {size})"
        );
        claimlog::archive::warc::read_record(&path, offset, length).unwrap();
    }
    n
}

fn capture_rows(env: &Env) -> i64 {
    let Ok(conn) = rusqlite::Connection::open(env.db()) else {
        return 0;
    };
    conn.query_row("SELECT count(*) FROM captures", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn archive_killed_at_any_point_leaves_whole_records_and_the_next_run_finishes() {
    let server = Server::start();
    let env = Env::new();
    let urls: Vec<String> = (0..120)
        .map(|i| server.url(&format!("/busy/{i}")))
        .collect();
    for chunk in urls.chunks(40) {
        env.add_claim("Les troupes ont quitté la zone", chunk);
    }
    let huge = server.url("/huge");
    env.add_claim("Un très gros fichier", std::slice::from_ref(&huge));
    // Kill points: while starting, then once this many more captures are recorded
    // than before the run (each run recaptures everything with --all).
    for (kill, more) in [0i64, 1, 10, 25, 40, 80].into_iter().enumerate() {
        let before = capture_rows(&env);
        let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("claimlog"))
            .env("CLAIMLOG_DB", env.db())
            .env("CLAIMLOG_NOW", &env.now)
            .args([
                "links",
                "archive",
                "--all",
                "--allow-private",
                "--host-rate",
                "0",
                "--per-host",
                "8",
                "--capture-cap",
                "4MiB",
                "-q",
            ])
            .spawn_and_forget();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        if more == 0 {
            std::thread::sleep(Duration::from_millis(30));
        } else {
            while capture_rows(&env) < before + more && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let rows = rows_point_to_whole_records(&env);
        if warcio_available() && !warc_files(&archive_dir(&env)).is_empty() {
            warcio_valid(&archive_dir(&env));
        }
        eprintln!(
            "kill {kill}: {} captures recorded by that run, all whole",
            rows as i64 - before
        );
    }
    let last = archive(&env, &["--capture-cap", "4MiB"]);
    assert_eq!(last["interrupted"], false);
    rows_point_to_whole_records(&env);
    // No `.open` file is left once a run finished: every file is whole.
    let open = std::fs::read_dir(archive_dir(&env))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".open")
        })
        .count();
    assert_eq!(open, 0);
    if warcio_available() {
        warcio_valid(&archive_dir(&env));
    }
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let uncaptured: i64 = conn
        .query_row(
            "SELECT count(*) FROM links WHERE last_captured_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(uncaptured, 0);
}

trait SpawnForget {
    fn spawn_and_forget(&mut self) -> std::process::Child;
}

impl SpawnForget for StdCommand {
    fn spawn_and_forget(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    }
}

#[test]
fn links_diff_shows_the_paragraphs_an_edit_changed_and_show_the_archived_copy() {
    let server = Server::start();
    let env = Env::new();
    let url = server.url("/drift");
    let id = env.add_claim("Le communiqué", std::slice::from_ref(&url));
    let out = env.check(&["--allow-private", "--archive"]);
    assert!(out.status.success(), "{out:?}");
    server.seen.version.store(1, Ordering::SeqCst);
    let out = env.check(&["--allow-private", "--all"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(env.outcome(&url), "changed");
    let diff = env
        .cmd()
        .args(["links", "diff", &url])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let diff = String::from_utf8(diff).unwrap();
    assert!(diff.contains("- Version 0 du communiqué."), "{diff}");
    assert!(diff.contains("+ Version 1 du communiqué."), "{diff}");
    let shown = env
        .cmd()
        .args(["show", &id.to_string(), "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown: serde_json::Value = serde_json::from_slice(&shown).unwrap();
    assert_eq!(shown["links"][0]["archived_at"], links_support::NOW);
    assert_eq!(env.links()[&url]["archived_at"], links_support::NOW);
}

#[test]
fn a_body_past_the_default_cap_is_kept_to_the_cap_through_a_spill_file() {
    let server = Server::start();
    let env = Env::new();
    let url = server.url("/huge");
    env.add_claim("Le rapport complet", std::slice::from_ref(&url));
    // The default cap (20 MiB) on a 50 MiB body; all but the first MiB waits on disk.
    let out = env.check(&["--allow-private", "--archive", "--timeout", "30s"]);
    assert!(out.status.success(), "{out:?}");
    let kept = captures(&env, &url);
    assert_eq!(kept[0]["truncated"], true);
    assert_eq!(kept[0]["body_bytes"], 20 << 20);
    let body = replay(&env, &url, &[]);
    assert_eq!(body.len(), 20 << 20);
    assert!(body.iter().all(|&b| b == b'a'));
    let spill = archive_dir(&env).join(".spill");
    assert_eq!(
        std::fs::read_dir(&spill).unwrap().count(),
        0,
        "no body left behind"
    );
    if warcio_available() {
        let index = warcio_valid(&archive_dir(&env));
        assert!(index.iter().any(|r| r["warc-truncated"] == "length"));
    }
}
