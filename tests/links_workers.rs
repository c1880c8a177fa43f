//! Several `links check` workers on one PostgreSQL database, against a real loopback
//! HTTP server that counts requests per path and the peak in flight: each due link is
//! checked by exactly one worker, the per-host limits hold over all workers together,
//! and the links of a worker killed midway go to the next run. PostgreSQL only
//! (`CLAIMLOG_TEST_PG`); SQLite has one writer.

mod common;
mod links_support;

use std::process::{Child, Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use links_support::{Env, Server, summary};

/// A fresh PostgreSQL database, or `None` (the test is skipped).
fn pg() -> Option<Env> {
    let e = common::Env::postgres()?;
    Some(Env::on(e.db.clone(), Box::new(e)))
}

/// `links check` as a background worker with `args`, printing its JSON summary.
fn worker(env: &Env, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("claimlog"))
        .env("CLAIMLOG_DB", env.db())
        .env("CLAIMLOG_NOW", &env.now)
        .args([
            "-q",
            "links",
            "check",
            "--allow-private",
            "--format",
            "json",
        ])
        .args(["--timeout", "30s", "--retries", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn sql(env: &Env, query: &str) -> i64 {
    let mut client =
        postgres::Client::connect(env.db().to_str().unwrap(), postgres::NoTls).unwrap();
    client.query_one(query, &[]).unwrap().get(0)
}

/// Links with more than one recorded check.
const CHECKED_TWICE: &str =
    "SELECT count(*) FROM (SELECT link_id FROM link_checks GROUP BY link_id HAVING count(*) > 1) d";

#[test]
fn two_and_three_workers_check_each_link_once_within_the_per_host_limit() {
    for workers in [2, 3] {
        let Some(env) = pg() else { return };
        let server = Server::start();
        let urls: Vec<String> = (0..36).map(|i| server.url(&format!("/busy/{i}"))).collect();
        env.add_claim("x", &urls);
        let children: Vec<Child> = (0..workers)
            .map(|_| worker(&env, &["--per-host", "2", "--concurrency", "8"]))
            .collect();
        let mut checked = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{out:?}");
            checked += summary(&out)["checked"].as_u64().unwrap();
        }
        assert_eq!(checked, 36, "{workers} workers");
        assert_eq!(sql(&env, "SELECT count(*) FROM link_checks"), 36);
        assert_eq!(sql(&env, CHECKED_TWICE), 0);
        for i in 0..36 {
            assert_eq!(server.seen.hits(&format!("/busy/{i}")), 1, "/busy/{i}");
        }
        let peak = server.seen.busy_peak.load(Ordering::SeqCst);
        assert!(
            (1..=2).contains(&peak),
            "{workers} workers: peak in flight {peak}"
        );
        assert_eq!(sql(&env, "SELECT count(*) FROM link_leases"), 0);
    }
}

#[test]
fn the_host_rate_holds_over_all_workers_together() {
    let Some(env) = pg() else { return };
    let server = Server::start();
    let urls: Vec<String> = (0..6).map(|i| server.url(&format!("/fast/{i}"))).collect();
    env.add_claim("x", &urls);
    // 5 starts per second to the one host, from both workers together.
    let children: Vec<Child> = (0..2)
        .map(|_| worker(&env, &["--per-host", "0", "--host-rate", "5"]))
        .collect();
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    assert_eq!(server.seen.total_hits(), 6);
    let gaps = server.seen.arrival_gaps();
    assert!(
        gaps.iter().all(|g| *g >= Duration::from_millis(100)),
        "{gaps:?}"
    );
}

#[test]
fn a_worker_killed_midway_leaves_its_links_to_the_next_run_and_nothing_is_checked_twice() {
    let Some(env) = pg() else { return };
    let server = Server::start();
    server.seen.hang.store(true, Ordering::SeqCst);
    let fast: Vec<String> = (0..20).map(|i| server.url(&format!("/fast/{i}"))).collect();
    let hang: Vec<String> = (0..20).map(|i| server.url(&format!("/hang/{i}"))).collect();
    env.add_claim("fast", &fast);
    env.add_claim("hang", &hang);

    let mut killed = worker(&env, &["--per-host", "0", "--host-rate", "0"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while sql(&env, "SELECT count(*) FROM link_checks") < 20 {
        assert!(Instant::now() < deadline, "the fast links were never saved");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(sql(&env, "SELECT count(*) FROM link_leases"), 20);
    // A hard kill: the worker's leases stay behind, void once its session is gone.
    killed.kill().unwrap();
    killed.wait().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while sql(
        &env,
        "SELECT count(*) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name LIKE 'claimlog links%'",
    ) > 0
    {
        assert!(
            Instant::now() < deadline,
            "the killed worker's sessions linger"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    server.seen.hang.store(false, Ordering::SeqCst);
    let next = worker(&env, &["--per-host", "0", "--host-rate", "0"]);
    let out = next.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let s = summary(&out);
    assert_eq!(
        (s["due"].as_u64(), s["checked"].as_u64()),
        (Some(20), Some(20))
    );
    for i in 0..20 {
        assert_eq!(server.seen.hits(&format!("/fast/{i}")), 1, "fast {i}");
        assert_eq!(server.seen.hits(&format!("/hang/{i}")), 2, "hang {i}");
    }
    assert_eq!(sql(&env, "SELECT count(*) FROM link_checks"), 40);
    assert_eq!(sql(&env, CHECKED_TWICE), 0);
    assert_eq!(sql(&env, "SELECT count(*) FROM link_leases"), 0);
}
