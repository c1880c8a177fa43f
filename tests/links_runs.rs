//! `claimlog links check` over time and across runs: the private-address guard, dead
//! confirmation and exit 4, staleness, interrupted runs, and the listings that read
//! the stored results (`links list`, `links history`, `list --dead-links`, `show`).

mod common;
mod links_support;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use links_support::{Env, Server, summary};

both! {
    fn without_allow_private_a_loopback_link_is_refused_and_never_requested(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = server.url("/ok");
        env.add_claim("x", std::slice::from_ref(&url));
        let out = env.check(&[]);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(env.outcome(&url), "refused");
        let error = env.history(&url)[0]["error"].as_str().unwrap().to_string();
        assert!(error.contains("loopback"), "{error}");
        assert_eq!(server.seen.total_hits(), 0);
    }
}

both! {
    fn a_name_resolving_to_loopback_is_refused_too(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = format!("http://localhost:{}/ok", server.addr.port());
        env.add_claim("x", std::slice::from_ref(&url));
        env.check(&[]);
        assert_eq!(env.outcome(&url), "refused");
        assert_eq!(server.seen.total_hits(), 0);
    }
}

both! {
    fn an_ipv4_compatible_ipv6_spelling_of_loopback_is_refused_without_a_connection(e) {
        // `[::127.0.0.1]` and its kin embed 127.0.0.1; each is classified by that address.
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let port = server.addr.port();
        let urls: Vec<String> = [
            "[::127.0.0.1]",
            "[::ffff:127.0.0.1]",
            "[64:ff9b::127.0.0.1]",
            "[2002:7f00:1::1]",
        ]
        .iter()
        .map(|host| format!("http://{host}:{port}/ok"))
        .collect();
        env.add_claim("x", &urls);
        let out = env.check(&[]);
        assert!(out.status.success(), "{out:?}");
        let links = env.links();
        assert_eq!(links.len(), 4, "{links:?}");
        for (url, link) in &links {
            // `refused` is decided before connecting; a connection attempt would end
            // `unreachable` (the kernel does not route these forms) or `ok`.
            assert_eq!(link["outcome"], "refused", "{url}: {link}");
            let error = env.history(url)[0]["error"].as_str().unwrap().to_string();
            assert!(error.contains("loopback"), "{url}: {error}");
        }
        assert_eq!(server.seen.total_hits(), 0);
    }
}

both! {
    fn credentials_in_a_url_are_dropped_with_a_warning_and_never_sent(e) {
        let target = Server::start();
        let port = target.addr.port();
        let relay = Server::start_on(
            "127.0.0.2",
            Some(format!("http://bob:hunter2@127.0.0.1:{port}/ok")),
        );
        let env = Env::on(e.db.clone(), Box::new(e));
        let typed = format!("http://alice:s3cret@127.0.0.1:{port}/ok");
        let out = env
            .cmd()
            .args(["add", "x", "--by", "Ministère", "--url", &typed])
            .args(["--url", &relay.url("/to-other")])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--url: the user name and password in the URL were dropped"),
            "{stderr}"
        );
        let export = env.cmd().args(["export"]).output().unwrap();
        let export = String::from_utf8_lossy(&export.stdout);
        assert!(
            !export.contains("alice") && !export.contains("s3cret"),
            "{export}"
        );
        assert!(
            export.contains(&format!("http://127.0.0.1:{port}/ok")),
            "{export}"
        );
        env.check(&["--allow-private"]);
        assert_eq!(
            target.seen.hits("/ok"),
            2,
            "the link and the redirect's target"
        );
        assert_eq!(target.seen.authorization(), Vec::<String>::new());
    }
}

both! {
    fn a_proxy_in_the_environment_cannot_carry_a_request_past_the_guard(e) {
        // A proxy would resolve the name itself, so the guard would never see the address.
        let proxy = Server::start();
        let target = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = format!("http://localhost:{}/ok", target.addr.port());
        env.add_claim("x", std::slice::from_ref(&url));
        let proxy_url = proxy.url("");
        let out = env
            .cmd()
            .args(["links", "check", "--timeout", "1s", "--format", "json"])
            .env("HTTP_PROXY", &proxy_url)
            .env("http_proxy", &proxy_url)
            .env("ALL_PROXY", &proxy_url)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(env.outcome(&url), "refused");
        assert_eq!(proxy.seen.total_hits(), 0);
        assert_eq!(target.seen.total_hits(), 0);
    }
}

both! {
    fn a_redirect_from_an_allowed_host_to_a_private_one_is_refused(e) {
        let forbidden = Server::start_on("127.0.0.1", None);
        let allowed = Server::start_on("127.0.0.2", Some(forbidden.url("/ok")));
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = allowed.url("/to-other");
        env.add_claim("x", std::slice::from_ref(&url));
        // Only 127.0.0.2 is allowed; 127.0.0.1 stays forbidden.
        env.check(&["--allow-address", "127.0.0.2"]);
        assert_eq!(allowed.seen.hits("/to-other"), 1);
        assert_eq!(forbidden.seen.total_hits(), 0);
        let link = &env.links()[&url];
        assert_eq!(link["outcome"], "refused");
        assert_eq!(link["final_url"], forbidden.url("/ok"));
    }
}

both! {
    fn one_failing_check_does_not_flag_a_link_but_failures_spanning_a_day_do(e) {
        let server = Server::start();
        let mut env = Env::on(e.db.clone(), Box::new(e));
        let dead = server.url("/404");
        let alive = server.url("/ok");
        let claim = env.add_claim("Le ministère l'a annoncé", std::slice::from_ref(&dead));
        let other = env.add_claim("Une autre affirmation", &[dead.clone(), alive.clone()]);
        let first = env.check(&["--allow-private"]);
        assert_eq!(first.status.code(), Some(0), "a single failure exits 0");
        assert!(summary(&first)["newly_dead"].as_array().unwrap().is_empty());
        assert_eq!(env.links()[&dead]["dead"], false);

        // The next night: the failure spans a day and the link is confirmed dead.
        env.now = "2024-03-02T02:00:00Z".into();
        let second = env.check(&["--allow-private"]);
        assert_eq!(second.status.code(), Some(4), "{second:?}");
        let newly = &summary(&second)["newly_dead"];
        assert_eq!(newly.as_array().unwrap().len(), 1);
        assert_eq!(newly[0]["url"], dead.as_str());
        assert_eq!(newly[0]["claims"], serde_json::json!([claim, other]));

        // Still dead the night after, but not newly: cron stays quiet.
        env.now = "2024-03-03T02:00:00Z".into();
        assert_eq!(env.check(&["--allow-private"]).status.code(), Some(0));

        let dead_claims = env
            .cmd()
            .args(["list", "--dead-links", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let ids: Vec<i64> = serde_json::from_slice::<Vec<serde_json::Value>>(&dead_claims)
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&claim) && ids.contains(&other));

        let show = env
            .cmd()
            .args(["show", &claim.to_string()])
            .assert()
            .success();
        let text = String::from_utf8_lossy(&show.get_output().stdout).to_string();
        assert!(text.contains("broken 404"), "{text}");
        assert!(text.contains("DEAD"), "{text}");

        let dead_only = env
            .cmd()
            .args(["links", "list", "--dead", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&dead_only).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["url"], dead.as_str());
        let history = env.history(&dead);
        let confirmed: Vec<bool> = history
            .iter()
            .map(|c| c["confirmed_dead"].as_bool().unwrap())
            .collect();
        assert_eq!(confirmed, vec![false, true, false]);
    }
}

both! {
    fn the_table_summary_names_the_claims_that_lost_their_evidence(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let dead = server.url("/410");
        let claim = env.add_claim("x", std::slice::from_ref(&dead));
        let out = env
            .cmd()
            .args(["links", "check", "--allow-private", "--confirm-after", "0s"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("1 link newly confirmed dead; its claims lost evidence"),
            "{text}"
        );
        assert!(
            text.contains(&format!("{dead} (broken, cited by #{claim})")),
            "{text}"
        );
    }
}

both! {
    fn quiet_prints_nothing_on_a_quiet_night_and_only_the_newly_dead_links_otherwise(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let alive = server.url("/ok");
        let claim = env.add_claim("x", std::slice::from_ref(&alive));
        let quiet = |extra: &[&str]| {
            env.cmd()
                .args(["-q", "links", "check", "--allow-private", "--all"])
                .args(extra)
                .output()
                .unwrap()
        };
        let out = quiet(&[]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "a quiet night");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");

        let dead = server.url("/410");
        env.add_claim("y", std::slice::from_ref(&dead));
        let out = quiet(&["--confirm-after", "0s"]);
        assert_eq!(out.status.code(), Some(4));
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            text,
            format!("  {dead} (broken, cited by #{})\n", claim + 1)
        );
    }
}

both! {
    fn check_with_format_csv_prints_the_counts_by_outcome_as_csv(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        env.add_claim("x", &[server.url("/ok"), server.url("/404")]);
        let out = env.check(&["--allow-private", "--format", "csv"]);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "outcome,links\nok,1\nbroken,1\n"
        );
    }
}

both! {
    fn a_good_check_clears_a_dead_link(e) {
        let server = Server::start();
        let mut env = Env::on(e.db.clone(), Box::new(e));
        let url = server.url("/flip");
        env.add_claim("x", std::slice::from_ref(&url));
        let first = env.check(&["--allow-private", "--confirm-after", "0s"]);
        assert_eq!(first.status.code(), Some(4));
        assert_eq!(env.links()[&url]["dead"], true);

        server.seen.version.store(1, Ordering::SeqCst);
        env.now = "2024-03-02T02:00:00Z".into();
        assert_eq!(env.check(&["--allow-private"]).status.code(), Some(0));
        let link = &env.links()[&url];
        assert_eq!(link["outcome"], "ok");
        assert_eq!(link["dead"], false);
        assert!(link["dead_since"].is_null() && link["failing_since"].is_null());
        let listed = env
            .cmd()
            .args(["list", "--dead-links", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(String::from_utf8_lossy(&listed).trim(), "[]");
    }
}

both! {
    fn recently_checked_links_are_skipped_unless_all_or_stale(e) {
        let server = Server::start();
        let mut env = Env::on(e.db.clone(), Box::new(e));
        env.add_claim("x", &[server.url("/ok"), server.url("/plain")]);
        assert_eq!(summary(&env.check(&["--allow-private"]))["checked"], 2);
        assert_eq!(summary(&env.check(&["--allow-private"]))["checked"], 0);
        assert_eq!(
            summary(&env.check(&["--allow-private", "--all"]))["checked"],
            2
        );
        env.now = "2024-03-01T08:00:00Z".into();
        assert_eq!(
            summary(&env.check(&["--allow-private", "--stale-after", "4h"]))["checked"],
            2
        );
        assert_eq!(server.seen.hits("/ok"), 3);
    }
}

both! {
    fn an_interrupted_run_keeps_finished_results_and_the_next_run_checks_only_the_rest(e) {
        let server = Server::start();
        server.seen.hang.store(true, Ordering::SeqCst);
        let env = Env::on(e.db.clone(), Box::new(e));
        let fast: Vec<String> = (0..20).map(|i| server.url(&format!("/fast/{i}"))).collect();
        let hang: Vec<String> = (0..20).map(|i| server.url(&format!("/hang/{i}"))).collect();
        env.add_claim("fast", &fast);
        env.add_claim("hang", &hang);

        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimlog"));
        cmd.env("CLAIMLOG_DB", env.db())
            .env("CLAIMLOG_NOW", &env.now)
            .args([
                "-q",
                "links",
                "check",
                "--allow-private",
                "--timeout",
                "30s",
            ])
            .args(["--per-host", "0", "--host-rate", "0", "--format", "json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = cmd.spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let saved = env.scalar("SELECT count(*) FROM link_checks");
            if saved >= 20 {
                break;
            }
            assert!(Instant::now() < deadline, "the fast links were never saved");
            std::thread::sleep(Duration::from_millis(50));
        }
        // A hard kill: nothing gets a chance to clean up.
        child.kill().unwrap();
        child.wait().unwrap();
        let links = env.links();
        assert!(fast.iter().all(|u| links[u]["outcome"] == "ok"));
        assert!(hang.iter().all(|u| links[u]["outcome"].is_null()));

        server.seen.hang.store(false, Ordering::SeqCst);
        let second = summary(&env.check(&["--allow-private"]));
        assert_eq!(second["due"], 20);
        assert_eq!(second["checked"], 20);
        for i in 0..20 {
            assert_eq!(
                server.seen.hits(&format!("/fast/{i}")),
                1,
                "fast link {i} re-checked"
            );
            assert_eq!(server.seen.hits(&format!("/hang/{i}")), 2);
        }
        let links = env.links();
        assert!(hang.iter().all(|u| links[u]["outcome"] == "ok"));
    }
}

both! {
    #[cfg(unix)]
    fn sigterm_stops_a_run_saving_what_it_finished_and_saying_so(e) {
        let server = Server::start();
        server.seen.hang.store(true, Ordering::SeqCst);
        let env = Env::on(e.db.clone(), Box::new(e));
        env.add_claim("x", &[server.url("/fast/1"), server.url("/hang/1")]);
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimlog"))
            .env("CLAIMLOG_DB", env.db())
            .env("CLAIMLOG_NOW", &env.now)
            .args([
                "links",
                "check",
                "--allow-private",
                "--timeout",
                "30s",
                "--format",
                "json",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.seen.hits("/hang/1") == 0 || server.seen.hits("/fast/1") == 0 {
            assert!(Instant::now() < deadline, "the run never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(200));
        let kill = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let out = child.wait_with_output().unwrap();
        server.seen.hang.store(false, Ordering::SeqCst);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("interrupted"), "{stderr}");
        let s = summary(&out);
        assert_eq!(s["interrupted"], true);
        assert_eq!(s["checked"], 1);
        assert_eq!(env.outcome(&server.url("/fast/1")), "ok");
    }
}

both! {
    fn links_history_lists_every_check_and_refuses_an_unknown_url(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = server.url("/ok");
        env.add_claim("x", std::slice::from_ref(&url));
        env.check(&["--allow-private"]);
        env.check(&["--allow-private", "--all"]);
        assert_eq!(env.history(&url).len(), 2);
        let out = env
            .cmd()
            .args(["links", "history", "https://nowhere.example/a"])
            .assert()
            .code(3);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains("no link"), "{stderr}");
    }
}

both! {
    fn links_list_filters_by_outcome_and_rejects_an_unknown_one(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        env.add_claim(
            "x",
            &[server.url("/ok"), server.url("/404"), server.url("/403")],
        );
        env.check(&["--allow-private"]);
        let out = env
            .cmd()
            .args(["links", "list", "--outcome", "broken", "--format", "csv"])
            .assert()
            .success();
        let csv = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv.contains("/404"), "{csv}");
        let bad = env
            .cmd()
            .args(["links", "list", "--outcome", "dead"])
            .assert()
            .code(3);
        let stderr = String::from_utf8_lossy(&bad.get_output().stderr).to_string();
        assert!(stderr.contains("soft_404"), "{stderr}");
    }
}

both! {
    fn no_host_sees_more_requests_in_flight_than_per_host(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let urls: Vec<String> = (0..12).map(|i| server.url(&format!("/busy/{i}"))).collect();
        env.add_claim("x", &urls);
        let out = env.check(&["--allow-private", "--per-host", "2", "--concurrency", "64"]);
        assert_eq!(summary(&out)["by_outcome"]["ok"], 12);
        let peak = server.seen.busy_peak.load(Ordering::SeqCst);
        assert!((1..=2).contains(&peak), "peak in flight {peak}");
    }
}

both! {
    fn global_concurrency_caps_requests_in_flight_over_all_hosts(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let urls: Vec<String> = (0..12).map(|i| server.url(&format!("/busy/{i}"))).collect();
        env.add_claim("x", &urls);
        env.check(&["--allow-private", "--per-host", "0", "--concurrency", "3"]);
        let peak = server.seen.busy_peak.load(Ordering::SeqCst);
        assert!((1..=3).contains(&peak), "peak in flight {peak}");
    }
}

both! {
    fn host_rate_spaces_the_requests_to_one_host(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let urls: Vec<String> = (0..5).map(|i| server.url(&format!("/fast/{i}"))).collect();
        env.add_claim("x", &urls);
        // 5 per second: starts at least 200 ms apart (arrivals allow for some jitter).
        env.cmd()
            .args([
                "links",
                "check",
                "--allow-private",
                "--per-host",
                "0",
                "--host-rate",
                "5",
            ])
            .assert()
            .success();
        let gaps = server.seen.arrival_gaps();
        assert_eq!(gaps.len(), 4);
        assert!(
            gaps.iter().all(|g| *g >= Duration::from_millis(100)),
            "{gaps:?}"
        );
    }
}

both! {
    fn links_added_during_a_run_wait_for_the_next_so_checked_never_exceeds_due(e) {
        let server = Server::start();
        server.seen.hang.store(true, Ordering::SeqCst);
        let env = Env::on(e.db.clone(), Box::new(e));
        env.add_claim("lent", &[server.url("/hang/1")]);
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimlog"))
            .env("CLAIMLOG_DB", env.db())
            .env("CLAIMLOG_NOW", &env.now)
            .args(["links", "check", "--allow-private", "--timeout", "30s"])
            .args(["--host-rate", "0", "--format", "json"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.seen.hits("/hang/1") == 0 {
            assert!(Instant::now() < deadline, "the run never started");
            std::thread::sleep(Duration::from_millis(20));
        }
        env.add_claim("nouveau", &[server.url("/ok")]);
        // The run looks for more due links at least every second.
        std::thread::sleep(Duration::from_millis(1500));
        server.seen.hang.store(false, Ordering::SeqCst);
        let out = child.wait_with_output().unwrap();
        let s = summary(&out);
        assert_eq!(
            (s["due"].as_u64(), s["checked"].as_u64()),
            (Some(1), Some(1)),
            "{s}"
        );
        assert_eq!(server.seen.hits("/ok"), 0);
    }
}
