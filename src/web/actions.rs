//! What signed-in users change from a claim's page: verify, retract an event, withdraw,
//! edit, tag, add an appearance, assign and move through the workflow. Each handler
//! checks the mode (not read-only), the form's CSRF token and the role, then runs the
//! same command as the CLI with the user as the actor (as `--as NAME` does), and sends
//! the browser back to the claim.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Redirect;

use super::auth::Principal;
use super::forms::Form;
use super::pages::parse_claim_id;
use super::{Shared, WebError, with_store};
use crate::cli::{
    AppearanceAddArgs, AppearanceCommand, ClaimLinkArgs, Command, EditArgs, RetractArgs,
    RetractCommand, VerifyArgs,
};
use crate::error::DataError;
use crate::model::{ClaimId, Role, WorkflowState};

/// 403 when the server is read-only, the form lacks its CSRF token, or the role is short.
pub(crate) fn guard(
    state: &Shared,
    p: &Principal,
    csrf: Option<&str>,
    role: Role,
) -> Result<(), WebError> {
    if state.config.read_only {
        return Err(WebError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only (serve --read-only): nothing can be changed here",
        ));
    }
    p.check_csrf(csrf)?;
    p.require(role)
}

/// Runs one command as `p`; returns what it printed.
pub(crate) async fn run_as(
    state: &Shared,
    p: &Principal,
    command: Command,
) -> Result<Vec<u8>, WebError> {
    let ctx = state.context();
    let out = with_store(state, Some(p.name.clone()), move |store| {
        let mut out = Vec::new();
        crate::commands::dispatch(command, store, &ctx, &mut out)?;
        Ok(out)
    })
    .await?;
    state.facets.mark_stale();
    Ok(out)
}

fn back(id: ClaimId) -> Redirect {
    Redirect::to(&format!("/claims/{id}"))
}

/// One action of a claim's page: the claim id of the path, the guard for `role`, the
/// command `command` makes of the id and the form, run as the user; back to the claim.
async fn act(
    state: &Shared,
    p: &Principal,
    id: &str,
    form: &Form,
    role: Role,
    command: impl FnOnce(ClaimId, &Form) -> Command,
) -> Result<Redirect, WebError> {
    let id = parse_claim_id(id)?;
    guard(state, p, form.get("csrf"), role)?;
    run_as(state, p, command(id, form)).await?;
    Ok(back(id))
}

fn edit_args(id: ClaimId) -> EditArgs {
    EditArgs {
        id: id.to_string(),
        text: None,
        by: None,
        cue: None,
        via: Vec::new(),
        no_via: false,
        outlet: None,
        date: None,
        lang: None,
        tag: Vec::new(),
        untag: Vec::new(),
        links: ClaimLinkArgs::default(),
        note: None,
        format: None,
    }
}

pub(crate) async fn verify(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    act(&state, &p, &id, &form, Role::Checker, |id, form| {
        let args = VerifyArgs {
            id: id.to_string(),
            status: form.text("status").unwrap_or_default(),
            verdict: form.text("verdict"),
            by: form.text("by"),
            note: form.text("note"),
            evidence: form.text("evidence"),
            at: None,
            appearance: None,
            format: None,
        };
        Command::Verify(args)
    })
    .await
}

pub(crate) async fn retract_event(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    act(&state, &p, &id, &form, Role::Editor, |_, form| {
        let args = RetractArgs {
            id: form.text("event").unwrap_or_default(),
            reason: form.text("reason").unwrap_or_default(),
        };
        Command::Retract(RetractCommand::Event(args))
    })
    .await
}

pub(crate) async fn withdraw(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    act(&state, &p, &id, &form, Role::Editor, |id, form| {
        let args = RetractArgs {
            id: id.to_string(),
            reason: form.text("reason").unwrap_or_default(),
        };
        Command::Retract(RetractCommand::Claim(args))
    })
    .await
}

pub(crate) async fn edit(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    act(&state, &p, &id, &form, Role::Editor, |id, form| {
        let args = EditArgs {
            text: form.text("text"),
            by: form.text("by"),
            date: form.text("date"),
            note: form.text("note"),
            ..edit_args(id)
        };
        Command::Edit(args)
    })
    .await
}

pub(crate) async fn tag(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    act(&state, &p, &id, &form, Role::Checker, |id, form| {
        let tag = form.text("tag").unwrap_or_default();
        let args = EditArgs {
            tag: vec![tag],
            ..edit_args(id)
        };
        Command::Edit(args)
    })
    .await
}

pub(crate) async fn appearance(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    act(&state, &p, &id, &form, Role::Checker, |id, form| {
        let via = form
            .get("via")
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let args = AppearanceAddArgs {
            id: id.to_string(),
            outlet: form.text("outlet"),
            via,
            cue: form.text("cue"),
            wording: form.text("wording"),
            lang: form.text("lang"),
            url: form.text("url"),
            date: form.text("date"),
            format: None,
        };
        Command::Appearance(AppearanceCommand::Add(args))
    })
    .await
}

pub(crate) async fn workflow(
    State(state): State<Shared>,
    Extension(p): Extension<Principal>,
    Path(id): Path<String>,
    form: Form,
) -> Result<Redirect, WebError> {
    let id = parse_claim_id(&id)?;
    guard(&state, &p, form.get("csrf"), Role::Checker)?;
    let assignee = form.get("assignee").map(|a| a.trim().to_string());
    let workflow_state: Option<WorkflowState> = form
        .text("state")
        .map(|s| {
            s.parse()
                .map_err(|e| WebError::from(anyhow::Error::from(DataError::from(e))))
        })
        .transpose()?;
    let ctx = state.context();
    with_store(&state, Some(p.name.clone()), move |store| {
        let tx = store.write()?;
        tx.set_workflow(id, assignee.as_deref(), workflow_state, ctx.now)?;
        tx.commit()
    })
    .await?;
    state.facets.mark_stale();
    Ok(back(id))
}
