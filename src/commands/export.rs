//! `claimlog export`: every claim, or those the list filters select.

use std::io::{BufWriter, Write};

use anyhow::{Context as _, Result};

use super::{Context, Out, claim_filter};
use crate::cli::{ExportArgs, FileFormat};
use crate::formats;
use crate::store::Store;

pub fn run(args: ExportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let mut filter = claim_filter(&args.filter, None)?;
    // Exports keep withdrawn claims (marked as such) unless only those are asked for.
    if filter.withdrawn == crate::store::Withdrawn::Hidden {
        filter.withdrawn = crate::store::Withdrawn::Included;
    }
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
        FileFormat::Csv => formats::csv::export(
            sink,
            &tx,
            &ids,
            formats::csv::parse_delimiter(&args.delimiter)?,
            args.bom,
        )?,
        FileFormat::Claimreview => {
            let options = formats::claimreview::ExportOptions {
                rating_lang: args.rating_lang,
                review_url_base: args.review_url_base.clone(),
                publisher: args.publisher.clone(),
            };
            let summary = formats::claimreview::export(sink, &tx, &ids, &options)?;
            sink.flush()?;
            if summary.skipped > 0 {
                ctx.note(format!(
                    "skipped {} claims without a verdict (or unable to verify)",
                    summary.skipped
                ));
            }
            if summary.without_author > 0 {
                ctx.note(format!(
                    "{} reviews have no author: their events name nobody; pass --publisher NAME",
                    summary.without_author
                ));
            }
            summary.exported
        }
    };
    sink.flush()?;
    if args.output.is_some() {
        let what = match args.format {
            FileFormat::Claimreview => "ClaimReviews",
            _ => "claims",
        };
        ctx.note(format!("exported {count} {what}"));
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
        && !f.withdrawn
}
