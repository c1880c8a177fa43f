//! Candidates for "is this claim already recorded?": the live claims whose text shares
//! the rarest words of a text, found through the full-text index, so that a look-up
//! costs the same at a thousand claims and at a million. How rare a word is comes from
//! `similar_terms` (kept here in step with the claims' text): counting the index's
//! entries for a common word at every look-up cost tens of milliseconds at a million
//! claims. Ranking is `similar/`'s.

use std::collections::HashSet;

use anyhow::Result;

use super::backend::Engine;
use super::{Tx, search};
use crate::model::ClaimId;
use crate::p;
use crate::similar::tokens;

/// Claims fetched per look-up, at most.
const CANDIDATES: i64 = 200;

/// Past this many claims holding them, words are too common to look a claim up by alone.
const COMMON: i64 = 20_000;

impl Tx<'_> {
    /// How many claims hold a word in their text (`similar_terms`).
    fn claims_with_term(&self, term: &str) -> Result<i64> {
        Ok(self
            .tx
            .opt(
                "SELECT claims FROM similar_terms WHERE term = ?1",
                p![term],
                |r| r.get::<i64>(0),
            )?
            .unwrap_or(0))
    }

    /// Counts the words of a claim's text in (`delta` 1) or out (`delta` -1) of
    /// `similar_terms`, at commit. A bulk load into an empty SQLite database counts
    /// them all from the full-text index at commit instead.
    pub(super) fn count_terms(&self, text: &str, delta: i64) {
        let mut cache = self.cache.borrow_mut();
        if cache.bulk.is_some() && self.engine() == Engine::Sqlite {
            return;
        }
        let mut seen = HashSet::new();
        for term in tokens(text) {
            if seen.insert(term.clone()) {
                *cache.terms.entry(term).or_insert(0) += delta;
            }
        }
    }

    /// Writes the pending word counts; after a bulk load (`bulk`) into an empty SQLite
    /// database, all of them, from the full-text index.
    pub(super) fn flush_term_counts(&self, bulk: bool) -> Result<()> {
        if bulk && self.engine() == Engine::Sqlite {
            self.tx.batch(
                "CREATE VIRTUAL TABLE temp.similar_vocab
                     USING fts5vocab(main, 'claims_fts', 'col');
                 INSERT INTO similar_terms(term, claims)
                 SELECT term, doc FROM temp.similar_vocab WHERE col = 'text';
                 DROP TABLE temp.similar_vocab;",
            )?;
            return Ok(());
        }
        let mut terms: Vec<(String, i64)> = std::mem::take(&mut self.cache.borrow_mut().terms)
            .into_iter()
            .filter(|(_, n)| *n != 0)
            .collect();
        terms.sort_unstable();
        for (term, n) in terms {
            self.tx.exec(
                "INSERT INTO similar_terms(term, claims) VALUES (?1, ?2)
                 ON CONFLICT (term) DO UPDATE SET claims = similar_terms.claims + excluded.claims",
                p![term, n],
            )?;
        }
        Ok(())
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
        let rare: Vec<&str> = counted
            .iter()
            .take(4)
            .filter(|(n, _)| *n <= COMMON)
            .map(|(_, t)| t.as_str())
            .collect();
        // With no rare word, the claims holding all of the three rarest ones.
        let ids = if rare.is_empty() {
            let all: Vec<&str> = counted.iter().take(3).map(|(_, t)| t.as_str()).collect();
            if all.is_empty() {
                return Ok(Vec::new());
            }
            search::claims_with_terms(self, &all, true, CANDIDATES)?
        } else {
            search::claims_with_terms(self, &rare, false, CANDIDATES)?
        };
        self.tx.all(
            "SELECT c.id, c.text FROM claims c
              WHERE c.id IN (SELECT value FROM json_each(?1))
                AND c.merged_into IS NULL AND c.id IS NOT ?2
                AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.claim_id = c.id)
              ORDER BY c.id",
            p![serde_json::to_string(&ids)?, exclude],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }
}
