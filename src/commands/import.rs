//! `claimlog import FILE|-`: all or nothing, in one transaction.

use std::io::{BufRead, BufReader};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{Context, Out};
use crate::cli::{FileFormat, ImportArgs};
use crate::error::DataError;
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
        "jsonld" | "json" | "html" | "htm" => Some(FileFormat::Claimreview),
        _ => None,
    }
}

fn is_tsv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
}

pub fn run(args: ImportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let format = args
        .format
        .or_else(|| format_from_extension(&args.file))
        .unwrap_or(FileFormat::Jsonl);
    if format != FileFormat::Csv
        && (args.map.is_some() || args.no_header || args.delimiter.is_some())
    {
        return Err(DataError::new(
            "--map, --no-header and --delimiter apply to CSV files; add --format csv",
        )
        .into());
    }
    let csv_options = formats::csv::ImportOptions {
        map: args.map.clone(),
        no_header: args.no_header,
        delimiter: match &args.delimiter {
            Some(d) => formats::csv::parse_delimiter(d)?,
            None if is_tsv(&args.file) => b'\t',
            None => b',',
        },
        strict: args.strict,
    };
    let mut input = open_input(&args.file)?;
    let tx = store.write()?;
    let summary: ImportSummary = match format {
        FileFormat::Jsonl => formats::jsonl::import(&mut input, &tx, ctx.now),
        FileFormat::Csv => formats::csv::import(&mut input, &tx, ctx.now, &csv_options),
        FileFormat::Claimreview => formats::claimreview::import(
            &mut input,
            &tx,
            ctx.now,
            &formats::claimreview::ImportOptions {
                strict: args.strict,
            },
        ),
    }
    .with_context(|| format!("nothing was imported from {}", args.file.display()))?;
    tx.commit()?;
    const SHOWN: usize = 20;
    for warning in summary.warnings.iter().take(SHOWN) {
        ctx.note(format!("warning: {warning}"));
    }
    if summary.warnings.len() > SHOWN {
        ctx.note(format!(
            "warning: {} more warnings; see them all with --format json",
            summary.warnings.len() - SHOWN
        ));
    }
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
