//! Tables that fit: every listing's table is laid out here to the width of the terminal
//! (`$COLUMNS` when set, else the terminal's width, else 100 columns when piped), one
//! line per row by default, each cell cut at a word boundary with "…", or with `--wide`
//! the full text wrapped at word boundaries. A column empty in every row is left out. Cells are made [`visible`] first, so a cut
//! never splits an escape sequence. This module only lays out text; what a row holds is
//! each listing's business.

use std::sync::OnceLock;

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::visible;

/// Width of a piped table when `$COLUMNS` does not say: readable in a mail from cron or
/// a pager, and stable for scripts that grep it.
pub const PIPED_WIDTH: u16 = 100;

/// A word longer than this (a URL) may be split in a --wide table rather than widen
/// its column.
const MAX_WORD: usize = 24;

/// Narrowest table we lay out, however small the terminal says it is.
const MIN_WIDTH: u16 = 40;

/// How tables are printed in this process: set once by `main` from the shared flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Total width in terminal columns, borders included.
    pub width: u16,
    /// Full text wrapped over several lines instead of one line per row.
    pub wide: bool,
}

static LAYOUT: OnceLock<Layout> = OnceLock::new();

/// Sets the layout of every table this process prints (`--wide`); the width follows
/// `$COLUMNS`, else the terminal, else [`PIPED_WIDTH`].
pub fn configure(wide: bool) {
    let _ = LAYOUT.set(Layout {
        width: detected_width(),
        wide,
    });
}

fn layout() -> Layout {
    *LAYOUT.get_or_init(|| Layout {
        width: detected_width(),
        wide: false,
    })
}

fn detected_width() -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|w| w.trim().parse::<u16>().ok())
        .filter(|&w| w > 0);
    let width = columns.unwrap_or_else(|| Table::new().width().unwrap_or(PIPED_WIDTH));
    width.max(MIN_WIDTH)
}

/// One column: its title, its weight (the share of the width it gets when cells must be
/// cut), the width below which it is not cut while others can be, and whether a narrow
/// terminal may leave it out of a one-line-per-row table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub weight: u16,
    pub min: u16,
    /// 0: always shown; otherwise left out, highest first, when the columns would not
    /// fit at their minimum widths (with --wide, at their longest words, and only ranks
    /// 2 and up).
    pub optional: u8,
}

impl Column {
    /// A column that shrinks like any other, down to 8 columns.
    pub const fn flexible(title: &'static str) -> Column {
        Column {
            title,
            weight: 1,
            min: 8,
            optional: 0,
        }
    }

    /// A column with its weight and minimum width, always shown.
    pub const fn new(title: &'static str, weight: u16, min: u16) -> Column {
        Column {
            title,
            weight,
            min,
            optional: 0,
        }
    }

    /// The same column, left out on a narrow terminal (`rank` 1 last, higher first).
    pub const fn optional(self, rank: u8) -> Column {
        Column {
            optional: rank,
            ..self
        }
    }
}

/// Lays out `rows` under `columns` with the process's [`Layout`].
pub fn render(columns: &[Column], rows: &[Vec<String>]) -> String {
    render_with(layout(), columns, rows)
}

/// Lays out `rows` under `columns` in `layout`.
pub fn render_with(layout: Layout, columns: &[Column], rows: &[Vec<String>]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|c| flatten(&visible(c))).collect())
        .collect();
    // A column empty in every row (no verdict yet, no relay) only takes room.
    let mut shown: Vec<usize> = (0..columns.len())
        .filter(|&i| {
            cells
                .iter()
                .any(|row| row.get(i).is_some_and(|c| !c.is_empty()))
        })
        .collect();
    {
        // Too many columns for the width even at their minimum (with --wide: at their
        // longest word): leave out the optional ones, the least needed first.
        let comfortable = |i: usize| {
            let in_column = || cells.iter().filter_map(|r| r.get(i));
            let widest = in_column().map(|c| c.width()).max().unwrap_or(0);
            let word = if layout.wide {
                in_column()
                    .flat_map(|c| c.split(' '))
                    .map(str::width)
                    .max()
                    .unwrap_or(0)
                    .min(MAX_WORD)
            } else {
                0
            };
            let c = &columns[i];
            let title = c.title.width();
            widest.max(title).min((c.min as usize).max(title).max(word))
        };
        loop {
            let need: usize = shown.iter().map(|&i| comfortable(i) + 3).sum::<usize>() + 1;
            let drop = shown
                .iter()
                .copied()
                // --wide is for reading everything: only the least needed may go.
                .filter(|&i| columns[i].optional > u8::from(layout.wide))
                .max_by_key(|&i| columns[i].optional);
            match drop {
                Some(i) if need > layout.width as usize => shown.retain(|&j| j != i),
                _ => break,
            }
        }
    }
    let columns: Vec<Column> = shown.iter().map(|&i| columns[i]).collect();
    let cells: Vec<Vec<String>> = cells
        .into_iter()
        .map(|row| {
            shown
                .iter()
                .map(|&i| row.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    let columns = &columns[..];
    let widths = column_widths(layout.width, layout.wide, columns, &cells);
    let fit = |text: &str, width: usize| {
        if layout.wide {
            wrap(text, width)
        } else {
            truncate(text, width)
        }
    };
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty();
    table.set_header(
        columns
            .iter()
            .zip(&widths)
            .map(|(c, &w)| wrap(c.title, w))
            .collect::<Vec<_>>(),
    );
    for row in &cells {
        table.add_row(
            row.iter()
                .zip(&widths)
                .map(|(cell, &w)| fit(cell, w))
                .collect::<Vec<_>>(),
        );
    }
    table.to_string()
}

/// White space of every kind (line breaks, tabs) as single spaces: a row is one line.
fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each column's content width: the natural width (widest cell or title) when the table
/// fits; else the width shared by weight, each column held at its minimum, and as a last
/// resort (many columns, a narrow terminal) cut down to its title's longest word.
fn column_widths(total: u16, wide: bool, columns: &[Column], cells: &[Vec<String>]) -> Vec<usize> {
    let n = columns.len();
    // Each column costs its content, one space either side and one border.
    let available = (total as usize).saturating_sub(3 * n + 1);
    let title = |c: &Column| c.title.width();
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = cells
                .iter()
                .filter_map(|row| row.get(i))
                .map(|s| s.width())
                .max()
                .unwrap_or(0);
            widest.max(title(c)).max(1)
        })
        .collect();
    // Columns first shrink down to their comfortable minimum (in --wide mode, also
    // wide enough for their longest word), then, if the table still overflows, down
    // to their title's longest word.
    let longest_word = |i: usize| {
        cells
            .iter()
            .filter_map(|row| row.get(i))
            .flat_map(|s| s.split(' '))
            .map(str::width)
            .max()
            .unwrap_or(0)
            .min(MAX_WORD)
    };
    let comfortable: Vec<usize> = (0..n)
        .map(|i| {
            let c = &columns[i];
            let word = if wide { longest_word(i) } else { 0 };
            widths[i].min((c.min as usize).max(c.title.width()).max(word))
        })
        .collect();
    let floor: Vec<usize> = (0..n)
        .map(|i| {
            let word = columns[i]
                .title
                .split(' ')
                .map(str::width)
                .max()
                .unwrap_or(1);
            widths[i].min(word.max(3))
        })
        .collect();
    if widths.iter().sum::<usize>() <= available {
        return widths;
    }
    // Share the width among the columns by weight, each capped at its natural width;
    // what a narrow column leaves goes to the others (water filling). Columns never go
    // below their floor, so titles stay readable.
    let mins = &comfortable;
    let mut open: Vec<usize> = (0..n).collect();
    let mut room = available;
    while !open.is_empty() {
        let weight: usize = open
            .iter()
            .map(|&i| columns[i].weight.max(1) as usize)
            .sum();
        let shares: Vec<(usize, usize)> = open
            .iter()
            .map(|&i| (i, room * columns[i].weight.max(1) as usize / weight))
            .collect();
        // Columns narrower than their share keep their width; only when none is do
        // columns whose share is below their minimum get that minimum.
        let mut settled: Vec<(usize, usize)> = shares
            .iter()
            .copied()
            .filter(|&(i, share)| widths[i] <= share)
            .collect();
        if settled.is_empty() {
            settled = shares
                .iter()
                .copied()
                .filter(|&(i, share)| mins[i] >= share)
                .collect();
        }
        if settled.is_empty() {
            for (i, share) in shares {
                widths[i] = share.max(floor[i]).min(widths[i]);
            }
            break;
        }
        for (i, share) in settled {
            // Narrower than its share: keeps its natural width; else held at its minimum.
            if widths[i] > share {
                widths[i] = mins[i];
            }
            room = room.saturating_sub(widths[i]);
            open.retain(|&j| j != i);
        }
    }
    // Still too wide (many columns on a narrow terminal): shrink the widest for its
    // weight, down to the floors.
    let mut excess = widths.iter().sum::<usize>().saturating_sub(available);
    while excess > 0 {
        let widest = (0..n)
            .filter(|&i| widths[i] > floor[i])
            .max_by_key(|&i| (widths[i] * 64) / columns[i].weight.max(1) as usize);
        let Some(i) = widest else { break };
        widths[i] -= 1;
        excess -= 1;
    }
    widths
}

/// `text` cut to `width` columns with "…", at the last word boundary when one is near.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let budget = width.saturating_sub(1);
    let mut cut = 0;
    let mut used = 0;
    let mut last_space = None;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        if c == ' ' {
            last_space = Some(i);
        }
        used += w;
        cut = i + c.len_utf8();
    }
    // Prefer a word boundary in the last third of the cell over a cut mid-word.
    if let Some(space) = last_space.filter(|&s| text[..s].width() * 3 >= budget * 2) {
        cut = space;
    }
    format!("{}…", text[..cut].trim_end())
}

/// `text` wrapped at spaces into lines of at most `width` columns; a word longer than a
/// line (a URL) is the only thing ever split.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let sep = usize::from(!line.is_empty());
        if line.width() + sep + word.width() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word;
        while rest.width() > width {
            let mut used = 0;
            let mut cut = 0;
            for (i, c) in rest.char_indices() {
                let w = c.width().unwrap_or(0);
                if used + w > width && cut > 0 {
                    break;
                }
                used += w;
                cut = i + c.len_utf8();
            }
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        line.push_str(rest);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_prefers_a_word_boundary_and_marks_the_cut() {
        assert_eq!(truncate("court", 10), "court");
        assert_eq!(
            truncate("Le pont a été détruit par les frappes", 20),
            "Le pont a été…"
        );
        assert_eq!(truncate("Anticonstitutionnellement", 10), "Anticonst…");
        assert_eq!(truncate("ééééé", 3), "éé…");
    }

    #[test]
    fn an_optional_column_goes_only_when_the_others_would_not_fit() {
        let columns = [
            Column::new("claim", 4, 12),
            Column::flexible("speaker").optional(1),
        ];
        let rows = vec![vec!["Le pont a été détruit".to_string(), "AFP".to_string()]];
        let narrow = Layout {
            width: 20,
            wide: false,
        };
        let table = render_with(narrow, &columns, &rows);
        assert!(
            !table.contains("speaker") && table.contains("claim"),
            "{table}"
        );
        let table = render_with(
            Layout {
                width: 40,
                ..narrow
            },
            &columns,
            &rows,
        );
        assert!(table.contains("speaker"), "{table}");
    }

    #[test]
    fn wrapping_breaks_between_words_and_splits_only_words_longer_than_a_line() {
        assert_eq!(
            wrap("Le pont a été détruit par les frappes", 12),
            "Le pont a\nété détruit\npar les\nfrappes"
        );
        assert_eq!(
            wrap("https://example.org/abc", 10),
            "https://ex\nample.org/\nabc"
        );
        assert_eq!(wrap("", 5), "");
    }

    #[test]
    fn every_line_of_a_table_fits_the_width() {
        let columns = [
            Column::flexible("id"),
            Column::new("claim", 4, 12),
            Column::flexible("speaker").optional(1),
        ];
        let rows = vec![vec![
            "#1".to_string(),
            "L'Azerbaïdjan a ouvert le feu sur des positions arméniennes près de la frontière"
                .to_string(),
            "le ministère des affaires étrangères de la République d'Artsakh".to_string(),
        ]];
        for wide in [false, true] {
            for width in [40, 60, 80, 100] {
                let table = render_with(Layout { width, wide }, &columns, &rows);
                for line in table.lines() {
                    assert!(line.width() <= width as usize, "{width} {wide}:\n{table}");
                }
                if !wide {
                    assert_eq!(table.lines().count(), 5, "one line per row:\n{table}");
                }
                assert!(table.contains("speaker"), "{width} {wide}:\n{table}");
            }
        }
    }
}
