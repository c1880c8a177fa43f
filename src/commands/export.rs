//! `claimlog export`: every claim, or those the list filters select.

use std::io::{BufWriter, Write};

use anyhow::{Context as _, Result};

use super::{Context, Out, claim_filter};
use crate::cli::{ExportArgs, FileFormat};
use crate::formats;
use crate::store::Store;

pub fn run(args: ExportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let filter = claim_filter(&args.filter, None)?;
    let tx = store.read()?;
    let ids = if is_everything(&args.filter) {
        tx.all_claim_ids()?
    } else {
        let mut ids = tx.select_claims(&filter)?;
        ids.sort();
        ids
    };
    let mut file_out;
    let mut stdout_out;
    let sink: &mut dyn Write = match &args.output {
        Some(path) => {
            file_out = BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            );
            &mut file_out
        }
        None => {
            stdout_out = BufWriter::with_capacity(1 << 16, out);
            &mut stdout_out
        }
    };
    let count = match args.format {
        FileFormat::Jsonl => formats::jsonl::export(sink, &tx, &ids)?,
        other => anyhow::bail!("exporting {other:?} is not available in this build"),
    };
    sink.flush()?;
    if args.output.is_some() {
        ctx.note(format!("exported {count} claims"));
    }
    Ok(())
}

fn is_everything(f: &crate::cli::FilterArgs) -> bool {
    !f.unverified
        && f.verification.is_empty()
        && f.verdict.is_empty()
        && f.by.is_none()
        && f.outlet.is_none()
        && f.tag.is_none()
        && f.since.is_none()
        && f.until.is_none()
        && !f.dead_links
        && f.search.is_none()
}
