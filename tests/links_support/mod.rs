//! Test support for the link-check tests: a real HTTP server (axum) on a loopback
//! address and an ephemeral port, serving one case per path and counting what it
//! receives; and a hermetic claimlog environment (temp database, pinned clock).
//! Everything stays on 127.0.0.0/8; every handler that sleeps is bounded.

#![allow(dead_code)]

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::any;

pub const HUGE_BYTES: usize = 50 << 20;
const CHUNK: &[u8] = &[b'a'; 64 * 1024];

/// What the server saw and the knobs a test turns between runs.
#[derive(Default)]
pub struct Seen {
    hits: Mutex<HashMap<String, usize>>,
    methods: Mutex<Vec<(Method, String)>>,
    if_none_match: Mutex<Vec<String>>,
    authorization: Mutex<Vec<String>>,
    /// Which version of /drift is served.
    pub version: AtomicUsize,
    /// Bytes of /huge handed to the connection.
    pub huge_sent: AtomicUsize,
    /// While set, /hang/* does not answer (at most 30 s).
    pub hang: AtomicBool,
    /// Requests to /busy/* being answered now, and the most at once.
    busy_now: AtomicUsize,
    pub busy_peak: AtomicUsize,
    /// When each request arrived, in order.
    arrivals: Mutex<Vec<std::time::Instant>>,
}

impl Seen {
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    pub fn total_hits(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }

    pub fn methods(&self, path: &str) -> Vec<Method> {
        self.methods
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.clone())
            .collect()
    }

    /// Gaps between consecutive request arrivals.
    pub fn arrival_gaps(&self) -> Vec<Duration> {
        let arrivals = self.arrivals.lock().unwrap();
        arrivals.windows(2).map(|w| w[1] - w[0]).collect()
    }

    pub fn if_none_match(&self) -> Vec<String> {
        self.if_none_match.lock().unwrap().clone()
    }

    /// Every `Authorization` header received.
    pub fn authorization(&self) -> Vec<String> {
        self.authorization.lock().unwrap().clone()
    }
}

/// A test web site on one loopback address.
pub struct Server {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    pub fn start() -> Server {
        Server::start_on("127.0.0.1", None)
    }

    /// Serves on `ip` (a loopback address); `/to-other` redirects to `other`.
    pub fn start_on(ip: &str, other: Option<String>) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let seen = Arc::new(Seen::default());
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind((ip, 0)))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        assert!(addr.ip().is_loopback(), "tests only ever serve on loopback");
        let state = (Arc::clone(&seen), other);
        let app =
            Router::new().fallback(any(move |method: Method, uri: Uri, headers: HeaderMap| {
                let state = state.clone();
                async move { respond(state, method, uri, headers).await }
            }));
        runtime.spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Server {
            addr,
            seen,
            runtime: Some(runtime),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn html(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title><script>var t = Date.now();</script></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    )
}

fn page(status: StatusCode, text: String) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(text))
        .unwrap()
}

fn redirect(status: StatusCode, to: &str) -> Response {
    Response::builder()
        .status(status)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap()
}

fn gzip(text: &str) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}

pub const ARTICLE: &str = "<p>Le ministère a déclaré que les troupes avaient quitté la zone.</p>";

async fn respond(
    (seen, other): (Arc<Seen>, Option<String>),
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path().to_string();
    let n = {
        let mut hits = seen.hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_insert(0);
        *n += 1;
        *n
    };
    seen.methods
        .lock()
        .unwrap()
        .push((method.clone(), path.clone()));
    seen.arrivals
        .lock()
        .unwrap()
        .push(std::time::Instant::now());
    if let Some(v) = headers.get(header::IF_NONE_MATCH) {
        seen.if_none_match
            .lock()
            .unwrap()
            .push(v.to_str().unwrap().to_string());
    }
    if let Some(v) = headers.get(header::AUTHORIZATION) {
        seen.authorization
            .lock()
            .unwrap()
            .push(v.to_str().unwrap_or("?").to_string());
    }
    let ok = || page(StatusCode::OK, html("Troupes", ARTICLE));
    match path.as_str() {
        "/" => page(
            StatusCode::OK,
            html("Accueil", "<p>Les dernières nouvelles</p>"),
        ),
        "/ok" | "/plain" => ok(),
        "/r301" => redirect(StatusCode::MOVED_PERMANENTLY, "/r302"),
        "/r302" => redirect(StatusCode::FOUND, "/ok"),
        "/loop-a" => redirect(StatusCode::FOUND, "/loop-b"),
        "/loop-b" => redirect(StatusCode::FOUND, "/loop-a"),
        "/404" => page(StatusCode::NOT_FOUND, html("Not here", "")),
        "/410" => page(StatusCode::GONE, html("Gone", "")),
        "/500-then-200" if n == 1 => page(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
        "/500-then-200" => ok(),
        "/429-then-200" if n == 1 => Response::builder()
            .status(StatusCode::TOO_MANY_REQUESTS)
            .header(header::RETRY_AFTER, "1")
            .body(Body::empty())
            .unwrap(),
        "/429-then-200" => ok(),
        "/403" => page(StatusCode::FORBIDDEN, html("Access denied", "")),
        "/head-hostile" if method == Method::HEAD => Response::builder()
            .status(StatusCode::METHOD_NOT_ALLOWED)
            .body(Body::empty())
            .unwrap(),
        "/head-hostile" => ok(),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            ok()
        }
        "/soft-text" => page(
            StatusCode::OK,
            "<html><head><title>Le Quotidien</title></head><body><nav>Menu</nav>\
             <div>Oups ! Cette page n&#39;existe plus.</div></body></html>"
                .to_string(),
        ),
        "/2023/05/01/article-retire" => redirect(StatusCode::MOVED_PERMANENTLY, "/"),
        "/drift" => {
            let v = seen.version.load(Ordering::SeqCst);
            page(
                StatusCode::OK,
                html("Communiqué", &format!("<p>Version {v} du communiqué.</p>")),
            )
        }
        "/flip" if seen.version.load(Ordering::SeqCst) == 0 => {
            page(StatusCode::NOT_FOUND, html("Not here", ""))
        }
        "/flip" => ok(),
        "/etag" => {
            if headers
                .get(header::IF_NONE_MATCH)
                .is_some_and(|v| v == "\"v1\"")
            {
                return Response::builder()
                    .status(StatusCode::NOT_MODIFIED)
                    .header(header::ETAG, "\"v1\"")
                    .body(Body::empty())
                    .unwrap();
            }
            let mut resp = ok();
            resp.headers_mut()
                .insert(header::ETAG, "\"v1\"".parse().unwrap());
            resp
        }
        "/huge" => {
            let seen = Arc::clone(&seen);
            let stream = futures_util::stream::unfold(0usize, move |sent| {
                let seen = Arc::clone(&seen);
                async move {
                    if sent >= HUGE_BYTES {
                        return None;
                    }
                    seen.huge_sent.fetch_add(CHUNK.len(), Ordering::SeqCst);
                    Some((
                        Ok::<Bytes, Infallible>(Bytes::from_static(CHUNK)),
                        sent + CHUNK.len(),
                    ))
                }
            });
            Response::builder()
                .header(header::CONTENT_TYPE, "text/html")
                .header(header::CONTENT_LENGTH, HUGE_BYTES)
                .body(Body::from_stream(stream))
                .unwrap()
        }
        "/gzip" | "/gzip-soft" => {
            let text = if path == "/gzip" {
                html("Troupes", ARTICLE)
            } else {
                html("Page not found", "<p>Sorry.</p>")
            };
            Response::builder()
                .header(header::CONTENT_TYPE, "text/html")
                .header(header::CONTENT_ENCODING, "gzip")
                .body(Body::from(gzip(&text)))
                .unwrap()
        }
        "/to-other" => redirect(StatusCode::FOUND, other.as_deref().unwrap_or("/ok")),
        p if p.starts_with("/fast/") => ok(),
        p if p.starts_with("/busy/") => {
            let now = seen.busy_now.fetch_add(1, Ordering::SeqCst) + 1;
            seen.busy_peak.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(150)).await;
            seen.busy_now.fetch_sub(1, Ordering::SeqCst);
            ok()
        }
        p if p.starts_with("/hang/") => {
            for _ in 0..600 {
                if !seen.hang.load(Ordering::SeqCst) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            ok()
        }
        _ => page(StatusCode::NOT_FOUND, String::new()),
    }
}

/// A temp database (or a PostgreSQL one) and a pinned clock.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub now: String,
    /// The database file or URL.
    db: PathBuf,
    /// What keeps a PostgreSQL test database alive (dropped with it).
    _keep: Option<Box<dyn std::any::Any>>,
}

pub const NOW: &str = "2024-03-01T02:00:00Z";

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("claims.db");
        Env {
            dir,
            now: NOW.to_string(),
            db,
            _keep: None,
        }
    }

    /// On the database `db` (a file path or a PostgreSQL URL) that `keep` owns: the
    /// `Env` of `common`, as `both!` gives it.
    pub fn on(db: PathBuf, keep: Box<dyn std::any::Any>) -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            now: NOW.to_string(),
            db,
            _keep: Some(keep),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.db.clone()
    }

    /// The one integer a query returns, on either engine.
    pub fn scalar(&self, sql: &str) -> i64 {
        let db = self.db();
        let text = db.to_string_lossy();
        if text.starts_with("postgres") {
            let mut client = postgres::Client::connect(&text, postgres::NoTls).unwrap();
            client.query_one(sql, &[]).unwrap().get(0)
        } else {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_timeout(Duration::from_secs(5)).unwrap();
            conn.query_row(sql, [], |r| r.get(0)).unwrap()
        }
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("claimlog").unwrap();
        cmd.env("CLAIMLOG_DB", self.db())
            .env("CLAIMLOG_NOW", &self.now)
            .env("COLUMNS", "200")
            .timeout(Duration::from_secs(60));
        cmd
    }

    /// Records one claim citing these URLs; returns its id.
    pub fn add_claim(&self, text: &str, urls: &[String]) -> i64 {
        let mut cmd = self.cmd();
        cmd.args(["add", text, "--by", "Ministère", "--format", "json"]);
        for u in urls {
            cmd.args(["--url", u]);
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        v["id"].as_i64().unwrap()
    }

    /// `links check` with fast test settings (each overridden when `extra` names the
    /// flag) plus `extra`; returns the output.
    pub fn check(&self, extra: &[&str]) -> std::process::Output {
        let defaults = [
            ("--timeout", "1s"),
            ("--retries", "1"),
            ("--retry-backoff", "10ms"),
            ("--host-rate", "0"),
            ("--per-host", "16"),
            ("--format", "json"),
        ];
        let mut cmd = self.cmd();
        cmd.args(["links", "check"]);
        for (flag, value) in defaults {
            if !extra.contains(&flag) {
                cmd.args([flag, value]);
            }
        }
        cmd.args(extra).output().unwrap()
    }

    /// Every link's latest state, by URL, from `links list --format json`.
    pub fn links(&self) -> HashMap<String, serde_json::Value> {
        let out = self
            .cmd()
            .args(["links", "list", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
        rows.into_iter()
            .map(|r| (r["url"].as_str().unwrap().to_string(), r))
            .collect()
    }

    pub fn outcome(&self, url: &str) -> String {
        self.links()[url]["outcome"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    pub fn history(&self, url: &str) -> Vec<serde_json::Value> {
        let out = self
            .cmd()
            .args(["links", "history", url, "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }
}

/// The JSON summary printed by `links check --format json`.
pub fn summary(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a JSON summary ({e}): stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}
