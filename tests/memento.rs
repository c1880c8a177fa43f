//! `links memento` against a real RFC 7089 TimeGate on 127.0.0.1: a TimeGate answers
//! `Accept-Datetime` with a 302 to its nearest memento (`Vary: accept-datetime`), the
//! memento answers with `Memento-Datetime`, an unknown URL gets a 404. The memento found
//! is recorded and shown as the link's archived copy (show, links list, JSON, the HTML
//! report's Robust Links attributes); several TimeGates are asked in order; the address
//! guard refuses a private TimeGate and a redirect to a private address.

mod links_support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::any;
use links_support::{Env, Server};

/// Memento datetimes an archive holds, by original URL ("YYYYMMDDhhmmss").
type Holdings = HashMap<String, Vec<&'static str>>;

/// What the TimeGate server received.
#[derive(Default)]
struct Asked {
    /// (path, Accept-Datetime) of every request, in order.
    requests: Mutex<Vec<(String, Option<String>)>>,
}

struct TimeGate {
    addr: SocketAddr,
    asked: Arc<Asked>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Drop for TimeGate {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn http_date(stamp: &str) -> String {
    let at = jiff::civil::DateTime::strptime("%Y%m%d%H%M%S", stamp)
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap();
    at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn parse_http_date(value: &str) -> jiff::Timestamp {
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .unwrap()
}

fn stamp_time(stamp: &str) -> jiff::Timestamp {
    parse_http_date(&http_date(stamp))
}

impl TimeGate {
    /// Serves, on 127.0.0.1:
    /// - `/tg/URL`: the TimeGate of `holdings` (302 to the nearest memento, 404 when
    ///   it holds none);
    /// - `/empty/URL`: a TimeGate that holds nothing;
    /// - `/evil/URL`: a TimeGate redirecting to 127.0.0.3 (a private address);
    /// - `/mem/STAMP/URL`: a memento, with its Memento-Datetime.
    fn start(holdings: Holdings) -> TimeGate {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let asked = Arc::new(Asked::default());
        let state = (Arc::new(holdings), Arc::clone(&asked), addr);
        let app = Router::new().fallback(any(move |uri: Uri, headers: HeaderMap| {
            let state = state.clone();
            async move { answer(state, uri, headers) }
        }));
        runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
        TimeGate {
            addr,
            asked,
            runtime: Some(runtime),
        }
    }

    fn prefix(&self, name: &str) -> String {
        format!("http://{}/{name}/", self.addr)
    }

    fn requests(&self) -> Vec<(String, Option<String>)> {
        self.asked.requests.lock().unwrap().clone()
    }
}

fn answer(
    (holdings, asked, addr): (Arc<Holdings>, Arc<Asked>, SocketAddr),
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let target = uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let accept = headers
        .get("accept-datetime")
        .map(|v| v.to_str().unwrap().to_string());
    asked
        .requests
        .lock()
        .unwrap()
        .push((target.clone(), accept.clone()));
    let (gate, original) = target[1..].split_once('/').unwrap();
    let redirect = |to: String| {
        Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, to)
            .header(header::VARY, "accept-datetime")
            .header("link", format!("<{original}>; rel=\"original\""))
            .body(Body::empty())
            .unwrap()
    };
    let not_found = || {
        Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::empty())
            .unwrap()
    };
    match gate {
        "tg" => {
            let Some(held) = holdings.get(original) else {
                return not_found();
            };
            let wanted = accept
                .as_deref()
                .map(parse_http_date)
                .unwrap_or_else(jiff::Timestamp::now);
            let nearest = held
                .iter()
                .min_by_key(|s| (stamp_time(s) - wanted).get_seconds().abs())
                .unwrap();
            redirect(format!("/mem/{nearest}/{original}"))
        }
        "empty" => not_found(),
        "evil" => redirect(format!(
            "http://127.0.0.3:{}/mem/20190501000000/{original}",
            addr.port()
        )),
        "mem" => {
            let (stamp, _) = original.split_once('/').unwrap();
            Response::builder()
                .status(StatusCode::OK)
                .header("memento-datetime", http_date(stamp))
                .header(header::CONTENT_TYPE, "text/html")
                .body(Body::from("<html><body>archived</body></html>"))
                .unwrap()
        }
        _ => not_found(),
    }
}

/// A claim made on `date` (if any) citing `urls`.
fn add_claim(env: &Env, text: &str, date: Option<&str>, urls: &[&str]) {
    let mut cmd = env.cmd();
    cmd.args(["add", text, "--by", "Ministère"]);
    if let Some(d) = date {
        cmd.args(["--date", d]);
    }
    for u in urls {
        cmd.args(["--url", u]);
    }
    cmd.assert().success();
}

/// `links memento` with test settings; returns the rows it printed and stderr.
fn memento(env: &Env, extra: &[&str]) -> (Vec<serde_json::Value>, String) {
    let out = env
        .cmd()
        .args([
            "links",
            "memento",
            "--format",
            "json",
            "--host-rate",
            "0",
            "--retries",
            "0",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn check(env: &Env) {
    let out = env.check(&["--allow-private"]);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(4),
        "{out:?}"
    );
}

#[test]
fn the_memento_nearest_the_claim_date_is_recorded_and_shown_as_the_archived_copy() {
    let site = Server::start();
    let (gone, ok) = (site.url("/404"), site.url("/ok"));
    let gate = TimeGate::start(HashMap::from([(
        gone.clone(),
        vec!["20180101000000", "20190501093000", "20210101000000"],
    )]));
    let env = Env::new();
    add_claim(
        &env,
        "Les troupes ont quitté la zone",
        Some("2019-05-04"),
        &[&gone, &ok],
    );
    check(&env);

    let (rows, _) = memento(&env, &["--timegate", &gate.prefix("tg"), "--allow-private"]);
    // Only the broken link is asked about: the good one needs no copy.
    assert_eq!(rows.len(), 1, "{rows:?}");
    let memento_url = format!("{}20190501093000/{gone}", gate.prefix("mem"));
    assert_eq!(rows[0]["memento_url"], memento_url.as_str());
    assert_eq!(rows[0]["memento_datetime"], "2019-05-01T09:30:00Z");
    assert_eq!(rows[0]["accept_datetime"], "2019-05-04T12:00:00Z");
    // RFC 7089: Accept-Datetime to the TimeGate, then the redirect is followed.
    let requests = gate.requests();
    assert_eq!(
        requests[0],
        (
            format!("/tg/{gone}"),
            Some("Sat, 04 May 2019 12:00:00 GMT".to_string())
        )
    );
    assert_eq!(requests[1].0, format!("/mem/20190501093000/{gone}"));

    let links = env.links();
    assert_eq!(links[&gone]["memento_url"], memento_url.as_str());
    assert_eq!(links[&gone]["memento_datetime"], "2019-05-01T09:30:00Z");
    assert!(links[&ok]["memento_url"].is_null());

    let show = env.cmd().args(["show", "1"]).output().unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(
        show.contains(&format!(
            "archived copy: 2019-05-01T09:30:00Z (web archive) {memento_url}"
        )),
        "{show}"
    );
    let json = env
        .cmd()
        .args(["show", "1", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let link = &json["links"][0];
    assert_eq!(link["memento"]["url"], memento_url.as_str());
    assert_eq!(link["version_url"], memento_url.as_str());
    assert_eq!(link["version_date"], "2019-05-01");

    let report = env.dir.path().join("report.html");
    env.cmd()
        .args(["report", "--html"])
        .arg(&report)
        .assert()
        .success();
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains(&format!(
            "<a data-versionurl=\"{memento_url}\" data-versiondate=\"2019-05-01\" href=\"{gone}\""
        )),
        "{html}"
    );

    // A link with a memento is not asked about again, unless --all.
    let before = gate.requests().len();
    let (again, _) = memento(&env, &["--timegate", &gate.prefix("tg"), "--allow-private"]);
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(gate.requests().len(), before);
    let (all, _) = memento(
        &env,
        &["--all", "--timegate", &gate.prefix("tg"), "--allow-private"],
    );
    assert_eq!(all.len(), 2, "{all:?}");
}

#[test]
fn a_page_no_archive_holds_is_recorded_without_a_memento() {
    let site = Server::start();
    let gone = site.url("/404");
    let gate = TimeGate::start(HashMap::new());
    let env = Env::new();
    add_claim(&env, "Le communiqué", None, &[&gone]);
    check(&env);
    let (rows, _) = memento(&env, &["--timegate", &gate.prefix("tg"), "--allow-private"]);
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["memento_url"].is_null(), "{rows:?}");
    assert!(rows[0]["error"].is_null(), "a 404 is an answer: {rows:?}");
    // Asked once, no retry on a 404.
    assert_eq!(gate.requests().len(), 1);
    assert!(env.links()[&gone]["memento_url"].is_null());
    // Still without a copy: the next run asks again.
    let (rows, _) = memento(&env, &["--timegate", &gate.prefix("tg"), "--allow-private"]);
    assert_eq!(rows.len(), 1);
}

#[test]
fn timegates_are_asked_in_order_until_one_holds_a_copy() {
    let site = Server::start();
    let (held, unheld) = (site.url("/404"), site.url("/410"));
    let gate = TimeGate::start(HashMap::from([(held.clone(), vec!["20200202000000"])]));
    let env = Env::new();
    add_claim(&env, "Le communiqué", Some("2020-02-01"), &[&held, &unheld]);
    check(&env);
    let (rows, _) = memento(
        &env,
        &[
            "--timegate",
            &gate.prefix("empty"),
            "--timegate",
            &gate.prefix("tg"),
            "--allow-private",
        ],
    );
    // Both links asked the empty TimeGate, then the next one.
    assert_eq!(rows.len(), 4, "{rows:?}");
    let found: Vec<_> = rows
        .iter()
        .filter(|r| !r["memento_url"].is_null())
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["url"], held.as_str());
    assert_eq!(found[0]["timegate"], gate.prefix("tg").as_str());
    assert_eq!(found[0]["memento_datetime"], "2020-02-02T00:00:00Z");

    // A first TimeGate that holds a copy answers alone.
    let env = Env::new();
    add_claim(&env, "Le communiqué", Some("2020-02-01"), &[&held]);
    check(&env);
    let before = gate.requests().len();
    let (rows, _) = memento(
        &env,
        &[
            "--timegate",
            &gate.prefix("tg"),
            "--timegate",
            &gate.prefix("empty"),
            "--allow-private",
        ],
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        gate.requests()[before..]
            .iter()
            .all(|(path, _)| !path.starts_with("/empty/")),
        "the second TimeGate is not asked"
    );
}

#[test]
fn the_date_asked_for_is_the_earliest_claim_date_else_the_link_recording() {
    let site = Server::start();
    let (dated, undated) = (site.url("/404"), site.url("/410"));
    let gate = TimeGate::start(HashMap::new());
    let env = Env::new();
    add_claim(&env, "Première déclaration", Some("2020-06-30"), &[&dated]);
    add_claim(&env, "Seconde déclaration", Some("2019-01-15"), &[&dated]);
    add_claim(&env, "Sans date", None, &[&undated]);
    check(&env);
    memento(&env, &["--timegate", &gate.prefix("tg"), "--allow-private"]);
    let asked: HashMap<String, Option<String>> = gate.requests().into_iter().collect();
    assert_eq!(
        asked[&format!("/tg/{dated}")].as_deref(),
        Some("Tue, 15 Jan 2019 12:00:00 GMT")
    );
    // No claim date: when the link was first recorded (the pinned clock).
    assert_eq!(
        asked[&format!("/tg/{undated}")].as_deref(),
        Some("Fri, 01 Mar 2024 02:00:00 GMT")
    );
}

#[test]
fn a_private_timegate_is_refused_without_allow_private() {
    let site = Server::start();
    let gone = site.url("/404");
    let gate = TimeGate::start(HashMap::from([(gone.clone(), vec!["20190501000000"])]));
    let env = Env::new();
    add_claim(&env, "Le communiqué", None, &[&gone]);
    check(&env);
    let (rows, stderr) = memento(&env, &["--timegate", &gate.prefix("tg")]);
    assert!(
        gate.requests().is_empty(),
        "nothing may reach a private TimeGate"
    );
    assert!(rows[0]["memento_url"].is_null());
    assert!(
        rows[0]["error"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1 is a loopback address: not fetched"),
        "{rows:?}"
    );
    assert!(stderr.contains("--allow-private"), "{stderr}");
}

#[test]
fn a_timegate_redirecting_to_a_private_address_is_refused() {
    let site = Server::start();
    let gone = site.url("/404");
    let gate = TimeGate::start(HashMap::new());
    let env = Env::new();
    add_claim(&env, "Le communiqué", None, &[&gone]);
    check(&env);
    // The TimeGate's own address is allowed; where it redirects (127.0.0.3) is not.
    let (rows, _) = memento(
        &env,
        &[
            "--timegate",
            &gate.prefix("evil"),
            "--allow-address",
            "127.0.0.1",
        ],
    );
    assert_eq!(gate.requests().len(), 1);
    assert!(rows[0]["memento_url"].is_null());
    assert!(
        rows[0]["error"]
            .as_str()
            .unwrap()
            .contains("127.0.0.3 is a loopback address: not fetched"),
        "{rows:?}"
    );
    assert!(env.links()[&gone]["memento_url"].is_null());
}

#[test]
fn a_timegate_that_is_not_a_url_is_refused_and_nothing_is_written() {
    let site = Server::start();
    let env = Env::new();
    add_claim(&env, "Le communiqué", None, &[&site.url("/404")]);
    let before = std::fs::read(env.db()).unwrap();
    let out = env
        .cmd()
        .args(["links", "memento", "--timegate", "ftp://archive.example/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("--timegate: \"ftp://archive.example/\""),
        "{stderr}"
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn robust_links_prefer_the_memento_and_fall_back_to_the_capture_date() {
    let site = Server::start();
    let (gone, ok) = (site.url("/404"), site.url("/ok"));
    let gate = TimeGate::start(HashMap::from([(gone.clone(), vec!["20190501093000"])]));
    let env = Env::new();
    add_claim(
        &env,
        "Les troupes ont quitté la zone",
        Some("2019-05-04"),
        &[&gone, &ok],
    );
    let out = env.check(&["--allow-private", "--archive"]);
    assert!(out.status.success(), "{out:?}");
    memento(&env, &["--timegate", &gate.prefix("tg"), "--allow-private"]);
    let memento_url = format!("{}20190501093000/{gone}", gate.prefix("mem"));
    env.cmd()
        .args([
            "verify",
            "1",
            "--status",
            "verified",
            "--verdict",
            "false",
            "--by",
            "AFP",
        ])
        .assert()
        .success();

    let report = env.dir.path().join("report.html");
    env.cmd()
        .args(["report", "--html"])
        .arg(&report)
        .assert()
        .success();
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains(&format!(
            "<a data-versionurl=\"{memento_url}\" data-versiondate=\"2019-05-01\" href=\"{gone}\""
        )),
        "{html}"
    );
    // Only claimlog's own capture: its date, no URL a reader could not open.
    assert!(
        html.contains(&format!("<a data-versiondate=\"2024-03-01\" href=\"{ok}\"")),
        "{html}"
    );

    let jsonl = env
        .cmd()
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    let line: serde_json::Value = serde_json::from_str(
        String::from_utf8(jsonl.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(line["links"][0]["version_url"], memento_url.as_str());
    assert_eq!(line["links"][0]["version_date"], "2019-05-01");
    assert!(line["links"][1]["version_url"].is_null());
    assert_eq!(line["links"][1]["version_date"], "2024-03-01");
    assert!(
        line["links"][0]["memento"].is_null(),
        "an observation, not exported"
    );

    let review = env
        .cmd()
        .args([
            "export",
            "--format",
            "claimreview",
            "--review-url-base",
            "https://factcheck.example/",
        ])
        .output()
        .unwrap();
    let review = String::from_utf8(review.stdout).unwrap();
    assert!(
        review.contains(&format!("\"archivedAt\": \"{memento_url}\"")),
        "{review}"
    );
}
