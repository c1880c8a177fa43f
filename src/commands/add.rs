//! `claimlog add`: record one claim with its whole attribution chain.

use anyhow::Result;

use super::{Context, Out, claim_links, parse_opt_date};
use crate::cli::{AddArgs, OutputFormat};
use crate::render;
use crate::store::{NewClaim, Store};

pub fn run(args: AddArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let claim = NewClaim {
        text: args.text,
        lang: args.lang,
        speaker: args.by,
        cue: args.cue,
        relays: args.via,
        outlet: args.outlet,
        claimed_on: parse_opt_date(&args.date, "--date")?,
        links: claim_links(&args.links, ctx)?,
        tags: args.tag,
        created_at: ctx.now,
        updated_at: None,
    };
    let tx = store.write()?;
    let (id, created) = tx.add_claim(&claim)?;
    let record = tx.load_records(&[id], true)?;
    tx.commit()?;
    match ctx.format(args.format) {
        OutputFormat::Table => {
            if created {
                writeln!(out, "recorded claim #{id}")?;
            } else {
                writeln!(
                    out,
                    "claim #{id} was already recorded (same speaker and text); new links and tags were added to it"
                )?;
            }
        }
        format => render::listing(out, format, &record)?,
    }
    Ok(())
}
