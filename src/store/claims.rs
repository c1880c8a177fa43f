//! Claims: recording, editing (keeping every previous version), verification events,
//! filtered listings and loading whole records for `show`, `list` and `export`.

use std::collections::HashMap;

use anyhow::Result;

use super::Tx;
use super::appearances::{NewAppearance, appearance_links};
use super::backend::{Row, ToValue};
use super::search;
use crate::error::DataError;
use crate::links::NormalizedUrl;
use crate::model::{
    CheckSummary, ClaimId, ClaimRecord, Date, EventRecord, LinkId, LinkOutcome, LinkRecord,
    LinkRole, Memento, MergeRecord, Retraction, RevisionRecord, SourceId, Timestamp, Verdict,
    Verification, format_timestamp,
};
use crate::p;

/// A link to attach to a claim.
#[derive(Debug, Clone)]
pub struct NewLink {
    pub url: NormalizedUrl,
    pub role: LinkRole,
}

/// A claim to record. Validated values only: parsing happens at the edge.
#[derive(Debug, Clone)]
pub struct NewClaim {
    pub text: String,
    pub lang: Option<String>,
    pub speaker: String,
    /// Its publications; the URL of each also becomes an `appearance` link.
    pub appearances: Vec<NewAppearance>,
    pub claimed_on: Option<Date>,
    pub links: Vec<NewLink>,
    pub tags: Vec<String>,
    pub created_at: Timestamp,
    /// Kept from an import; otherwise the creation time.
    pub updated_at: Option<Timestamp>,
    /// Who recorded it, when recorded elsewhere (an import keeps the exported actor);
    /// `None`: whoever performs this transaction.
    pub actor: Option<String>,
}

/// A verification event to append.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub at: Timestamp,
    pub by: Option<String>,
    pub verification: Verification,
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
    pub note: Option<String>,
    pub evidence: Option<NormalizedUrl>,
    /// The appearance the event is about, numbered from 1 in the claim's appearances.
    pub appearance: Option<usize>,
    /// Who recorded it, when it was recorded elsewhere (an import keeps the exported
    /// actor); `None`: whoever performs this transaction.
    pub actor: Option<String>,
}

/// What `add_claim` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedClaim {
    pub id: ClaimId,
    /// Whether the claim is new (else the same speaker had said the same text).
    pub created: bool,
    /// For each non-empty appearance given, its number in the claim (from 1).
    pub appearance_numbers: Vec<usize>,
    /// How many of them were not recorded yet.
    pub appearances_added: usize,
}

/// An event's references resolved to ids: what makes two events the same.
#[derive(Debug, Clone, PartialEq)]
struct ResolvedEvent {
    at: String,
    by: Option<SourceId>,
    verification: Verification,
    verdict: Option<Verdict>,
    note: Option<String>,
    evidence: Option<LinkId>,
    appearance: Option<i64>,
}

/// Changes to a claim; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct EditClaim {
    pub text: Option<String>,
    pub speaker: Option<String>,
    pub cue: Option<String>,
    pub lang: Option<String>,
    pub outlet: Option<String>,
    pub claimed_on: Option<Date>,
    /// Replaces the relays when given.
    pub relays: Option<Vec<String>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub add_links: Vec<NewLink>,
    pub note: Option<String>,
}

/// What `list` and `export` select. Every filter narrows; none means all claims.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// Verification `unverified` or `unable_to_verify`.
    pub unverified: bool,
    pub verification: Vec<Verification>,
    pub verdict: Vec<Verdict>,
    pub by: Option<String>,
    /// Claims with an appearance in this outlet.
    pub outlet: Option<String>,
    /// Claims with an appearance relayed by this source.
    pub via: Option<String>,
    /// Claims with two appearances or more that all rest on one origin.
    pub single_origin: bool,
    pub tag: Option<String>,
    /// Claims this actor recorded or acted on.
    pub by_actor: Option<String>,
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// Claims with at least one link confirmed dead.
    pub dead_links: bool,
    pub search: Option<String>,
    pub limit: Option<usize>,
    /// Whether withdrawn claims are hidden (the default), included or the only ones.
    pub withdrawn: super::Withdrawn,
    /// Claims in this language (its code, as recorded).
    pub lang: Option<String>,
    /// Claims assigned to this person; `me` is the actor.
    pub assigned_to: Option<String>,
    /// Claims in one of these workflow states (a claim nobody moved is `to_do`).
    pub workflow: Vec<crate::model::WorkflowState>,
}

/// The arguments of a statement's `?` placeholders, in order.
pub(super) type Args = Vec<Box<dyn ToValue>>;

/// What [`Tx::filter_conditions`] wrote, and learnt on the way.
pub(super) struct FilterSql {
    /// `FROM claims c WHERE ...`
    pub sql: String,
    pub args: Args,
    /// At most how many claims the filter selects, when known (a search matching few).
    pub at_most: Option<u64>,
    /// Whether a search probes the full-text index claim by claim.
    pub probes: bool,
}

/// How a filter's conditions are written, for the plan that reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Tested claim by claim, as an order's index yields them (the first claims of a
    /// page): probes by claim id.
    Each,
    /// As `Each`, but a common search word probes the full-text index claim by claim
    /// rather than reading its matches as a set first (unless a set is kept).
    Probe,
    /// Sets the engine can start from (counts; every claim a sparse filter selects,
    /// then sorted).
    Set,
}

/// Tags are matched case-insensitively; store them folded to lower case and trimmed.
pub fn normalize_tag(tag: &str) -> Result<String, DataError> {
    let t = tag.trim().to_lowercase();
    if t.is_empty() {
        return Err(DataError::new("invalid tag \"\": a tag cannot be empty"));
    }
    Ok(t)
}

/// `n` parameter marks: `?, ?, ?`.
fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Turns what a user types into an FTS5 query: every word must appear (accents and
/// case ignored); `word*` keeps its prefix meaning; FTS syntax characters are literal.
pub fn fts_query(search: &str) -> Option<String> {
    let terms: Vec<String> = search
        .split(|c: char| !(c.is_alphanumeric() || c == '*'))
        .filter_map(|w| {
            let prefix = w.ends_with('*');
            let word: String = w.chars().filter(|c| *c != '*').collect();
            if word.is_empty() {
                None
            } else if prefix {
                Some(format!("\"{word}\"*"))
            } else {
                Some(format!("\"{word}\""))
            }
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The indexed fingerprint of a claim's text (see `claims.fingerprint` in schema.sql).
pub(super) fn fingerprint(text: &str) -> i64 {
    let hash = blake3::hash(text.as_bytes());
    let bytes: [u8; 8] = hash.as_bytes()[..8]
        .try_into()
        .expect("a blake3 hash is 32 bytes long");
    i64::from_le_bytes(bytes)
}

fn check_text(text: &str) -> Result<String, DataError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DataError::new(
            "invalid claim text \"\": the text of a claim cannot be empty",
        ));
    }
    Ok(t.to_string())
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Tx<'_> {
    /// Records a claim. A claim with the same speaker and text is the same claim: it
    /// gains the new appearances, links and tags and keeps its id; nothing given is
    /// dropped.
    pub fn add_claim(&self, claim: &NewClaim) -> Result<AddedClaim> {
        let text = check_text(&claim.text)?;
        let speaker = self.source_for(&claim.speaker, claim.created_at)?;
        let fingerprint = fingerprint(&text);
        let key = (speaker, fingerprint);
        let remembered = self
            .cache
            .borrow()
            .bulk
            .as_ref()
            .map(|b| b.claim_keys.get(&key).copied());
        let existing: Option<ClaimId> = match remembered {
            // A bulk load into an empty database knows every claim it created.
            Some(None) => None,
            Some(Some(id)) => {
                Some(id).filter(|_| self.claim_text(id).ok().as_deref() == Some(&text))
            }
            None => self.find_claim(speaker, fingerprint, &text)?,
        };
        let mut links = claim.links.clone();
        for link in appearance_links(&claim.appearances) {
            if !links
                .iter()
                .any(|l| l.url == link.url && l.role == link.role)
            {
                links.push(link);
            }
        }
        if let Some(id) = existing {
            self.attach(id, &links, &claim.tags, claim.created_at)?;
            let (numbers, added) =
                self.merge_appearances(id, &claim.appearances, claim.created_at)?;
            return Ok(AddedClaim {
                id,
                created: false,
                appearance_numbers: numbers.into_iter().map(|n| n + 1).collect(),
                appearances_added: added,
            });
        }
        let created = format_timestamp(claim.created_at);
        let updated = claim
            .updated_at
            .map(format_timestamp)
            .unwrap_or_else(|| created.clone());
        let id: ClaimId = self.tx.value(
            "INSERT INTO claims(text, lang, speaker_id, claimed_on, created_at, updated_at,
                                fingerprint, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             RETURNING id",
            p![
                text,
                non_empty(&claim.lang),
                speaker,
                claim.claimed_on.map(|d| d.to_string()),
                created,
                updated,
                fingerprint,
                claim.actor.as_deref().or(self.actor()),
            ],
        )?;
        if let Some(bulk) = self.cache.borrow_mut().bulk.as_mut() {
            bulk.claim_keys.insert(key, id);
        }
        self.index_new_claim(id)?;
        self.count_terms(&text, 1);
        let numbers =
            self.insert_new_appearances(id, &text, &claim.appearances, claim.created_at)?;
        self.insert_links_and_tags(id, 0, &links, &claim.tags, claim.created_at)?;
        let appearances_added = numbers.iter().max().map_or(0, |n| n + 1);
        Ok(AddedClaim {
            id,
            created: true,
            appearance_numbers: numbers.into_iter().map(|n| n + 1).collect(),
            appearances_added,
        })
    }

    /// Adds one appearance to a recorded claim (`claimlog appearance add`). Returns its
    /// number (from 1) and whether it is new.
    pub fn add_appearance(
        &self,
        id: ClaimId,
        appearance: &NewAppearance,
        now: Timestamp,
    ) -> Result<(usize, bool)> {
        self.require_live_claim(id)?;
        if appearance.is_empty() {
            return Err(DataError::new(
                "an appearance needs at least an outlet, a relay, a cue, a wording, a URL or a date: add --outlet NAME",
            )
            .into());
        }
        let links = appearance_links(std::slice::from_ref(appearance));
        self.attach(id, &links, &[], now)?;
        let (numbers, added) = self.merge_appearances(id, std::slice::from_ref(appearance), now)?;
        if added > 0 {
            self.touch(id, now)?;
        }
        Ok((numbers.first().map_or(1, |n| n + 1), added > 0))
    }

    pub(super) fn claim_text(&self, id: ClaimId) -> Result<String> {
        self.tx
            .value("SELECT text FROM claims WHERE id = ?1", p![id])
    }

    /// The claim with this speaker and text, if recorded.
    fn find_claim(
        &self,
        speaker: SourceId,
        fingerprint: i64,
        text: &str,
    ) -> Result<Option<ClaimId>> {
        self.tx.opt(
            "SELECT id FROM claims WHERE speaker_id = ?1 AND fingerprint = ?2 AND text = ?3",
            p![speaker, fingerprint, text],
            |r| r.get(0),
        )
    }

    /// The link row of a normalised URL, created if new.
    pub fn link_for(&self, url: &NormalizedUrl, now: Timestamp) -> Result<LinkId> {
        if let Some(id) = self.cache.borrow().links.get(url.as_str()) {
            return Ok(*id);
        }
        let complete = self
            .cache
            .borrow()
            .bulk
            .as_ref()
            .is_some_and(|b| b.links_complete);
        let found: Option<LinkId> = if complete {
            None
        } else {
            self.tx.opt(
                "SELECT id FROM links WHERE url = ?1",
                p![url.as_str()],
                |r| r.get(0),
            )?
        };
        let id = match found {
            Some(id) => id,
            None => self.tx.value(
                "INSERT INTO links(url, host, created_at) VALUES (?1, ?2, ?3) RETURNING id",
                p![url.as_str(), url.host(), format_timestamp(now)],
            )?,
        };
        let full = {
            let cache = self.cache.borrow();
            cache.links.len() >= cache.link_cache_max
        };
        if full {
            // From now on URLs are looked up in the database: it needs its index back.
            self.restore_deferred_index("links_by_url")?;
            let mut cache = self.cache.borrow_mut();
            cache.links.clear();
            if let Some(bulk) = cache.bulk.as_mut() {
                bulk.links_complete = false;
            }
        }
        let mut cache = self.cache.borrow_mut();
        cache.links.insert(url.as_str().to_string(), id);
        Ok(id)
    }

    /// Adds links to a live claim; known ones are ignored.
    pub fn add_links(&self, id: ClaimId, links: &[NewLink], now: Timestamp) -> Result<()> {
        self.require_live_claim(id)?;
        self.attach(id, links, &[], now)
    }

    fn attach(
        &self,
        id: ClaimId,
        links: &[NewLink],
        tags: &[String],
        now: Timestamp,
    ) -> Result<()> {
        if links.is_empty() && tags.is_empty() {
            return Ok(());
        }
        let next: i64 = self.tx.value(
            "SELECT coalesce(max(position) + 1, 0) FROM claim_links WHERE claim_id = ?1",
            p![id],
        )?;
        self.insert_links_and_tags(id, next, links, tags, now)
    }

    /// Links (numbered from `first_position`) and tags; known ones are ignored.
    fn insert_links_and_tags(
        &self,
        id: ClaimId,
        first_position: i64,
        links: &[NewLink],
        tags: &[String],
        now: Timestamp,
    ) -> Result<()> {
        if !links.is_empty() {
            let insert_link =
                "INSERT OR IGNORE INTO claim_links(claim_id, link_id, role, url_as_typed, position)
                 VALUES (?1, ?2, ?3, ?4, ?5)";
            for (i, link) in links.iter().enumerate() {
                let link_id = self.link_for(&link.url, now)?;
                self.tx.exec(
                    insert_link,
                    p![
                        id,
                        link_id,
                        link.role,
                        link.url.as_typed,
                        first_position + i as i64
                    ],
                )?;
            }
        }
        if !tags.is_empty() {
            let insert_tag = "INSERT OR IGNORE INTO claim_tags(claim_id, tag) VALUES (?1, ?2)";
            for tag in tags {
                self.tx.exec(insert_tag, p![id, normalize_tag(tag)?])?;
            }
        }
        Ok(())
    }

    /// Fails with a data error when no claim has this id.
    pub fn require_claim(&self, id: ClaimId) -> Result<()> {
        let exists: bool = self
            .tx
            .value("SELECT EXISTS (SELECT 1 FROM claims WHERE id = ?1)", p![id])?;
        if exists {
            Ok(())
        } else {
            Err(DataError::new(format!(
                "no claim #{id}: see `claimlog list` for the claims recorded"
            ))
            .into())
        }
    }

    /// Fails with a data error when no claim has this id or when it was merged into
    /// another claim (which is where new things about it belong).
    pub fn require_live_claim(&self, id: ClaimId) -> Result<()> {
        self.require_claim(id)?;
        let merged: Option<ClaimId> = self
            .tx
            .value("SELECT merged_into FROM claims WHERE id = ?1", p![id])?;
        match merged {
            Some(into) => Err(DataError::new(format!(
                "claim #{id} was merged into #{into}: use #{into} instead"
            ))
            .into()),
            None => Ok(()),
        }
    }

    /// Appends a verification event; the claim's state becomes the event's. An event
    /// identical to one already recorded (same time, author, state, note and evidence)
    /// is not added twice. Returns whether it was added.
    pub fn add_event(&self, id: ClaimId, event: &NewEvent) -> Result<bool> {
        self.append_unless_known(id, event, true)
    }

    /// Appends an event unless the claim already has one saying the same (same author,
    /// state, verdict, note and evidence) at any time: re-reading the same article or
    /// review adds nothing. Returns whether it was added.
    pub fn add_event_once(&self, id: ClaimId, event: &NewEvent) -> Result<bool> {
        self.append_unless_known(id, event, false)
    }

    /// Appends an event unless an identical one is recorded; `same_time` says whether
    /// an event recorded at another time counts as identical. A retracted event counts
    /// too: importing an export again must not bring it back.
    fn append_unless_known(&self, id: ClaimId, event: &NewEvent, same_time: bool) -> Result<bool> {
        self.require_live_claim(id)?;
        let resolved = self.resolve_event(id, event)?;
        let at = same_time.then_some(resolved.at.as_str());
        let known: bool = self
            .tx
            .value("SELECT EXISTS (SELECT 1 FROM verification_events e
                   LEFT JOIN sources s ON s.id = e.by_source_id
                  WHERE e.claim_id = ?1 AND (CAST(?2 AS TEXT) IS NULL OR e.at = ?2) AND e.verification = ?3
                    AND e.verdict IS ?4 AND e.note IS ?5 AND e.evidence_link_id IS ?6
                    AND coalesce(s.merged_into, s.id) IS ?7 AND e.appearance_id IS ?8)", p![
                    id,
                    at,
                    event.verification,
                    event.verdict,
                    resolved.note,
                    resolved.evidence,
                    resolved.by,
                    resolved.appearance
                ])?;
        if known {
            return Ok(false);
        }
        self.insert_event(id, event, &resolved)?;
        self.touch(id, event.at)?;
        Ok(true)
    }

    /// The history of a claim `add_claim` has just created: nothing to compare with in
    /// the store, so identical events are only looked for among these. Returns how many
    /// were added.
    pub fn add_events_to_new_claim(&self, id: ClaimId, events: &[NewEvent]) -> Result<usize> {
        let mut added: Vec<ResolvedEvent> = Vec::with_capacity(events.len());
        let mut latest = None;
        for event in events {
            let resolved = self.resolve_event(id, event)?;
            if added.contains(&resolved) {
                continue;
            }
            self.insert_event(id, event, &resolved)?;
            latest = latest.max(Some(event.at));
            added.push(resolved);
        }
        if let Some(at) = latest {
            self.touch(id, at)?;
        }
        Ok(added.len())
    }

    /// Looks up (or creates) what an event refers to; its evidence joins the claim's links.
    fn resolve_event(&self, id: ClaimId, event: &NewEvent) -> Result<ResolvedEvent> {
        let by: Option<SourceId> = match non_empty(&event.by) {
            Some(name) => Some(self.source_for(&name, event.at)?),
            None => None,
        };
        let evidence = match &event.evidence {
            Some(url) => {
                self.attach(
                    id,
                    &[NewLink {
                        url: url.clone(),
                        role: LinkRole::Evidence,
                    }],
                    &[],
                    event.at,
                )?;
                Some(self.link_for(url, event.at)?)
            }
            None => None,
        };
        let appearance = match event.appearance {
            Some(n) => Some(self.appearance_id(id, n)?),
            None => None,
        };
        Ok(ResolvedEvent {
            appearance,
            at: format_timestamp(event.at),
            by,
            verification: event.verification,
            verdict: event.verdict,
            note: non_empty(&event.note),
            evidence,
        })
    }

    fn insert_event(&self, id: ClaimId, event: &NewEvent, resolved: &ResolvedEvent) -> Result<()> {
        self.tx.exec(
            "INSERT INTO verification_events(claim_id, at, by_source_id, verification, verdict,
                                                 verdict_label, note, evidence_link_id, actor,
                                                 appearance_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            p![
                id,
                resolved.at,
                resolved.by,
                event.verification,
                event.verdict,
                non_empty(&event.verdict_label),
                resolved.note,
                resolved.evidence,
                event.actor.as_deref().or(self.actor()),
                resolved.appearance
            ],
        )?;
        Ok(())
    }

    /// Moves a claim's last-change time forward to `at`.
    pub(super) fn touch_claim(&self, id: ClaimId, at: Timestamp) -> Result<()> {
        self.touch(id, at)
    }

    fn touch(&self, id: ClaimId, at: Timestamp) -> Result<()> {
        self.tx.exec(
            "UPDATE claims SET updated_at = max(updated_at, ?2) WHERE id = ?1",
            p![id, format_timestamp(at)],
        )?;
        Ok(())
    }

    /// Appends a revision as it was recorded elsewhere (import).
    pub fn add_revision(
        &self,
        id: ClaimId,
        revision: &RevisionRecord,
        at: Timestamp,
    ) -> Result<()> {
        self.tx.exec(
            "INSERT INTO claim_revisions(claim_id, revised_at, text, previous, note, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            p![
                id,
                format_timestamp(at),
                revision.text,
                serde_json::Value::Object(revision.previous.clone()).to_string(),
                revision.note,
                revision.actor.as_deref().or(self.actor())
            ],
        )?;
        Ok(())
    }

    /// Applies an edit, first recording what every changed field was. Returns whether
    /// anything changed.
    pub fn edit_claim(&self, id: ClaimId, edit: &EditClaim, now: Timestamp) -> Result<bool> {
        self.require_live_claim(id)?;
        let before = self
            .load_records(&[id], true)?
            .pop()
            .expect("the claim exists: require_claim just found it");
        let mut previous = serde_json::Map::new();
        let mut changed = |field: &str, old: serde_json::Value, new: serde_json::Value| {
            if old != new {
                previous.insert(field.to_string(), old);
            }
        };
        use serde_json::json;
        let text = edit.text.as_deref().map(check_text).transpose()?;
        if let Some(t) = &text {
            changed("text", json!(before.text), json!(t));
        }
        let speaker = match &edit.speaker {
            Some(name) => {
                let id = self.source_for(name, now)?;
                let name = self.source_name(id)?;
                changed("speaker", json!(before.speaker), json!(name));
                Some(id)
            }
            None => None,
        };
        if let Some(cue) = &edit.cue {
            changed(
                "cue",
                json!(before.cue),
                json!(non_empty(&Some(cue.clone()))),
            );
        }
        if let Some(lang) = &edit.lang {
            changed(
                "lang",
                json!(before.lang),
                json!(non_empty(&Some(lang.clone()))),
            );
        }
        let outlet = match &edit.outlet {
            Some(name) if name.trim().is_empty() => Some(None),
            Some(name) => {
                let id = self.source_for(name, now)?;
                changed("outlet", json!(before.outlet), json!(self.source_name(id)?));
                Some(Some(id))
            }
            None => None,
        };
        if matches!(outlet, Some(None)) {
            changed("outlet", json!(before.outlet), serde_json::Value::Null);
        }
        if let Some(date) = edit.claimed_on {
            changed(
                "claimed_on",
                json!(before.claimed_on),
                json!(date.to_string()),
            );
        }
        if let Some(relays) = &edit.relays {
            let mut names = Vec::new();
            for r in relays {
                let name = self.source_name(self.source_for(r, now)?)?;
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            changed("relays", json!(before.relays), json!(names));
        }
        let removed: Vec<String> = edit
            .remove_tags
            .iter()
            .map(|t| normalize_tag(t))
            .collect::<Result<_, _>>()?;
        let removed: Vec<String> = removed
            .into_iter()
            .filter(|t| before.tags.contains(t))
            .collect();
        if !removed.is_empty() {
            changed("tags", json!(before.tags), json!("edited"));
        }
        let adds_anything = !edit.add_links.is_empty() || !edit.add_tags.is_empty();
        if previous.is_empty() && !adds_anything {
            return Ok(false);
        }
        if !previous.is_empty() {
            if previous.contains_key("tags") {
                previous.insert("tags".into(), json!(before.tags));
            }
            self.tx.exec(
                "INSERT INTO claim_revisions(claim_id, revised_at, text, previous, note, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                p![
                    id,
                    format_timestamp(now),
                    before.text,
                    serde_json::Value::Object(previous).to_string(),
                    non_empty(&edit.note),
                    self.actor()
                ],
            )?;
        }
        let t = &self.tx;
        if let Some(text) = text {
            t.exec(
                "UPDATE claims SET text = ?2, fingerprint = ?3 WHERE id = ?1",
                p![id, text, fingerprint(&text)],
            )?;
            self.count_terms(&before.text, -1);
            self.count_terms(&text, 1);
            self.reindex_claim(id);
        }
        if let Some(speaker) = speaker {
            t.exec(
                "UPDATE claims SET speaker_id = ?2 WHERE id = ?1",
                p![id, speaker],
            )?;
            self.reindex_claim(id);
        }
        if edit.cue.is_some() || outlet.is_some() || edit.relays.is_some() {
            self.edit_first_appearance(
                id,
                outlet,
                edit.relays.as_deref(),
                edit.cue.as_ref().map(|c| non_empty(&Some(c.clone()))),
                now,
            )?;
        }
        if let Some(lang) = &edit.lang {
            t.exec(
                "UPDATE claims SET lang = ?2 WHERE id = ?1",
                p![id, non_empty(&Some(lang.clone()))],
            )?;
        }
        if let Some(date) = edit.claimed_on {
            t.exec(
                "UPDATE claims SET claimed_on = ?2 WHERE id = ?1",
                p![id, date.to_string()],
            )?;
        }
        for tag in &removed {
            t.exec(
                "DELETE FROM claim_tags WHERE claim_id = ?1 AND tag = ?2",
                p![id, tag],
            )?;
        }
        self.attach(id, &edit.add_links, &edit.add_tags, now)?;
        self.touch(id, now)?;
        Ok(true)
    }

    /// Ids of the claims a filter selects, newest first.
    pub fn select_claims(&self, filter: &ClaimFilter) -> Result<Vec<ClaimId>> {
        if let Some(limit) = filter.limit {
            return self.queue_page(filter, super::QueueOrder::Newest, 0, limit as u64);
        }
        let (mut sql, args) = self.filter_sql(filter, Shape::Set)?;
        sql.insert_str(0, "SELECT c.id ");
        sql.push_str(" ORDER BY c.sort_date DESC, c.id DESC");
        let args: Vec<&dyn ToValue> = args.iter().map(|a| a.as_ref()).collect();
        self.tx.all(&sql, &args, |r| r.get(0))
    }

    /// `FROM claims c WHERE ...` selecting what `filter` selects (its limit aside), and
    /// the arguments of its `?` placeholders, in order, written for the plan that reads
    /// them (`shape`).
    pub(super) fn filter_sql(
        &self,
        filter: &ClaimFilter,
        shape: Shape,
    ) -> Result<(String, Vec<Box<dyn ToValue>>)> {
        let found = self.filter_conditions(filter, shape)?;
        Ok((found.sql, found.args))
    }

    /// [`Tx::filter_sql`], and what was learnt on the way.
    pub(super) fn filter_conditions(
        &self,
        filter: &ClaimFilter,
        shape: Shape,
    ) -> Result<FilterSql> {
        let each = shape != Shape::Set;
        let mut at_most = None;
        let mut probes = false;
        let mut sql = String::from("FROM claims c WHERE c.merged_into IS NULL");
        let mut args: Vec<Box<dyn ToValue>> = Vec::new();
        match filter.withdrawn {
            super::Withdrawn::Hidden => sql
                .push_str(" AND NOT EXISTS (SELECT 1 FROM retractions w WHERE w.claim_id = c.id)"),
            super::Withdrawn::Included => {}
            super::Withdrawn::Only => {
                sql.push_str(" AND EXISTS (SELECT 1 FROM retractions w WHERE w.claim_id = c.id)")
            }
        }
        if filter.unverified {
            // Spelled as the partial index claims_open_newest so that SQLite uses it.
            sql.push_str(" AND c.verification IN ('unverified', 'unable_to_verify')");
        }
        if !filter.verification.is_empty() {
            sql.push_str(&format!(
                " AND c.verification IN ({})",
                marks(filter.verification.len())
            ));
            for v in &filter.verification {
                args.push(Box::new(*v));
            }
        }
        if !filter.verdict.is_empty() {
            sql.push_str(&format!(
                " AND c.verdict IN ({})",
                marks(filter.verdict.len())
            ));
            for v in &filter.verdict {
                args.push(Box::new(*v));
            }
        }
        if let Some(name) = &filter.by {
            sql.push_str(" AND c.speaker_id = ?");
            args.push(Box::new(self.require_source(name)?));
        }
        if let Some(name) = &filter.outlet {
            sql.push_str(if each {
                " AND EXISTS (SELECT 1 FROM appearances a
                               WHERE a.claim_id = c.id AND a.outlet_id = ? AND a.removed_at IS NULL)"
            } else {
                " AND c.id IN (SELECT claim_id FROM appearances WHERE outlet_id = ? AND removed_at IS NULL)"
            });
            args.push(Box::new(self.require_source(name)?));
        }
        if let Some(name) = &filter.via {
            sql.push_str(if each {
                " AND EXISTS (SELECT 1 FROM appearances a
                                JOIN appearance_relays r ON r.appearance_id = a.id
                               WHERE a.claim_id = c.id AND r.source_id = ? AND a.removed_at IS NULL)"
            } else {
                " AND c.id IN (SELECT a.claim_id FROM appearance_relays r
                                 JOIN appearances a ON a.id = r.appearance_id
                                WHERE r.source_id = ? AND a.removed_at IS NULL)"
            });
            args.push(Box::new(self.require_source(name)?));
        }
        if filter.single_origin {
            // Origins as model::independent_origins counts them: the first relay, else
            // the outlet (one id space: AFP as a relay and AFP as an outlet are one).
            sql.push_str(
                " AND c.id IN (SELECT a.claim_id FROM appearances a
                                 LEFT JOIN appearance_relays r
                                        ON r.appearance_id = a.id AND r.position = 0
                                WHERE a.removed_at IS NULL
                                GROUP BY a.claim_id
                               HAVING count(*) >= 2
                                  AND count(DISTINCT coalesce(r.source_id, a.outlet_id, -a.id)) = 1)",
            );
        }
        if let Some(tag) = &filter.tag {
            sql.push_str(if each {
                " AND EXISTS (SELECT 1 FROM claim_tags t WHERE t.claim_id = c.id AND t.tag = ?)"
            } else {
                " AND c.id IN (SELECT claim_id FROM claim_tags WHERE tag = ?)"
            });
            args.push(Box::new(normalize_tag(tag)?));
        }
        if let Some(actor) = &filter.by_actor {
            sql.push_str(
                " AND (c.actor = ?
                       OR EXISTS (SELECT 1 FROM verification_events e
                                   WHERE e.claim_id = c.id AND e.actor = ?)
                       OR EXISTS (SELECT 1 FROM claim_revisions v
                                   WHERE v.claim_id = c.id AND v.actor = ?)
                       OR EXISTS (SELECT 1 FROM appearances a
                                   WHERE a.claim_id = c.id AND a.actor = ?)
                       OR EXISTS (SELECT 1 FROM retractions w
                                    LEFT JOIN verification_events e ON e.id = w.event_id
                                   WHERE coalesce(w.claim_id, e.claim_id) = c.id AND w.actor = ?)
                       OR EXISTS (SELECT 1 FROM claim_merges m
                                   WHERE m.into_id = c.id AND m.actor = ?))",
            );
            let actor = self.person(actor, "--by-actor")?;
            for _ in 0..6 {
                args.push(Box::new(actor.clone()));
            }
        }
        if let Some(since) = filter.since {
            sql.push_str(" AND c.sort_date >= ?");
            args.push(Box::new(since.to_string()));
        }
        if let Some(until) = filter.until {
            sql.push_str(" AND c.sort_date <= ?");
            args.push(Box::new(until.to_string()));
        }
        if filter.dead_links {
            // As a set: driven by the few dead links (partial index links_dead).
            sql.push_str(if each {
                " AND EXISTS (SELECT 1 FROM claim_links cl JOIN links l ON l.id = cl.link_id
                               WHERE cl.claim_id = c.id AND l.dead_since IS NOT NULL)"
            } else {
                " AND c.id IN (SELECT cl.claim_id FROM links l JOIN claim_links cl ON cl.link_id = l.id
                               WHERE l.dead_since IS NOT NULL)"
            });
        }
        if let Some(lang) = &filter.lang {
            sql.push_str(" AND c.lang = ?");
            args.push(Box::new(lang.clone()));
        }
        if let Some(name) = &filter.assigned_to {
            let name = self.person(name, "--assigned-to")?;
            sql.push_str(if each {
                " AND EXISTS (SELECT 1 FROM claim_workflow w WHERE w.claim_id = c.id AND w.assignee = ?)"
            } else {
                " AND c.id IN (SELECT w.claim_id FROM claim_workflow w WHERE w.assignee = ?)"
            });
            args.push(Box::new(name));
        }
        if !filter.workflow.is_empty() {
            sql.push_str(&format!(
                " AND coalesce((SELECT w.state FROM claim_workflow w WHERE w.claim_id = c.id), 'to_do') IN ({})",
                marks(filter.workflow.len())
            ));
            for state in &filter.workflow {
                args.push(Box::new(*state));
            }
        }
        if let Some(search) = &filter.search {
            let Some(query) = search::engine_query(self.engine(), search) else {
                return Err(DataError::new(format!(
                    "invalid search {search:?}: give at least one word to look for"
                ))
                .into());
            };
            // A rare word matches few claims: their ids. A common one is tested claim by
            // claim (a set in memory on SQLite) or read by the engine as a set.
            match search::selection(self, &query, shape != Shape::Probe)? {
                search::Selection::Few(matches) => {
                    at_most = Some(matches.len() as u64);
                    sql.push_str(" AND c.id IN (SELECT value FROM json_each(?))");
                    args.push(Box::new(serde_json::to_string(&matches)?));
                }
                search::Selection::Set(handle) => {
                    sql.push_str(" AND claimlog_matches(?, c.id)");
                    args.push(Box::new(handle));
                }
                search::Selection::Index if !each => {
                    sql.push_str(search::in_matches_clause(self.engine()));
                    args.push(Box::new(query));
                }
                search::Selection::Index => {
                    probes = true;
                    sql.push_str(search::matches_clause(self.engine()));
                    args.push(Box::new(query));
                }
            }
        }
        Ok(FilterSql {
            sql,
            args,
            at_most,
            probes,
        })
    }

    /// A person named in a filter: "me" is whoever runs the command (`--as`,
    /// `CLAIMLOG_USER`, the login name or the PostgreSQL role).
    fn person(&self, name: &str, flag: &str) -> Result<String, DataError> {
        match name.trim() {
            "me" => self.actor().map(str::to_string).ok_or_else(|| {
                DataError::new(format!(
                    "{flag} me: who \"me\" is is unknown: pass --as NAME"
                ))
            }),
            other => Ok(other.to_string()),
        }
    }

    /// Every claim id in ascending order, for a full export.
    pub fn all_claim_ids(&self) -> Result<Vec<ClaimId>> {
        let stmt = "SELECT id FROM claims ORDER BY id";
        let ids = self.tx.all(stmt, p![], |r| r.get(0))?;
        Ok(ids)
    }

    /// Whole records for these ids, in the same order. `with_checks` adds each link's
    /// latest check (for `show` and listings; exports leave it out).
    pub fn load_records(&self, ids: &[ClaimId], with_checks: bool) -> Result<Vec<ClaimRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let id_json = serde_json::to_string(&ids)?;
        let mut records: HashMap<ClaimId, ClaimRecord> = HashMap::with_capacity(ids.len());
        {
            let stmt = "SELECT c.id, c.text, c.lang, sp.name, c.claimed_on,
                        c.verification, c.verdict, c.created_at, c.updated_at,
                        w.at, w.actor, w.reason, c.actor
                   FROM claims c
                   JOIN sources sp ON sp.id = c.speaker_id
                   LEFT JOIN retractions w ON w.claim_id = c.id
                  WHERE c.id IN (SELECT value FROM json_each(?1))";
            let rows = self.tx.all(stmt, p![id_json], |r| {
                let mut rec = ClaimRecord::new(r.get(1)?, r.get(3)?);
                rec.id = Some(r.get(0)?);
                rec.lang = r.get(2)?;
                rec.claimed_on = r.get(4)?;
                rec.verification = r.get(5)?;
                rec.verdict = r.get(6)?;
                rec.created_at = r.get(7)?;
                rec.updated_at = r.get(8)?;
                rec.withdrawn = retraction(r, 9)?;
                rec.actor = r.get(12)?;
                Ok(rec)
            })?;
            for row in rows {
                let rec = row;
                records.insert(rec.id.expect("set just above"), rec);
            }
        }
        let (mut appearances, appearance_numbers) = self.load_appearances(&id_json)?;
        for (id, rec) in records.iter_mut() {
            rec.appearances = appearances.remove(id).unwrap_or_default();
            rec.derive_from_appearances();
        }
        self.load_merges(&id_json, &mut records)?;
        let tags = "SELECT claim_id, tag FROM claim_tags
              WHERE claim_id IN (SELECT value FROM json_each(?1)) ORDER BY claim_id, tag";
        for row in self
            .tx
            .all(tags, p![id_json], |r| Ok((r.get::<ClaimId>(0)?, r.get(1)?)))?
        {
            let (id, tag) = row;
            if let Some(rec) = records.get_mut(&id) {
                rec.tags.push(tag);
            }
        }
        let links = "SELECT cl.claim_id, l.url, cl.url_as_typed, cl.role, l.last_checked_at, l.last_outcome,
                    l.dead_since IS NOT NULL,
                    (SELECT http_status FROM link_checks k WHERE k.link_id = l.id ORDER BY k.id DESC LIMIT 1),
                    (SELECT final_url FROM link_checks k WHERE k.link_id = l.id ORDER BY k.id DESC LIMIT 1),
                    l.last_captured_at, l.memento_url, l.memento_datetime
               FROM claim_links cl JOIN links l ON l.id = cl.link_id
              WHERE cl.claim_id IN (SELECT value FROM json_each(?1))
              ORDER BY cl.claim_id, cl.position";
        let rows = self.tx.all(links, p![id_json], |r| {
            let url: String = r.get(1)?;
            let typed: String = r.get(2)?;
            let checked_at: Option<String> = r.get(4)?;
            let outcome: Option<LinkOutcome> = r.get(5)?;
            let last_check = match (with_checks, checked_at, outcome) {
                (true, Some(checked_at), Some(outcome)) => Some(CheckSummary {
                    checked_at,
                    outcome,
                    dead: r.get(6)?,
                    http_status: r.get(7)?,
                    final_url: r.get(8)?,
                }),
                _ => None,
            };
            let captured_at: Option<String> = r.get(9)?;
            let memento = match (r.get(10)?, r.get(11)?) {
                (Some(url), Some(datetime)) => Some(Memento { url, datetime }),
                _ => None,
            };
            let (version_url, version_date) =
                LinkRecord::robust_version(memento.as_ref(), captured_at.as_deref());
            Ok((
                r.get::<ClaimId>(0)?,
                LinkRecord {
                    as_typed: (typed != url).then_some(typed),
                    url,
                    role: r.get(3)?,
                    last_check,
                    archived_at: if with_checks { captured_at } else { None },
                    memento: if with_checks { memento } else { None },
                    version_url,
                    version_date,
                },
            ))
        })?;
        for row in rows {
            let (id, link) = row;
            if let Some(rec) = records.get_mut(&id) {
                rec.links.push(link);
            }
        }
        let events = "SELECT e.claim_id, e.at, coalesce(m.name, s.name), e.verification, e.verdict,
                    e.verdict_label, e.note, l.url, e.id, e.actor, r.at, r.actor, r.reason,
                    e.appearance_id, e.merged_from
               FROM verification_events e
               LEFT JOIN sources s ON s.id = e.by_source_id
               LEFT JOIN sources m ON m.id = s.merged_into
               LEFT JOIN links l ON l.id = e.evidence_link_id
               LEFT JOIN retractions r ON r.event_id = e.id
              WHERE e.claim_id IN (SELECT value FROM json_each(?1))
              ORDER BY e.claim_id, e.at, e.id";
        let rows = self.tx.all(events, p![id_json], |r| {
            Ok((
                r.get::<ClaimId>(0)?,
                r.get::<Option<i64>>(13)?,
                EventRecord {
                    id: r.get(8)?,
                    at: r.get(1)?,
                    by: r.get(2)?,
                    verification: r.get(3)?,
                    verdict: r.get(4)?,
                    verdict_label: r.get(5)?,
                    note: r.get(6)?,
                    evidence: r.get(7)?,
                    actor: r.get(9)?,
                    retracted: retraction(r, 10)?,
                    appearance: None,
                    from_claim: r.get(14)?,
                },
            ))
        })?;
        for row in rows {
            let (id, appearance, mut event) = row;
            event.appearance = appearance.and_then(|a| appearance_numbers.get(&a).copied());
            if let Some(rec) = records.get_mut(&id) {
                rec.history.push(event);
            }
        }
        let revisions =
            "SELECT claim_id, revised_at, text, previous, note, actor FROM claim_revisions
              WHERE claim_id IN (SELECT value FROM json_each(?1)) ORDER BY claim_id, id";
        let rows = self.tx.all(revisions, p![id_json], |r| {
            let previous: String = r.get(3)?;
            Ok((
                r.get::<ClaimId>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                previous,
                r.get::<Option<String>>(4)?,
                r.get::<Option<String>>(5)?,
            ))
        })?;
        for row in rows {
            let (id, at, text, previous, note, actor) = row;
            let previous = match serde_json::from_str(&previous)? {
                serde_json::Value::Object(map) => map,
                _ => serde_json::Map::new(),
            };
            if let Some(rec) = records.get_mut(&id) {
                rec.revisions.push(RevisionRecord {
                    at,
                    text,
                    previous,
                    note,
                    actor,
                });
            }
        }
        Ok(ids.iter().filter_map(|id| records.remove(id)).collect())
    }
}

/// The retraction in columns `at`, `actor`, `reason` from `first` on, if any.
fn retraction(row: &Row<'_>, first: usize) -> Result<Option<Retraction>> {
    let at: Option<String> = row.get(first)?;
    Ok(match at {
        Some(at) => Some(Retraction {
            at,
            actor: row.get(first + 1)?,
            reason: row.get(first + 2)?,
        }),
        None => None,
    })
}

impl Tx<'_> {
    /// Fills `merged_into` and `merged` of these records.
    fn load_merges(
        &self,
        id_json: &str,
        records: &mut HashMap<ClaimId, ClaimRecord>,
    ) -> Result<()> {
        let stmt = "SELECT m.from_id, m.into_id, m.merged_at, m.note,
                    f.text, fs.name, i.text, isp.name, m.actor
               FROM claim_merges m
               JOIN claims f ON f.id = m.from_id JOIN sources fs ON fs.id = f.speaker_id
               JOIN claims i ON i.id = m.into_id JOIN sources isp ON isp.id = i.speaker_id
              WHERE m.from_id IN (SELECT value FROM json_each(?1))
                 OR m.into_id IN (SELECT value FROM json_each(?1))
              ORDER BY m.id";
        let rows = self.tx.all(stmt, p![id_json], |r| {
            Ok((
                r.get::<ClaimId>(0)?,
                r.get::<ClaimId>(1)?,
                r.get::<String>(2)?,
                r.get::<Option<String>>(3)?,
                (r.get::<String>(4)?, r.get::<String>(5)?),
                (r.get::<String>(6)?, r.get::<String>(7)?),
                r.get::<Option<String>>(8)?,
            ))
        })?;
        for row in rows {
            let (from, into, at, note, (from_text, from_speaker), (into_text, into_speaker), actor) =
                row;
            if let Some(rec) = records.get_mut(&from) {
                rec.merged_into = Some(MergeRecord {
                    claim: into,
                    text: into_text,
                    speaker: into_speaker,
                    at: at.clone(),
                    actor: actor.clone(),
                    note: note.clone(),
                });
            }
            if let Some(rec) = records.get_mut(&into) {
                rec.merged.push(MergeRecord {
                    claim: from,
                    text: from_text,
                    speaker: from_speaker,
                    at,
                    actor,
                    note,
                });
            }
        }
        Ok(())
    }

    /// Sets a claim's last-change time as an import recorded it.
    pub fn set_updated_at(&self, id: ClaimId, at: Timestamp) -> Result<()> {
        self.tx.exec(
            "UPDATE claims SET updated_at = ?2 WHERE id = ?1",
            p![id, format_timestamp(at)],
        )?;
        Ok(())
    }
}

impl Tx<'_> {
    /// Those of these claims whose current state has a verdict to publish: a verdict,
    /// and a latest event that is not `unable_to_verify`. Keeps the order given.
    pub fn claims_with_verdict(&self, ids: &[ClaimId]) -> Result<Vec<ClaimId>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let stmt = "SELECT id FROM claims
              WHERE id IN (SELECT value FROM json_each(?1))
                AND verdict IS NOT NULL AND verification <> 'unable_to_verify'";
        let found = self
            .tx
            .all(stmt, p![serde_json::to_string(ids)?], |r| r.get(0))?;
        Ok(ids
            .iter()
            .copied()
            .filter(|id| found.contains(id))
            .collect())
    }
}
