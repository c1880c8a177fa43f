//! `claimlog list`: claims newest first, filtered, as a table, JSON or CSV.

use anyhow::Result;

use super::{Context, Out, claim_filter};
use crate::cli::ListArgs;
use crate::render;
use crate::store::Store;

pub fn run(args: ListArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let filter = claim_filter(&args.filter, args.limit)?;
    let tx = store.read()?;
    let ids = tx.select_claims(&filter)?;
    let records = tx.load_records(&ids, true)?;
    drop(tx);
    let format = ctx.format(args.format);
    render::listing(out, format, &records)?;
    if records.is_empty() && format == crate::cli::OutputFormat::Table {
        ctx.note("no claims match");
    }
    Ok(())
}
