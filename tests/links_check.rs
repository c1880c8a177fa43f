//! `claimlog links check` against a real HTTP server on 127.0.0.1: each case's stored
//! outcome, retries, conditional requests, drift, the body cap and decoding.

mod common;
mod links_support;

use links_support::{Env, HUGE_BYTES, Server, summary};
use std::sync::atomic::Ordering;

fn run_one(e: common::Env, path: &str) -> (Env, Server, String) {
    let server = Server::start();
    let env = Env::on(e.db.clone(), Box::new(e));
    let url = server.url(path);
    env.add_claim("Les troupes ont quitté la zone", std::slice::from_ref(&url));
    let out = env.check(&["--allow-private"]);
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "{out:?}"
    );
    (env, server, url)
}

both! {
    fn check_reports_200_as_ok_with_status_and_content_hash(e) {
        let (env, server, url) = run_one(e, "/ok");
        let link = &env.links()[&url];
        assert_eq!(link["outcome"], "ok");
        assert_eq!(link["http_status"], 200);
        let history = env.history(&url);
        assert_eq!(history.len(), 1);
        assert_eq!(history[0]["content_hash"].as_str().unwrap().len(), 64);
        assert_eq!(server.seen.hits("/ok"), 1);
    }
}

both! {
    fn check_follows_301_then_302_and_records_the_chain(e) {
        let (env, server, url) = run_one(e, "/r301");
        let link = &env.links()[&url];
        assert_eq!(link["outcome"], "redirected");
        assert_eq!(link["http_status"], 200);
        assert_eq!(link["final_url"], server.url("/ok"));
        let chain = &env.history(&url)[0]["redirects"];
        assert_eq!(chain[0]["status"], 301);
        assert_eq!(chain[0]["url"], server.url("/r302"));
        assert_eq!(chain[1]["status"], 302);
        assert_eq!(chain[1]["url"], server.url("/ok"));
    }
}

both! {
    fn check_reports_a_redirect_loop_as_broken_without_looping(e) {
        let (env, server, url) = run_one(e, "/loop-a");
        assert_eq!(env.outcome(&url), "broken");
        let error = env.history(&url)[0]["error"].as_str().unwrap().to_string();
        assert!(error.contains("redirect loop"), "{error}");
        assert_eq!(server.seen.hits("/loop-a"), 1);
        assert_eq!(server.seen.hits("/loop-b"), 1);
    }
}

both! {
    fn check_reports_404_and_410_as_broken(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let (a, b) = (server.url("/404"), server.url("/410"));
        env.add_claim("x", &[a.clone(), b.clone()]);
        env.check(&["--allow-private"]);
        let links = env.links();
        assert_eq!(links[&a]["outcome"], "broken");
        assert_eq!(links[&a]["http_status"], 404);
        assert_eq!(links[&b]["outcome"], "broken");
        assert_eq!(links[&b]["http_status"], 410);
        // Not retried: a 404 is an answer, not a blip.
        assert_eq!(server.seen.hits("/404"), 1);
    }
}

both! {
    fn check_retries_a_500_and_reports_the_200_that_follows(e) {
        let (env, server, url) = run_one(e, "/500-then-200");
        assert_eq!(env.outcome(&url), "ok");
        assert_eq!(server.seen.hits("/500-then-200"), 2);
    }
}

both! {
    fn check_honours_retry_after_on_429_then_reports_ok(e) {
        let (env, server, url) = run_one(e, "/429-then-200");
        assert_eq!(env.outcome(&url), "ok");
        assert_eq!(server.seen.hits("/429-then-200"), 2);
        // Retry-After: 1 was honoured even though --retry-backoff is 10ms.
        let ms = env.history(&url)[0]["elapsed_ms"].as_i64().unwrap();
        assert!(ms >= 900, "retried after {ms} ms");
    }
}

both! {
    fn check_reports_403_as_blocked_and_never_dead(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = server.url("/403");
        env.add_claim("x", std::slice::from_ref(&url));
        let out = env.check(&["--allow-private", "--confirm-after", "0s"]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let link = &env.links()[&url];
        assert_eq!(link["outcome"], "blocked");
        assert_eq!(link["dead"], false);
    }
}

both! {
    fn check_uses_get_so_a_head_hostile_server_is_ok(e) {
        let (env, server, url) = run_one(e, "/head-hostile");
        assert_eq!(env.outcome(&url), "ok");
        assert!(
            server
                .seen
                .methods("/head-hostile")
                .iter()
                .all(|m| m == "GET")
        );
    }
}

both! {
    fn check_reports_a_response_slower_than_the_timeout_as_timeout(e) {
        let (env, server, url) = run_one(e, "/slow");
        assert_eq!(env.outcome(&url), "timeout");
        // One retry (--retries 1), then the verdict.
        assert_eq!(server.seen.hits("/slow"), 2);
        assert_eq!(env.links()[&url]["dead"], false);
    }
}

both! {
    fn check_reports_soft_404_by_text_and_by_redirect_to_the_home_page(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let text = server.url("/soft-text");
        let home = server.url("/2023/05/01/article-retire");
        let fine = server.url("/ok");
        env.add_claim("x", &[text.clone(), home.clone(), fine.clone()]);
        env.check(&["--allow-private"]);
        let links = env.links();
        assert_eq!(links[&text]["outcome"], "soft_404");
        assert_eq!(links[&home]["outcome"], "soft_404");
        assert_eq!(links[&home]["final_url"], server.url("/"));
        assert_eq!(links[&fine]["outcome"], "ok");
    }
}

both! {
    fn check_reports_changed_when_the_page_text_changes_between_runs(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let url = server.url("/drift");
        env.add_claim("x", std::slice::from_ref(&url));
        env.check(&["--allow-private"]);
        assert_eq!(env.outcome(&url), "ok");
        env.check(&["--allow-private", "--all"]);
        assert_eq!(env.outcome(&url), "ok", "same text: not changed");
        server.seen.version.store(2, Ordering::SeqCst);
        env.check(&["--allow-private", "--all"]);
        assert_eq!(env.outcome(&url), "changed");
        env.check(&["--allow-private", "--all"]);
        assert_eq!(env.outcome(&url), "ok", "compared with the last good check");
        let hashes: Vec<String> = env
            .history(&url)
            .iter()
            .map(|c| c["content_hash"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(hashes[0], hashes[1]);
        assert_ne!(hashes[1], hashes[2]);
    }
}

both! {
    fn check_sends_the_stored_etag_and_counts_a_304_as_ok_unchanged(e) {
        let (env, server, url) = run_one(e, "/etag");
        assert_eq!(env.outcome(&url), "ok");
        assert!(server.seen.if_none_match().is_empty());
        env.check(&["--allow-private", "--all"]);
        assert_eq!(server.seen.if_none_match(), vec!["\"v1\"".to_string()]);
        let history = env.history(&url);
        assert_eq!(history[1]["outcome"], "ok");
        assert_eq!(history[1]["http_status"], 304);
        assert_eq!(history[1]["content_hash"], history[0]["content_hash"]);
        assert_eq!(history[1]["etag"], "\"v1\"");
    }
}

both! {
    fn check_reads_at_most_the_body_cap_of_a_huge_file(e) {
        let (env, server, url) = run_one(e, "/huge");
        assert_eq!(env.outcome(&url), "ok");
        let sent = server.seen.huge_sent.load(Ordering::SeqCst);
        // The server may fill socket buffers past the 1 MiB read, never the whole 50 MB.
        assert!(sent < HUGE_BYTES / 2, "the server sent {sent} bytes");
    }
}

both! {
    fn check_decodes_gzip_bodies_before_hashing_and_classifying(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        let (plain, zipped, soft) = (
            server.url("/plain"),
            server.url("/gzip"),
            server.url("/gzip-soft"),
        );
        env.add_claim("x", &[plain.clone(), zipped.clone(), soft.clone()]);
        env.check(&["--allow-private"]);
        let links = env.links();
        assert_eq!(links[&zipped]["outcome"], "ok");
        assert_eq!(links[&soft]["outcome"], "soft_404");
        assert_eq!(
            env.history(&zipped)[0]["content_hash"],
            env.history(&plain)[0]["content_hash"]
        );
    }
}

both! {
    fn a_summary_counts_outcomes_and_the_table_says_what_was_checked(e) {
        let server = Server::start();
        let env = Env::on(e.db.clone(), Box::new(e));
        env.add_claim(
            "x",
            &[server.url("/ok"), server.url("/404"), server.url("/403")],
        );
        let out = env
            .cmd()
            .args(["links", "check", "--allow-private", "--host-rate", "0"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("checked 3 of 3 due links"), "{text}");
        assert!(text.contains("blocked"), "{text}");
        // Not a terminal: no progress bar on stderr.
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let again = summary(&env.check(&["--allow-private", "--all"]));
        assert_eq!(again["checked"], 3);
        assert_eq!(again["by_outcome"]["ok"], 1);
        assert_eq!(again["by_outcome"]["broken"], 1);
        assert_eq!(again["by_outcome"]["blocked"], 1);
    }
}
