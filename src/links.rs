//! URL validation and normalisation: one row per normalised URL in the store.
//!
//! Only http and https are accepted. Normalisation lower-cases scheme and host (the
//! `url` crate does), drops the default port and the fragment, and removes tracking
//! parameters (`utm_*`, `fbclid`, `gclid`, ... and the `s`/`t` share parameters of
//! twitter.com and x.com) so that the same page cited twice is one link.
//!
//! Credentials written into a URL (`https://user:pass@host/`) are dropped from both the
//! normalised URL and the URL as typed: a claim's links are shown, exported and
//! published, so a password must never be stored. [`NormalizedUrl::dropped_credentials`]
//! lets the command warn. The link checker strips them again before every request
//! ([`without_credentials`]), so none is ever sent.

use url::Url;

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("invalid URL {url:?}: {reason}")]
    Malformed { url: String, reason: String },
    #[error("invalid URL {url:?}: only http and https links can be recorded, not {scheme}:")]
    Scheme { url: String, scheme: String },
    #[error("invalid URL {url:?}: it has no host name")]
    NoHost { url: String },
}

/// A URL as claimlog stores it, with the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedUrl {
    pub url: Url,
    pub as_typed: String,
    /// The URL held a user name or password, which was removed.
    pub dropped_credentials: bool,
}

impl NormalizedUrl {
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or("")
    }
}

/// Query parameters that only track who shared a link, on every site.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "_ga",
    "_gl",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wickedid",
    "rb_clickid",
    "ref_src",
    "ref_url",
    "cmpid",
    "xtor",
];

/// Share parameters of twitter.com and x.com (`?s=20&t=...`): meaningless elsewhere.
const TWITTER_SHARE_PARAMS: &[&str] = &["s", "t", "ref_src", "ref_url"];

fn is_twitter(host: &str) -> bool {
    let host = host.strip_prefix("www.").unwrap_or(host);
    let host = host.strip_prefix("mobile.").unwrap_or(host);
    matches!(host, "twitter.com" | "x.com")
}

fn is_tracking(name: &str, twitter: bool) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_")
        || TRACKING_PARAMS.contains(&lower.as_str())
        || (twitter && TWITTER_SHARE_PARAMS.contains(&lower.as_str()))
}

/// The URL without user name and password, as every request is sent.
pub fn without_credentials(url: &Url) -> Url {
    let mut url = url.clone();
    // Both setters fail only for URLs that cannot have credentials: nothing to remove.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url
}

/// The text of a URL with its `user:password@` removed, everything else as typed.
fn typed_without_credentials(typed: &str) -> String {
    let Some(scheme_end) = typed.find("://") else {
        return typed.to_string();
    };
    let start = scheme_end + 3;
    let rest = &typed[start..];
    let authority_len = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    match rest[..authority_len].rfind('@') {
        Some(at) => format!("{}{}", &typed[..start], &rest[at + 1..]),
        None => typed.to_string(),
    }
}

/// Validates and normalises a URL typed by a user or found in an article.
pub fn normalize_url(input: &str) -> Result<NormalizedUrl, UrlError> {
    let typed = input.trim();
    let mut url = Url::parse(typed).map_err(|e| UrlError::Malformed {
        url: typed.to_string(),
        reason: match e {
            url::ParseError::RelativeUrlWithoutBase => {
                "it is not absolute; write it with http:// or https://".to_string()
            }
            other => other.to_string(),
        },
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::Scheme {
            url: typed.to_string(),
            scheme: url.scheme().to_string(),
        });
    }
    let host = match url.host_str() {
        Some(h) if !h.is_empty() => h.to_string(),
        _ => {
            return Err(UrlError::NoHost {
                url: typed.to_string(),
            });
        }
    };
    let dropped_credentials = !url.username().is_empty() || url.password().is_some();
    if dropped_credentials {
        url = without_credentials(&url);
    }
    url.set_fragment(None);
    // `url` already drops a port equal to the scheme's default and lower-cases the host.
    let twitter = is_twitter(&host);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking(k, twitter))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    let as_typed = if dropped_credentials {
        typed_without_credentials(typed)
    } else {
        typed.to_string()
    };
    Ok(NormalizedUrl {
        url,
        as_typed,
        dropped_credentials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_url(s).unwrap().url.to_string()
    }

    #[test]
    fn scheme_host_port_and_fragment_are_normalised() {
        assert_eq!(
            norm("HTTPS://WWW.Example.COM:443/Path?a=1#section"),
            "https://www.example.com/Path?a=1"
        );
        assert_eq!(norm("http://example.com:80"), "http://example.com/");
        assert_eq!(
            norm("http://example.com:8080/x"),
            "http://example.com:8080/x"
        );
    }

    #[test]
    fn tracking_parameters_are_removed_and_others_kept_in_order() {
        assert_eq!(
            norm(
                "https://news.example/a?id=3&utm_source=tw&utm_MEDIUM=x&fbclid=abc&page=2&gclid=1"
            ),
            "https://news.example/a?id=3&page=2"
        );
    }

    #[test]
    fn twitter_share_parameters_are_removed_only_on_twitter_and_x() {
        assert_eq!(
            norm(
                "https://twitter.com/lemkininstitute/status/1652436620782739456?s=51&t=HxBq8tfKyLSjwvRzQkDEgw"
            ),
            "https://twitter.com/lemkininstitute/status/1652436620782739456"
        );
        assert_eq!(
            norm("https://x.com/a/status/1?s=20"),
            "https://x.com/a/status/1"
        );
        assert_eq!(
            norm("https://search.example/?s=armenie"),
            "https://search.example/?s=armenie"
        );
    }

    #[test]
    fn credentials_are_kept_neither_in_the_url_nor_as_typed() {
        let n = normalize_url("https://user:s3cret@Example.org/a?b=1#c").unwrap();
        assert_eq!(n.url.as_str(), "https://example.org/a?b=1");
        assert_eq!(n.as_typed, "https://Example.org/a?b=1#c");
        assert!(n.dropped_credentials);
        let n = normalize_url("http://only-user@example.org").unwrap();
        assert_eq!(n.url.as_str(), "http://example.org/");
        assert_eq!(n.as_typed, "http://example.org");
        let n = normalize_url("https://a:b@c@example.org/x@y").unwrap();
        assert_eq!(n.url.as_str(), "https://example.org/x@y");
        assert_eq!(n.as_typed, "https://example.org/x@y");
        let n = normalize_url("https://example.org/@someone").unwrap();
        assert!(!n.dropped_credentials);
        assert_eq!(n.as_typed, "https://example.org/@someone");
    }

    #[test]
    fn non_http_and_relative_urls_are_refused_with_the_reason() {
        let e = normalize_url("ftp://example.com/file")
            .unwrap_err()
            .to_string();
        assert!(e.contains("only http and https"), "{e}");
        let e = normalize_url("www.example.com/page")
            .unwrap_err()
            .to_string();
        assert!(e.contains("http://"), "{e}");
        assert!(normalize_url("javascript:alert(1)").is_err());
        assert!(normalize_url("http://").is_err());
    }
}
