//! CSV rows of claims: one row per claim, a header row, multi-valued fields (relays,
//! links, tags) in a reversible encoding.
//!
//! A list cell holds its values separated by ` | `; a literal `|` or `\` inside a
//! value is written `\|` or `\\`. A link is `ROLE URL` (`appearance https://...`).
//! The verification history and revisions, which do not fit a cell, are JSON arrays
//! in their own columns, so that nothing is lost.

use crate::model::ClaimRecord;

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
];

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
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_round_trip_separators_and_backslashes() {
        let values = vec!["a | b".to_string(), "c\\d".to_string(), "plain".to_string()];
        assert_eq!(decode_list(&encode_list(&values)), values);
        assert!(decode_list("").is_empty());
    }
}
