//! `claimlog serve`: the JSON API gives the same claims, byte for byte, as `list` and
//! `show --format json` on the same database, for every list filter; access rules
//! (401 without credentials, 403 for a viewer's change, a form without its CSRF token
//! or a read-only server); the one-time URL with no users; hostile claim text shown
//! as text. The server is the real binary on 127.0.0.1; the data is the bundled sample
//! (claims from real French articles) plus hostile texts and a really dead link.

#[macro_use]
mod common;
mod serve_support;

use std::path::Path;

use serve_support::*;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn cli_json(db: &std::path::Path, args: &[&str]) -> String {
    let out = claimlog(db)
        .args(["list", "--format", "json"])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

both! {
    fn every_list_filter_gives_the_same_claims_as_the_cli(env) {
        fill_sample(&env.db);
        runtime().block_on(every_list_filter_gives_the_same_claims_as_the_cli_on(&env.db));
    }
}

async fn every_list_filter_gives_the_same_claims_as_the_cli_on(db: &Path) {
    let db = db.to_path_buf();
    add_user(&db, "alice", "editor", "pw-alice");
    let token = token(&db, "alice");
    let server = Server::start(&db, &[]);
    let c = client();
    // (query, the same filter as `list` flags)
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("unverified=1", &["--unverified"]),
        ("verification=verified", &["--verification", "verified"]),
        (
            "verification=verified&verification=partially_verified",
            &[
                "--verification",
                "verified",
                "--verification",
                "partially_verified",
            ],
        ),
        ("verdict=mostly_true", &["--verdict", "mostly_true"]),
        ("by=ARMARAS", &["--by", "ARMARAS"]),
        ("outlet=Atlantico", &["--outlet", "Atlantico"]),
        ("via=Le%20Figaro", &["--via", "Le Figaro"]),
        ("tag=artsakh", &["--tag", "artsakh"]),
        ("lang=fr", &["--lang", "fr"]),
        ("since=2016-04-01", &["--since", "2016-04-01"]),
        ("until=2016-04-02", &["--until", "2016-04-02"]),
        (
            "since=2016-01-01&until=2016-04-02",
            &["--since", "2016-01-01", "--until", "2016-04-02"],
        ),
        ("dead_links=1", &["--dead-links"]),
        ("search=azerbaidjan", &["--search", "azerbaidjan"]),
        (
            "search=Azerbaïdjan%20attaque*",
            &["--search", "Azerbaïdjan attaque*"],
        ),
        ("assigned_to=alice", &["--assigned-to", "alice"]),
        ("assigned_to=me", &["--assigned-to", "me", "--as", "alice"]),
        ("workflow=in_progress", &["--workflow", "in_progress"]),
        ("workflow=to_do", &["--workflow", "to_do"]),
        ("by_actor=tester", &["--by-actor", "tester"]),
        ("single_origin=1", &["--single-origin"]),
        ("include_withdrawn=1", &["--include-withdrawn"]),
        ("limit=5", &["--limit", "5"]),
        (
            "unverified=1&outlet=Atlantico&tag=artsakh",
            &["--unverified", "--outlet", "Atlantico", "--tag", "artsakh"],
        ),
    ];
    let mut non_empty = 0;
    for (query, flags) in cases {
        let api = c
            .get(server.url(&format!("/api/claims?{query}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 200, "{query}");
        assert_eq!(
            api.headers()["content-type"],
            "application/json; charset=utf-8"
        );
        let api = api.text().await.unwrap();
        let cli = cli_json(&db, flags);
        assert_eq!(
            api, cli,
            "GET /api/claims?{query} differs from list {flags:?}"
        );
        if cli.trim() != "[]" {
            non_empty += 1;
        }
    }
    assert!(
        non_empty >= 18,
        "most filters select something: {non_empty}"
    );

    // offset: the CLI's list from the offset on.
    let all: Vec<serde_json::Value> = serde_json::from_str(&cli_json(&db, &[])).unwrap();
    let page = c
        .get(server.url("/api/claims?offset=10&limit=7"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let page: Vec<serde_json::Value> = serde_json::from_str(&page).unwrap();
    assert_eq!(page, all[10..17].to_vec());

    // One claim: `show --format json`.
    let show = claimlog(&db)
        .args(["show", "3", "--format", "json"])
        .assert()
        .success();
    let api = c
        .get(server.url("/api/claims/3"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(api.as_bytes(), show.get_output().stdout.as_slice());

    // A bad filter is a 400 naming the value, in JSON.
    let bad = c
        .get(server.url("/api/claims?verification=maybe"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let body: serde_json::Value = serde_json::from_str(&bad.text().await.unwrap()).unwrap();
    assert!(body["error"].as_str().unwrap().contains("maybe"), "{body}");
    let missing = c
        .get(server.url("/api/claims/9999"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

both! {
    fn verifying_through_the_api_records_the_user_as_actor(env) {
        fill_sample(&env.db);
        runtime().block_on(verifying_through_the_api_records_the_user_as_actor_on(&env.db));
    }
}

async fn verifying_through_the_api_records_the_user_as_actor_on(db: &Path) {
    let db = db.to_path_buf();
    add_user(&db, "carla", "checker", "pw-carla");
    let token = token(&db, "carla");
    let server = Server::start(&db, &[]);
    let c = client();
    let answer = c
        .post(server.url("/api/claims/5/verify"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(
            serde_json::json!({
                "status": "verified", "verdict": "true", "note": "checked against the communiqué",
                "evidence": "https://www.example.org/communique"
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let after: serde_json::Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
    assert_eq!(after["verification"], "verified");
    let last = after["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], "carla");
    assert_eq!(last["note"], "checked against the communiqué");
    // The CLI sees the same record.
    let show = claimlog(&db)
        .args(["show", "5", "--format", "json"])
        .assert()
        .success();
    let cli: serde_json::Value = serde_json::from_slice(&show.get_output().stdout).unwrap();
    assert_eq!(cli, after);
    // A bad status is a 400 and records nothing.
    let bad = c
        .post(server.url("/api/claims/5/verify"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(serde_json::json!({"status": "kinda"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let again = claimlog(&db)
        .args(["show", "5", "--format", "json"])
        .assert()
        .success();
    assert_eq!(again.get_output().stdout, show.get_output().stdout);
}

/// Over a large database a queue page never waits for its counts: a filter seen for
/// the first time shows its claims at once and says its counts are coming; they come,
/// counted in the background, and agree with the CLI.
#[tokio::test(flavor = "multi_thread")]
async fn over_a_large_database_the_queue_shows_its_page_before_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    add_user(&db, "vic", "viewer", "pw-vic");
    let viewer = token(&db, "vic");
    // Every database is "large" with the bound at 0.
    let server = Server::start_with_env(&db, &[], &[("CLAIMLOG_SERVE_COUNT_INLINE", "0")]);
    let c = client();
    let get = |path: &str| {
        c.get(server.url(path))
            .bearer_auth(&viewer)
            .header("accept-language", "en")
            .send()
    };
    let expected: Vec<serde_json::Value> =
        serde_json::from_str(&cli_json(&db, &["--unverified"])).unwrap();
    assert!(!expected.is_empty());
    let first = get("/?unverified=1").await.unwrap().text().await.unwrap();
    assert!(first.contains("(counting…)"), "{first}");
    assert!(first.contains("The counts of this view are being made."));
    assert!(first.contains(&format!("/claims/{}", expected[0]["id"])));
    let mut counted = String::new();
    for _ in 0..100 {
        counted = get("/?unverified=1").await.unwrap().text().await.unwrap();
        if !counted.contains("counting…") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        counted.contains(&format!("({} claims)", expected.len())),
        "{counted}"
    );
    assert!(counted.contains("Verification"), "the facets are shown");
}

/// Admins manage users from the web as `claimlog users` does: add one (password kept
/// hashed), give a token shown once that then works, remove one; not themselves, not
/// without the form's CSRF token, and nobody below admin.
#[tokio::test(flavor = "multi_thread")]
async fn admins_add_give_tokens_to_and_remove_users_from_the_users_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    add_user(&db, "ada", "admin", "pw-ada");
    add_user(&db, "edith", "editor", "pw-edith");
    let server = Server::start(&db, &[]);
    let c = client();
    let users = || {
        let list: serde_json::Value = serde_json::from_str(
            &String::from_utf8(
                claimlog(&db)
                    .args(["users", "list", "--format", "json"])
                    .assert()
                    .success()
                    .get_output()
                    .stdout
                    .clone(),
            )
            .unwrap(),
        )
        .unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // An editor may not even look.
    let editor = sign_in(&server, "edith", "pw-edith").await;
    let r = c
        .get(server.url("/users"))
        .header("cookie", &editor)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    let admin = sign_in(&server, "ada", "pw-ada").await;
    let page = c
        .get(server.url("/users"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("edith") && page.contains("editor"), "{page}");
    let csrf = csrf_in(&page);
    let post = |path: &str, form: Vec<(&str, &str)>| {
        c.post(server.url(path))
            .header("cookie", &admin)
            .form(&form)
            .send()
    };
    // Without its CSRF token a form changes nothing.
    let r = post("/users", vec![("name", "carl"), ("role", "checker")])
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(users(), ["ada", "edith"]);
    let r = post(
        "/users",
        vec![
            ("csrf", &csrf),
            ("name", "carl"),
            ("role", "checker"),
            ("password", "pw-carl"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(users(), ["ada", "carl", "edith"]);
    sign_in(&server, "carl", "pw-carl").await;
    // A token, shown once, works for its user.
    let shown = post("/users/carl/token", vec![("csrf", &csrf)])
        .await
        .unwrap();
    assert_eq!(shown.status(), 200);
    let shown = shown.text().await.unwrap();
    let at = shown.find("clt_").expect("the new token");
    let token: String = shown[at..].chars().take_while(|c| *c != '<').collect();
    let api = c
        .get(server.url("/api/claims/1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 200);
    // Not oneself; another, yes.
    let r = post("/users/ada/remove", vec![("csrf", &csrf)])
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = post("/users/carl/remove", vec![("csrf", &csrf)])
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(users(), ["ada", "edith"]);
    let api = c
        .get(server.url("/api/claims/1"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401, "a removed user's token no longer works");
}

/// A signed-in browser stays signed in when the server restarts, and any server of the
/// database knows it; signing out, or removing the user, ends it for all of them. The
/// database keeps only a hash of the cookie's secret.
#[tokio::test(flavor = "multi_thread")]
async fn sessions_outlive_a_restart_and_end_everywhere_on_sign_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    add_user(&db, "ada", "checker", "pw-ada");
    add_user(&db, "bob", "viewer", "pw-bob");
    let c = client();
    let status = |server: &Server, cookie: &str| {
        let request = c.get(server.url("/")).header("cookie", cookie.to_string());
        async move { request.send().await.unwrap().status().as_u16() }
    };
    let first = Server::start(&db, &[]);
    let ada = sign_in(&first, "ada", "pw-ada").await;
    let bob = sign_in(&first, "bob", "pw-bob").await;
    let secret = ada.split_once('=').unwrap().1.to_string();
    assert!(
        !common::dump(&db).contains(&secret),
        "the secret itself is stored"
    );
    drop(first);

    let restarted = Server::start(&db, &[]);
    assert_eq!(
        status(&restarted, &ada).await,
        200,
        "signed out by a restart"
    );
    let other = Server::start(&db, &[]);
    assert_eq!(status(&other, &ada).await, 200, "unknown to another server");

    // Signing out on one server ends the session in the database.
    let page = c
        .get(other.url("/"))
        .header("cookie", &ada)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let out = c
        .post(other.url("/logout"))
        .header("cookie", &ada)
        .form(&[("csrf", csrf_in(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert_eq!(status(&other, &ada).await, 401);
    drop((restarted, other));
    let again = Server::start(&db, &[]);
    assert_eq!(
        status(&again, &ada).await,
        401,
        "a signed-out session came back"
    );
    assert_eq!(status(&again, &bob).await, 200);

    // Removing a user ends their sessions.
    claimlog(&db)
        .args(["users", "remove", "bob"])
        .assert()
        .success();
    drop(again);
    let last = Server::start(&db, &[]);
    assert_eq!(
        status(&last, &bob).await,
        401,
        "a removed user's session lives on"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let left: i64 = conn
        .query_row("SELECT count(*) FROM web_sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "sessions left behind");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_credentials_everything_is_401_and_viewers_cannot_change_anything() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    add_user(&db, "vic", "viewer", "pw-vic");
    add_user(&db, "edith", "editor", "pw-edith");
    let viewer = token(&db, "vic");
    let server = Server::start(&db, &[]);
    let c = client();
    for path in [
        "/",
        "/claims/1",
        "/dashboard",
        "/api/claims",
        "/api/claims/1",
    ] {
        let r = c.get(server.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
    }
    let r = c
        .get(server.url("/api/claims"))
        .bearer_auth("clt_1_not-the-secret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "a wrong token");
    let r = c
        .post(server.url("/api/claims/1/verify"))
        .header("content-type", "application/json")
        .body(serde_json::json!({"status": "verified"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // A viewer reads but cannot verify.
    let r = c
        .get(server.url("/api/claims/1"))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .post(server.url("/api/claims/1/verify"))
        .bearer_auth(&viewer)
        .header("content-type", "application/json")
        .body(serde_json::json!({"status": "verified"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let session = sign_in(&server, "vic", "pw-vic").await;
    let page = c
        .get(server.url("/claims/1"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        !page.contains("action=\"/claims/1/verify\""),
        "no verify form for a viewer"
    );
    let csrf = csrf_in(&page);
    let r = c
        .post(server.url("/claims/1/verify"))
        .header("cookie", &session)
        .form(&[("csrf", csrf.as_str()), ("status", "verified")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a viewer's form");
    // An editor's form without its CSRF token, or with another session's, is refused.
    let editor = sign_in(&server, "edith", "pw-edith").await;
    let before = claimlog(&db)
        .args(["show", "1", "--format", "json"])
        .assert()
        .success();
    for form in [
        vec![("status", "verified")],
        vec![("csrf", csrf.as_str()), ("status", "verified")],
    ] {
        let r = c
            .post(server.url("/claims/1/verify"))
            .header("cookie", &editor)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{form:?}");
    }
    // The session's own token goes through.
    let page = c
        .get(server.url("/claims/1"))
        .header("cookie", &editor)
        .send()
        .await
        .unwrap();
    let own = csrf_in(&page.text().await.unwrap());
    let r = c
        .post(server.url("/claims/1/verify"))
        .header("cookie", &editor)
        .form(&[
            ("csrf", own.as_str()),
            ("status", "partially_verified"),
            ("note", "one source"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let after = claimlog(&db)
        .args(["show", "1", "--format", "json"])
        .assert()
        .success();
    assert_ne!(before.get_output().stdout, after.get_output().stdout);
    let after: serde_json::Value = serde_json::from_slice(&after.get_output().stdout).unwrap();
    assert_eq!(
        after["history"].as_array().unwrap().last().unwrap()["actor"],
        "edith"
    );
    // A wrong password is a 401 with the form again.
    let form = c.get(server.url("/login")).send().await.unwrap();
    let cookie = set_cookie(&form, "claimlog_login").unwrap();
    let csrf = csrf_in(&form.text().await.unwrap());
    let r = c
        .post(server.url("/login"))
        .header("cookie", cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "edith"),
            ("password", "nope"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Removing a user keeps what they recorded under their name.
    claimlog(&db)
        .args(["users", "remove", "edith"])
        .assert()
        .success();
    let kept = claimlog(&db)
        .args(["show", "1", "--format", "json"])
        .assert()
        .success();
    let kept: serde_json::Value = serde_json::from_slice(&kept.get_output().stdout).unwrap();
    assert_eq!(
        kept["history"].as_array().unwrap().last().unwrap()["actor"],
        "edith"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_no_users_only_the_one_time_url_gets_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let server = Server::start(&db, &[]);
    assert!(server.printed.contains("/?token="), "{}", server.printed);
    let c = client();
    assert_eq!(c.get(server.url("/")).send().await.unwrap().status(), 401);
    let wrong = c.get(server.url("/?token=0000")).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let opened = c.get(&server.printed).send().await.unwrap();
    assert_eq!(opened.status(), 303);
    assert_eq!(opened.headers()["location"], "/");
    let cookie = set_cookie(&opened, "claimlog_session").unwrap();
    let raw = opened.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        raw.contains("HttpOnly") && raw.contains("SameSite=Strict"),
        "{raw}"
    );
    let queue = c
        .get(server.url("/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), 200);
    let csp = queue.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    // Binding a non-loopback address with no users refuses to start.
    let refused = claimlog(&db)
        .args(["serve", "--bind", "0.0.0.0:0"])
        .assert()
        .code(3);
    let err = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("users add"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_server_refuses_changes_and_big_requests_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    add_user(&db, "ann", "admin", "pw-ann");
    let token = token(&db, "ann");
    let server = Server::start(&db, &["--read-only"]);
    let c = client();
    let r = c
        .post(server.url("/api/claims/1/verify"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(serde_json::json!({"status": "verified"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let big = "x".repeat(200 * 1024);
    let r = c
        .post(server.url("/api/claims/1/verify"))
        .bearer_auth(&token)
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_claim_text_is_shown_as_text_and_the_dashboard_lists_dead_links() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let server = Server::start(&db, &[]);
    let c = client();
    let opened = c.get(&server.printed).send().await.unwrap();
    let cookie = set_cookie(&opened, "claimlog_session").unwrap();
    let pages = [
        "/?tag=xss".to_string(),
        "/?search=alert".to_string(),
        "/claims/42".to_string(),
        "/claims/43".to_string(),
        "/dashboard".to_string(),
    ];
    for path in pages {
        let body = c
            .get(server.url(&path))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!body.contains("<script"), "{path}: a script tag");
        assert!(!body.contains("<img"), "{path}: an img tag");
        if path == "/dashboard" {
            // The dead loopback link, with the claim citing it, and two drawn charts.
            assert!(body.contains("/gone</a>"), "the newest dead link");
            assert!(body.contains("href=\"/claims/1\""), "the claim citing it");
            assert!(body.matches("<svg").count() >= 2, "charts");
        } else {
            assert!(
                body.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    || body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
                "{path}: the text shown escaped"
            );
        }
    }
}

#[test]
fn users_commands_keep_only_hashes_and_refuse_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("u.db");
    claimlog(&db).arg("init").assert().success();
    add_user(&db, "alice", "checker", "correct horse");
    let t = token(&db, "alice");
    assert!(t.starts_with("clt_"), "{t}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (pw, th): (String, String) = conn
        .query_row(
            "SELECT u.password_hash, t.token_hash FROM users u JOIN user_tokens t ON t.user_id = u.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(pw.starts_with("$argon2id$") && !pw.contains("correct horse"));
    assert!(th.starts_with("$argon2id$") && !th.contains(t.rsplit('_').next().unwrap()));
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    claimlog(&db)
        .args(["users", "add", "bob", "--role", "boss"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("--role"));
    claimlog(&db)
        .args(["users", "add", "alice", "--role", "viewer"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("already exists"));
    claimlog(&db)
        .args(["users", "remove", "nobody"])
        .assert()
        .code(3);
    claimlog(&db)
        .args(["users", "token", "nobody"])
        .assert()
        .code(3);
    assert_eq!(
        before,
        std::fs::read(&db).unwrap(),
        "the database is untouched"
    );
    let list = claimlog(&db)
        .args(["users", "list", "--format", "json"])
        .assert()
        .success();
    let users: serde_json::Value = serde_json::from_slice(&list.get_output().stdout).unwrap();
    assert_eq!(users[0]["name"], "alice");
    assert_eq!(users[0]["role"], "checker");
    assert_eq!(users[0]["tokens"], 1);
}

#[test]
fn assign_and_workflow_are_append_only_and_filter_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    claimlog(&db).arg("demo").assert().success();
    claimlog(&db)
        .args(["--as", "eve", "assign", "3", "--to", "alice"])
        .assert()
        .success();
    claimlog(&db)
        .args(["--as", "eve", "workflow", "3", "in_review"])
        .assert()
        .success();
    claimlog(&db)
        .args(["workflow", "3", "finished"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "to_do, in_progress, in_review, done",
        ));
    let mine = claimlog(&db)
        .args([
            "--as",
            "alice",
            "list",
            "--assigned-to",
            "me",
            "--workflow",
            "in_review",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let mine: serde_json::Value = serde_json::from_slice(&mine.get_output().stdout).unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], 3);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let actor: String = conn
        .query_row(
            "SELECT actor FROM workflow_events ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(actor, "eve");
    let err = conn.execute("DELETE FROM workflow_events", []).unwrap_err();
    assert!(err.to_string().contains("append-only"));
}

#[test]
fn report_limit_writes_the_newest_claims_and_counts_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    claimlog(&db).arg("demo").assert().success();
    let page = dir.path().join("report.html");
    claimlog(&db)
        .args(["report", "--limit", "5", "--html"])
        .arg(&page)
        .assert()
        .success()
        .stdout(predicates::str::contains("wrote 5 of 40 claims"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<article ").count(), 5);
    assert!(html.contains("showing the newest 5 of 40 claims"), "counts");
    assert!(html.contains("<span class=\"badge unverified\">unverified</span> 36"));
    assert!(html.contains("<span class=\"badge verified\">verified</span> 1"));
}

both! {
    fn every_action_of_the_claim_page_records_the_signed_in_user(env) {
        fill_sample(&env.db);
        runtime().block_on(every_action_of_the_claim_page_records_the_signed_in_user_on(&env.db));
    }
}

async fn every_action_of_the_claim_page_records_the_signed_in_user_on(db: &Path) {
    let db = db.to_path_buf();
    add_user(&db, "edith", "editor", "pw-edith");
    let server = Server::start(&db, &[]);
    let c = client();
    let session = sign_in(&server, "edith", "pw-edith").await;
    let page = c
        .get(server.url("/claims/4"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let post = |path: &str, form: Vec<(&str, &str)>| {
        let mut form: Vec<(String, String)> = form
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        form.push(("csrf".into(), csrf.clone()));
        c.post(server.url(path))
            .header("cookie", &session)
            .form(&form)
            .send()
    };
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("/claims/4/tag", vec![("tag", "Vérifié-web")]),
        (
            "/claims/4/appearance",
            vec![
                ("outlet", "Le Monde"),
                ("via", "AFP\nReuters"),
                ("cue", "selon"),
                (
                    "url",
                    "https://www.lemonde.fr/international/article/2016/04/02/x.html",
                ),
                ("date", "2016-04-02"),
            ],
        ),
        (
            "/claims/4/workflow",
            vec![("assignee", "edith"), ("state", "in_review")],
        ),
        (
            "/claims/4/edit",
            vec![("text", "Texte corrigé par la rédaction"), ("note", "typo")],
        ),
        ("/claims/4/withdraw", vec![("reason", "logged twice")]),
    ];
    for (path, form) in cases {
        let r = post(path, form).await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(r.headers()["location"], "/claims/4");
    }
    let show = claimlog(&db)
        .args(["show", "4", "--format", "json"])
        .assert()
        .success();
    let claim: serde_json::Value = serde_json::from_slice(&show.get_output().stdout).unwrap();
    assert!(
        claim["tags"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("vérifié-web"))
    );
    let last = claim["appearances"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["outlet"], "Le Monde");
    assert_eq!(last["relays"], serde_json::json!(["AFP", "Reuters"]));
    assert_eq!(claim["text"], "Texte corrigé par la rédaction");
    assert_eq!(
        claim["revisions"].as_array().unwrap().last().unwrap()["actor"],
        "edith"
    );
    assert_eq!(claim["withdrawn"]["actor"], "edith");
    let mine = claimlog(&db)
        .args([
            "--as",
            "edith",
            "list",
            "--assigned-to",
            "me",
            "--workflow",
            "in_review",
        ])
        .args(["--include-withdrawn", "--format", "json"])
        .assert()
        .success();
    let mine: serde_json::Value = serde_json::from_slice(&mine.get_output().stdout).unwrap();
    assert_eq!(mine[0]["id"], 4);
    // A bad value is a 400 page naming it, and records nothing.
    let show = || {
        claimlog(&db)
            .args(["show", "5", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let before = show();
    let r = post("/claims/5/verify", vec![("status", "kinda")])
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("kinda"));
    assert_eq!(before, show());
    // Labels follow Accept-Language, and the switch.
    let fr = c
        .get(server.url("/"))
        .header("cookie", &session)
        .header("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        fr.contains("File d&#39;attente") || fr.contains("File d'attente"),
        "French labels"
    );
    assert!(fr.contains("lang=\"fr\""));
    let en = c
        .get(server.url("/?ui=en"))
        .header("cookie", &session)
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap();
    assert!(
        en.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("claimlog_ui=en")
    );
    assert!(en.text().await.unwrap().contains("<h1>Queue"));
}
