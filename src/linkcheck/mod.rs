//! The link checker: given URLs (and what the last good check saw), fetch each one
//! politely and say what became of it, as a [`CheckResult`] with a [`LinkOutcome`].
//!
//! Async (tokio + one shared reqwest client); it knows nothing of SQL or of clap. The
//! caller feeds [`Job`]s through a channel and receives [`Finished`] results through
//! another, as they complete, so it can write them in batches while the run goes on.
//!
//! Politeness: at most `concurrency` requests in flight overall, `per_host` to one
//! host, and `host_rate` request starts per second to one host. Trust: timeouts, resets,
//! 5xx and 429 are retried with exponential backoff and jitter (honouring
//! `Retry-After`), so a blip is not reported as a failure. Safety: see [`guard`].
//! The per-host limits are kept by a [`gate::Gate`]: in this process by default, or
//! shared by several processes when the caller gives one ([`Checker::with_gate`]).

mod capture;
pub mod classify;
pub mod drift;
pub mod gate;
pub mod guard;
pub mod page;
pub mod text;

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use url::Url;

use self::drift::MainPage;
use self::gate::{Gate, LocalGate, permits};
use self::guard::{AddressPolicy, GuardedResolver, Refused};
use self::text::{BodyKind, PageText, TextDigest};
pub use crate::archive::warc::Exchange;
use crate::model::LinkOutcome;

/// Bytes of a body read at most: enough to hash and classify a page, never a whole
/// video or data dump.
pub const BODY_CAP: usize = 1 << 20;

/// Redirect hops followed at most.
pub const MAX_REDIRECTS: usize = 10;

/// The User-Agent sent unless the user names another.
pub fn default_user_agent() -> String {
    format!(
        "claimlog/{} (link liveness check of cited sources)",
        env!("CARGO_PKG_VERSION")
    )
}

/// How the checker behaves. `Default` gives the documented defaults of `links check`.
#[derive(Debug, Clone)]
pub struct CheckerConfig {
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host (0 = unlimited).
    pub per_host: usize,
    /// Request starts per second to one host (0 = unlimited).
    pub host_rate: f64,
    /// Limit on one request, from sending it to the end of the (capped) body.
    pub timeout: Duration,
    /// Further attempts after a reset connection, a 5xx or a 429; a timeout is retried
    /// once at most.
    pub retries: u32,
    /// First backoff; each retry doubles it, with ±50% jitter.
    pub retry_backoff: Duration,
    /// Longest wait before a retry, whatever `Retry-After` asks for.
    pub max_retry_wait: Duration,
    pub user_agent: String,
    pub policy: AddressPolicy,
    pub body_cap: usize,
    pub max_redirects: usize,
    /// Keep each 2xx page's exchange (request, response head, body up to this many
    /// bytes) for a capture: bodies then arrive content-encoded, as served, and no
    /// conditional request is sent (a 304 has nothing to keep).
    pub capture_cap: Option<usize>,
    /// Words of the main text removed or added for a page to be `changed`.
    pub min_changed_words: usize,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        CheckerConfig {
            concurrency: 64,
            per_host: 4,
            host_rate: 10.0,
            timeout: Duration::from_secs(20),
            retries: 2,
            retry_backoff: Duration::from_millis(500),
            max_retry_wait: Duration::from_secs(10),
            user_agent: default_user_agent(),
            policy: AddressPolicy::default(),
            body_cap: BODY_CAP,
            max_redirects: MAX_REDIRECTS,
            capture_cap: None,
            min_changed_words: 1,
        }
    }
}

/// What the last good check of a link saw, for conditional requests and drift.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Previous {
    /// Where that check ended; validators are only sent to this URL.
    pub final_url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
    /// The main text that check saw, and its hash.
    pub main_hash: Option<String>,
    pub main_text: Option<String>,
}

/// One URL to check. `key` is the caller's (the command uses the link id).
#[derive(Debug, Clone)]
pub struct Job {
    pub key: i64,
    pub url: Url,
    pub previous: Option<Previous>,
    /// Words of claims published on this page, to look for in its main text.
    pub quotes: Vec<String>,
}

/// One redirect followed: the status that sent us on and where to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub status: u16,
    pub url: String,
}

/// What one check found.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    pub outcome: LinkOutcome,
    /// The final status (after redirects); none when no answer came.
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    pub redirects: Vec<Hop>,
    /// From the first request to the outcome, retries and waits included.
    pub elapsed: Duration,
    /// blake3 of the normalised text; for a 304, the previous check's.
    pub content_hash: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Why the outcome is not `ok`, for people: "HTTP 404", "redirect loop", ...
    pub error: Option<String>,
    /// Requests sent, retries and redirect hops included.
    pub requests: u32,
    /// The final exchange of a 2xx page, when capturing.
    pub exchange: Option<Box<Exchange>>,
    /// The main text of an HTML page.
    pub main: Option<MainPage>,
    /// A quotation that was on the page at the last good check and is gone now.
    pub quote_removed: Option<String>,
    /// Whether every quotation is on the page (none: not looked for).
    pub quotes_present: Option<bool>,
}

/// A result with the key of its job.
#[derive(Debug, Clone)]
pub struct Finished {
    pub key: i64,
    pub result: CheckResult,
}

/// The checker could not be built (a bad User-Agent, no TLS backend).
#[derive(Debug, thiserror::Error)]
pub enum CheckerError {
    #[error("invalid user agent {0:?}: use printable ASCII characters only")]
    UserAgent(String),
    #[error("cannot build the HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// The checker: one shared HTTP client and the politeness state of every host seen.
pub struct Checker {
    client: reqwest::Client,
    config: CheckerConfig,
    global: Semaphore,
    gate: Arc<dyn Gate>,
}

/// What one request (one hop, one attempt) got.
enum Answer {
    Redirect {
        status: u16,
        location: String,
    },
    Page {
        status: u16,
        page: PageText,
        etag: Option<String>,
        last_modified: Option<String>,
        exchange: Option<Box<Exchange>>,
        main: Option<MainPage>,
    },
    NotModified {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    Failed {
        outcome: LinkOutcome,
        error: String,
        retryable: bool,
    },
}

impl Checker {
    /// A checker keeping the per-host limits in this process.
    pub fn new(config: CheckerConfig) -> Result<Checker, CheckerError> {
        let gate = Arc::new(LocalGate::new(config.per_host, config.host_rate));
        Checker::with_gate(config, gate)
    }

    /// A checker asking `gate` before each request (which then keeps `per_host` and
    /// `host_rate`).
    pub fn with_gate(config: CheckerConfig, gate: Arc<dyn Gate>) -> Result<Checker, CheckerError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html,application/xhtml+xml,*/*;q=0.8"),
        );
        let user_agent = HeaderValue::from_str(&config.user_agent)
            .map_err(|_| CheckerError::UserAgent(config.user_agent.clone()))?;
        let capturing = config.capture_cap.is_some();
        if capturing {
            // Bodies are kept as served and decoded here, so ask for what can be decoded.
            headers.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_static("gzip, deflate, br"),
            );
        }
        let client = reqwest::Client::builder()
            // A proxy from the environment would resolve names itself, out of the
            // guard's sight: every connection goes straight to the checked address.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(user_agent)
            .default_headers(headers)
            .dns_resolver(Arc::new(GuardedResolver {
                policy: Arc::new(config.policy.clone()),
            }))
            .connect_timeout(config.timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .tcp_nodelay(true)
            .gzip(!capturing)
            .brotli(!capturing)
            .deflate(!capturing)
            .build()?;
        Ok(Checker {
            client,
            global: Semaphore::new(permits(config.concurrency)),
            gate,
            config,
        })
    }

    /// Checks every job received until the channel closes, sending each result as it
    /// completes. Jobs are checked concurrently within the configured limits; the
    /// caller bounds how many it sends ahead. Dropping the future aborts the checks in
    /// flight (an interrupted run).
    pub async fn run(
        self: Arc<Self>,
        mut jobs: tokio::sync::mpsc::UnboundedReceiver<Job>,
        results: std::sync::mpsc::Sender<Finished>,
    ) {
        let mut running = JoinSet::new();
        loop {
            tokio::select! {
                job = jobs.recv() => {
                    let Some(job) = job else { break };
                    let checker = Arc::clone(&self);
                    let results = results.clone();
                    running.spawn(async move {
                        let result = checker.check(&job).await;
                        // The receiver is gone only when the caller stopped listening.
                        let _ = results.send(Finished { key: job.key, result });
                    });
                }
                Some(_) = running.join_next(), if !running.is_empty() => {}
            }
        }
        while running.join_next().await.is_some() {}
    }

    /// Checks one URL: follows redirects by hand, retries what deserves it, classifies.
    pub async fn check(&self, job: &Job) -> CheckResult {
        let started = Instant::now();
        let mut url = job.url.clone();
        let mut hops: Vec<Hop> = Vec::new();
        let mut visited: HashSet<Url> = HashSet::from([url.clone()]);
        let mut requests = 0;
        let finish =
            |outcome, status, url: &Url, hops, error: Option<String>, requests| CheckResult {
                outcome,
                http_status: status,
                final_url: Some(url.to_string()),
                redirects: hops,
                elapsed: started.elapsed(),
                content_hash: None,
                etag: None,
                last_modified: None,
                error,
                requests,
                exchange: None,
                main: None,
                quote_removed: None,
                quotes_present: None,
            };
        loop {
            let validators = job
                .previous
                .as_ref()
                .filter(|p| p.final_url.as_deref() == Some(url.as_str()));
            let answer = self
                .fetch_with_retries(&url, validators, &mut requests)
                .await;
            match answer {
                Answer::Redirect { status, location } => {
                    let next = match url.join(&location) {
                        // A redirect cannot make us send credentials either.
                        Ok(next) if matches!(next.scheme(), "http" | "https") => {
                            crate::links::without_credentials(&next)
                        }
                        _ => {
                            let error =
                                format!("HTTP {status} to an unusable Location {location:?}");
                            return finish(
                                LinkOutcome::Broken,
                                Some(status),
                                &url,
                                hops,
                                Some(error),
                                requests,
                            );
                        }
                    };
                    hops.push(Hop {
                        status,
                        url: next.to_string(),
                    });
                    if !visited.insert(next.clone()) {
                        let error = format!("redirect loop: {next} was already visited");
                        return finish(
                            LinkOutcome::Broken,
                            Some(status),
                            &next,
                            hops,
                            Some(error),
                            requests,
                        );
                    }
                    if hops.len() > self.config.max_redirects {
                        let error = format!("more than {} redirects", self.config.max_redirects);
                        return finish(
                            LinkOutcome::Broken,
                            Some(status),
                            &next,
                            hops,
                            Some(error),
                            requests,
                        );
                    }
                    url = next;
                }
                Answer::Page {
                    status,
                    page,
                    etag,
                    last_modified,
                    exchange,
                    main,
                } => {
                    let judged = page_outcome(job, &url, &hops, &page, main.as_ref(), &self.config);
                    let mut result = finish(
                        judged.outcome,
                        Some(status),
                        &url,
                        hops,
                        judged.error,
                        requests,
                    );
                    result.main = main;
                    result.quote_removed = judged.quote_removed;
                    result.quotes_present = judged.quotes_present;
                    result.content_hash = Some(page.hash);
                    result.etag = etag;
                    result.last_modified = last_modified;
                    result.exchange = exchange;
                    return result;
                }
                Answer::NotModified {
                    etag,
                    last_modified,
                } => {
                    let previous = job.previous.clone().unwrap_or_default();
                    let outcome = if moved_permanently(&hops) {
                        LinkOutcome::Redirected
                    } else {
                        LinkOutcome::Ok
                    };
                    let mut result = finish(outcome, Some(304), &url, hops, None, requests);
                    result.content_hash = previous.content_hash;
                    result.etag = etag.or(previous.etag);
                    result.last_modified = last_modified.or(previous.last_modified);
                    return result;
                }
                Answer::Status { status, .. } => {
                    let outcome = classify::status_outcome(status);
                    return finish(
                        outcome,
                        Some(status),
                        &url,
                        hops,
                        Some(format!("HTTP {status}")),
                        requests,
                    );
                }
                Answer::Failed { outcome, error, .. } => {
                    return finish(outcome, None, &url, hops, Some(error), requests);
                }
            }
        }
    }

    async fn fetch_with_retries(
        &self,
        url: &Url,
        validators: Option<&Previous>,
        requests: &mut u32,
    ) -> Answer {
        let mut attempt = 0;
        loop {
            *requests += 1;
            let answer = self.fetch_once(url, validators).await;
            let wait = match &answer {
                Answer::Status {
                    status,
                    retry_after,
                } if classify::is_retryable_status(*status) => {
                    Some(retry_after.unwrap_or_else(|| self.backoff(attempt)))
                }
                Answer::Failed {
                    retryable: true, ..
                } => Some(self.backoff(attempt)),
                _ => None,
            };
            // A timeout is retried once at most: it never makes a link dead, and each
            // further try would hold a connection slot for the whole timeout again.
            let limit = if matches!(
                answer,
                Answer::Failed {
                    outcome: LinkOutcome::Timeout,
                    ..
                }
            ) {
                self.config.retries.min(1)
            } else {
                self.config.retries
            };
            match wait {
                Some(wait) if attempt < limit => {
                    tokio::time::sleep(wait.min(self.config.max_retry_wait)).await;
                    attempt += 1;
                }
                _ => return answer,
            }
        }
    }

    /// Exponential backoff with ±50% jitter, so retries to one host do not align.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .config
            .retry_backoff
            .saturating_mul(1 << attempt.min(16));
        base.mul_f64(rand::random_range(0.5..1.5))
            .min(self.config.max_retry_wait)
    }

    /// One request to one URL, within the politeness limits and the timeout.
    async fn fetch_once(&self, url: &Url, validators: Option<&Previous>) -> Answer {
        let Some(host_name) = url.host_str() else {
            return Answer::Failed {
                outcome: LinkOutcome::Unreachable,
                error: format!("{url} has no host"),
                retryable: false,
            };
        };
        // reqwest resolves only names; IP literals are checked here.
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal
            && let Err(refused) = self.config.policy.check(host_name, ip)
        {
            return refused_answer(&refused);
        }
        let _pass = self.gate.enter(host_name).await;
        let Ok(_global_permit) = self.global.acquire().await else {
            unreachable!("the global semaphore is never closed")
        };
        let capture_cap = self.config.capture_cap;
        let validators = validators.filter(|_| capture_cap.is_none());
        let request = async {
            let mut req = self.client.get(url.clone());
            if let Some(p) = validators {
                if let Some(etag) = &p.etag {
                    req = req.header(header::IF_NONE_MATCH, etag);
                }
                if let Some(lm) = &p.last_modified {
                    req = req.header(header::IF_MODIFIED_SINCE, lm);
                }
            }
            let mut resp = req.send().await?;
            let status = resp.status().as_u16();
            let headers = resp.headers();
            let text = |name: header::HeaderName| {
                headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if (300..400).contains(&status)
                && status != 304
                && let Some(location) = text(header::LOCATION)
            {
                return Ok(Answer::Redirect { status, location });
            }
            if status == 304 {
                return Ok(Answer::NotModified {
                    etag: text(header::ETAG),
                    last_modified: text(header::LAST_MODIFIED),
                });
            }
            if !(200..300).contains(&status) {
                let retry_after = text(header::RETRY_AFTER)
                    .and_then(|v| retry_after(&v, text(header::DATE).as_deref()));
                return Ok(Answer::Status {
                    status,
                    retry_after,
                });
            }
            let etag = text(header::ETAG);
            let last_modified = text(header::LAST_MODIFIED);
            let kind = BodyKind::from_content_type(text(header::CONTENT_TYPE).as_deref());
            let mut digest = TextDigest::new(kind);
            if let Some(cap) = capture_cap {
                let response_head = capture::response_head(&resp);
                let (body, truncated) = capture::read_body(&mut resp, cap).await?;
                drop(resp);
                let decoded = crate::archive::decode_body(&response_head, &body);
                let decoded = &decoded[..decoded.len().min(self.config.body_cap)];
                digest.update(decoded);
                let main = (kind == BodyKind::Html)
                    .then(|| drift::main_page(&String::from_utf8_lossy(decoded), Some(url)));
                let exchange = Exchange {
                    url: url.to_string(),
                    request_head: capture::request_head(url, &self.request_headers(validators)),
                    response_head,
                    body,
                    truncated,
                    status,
                };
                return Ok(Answer::Page {
                    status,
                    page: digest.finish(),
                    etag,
                    last_modified,
                    exchange: Some(Box::new(exchange)),
                    main,
                });
            }
            // An HTML body is also kept (up to the cap) for its main text.
            let mut html = (kind == BodyKind::Html).then(Vec::new);
            let mut read = 0;
            while read < self.config.body_cap {
                let Some(chunk) = resp.chunk().await? else {
                    break;
                };
                let take = chunk.len().min(self.config.body_cap - read);
                digest.update(&chunk[..take]);
                if let Some(html) = &mut html {
                    html.extend_from_slice(&chunk[..take]);
                }
                read += take;
            }
            // Dropping the response mid-body closes the connection: the rest of a huge
            // file is never downloaded.
            drop(resp);
            Ok::<Answer, reqwest::Error>(Answer::Page {
                status,
                page: digest.finish(),
                etag,
                last_modified,
                exchange: None,
                main: html.map(|h| drift::main_page(&String::from_utf8_lossy(&h), Some(url))),
            })
        };
        match tokio::time::timeout(self.config.timeout, request).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => error_answer(&e),
            Err(_) => Answer::Failed {
                outcome: LinkOutcome::Timeout,
                error: format!(
                    "no complete answer within {}",
                    humantime::format_duration(self.config.timeout)
                ),
                retryable: true,
            },
        }
    }
}

impl Checker {
    /// The headers this checker sends, as a capture's request record shows them.
    fn request_headers(&self, validators: Option<&Previous>) -> Vec<(String, String)> {
        let mut headers = vec![
            ("User-Agent".to_string(), self.config.user_agent.clone()),
            (
                "Accept".to_string(),
                "text/html,application/xhtml+xml,*/*;q=0.8".to_string(),
            ),
        ];
        if self.config.capture_cap.is_some() {
            headers.push((
                "Accept-Encoding".to_string(),
                "gzip, deflate, br".to_string(),
            ));
        }
        if let Some(p) = validators {
            if let Some(etag) = &p.etag {
                headers.push(("If-None-Match".to_string(), etag.clone()));
            }
            if let Some(lm) = &p.last_modified {
                headers.push(("If-Modified-Since".to_string(), lm.clone()));
            }
        }
        headers
    }
}

fn refused_answer(refused: &Refused) -> Answer {
    Answer::Failed {
        outcome: LinkOutcome::Refused,
        error: refused.to_string(),
        retryable: false,
    }
}

/// A transport error as an answer: refused by the guard, reset (retried), or unreachable.
fn error_answer(e: &reqwest::Error) -> Answer {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    let mut reset = false;
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<Refused>() {
            return refused_answer(refused);
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            reset |= matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            );
        }
        source = cause.source();
    }
    if e.is_timeout() {
        return Answer::Failed {
            outcome: LinkOutcome::Timeout,
            error: "timed out".to_string(),
            retryable: true,
        };
    }
    // A refused connection or a failed DNS lookup will not heal in a second; a
    // connection dropped mid-answer might.
    let retryable = reset || !e.is_connect();
    Answer::Failed {
        outcome: LinkOutcome::Unreachable,
        error: describe(e),
        retryable,
    }
}

/// The innermost causes of an error on one line: "connection refused" rather than
/// "error sending request".
fn describe(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p: &String| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

fn moved_permanently(hops: &[Hop]) -> bool {
    hops.iter().any(|h| matches!(h.status, 301 | 308))
}

/// What a 2xx page's check concluded.
struct Judged {
    outcome: LinkOutcome,
    /// Why the outcome is not `ok`.
    error: Option<String>,
    quote_removed: Option<String>,
    quotes_present: Option<bool>,
}

/// The outcome of a 2xx page and, when not `ok`, why. Drift compares main texts when
/// both checks read one (HTML), else the hash of the whole text.
fn page_outcome(
    job: &Job,
    final_url: &Url,
    hops: &[Hop],
    page: &PageText,
    main: Option<&MainPage>,
    config: &CheckerConfig,
) -> Judged {
    let judged = |outcome, error: Option<String>| Judged {
        outcome,
        error,
        quote_removed: None,
        quotes_present: None,
    };
    if let Some(why) = classify::soft_404_text(page) {
        return judged(LinkOutcome::Soft404, Some(why));
    }
    if !hops.is_empty() {
        if classify::redirected_home(&job.url, final_url) {
            return judged(
                LinkOutcome::Soft404,
                Some(format!("redirected to the home page {final_url}")),
            );
        }
        if classify::login_wall(final_url, page) {
            return judged(
                LinkOutcome::Blocked,
                Some(format!("redirected to a login page {final_url}")),
            );
        }
    }
    let previous = job.previous.as_ref();
    let quotes_present = main.map(|m| job.quotes.iter().all(|q| drift::quote_present(&m.text, q)));
    let previous_main =
        previous.and_then(|p| Some((p.main_hash.as_deref()?, p.main_text.as_deref()?)));
    match (previous_main, main) {
        (Some((old_hash, old_text)), Some(new)) if old_hash != new.hash => {
            let removed = job
                .quotes
                .iter()
                .find(|q| drift::quote_present(old_text, q) && !drift::quote_present(&new.text, q));
            if let Some(quote) = removed {
                return Judged {
                    outcome: LinkOutcome::Changed,
                    error: Some(format!(
                        "quote_removed: the claim's words are no longer on the page: {quote:?}"
                    )),
                    quote_removed: Some(quote.clone()),
                    quotes_present,
                };
            }
            let d = drift::compare(old_text, &new.text);
            if d.changed_words() >= config.min_changed_words.max(1) {
                return Judged {
                    outcome: LinkOutcome::Changed,
                    error: Some(format!(
                        "the article changed: {} words removed, {} added (similarity {:.3})",
                        d.words_removed, d.words_added, d.similarity
                    )),
                    quote_removed: None,
                    quotes_present,
                };
            }
        }
        (Some(_), Some(_)) => {}
        // The first main text of this link (or not HTML): the whole text decides.
        _ => {
            let previous_hash = previous.and_then(|p| p.content_hash.as_deref());
            if main.is_none() && previous_hash.is_some_and(|h| h != page.hash) {
                return judged(
                    LinkOutcome::Changed,
                    Some("the page text differs from the last good check".to_string()),
                );
            }
        }
    }
    if moved_permanently(hops) {
        return Judged {
            outcome: LinkOutcome::Redirected,
            error: Some(format!("moved permanently to {final_url}")),
            quote_removed: None,
            quotes_present,
        };
    }
    Judged {
        outcome: LinkOutcome::Ok,
        error: None,
        quote_removed: None,
        quotes_present,
    }
}

/// `Retry-After` as a wait: delay-seconds, or an HTTP-date measured against the
/// response's own `Date` (so no local clock is read when the server sent one).
pub fn retry_after(value: &str, date: Option<&str>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    let at = PARSER.parse_timestamp(value).ok()?;
    let now = date
        .and_then(|d| PARSER.parse_timestamp(d).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let wait = at.duration_since(now);
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after("2", None), Some(Duration::from_secs(2)));
        assert_eq!(
            retry_after(
                "Wed, 21 Oct 2015 07:28:30 GMT",
                Some("Wed, 21 Oct 2015 07:28:00 GMT")
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(
                "Wed, 21 Oct 2015 07:27:00 GMT",
                Some("Wed, 21 Oct 2015 07:28:00 GMT")
            ),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", None), None);
    }

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let checker = Checker::new(CheckerConfig {
            retry_backoff: Duration::from_millis(100),
            max_retry_wait: Duration::from_secs(1),
            ..CheckerConfig::default()
        })
        .unwrap();
        let first = checker.backoff(0);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(150));
        let third = checker.backoff(2);
        assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(600));
        assert_eq!(checker.backoff(20), Duration::from_secs(1));
    }
}
