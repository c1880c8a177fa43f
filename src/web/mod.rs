//! `claimlog serve`: the desk's record in a browser. Owns the HTTP server (axum on
//! hyper, with request size caps and timeouts), the routes, the pages (server-rendered
//! with maud, which escapes everything it prints), the JSON API and access control.
//!
//! It must not touch SQL: every read and write goes through the `Store` API, one store
//! per request taken from a small pool inside `spawn_blocking`, so no connection is
//! held across an `.await`. Writes reuse the commands (`commands::dispatch`) with the
//! signed-in user as the actor, exactly as `--as NAME` does on the command line; API
//! JSON reuses `render`, so its bytes are those of `list/show --format json`.

mod actions;
mod api;
mod auth;
mod dashboard;
mod forms;
mod i18n;
mod layout;
mod pages;
mod users;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context as _, Result};
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::commands::Context;
use crate::model::Timestamp;
use crate::store::{OpenOptions, Store};

/// What `claimlog serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub db: PathBuf,
    pub bind: SocketAddr,
    pub read_only: bool,
    /// The actor of a session opened with the one-time token (no users).
    pub local_actor: Option<String>,
    /// "Now" pinned by `CLAIMLOG_NOW`, else the clock at each request.
    pub pinned_now: Option<Timestamp>,
    pub quiet: bool,
}

/// Requests larger than this are refused (413): forms and JSON bodies are small.
const BODY_LIMIT: usize = 64 * 1024;
/// A client must send its request headers within this long.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A request must be answered within this long (408 otherwise).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Stores kept open between requests.
const POOL_SIZE: usize = 8;

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// What every request shares.
pub(crate) struct AppState {
    config: ServeConfig,
    pool: Mutex<Vec<Store>>,
    pub(crate) auth: auth::Auth,
    /// Counts per filter, kept briefly: facets over a million claims are not free.
    facets: pages::FacetCache,
}

pub(crate) type Shared = Arc<AppState>;

impl AppState {
    fn now(&self) -> Timestamp {
        self.config.pinned_now.unwrap_or_else(Timestamp::now)
    }

    pub(crate) fn context(&self) -> Context {
        Context {
            now: self.now(),
            format: None,
            quiet: true,
        }
    }

    fn take_store(&self) -> Result<Store> {
        let pooled = self.pool.lock().ok().and_then(|mut pool| pool.pop());
        match pooled {
            Some(store) => Ok(store),
            None => Store::open_location(&self.config.db, &OpenOptions::existing("serve")),
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut pool) = self.pool.lock()
            && pool.len() < POOL_SIZE
        {
            pool.push(store);
        }
    }
}

/// Runs `f` with a store whose actor is `actor`, on a blocking thread.
pub(crate) async fn with_store<T, F>(
    state: &Shared,
    actor: Option<String>,
    f: F,
) -> Result<T, WebError>
where
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T> + Send + 'static,
{
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = state.take_store()?;
        store.set_actor(actor);
        let result = f(&mut store);
        store.set_actor(None);
        state.give_back(store);
        result
    })
    .await
    .map_err(|e| WebError::internal(anyhow::anyhow!("a request task failed: {e}")))?
    .map_err(WebError::from)
}

/// An error answered to a browser (a page) or to a program (JSON).
#[derive(Debug)]
pub(crate) struct WebError {
    pub status: StatusCode,
    pub message: String,
    pub json: bool,
}

impl WebError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> WebError {
        WebError {
            status,
            message: message.into(),
            json: false,
        }
    }

    fn internal(e: anyhow::Error) -> WebError {
        WebError::from(e)
    }

    /// The same error, answered as JSON.
    pub fn into_json(mut self) -> WebError {
        self.json = true;
        self
    }

    pub fn not_found() -> WebError {
        WebError::new(StatusCode::NOT_FOUND, "no such page")
    }
}

impl From<anyhow::Error> for WebError {
    fn from(e: anyhow::Error) -> WebError {
        let message = format!("{e:#}").replace('\n', " ");
        if crate::error::is_data_error(&e) {
            // "no claim #12" is a missing page; every other bad value is a bad request.
            let status = if message.starts_with("no claim") {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::BAD_REQUEST
            };
            WebError::new(status, message)
        } else {
            eprintln!("claimlog serve: {message}");
            WebError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal error: see the server's log",
            )
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if self.json {
            let body = serde_json::json!({ "error": self.message });
            (self.status, axum::Json(body)).into_response()
        } else {
            (self.status, layout::error_page(self.status, &self.message)).into_response()
        }
    }
}

fn router(state: Shared) -> Router {
    let app = Router::new()
        .route("/", get(pages::queue))
        .route("/claims/{id}", get(pages::claim))
        .route("/dashboard", get(dashboard::page))
        .route("/claims/{id}/verify", post(actions::verify))
        .route("/claims/{id}/retract-event", post(actions::retract_event))
        .route("/claims/{id}/withdraw", post(actions::withdraw))
        .route("/claims/{id}/edit", post(actions::edit))
        .route("/claims/{id}/tag", post(actions::tag))
        .route("/claims/{id}/appearance", post(actions::appearance))
        .route("/claims/{id}/workflow", post(actions::workflow))
        .route("/api/claims", get(api::list))
        .route("/api/claims/{id}", get(api::show))
        .route("/api/claims/{id}/verify", post(api::verify))
        .route("/api/openapi.json", get(api::openapi))
        .route("/users", get(users::page).post(users::add))
        .route("/users/{name}/remove", post(users::remove))
        .route("/users/{name}/token", post(users::token))
        .route("/logout", post(auth::logout))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require,
        ))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/assets/style.css", get(layout::style))
        .fallback(|| async { WebError::not_found() });
    app.layer(axum::middleware::from_fn(security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state)
}

/// Headers every answer carries: a strict Content-Security-Policy (no script at all,
/// styles from this server only), no framing, no MIME sniffing, no referrer leaks.
async fn security_headers(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // The language switch (`?ui=fr`) is remembered for the next pages.
    let switched = request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "ui")
            .map(|(_, v)| v.into_owned())
            .filter(|v| v == "en" || v == "fr")
    });
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(lang) = switched
        && let Ok(v) = format!(
            "{}={lang}; Path=/; SameSite=Strict; Max-Age=31536000",
            i18n::LANG_COOKIE
        )
        .parse()
    {
        headers.append(header::SET_COOKIE, v);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Serves until interrupted (Ctrl-C or SIGTERM).
pub fn serve(config: ServeConfig, out: &mut dyn std::io::Write) -> Result<()> {
    // Before the runtime: the PostgreSQL client blocks on a runtime of its own.
    let (users, shown) = {
        let mut store = Store::open_location(&config.db, &OpenOptions::existing("serve"))?;
        let users = store.read()?.count_users()?;
        (users, store.location().to_string())
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(run(config, users, shown, out))
}

async fn run(
    config: ServeConfig,
    users: u64,
    shown: String,
    out: &mut dyn std::io::Write,
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("cannot listen on {}", config.bind))?;
    let address = listener.local_addr()?;
    let one_time = (users == 0).then(crate::access::random_secret);
    let state: Shared = Arc::new(AppState {
        auth: auth::Auth::new(one_time.clone(), config.local_actor.clone()),
        pool: Mutex::new(Vec::new()),
        facets: pages::FacetCache::default(),
        config,
    });
    match &one_time {
        Some(token) => writeln!(out, "http://{address}/?token={token}")?,
        None => writeln!(out, "http://{address}/")?,
    }
    out.flush()?;
    if !state.config.quiet {
        let mode = if state.config.read_only {
            " (read-only)"
        } else {
            ""
        };
        eprintln!("claimlog: serving {shown}{mode}; Ctrl-C stops");
    }
    pages::count_default_view(&state);
    let app = router(state);
    accept(listener, app).await
}

/// Accepts connections until a shutdown signal; each connection gets a header timeout.
async fn accept(listener: tokio::net::TcpListener, app: Router) -> Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;

    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: wait and keep serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(BODY_LIMIT.max(16 * 1024));
            // A client that goes away mid-answer is not the server's error.
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
