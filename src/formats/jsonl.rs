//! JSONL: one claim per line, the lossless interchange of claimlog
//! (`export | import` into an empty database and export again gives the same bytes).
//! After the claims come source lines, `{"source": NAME, "aliases": [...]}`, for the
//! sources the claims mention that have other names.

use std::io::{BufRead, Write};

use anyhow::Result;

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Feed, ImportSummary, ItemPolicy, MAX_RECORD_BYTES, prepare_fields};
use crate::error::DataError;
use crate::model::{ClaimId, ClaimRecord, SourceRecord, Timestamp};
use crate::store::Tx;

/// A line longer than this is refused rather than read into memory.
pub const MAX_LINE_BYTES: usize = MAX_RECORD_BYTES;

/// Claims are loaded from the store in chunks of this many, to bound memory.
pub const EXPORT_CHUNK: usize = 2000;

/// Reads one line without letting a huge line exhaust memory. Returns `false` at the end.
pub fn read_bounded_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    line_no: usize,
) -> Result<bool> {
    buf.clear();
    let mut limited = std::io::Read::take(&mut *input, MAX_LINE_BYTES as u64 + 1);
    let n = limited.read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(false);
    }
    if buf.len() > MAX_LINE_BYTES {
        return Err(DataError::new(format!(
            "line {line_no}: longer than {} MiB; is this really a JSONL file?",
            MAX_LINE_BYTES >> 20
        ))
        .into());
    }
    Ok(true)
}

/// Imports every line of `input` in the caller's transaction: claims, and source lines
/// (`{"source": ..., "aliases": [...]}`). Blank lines are skipped; the first bad line
/// is an error naming it, and the caller rolls everything back. Parsing runs on a
/// second thread while this one writes.
pub fn import(
    input: &mut (dyn BufRead + Send),
    tx: &Tx<'_>,
    now: Timestamp,
) -> Result<ImportSummary> {
    import_with(input, tx, now, ItemPolicy::default())
}

/// [`import`], with a policy for invalid lines.
pub fn import_with(
    input: &mut (dyn BufRead + Send),
    tx: &Tx<'_>,
    now: Timestamp,
    policy: ItemPolicy,
) -> Result<ImportSummary> {
    super::pipeline(tx, now, policy, |feed| parse_lines(input, now, feed))
}

fn parse_lines(input: &mut (dyn BufRead + Send), now: Timestamp, feed: &mut Feed) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0;
    let mut records = 0;
    while read_bounded_line(input, &mut buf, line_no + 1)? {
        line_no += 1;
        let text = match std::str::from_utf8(&buf) {
            Ok(text) => text,
            Err(e) => {
                let message = format!(
                    "line {line_no}: invalid UTF-8 at byte {} of the line; save the file as UTF-8",
                    e.valid_up_to() + 1
                );
                let raw = String::from_utf8_lossy(&buf).into_owned();
                feed.reject(line_no as u64, "utf-8", message, || Value::String(raw))?;
                records += 1;
                continue;
            }
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        records += 1;
        let fed = match serde_json::from_str::<ClaimRecord>(text) {
            Ok(record) => match prepare_fields(record, now) {
                Ok(prepared) => feed.claim(prepared),
                Err(e) => {
                    let message = format!("line {line_no}: {e}");
                    feed.reject(line_no as u64, e.field, message, || as_item(text))?;
                    true
                }
            },
            // Source lines are few: try them only when a line is not a claim, and report
            // the claim's error when it is neither.
            Err(claim_error) => match serde_json::from_str::<SourceRecord>(text) {
                Ok(source) => feed.aliases(source),
                Err(_) => {
                    let message = format!("line {line_no}: {claim_error}");
                    feed.reject(line_no as u64, "json", message, || as_item(text))?;
                    true
                }
            },
        };
        if !fed {
            // The writer failed and stopped listening; its error is the one to report.
            return Ok(());
        }
    }
    if records == 0 {
        return Err(DataError::new("the file holds no claims: nothing to import").into());
    }
    Ok(())
}

/// A line as it came: its JSON value, or its text when it is not JSON.
fn as_item(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// Writes the claims with these ids, one JSON object per line, then one source line
/// for each source they mention that has aliases, so that names travel with claims.
pub fn export(out: &mut dyn Write, tx: &Tx<'_>, ids: &[ClaimId]) -> Result<usize> {
    let mut count = 0;
    let mut mentioned: BTreeSet<String> = BTreeSet::new();
    for chunk in ids.chunks(EXPORT_CHUNK) {
        for record in tx.load_records(chunk, false)? {
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
            count += 1;
            mentioned.insert(record.speaker);
            for a in record.appearances {
                mentioned.extend(a.relays);
                mentioned.extend(a.outlet);
            }
            mentioned.extend(record.history.into_iter().filter_map(|e| e.by));
        }
    }
    for source in mentioned {
        let aliases = tx.aliases_of(&source)?;
        if !aliases.is_empty() {
            serde_json::to_writer(&mut *out, &SourceRecord { source, aliases })?;
            out.write_all(b"\n")?;
        }
    }
    Ok(count)
}
