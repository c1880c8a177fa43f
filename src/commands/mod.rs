//! One file per command. Each takes its parsed arguments, an open [`Store`](crate::store::Store), a
//! [`Context`] (now, output format, quiet) and a writer, so tests can run a command
//! without a subprocess. Commands turn strings into domain values (bad values are
//! [`DataError`]s, exit 3), call the store, and hand results to `render`.

pub mod add;
pub mod appearance;
pub mod archive;
pub mod completions;
pub mod copy;
pub mod demo;
pub mod edit;
pub mod export;
pub mod extract;
pub mod import;
pub mod links;
pub mod list;
pub mod memento;
pub mod merge;
pub mod report;
pub mod retract;
pub mod serve;
pub mod show;
pub mod similar;
pub mod sources;
pub mod users;
pub mod verify;
mod workers;
pub mod workflow;

use std::io::Write;

use anyhow::Result;

use crate::cli::OutputFormat;
use crate::error::DataError;
use crate::links::{NormalizedUrl, normalize_url};
use crate::model::{ClaimId, Date, LinkRole, Timestamp, parse_date};
use crate::store::{ClaimFilter, NewLink, Withdrawn};

/// What every command may need besides its arguments.
#[derive(Debug, Clone)]
pub struct Context {
    /// The time the command runs at (pinned by `CLAIMLOG_NOW` in tests).
    pub now: Timestamp,
    /// The format chosen before the command (`claimlog --format json list`).
    pub format: Option<OutputFormat>,
    pub quiet: bool,
}

impl Context {
    /// The output format: the command's own flag, else the global one, else a table.
    pub fn format(&self, own: Option<OutputFormat>) -> OutputFormat {
        own.or(self.format).unwrap_or(OutputFormat::Table)
    }

    /// A note for a person on stderr, unless `--quiet`.
    pub fn note(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{}", crate::render::visible(&message.to_string()));
        }
    }
}

/// How a command ended when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    /// `links check` confirmed links newly dead (exit 4, so cron can alert).
    NewlyDead,
}

/// Output sink shared by commands.
pub type Out<'a> = &'a mut dyn Write;

pub(crate) fn parse_id(s: &str) -> Result<ClaimId, DataError> {
    s.parse::<ClaimId>().map_err(DataError::new)
}

pub(crate) fn parse_opt_date(s: &Option<String>, flag: &str) -> Result<Option<Date>, DataError> {
    s.as_deref()
        .map(|d| parse_date(d).map_err(|e| DataError::new(format!("{flag}: {e}"))))
        .transpose()
}

/// Validates and normalises a URL given with `flag`, warning when credentials in it
/// were dropped (they are never stored nor sent).
pub(crate) fn parse_url(url: &str, flag: &str, ctx: &Context) -> Result<NormalizedUrl, DataError> {
    let url = normalize_url(url).map_err(|e| DataError::new(format!("{flag}: {e}")))?;
    if url.dropped_credentials {
        ctx.note(format!(
            "warning: {flag}: the user name and password in the URL were dropped; \
             claimlog never stores or sends credentials ({})",
            url.as_str()
        ));
    }
    Ok(url)
}

pub(crate) fn parse_urls(
    urls: &[String],
    role: LinkRole,
    flag: &str,
    ctx: &Context,
) -> Result<Vec<NewLink>, DataError> {
    urls.iter()
        .map(|u| {
            let url = parse_url(u, flag, ctx)?;
            Ok(NewLink { url, role })
        })
        .collect()
}

pub(crate) fn claim_links(
    args: &crate::cli::ClaimLinkArgs,
    ctx: &Context,
) -> Result<Vec<NewLink>, DataError> {
    let mut links = parse_urls(&args.source_urls, LinkRole::Source, "--url", ctx)?;
    links.extend(parse_urls(
        &args.appeared_in,
        LinkRole::Appearance,
        "--appeared-in",
        ctx,
    )?);
    links.extend(parse_urls(
        &args.evidence_urls,
        LinkRole::Evidence,
        "--evidence-url",
        ctx,
    )?);
    Ok(links)
}

/// Turns the list filters a user typed into a validated [`ClaimFilter`].
pub(crate) fn claim_filter(
    args: &crate::cli::FilterArgs,
    limit: Option<usize>,
) -> Result<ClaimFilter, DataError> {
    let verification = args
        .verification
        .iter()
        .map(|v| {
            v.parse()
                .map_err(|e| DataError::new(format!("--verification: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let verdict = args
        .verdict
        .iter()
        .map(|v| {
            v.parse()
                .map_err(|e| DataError::new(format!("--verdict: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let workflow = args
        .workflow
        .iter()
        .map(|v| {
            v.parse()
                .map_err(|e| DataError::new(format!("--workflow: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ClaimFilter {
        assigned_to: args
            .assigned_to
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        workflow,
        lang: args
            .lang
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        unverified: args.unverified,
        verification,
        verdict,
        by: args.by.clone(),
        outlet: args.outlet.clone(),
        via: args.via.clone(),
        single_origin: args.single_origin,
        tag: args.tag.clone(),
        by_actor: args.by_actor.clone(),
        since: parse_opt_date(&args.since, "--since")?,
        until: parse_opt_date(&args.until, "--until")?,
        dead_links: args.dead_links,
        search: args.search.clone(),
        limit,
        withdrawn: if args.withdrawn {
            Withdrawn::Only
        } else if args.include_withdrawn {
            Withdrawn::Included
        } else {
            Withdrawn::Hidden
        },
    })
}

/// Runs one command.
pub fn dispatch(
    command: crate::cli::Command,
    store: &mut crate::store::Store,
    ctx: &Context,
    out: Out,
) -> Result<Status> {
    use crate::cli::Command;
    match command {
        Command::Add(args) => add::run(args, store, ctx, out)?,
        Command::Appearance(cmd) => appearance::run(cmd, store, ctx, out)?,
        Command::Merge(args) => merge::run(args, store, ctx, out)?,
        Command::Similar(args) => similar::run(args, store, ctx, out)?,
        Command::List(args) => list::run(args, store, ctx, out)?,
        Command::Show(args) => show::run(args, store, ctx, out)?,
        Command::Verify(args) => verify::run(args, store, ctx, out)?,
        Command::Edit(args) => edit::run(args, store, ctx, out)?,
        Command::Sources(cmd) => sources::run(cmd, store, ctx, out)?,
        Command::Import(args) => import::run(args, store, ctx, out)?,
        Command::Export(args) => export::run(args, store, ctx, out)?,
        Command::Demo(args) => demo::run(args, store, ctx, out)?,
        Command::Report(args) => report::run(args, store, ctx, out)?,
        Command::Extract(args) => extract::run(args, store, ctx, out)?,
        Command::Links(cmd) => return links::run(cmd, store, ctx, out),
        Command::Completions(args) => completions::completions(args, out)?,
        Command::Man(args) => completions::man(args, out)?,
        Command::Retract(cmd) => retract::run(cmd, store, ctx, out)?,
        Command::Serve(args) => serve::run(args, store, ctx, out)?,
        Command::Users(cmd) => users::run(cmd, store, ctx, out)?,
        Command::Assign(args) => workflow::assign(args, store, ctx, out)?,
        Command::Workflow(args) => workflow::run(args, store, ctx, out)?,
        Command::Copy(args) => copy::run(args, ctx, out)?,
        Command::Init => {
            writeln!(out, "database ready at {}", store.location())?;
        }
    }
    Ok(Status::Success)
}
