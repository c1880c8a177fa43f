//! The admins' page of `claimlog serve` (`/users`): who may sign in, with their role,
//! whether they have a password and how many API tokens; add a person, give one a new
//! API token (shown once), remove one. The same store calls as `claimlog users`, with
//! passwords and tokens kept only as salted hashes; every change needs the admin role
//! and the form's CSRF token. An admin cannot remove themselves (the desk would be left
//! without a way back in). A person removed here is signed out at once, their tokens
//! refused from the next request (removed with the CLI, within a minute).

use axum::Extension;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Redirect;
use maud::{Markup, html};

use super::actions::guard;
use super::auth::Principal;
use super::forms::Form;
use super::i18n::{self, Lang, t};
use super::layout::{self, Chrome};
use super::{Shared, WebError, with_store};
use crate::access;
use crate::error::DataError;
use crate::model::Role;
use crate::store::UserRecord;

pub(crate) async fn page(
    State(state): State<Shared>,
    Extension(principal): Extension<Principal>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<layout::Page, WebError> {
    principal.require(Role::Admin)?;
    let q = Form::parse(query.as_deref().unwrap_or_default());
    let lang = i18n::negotiate(&headers, query.as_deref());
    let users = with_store(&state, None, |store| store.read()?.list_users()).await?;
    let chrome = Chrome {
        principal: &principal,
        read_only: state.config.read_only,
        path: "/users",
        query: &q,
    };
    let body = users_body(lang, &users, &principal, None);
    Ok(layout::page(lang, t(lang, "users"), Some(&chrome), body))
}

fn users_body(
    lang: Lang,
    users: &[UserRecord],
    principal: &Principal,
    new_token: Option<(&str, &str)>,
) -> Markup {
    let csrf = principal.csrf.clone().unwrap_or_default();
    html! {
        h1 { (t(lang, "users")) }
        @if let Some((name, token)) = new_token {
            p.notice { (t(lang, "token_for")) " " strong { (name) } ": " code.token { (token) } }
            p.muted { (t(lang, "token_once")) }
        }
        table.users {
            thead { tr {
                th { (t(lang, "user_name")) } th { (t(lang, "role")) } th { (t(lang, "password")) }
                th { (t(lang, "tokens")) } th { (t(lang, "created")) } th {}
            } }
            tbody {
                @for u in users {
                    tr {
                        td { (u.name) }
                        td { (u.role) }
                        td { @if u.password { "✓" } }
                        td { (u.tokens) }
                        td { (u.created_at) }
                        td {
                            form.inline method="post" action=(format!("/users/{}/token", urlencode(&u.name))) {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { (t(lang, "new_token")) }
                            }
                            @if u.name != principal.name {
                                form.inline method="post" action=(format!("/users/{}/remove", urlencode(&u.name))) {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button type="submit" { (t(lang, "remove")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (t(lang, "add_user")) }
        form.add-user method="post" action="/users" {
            input type="hidden" name="csrf" value=(csrf);
            label { (t(lang, "user_name")) input type="text" name="name" required; }
            label { (t(lang, "role"))
                select name="role" {
                    @for role in ["viewer", "checker", "editor", "admin"] {
                        option value=(role) selected[role == "checker"] { (role) }
                    }
                }
            }
            label { (t(lang, "password")) input type="password" name="password" autocomplete="new-password"; }
            button type="submit" { (t(lang, "add_user")) }
        }
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub(crate) async fn add(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    form: Form,
) -> Result<Redirect, WebError> {
    guard(&state, &p, form.get("csrf"), Role::Admin)?;
    let name = form.text("name").unwrap_or_default();
    let role: Role = form
        .text("role")
        .unwrap_or_default()
        .parse()
        .map_err(|e| WebError::new(StatusCode::BAD_REQUEST, format!("role: {e}")))?;
    let hash = match form.get("password").filter(|pw| !pw.is_empty()) {
        Some(pw) => {
            let pw = access::password_from(pw).map_err(anyhow::Error::from)?;
            Some(access::hash_secret(&pw)?)
        }
        None => None,
    };
    let now = state.context().now;
    with_store(&state, Some(p.name.clone()), move |store| {
        let tx = store.write()?;
        tx.add_user(&name, role, hash.as_deref(), now)?;
        tx.commit()
    })
    .await?;
    Ok(Redirect::to("/users"))
}

pub(crate) async fn remove(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(name): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    guard(&state, &p, form.get("csrf"), Role::Admin)?;
    if name.trim() == p.name {
        return Err(anyhow::Error::from(DataError::new(
            "you cannot remove yourself: another admin can, or `claimlog users remove`",
        ))
        .into());
    }
    let who = name.clone();
    with_store(&state, Some(p.name.clone()), move |store| {
        let tx = store.write()?;
        tx.remove_user(&who)?;
        tx.commit()
    })
    .await?;
    state.auth.forget(name.trim());
    Ok(Redirect::to("/users"))
}

/// A new API token for a user, shown on the answer only: it is kept as a hash.
pub(crate) async fn token(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    headers: HeaderMap,
    Path(name): Path<String>,
    form: Form,
) -> Result<layout::Page, WebError> {
    guard(&state, &p, form.get("csrf"), Role::Admin)?;
    let lang = i18n::negotiate(&headers, None);
    let secret = access::random_secret();
    let hash = access::hash_secret(&secret)?;
    let now = state.context().now;
    let who = name.clone();
    let (id, users) = with_store(&state, Some(p.name.clone()), move |store| {
        let tx = store.write()?;
        let id = tx.add_token(&who, &hash, now)?;
        tx.commit()?;
        Ok((id, store.read()?.list_users()?))
    })
    .await?;
    let token = access::format_token(id, &secret);
    let q = Form::parse("");
    let chrome = Chrome {
        principal: &p,
        read_only: state.config.read_only,
        path: "/users",
        query: &q,
    };
    let body = users_body(lang, &users, &p, Some((&name, &token)));
    Ok(layout::page(lang, t(lang, "users"), Some(&chrome), body))
}
