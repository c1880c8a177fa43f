//! The desk workflow: who a claim is assigned to and how far its checking went (to do,
//! in progress, in review, done), kept apart from verification. Every change is an
//! append-only `workflow_events` row naming its actor; `claim_workflow` holds each
//! claim's current assignee and state, updated in the same transaction, for filters.

use anyhow::Result;
use serde::Serialize;

use super::Tx;
use crate::model::{ClaimId, Timestamp, WorkflowState, format_timestamp};
use crate::p;

/// A claim's workflow now and how it got there.
#[derive(Debug, Clone, Serialize, Default)]
pub struct WorkflowRecord {
    pub assignee: Option<String>,
    /// `to_do` until someone changes it.
    pub state: Option<WorkflowState>,
    pub history: Vec<WorkflowEvent>,
}

/// One change, as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct WorkflowEvent {
    pub at: String,
    /// The assignee from then on ("" when unassigned); absent when unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<WorkflowState>,
    pub actor: Option<String>,
}

impl Tx<'_> {
    /// Assigns claim `id` (`Some("")` unassigns it) and/or moves it to `state`. Returns
    /// false, recording nothing, when neither changes anything.
    pub fn set_workflow(
        &self,
        id: ClaimId,
        assignee: Option<&str>,
        state: Option<WorkflowState>,
        now: Timestamp,
    ) -> Result<bool> {
        self.require_live_claim(id)?;
        let current: Option<(Option<String>, WorkflowState)> = self.tx.opt(
            "SELECT assignee, state FROM claim_workflow WHERE claim_id = ?1",
            p![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (was_assignee, was_state) = current.unwrap_or((None, WorkflowState::ToDo));
        let assignee = assignee.map(str::trim);
        let new_assignee = assignee.filter(|a| Some(*a) != was_assignee.as_deref().or(Some("")));
        let new_state = state.filter(|s| *s != was_state);
        if new_assignee.is_none() && new_state.is_none() {
            return Ok(false);
        }
        self.tx.exec(
            "INSERT INTO workflow_events(claim_id, at, assignee, state, actor)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            p![
                id,
                format_timestamp(now),
                new_assignee,
                new_state,
                self.actor()
            ],
        )?;
        let assignee_now = match new_assignee {
            Some("") => None,
            Some(a) => Some(a.to_string()),
            None => was_assignee,
        };
        self.tx.exec(
            "INSERT INTO claim_workflow(claim_id, assignee, state) VALUES (?1, ?2, ?3)
             ON CONFLICT (claim_id) DO UPDATE SET assignee = excluded.assignee, state = excluded.state",
            p![id, assignee_now, new_state.unwrap_or(was_state)],
        )?;
        Ok(true)
    }

    /// A claim's current workflow and its changes, oldest first.
    pub fn workflow_of(&self, id: ClaimId) -> Result<WorkflowRecord> {
        let current: Option<(Option<String>, WorkflowState)> = self.tx.opt(
            "SELECT assignee, state FROM claim_workflow WHERE claim_id = ?1",
            p![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let history = self.tx.all(
            "SELECT at, assignee, state, actor FROM workflow_events WHERE claim_id = ?1 ORDER BY id",
            p![id],
            |r| {
                Ok(WorkflowEvent {
                    at: r.get(0)?,
                    assignee: r.get(1)?,
                    state: r.get(2)?,
                    actor: r.get(3)?,
                })
            },
        )?;
        let (assignee, state) = match current {
            Some((a, s)) => (a, Some(s)),
            None => (None, None),
        };
        Ok(WorkflowRecord {
            assignee,
            state: state.or(Some(WorkflowState::ToDo)),
            history,
        })
    }
}
