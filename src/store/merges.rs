//! Merging one claim into another (`claimlog merge`): a person decided that two records
//! are the same statement. The merge itself is an append-only row of `claim_merges`;
//! the merged claim keeps its row and its events (events are append-only), and names
//! the claim it went into. Owns nothing else of the claim tables.

use anyhow::Result;

use super::Tx;
use crate::error::DataError;
use crate::model::{ClaimId, Timestamp, format_timestamp};
use crate::p;

impl Tx<'_> {
    /// Moves `from`'s appearances, links and tags to `into`, gives `into` a copy of each
    /// of `from`'s events (marked `merged_from`; the originals stay on `from`), records
    /// the merge, and marks `from` merged. Refuses a claim merged before, and a merge of
    /// a claim into itself. `recorded_by` names who merged them when an import replays
    /// a merge; otherwise it is this transaction's actor.
    pub fn merge_claims(
        &self,
        from: ClaimId,
        into: ClaimId,
        note: Option<&str>,
        now: Timestamp,
        recorded_by: Option<&str>,
    ) -> Result<()> {
        if from == into {
            return Err(DataError::new(format!(
                "cannot merge claim #{from} into itself: give two different ids"
            ))
            .into());
        }
        self.require_live_claim(from)?;
        self.require_live_claim(into)?;
        let t = &self.tx;
        let offset: i64 = t.value(
            "SELECT coalesce(max(position) + 1, 0) FROM appearances WHERE claim_id = ?1",
            p![into],
        )?;
        // Positions are moved past the end in two steps: the unique (claim, position)
        // index must never see two rows with the same key.
        t.exec(
            "UPDATE appearances SET position = -1 - position WHERE claim_id = ?1",
            p![from],
        )?;
        t.exec("UPDATE appearances SET claim_id = ?2, position = ?3 - 1 - position WHERE claim_id = ?1", p![from, into, offset])?;
        let link_offset: i64 = t.value(
            "SELECT coalesce(max(position) + 1, 0) FROM claim_links WHERE claim_id = ?1",
            p![into],
        )?;
        t.exec("INSERT OR IGNORE INTO claim_links(claim_id, link_id, role, url_as_typed, position)
             SELECT ?2, link_id, role, url_as_typed, ?3 + position FROM claim_links WHERE claim_id = ?1", p![from, into, link_offset])?;
        t.exec("DELETE FROM claim_links WHERE claim_id = ?1", p![from])?;
        t.exec(
            "INSERT OR IGNORE INTO claim_tags(claim_id, tag)
             SELECT ?2, tag FROM claim_tags WHERE claim_id = ?1",
            p![from, into],
        )?;
        t.exec("DELETE FROM claim_tags WHERE claim_id = ?1", p![from])?;
        let at = format_timestamp(now);
        t.exec(
            "INSERT INTO claim_merges(from_id, into_id, merged_at, actor, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            p![
                from,
                into,
                at,
                recorded_by.or(self.actor()),
                note.map(str::trim).filter(|n| !n.is_empty())
            ],
        )?;
        t.exec(
            "UPDATE claims SET merged_into = ?2 WHERE id = ?1",
            p![from, into],
        )?;
        // Events are append-only: `into` gets a copy of each that was not retracted, in
        // the order recorded; its state follows (the latest event by time).
        t.exec(
            "INSERT INTO verification_events(claim_id, at, by_source_id, verification, verdict,
                                             verdict_label, note, evidence_link_id, actor,
                                             appearance_id, merged_from)
             SELECT ?2, at, by_source_id, verification, verdict, verdict_label, note,
                    evidence_link_id, actor, appearance_id, ?1
               FROM verification_events
              WHERE claim_id = ?1
                AND id NOT IN (SELECT event_id FROM retractions WHERE event_id IS NOT NULL)
              ORDER BY id",
            p![from, into],
        )?;
        t.exec(
            "UPDATE claims SET updated_at = max(updated_at, ?2) WHERE id = ?1",
            p![into, at],
        )?;
        Ok(())
    }

    /// The live claim a speaker's name and a text designate, following merges.
    pub fn find_claim_by_name(&self, speaker: &str, text: &str) -> Result<Option<ClaimId>> {
        let Some(speaker) = self.find_source(speaker)? else {
            return Ok(None);
        };
        let text = text.trim();
        let found: Option<(ClaimId, Option<ClaimId>)> = self
            .tx
            .opt("SELECT id, merged_into FROM claims WHERE speaker_id = ?1 AND fingerprint = ?2 AND text = ?3", p![speaker, super::claims::fingerprint(text), text], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(found.map(|(id, merged)| merged.unwrap_or(id)))
    }
}
