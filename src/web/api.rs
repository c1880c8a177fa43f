//! The JSON API, mirroring the CLI byte for byte: `GET /api/claims` is `list --format
//! json` with the list filters as query parameters (plus `offset`), `GET
//! /api/claims/{id}` is `show --format json`, `POST /api/claims/{id}/verify` is `verify
//! --format json` with the signed-in user as the actor. Errors are `{"error": "..."}`.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::actions::{guard, run_as};
use super::auth::Principal;
use super::forms::{self, Form};
use super::pages::parse_claim_id;
use super::{Shared, WebError, with_store};
use crate::cli::{Command, OutputFormat, ShowArgs, VerifyArgs};
use crate::model::Role;

/// Claims per answer when `limit` is not given, and at most.
const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 1000;

fn json(body: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

pub(crate) async fn list(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let q = Form::parse(query.as_deref().unwrap_or_default());
    let limit = q
        .number("limit")
        .map_err(WebError::into_json)?
        .unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(WebError::new(
            StatusCode::BAD_REQUEST,
            format!("invalid limit {limit}: expected 1 to {MAX_LIMIT}"),
        )
        .into_json());
    }
    let offset = q
        .number("offset")
        .map_err(WebError::into_json)?
        .unwrap_or(0);
    let filter =
        forms::claim_filter(&q, Some((offset + limit) as usize)).map_err(WebError::into_json)?;
    let body = with_store(&state, Some(p.name.clone()), move |store| {
        let tx = store.read()?;
        let ids = tx.select_claims(&filter)?;
        let page: Vec<_> = ids.into_iter().skip(offset as usize).collect();
        let records = tx.load_records(&page, true)?;
        drop(tx);
        let mut out = Vec::new();
        crate::render::listing(&mut out, OutputFormat::Json, &records)?;
        Ok(out)
    })
    .await
    .map_err(WebError::into_json)?;
    Ok(json(body))
}

pub(crate) async fn show(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = parse_claim_id(&id).map_err(WebError::into_json)?;
    let args = ShowArgs {
        id: id.to_string(),
        format: Some(OutputFormat::Json),
    };
    // Reading: the command runs as the user but records nothing.
    let ctx = state.context();
    let body = with_store(&state, Some(p.name.clone()), move |store| {
        let mut out = Vec::new();
        crate::commands::dispatch(Command::Show(args), store, &ctx, &mut out)?;
        Ok(out)
    })
    .await
    .map_err(WebError::into_json)?;
    Ok(json(body))
}

/// The body of `POST /api/claims/{id}/verify`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyBody {
    status: String,
    verdict: Option<String>,
    note: Option<String>,
    evidence: Option<String>,
    /// Who verified (an outlet, a desk); the actor is always the signed-in user.
    by: Option<String>,
}

pub(crate) async fn verify(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id = parse_claim_id(&id).map_err(WebError::into_json)?;
    // A browser session must show its CSRF token in a header; a bearer token needs none.
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    guard(&state, &p, csrf, Role::Checker).map_err(WebError::into_json)?;
    let body: VerifyBody = serde_json::from_slice(&body).map_err(|e| {
        WebError::new(
            StatusCode::BAD_REQUEST,
            format!("invalid JSON body: {e}; expected {{\"status\": \"verified\", \"verdict\"?, \"note\"?, \"evidence\"?, \"by\"?}}"),
        )
        .into_json()
    })?;
    let args = VerifyArgs {
        id: id.to_string(),
        status: body.status,
        verdict: body.verdict,
        by: body.by,
        note: body.note,
        evidence: body.evidence,
        at: None,
        appearance: None,
        format: Some(OutputFormat::Json),
    };
    let out = run_as(&state, &p, Command::Verify(args))
        .await
        .map_err(WebError::into_json)?;
    Ok(json(out))
}

const OPENAPI: &str = include_str!("openapi.json");

pub(crate) async fn openapi() -> Response {
    json(OPENAPI.as_bytes().to_vec())
}
