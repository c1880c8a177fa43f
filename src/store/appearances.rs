//! Appearances: the publications of a claim (outlet, relays in order, cue, wording,
//! language, URL, date), recorded once each and never dropped, and loaded back in the
//! order recorded. Claims themselves are `claims.rs`; this file owns only the
//! `appearances` and `appearance_relays` tables.

use std::collections::HashMap;

use anyhow::Result;

use super::Tx;
use super::claims::NewLink;
use crate::error::DataError;
use crate::links::NormalizedUrl;
use crate::model::{AppearanceRecord, ClaimId, Date, LinkId, LinkRole, SourceId, Timestamp};
use crate::p;

/// One publication of a claim to record. Validated values only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewAppearance {
    pub outlet: Option<String>,
    pub relays: Vec<String>,
    pub cue: Option<String>,
    /// The words as published, when they differ from the claim's text.
    pub wording: Option<String>,
    pub lang: Option<String>,
    pub url: Option<NormalizedUrl>,
    pub published_on: Option<Date>,
    /// Who recorded it, when recorded elsewhere (an import); `None`: whoever performs
    /// this transaction. Not part of what makes two appearances the same.
    pub actor: Option<String>,
}

impl NewAppearance {
    /// Says nothing about where the claim was published: not worth a row.
    pub fn is_empty(&self) -> bool {
        self.outlet.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.relays.is_empty()
            && self.cue.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.wording.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.url.is_none()
            && self.published_on.is_none()
    }
}

/// An appearance with its names resolved: what makes two appearances the same.
#[derive(Debug, Clone, PartialEq)]
struct Resolved {
    outlet: Option<SourceId>,
    relays: Vec<SourceId>,
    cue: Option<String>,
    wording: Option<String>,
    lang: Option<String>,
    link: Option<LinkId>,
    published_on: Option<String>,
    /// Who records it (compared as `None`: see [`Resolved::same`]).
    actor: Option<String>,
}

impl Resolved {
    /// The same publication, whoever recorded it.
    fn same(&self, other: &Resolved) -> bool {
        Resolved {
            actor: None,
            ..self.clone()
        } == Resolved {
            actor: None,
            ..other.clone()
        }
    }
}

/// Each claim's appearances, in order.
pub(super) type AppearancesByClaim = HashMap<ClaimId, Vec<AppearanceRecord>>;

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Tx<'_> {
    fn resolve_appearance(
        &self,
        claim_text: Option<&str>,
        a: &NewAppearance,
        now: Timestamp,
    ) -> Result<Resolved> {
        let outlet = match trimmed(&a.outlet) {
            Some(name) => Some(self.source_for(&name, now)?),
            None => None,
        };
        let mut relays = Vec::with_capacity(a.relays.len());
        for name in &a.relays {
            let id = self.source_for(name, now)?;
            if !relays.contains(&id) {
                relays.push(id);
            }
        }
        let link = match &a.url {
            Some(url) => Some(self.link_for(url, now)?),
            None => None,
        };
        // A wording equal to the claim's text says nothing more.
        let wording = trimmed(&a.wording).filter(|w| Some(w.as_str()) != claim_text);
        Ok(Resolved {
            outlet,
            relays,
            cue: trimmed(&a.cue),
            wording,
            lang: trimmed(&a.lang),
            link,
            published_on: a.published_on.map(|d| d.to_string()),
            actor: a.actor.clone(),
        })
    }

    /// Records the appearances of a claim `add_claim` has just created.
    pub(super) fn insert_new_appearances(
        &self,
        id: ClaimId,
        text: &str,
        appearances: &[NewAppearance],
        now: Timestamp,
    ) -> Result<Vec<usize>> {
        let mut recorded: Vec<Resolved> = Vec::with_capacity(appearances.len());
        let mut positions = Vec::with_capacity(appearances.len());
        for a in appearances.iter().filter(|a| !a.is_empty()) {
            let resolved = self.resolve_appearance(Some(text), a, now)?;
            match recorded.iter().position(|r| r.same(&resolved)) {
                Some(at) => positions.push(at),
                None => {
                    positions.push(recorded.len());
                    self.insert_appearance(id, recorded.len(), &resolved, now)?;
                    recorded.push(resolved);
                }
            }
        }
        Ok(positions)
    }

    /// Adds to a recorded claim those of `appearances` it does not have yet. Returns,
    /// for each non-empty appearance given, its position in the claim (0-based), and how
    /// many were new.
    pub(super) fn merge_appearances(
        &self,
        id: ClaimId,
        appearances: &[NewAppearance],
        now: Timestamp,
    ) -> Result<(Vec<usize>, usize)> {
        let given: Vec<&NewAppearance> = appearances.iter().filter(|a| !a.is_empty()).collect();
        if given.is_empty() {
            return Ok((Vec::new(), 0));
        }
        let text = self.claim_text(id)?;
        let mut recorded = self.resolved_appearances(id)?;
        // Removed appearances keep their rows and positions.
        let next = self.next_appearance_position(id)?;
        let mut positions = Vec::with_capacity(given.len());
        let mut added = 0;
        for a in given {
            let resolved = self.resolve_appearance(Some(&text), a, now)?;
            match recorded.iter().position(|r| r.same(&resolved)) {
                Some(at) => positions.push(at),
                None => {
                    positions.push(recorded.len());
                    self.insert_appearance(id, next + added, &resolved, now)?;
                    recorded.push(resolved);
                    added += 1;
                }
            }
        }
        Ok((positions, added))
    }

    /// Records one appearance; returns its id.
    fn insert_appearance(
        &self,
        id: ClaimId,
        position: usize,
        a: &Resolved,
        now: Timestamp,
    ) -> Result<i64> {
        let appearance: i64 = self.tx.value(
            "INSERT INTO appearances(claim_id, position, outlet_id, cue, wording, lang, link_id,
                                     published_on, created_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             RETURNING id",
            p![
                id,
                position as i64,
                a.outlet,
                a.cue,
                a.wording,
                a.lang,
                a.link,
                a.published_on,
                crate::model::format_timestamp(now),
                a.actor.as_deref().or(self.actor())
            ],
        )?;
        for (i, relay) in a.relays.iter().enumerate() {
            self.tx.exec(
                "INSERT INTO appearance_relays(appearance_id, position, source_id) VALUES (?1, ?2, ?3)",
                p![appearance, i as i64, relay],
            )?;
        }
        Ok(appearance)
    }

    /// The appearances of a claim as ids, in order.
    /// The position after the last of a claim's appearances, removed ones included.
    fn next_appearance_position(&self, id: ClaimId) -> Result<usize> {
        let next: i64 = self.tx.value(
            "SELECT coalesce(max(position) + 1, 0) FROM appearances WHERE claim_id = ?1",
            p![id],
        )?;
        Ok(next as usize)
    }

    /// The appearances of a claim as ids, in order (removed ones left out).
    fn resolved_appearances(&self, id: ClaimId) -> Result<Vec<Resolved>> {
        let stmt = "SELECT a.id, a.outlet_id, a.cue, a.wording, a.lang, a.link_id, a.published_on,
                    (SELECT json_group_array(source_id) FROM
                       (SELECT source_id FROM appearance_relays r
                         WHERE r.appearance_id = a.id ORDER BY r.position) q)
               FROM appearances a WHERE a.claim_id = ?1 AND a.removed_at IS NULL
              ORDER BY a.position";
        let rows = self.tx.all(stmt, p![id], |r| {
            let relays: String = r.get(7)?;
            Ok((
                Resolved {
                    outlet: r.get(1)?,
                    relays: Vec::new(),
                    cue: r.get(2)?,
                    wording: r.get(3)?,
                    lang: r.get(4)?,
                    link: r.get(5)?,
                    published_on: r.get(6)?,
                    actor: None,
                },
                relays,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut resolved, relays) = row;
            let ids: Vec<i64> = serde_json::from_str(&relays)?;
            resolved.relays = ids.into_iter().map(SourceId).collect();
            out.push(resolved);
        }
        Ok(out)
    }

    /// The id of a claim's appearance numbered `number` (from 1, as `show` numbers
    /// them: removed ones left out), or a data error.
    pub(super) fn appearance_id(&self, claim: ClaimId, number: usize) -> Result<i64> {
        let found: Option<i64> = self
            .tx
            .opt(
                "SELECT id FROM appearances WHERE claim_id = ?1 AND removed_at IS NULL
                  ORDER BY position LIMIT 1 OFFSET ?2",
                p![claim, (number as i64 - 1).max(0)],
                |r| r.get(0),
            )?
            .filter(|_| number >= 1);
        found.ok_or_else(|| {
            DataError::new(format!(
                "no appearance {number} on claim #{claim}: see `claimlog show {claim}` for its appearances"
            ))
            .into()
        })
    }

    /// Replaces the outlet, relays and cue of a claim's first appearance (creating it
    /// when the claim has none), for `edit`.
    pub(super) fn edit_first_appearance(
        &self,
        id: ClaimId,
        outlet: Option<Option<SourceId>>,
        relays: Option<&[String]>,
        cue: Option<Option<String>>,
        now: Timestamp,
    ) -> Result<()> {
        let existing: Option<i64> = self.tx.opt(
            "SELECT id FROM appearances WHERE claim_id = ?1 AND removed_at IS NULL
              ORDER BY position LIMIT 1",
            p![id],
            |r| r.get(0),
        )?;
        let appearance = match existing {
            Some(a) => a,
            None => self.insert_appearance(
                id,
                self.next_appearance_position(id)?,
                &Resolved {
                    outlet: None,
                    relays: Vec::new(),
                    cue: None,
                    wording: None,
                    lang: None,
                    link: None,
                    published_on: None,
                    actor: None,
                },
                now,
            )?,
        };
        if let Some(outlet) = outlet {
            self.tx.exec(
                "UPDATE appearances SET outlet_id = ?2 WHERE id = ?1",
                p![appearance, outlet],
            )?;
        }
        if let Some(cue) = cue {
            self.tx.exec(
                "UPDATE appearances SET cue = ?2 WHERE id = ?1",
                p![appearance, cue],
            )?;
        }
        if let Some(relays) = relays {
            self.tx.exec(
                "DELETE FROM appearance_relays WHERE appearance_id = ?1",
                p![appearance],
            )?;
            let mut seen = Vec::new();
            for name in relays {
                let source = self.source_for(name, now)?;
                if !seen.contains(&source) {
                    self.tx.exec(
                        "INSERT INTO appearance_relays(appearance_id, position, source_id)
                         VALUES (?1, ?2, ?3)",
                        p![appearance, seen.len() as i64, source],
                    )?;
                    seen.push(source);
                }
            }
        }
        Ok(())
    }

    /// The appearances of these claims, in order, keyed by claim; also maps each
    /// appearance id to its number (from 1) for events.
    pub(super) fn load_appearances(
        &self,
        id_json: &str,
    ) -> Result<(AppearancesByClaim, HashMap<i64, usize>)> {
        let mut by_claim: AppearancesByClaim = HashMap::new();
        let mut numbers: HashMap<i64, usize> = HashMap::new();
        let stmt =
            "SELECT a.claim_id, a.id, o.name, a.cue, a.wording, a.lang, l.url, a.published_on,
                    a.actor
               FROM appearances a
               LEFT JOIN sources o ON o.id = a.outlet_id
               LEFT JOIN links l ON l.id = a.link_id
              WHERE a.claim_id IN (SELECT value FROM json_each(?1)) AND a.removed_at IS NULL
              ORDER BY a.claim_id, a.position";
        let rows = self.tx.all(stmt, p![id_json], |r| {
            Ok((
                r.get::<ClaimId>(0)?,
                r.get::<i64>(1)?,
                AppearanceRecord {
                    outlet: r.get(2)?,
                    relays: Vec::new(),
                    cue: r.get(3)?,
                    wording: r.get(4)?,
                    lang: r.get(5)?,
                    url: r.get(6)?,
                    published_on: r.get(7)?,
                    actor: r.get(8)?,
                },
            ))
        })?;
        let mut index: HashMap<i64, (ClaimId, usize)> = HashMap::new();
        for row in rows {
            let (claim, appearance, record) = row;
            let list = by_claim.entry(claim).or_default();
            index.insert(appearance, (claim, list.len()));
            numbers.insert(appearance, list.len() + 1);
            list.push(record);
        }
        if index.is_empty() {
            return Ok((by_claim, numbers));
        }
        let relays = "SELECT r.appearance_id, s.name
               FROM appearances a
               JOIN appearance_relays r ON r.appearance_id = a.id
               JOIN sources s ON s.id = r.source_id
              WHERE a.claim_id IN (SELECT value FROM json_each(?1)) AND a.removed_at IS NULL
              ORDER BY r.appearance_id, r.position";
        for row in self
            .tx
            .all(relays, p![id_json], |r| Ok((r.get::<i64>(0)?, r.get(1)?)))?
        {
            let (appearance, name) = row;
            if let Some((claim, at)) = index.get(&appearance)
                && let Some(a) = by_claim.get_mut(claim).and_then(|l| l.get_mut(*at))
            {
                a.relays.push(name);
            }
        }
        Ok((by_claim, numbers))
    }
}

/// The links the appearances' URLs add to their claim (role `appearance`).
pub(super) fn appearance_links(appearances: &[NewAppearance]) -> Vec<NewLink> {
    appearances
        .iter()
        .filter_map(|a| a.url.clone())
        .map(|url| NewLink {
            url,
            role: LinkRole::Appearance,
        })
        .collect()
}
