//! Candidates for "is this claim already recorded?": the live claims whose text shares
//! the rarest words of a text, found through the full-text index, so that a look-up
//! costs the same at a thousand claims and at a million. Ranking is `similar/`'s.

use anyhow::Result;

use super::{Tx, search};
use crate::model::ClaimId;
use crate::p;

/// Claims fetched per look-up, at most.
const CANDIDATES: i64 = 200;

/// Past this many claims holding them, words are too common to look a claim up by alone.
const COMMON: i64 = 20_000;

impl Tx<'_> {
    /// Live claims (not merged, not withdrawn) sharing the rarest of `terms`, with their
    /// text, except `exclude`.
    pub fn similar_candidates(
        &self,
        terms: &[String],
        exclude: Option<ClaimId>,
    ) -> Result<Vec<(ClaimId, String)>> {
        let mut counted: Vec<(i64, &String)> = Vec::with_capacity(terms.len());
        for term in terms {
            let n = search::claims_with_term(self, term)?;
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
