//! JSONL: one claim per line, the lossless interchange of claimlog
//! (`export | import` into an empty database and export again gives the same bytes).

use std::io::{BufRead, Write};

use anyhow::Result;

use super::{ImportSummary, Importer, PreparedClaim, prepare};
use crate::error::DataError;
use crate::model::{ClaimId, ClaimRecord, Timestamp};
use crate::store::Tx;

/// A line longer than this is refused rather than read into memory.
pub const MAX_LINE_BYTES: usize = 16 << 20;

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

/// Imports every line of `input` in the caller's transaction. Blank lines are skipped;
/// the first bad line is an error naming it, and the caller rolls everything back.
///
/// Reading, parsing and checking run on a second thread while this one writes, so a
/// large import keeps both cores busy; memory stays bounded by the channel's depth.
pub fn import(
    input: &mut (dyn BufRead + Send),
    tx: &Tx<'_>,
    now: Timestamp,
) -> Result<ImportSummary> {
    tx.begin_bulk_load()?;
    let mut importer = Importer::default();
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Batch>(8);
        let reader = scope.spawn(move || parse_lines(input, now, &send));
        for batch in receive {
            for prepared in &batch {
                importer.write(tx, prepared)?;
            }
        }
        // The reader stops at the first bad line; its error comes after the good batches.
        reader.join().expect("the JSONL reader does not panic")
    })?;
    Ok(importer.summary)
}

/// Lines are handed over in batches so the channel costs nothing per claim.
type Batch = Vec<PreparedClaim>;
const BATCH: usize = 256;

fn parse_lines(
    input: &mut (dyn BufRead + Send),
    now: Timestamp,
    send: &std::sync::mpsc::SyncSender<Batch>,
) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0;
    let mut batch = Vec::with_capacity(BATCH);
    while read_bounded_line(input, &mut buf, line_no + 1)? {
        line_no += 1;
        let text = std::str::from_utf8(&buf).map_err(|e| {
            DataError::new(format!(
                "line {line_no}: invalid UTF-8 at byte {} of the line; save the file as UTF-8",
                e.valid_up_to() + 1
            ))
        })?;
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        let record: ClaimRecord = serde_json::from_str(text)
            .map_err(|e| DataError::new(format!("line {line_no}: {e}")))?;
        let prepared =
            prepare(record, now).map_err(|e| DataError::new(format!("line {line_no}: {e}")))?;
        batch.push(prepared);
        if batch.len() == BATCH && send.send(std::mem::take(&mut batch)).is_err() {
            // The writer failed and stopped listening; its error is the one to report.
            return Ok(());
        }
    }
    if !batch.is_empty() {
        let _ = send.send(batch);
    }
    Ok(())
}

/// Writes the claims with these ids, one JSON object per line.
pub fn export(out: &mut dyn Write, tx: &Tx<'_>, ids: &[ClaimId]) -> Result<usize> {
    let mut count = 0;
    for chunk in ids.chunks(EXPORT_CHUNK) {
        for record in tx.load_records(chunk, false)? {
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
            count += 1;
        }
    }
    Ok(count)
}
