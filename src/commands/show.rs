//! `claimlog show ID`: one claim in full.

use anyhow::Result;

use super::{Context, Out, parse_id};
use crate::cli::{OutputFormat, ShowArgs};
use crate::render;
use crate::store::Store;

pub fn run(args: ShowArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let id = parse_id(&args.id)?;
    let tx = store.read()?;
    tx.require_claim(id)?;
    let records = tx.load_records(&[id], true)?;
    drop(tx);
    match ctx.format(args.format) {
        OutputFormat::Table => render::claims::detail(out, &records[0]),
        OutputFormat::Json => render::json(out, &records[0]),
        OutputFormat::Csv => render::listing(out, OutputFormat::Csv, &records),
    }
}
