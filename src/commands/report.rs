//! `claimlog report --html FILE [filters]`: the claims the list filters select as one
//! self-contained HTML page, newest first, as `list` orders them.

use std::io::{BufWriter, Write};

use anyhow::{Context as _, Result};

use super::{Context, Out, claim_filter};
use crate::cli::ReportArgs;
use crate::model::format_timestamp;
use crate::render::html;
use crate::store::Store;

/// Claims loaded from the store at once, to bound memory on large reports.
const CHUNK: usize = 500;

pub fn run(args: ReportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let filter = claim_filter(&args.filter, None)?;
    let tx = store.read()?;
    let ids = tx.select_claims(&filter)?;
    let file = std::fs::File::create(&args.html)
        .with_context(|| format!("cannot write {}", args.html.display()))?;
    let mut page = BufWriter::new(file);
    html::start(
        &mut page,
        &args.title,
        &format_timestamp(ctx.now),
        ids.len(),
    )?;
    for chunk in ids.chunks(CHUNK) {
        for record in tx.load_records(chunk, true)? {
            html::claim(&mut page, &record)?;
        }
    }
    html::end(&mut page)?;
    page.flush()
        .with_context(|| format!("cannot write {}", args.html.display()))?;
    if !ctx.quiet {
        writeln!(out, "wrote {} claims to {}", ids.len(), args.html.display())?;
    }
    Ok(())
}
