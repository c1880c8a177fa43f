//! `claimlog import FILE|-`: all or nothing, in one transaction; or, with
//! `--skip-invalid`, every valid item in one transaction and the others set aside.
//!
//! Faults have one rule in every format: an input that cannot be opened or read
//! (missing, a directory, no permission) exits 1 naming the path; an input that holds
//! nothing to import (an empty file, a header alone, no ClaimReview) or an invalid item
//! exits 3. Owns the reading side of a file; the formats own its content.

use std::io::{BufRead, BufReader, IsTerminal as _, Read};
use std::path::Path;

use anyhow::{Context as _, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Context, Out};
use crate::cli::{FileFormat, ImportArgs};
use crate::error::DataError;
use crate::formats::{self, ImportSummary, ItemPolicy};
use crate::store::{Engine, OpenOptions, Store};

/// Opens a file argument, `-` being standard input. A path that is missing, a
/// directory or unreadable is a runtime error naming it (exit 1).
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    open_with_progress(path, &ProgressBar::hidden())
}

/// [`open_input`], counting the bytes read on `bar` (whose length becomes the file's).
fn open_with_progress(path: &Path, bar: &ProgressBar) -> Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            std::io::stdin(),
        )));
    }
    let cannot = || format!("cannot read {}", path.display());
    let meta = std::fs::metadata(path).with_context(cannot)?;
    if meta.is_dir() {
        anyhow::bail!(
            "cannot read {}: it is a directory; name a file in it",
            path.display()
        );
    }
    let file = std::fs::File::open(path).with_context(cannot)?;
    bar.set_length(meta.len());
    let reader: Box<dyn Read + Send> = Box::new(bar.wrap_read(file));
    Ok(Box::new(BufReader::with_capacity(1 << 16, reader)))
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

/// A `.json` file may be claimlog's own JSONL saved under that name: its first line
/// is then a whole claim object.
fn looks_like_claimlog_jsonl(input: &mut dyn BufRead) -> Result<bool> {
    let buf = input.fill_buf()?;
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    let Some(end) = memchr::memchr(b'\n', buf) else {
        return Ok(false);
    };
    Ok(
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&buf[..end])
            .is_ok_and(|line| line.contains_key("text") && line.contains_key("speaker")),
    )
}

fn progress_bar(visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes}  {bytes_per_sec}  eta {eta}  importing",
    ) {
        bar.set_style(style);
    }
    bar
}

pub fn run(args: ImportArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let explicit = args.format.or_else(|| format_from_extension(&args.file));
    let format = explicit.unwrap_or(FileFormat::Jsonl);
    if format != FileFormat::Csv
        && (args.map.is_some() || args.no_header || args.delimiter.is_some() || args.lenient)
    {
        return Err(DataError::new(
            "--map, --no-header, --delimiter and --lenient apply to CSV files; add --format csv",
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
        lenient: args.lenient,
    };
    let visible = !ctx.quiet && std::io::stderr().is_terminal() && args.file.as_os_str() != "-";
    let bar = progress_bar(visible);
    let mut input = open_with_progress(&args.file, &bar)?;
    let format = match format {
        FileFormat::Claimreview
            if args.format.is_none() && looks_like_claimlog_jsonl(&mut input)? =>
        {
            FileFormat::Jsonl
        }
        other => other,
    };
    let policy = ItemPolicy {
        skip_invalid: args.skip_invalid,
        rejects: match &args.rejects {
            Some(path) => Some(Box::new(std::io::BufWriter::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            ))),
            None => None,
        },
    };
    // Into an empty PostgreSQL database, the import runs on a private SQLite file and
    // the result travels by COPY (store::copy): tens of times faster than a statement
    // per row over the connection, and still all or nothing on the server.
    let mut staging = Staging::for_import(store)?;
    let importing: &mut Store = match &mut staging {
        Some(s) => &mut s.store,
        None => &mut *store,
    };
    let tx = importing.write()?;
    let result = match format {
        FileFormat::Jsonl => formats::jsonl::import_with(&mut input, &tx, ctx.now, policy),
        FileFormat::Csv => formats::csv::import(&mut input, &tx, ctx.now, &csv_options, policy),
        FileFormat::Claimreview => formats::claimreview::import(
            &mut input,
            &tx,
            ctx.now,
            &formats::claimreview::ImportOptions {
                strict: args.strict,
            },
            policy,
        ),
    };
    bar.finish_and_clear();
    let summary: ImportSummary =
        result.with_context(|| format!("nothing was imported from {}", args.file.display()))?;
    if args.skip_invalid && summary.added + summary.existing == 0 && summary.rejected > 0 {
        let rejects = match &args.rejects {
            Some(path) => format!("; see them in {}", path.display()),
            None => "; pass --rejects FILE to see them".to_string(),
        };
        return Err(DataError::new(format!(
            "nothing was valid in {}: {} items set aside ({}){rejects}",
            args.file.display(),
            summary.rejected,
            reasons(&summary)
        ))
        .into());
    }
    tx.commit()?;
    if let Some(staging) = &mut staging {
        staging
            .store
            .copy_into(store)
            .with_context(|| format!("nothing was imported from {}", args.file.display()))?;
    }
    if summary.new_claims.len() <= formats::NEW_CLAIMS_KEPT {
        let tx = store.read()?;
        for (id, text) in &summary.new_claims {
            super::similar::suggest(&tx, *id, text, ctx)?;
        }
    }
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
        crate::cli::OutputFormat::Table => {
            writeln!(
                out,
                "imported {} new claims ({} already recorded), {} verification events",
                summary.added, summary.existing, summary.events
            )?;
            if summary.rejected > 0 {
                writeln!(
                    out,
                    "set aside {} invalid items ({})",
                    summary.rejected,
                    reasons(&summary)
                )?;
            }
        }
        _ => crate::render::json(out, &summary)?,
    }
    Ok(())
}

/// A private SQLite file an import into an empty PostgreSQL database is written to first.
struct Staging {
    store: Store,
    /// Removed, with the file, when the import ends.
    _dir: tempfile::TempDir,
}

impl Staging {
    /// A staging store when `target` is an empty PostgreSQL database, else `None`.
    fn for_import(target: &mut Store) -> Result<Option<Staging>> {
        if target.engine() != Engine::Postgres || !target.read()?.is_empty()? {
            return Ok(None);
        }
        let dir = tempfile::Builder::new()
            .prefix("claimlog-import-")
            .tempdir()
            .context("cannot create a temporary directory for the import")?;
        let mut store = Store::open(
            &dir.path().join("staging.db"),
            &OpenOptions {
                create: true,
                create_dirs: false,
                command: "import".to_string(),
                quiet: true,
            },
        )?;
        store.set_actor(target.actor().map(str::to_string));
        Ok(Some(Staging { store, _dir: dir }))
    }
}

/// "claimReviewed: 3, json: 1"
fn reasons(summary: &ImportSummary) -> String {
    summary
        .rejected_by
        .iter()
        .map(|(reason, n)| format!("{reason}: {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
