//! Fetching one page whole, for `claimlog extract URL`: the link checker's client
//! (no proxy, the same User-Agent) and its address guard on every hop, redirects
//! followed by hand up to the checker's limit, the body read up to a cap.
//!
//! This module owns only the fetch; what the page says is `maintext`'s business.

use std::net::IpAddr;

use reqwest::header;
use url::Url;

use super::{Checker, describe};

/// A page fetched whole.
#[derive(Debug, Clone)]
pub struct Page {
    /// Where the last redirect led.
    pub final_url: Url,
    /// The declared content type, if any.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Why a page could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{0}")]
    Refused(#[from] super::guard::Refused),
    #[error("{url}: HTTP {status}")]
    Status { url: Url, status: u16 },
    #[error("{url}: more than {max} redirects")]
    Redirects { url: Url, max: usize },
    #[error("{url}: redirect to an invalid location {location:?}")]
    Location { url: Url, location: String },
    #[error("{url}: the page is larger than {cap} bytes")]
    TooLarge { url: Url, cap: usize },
    #[error("{url}: {error}")]
    Network { url: Url, error: String },
    #[error("{url}: no complete answer within {seconds} s")]
    Timeout { url: Url, seconds: u64 },
}

impl Checker {
    /// Fetches `url`, following redirects, and returns its body when it is at most
    /// `cap` bytes. Every hop goes through the address policy.
    pub async fn fetch_page(&self, url: &Url, cap: usize) -> Result<Page, PageError> {
        let mut url = url.clone();
        for _ in 0..=self.config.max_redirects {
            let literal = match url.host() {
                Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
                Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
                _ => None,
            };
            if let Some(ip) = literal {
                self.config
                    .policy
                    .check(url.host_str().unwrap_or_default(), ip)?;
            }
            let network = |e: reqwest::Error| match e.source_refused() {
                Some(refused) => PageError::Refused(refused),
                None => PageError::Network {
                    url: url.clone(),
                    error: describe(&e),
                },
            };
            let request = async {
                let mut resp = self.client.get(url.clone()).send().await.map_err(network)?;
                let status = resp.status().as_u16();
                let location = resp
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                if (300..400).contains(&status) {
                    return Ok(Err(location));
                }
                if !(200..300).contains(&status) {
                    return Err(PageError::Status {
                        url: url.clone(),
                        status,
                    });
                }
                let content_type = resp
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let mut body = Vec::new();
                while let Some(chunk) = resp.chunk().await.map_err(network)? {
                    if body.len() + chunk.len() > cap {
                        return Err(PageError::TooLarge {
                            url: url.clone(),
                            cap,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(Ok(Page {
                    final_url: url.clone(),
                    content_type,
                    body,
                }))
            };
            let answer = tokio::time::timeout(self.config.timeout, request)
                .await
                .map_err(|_| PageError::Timeout {
                    url: url.clone(),
                    seconds: self.config.timeout.as_secs(),
                })??;
            match answer {
                Ok(page) => return Ok(page),
                Err(location) => {
                    let location = location.unwrap_or_default();
                    url = url.join(&location).map_err(|_| PageError::Location {
                        url: url.clone(),
                        location,
                    })?;
                }
            }
        }
        Err(PageError::Redirects {
            url,
            max: self.config.max_redirects,
        })
    }
}

/// A refusal by the guarded resolver surfaces as a connect error wrapping it.
trait SourceRefused {
    fn source_refused(&self) -> Option<super::guard::Refused>;
}

impl SourceRefused for reqwest::Error {
    fn source_refused(&self) -> Option<super::guard::Refused> {
        let mut source = std::error::Error::source(self);
        while let Some(e) = source {
            if let Some(r) = e.downcast_ref::<super::guard::Refused>() {
                return Some(r.clone());
            }
            source = e.source();
        }
        None
    }
}
