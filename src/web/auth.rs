//! Who is asking: sessions (a login form, then an HttpOnly SameSite=Strict cookie),
//! API tokens (`Authorization: Bearer`), and, when no user exists, the one-time token
//! of the URL `serve` printed (as Jupyter does). Also CSRF tokens for forms and role
//! checks. Passwords and tokens are checked against their Argon2id hashes via
//! `access`; users are read through the store. Users' sessions are recorded in the
//! database (a hash of the cookie's secret, `web_sessions`): they outlive a restart of
//! the server and are known to every server of one PostgreSQL database. Each server
//! keeps those it saw in memory and reads them again every [`RECHECK`], so a session
//! ended elsewhere (signed out, its user removed) ends here within that time. Sessions
//! of the one-time URL live in memory only, like its token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::forms::Form;
use super::i18n::{Lang, t};
use super::{Shared, WebError, layout, with_store};
use crate::access;
use crate::model::Role;

const SESSION_COOKIE: &str = "claimlog_session";
const LOGIN_CSRF_COOKIE: &str = "claimlog_login";
/// A session ends this long after sign-in.
const SESSION_LIFE: Duration = Duration::from_secs(12 * 3600);
/// A session's user is looked up again this often (a removed user loses access).
const RECHECK: Duration = Duration::from_secs(60);
/// A checked API token is trusted this long before its hash is checked again.
const TOKEN_CACHE_LIFE: Duration = Duration::from_secs(60);

/// The person behind a request.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub name: String,
    pub role: Role,
    /// The session's CSRF token; `None` for a bearer token (no cookie, no CSRF risk).
    pub csrf: Option<String>,
}

impl Principal {
    /// 403 unless the principal's role is at least `role`.
    pub fn require(&self, role: Role) -> Result<(), WebError> {
        if self.role >= role {
            Ok(())
        } else {
            Err(WebError::new(
                StatusCode::FORBIDDEN,
                format!(
                    "{} is a {}: this needs the role {role} or above",
                    self.name, self.role
                ),
            ))
        }
    }

    /// 403 unless the form carries this session's CSRF token.
    pub fn check_csrf(&self, given: Option<&str>) -> Result<(), WebError> {
        match &self.csrf {
            None => Ok(()),
            Some(expected) if given.is_some_and(|g| same(g, expected)) => Ok(()),
            Some(_) => Err(WebError::new(
                StatusCode::FORBIDDEN,
                "this form has no valid CSRF token: reload the page and try again",
            )),
        }
    }
}

struct Session {
    principal: Principal,
    started: Instant,
    checked: Instant,
}

/// Sessions, the one-time token and checked API tokens.
pub(crate) struct Auth {
    /// With no users: the token of the URL printed at start.
    one_time: Option<String>,
    local_actor: String,
    sessions: Mutex<HashMap<String, Session>>,
    tokens: Mutex<HashMap<String, (Principal, Instant)>>,
}

/// Equality that takes as long whatever the position of the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// What the database keeps of a session's secret: its BLAKE3 hash. The secret is 256
/// random bits, so a fast hash is enough (a password needs Argon2; this does not).
fn secret_hash(id: &str) -> String {
    blake3::hash(id.as_bytes()).to_hex().to_string()
}

fn session_cookie(id: &str) -> String {
    format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict")
}

impl Auth {
    pub fn new(one_time: Option<String>, local_actor: Option<String>) -> Auth {
        Auth {
            one_time,
            local_actor: local_actor.unwrap_or_else(|| "local".to_string()),
            sessions: Mutex::new(HashMap::new()),
            tokens: Mutex::new(HashMap::new()),
        }
    }

    /// Starts a session for `name`; the cookie's secret. A user's session is recorded
    /// in the database, the one-time URL's only here.
    async fn start_session(
        &self,
        state: &Shared,
        name: String,
        role: Role,
    ) -> Result<String, WebError> {
        let id = access::random_secret();
        let csrf = access::random_secret();
        if self.one_time.is_none() {
            let (user, hash, token) = (name.clone(), secret_hash(&id), csrf.clone());
            with_store(state, None, move |store| {
                let now = crate::model::Timestamp::now();
                let life = jiff::SignedDuration::try_from(SESSION_LIFE)?;
                let tx = store.write()?;
                tx.add_session(&user, &hash, &token, now, now.checked_sub(life)?)?;
                tx.commit()
            })
            .await?;
        }
        let principal = Principal {
            name,
            role,
            csrf: Some(csrf),
        };
        self.remember(&id, principal, Duration::ZERO);
        Ok(id)
    }

    fn remember(&self, id: &str, principal: Principal, age: Duration) {
        let now = Instant::now();
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.retain(|_, s| s.started.elapsed() < SESSION_LIFE);
            sessions.insert(
                id.to_string(),
                Session {
                    principal,
                    started: now.checked_sub(age).unwrap_or(now),
                    checked: now,
                },
            );
        }
    }

    /// The session's principal, if it is still open: from memory, read again from the
    /// database every [`RECHECK`] (or when this server never saw it).
    async fn session(&self, state: &Shared, id: &str) -> Option<Principal> {
        let known = {
            let mut sessions = self.sessions.lock().ok()?;
            match sessions.get(id) {
                Some(s) if s.started.elapsed() >= SESSION_LIFE => {
                    sessions.remove(id);
                    None
                }
                Some(s) => Some((s.principal.clone(), s.checked.elapsed() < RECHECK)),
                None => None,
            }
        };
        match known {
            Some((principal, true)) => return Some(principal),
            Some((principal, false)) if self.one_time.is_some() => return Some(principal),
            None if self.one_time.is_some() => return None,
            _ => {}
        }
        let hash = secret_hash(id);
        let found = with_store(state, None, move |store| store.read()?.session(&hash))
            .await
            .ok()
            .flatten();
        let Some(found) = found else {
            self.forget_session(id);
            return None;
        };
        // Recorded to the second, so a new session may look up to half a second young.
        let age = match found.started_at.parse::<crate::model::Timestamp>() {
            Ok(at) => {
                let age = crate::model::Timestamp::now().duration_since(at);
                Duration::try_from(age).unwrap_or(Duration::ZERO)
            }
            Err(_) => SESSION_LIFE,
        };
        if age >= SESSION_LIFE {
            self.end_session(state, id).await;
            return None;
        }
        let principal = Principal {
            name: found.name,
            role: found.role,
            csrf: Some(found.csrf),
        };
        self.remember(id, principal.clone(), age);
        Some(principal)
    }

    fn forget_session(&self, id: &str) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.remove(id);
        }
    }

    /// Ends a session here and in the database.
    async fn end_session(&self, state: &Shared, id: &str) {
        self.forget_session(id);
        if self.one_time.is_none() {
            let hash = secret_hash(id);
            let ended = with_store(state, None, move |store| {
                let tx = store.write()?;
                tx.end_session(&hash)?;
                tx.commit()
            })
            .await;
            if let Err(e) = ended {
                eprintln!("claimlog serve: cannot end a session: {}", e.message);
            }
        }
    }

    /// Forgets what was checked of `name`: their sessions end and their tokens are
    /// checked again (after `name` was removed from the web: at once, not within
    /// [`RECHECK`]).
    pub(crate) fn forget(&self, name: &str) {
        if let Ok(mut sessions) = self.sessions.lock() {
            sessions.retain(|_, s| s.principal.name != name);
        }
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.retain(|_, (p, _)| p.name != name);
        }
    }

    fn cached_token(&self, token: &str) -> Option<Principal> {
        let tokens = self.tokens.lock().ok()?;
        let (p, at) = tokens.get(token)?;
        (at.elapsed() < TOKEN_CACHE_LIFE).then(|| p.clone())
    }

    fn cache_token(&self, token: &str, p: &Principal) {
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.retain(|_, (_, at)| at.elapsed() < TOKEN_CACHE_LIFE);
            tokens.insert(token.to_string(), (p.clone(), Instant::now()));
        }
    }
}

fn unauthorized(json: bool, users: bool, lang: Lang) -> Response {
    if json {
        return WebError::new(
            StatusCode::UNAUTHORIZED,
            "sign in first: send Authorization: Bearer TOKEN (claimlog users token NAME)",
        )
        .into_json()
        .into_response();
    }
    if users {
        let csrf = access::random_secret();
        let mut response =
            (StatusCode::UNAUTHORIZED, login_page(lang, &csrf, None)).into_response();
        set_login_cookie(&mut response, &csrf);
        response
    } else {
        WebError::new(StatusCode::UNAUTHORIZED, t(lang, "one_time_needed")).into_response()
    }
}

fn set_login_cookie(response: &mut Response, csrf: &str) {
    if let Ok(v) =
        format!("{LOGIN_CSRF_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict").parse()
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The query string without its `token` parameter.
fn without_token(request: &Request) -> String {
    let path = request.uri().path().to_string();
    let rest: Vec<(String, String)> = request
        .uri()
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k != "token")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    if rest.is_empty() {
        path
    } else {
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(rest)
            .finish();
        format!("{path}?{query}")
    }
}

/// Lets a request through with its [`Principal`], or answers 401.
pub(crate) async fn require(
    State(state): State<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    let json = request.uri().path().starts_with("/api/");
    let lang = super::i18n::negotiate(request.headers(), request.uri().query());
    let auth = &state.auth;
    let users = auth.one_time.is_none();
    // A program's token.
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|v| v.trim().to_string());
    if let Some(token) = bearer {
        let principal = match &auth.one_time {
            Some(one) if same(&token, one) => Some(Principal {
                name: auth.local_actor.clone(),
                role: Role::Admin,
                csrf: None,
            }),
            Some(_) => None,
            None => match auth.cached_token(&token) {
                Some(p) => Some(p),
                None => check_token(&state, token.clone()).await,
            },
        };
        return match principal {
            Some(p) => {
                if users {
                    auth.cache_token(&token, &p);
                }
                request.extensions_mut().insert(p);
                next.run(request).await
            }
            None => unauthorized(json, users, lang),
        };
    }
    // A browser's session.
    if let Some(id) = cookie(request.headers(), SESSION_COOKIE).map(str::to_string)
        && let Some(principal) = auth.session(&state, &id).await
    {
        request.extensions_mut().insert(principal);
        return next.run(request).await;
    }
    // The one-time URL: it opens a session and is taken off the address bar.
    if let Some(one) = &auth.one_time {
        let given = request.uri().query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v.into_owned())
        });
        if given.is_some_and(|g| same(&g, one)) {
            let id = match auth
                .start_session(&state, auth.local_actor.clone(), Role::Admin)
                .await
            {
                Ok(id) => id,
                Err(e) => return e.into_response(),
            };
            let mut response = Redirect::to(&without_token(&request)).into_response();
            if let Ok(v) = session_cookie(&id).parse() {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            return response;
        }
    }
    unauthorized(json, users, lang)
}

async fn check_token(state: &Shared, token: String) -> Option<Principal> {
    let (id, secret) = access::parse_token(&token)?;
    let secret = secret.to_string();
    with_store(state, None, move |store| {
        let owner = store.read()?.token_owner(id)?;
        Ok(owner
            .filter(|o| access::verify_secret(&secret, &o.token_hash))
            .map(|o| Principal {
                name: o.name,
                role: o.role,
                csrf: None,
            }))
    })
    .await
    .ok()
    .flatten()
}

fn login_page(lang: Lang, csrf: &str, error: Option<&str>) -> layout::Page {
    layout::page(
        lang,
        t(lang, "sign_in"),
        None,
        html! {
            h1 { (t(lang, "sign_in")) }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form.login method="post" action="/login" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "user_name")) " " input type="text" name="name" autocomplete="username" required; }
                label { (t(lang, "password")) " " input type="password" name="password" autocomplete="current-password" required; }
                button type="submit" { (t(lang, "sign_in")) }
            }
        },
    )
}

pub(crate) async fn login_form(State(state): State<Shared>, headers: HeaderMap) -> Response {
    let lang = super::i18n::negotiate(&headers, None);
    if state.auth.one_time.is_some() {
        return WebError::new(StatusCode::NOT_FOUND, t(lang, "one_time_needed")).into_response();
    }
    let csrf = access::random_secret();
    let mut response = login_page(lang, &csrf, None).into_response();
    set_login_cookie(&mut response, &csrf);
    response
}

pub(crate) async fn login(State(state): State<Shared>, headers: HeaderMap, form: Form) -> Response {
    let lang = super::i18n::negotiate(&headers, None);
    if state.auth.one_time.is_some() {
        return WebError::new(StatusCode::NOT_FOUND, t(lang, "one_time_needed")).into_response();
    }
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE);
    let given = form.get("csrf");
    if !matches!((expected, given), (Some(e), Some(g)) if same(e, g)) {
        return WebError::new(
            StatusCode::FORBIDDEN,
            "this form has no valid CSRF token: reload the page and try again",
        )
        .into_response();
    }
    let name = form.get("name").unwrap_or_default().trim().to_string();
    let password = form.get("password").unwrap_or_default().to_string();
    let found = with_store(&state, None, move |store| {
        let user = store.read()?.user_password(&name)?;
        Ok(user
            .filter(|(_, _, hash)| access::verify_secret(&password, hash))
            .map(|(name, role, _)| (name, role)))
    })
    .await;
    match found {
        Ok(Some((name, role))) => {
            let id = match state.auth.start_session(&state, name, role).await {
                Ok(id) => id,
                Err(e) => return e.into_response(),
            };
            let mut response = Redirect::to("/").into_response();
            if let Ok(v) = session_cookie(&id).parse() {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Ok(None) => {
            let csrf = access::random_secret();
            let mut response = (
                StatusCode::UNAUTHORIZED,
                login_page(lang, &csrf, Some(t(lang, "bad_login"))),
            )
                .into_response();
            set_login_cookie(&mut response, &csrf);
            response
        }
        Err(e) => e.into_response(),
    }
}

pub(crate) async fn logout(
    State(state): State<Shared>,
    axum::Extension(principal): axum::Extension<Principal>,
    headers: HeaderMap,
    form: Form,
) -> Result<Response, WebError> {
    principal.check_csrf(form.get("csrf"))?;
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        state.auth.end_session(&state, id).await;
    }
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) =
        format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0").parse()
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response)
}
