//! Full-text search over claim text and every name of the speaker, accents and case
//! ignored, on either engine.
//!
//! SQLite keeps an FTS5 table (`claims_fts`, `unicode61 remove_diacritics 2`).
//! PostgreSQL keeps `claims_search`: tsvectors of the words as claimlog folds them
//! ([`crate::similar::tokens`], the same splitting and folding as FTS5's tokenizer),
//! cast to `tsvector` without any parser of PostgreSQL's, so both engines find the
//! same claims for the same words. A query is every word, `word*` a prefix.

use anyhow::Result;

use super::backend::Engine;
use super::{Tx, matchset};
use crate::model::ClaimId;
use crate::p;
use crate::similar::tokens;

/// The words a search looks for, folded; `true` for a prefix (`word*`).
fn query_terms(search: &str) -> Vec<(String, bool)> {
    search
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .flat_map(|w| {
            let prefix = w.ends_with('*');
            let words = tokens(w);
            let last = words.len().saturating_sub(1);
            words
                .into_iter()
                .enumerate()
                .map(move |(i, t)| (t, prefix && i == last))
        })
        .collect()
}

/// The search as the engine's query language reads it, or `None` when it holds no word.
pub(super) fn engine_query(engine: Engine, search: &str) -> Option<String> {
    match engine {
        Engine::Sqlite => super::claims::fts_query(search),
        Engine::Postgres => {
            let terms: Vec<String> = query_terms(search)
                .into_iter()
                .map(|(t, prefix)| {
                    if prefix {
                        format!("{}:*", lexeme(&t))
                    } else {
                        lexeme(&t)
                    }
                })
                .collect();
            (!terms.is_empty()).then(|| terms.join(" & "))
        }
    }
}

/// A folded word as a tsvector/tsquery lexeme literal.
fn lexeme(word: &str) -> String {
    format!("'{}'", word.replace('\'', "''").replace('\\', "\\\\"))
}

/// The words of a text as a tsvector literal.
fn tsvector(text: &str) -> String {
    let mut words = tokens(text);
    words.sort_unstable();
    words.dedup();
    words
        .iter()
        .map(|w| lexeme(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Past this many matches, a search no longer sorts its matches (an id list) but
/// tests claims as the order's index yields them.
const SORT_MAX: usize = if cfg!(test) { 5 } else { 5000 };

/// How a filter tells the claims matching a search.
pub(super) enum Selection {
    /// Few claims match: these (sorted by the page's order).
    Few(Vec<ClaimId>),
    /// Many match: `claimlog_matches(handle, c.id)` over a set read once (SQLite).
    Set(i64),
    /// Many match: ask the index ([`matches_clause`], [`in_matches_clause`]).
    Index,
}

/// How to select the claims matching `query` (an [`engine_query`]). Many matches are
/// a set in memory on SQLite (asked to read them as a set, SQLite builds a b-tree of
/// them for every statement), kept or, if `read_set`, read now; PostgreSQL reads its
/// index.
pub(super) fn selection(tx: &Tx<'_>, query: &str, read_set: bool) -> Result<Selection> {
    let sets = tx.engine() == Engine::Sqlite;
    // Only committed states of the index are kept (see `matchset`).
    let kept_on = match tx.tx.sqlite_path() {
        Some(db) if sets && tx.read_only => Some((db, generation(tx)?)),
        _ => None,
    };
    if let Some((db, generation)) = &kept_on
        && let Some(set) = matchset::kept(db, query, generation)
    {
        return Ok(Selection::Set(tx.pin_matches(set)));
    }
    let matches: Vec<ClaimId> = tx.tx.all(
        matching_ids_sql(tx.engine()),
        p![query, SORT_MAX as i64 + 1],
        |r| r.get(0),
    )?;
    if matches.len() <= SORT_MAX {
        return Ok(Selection::Few(matches));
    }
    if !sets || !read_set {
        return Ok(Selection::Index);
    }
    let bits: Vec<u8> = tx.tx.value(
        "SELECT claimlog_id_bits(rowid) FROM claims_fts WHERE claims_fts MATCH ?1",
        p![query],
    )?;
    let ids = matchset::Ids::from_blob(&bits);
    let keep = kept_on
        .as_ref()
        .map(|(db, g)| (db.as_str(), query, g.as_slice()));
    let set = matchset::make(ids, keep);
    Ok(Selection::Set(tx.pin_matches(set)))
}

/// The state of SQLite's full-text index: FTS5's structure record (its segments and a
/// counter of changes) and its averages record (rows and words), which every write to
/// the index changes.
fn generation(tx: &Tx<'_>) -> Result<Vec<u8>> {
    let blocks: Vec<Vec<u8>> = tx.tx.all(
        "SELECT block FROM claims_fts_data WHERE id IN (1, 10) ORDER BY id",
        p![],
        |r| r.get(0),
    )?;
    Ok(blocks.concat())
}

/// Ids of claims matching `?1` (an [`engine_query`]), at most `?2` of them.
pub(super) fn matching_ids_sql(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1 LIMIT ?2",
        Engine::Postgres => {
            "SELECT claim_id FROM claims_search WHERE words @@ CAST(CAST(?1 AS TEXT) AS tsquery) LIMIT ?2"
        }
    }
}

/// A condition on claim `c` matching the next bare `?` parameter.
pub(super) fn matches_clause(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => {
            " AND EXISTS (SELECT 1 FROM claims_fts f WHERE claims_fts MATCH ? AND f.rowid = c.id)"
        }
        Engine::Postgres => {
            " AND EXISTS (SELECT 1 FROM claims_search f
                           WHERE f.words @@ CAST(CAST(? AS TEXT) AS tsquery) AND f.claim_id = c.id)"
        }
    }
}

/// [`matches_clause`] as a set: every match read once (to count them all).
pub(super) fn in_matches_clause(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => " AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)",
        Engine::Postgres => {
            " AND c.id IN (SELECT claim_id FROM claims_search
                            WHERE words @@ CAST(CAST(? AS TEXT) AS tsquery))"
        }
    }
}

/// Writes the index rows of new claims and replaces those of changed ones.
pub(super) fn index(tx: &Tx<'_>, new: &[ClaimId], changed: &[ClaimId]) -> Result<()> {
    match tx.engine() {
        Engine::Sqlite => {
            const INSERT: &str = "INSERT INTO claims_fts(rowid, text, speaker)
                 SELECT c.id, c.text,
                        (SELECT group_concat(n.name, ' ') FROM source_names n WHERE n.source_id = c.speaker_id)
                   FROM claims c WHERE c.id IN (SELECT value FROM json_each(?1))";
            if !changed.is_empty() {
                let ids = serde_json::to_string(&changed)?;
                tx.tx.exec(
                    "DELETE FROM claims_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
                    p![ids],
                )?;
                tx.tx.exec(INSERT, p![ids])?;
            }
            if !new.is_empty() {
                tx.tx.exec(INSERT, p![serde_json::to_string(&new)?])?;
            }
        }
        Engine::Postgres => {
            if !changed.is_empty() {
                tx.tx.exec(
                    "DELETE FROM claims_search WHERE claim_id IN (SELECT value FROM json_each(?1))",
                    p![serde_json::to_string(changed)?],
                )?;
            }
            for ids in [new, changed] {
                for chunk in ids.chunks(5000) {
                    let rows = tx.tx.all(
                        "SELECT c.id, c.text,
                                (SELECT group_concat(n.name, ' ') FROM source_names n
                                  WHERE n.source_id = c.speaker_id)
                           FROM claims c WHERE c.id IN (SELECT value FROM json_each(?1))",
                        p![serde_json::to_string(chunk)?],
                        |r| {
                            Ok((
                                r.get::<i64>(0)?,
                                r.get::<String>(1)?,
                                r.get::<Option<String>>(2)?,
                            ))
                        },
                    )?;
                    // One COPY per chunk: a million claims are indexed in seconds.
                    let mut data = String::new();
                    for (id, text, names) in rows {
                        let all = format!("{text} {}", names.unwrap_or_default());
                        data.push_str(&id.to_string());
                        data.push('\t');
                        super::copy::escape(&mut data, &tsvector(&all));
                        data.push('\t');
                        super::copy::escape(&mut data, &tsvector(&text));
                        data.push('\n');
                    }
                    tx.tx.copy_in(
                        "COPY claims_search (claim_id, words, text_words) FROM STDIN",
                        data.as_bytes(),
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Ids of claims whose text holds any (`all` false) or all of `terms`, at most `limit`.
pub(super) fn claims_with_terms(
    tx: &Tx<'_>,
    terms: &[&str],
    all: bool,
    limit: i64,
) -> Result<Vec<ClaimId>> {
    match tx.engine() {
        Engine::Sqlite => {
            let quoted: Vec<String> = terms
                .iter()
                .map(|t| format!("\"{}\"", t.replace('"', "")))
                .collect();
            let query = format!(
                "text : ({})",
                quoted.join(if all { " AND " } else { " OR " })
            );
            tx.tx.all(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1 LIMIT ?2",
                p![query, limit],
                |r| r.get(0),
            )
        }
        Engine::Postgres => {
            let query = terms
                .iter()
                .map(|t| lexeme(t))
                .collect::<Vec<_>>()
                .join(if all { " & " } else { " | " });
            tx.tx.all(
                "SELECT claim_id FROM claims_search WHERE text_words @@ CAST(CAST(?1 AS TEXT) AS tsquery) LIMIT ?2",
                p![query, limit],
                |r| r.get(0),
            )
        }
    }
}
