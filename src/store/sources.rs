//! Sources and their names: lookup by folded key (case, accents and punctuation
//! ignored), aliases, and merging one source into another.

use anyhow::Result;
use serde::Serialize;

use super::Tx;
use crate::error::DataError;
use crate::model::{SourceId, Timestamp, fold_key, format_timestamp};
use crate::p;

/// A source with its names and how often it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSummary {
    pub id: SourceId,
    pub name: String,
    pub aliases: Vec<String>,
    /// Claims it asserted.
    pub claims: i64,
    /// Claims it relayed.
    pub relayed: i64,
    /// Claims read in its publications.
    pub reported: i64,
    /// Verification events it made.
    pub verifications: i64,
}

/// The name as stored (trimmed) and its folded key; a name with nothing to fold is refused.
fn check_name(name: &str, what: &str) -> Result<(String, String), DataError> {
    let trimmed = name.trim();
    let key = fold_key(trimmed);
    if key.is_empty() {
        return Err(DataError::new(format!(
            "invalid {what} {name:?}: a name needs at least one letter or digit"
        )));
    }
    Ok((trimmed.to_string(), key))
}

impl Tx<'_> {
    /// The source a name (or alias) designates, if any.
    pub fn find_source(&self, name: &str) -> Result<Option<SourceId>> {
        self.find_source_key(fold_key(name))
    }

    fn find_source_key(&self, key: String) -> Result<Option<SourceId>> {
        if let Some(id) = self.cache.borrow().sources.get(&key) {
            return Ok(Some(*id));
        }
        let found: Option<SourceId> = self.tx.opt(
            "SELECT source_id FROM source_names WHERE key = ?1",
            p![key],
            |r| r.get(0),
        )?;
        if let Some(id) = found {
            self.cache.borrow_mut().sources.insert(key, id);
        }
        Ok(found)
    }

    /// The source a name designates; an unknown name is a data error naming it.
    pub fn require_source(&self, name: &str) -> Result<SourceId> {
        self.find_source(name)?.ok_or_else(|| {
            DataError::new(format!(
                "no source named {name:?}: see `claimlog sources list` for the names recorded"
            ))
            .into()
        })
    }

    /// The source a name designates, created with that spelling if it is new.
    pub fn source_for(&self, name: &str, now: Timestamp) -> Result<SourceId> {
        let (name, key) = check_name(name, "source name")?;
        if let Some(id) = self.find_source_key(key.clone())? {
            return Ok(id);
        }
        let id: SourceId = self.tx.value(
            "INSERT INTO sources(name, created_at) VALUES (?1, ?2) RETURNING id",
            p![name, format_timestamp(now)],
        )?;
        self.tx.exec(
            "INSERT INTO source_names(key, name, source_id, is_alias, actor)
             VALUES (?1, ?2, ?3, 0, ?4)",
            p![key, name, id, self.actor()],
        )?;
        self.cache.borrow_mut().sources.insert(key, id);
        Ok(id)
    }

    /// The display name of a source.
    pub fn source_name(&self, id: SourceId) -> Result<String> {
        self.tx
            .value("SELECT name FROM sources WHERE id = ?1", p![id])
    }

    fn summarise_source(&self, id: SourceId) -> Result<SourceSummary> {
        let stmt = "SELECT s.name,
                    (SELECT count(*) FROM claims WHERE speaker_id = s.id),
                    (SELECT count(DISTINCT a.claim_id) FROM appearance_relays r
                       JOIN appearances a ON a.id = r.appearance_id
                      WHERE r.source_id = s.id AND a.removed_at IS NULL),
                    (SELECT count(DISTINCT claim_id) FROM appearances
                      WHERE outlet_id = s.id AND removed_at IS NULL),
                    (SELECT count(*) FROM verification_events e
                       JOIN sources m ON m.id = e.by_source_id
                      WHERE m.id = s.id OR m.merged_into = s.id)
               FROM sources s WHERE s.id = ?1";
        let (name, claims, relayed, reported, verifications) = self.tx.one(stmt, p![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        let aliases = self.tx.all(
            "SELECT name FROM source_names WHERE source_id = ?1 AND is_alias = 1 ORDER BY key",
            p![id],
            |r| r.get(0),
        )?;
        Ok(SourceSummary {
            id,
            name,
            aliases,
            claims,
            relayed,
            reported,
            verifications,
        })
    }

    /// Every live (not merged) source, by name.
    pub fn list_sources(&self) -> Result<Vec<SourceSummary>> {
        let ids = self.tx.all(
            "SELECT id FROM sources WHERE merged_into IS NULL ORDER BY lower(name), id",
            p![],
            |r| r.get(0),
        )?;
        ids.into_iter()
            .map(|id| self.summarise_source(id))
            .collect()
    }

    /// One source by any of its names.
    pub fn show_source(&self, name: &str) -> Result<SourceSummary> {
        let id = self.require_source(name)?;
        self.summarise_source(id)
    }

    /// Makes `alias` another name of the source called `name`.
    pub fn add_alias(&self, name: &str, alias: &str) -> Result<SourceSummary> {
        let id = self.require_source(name)?;
        if let Some(other) = self.attach_alias(id, alias)? {
            let other_name = self.source_name(other)?;
            return Err(DataError::new(format!(
                "{alias:?} already names the source {other_name:?}: to make them one source, run \
                 `claimlog sources merge {other_name:?} {:?}`",
                self.source_name(id)?
            ))
            .into());
        }
        self.summarise_source(id)
    }

    /// Gives the source called `name` (created if new) every alias of an imported
    /// source line. An alias that already names another source is left as it is and
    /// returned, for a warning.
    pub fn import_aliases(
        &self,
        name: &str,
        aliases: &[String],
        now: Timestamp,
    ) -> Result<Vec<String>> {
        let id = self.source_for(name, now)?;
        let mut refused = Vec::new();
        for alias in aliases {
            if self.attach_alias(id, alias)?.is_some() {
                refused.push(alias.clone());
            }
        }
        Ok(refused)
    }

    /// Adds `alias` to source `id`; returns the other source it already names, if any.
    fn attach_alias(&self, id: SourceId, alias: &str) -> Result<Option<SourceId>> {
        let (alias, alias_key) = check_name(alias, "alias")?;
        if let Some(other) = self.find_source(&alias)? {
            return Ok((other != id).then_some(other));
        }
        self.tx.exec(
            "INSERT INTO source_names(key, name, source_id, is_alias, actor)
             VALUES (?1, ?2, ?3, 1, ?4)",
            p![alias_key, alias, id, self.actor()],
        )?;
        self.cache.borrow_mut().sources.clear();
        self.reindex_speaker(id)?;
        Ok(None)
    }

    /// The aliases of the source called `name`, in key order; none for an unknown name.
    pub fn aliases_of(&self, name: &str) -> Result<Vec<String>> {
        let Some(id) = self.find_source(name)? else {
            return Ok(Vec::new());
        };
        self.tx.all(
            "SELECT name FROM source_names WHERE source_id = ?1 AND is_alias = 1 ORDER BY key",
            p![id],
            |r| r.get(0),
        )
    }

    /// Moves every claim, relay, outlet mention and event of `from` to `into`; `from`'s
    /// names become aliases of `into`. Events are append-only, so they keep pointing at
    /// `from`, which is marked merged and is shown as `into` everywhere.
    pub fn merge_sources(&self, from: &str, into: &str) -> Result<SourceSummary> {
        let from_id = self.require_source(from)?;
        let into_id = self.require_source(into)?;
        if from_id == into_id {
            return Err(DataError::new(format!(
                "{from:?} and {into:?} already name the same source"
            ))
            .into());
        }
        let t = &self.tx;
        t.exec(
            "UPDATE claims SET speaker_id = ?2 WHERE speaker_id = ?1",
            p![from_id, into_id],
        )?;
        t.exec(
            "UPDATE appearances SET outlet_id = ?2 WHERE outlet_id = ?1",
            p![from_id, into_id],
        )?;
        t.exec(
            "UPDATE appearance_relays SET source_id = ?2 WHERE source_id = ?1",
            p![from_id, into_id],
        )?;
        t.exec(
            "UPDATE source_names SET source_id = ?2, is_alias = 1 WHERE source_id = ?1",
            p![from_id, into_id],
        )?;
        t.exec(
            "UPDATE sources SET merged_into = ?2 WHERE id = ?1 OR merged_into = ?1",
            p![from_id, into_id],
        )?;
        self.cache.borrow_mut().sources.clear();
        self.reindex_speaker(into_id)?;
        self.summarise_source(into_id)
    }

    /// Refreshes the full-text index of a speaker's claims after its names changed.
    fn reindex_speaker(&self, id: SourceId) -> Result<()> {
        let ids = self
            .tx
            .all("SELECT id FROM claims WHERE speaker_id = ?1", p![id], |r| {
                r.get::<crate::model::ClaimId>(0)
            })?;
        for id in ids {
            self.reindex_claim(id);
        }
        Ok(())
    }
}
