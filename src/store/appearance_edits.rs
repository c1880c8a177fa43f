//! Corrections to a claim's appearances: `appearance edit` changes the fields of one,
//! `appearance remove` takes one out of the record's listings. Both first append a
//! revision of the claim holding what the appearance was (and the reason), so the
//! history keeps it; a removed appearance keeps its row, stamped `removed_at`. Adding
//! and loading appearances is `appearances.rs`.

use anyhow::Result;

use super::Tx;
use crate::error::DataError;
use crate::links::NormalizedUrl;
use crate::model::{ClaimId, Date, RevisionRecord, Timestamp};
use crate::p;

/// What `appearance edit` changes; `None` leaves a field as it is, an empty text
/// clears it.
#[derive(Debug, Clone, Default)]
pub struct AppearanceEdit {
    pub outlet: Option<String>,
    /// The new relays, in order (empty: none).
    pub relays: Option<Vec<String>>,
    pub cue: Option<String>,
    pub wording: Option<String>,
    pub lang: Option<String>,
    pub url: Option<NormalizedUrl>,
    pub published_on: Option<Date>,
}

fn cleared(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Tx<'_> {
    /// The claim's appearance numbered `number` as `show` numbers them, as JSON.
    fn appearance_as_json(&self, id: ClaimId, number: usize) -> Result<serde_json::Value> {
        let record = self
            .load_records(&[id], false)?
            .pop()
            .expect("the claim exists: the caller required it");
        let a = record.appearances.get(number - 1).ok_or_else(|| {
            DataError::new(format!(
                "no appearance {number} on claim #{id}: see `claimlog show {id}` for its appearances"
            ))
        })?;
        Ok(serde_json::to_value(a)?)
    }

    fn revise_appearance(
        &self,
        id: ClaimId,
        key: String,
        before: serde_json::Value,
        note: Option<String>,
        now: Timestamp,
    ) -> Result<()> {
        let mut previous = serde_json::Map::new();
        previous.insert(key, before);
        let revision = RevisionRecord {
            at: String::new(),
            text: self.claim_text(id)?,
            previous,
            note,
            actor: None,
        };
        self.add_revision(id, &revision, now)?;
        self.touch_claim(id, now)
    }

    /// Changes appearance `number` (from 1) of claim `id`. Returns whether anything
    /// changed; a URL also becomes an `appearance` link of the claim.
    pub fn edit_appearance(
        &self,
        id: ClaimId,
        number: usize,
        edit: &AppearanceEdit,
        note: Option<&str>,
        now: Timestamp,
    ) -> Result<bool> {
        self.require_live_claim(id)?;
        let row = self.appearance_id(id, number)?;
        let before = self.appearance_as_json(id, number)?;
        let t = &self.tx;
        if let Some(outlet) = &edit.outlet {
            let source = match cleared(outlet) {
                Some(name) => Some(self.source_for(&name, now)?),
                None => None,
            };
            t.exec(
                "UPDATE appearances SET outlet_id = ?2 WHERE id = ?1",
                p![row, source],
            )?;
        }
        for (column, value) in [
            ("cue", &edit.cue),
            ("wording", &edit.wording),
            ("lang", &edit.lang),
        ] {
            if let Some(value) = value {
                t.exec(
                    &format!("UPDATE appearances SET {column} = ?2 WHERE id = ?1"),
                    p![row, cleared(value)],
                )?;
            }
        }
        if let Some(url) = &edit.url {
            let link = self.link_for(url, now)?;
            t.exec(
                "UPDATE appearances SET link_id = ?2 WHERE id = ?1",
                p![row, link],
            )?;
            let links = [super::NewLink {
                url: url.clone(),
                role: crate::model::LinkRole::Appearance,
            }];
            self.add_links(id, &links, now)?;
        }
        if let Some(date) = edit.published_on {
            t.exec(
                "UPDATE appearances SET published_on = ?2 WHERE id = ?1",
                p![row, date.to_string()],
            )?;
        }
        if let Some(relays) = &edit.relays {
            t.exec(
                "DELETE FROM appearance_relays WHERE appearance_id = ?1",
                p![row],
            )?;
            let mut seen = Vec::new();
            for name in relays {
                let source = self.source_for(name, now)?;
                if !seen.contains(&source) {
                    t.exec(
                        "INSERT INTO appearance_relays(appearance_id, position, source_id)
                         VALUES (?1, ?2, ?3)",
                        p![row, seen.len() as i64, source],
                    )?;
                    seen.push(source);
                }
            }
        }
        if self.appearance_as_json(id, number)? == before {
            return Ok(false);
        }
        self.revise_appearance(
            id,
            format!("appearance {number}"),
            before,
            note.and_then(cleared),
            now,
        )?;
        Ok(true)
    }

    /// Takes appearance `number` (from 1) of claim `id` out of its listings, recording
    /// why and what it was.
    pub fn remove_appearance(
        &self,
        id: ClaimId,
        number: usize,
        reason: &str,
        now: Timestamp,
    ) -> Result<()> {
        let Some(reason) = cleared(reason) else {
            return Err(DataError::new(
                "--reason: give why the appearance is removed, such as --reason \"wrong outlet\"",
            )
            .into());
        };
        self.require_live_claim(id)?;
        let row = self.appearance_id(id, number)?;
        let before = self.appearance_as_json(id, number)?;
        self.revise_appearance(
            id,
            format!("appearance {number} (removed)"),
            before,
            Some(reason),
            now,
        )?;
        self.tx.exec(
            "UPDATE appearances SET removed_at = ?2 WHERE id = ?1",
            p![row, crate::model::format_timestamp(now)],
        )?;
        Ok(())
    }
}
