//! `claimlog report --html FILE [filters]`: the claims the list filters select as one
//! self-contained HTML page, newest first, as `list` orders them, with counts per
//! verification state; `--limit` caps the claims written, not the counts.

use std::io::{BufWriter, Write};

use anyhow::{Context as _, Result};

use super::{Context, Out, claim_filter};
use crate::cli::ReportArgs;
use crate::model::format_timestamp;
use crate::render::html;
use crate::store::{FacetKind, Store};

/// Claims loaded from the store at once, to bound memory on large reports.
const CHUNK: usize = 500;

pub fn run(args: ReportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let filter = claim_filter(&args.filter, None)?;
    let tx = store.read()?;
    let mut ids = tx.select_claims(&filter)?;
    let total = ids.len();
    // The counts cover every claim selected, even those past --limit.
    let by_state = tx.facet(&filter, FacetKind::Verification, 4)?.values;
    if let Some(limit) = args.limit {
        ids.truncate(limit);
    }
    let file = std::fs::File::create(&args.html)
        .with_context(|| format!("cannot write {}", args.html.display()))?;
    let mut page = BufWriter::new(file);
    html::start(&mut page, &args.title, &format_timestamp(ctx.now), total)?;
    html::counts(&mut page, ids.len(), total, &by_state)?;
    for chunk in ids.chunks(CHUNK) {
        for record in tx.load_records(chunk, true)? {
            html::claim(&mut page, &record)?;
        }
    }
    html::end(&mut page)?;
    page.flush()
        .with_context(|| format!("cannot write {}", args.html.display()))?;
    if !ctx.quiet {
        if ids.len() < total {
            writeln!(
                out,
                "wrote {} of {total} claims to {} (--limit)",
                ids.len(),
                args.html.display()
            )?;
        } else {
            writeln!(out, "wrote {total} claims to {}", args.html.display())?;
        }
    }
    Ok(())
}
