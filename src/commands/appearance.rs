//! `claimlog appearance add ID`: one more publication of a recorded claim;
//! `appearance edit ID N` and `appearance remove ID N`: corrections, kept in the
//! claim's revisions.

use anyhow::Result;

use super::{Context, Out, parse_id, parse_opt_date, parse_urls};
use crate::cli::{AppearanceCommand, OutputFormat};
use crate::model::{ClaimId, LinkRole};
use crate::render;
use crate::store::{AppearanceEdit, NewAppearance, NewLink, Store};

pub fn run(cmd: AppearanceCommand, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    match cmd {
        AppearanceCommand::Add(args) => {
            let id = parse_id(&args.id)?;
            let url = parse_urls(args.url.as_slice(), LinkRole::Appearance, "--url", ctx)?
                .pop()
                .map(|l| l.url);
            let appearance = NewAppearance {
                outlet: args.outlet,
                relays: args.via,
                cue: args.cue,
                wording: args.wording,
                lang: args.lang,
                url,
                published_on: parse_opt_date(&args.date, "--date")?,
                actor: None,
            };
            record(id, appearance, Vec::new(), args.format, store, ctx, out)
        }
        AppearanceCommand::Edit(args) => {
            let id = parse_id(&args.id)?;
            let url = parse_urls(args.url.as_slice(), LinkRole::Appearance, "--url", ctx)?
                .pop()
                .map(|l| l.url);
            let relays = if args.no_via {
                Some(Vec::new())
            } else if args.via.is_empty() {
                None
            } else {
                Some(args.via)
            };
            let edit = AppearanceEdit {
                outlet: args.outlet,
                relays,
                cue: args.cue,
                wording: args.wording,
                lang: args.lang,
                url,
                published_on: parse_opt_date(&args.date, "--date")?,
            };
            let tx = store.write()?;
            let changed =
                tx.edit_appearance(id, args.number, &edit, args.note.as_deref(), ctx.now)?;
            tx.commit()?;
            if changed {
                writeln!(out, "claim #{id}: edited appearance {}", args.number)?;
            } else {
                writeln!(out, "claim #{id}: appearance {} unchanged", args.number)?;
            }
            Ok(())
        }
        AppearanceCommand::Remove(args) => {
            let id = parse_id(&args.id)?;
            let tx = store.write()?;
            tx.remove_appearance(id, args.number, &args.reason, ctx.now)?;
            tx.commit()?;
            writeln!(
                out,
                "claim #{id}: removed appearance {} (kept in its revisions)",
                args.number
            )?;
            Ok(())
        }
    }
}

/// Adds `appearance` (and `links`) to claim `id` and says what happened.
pub(crate) fn record(
    id: ClaimId,
    appearance: NewAppearance,
    links: Vec<NewLink>,
    format: Option<OutputFormat>,
    store: &mut Store,
    ctx: &Context,
    out: Out,
) -> Result<()> {
    let tx = store.write()?;
    let (number, added) = tx.add_appearance(id, &appearance, ctx.now)?;
    if !links.is_empty() {
        tx.add_links(id, &links, ctx.now)?;
    }
    let records = tx.load_records(&[id], true)?;
    tx.commit()?;
    match ctx.format(format) {
        OutputFormat::Table if added => writeln!(out, "claim #{id}: recorded appearance {number}")?,
        OutputFormat::Table => writeln!(
            out,
            "claim #{id}: this appearance was already recorded (appearance {number})"
        )?,
        format => render::listing(out, format, &records)?,
    }
    Ok(())
}
