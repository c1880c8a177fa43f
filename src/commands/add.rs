//! `claimlog add`: record one claim with the route it reached us by. The same speaker
//! and text again is the same claim: a new route becomes another appearance of it.

use anyhow::Result;

use super::{Context, Out, claim_links, parse_id, parse_opt_date};
use crate::cli::{AddArgs, OutputFormat};
use crate::model::LinkRole;
use crate::render;
use crate::store::{NewAppearance, NewClaim, Store};

pub fn run(args: AddArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let mut links = claim_links(&args.links, ctx)?;
    // The first article given is this route's publication; any others stay links.
    let url = links
        .iter()
        .find(|l| l.role == LinkRole::Appearance)
        .map(|l| l.url.clone());
    let route = NewAppearance {
        outlet: args.outlet,
        relays: args.via,
        cue: args.cue,
        url,
        ..NewAppearance::default()
    };
    if let Some(to) = &args.to {
        let id = parse_id(to)?;
        let appearance = NewAppearance {
            wording: Some(args.text),
            lang: args.lang,
            ..route
        };
        return super::appearance::record(id, appearance, links, args.format, store, ctx, out);
    }
    let claim = NewClaim {
        text: args.text,
        lang: args.lang,
        speaker: args.by,
        appearances: vec![route],
        claimed_on: parse_opt_date(&args.date, "--date")?,
        links: std::mem::take(&mut links),
        tags: args.tag,
        created_at: ctx.now,
        updated_at: None,
        actor: None,
    };
    let tx = store.write()?;
    let added = tx.add_claim(&claim)?;
    let id = added.id;
    let record = tx.load_records(&[id], true)?;
    if added.created {
        super::similar::suggest(&tx, id, &claim.text, ctx)?;
    }
    tx.commit()?;
    match ctx.format(args.format) {
        OutputFormat::Table => {
            if added.created {
                writeln!(out, "recorded claim #{id}")?;
            } else if added.appearances_added > 0 {
                let number = added.appearance_numbers.first().copied().unwrap_or(1);
                writeln!(
                    out,
                    "claim #{id} was already recorded (same speaker and text); this route was added as its appearance {number}"
                )?;
            } else {
                writeln!(
                    out,
                    "claim #{id} was already recorded (same speaker and text), with this route; new links and tags were added to it"
                )?;
            }
        }
        format => {
            for record in &record {
                render::one(out, format, record)?;
            }
        }
    }
    Ok(())
}
