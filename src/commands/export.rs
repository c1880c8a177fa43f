//! `claimlog export`: every claim, or those the list filters select. A file named by
//! `-o` is written beside itself under a temporary name and renamed over the old one
//! only when the export is complete, so a failed export (a full disk) leaves the old
//! file as it was.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{Context, Out, claim_filter};
use crate::cli::{ExportArgs, FileFormat};
use crate::error::DataError;
use crate::formats;
use crate::store::{Store, Tx};

pub fn run(args: ExportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    if args.format != FileFormat::Csv && (args.delimiter.is_some() || args.bom) {
        let format = match args.format {
            FileFormat::Jsonl => "jsonl",
            _ => "claimreview",
        };
        return Err(DataError::new(format!(
            "--delimiter and --bom apply to CSV exports, not {format}; add --format csv"
        ))
        .into());
    }
    let delimiter = formats::csv::parse_delimiter(args.delimiter.as_deref().unwrap_or(","))?;
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
    let count = match &args.output {
        Some(path) => {
            let (file, count) =
                write_beside(path, |sink| write(sink, &tx, &ids, &args, delimiter, ctx))?;
            file.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            count
        }
        None => {
            let mut sink = BufWriter::with_capacity(1 << 16, out);
            let count = write(&mut sink, &tx, &ids, &args, delimiter, ctx)?;
            sink.flush()?;
            count
        }
    };
    if args.output.is_some() {
        let what = match args.format {
            FileFormat::Claimreview => "ClaimReviews",
            _ => "claims",
        };
        ctx.note(format!("exported {count} {what}"));
    }
    Ok(())
}

/// Writes through `write` into a new temporary file in `path`'s directory, synced to
/// disk; the caller renames it over `path`. On any error the temporary file is removed.
fn write_beside(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize>,
) -> Result<(tempfile::NamedTempFile, usize)> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let cannot = || format!("cannot write {}", path.display());
    let file = tempfile::Builder::new()
        .prefix(".claimlog-export-")
        .tempfile_in(dir)
        .with_context(cannot)?;
    let mut sink = BufWriter::with_capacity(1 << 16, file);
    let count = write(&mut sink).with_context(cannot)?;
    let file = sink
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(cannot)?;
    file.as_file().sync_all().with_context(cannot)?;
    Ok((file, count))
}

fn write(
    sink: &mut dyn Write,
    tx: &Tx<'_>,
    ids: &[crate::model::ClaimId],
    args: &ExportArgs,
    delimiter: u8,
    ctx: &Context,
) -> Result<usize> {
    let count = match args.format {
        FileFormat::Jsonl => formats::jsonl::export(sink, tx, ids)?,
        FileFormat::Csv => formats::csv::export(sink, tx, ids, delimiter, args.bom)?,
        FileFormat::Claimreview => {
            let options = formats::claimreview::ExportOptions {
                rating_lang: args.rating_lang,
                review_url_base: args.review_url_base.clone(),
                publisher: args.publisher.clone(),
            };
            let summary = formats::claimreview::export(sink, tx, ids, &options)?;
            if summary.skipped > 0 {
                ctx.note(format!(
                    "skipped {} claims without a review (no verdict, or unable to verify)",
                    summary.skipped
                ));
            }
            if summary.without_url > 0 {
                ctx.note(format!(
                    "warning: left out {} reviews without a URL; pass --review-url-base URL, where your fact-checks are published",
                    summary.without_url
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
    Ok(count)
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
