//! `claimlog merge FROM INTO`: a person decided two claims are one statement.

use anyhow::Result;

use super::{Context, Out, parse_id};
use crate::cli::{MergeArgs, OutputFormat};
use crate::render;
use crate::store::Store;

pub fn run(args: MergeArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let from = parse_id(&args.from)?;
    let into = parse_id(&args.into)?;
    let tx = store.write()?;
    tx.merge_claims(from, into, args.note.as_deref(), ctx.now, None)?;
    let records = tx.load_records(&[into], true)?;
    tx.commit()?;
    match ctx.format(args.format) {
        OutputFormat::Table => writeln!(
            out,
            "claim #{from} merged into #{into}: its appearances, links and tags are now #{into}'s"
        )?,
        format => render::listing(out, format, &records)?,
    }
    Ok(())
}
