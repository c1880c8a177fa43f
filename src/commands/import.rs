//! `claimlog import FILE|-`: all or nothing, in one transaction.

use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{Context, Out};
use crate::cli::{FileFormat, ImportArgs};
use crate::formats::{self, ImportSummary};
use crate::store::Store;

/// Opens a file argument, `-` being standard input.
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            std::io::stdin(),
        )));
    }
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// The format named by a file's extension, if it names one.
pub fn format_from_extension(path: &Path) -> Option<FileFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "jsonl" | "ndjson" => Some(FileFormat::Jsonl),
        "csv" | "tsv" => Some(FileFormat::Csv),
        "jsonld" | "html" | "htm" => Some(FileFormat::Claimreview),
        _ => None,
    }
}

pub fn run(args: ImportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let format = args
        .format
        .or_else(|| format_from_extension(&args.file))
        .unwrap_or(FileFormat::Jsonl);
    let mut input = open_input(&args.file)?;
    let tx = store.write()?;
    let summary: ImportSummary = match format {
        FileFormat::Jsonl => formats::jsonl::import(&mut input, &tx, ctx.now),
        other => Err(anyhow::anyhow!(
            "importing {other:?} is not available in this build"
        )),
    }
    .with_context(|| format!("nothing was imported from {}", args.file.display()))?;
    tx.commit()?;
    match ctx.format(None) {
        crate::cli::OutputFormat::Table => writeln!(
            out,
            "imported {} new claims ({} already recorded), {} verification events",
            summary.added, summary.existing, summary.events
        )?,
        _ => crate::render::json(out, &summary)?,
    }
    Ok(())
}
