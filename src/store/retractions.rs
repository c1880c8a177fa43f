//! Retractions: voiding a verification event recorded in error, and withdrawing a
//! claim logged in error. Both append a row to `retractions` (who, when, why); nothing
//! is deleted, and the schema recomputes the claim's state.

use anyhow::Result;

use super::Tx;
use crate::error::DataError;
use crate::model::{ClaimId, Retraction, Timestamp, format_timestamp};
use crate::p;
use crate::store::NewEvent;

/// Which claims a listing shows with regard to withdrawal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Withdrawn {
    /// Claims in force only (listings, reports).
    #[default]
    Hidden,
    /// Every claim (exports).
    Included,
    /// Only the withdrawn ones.
    Only,
}

fn check_reason(reason: &str) -> Result<String, DataError> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(DataError::new(
            "invalid --reason \"\": say why, e.g. --reason \"recorded on the wrong claim\"",
        ));
    }
    Ok(r.to_string())
}

impl Tx<'_> {
    /// Voids one verification event; returns the claim it belonged to.
    pub fn retract_event(&self, event: i64, reason: &str, at: Timestamp) -> Result<ClaimId> {
        let reason = check_reason(reason)?;
        let found: Option<(ClaimId, bool)> = self.tx.opt(
            "SELECT e.claim_id, EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = e.id)
                   FROM verification_events e WHERE e.id = ?1",
            p![event],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let claim = match found {
            None => {
                return Err(DataError::new(format!(
                    "no verification event #{event}: `claimlog show CLAIM` lists a claim's events with their numbers"
                ))
                .into());
            }
            Some((_, true)) => {
                return Err(DataError::new(format!("event #{event} is already retracted")).into());
            }
            Some((claim, false)) => claim,
        };
        self.tx.exec(
            "INSERT INTO retractions(event_id, at, actor, reason) VALUES (?1, ?2, ?3, ?4)",
            p![event, format_timestamp(at), self.actor(), reason],
        )?;
        self.touch_claim(claim, at)?;
        Ok(claim)
    }

    /// Withdraws a claim logged in error: it stays recorded and exported, hidden from
    /// listings unless asked for.
    pub fn withdraw_claim(&self, id: ClaimId, reason: &str, at: Timestamp) -> Result<()> {
        let reason = check_reason(reason)?;
        self.require_claim(id)?;
        let already: bool = self.tx.value(
            "SELECT EXISTS (SELECT 1 FROM retractions WHERE claim_id = ?1)",
            p![id],
        )?;
        if already {
            return Err(DataError::new(format!("claim #{id} is already withdrawn")).into());
        }
        self.tx.exec(
            "INSERT INTO retractions(claim_id, at, actor, reason) VALUES (?1, ?2, ?3, ?4)",
            p![id, format_timestamp(at), self.actor(), reason],
        )?;
        self.touch_claim(id, at)
    }

    /// Replays a retraction read from an export: voids the claim's matching event (same
    /// time, state, verdict and note) unless it is already void. The retraction keeps
    /// its recorded time, actor and reason.
    pub fn import_event_retraction(
        &self,
        id: ClaimId,
        event: &NewEvent,
        retraction: &Retraction,
    ) -> Result<()> {
        let target: Option<i64> = self.tx.opt(
            "SELECT e.id FROM verification_events e
                  WHERE e.claim_id = ?1 AND e.at = ?2 AND e.verification = ?3
                    AND e.verdict IS ?4 AND e.note IS ?5
                    AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = e.id)
                  ORDER BY e.id LIMIT 1",
            p![
                id,
                format_timestamp(event.at),
                event.verification,
                event.verdict,
                event
                    .note
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
            ],
            |r| r.get(0),
        )?;
        if let Some(event_id) = target {
            self.tx.exec(
                "INSERT INTO retractions(event_id, at, actor, reason) VALUES (?1, ?2, ?3, ?4)",
                p![event_id, retraction.at, retraction.actor, retraction.reason],
            )?;
        }
        Ok(())
    }

    /// Replays a withdrawal read from an export, unless the claim is already withdrawn.
    pub fn import_withdrawal(&self, id: ClaimId, retraction: &Retraction) -> Result<()> {
        self.tx.exec(
            "INSERT INTO retractions(claim_id, at, actor, reason)
             SELECT ?1, ?2, ?3, ?4
              WHERE NOT EXISTS (SELECT 1 FROM retractions WHERE claim_id = ?1)",
            p![id, retraction.at, retraction.actor, retraction.reason],
        )?;
        Ok(())
    }
}
