//! Candidates for "is this claim already recorded?": the live claims whose text shares
//! the rarest words of a text, found through the full-text index, so that a look-up
//! costs the same at a thousand claims and at a million. Ranking is `similar/`'s.

use anyhow::Result;
use rusqlite::OptionalExtension;

use super::Tx;
use crate::model::ClaimId;

/// Claims fetched per look-up, at most.
const CANDIDATES: i64 = 200;

/// Past this many claims holding them, words are too common to look a claim up by alone.
const COMMON: i64 = 20_000;

impl Tx<'_> {
    /// How many claims hold a word in their text, as the index counts it.
    fn claims_with_term(&self, term: &str) -> Result<i64> {
        self.tx.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.claims_vocab
                 USING fts5vocab(main, 'claims_fts', 'col')",
        )?;
        let count: Option<i64> = self
            .tx
            .prepare_cached("SELECT doc FROM temp.claims_vocab WHERE term = ?1 AND col = 'text'")?
            .query_row([term], |r| r.get(0))
            .optional()?;
        Ok(count.unwrap_or(0))
    }

    /// Live claims (not merged, not withdrawn) sharing the rarest of `terms`, with their
    /// text, except `exclude`.
    pub fn similar_candidates(
        &self,
        terms: &[String],
        exclude: Option<ClaimId>,
    ) -> Result<Vec<(ClaimId, String)>> {
        let mut counted: Vec<(i64, &String)> = Vec::with_capacity(terms.len());
        for term in terms {
            let n = self.claims_with_term(term)?;
            if n > 0 {
                counted.push((n, term));
            }
        }
        counted.sort();
        let quote = |t: &str| format!("\"{}\"", t.replace('"', ""));
        let rare: Vec<String> = counted
            .iter()
            .take(4)
            .filter(|(n, _)| *n <= COMMON)
            .map(|(_, t)| quote(t))
            .collect();
        // With no rare word, the claims holding all of the three rarest ones.
        let query = if rare.is_empty() {
            let all: Vec<String> = counted.iter().take(3).map(|(_, t)| quote(t)).collect();
            if all.is_empty() {
                return Ok(Vec::new());
            }
            format!("text : ({})", all.join(" AND "))
        } else {
            format!("text : ({})", rare.join(" OR "))
        };
        let mut stmt = self.tx.prepare_cached(
            "SELECT c.id, c.text
               FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1 LIMIT ?2) f
               JOIN claims c ON c.id = f.rowid
              WHERE c.merged_into IS NULL AND c.id IS NOT ?3
                AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)",
        )?;
        let rows = stmt
            .query_map(rusqlite::params![query, CANDIDATES, exclude], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
