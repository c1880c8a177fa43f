//! `claimlog edit ID`: change a claim, keeping what it said before.

use anyhow::Result;

use super::{Context, Out, claim_links, parse_id, parse_opt_date};
use crate::cli::{EditArgs, OutputFormat};
use crate::render;
use crate::store::{EditClaim, Store};

pub fn run(args: EditArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let id = parse_id(&args.id)?;
    let relays = if args.no_via {
        Some(Vec::new())
    } else if args.via.is_empty() {
        None
    } else {
        Some(args.via)
    };
    let edit = EditClaim {
        text: args.text,
        speaker: args.by,
        cue: args.cue,
        lang: args.lang,
        outlet: args.outlet,
        claimed_on: parse_opt_date(&args.date, "--date")?,
        relays,
        add_tags: args.tag,
        remove_tags: args.untag,
        add_links: claim_links(&args.links, ctx)?,
        note: args.note,
    };
    let tx = store.write()?;
    let changed = tx.edit_claim(id, &edit, ctx.now)?;
    let records = tx.load_records(&[id], true)?;
    tx.commit()?;
    match ctx.format(args.format) {
        OutputFormat::Table if changed => {
            writeln!(out, "claim #{id} updated; its previous version is kept")?
        }
        OutputFormat::Table => writeln!(out, "claim #{id}: nothing to change")?,
        format => {
            for record in &records {
                render::one(out, format, record)?;
            }
        }
    }
    Ok(())
}
