//! Memento look-ups (RFC 7089): ask a public web archive's TimeGate for its copy of a
//! page nearest a datetime, and follow its redirect to the memento.
//!
//! A TimeGate is addressed as a prefix followed by the original URL, as the Internet
//! Archive's `https://web.archive.org/web/URL`. The question is a HEAD request with
//! `Accept-Datetime`; the TimeGate answers with a redirect to a memento, whose response
//! carries `Memento-Datetime`, or with a 404 when it holds no copy. Every hop goes
//! through the checker: the same politeness limits, retries and address guard as a
//! link check. Nothing here knows of SQL: the command records the answers.

use std::collections::HashSet;

use reqwest::header::{self, HeaderName};
use url::Url;

use super::{Answer, Checker, retry_after};
use crate::model::{LinkOutcome, Timestamp};

/// A TimeGate's answer about one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MementoAnswer {
    /// The memento's URI and its Memento-Datetime.
    pub found: Option<(String, Timestamp)>,
    /// Why the TimeGate could not answer (refused address, timeout, HTTP 500...);
    /// none for a found memento or a plain "no copy" (404, 410).
    pub error: Option<String>,
    /// The address guard refused a hop (a private, loopback or link-local address).
    pub refused: bool,
    /// Requests sent, retries and hops included.
    pub requests: u32,
}

/// An `Accept-Datetime` value: an HTTP-date (RFC 7231 IMF-fixdate).
pub fn http_date(at: Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// A `Memento-Datetime` value read as a timestamp.
pub fn parse_http_date(value: &str) -> Option<Timestamp> {
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    PARSER.parse_timestamp(value.trim()).ok()
}

const MEMENTO_DATETIME: HeaderName = HeaderName::from_static("memento-datetime");
const ACCEPT_DATETIME: HeaderName = HeaderName::from_static("accept-datetime");

impl Checker {
    /// Asks the TimeGate `timegate` (a prefix) for its memento of `original` nearest
    /// `at`, following redirects to the memento.
    pub async fn find_memento(
        &self,
        timegate: &str,
        original: &Url,
        at: Timestamp,
    ) -> MementoAnswer {
        let mut answer = MementoAnswer {
            found: None,
            error: None,
            refused: false,
            requests: 0,
        };
        let mut url = match Url::parse(&format!("{timegate}{original}")) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => url,
            _ => {
                answer.error = Some(format!(
                    "the TimeGate {timegate:?} followed by the URL is not an http(s) URL"
                ));
                return answer;
            }
        };
        let accept = http_date(at);
        let mut visited = HashSet::from([url.clone()]);
        loop {
            let (reply, datetime) = self.ask(&url, &accept, &mut answer.requests).await;
            match reply {
                Answer::Redirect { status, location } => {
                    let next = match url.join(&location) {
                        Ok(next) if matches!(next.scheme(), "http" | "https") => {
                            crate::links::without_credentials(&next)
                        }
                        _ => {
                            answer.error = Some(format!(
                                "HTTP {status} to an unusable Location {location:?}"
                            ));
                            return answer;
                        }
                    };
                    if !visited.insert(next.clone())
                        || visited.len() > self.config.max_redirects + 1
                    {
                        answer.error = Some(format!("too many redirects, last to {next}"));
                        return answer;
                    }
                    url = next;
                }
                Answer::Status { status, .. } if (200..300).contains(&status) => {
                    match datetime.as_deref().and_then(parse_http_date) {
                        Some(dt) => answer.found = Some((url.to_string(), dt)),
                        None => {
                            answer.error = Some(format!(
                                "{url} answered HTTP {status} without a valid Memento-Datetime: \
                                 not a memento (is the TimeGate prefix right?)"
                            ))
                        }
                    }
                    return answer;
                }
                // The archive holds no copy of this page.
                Answer::Status {
                    status: 404 | 410, ..
                } => return answer,
                Answer::Status { status, .. } => {
                    answer.error = Some(format!("HTTP {status} from {url}"));
                    return answer;
                }
                Answer::Failed { outcome, error, .. } => {
                    answer.refused = outcome == LinkOutcome::Refused;
                    answer.error = Some(error);
                    return answer;
                }
                Answer::Page { .. } | Answer::NotModified { .. } => {
                    unreachable!("ask_once answers only with redirects, statuses and failures")
                }
            }
        }
    }

    /// One hop, retried as a check is; HEAD first, GET when the server refuses HEAD.
    async fn ask(&self, url: &Url, accept: &str, requests: &mut u32) -> (Answer, Option<String>) {
        let mut attempt = 0;
        let mut head = true;
        loop {
            *requests += 1;
            let (answer, datetime) = self.ask_once(url, accept, head).await;
            if head
                && matches!(
                    answer,
                    Answer::Status {
                        status: 405 | 501,
                        ..
                    }
                )
            {
                head = false;
                continue;
            }
            match self.retry_wait(&answer, attempt) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return (answer, datetime),
            }
        }
    }

    /// One request: a redirect, or a status with the response's Memento-Datetime. The
    /// body is never read.
    async fn ask_once(&self, url: &Url, accept: &str, head: bool) -> (Answer, Option<String>) {
        let request = async {
            let req = if head {
                self.client.head(url.clone())
            } else {
                self.client.get(url.clone())
            };
            let resp = req.header(ACCEPT_DATETIME, accept).send().await?;
            let status = resp.status().as_u16();
            let text = |name: &HeaderName| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let datetime = text(&MEMENTO_DATETIME);
            if (300..400).contains(&status)
                && let Some(location) = text(&header::LOCATION)
            {
                return Ok((Answer::Redirect { status, location }, datetime));
            }
            let retry_after = text(&header::RETRY_AFTER)
                .and_then(|v| retry_after(&v, text(&header::DATE).as_deref()));
            Ok::<_, reqwest::Error>((
                Answer::Status {
                    status,
                    retry_after,
                },
                datetime,
            ))
        };
        match self.politely(url, request).await {
            Ok(answered) => answered,
            Err(failed) => (failed, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_written_and_read_back() {
        let at: Timestamp = "2019-05-04T12:00:00Z".parse().unwrap();
        assert_eq!(http_date(at), "Sat, 04 May 2019 12:00:00 GMT");
        assert_eq!(parse_http_date("Sat, 04 May 2019 12:00:00 GMT"), Some(at));
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
