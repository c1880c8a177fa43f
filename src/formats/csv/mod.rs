//! CSV of claims: one row per claim, a header row, multi-valued fields (relays,
//! links, tags) in a reversible encoding; export, and import of that header or of any
//! spreadsheet's columns through a map.
//!
//! The encoding (documented in the README):
//! - The columns are [`HEADER`]: the fields of the JSON output, in that order. `id` is
//!   written for reference and ignored on import (the receiving database numbers claims).
//! - A list cell (`relays`, `links`, `tags`) holds its values separated by ` | `; a
//!   literal `|` or `\` inside a value is written `\|` or `\\`. Values are trimmed;
//!   an empty cell is an empty list.
//! - A link is `ROLE URL` (`appearance https://...`), the URL as it was typed. On
//!   import a value without a role (`https://...`) is a `source` link, and a role may
//!   be followed by several URLs separated by spaces.
//! - An `appearances` cell lists the claim's appearances like a list cell, each one as
//!   `key=value` pairs separated by `; ` (keys outlet, via (repeated, in order), cue,
//!   wording, lang, url, date; `;` and `\` in a value escaped with `\`). When it is
//!   not empty it is read instead of `cue`, `relays` and `outlet`, which hold the first
//!   appearance's for version-1 readers.
//! - `history` and `revisions`, which do not fit a cell, are the JSON arrays of the JSON
//!   output, so that nothing is lost; `verification` and `verdict` show the claim's
//!   current state and are read only when `history` is empty: they then become one
//!   verification event (a verdict with no verification means `verified`; a verdict
//!   cell may also hold a rating label such as "Faux", read through the label table of
//!   [`super::labels`] and kept verbatim).
//! - Cells are quoted when needed (RFC 4180): quotes doubled, newlines kept inside
//!   quotes. Dates are `YYYY-MM-DD` (an RFC 3339 timestamp is also read, as its UTC
//!   day), times RFC 3339.
//! - A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//!   tab or a carriage return) is written with a `'` before it, as OWASP advises; so
//!   is a cell starting with `'` followed by one of those or by another `'`. Import
//!   drops exactly that one `'`, so the round trip is lossless ([`protect_cell`]).
//!
//! Import is lenient with what spreadsheets write: a UTF-8 byte order mark, CRLF line
//! ends, blank lines, rows of empty cells, short rows, and quotes inside unquoted
//! cells all read; a stray quote inside a quoted cell is read as a literal quote,
//! unless the cell has run over a line break by then (an unterminated quote that would
//! merge records: refused, or with `--lenient` read with a warning). Errors name the
//! line and the column. This module reads and writes
//! rows only; the store is reached through [`Importer`](super::Importer) and `Tx::load_records`.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use anyhow::Result;

mod repair;

use repair::QuoteRepair;

use super::{Feed, ImportSummary, ItemPolicy, MAX_FIELD_BYTES, cut, labels, prepare_fields, quote};
use crate::error::DataError;
use crate::model::{
    AppearanceRecord, ClaimId, ClaimRecord, EventRecord, LinkRecord, LinkRole, RevisionRecord,
    Timestamp, Verdict, Verification, parse_date, parse_timestamp,
};
use crate::store::Tx;

/// Columns of a claim row, in order.
pub const HEADER: &[&str] = &[
    "id",
    "text",
    "lang",
    "speaker",
    "cue",
    "relays",
    "outlet",
    "claimed_on",
    "links",
    "verification",
    "verdict",
    "tags",
    "history",
    "revisions",
    "created_at",
    "updated_at",
    "appearances",
];

/// Keys of one appearance in an `appearances` cell, in the order written.
const APPEARANCE_KEYS: &[&str] = &["outlet", "via", "cue", "wording", "lang", "url", "date"];

/// One appearance as `outlet=CNN; via=Armenpress; url=https://...`: `key=value` pairs
/// separated by `; `, `via` repeated in order, `;` and `\` in values escaped with `\`.
pub fn encode_appearance(a: &AppearanceRecord) -> String {
    let esc = |v: &str| v.replace('\\', "\\\\").replace(';', "\\;");
    let mut pairs: Vec<String> = Vec::new();
    let mut push = |key: &str, value: &Option<String>| {
        if let Some(v) = value {
            pairs.push(format!("{key}={}", esc(v)));
        }
    };
    push("outlet", &a.outlet);
    for relay in &a.relays {
        push("via", &Some(relay.clone()));
    }
    push("cue", &a.cue);
    push("wording", &a.wording);
    push("lang", &a.lang);
    push("url", &a.url);
    push("date", &a.published_on);
    pairs.join("; ")
}

/// Reads one appearance written by [`encode_appearance`].
pub fn decode_appearance(item: &str) -> Result<AppearanceRecord, String> {
    let mut pairs = Vec::new();
    let mut current = String::new();
    let mut chars = item.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.push(chars.next().unwrap_or('\\')),
            ';' => pairs.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    pairs.push(current);
    let mut a = AppearanceRecord::default();
    for pair in pairs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!(
                "{pair:?} is not KEY=VALUE; keys are {}",
                APPEARANCE_KEYS.join(", ")
            ));
        };
        let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
        match key.trim() {
            "outlet" => a.outlet = value,
            "via" => a.relays.extend(value),
            "cue" => a.cue = value,
            "wording" => a.wording = value,
            "lang" => a.lang = value,
            "url" => a.url = value,
            "date" => a.published_on = value,
            other => {
                return Err(format!(
                    "unknown key {other:?}; keys are {}",
                    APPEARANCE_KEYS.join(", ")
                ));
            }
        }
    }
    Ok(a)
}

/// Joins values into one cell, escaping the separator.
pub fn encode_list<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(|v| v.as_ref().replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Splits a cell written by [`encode_list`]; an empty cell is an empty list.
pub fn decode_list(cell: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => current.push(next),
                None => current.push('\\'),
            },
            '|' => values.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    values.push(current);
    values
        .into_iter()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// One claim as a CSV row of [`HEADER`].
pub fn record_to_row(rec: &ClaimRecord) -> Vec<String> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let links: Vec<String> = rec
        .links
        .iter()
        .map(|l| format!("{} {}", l.role, l.as_typed.as_deref().unwrap_or(&l.url)))
        .collect();
    let json_or_empty = |empty: bool, v: serde_json::Result<String>| {
        if empty {
            String::new()
        } else {
            v.unwrap_or_default()
        }
    };
    vec![
        rec.id.map(|i| i.to_string()).unwrap_or_default(),
        rec.text.clone(),
        opt(&rec.lang),
        rec.speaker.clone(),
        opt(&rec.cue),
        encode_list(&rec.relays),
        opt(&rec.outlet),
        opt(&rec.claimed_on),
        encode_list(&links),
        rec.verification.to_string(),
        rec.verdict.map(|v| v.to_string()).unwrap_or_default(),
        encode_list(&rec.tags),
        json_or_empty(rec.history.is_empty(), serde_json::to_string(&rec.history)),
        json_or_empty(
            rec.revisions.is_empty(),
            serde_json::to_string(&rec.revisions),
        ),
        opt(&rec.created_at),
        opt(&rec.updated_at),
        encode_list(
            &rec.appearances
                .iter()
                .map(encode_appearance)
                .collect::<Vec<_>>(),
        ),
    ]
}

/// Parses `--delimiter`: one ASCII character, or `tab`.
pub fn parse_delimiter(s: &str) -> Result<u8, DataError> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" && s != "\n" && s != "\r" => {
            Ok(s.as_bytes()[0])
        }
        _ => Err(DataError::new(format!(
            "--delimiter: invalid delimiter {}: give one character such as , or ; or the word tab",
            quote(s)
        ))),
    }
}

/// Writes the claims with these ids as CSV rows of [`HEADER`], with a header row.
/// `bom` starts the file with a UTF-8 byte order mark for spreadsheet programs.
pub fn export(
    out: &mut dyn Write,
    tx: &Tx<'_>,
    ids: &[ClaimId],
    delimiter: u8,
    bom: bool,
) -> Result<usize> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    writer.write_record(HEADER)?;
    let mut count = 0;
    for chunk in ids.chunks(super::jsonl::EXPORT_CHUNK) {
        for record in tx.load_records(chunk, false)? {
            let row = record_to_row(&record);
            writer.write_record(row.iter().map(|cell| protect_cell(cell).into_owned()))?;
            count += 1;
        }
    }
    writer.flush()?;
    Ok(count)
}

/// How to read a CSV file.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// `--map`: FIELD=COLUMN pairs, FIELD from [`HEADER`].
    pub map: Option<String>,
    /// The first row is data, not a header.
    pub no_header: bool,
    pub delimiter: u8,
    /// A verdict label the table does not know is an error, not `other`.
    pub strict: bool,
    /// A quoted cell that runs over a line break and then holds a stray quote is read
    /// as one cell with a warning, instead of being refused.
    pub lenient: bool,
}

/// Fields whose cells hold lists: they may be mapped to several columns, whose
/// values are concatenated in the order given.
const LIST_FIELDS: &[&str] = &["relays", "links", "tags"];

/// Where each field of a row is read: column indexes, in order.
#[derive(Debug)]
struct Columns {
    by_field: HashMap<&'static str, Vec<usize>>,
    /// Column names for messages: the header's, else `column N`.
    names: Vec<String>,
}

impl Columns {
    fn describe(&self, index: usize, field: &str) -> String {
        match self.names.get(index) {
            Some(name) if name == field => format!("column {}", quote(name)),
            Some(name) => format!("column {} ({field})", quote(name)),
            None => format!("column {} ({field})", index + 1),
        }
    }

    /// The cells of a field in a row, each with its column index; empty cells left out.
    fn cells<'r>(&self, row: &'r csv::StringRecord, field: &str) -> Vec<(usize, &'r str)> {
        self.by_field
            .get(field)
            .map(|indexes| {
                indexes
                    .iter()
                    .filter_map(|&i| row.get(i).map(|c| (i, c.trim())))
                    .filter(|(_, c)| !c.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn first<'r>(&self, row: &'r csv::StringRecord, field: &str) -> Option<(usize, &'r str)> {
        self.cells(row, field).into_iter().next()
    }
}

fn parse_map(map: &str) -> Result<Vec<(&'static str, String)>, DataError> {
    let mut pairs = Vec::new();
    for pair in map.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((field, column)) = pair.split_once('=') else {
            return Err(DataError::new(format!(
                "--map: {} is not FIELD=COLUMN; write it like text=statement,speaker=who",
                quote(pair)
            )));
        };
        let field = field.trim();
        let Some(known) = HEADER.iter().find(|h| **h == field) else {
            return Err(DataError::new(format!(
                "--map: unknown field {}: expected one of {}",
                quote(field),
                HEADER.join(", ")
            )));
        };
        if pairs.iter().any(|(f, _)| f == known) && !LIST_FIELDS.contains(known) {
            return Err(DataError::new(format!(
                "--map: field {} is mapped twice; only relays, links and tags may take several columns",
                quote(field)
            )));
        }
        pairs.push((*known, column.trim().to_string()));
    }
    Ok(pairs)
}

fn resolve_columns(
    header: Option<&[String]>,
    width: usize,
    map: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Columns, DataError> {
    let pairs = map.map(parse_map).transpose()?.unwrap_or_default();
    let names: Vec<String> = header.map(<[String]>::to_vec).unwrap_or_default();
    let mut by_field: HashMap<&'static str, Vec<usize>> = HashMap::new();
    for (field, column) in &pairs {
        let by_name = names.iter().position(|n| n == column).or_else(|| {
            names
                .iter()
                .position(|n| n.to_lowercase() == column.to_lowercase())
        });
        let index = match (by_name, column.parse::<usize>()) {
            (Some(i), _) => i,
            (None, Ok(n)) if n >= 1 && (n <= width || header.is_none()) => n - 1,
            _ if header.is_none() => {
                return Err(DataError::new(format!(
                    "--map: {field}={column}: with --no-header, columns are numbers from 1"
                )));
            }
            _ => {
                return Err(DataError::new(format!(
                    "--map: {field}={column}: no column {} in the file's header ({})",
                    quote(column),
                    cut(&names.join(", "), 200)
                )));
            }
        };
        by_field.entry(field).or_default().push(index);
    }
    // Fields not mapped are read from a column of their own name.
    for field in HEADER {
        if by_field.contains_key(field) {
            continue;
        }
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(field)) {
            by_field.insert(field, vec![i]);
        }
    }
    for required in ["text", "speaker"] {
        if !by_field.contains_key(required) {
            let found = if names.is_empty() {
                "the file has no header row".to_string()
            } else {
                format!("the file's columns are {}", cut(&names.join(", "), 200))
            };
            return Err(DataError::new(format!(
                "no column for {required}: {found}; name one with --map {required}=COLUMN"
            )));
        }
    }
    let used: Vec<usize> = by_field.values().flatten().copied().collect();
    let ignored: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| !used.contains(i) && !n.is_empty())
        .map(|(_, n)| n.as_str())
        .collect();
    if !ignored.is_empty() {
        notes.push(format!(
            "columns not imported (neither claimlog fields nor in --map): {}",
            cut(&ignored.join(", "), 200)
        ));
    }
    Ok(Columns { by_field, names })
}

/// Imports every row of `input` in the caller's transaction: all or nothing, the first
/// bad row an error naming its line and column.
pub fn import(
    input: &mut (dyn BufRead + Send),
    tx: &Tx<'_>,
    now: Timestamp,
    options: &ImportOptions,
    policy: ItemPolicy,
) -> Result<ImportSummary> {
    super::pipeline(tx, now, policy, |feed| {
        parse_rows(input, now, options, feed)
    })
}

/// Reads, decodes and checks every row, feeding the writer; stops at the first error.
fn parse_rows(
    input: &mut (dyn BufRead + Send),
    now: Timestamp,
    options: &ImportOptions,
    feed: &mut Feed,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(options.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(QuoteRepair::new(input, options.delimiter, options.lenient));
    let mut row = csv::StringRecord::new();
    let mut columns: Option<Columns> = None;
    let mut notes = Vec::new();
    let mut first = true;
    let mut rows = 0;
    loop {
        let more = match reader.read_record(&mut row) {
            Ok(more) => more,
            Err(e) => {
                let line = e.position().map(|p| reader.get_mut().line_at(p.byte()));
                return Err(csv_error(e, line));
            }
        };
        if !more {
            break;
        }
        let offset = row.position().map(|p| p.byte()).unwrap_or(0);
        let line = reader.get_mut().line_at(offset);
        for warning in reader.get_mut().warnings.drain(..) {
            feed.warning(warning);
        }
        if let Some(i) = row.iter().position(|c| c.len() > MAX_FIELD_BYTES) {
            let message = format!(
                "line {line}, column {}: {} bytes, more than the limit of {} KiB for one value",
                i + 1,
                row[i].len(),
                MAX_FIELD_BYTES >> 10
            );
            let raw = row_text(&row);
            feed.reject(line, "size", message, || raw)?;
            continue;
        }
        if first {
            first = false;
            if let Some(cell) = row.get(0).filter(|c| c.starts_with('\u{feff}')) {
                let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
                cells[0] = cell.trim_start_matches('\u{feff}').to_string();
                row = csv::StringRecord::from(cells);
            }
            let header: Option<Vec<String>> =
                (!options.no_header).then(|| row.iter().map(|c| c.trim().to_string()).collect());
            columns = Some(resolve_columns(
                header.as_deref(),
                row.len(),
                options.map.as_deref(),
                &mut notes,
            )?);
            for note in notes.drain(..) {
                feed.warning(note);
            }
            if header.is_some() {
                continue;
            }
        }
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        if row.iter().any(|c| c.contains('\r') || c.starts_with('\'')) {
            // A line break inside a quoted cell is one `\n`, however the file ends lines;
            // a cell the export protected from spreadsheets is read back as it was.
            let cells: Vec<String> = row
                .iter()
                .map(|c| unprotect_cell(&c.replace("\r\n", "\n")).to_string())
                .collect();
            row = csv::StringRecord::from(cells);
        }
        let cols = columns.as_ref().expect("set on the first row");
        let mut warnings = Vec::new();
        let record = match decode_row(&row, cols, options.strict, now, &mut warnings) {
            Ok(record) => record,
            Err((field, e)) => {
                let raw = row_text(&row);
                feed.reject(line, field, format!("line {line}, {e}"), || raw)?;
                continue;
            }
        };
        for w in warnings {
            feed.warning(format!("line {line}, {w}"));
        }
        let prepared = match prepare_fields(record, now) {
            Ok(prepared) => prepared,
            Err(e) => {
                let place = cols
                    .by_field
                    .get(e.field.split('.').next().unwrap_or(e.field))
                    .and_then(|i| i.first())
                    .map(|&i| cols.describe(i, e.field))
                    .unwrap_or_else(|| format!("field {}", e.field));
                let message = format!("line {line}, {place}: {}", e.message);
                let raw = row_text(&row);
                feed.reject(line, e.field, message, || raw)?;
                continue;
            }
        };
        if !feed.claim(prepared) {
            return Ok(());
        }
    }
    if columns.is_none() && !options.no_header {
        return Err(DataError::new("the file is empty: expected a header row").into());
    }
    if rows == 0 {
        return Err(DataError::new("the file holds no rows: nothing to import").into());
    }
    Ok(())
}

/// A record as it came, for the rejects file: its cells joined as CSV.
fn row_text(row: &csv::StringRecord) -> serde_json::Value {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let text = writer
        .write_record(row)
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).trim_end().to_string())
        .unwrap_or_default();
    serde_json::Value::String(text)
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP's list).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell as export writes it: one that a spreadsheet would run as a formula starts
/// with a `'`, which spreadsheets show as text. So that [`unprotect_cell`] undoes
/// exactly this, a cell that already starts with `'` followed by such a character or
/// by another `'` gains one too.
pub fn protect_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_protection(cell) || cell.strip_prefix('\'').is_some_and(needs_protection_after) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`protect_cell`]: a leading `'` before a formula character or a `'` is dropped.
pub fn unprotect_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_protection_after(rest) => rest,
        _ => cell,
    }
}

fn needs_protection(cell: &str) -> bool {
    cell.starts_with(FORMULA_STARTS)
}

fn needs_protection_after(rest: &str) -> bool {
    needs_protection(rest) || rest.starts_with('\'')
}

fn csv_error(e: csv::Error, line: Option<u64>) -> anyhow::Error {
    let what = match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "column {} is not valid UTF-8; save the file as UTF-8",
            err.field() + 1
        ),
        csv::ErrorKind::Io(io) => {
            // The repair's own refusals carry their line; anything else failed reading.
            if let Some(data) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<DataError>())
            {
                return data.clone().into();
            }
            return anyhow::Error::from(e).context("cannot read the file");
        }
        _ => e.to_string(),
    };
    match line {
        Some(line) => DataError::new(format!("line {line}: {what}")).into(),
        None => DataError::new(what).into(),
    }
}

/// One row as a record; errors name the column (the caller adds the line).
fn decode_row(
    row: &csv::StringRecord,
    cols: &Columns,
    strict: bool,
    now: Timestamp,
    warnings: &mut Vec<String>,
) -> Result<ClaimRecord, (&'static str, String)> {
    let text_of = |field: &str| cols.first(row, field).map(|(_, c)| c.to_string());
    let in_col = |i: usize, field: &'static str, e: &dyn std::fmt::Display| {
        (field, format!("{}: {e}", cols.describe(i, field)))
    };
    let list = |field: &str| -> Vec<String> {
        cols.cells(row, field)
            .into_iter()
            .flat_map(|(_, c)| decode_list(c))
            .collect()
    };
    let text = text_of("text").unwrap_or_default();
    if text.is_empty() {
        let i = cols.by_field["text"][0];
        return Err(in_col(i, "text", &"the text of a claim cannot be empty"));
    }
    let speaker = text_of("speaker").unwrap_or_default();
    if speaker.is_empty() {
        let i = cols.by_field["speaker"][0];
        return Err(in_col(i, "speaker", &"every claim needs a speaker's name"));
    }
    let claimed_on = match cols.first(row, "claimed_on") {
        Some((i, cell)) => Some(read_date(cell).map_err(|e| in_col(i, "claimed_on", &e))?),
        None => None,
    };
    let mut timestamps = [None, None];
    for (slot, field) in timestamps
        .iter_mut()
        .zip(["created_at", "updated_at"] as [&'static str; 2])
    {
        if let Some((i, cell)) = cols.first(row, field) {
            parse_timestamp(cell).map_err(|e| in_col(i, field, &e))?;
            *slot = Some(cell.to_string());
        }
    }
    let [created_at, updated_at] = timestamps;
    let mut links = Vec::new();
    for (i, cell) in cols.cells(row, "links") {
        for value in decode_list(cell) {
            let mut tokens = value.split_whitespace().peekable();
            let role = match tokens.peek().and_then(|t| t.parse::<LinkRole>().ok()) {
                Some(role) => {
                    tokens.next();
                    role
                }
                None => LinkRole::Source,
            };
            let mut any = false;
            for url in tokens {
                any = true;
                // Checked and normalised by `prepare`, whose error names this column.
                links.push(LinkRecord {
                    url: url.to_string(),
                    as_typed: None,
                    role,
                    last_check: None,
                    archived_at: None,
                });
            }
            if !any {
                return Err(in_col(
                    i,
                    "links",
                    &format!("{} has a role but no URL; write ROLE URL", quote(&value)),
                ));
            }
        }
    }
    let mut appearances = Vec::new();
    if let Some((i, cell)) = cols.first(row, "appearances") {
        for item in decode_list(cell) {
            appearances.push(decode_appearance(&item).map_err(|e| in_col(i, "appearances", &e))?);
        }
    }
    let mut history: Vec<EventRecord> = Vec::new();
    if let Some((i, cell)) = cols.first(row, "history") {
        history = serde_json::from_str(cell)
            .map_err(|e| in_col(i, "history", &format!("not a JSON array of events: {e}")))?;
    }
    let mut revisions: Vec<RevisionRecord> = Vec::new();
    if let Some((i, cell)) = cols.first(row, "revisions") {
        revisions = serde_json::from_str(cell)
            .map_err(|e| in_col(i, "revisions", &format!("not a JSON array: {e}")))?;
    }
    let verification = match cols.first(row, "verification") {
        Some((i, cell)) => Some(
            cell.parse::<Verification>()
                .map_err(|e| in_col(i, "verification", &e))?,
        ),
        None => None,
    };
    let mut verdict_label = None;
    let verdict = match cols.first(row, "verdict") {
        Some((i, cell)) => Some(match cell.parse::<Verdict>() {
            Ok(v) => v,
            Err(_) => {
                verdict_label = Some(cell.to_string());
                match labels::verdict_for_label(cell) {
                    Some(v) => v,
                    None if strict => {
                        return Err(in_col(
                            i,
                            "verdict",
                            &format!(
                                "the rating {} maps to no verdict (see the label table in the README); \
                                 without --strict it is imported as other",
                                quote(cell)
                            ),
                        ));
                    }
                    None => {
                        warnings.push(format!(
                            "{}: the rating {} maps to no verdict; imported as other",
                            cols.describe(i, "verdict"),
                            quote(cell)
                        ));
                        Verdict::Other
                    }
                }
            }
        }),
        None => None,
    };
    let verification = verification.unwrap_or(if verdict.is_some() {
        Verification::Verified
    } else {
        Verification::Unverified
    });
    // A state without history becomes one event here rather than in `prepare`: the label
    // must survive, and the event's time is the row's own date when it has one (else
    // now), so that importing the same file again adds nothing.
    if history.is_empty() && (verification != Verification::Unverified || verdict.is_some()) {
        let at = updated_at
            .clone()
            .or_else(|| created_at.clone())
            .or_else(|| claimed_on.clone())
            .unwrap_or_else(|| crate::model::format_timestamp(now));
        {
            history.push(EventRecord {
                id: None,
                at,
                by: None,
                verification,
                verdict,
                verdict_label,
                note: Some("state given on import, without history".to_string()),
                evidence: None,
                actor: None,
                retracted: None,
                appearance: None,
                from_claim: None,
            });
        }
    }
    Ok(ClaimRecord {
        id: None,
        text,
        lang: text_of("lang"),
        speaker,
        cue: text_of("cue"),
        relays: list("relays"),
        outlet: text_of("outlet"),
        claimed_on,
        links,
        verification,
        verdict,
        tags: list("tags"),
        history,
        revisions,
        created_at,
        updated_at,
        withdrawn: None,
        actor: None,
        appearances,
        origins: 0,
        merged_into: None,
        merged: Vec::new(),
    })
}

/// A `claimed_on` cell: `YYYY-MM-DD`, or a timestamp read as its UTC day.
fn read_date(cell: &str) -> Result<String, String> {
    match parse_date(cell) {
        Ok(d) => Ok(d.to_string()),
        Err(e) => match cell.parse::<Timestamp>() {
            Ok(ts) => Ok(ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()),
            Err(_) => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_protected_and_read_back_exactly() {
        for cell in [
            "=1+1", "+33 6", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'", "'a", "a=b", "",
            "''=x",
        ] {
            let written = protect_cell(cell);
            assert!(!needs_protection(&written), "{cell:?} written {written:?}");
            assert_eq!(unprotect_cell(&written), cell, "{cell:?}");
        }
        assert_eq!(protect_cell("plain"), "plain");
        assert_eq!(protect_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    }

    #[test]
    fn list_cells_round_trip_separators_and_backslashes() {
        let values = vec!["a | b".to_string(), "c\\d".to_string(), "plain".to_string()];
        assert_eq!(decode_list(&encode_list(&values)), values);
        assert!(decode_list("").is_empty());
    }
}
