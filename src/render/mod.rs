//! Output: every listing as a table (comfy-table), JSON or CSV through one renderer,
//! and the detailed view of one claim. Renderers write to any `Write`, so commands
//! and tests capture output without a subprocess.

pub mod claims;
pub mod html;
pub mod links;

use std::io::Write;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

pub use crate::cli::OutputFormat;

/// A row type that can be listed in every format.
pub trait Listing: Serialize {
    /// Column titles of the table a person reads.
    fn table_header() -> Vec<&'static str>;
    /// One table row, shortened for a terminal.
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
            let mut table = new_table();
            table.set_header(T::table_header());
            for item in items {
                table.add_row(item.table_row());
            }
            writeln!(out, "{table}")?;
            Ok(())
        }
    }
}

/// Pretty JSON followed by a newline.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A table in the house style. Width follows the terminal; `COLUMNS` pins it (tests).
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
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("déploiement  russe", 40), "déploiement russe");
        assert_eq!(shorten("ééééé", 3), "éé…");
    }
}
