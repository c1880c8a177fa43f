//! Reading what a request carries: URL-encoded form bodies and query strings as
//! ordered pairs (repeated keys allowed), and the list filters of the queue and the API
//! as the CLI's `FilterArgs`, so that they are validated by the same code as `list`.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;

use super::WebError;
use crate::cli::FilterArgs;
use crate::store::ClaimFilter;

/// Name/value pairs, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Form(pub Vec<(String, String)>);

impl Form {
    pub fn parse(s: &str) -> Form {
        Form(
            url::form_urlencoded::parse(s.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The first non-blank value of `key`, trimmed.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// Every non-blank value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    pub fn flag(&self, key: &str) -> bool {
        self.get(key)
            .is_some_and(|v| matches!(v, "1" | "true" | "on" | "yes"))
    }

    /// A positive number, or a 400 naming the parameter.
    pub fn number(&self, key: &str) -> Result<Option<u64>, WebError> {
        match self.text(key) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                WebError::new(
                    StatusCode::BAD_REQUEST,
                    format!("invalid {key} {v:?}: expected a whole number such as 2"),
                )
            }),
        }
    }

    /// The query string these pairs make, with `key` set to `value` (or removed).
    pub fn with(&self, key: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter(|(k, v)| k != key && k != "token" && !v.is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(value) = value {
            pairs.push((key, value));
        }
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Form, WebError> {
        let body = String::from_request(request, state).await.map_err(|e| {
            WebError::new(
                e.status(),
                format!("cannot read the form: {}", e.body_text()),
            )
        })?;
        Ok(Form::parse(&body))
    }
}

/// The list filters a query carries, with the names of `list`'s flags (`dead_links`
/// for `--dead-links`), as the CLI would receive them.
pub(crate) fn filter_args(q: &Form) -> FilterArgs {
    FilterArgs {
        unverified: q.flag("unverified"),
        verification: q.all("verification"),
        verdict: q.all("verdict"),
        by: q.text("by"),
        outlet: q.text("outlet"),
        via: q.text("via"),
        single_origin: q.flag("single_origin"),
        tag: q.text("tag"),
        since: q.text("since"),
        until: q.text("until"),
        dead_links: q.flag("dead_links"),
        search: q.text("search"),
        include_withdrawn: q.flag("include_withdrawn"),
        withdrawn: q.flag("withdrawn"),
        lang: q.text("lang"),
        assigned_to: q.text("assigned_to"),
        by_actor: q.text("by_actor"),
        workflow: q.all("workflow"),
    }
}

/// The filter a query selects, validated as `list` validates its flags.
pub(crate) fn claim_filter(q: &Form, limit: Option<usize>) -> Result<ClaimFilter, WebError> {
    let args = filter_args(q);
    if args.include_withdrawn && args.withdrawn {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            "include_withdrawn and withdrawn cannot be used together: pick one",
        ));
    }
    crate::commands::claim_filter(&args, limit)
        .map_err(|e| WebError::new(StatusCode::BAD_REQUEST, e.to_string()))
}
