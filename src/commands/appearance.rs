//! `claimlog appearance add ID`: one more publication of a recorded claim.

use anyhow::Result;

use super::{Context, Out, parse_id, parse_opt_date, parse_urls};
use crate::cli::{AppearanceCommand, OutputFormat};
use crate::model::{ClaimId, LinkRole};
use crate::render;
use crate::store::{NewAppearance, NewLink, Store};

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
