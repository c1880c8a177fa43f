//! Output: every listing as a table (comfy-table), JSON or CSV through one renderer,
//! and the detailed view of one claim. Renderers write to any `Write`, so commands
//! and tests capture output without a subprocess.
//!
//! Claim data is hostile until shown otherwise: everything printed for a terminal goes
//! through [`visible`], which turns control characters (ESC and so every ANSI, OSC 8
//! hyperlink or title sequence, C1 controls, carriage returns) and bidirectional
//! overrides into visible symbols, before any cut, so no sequence reaches the terminal
//! and a cut cannot leave one open. JSON and CSV are for programs and carry the data
//! as it is.

pub mod claims;
pub mod html;
pub mod links;
pub mod table;

use std::io::Write;

use std::borrow::Cow;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

pub use crate::cli::OutputFormat;

/// A row type that can be listed in every format.
pub trait Listing: Serialize {
    /// Column titles of the table a person reads.
    fn table_header() -> Vec<&'static str>;
    /// The table's columns: titles, and how each shrinks to fit the terminal. By
    /// default every column shrinks alike.
    fn table_columns() -> Vec<table::Column> {
        Self::table_header()
            .into_iter()
            .map(table::Column::flexible)
            .collect()
    }
    /// One table row; the table fits it to the terminal (cut, or wrapped with --wide).
    fn table_row(&self) -> Vec<String>;
    /// Column names of the CSV, complete and machine-readable.
    fn csv_header() -> Vec<&'static str> {
        Self::table_header()
    }
    /// One CSV row, complete: nothing shortened.
    fn csv_row(&self) -> Vec<String> {
        self.table_row()
    }
}

/// Prints a listing in the chosen format. JSON is always an array, even when empty.
pub fn listing<T: Listing>(out: &mut dyn Write, format: OutputFormat, items: &[T]) -> Result<()> {
    match format {
        OutputFormat::Json => json(out, &items),
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(T::csv_header())?;
            for item in items {
                w.write_record(item.csv_row())?;
            }
            w.flush()?;
            Ok(())
        }
        OutputFormat::Table => {
            if items.is_empty() {
                return Ok(());
            }
            let rows: Vec<Vec<String>> = items.iter().map(Listing::table_row).collect();
            writeln!(out, "{}", table::render(&T::table_columns(), &rows))?;
            Ok(())
        }
    }
}

/// Prints one record: a JSON object (not an array), or a listing of one row in a
/// table or CSV. What `add`, `verify` and `edit` print with `--format`.
pub fn one<T: Listing>(out: &mut dyn Write, format: OutputFormat, item: &T) -> Result<()> {
    match format {
        OutputFormat::Json => json(out, item),
        format => listing(out, format, std::slice::from_ref(item)),
    }
}

/// Pretty JSON followed by a newline.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A small table in the house style (a few short cells, such as counts by outcome).
/// Width follows the terminal; `COLUMNS` pins it (tests).
pub fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(width) = std::env::var("COLUMNS")
        .ok()
        .and_then(|w| w.parse::<u16>().ok())
    {
        table.set_width(width);
    }
    table
}

/// Whether a terminal would act on `c` rather than show it: C0 controls but tab and
/// line feed, DEL, C1 controls, and the bidirectional embeddings, overrides and
/// isolates that reorder the rest of a line (U+202A–U+202E, U+2066–U+2069).
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Text made safe to print on a terminal: each control character becomes a visible
/// symbol (ESC `␛`, NUL `␀`, CR `␍`, ... from Unicode's Control Pictures, DEL `␡`), and
/// each C1 control or bidi override its code point written out (`<U+202E>`). Tab and line
/// feed are kept; tables flatten them with the rest of the white space.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            c if !acts_on_terminal(c) => shown.push(c),
            '\u{0}'..='\u{1f}' => {
                shown.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => shown.push('\u{2421}'),
            c => shown.push_str(&format!("<U+{:04X}>", c as u32)),
        }
    }
    Cow::Owned(shown)
}

/// Shortens text for a table cell, on a character boundary, marking the cut with "…".
pub fn shorten(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(visible("plain « texte »\tok\n"), "plain « texte »\tok\n");
        assert_eq!(visible("\u{1b}[31mred"), "␛[31mred");
        assert_eq!(
            visible("\u{1b}]8;;http://evil\u{1b}\\click\u{7}"),
            "␛]8;;http://evil␛\\click␇"
        );
        assert_eq!(visible("a\rb\u{0}c\u{7f}"), "a␍b␀c␡");
        assert_eq!(visible("\u{9b}31m"), "<U+009B>31m");
        assert_eq!(visible("abc\u{202e}fed\u{2066}"), "abc<U+202E>fed<U+2066>");
    }

    #[test]
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("déploiement  russe", 40), "déploiement russe");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }
}
