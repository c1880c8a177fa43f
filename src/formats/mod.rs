//! Import and export: JSONL (lossless), CSV, ClaimReview JSON-LD.
//!
//! Every importer turns its input into [`ClaimRecord`]s and hands them to
//! [`Importer`], which validates each one completely (URLs, dates, vocabularies,
//! sizes) before writing it, inside the caller's transaction. By default one bad
//! record aborts the transaction and the database is left as it was; with
//! `--skip-invalid` each bad record is set aside (see [`pipeline`]) and the others are
//! recorded.
//!
//! # Limits
//!
//! The same two limits hold in every format, so that whatever one format accepts the
//! others (and the database's own JSONL export) accept too, and memory stays bounded:
//! a record (a JSONL line, a CSV record, one ClaimReview, one script block of a page)
//! is at most [`MAX_RECORD_BYTES`], and any one value in it (a text, a name, a URL, a
//! note, a CSV cell) at most [`MAX_FIELD_BYTES`]. Values quoted in messages are cut
//! to [`QUOTED_CHARS`] characters.
//!
//! This module never touches the store's tables itself: it goes through [`Tx`].

pub mod claimreview;
pub mod csv;
pub mod dates;
pub mod jsonl;
pub mod labels;
pub mod pipeline;

pub(crate) use pipeline::pipeline;
pub use pipeline::{Feed, ItemPolicy};

use anyhow::Result;

/// The largest record read, in bytes.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// The largest single value of a record, in bytes.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// How many characters of a value a message quotes.
pub const QUOTED_CHARS: usize = 80;

/// The speaker of a claim whose reviewer names nobody who made it (AFP and EFE
/// reviews of viral posts): a source like any other, so `list --by unattributed`
/// finds these claims.
pub const UNATTRIBUTED: &str = "unattributed";

/// A value quoted for a message: in double quotes, its text printed as text (not as
/// Rust escapes: "\u{947}" helps nobody reading Hindi), control characters and quotes
/// escaped, cut to [`QUOTED_CHARS`] characters.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(QUOTED_CHARS * 4) + 2);
    out.push('"');
    for (i, c) in value.chars().enumerate() {
        if i == QUOTED_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A message cut to a readable length, as when it echoes a huge header.
pub fn cut(message: &str, chars: usize) -> String {
    match message.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &message[..i]),
        None => message.to_string(),
    }
}

use crate::error::DataError;
use crate::links::normalize_url;
use crate::model::{ClaimRecord, Retraction, Timestamp, parse_date, parse_timestamp};
use crate::store::{NewAppearance, NewClaim, NewEvent, NewLink, Tx};

/// A record checked and converted, ready to write.
#[derive(Debug, Clone)]
pub struct PreparedClaim {
    pub claim: NewClaim,
    /// The claim this one was merged into, replayed once every claim is written.
    pub merge: Option<(crate::model::MergeRecord, Timestamp)>,
    pub events: Vec<NewEvent>,
    pub revisions: Vec<(crate::model::RevisionRecord, Timestamp)>,
    /// The record is a published review (ClaimReview): on a claim already recorded, it
    /// is known when an event by the same reviewer gives the same verdict at the same
    /// time, however its note and state were worded (see [`Importer::write`]).
    pub from_review: bool,
    /// The review had no date: its event carries the time of the import, and matches a
    /// recorded event at any time.
    pub undated: bool,
    /// Events of `events` that an export marked retracted, and by whom (kept on import,
    /// so a retracted event never comes back into force).
    pub retracted: Vec<(NewEvent, Retraction)>,
    /// The claim's withdrawal, as exported.
    pub withdrawn: Option<Retraction>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    /// Claims that were new.
    pub added: usize,
    /// Claims already recorded (same speaker and text); they gained any new links and tags.
    pub existing: usize,
    /// Verification events appended (duplicates of recorded events are skipped).
    pub events: usize,
    /// New appearances of claims already recorded.
    pub appearances: usize,
    /// Merges of claims replayed from the file.
    #[serde(skip_serializing_if = "is_zero")]
    pub merges: usize,
    /// Items set aside by `--skip-invalid` (written to `--rejects`).
    #[serde(skip_serializing_if = "is_zero")]
    pub rejected: usize,
    /// Rejected items by the field or part that was wrong.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub rejected_by: std::collections::BTreeMap<String, usize>,
    /// Things imported on a guess a person should look at (a rating mapped to `other`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The first claims recorded new, with their text (up to [`NEW_CLAIMS_KEPT`]), for
    /// "looks like #12" notes after a small import.
    #[serde(skip)]
    pub new_claims: Vec<(crate::model::ClaimId, String)>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// How many new claims an import remembers for "looks like" notes; a larger import is
/// too big for claim-by-claim notes.
pub const NEW_CLAIMS_KEPT: usize = 100;

/// A record's field that failed validation, so that a format can say where it was
/// (a CSV column, a JSON-LD property).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field \"{field}\": {message}")]
pub struct FieldError {
    /// The field of [`ClaimRecord`]: `claimed_on`, `links`, `history.at`...
    pub field: &'static str,
    pub message: String,
}

impl From<FieldError> for DataError {
    fn from(e: FieldError) -> Self {
        DataError::new(e.to_string())
    }
}

fn field_error(field: &'static str, e: impl std::fmt::Display) -> FieldError {
    FieldError {
        field,
        message: e.to_string(),
    }
}

/// Checks a record and converts it into what the store writes. `now` stands in for
/// missing timestamps. Errors name the field; the caller adds the line or item.
pub fn prepare_fields(rec: ClaimRecord, now: Timestamp) -> Result<PreparedClaim, FieldError> {
    check_sizes(&rec)?;
    refuse_nul(&rec)?;
    if rec.text.trim().is_empty() {
        return Err(field_error("text", "the text of a claim cannot be empty"));
    }
    if crate::model::fold_key(&rec.speaker).is_empty() {
        return Err(field_error("speaker", "every claim needs a speaker's name"));
    }
    // Other names are checked here so that the writer never fails on one item.
    let names = rec
        .relays
        .iter()
        .map(|r| ("relays", r))
        .chain(rec.outlet.iter().map(|o| ("outlet", o)))
        .chain(rec.appearances.iter().flat_map(|a| {
            a.relays
                .iter()
                .map(|r| ("appearances.relays", r))
                .chain(a.outlet.iter().map(|o| ("appearances.outlet", o)))
        }));
    let named_events = rec
        .history
        .iter()
        .filter_map(|e| e.by.as_ref().map(|b| ("history.by", b)));
    for (field, name) in names.chain(named_events) {
        if !name.trim().is_empty() && crate::model::fold_key(name).is_empty() {
            return Err(field_error(
                field,
                format!("the name {} has no letter or digit", quote(name)),
            ));
        }
    }
    let claimed_on = rec
        .claimed_on
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(parse_date)
        .transpose()
        .map_err(|e| field_error("claimed_on", e))?;
    let created_at = match rec.created_at.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => parse_timestamp(s).map_err(|e| field_error("created_at", e))?,
        None => now,
    };
    let updated_at = rec
        .updated_at
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(parse_timestamp)
        .transpose()
        .map_err(|e| field_error("updated_at", e))?;
    let mut links = Vec::with_capacity(rec.links.len());
    for link in &rec.links {
        let typed = link.as_typed.as_deref().unwrap_or(&link.url);
        let url = normalize_url(typed).map_err(|e| field_error("links", e))?;
        links.push(NewLink {
            url,
            role: link.role,
        });
    }
    for tag in &rec.tags {
        crate::store::normalize_tag(tag).map_err(|e| field_error("tags", e))?;
    }
    let (appearances, kept) = prepare_appearances(&rec, &links)?;
    let mut events = Vec::with_capacity(rec.history.len());
    let mut retracted = Vec::new();
    // Events recorded on a claim merged into this one travel with that claim's record.
    for event in rec.history.iter().filter(|e| e.from_claim.is_none()) {
        let appearance = match event.appearance {
            None => None,
            Some(n) => Some(
                kept.get(n.wrapping_sub(1))
                    .copied()
                    .flatten()
                    .ok_or_else(|| {
                        field_error(
                            "history.appearance",
                            format!(
                                "no appearance {n}: the record has {} appearances with something in them",
                                appearances.len()
                            ),
                        )
                    })?,
            ),
        };
        let at = parse_timestamp(&event.at).map_err(|e| field_error("history.at", e))?;
        let evidence = event
            .evidence
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(normalize_url)
            .transpose()
            .map_err(|e| field_error("history.evidence", e))?;
        events.push(NewEvent {
            at,
            by: event.by.clone(),
            verification: event.verification,
            verdict: event.verdict,
            verdict_label: event.verdict_label.clone(),
            note: event.note.clone(),
            evidence,
            appearance,
            actor: event.actor.clone(),
        });
        if let Some(r) = &event.retracted {
            let r = check_retraction(r).map_err(|e| field_error("history.retracted", e))?;
            retracted.push((events[events.len() - 1].clone(), r));
        }
    }
    let withdrawn = rec
        .withdrawn
        .as_ref()
        .map(check_retraction)
        .transpose()
        .map_err(|e| field_error("withdrawn", e))?;
    // A record that states a verification but carries no history (a hand-written file)
    // gets one event, so that the state is never set without a trace.
    if rec.history.is_empty()
        && (rec.verification != crate::model::Verification::Unverified || rec.verdict.is_some())
    {
        events.push(NewEvent {
            at: updated_at.unwrap_or(created_at),
            by: None,
            verification: rec.verification,
            verdict: rec.verdict,
            verdict_label: None,
            note: Some("state given on import, without history".to_string()),
            evidence: None,
            appearance: None,
            actor: None,
        });
    }
    let mut revisions = Vec::with_capacity(rec.revisions.len());
    for revision in rec.revisions {
        let at = parse_timestamp(&revision.at).map_err(|e| field_error("revisions.at", e))?;
        revisions.push((revision, at));
    }
    let merge = rec.merged_into.map(|m| {
        let at = parse_timestamp(&m.at).unwrap_or(now);
        (m, at)
    });
    Ok(PreparedClaim {
        merge,
        claim: NewClaim {
            text: rec.text,
            lang: rec.lang,
            speaker: rec.speaker,
            appearances,
            claimed_on,
            links,
            tags: rec.tags,
            created_at,
            updated_at,
            actor: rec.actor,
        },
        events,
        revisions,
        from_review: false,
        undated: false,
        retracted,
        withdrawn,
    })
}

/// A retraction read from a file: its time in canonical form and a reason.
fn check_retraction(r: &Retraction) -> Result<Retraction, String> {
    let at = parse_timestamp(&r.at).map_err(|e| e.to_string())?;
    if r.reason.trim().is_empty() {
        return Err("a retraction needs a reason".to_string());
    }
    Ok(Retraction {
        at: crate::model::format_timestamp(at),
        actor: r.actor.clone(),
        reason: r.reason.trim().to_string(),
    })
}

/// A NUL character in claim data is never text a person wrote: it cuts strings short in C
/// tools and terminals. Refused, naming the field, rather than stored.
fn refuse_nul(rec: &ClaimRecord) -> Result<(), FieldError> {
    let has = |s: &str| s.contains('\0');
    let opt = |s: &Option<String>| s.as_deref().is_some_and(has);
    let checks: [(&'static str, bool); 8] = [
        ("text", has(&rec.text)),
        ("speaker", has(&rec.speaker)),
        ("cue", opt(&rec.cue)),
        ("outlet", opt(&rec.outlet)),
        ("lang", opt(&rec.lang)),
        ("relays", rec.relays.iter().any(|r| has(r))),
        ("tags", rec.tags.iter().any(|t| has(t))),
        (
            "history",
            rec.history
                .iter()
                .any(|e| opt(&e.by) || opt(&e.note) || opt(&e.verdict_label)),
        ),
    ];
    match checks.iter().find(|(_, bad)| *bad) {
        Some((field, _)) => Err(field_error(
            field,
            "it holds a NUL character (\\u0000), which is never text; remove it",
        )),
        None => Ok(()),
    }
}

/// The appearances of a record: its `appearances`, else (a version-1 record) one built
/// from its cue, relays, outlet and first `appearance` link. Also returns, for each
/// appearance of the record, its number (from 1) among those kept (empty ones are
/// dropped).
fn prepare_appearances(
    rec: &ClaimRecord,
    links: &[NewLink],
) -> Result<(Vec<NewAppearance>, Vec<Option<usize>>), FieldError> {
    if rec.appearances.is_empty() {
        let first = NewAppearance {
            outlet: rec.outlet.clone(),
            relays: rec.relays.clone(),
            cue: rec.cue.clone(),
            url: links
                .iter()
                .find(|l| l.role == crate::model::LinkRole::Appearance)
                .map(|l| l.url.clone()),
            ..NewAppearance::default()
        };
        if first.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        return Ok((vec![first], vec![Some(1)]));
    }
    let mut kept = Vec::with_capacity(rec.appearances.len());
    let mut index = Vec::with_capacity(rec.appearances.len());
    for a in &rec.appearances {
        let url = a
            .url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
            .map(normalize_url)
            .transpose()
            .map_err(|e| field_error("appearances.url", e))?;
        let published_on = a
            .published_on
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(parse_date)
            .transpose()
            .map_err(|e| field_error("appearances.published_on", e))?;
        let appearance = NewAppearance {
            outlet: a.outlet.clone(),
            relays: a.relays.clone(),
            cue: a.cue.clone(),
            wording: a.wording.clone(),
            lang: a.lang.clone(),
            url,
            published_on,
            actor: a.actor.clone(),
        };
        if appearance.is_empty() {
            index.push(None);
        } else {
            index.push(Some(kept.len() + 1));
            kept.push(appearance);
        }
    }
    Ok((kept, index))
}

/// Refuses a value longer than [`MAX_FIELD_BYTES`], naming its field.
fn check_sizes(rec: &ClaimRecord) -> Result<(), FieldError> {
    let too_long = |field: &'static str, value: &str| -> Result<(), FieldError> {
        if value.len() > MAX_FIELD_BYTES {
            return Err(field_error(
                field,
                format!(
                    "{} bytes, more than the limit of {} KiB for one value ({}); shorten it",
                    value.len(),
                    MAX_FIELD_BYTES >> 10,
                    quote(value)
                ),
            ));
        }
        Ok(())
    };
    too_long("text", &rec.text)?;
    too_long("speaker", &rec.speaker)?;
    for (field, value) in [
        ("lang", &rec.lang),
        ("cue", &rec.cue),
        ("outlet", &rec.outlet),
        ("claimed_on", &rec.claimed_on),
        ("created_at", &rec.created_at),
        ("updated_at", &rec.updated_at),
    ] {
        too_long(field, value.as_deref().unwrap_or_default())?;
    }
    for relay in &rec.relays {
        too_long("relays", relay)?;
    }
    for a in &rec.appearances {
        for (field, value) in [
            ("appearances.outlet", &a.outlet),
            ("appearances.cue", &a.cue),
            ("appearances.wording", &a.wording),
            ("appearances.lang", &a.lang),
            ("appearances.url", &a.url),
            ("appearances.published_on", &a.published_on),
        ] {
            too_long(field, value.as_deref().unwrap_or_default())?;
        }
        for relay in &a.relays {
            too_long("appearances.relays", relay)?;
        }
    }
    for tag in &rec.tags {
        too_long("tags", tag)?;
    }
    for link in &rec.links {
        too_long("links", &link.url)?;
        too_long("links", link.as_typed.as_deref().unwrap_or_default())?;
    }
    for e in &rec.history {
        for (field, value) in [
            ("history.by", &e.by),
            ("history.verdict_label", &e.verdict_label),
            ("history.note", &e.note),
            ("history.evidence", &e.evidence),
        ] {
            too_long(field, value.as_deref().unwrap_or_default())?;
        }
    }
    for r in &rec.revisions {
        too_long("revisions.text", &r.text)?;
        too_long("revisions.note", r.note.as_deref().unwrap_or_default())?;
    }
    Ok(())
}

/// Writes prepared claims in the caller's transaction and counts what happened.
#[derive(Debug, Default)]
pub struct Importer {
    pub summary: ImportSummary,
    /// Merges to replay once every claim is written: (merged claim, what it went into).
    pending_merges: Vec<(crate::model::ClaimId, crate::model::MergeRecord, Timestamp)>,
}

impl Importer {
    pub fn write(&mut self, tx: &Tx<'_>, prepared: PreparedClaim) -> Result<()> {
        if prepared.from_review {
            return self.write_review(tx, prepared);
        }
        let prepared = &prepared;
        let added = tx.add_claim(&prepared.claim)?;
        let (id, created) = (added.id, added.created);
        // Event appearance numbers are the record's; the claim may number them otherwise.
        let events: Vec<NewEvent> = prepared
            .events
            .iter()
            .map(|e| NewEvent {
                appearance: e
                    .appearance
                    .and_then(|n| added.appearance_numbers.get(n - 1).copied()),
                ..e.clone()
            })
            .collect();
        if created {
            self.summary.added += 1;
            if self.summary.new_claims.len() <= NEW_CLAIMS_KEPT {
                self.summary
                    .new_claims
                    .push((id, prepared.claim.text.clone()));
            }
            for (revision, at) in &prepared.revisions {
                tx.add_revision(id, revision, *at)?;
            }
            self.summary.events += tx.add_events_to_new_claim(id, &events)?;
        } else {
            self.summary.existing += 1;
            self.summary.appearances += added.appearances_added;
            for event in &events {
                if tx.add_event(id, event)? {
                    self.summary.events += 1;
                }
            }
        }
        for (event, retraction) in &prepared.retracted {
            tx.import_event_retraction(id, event, retraction)?;
        }
        if let Some(withdrawn) = &prepared.withdrawn {
            tx.import_withdrawal(id, withdrawn)?;
        }
        if let (true, Some((merge, at))) = (created, &prepared.merge) {
            self.pending_merges.push((id, merge.clone(), *at));
        }
        // Events move updated_at forward as they are replayed; an imported record keeps its own.
        if let (true, Some(updated)) = (created, prepared.claim.updated_at) {
            tx.set_updated_at(id, updated)?;
        }
        Ok(())
    }

    /// A published review. On a claim already recorded it adds nothing when the claim
    /// holds the same review (same reviewer, or an event naming nobody; same verdict;
    /// same time unless the review is undated), so that importing claimlog's own
    /// ClaimReview export into the database it came from adds nothing; otherwise it
    /// adds the event and only the links the claim does not hold under any role.
    fn write_review(&mut self, tx: &Tx<'_>, mut prepared: PreparedClaim) -> Result<()> {
        let links = std::mem::take(&mut prepared.claim.links);
        let added = tx.add_claim(&prepared.claim)?;
        let (id, created) = (added.id, added.created);
        if created {
            self.summary.added += 1;
            if !links.is_empty() {
                prepared.claim.links = links;
                tx.add_claim(&prepared.claim)?;
            }
            self.summary.events += tx.add_events_to_new_claim(id, &prepared.events)?;
            return Ok(());
        }
        self.summary.existing += 1;
        let Some(record) = tx.load_records(&[id], false)?.pop() else {
            return Ok(());
        };
        let known = |event: &NewEvent| {
            let at = crate::model::format_timestamp(event.at);
            let by = event.by.as_deref().map(crate::model::fold_key);
            record.history.iter().any(|e| {
                e.verdict == event.verdict
                    && (prepared.undated || e.at == at)
                    && (e.by.is_none() || e.by.as_deref().map(crate::model::fold_key) == by)
            })
        };
        let events: Vec<&NewEvent> = prepared.events.iter().filter(|e| !known(e)).collect();
        if events.is_empty() {
            return Ok(());
        }
        let held: std::collections::HashSet<&str> =
            record.links.iter().map(|l| l.url.as_str()).collect();
        prepared.claim.links = links
            .into_iter()
            .filter(|l| !held.contains(l.url.url.as_str()))
            .collect();
        if !prepared.claim.links.is_empty() {
            tx.add_claim(&prepared.claim)?;
        }
        for event in events {
            let added = if prepared.undated {
                tx.add_event_once(id, event)?
            } else {
                tx.add_event(id, event)?
            };
            self.summary.events += usize::from(added);
        }
        Ok(())
    }

    /// Replays the merges the file recorded, now that every claim is written.
    pub fn finish(&mut self, tx: &Tx<'_>) -> Result<()> {
        for (from, into, at) in std::mem::take(&mut self.pending_merges) {
            let Some(into_id) = tx.find_claim_by_name(&into.speaker, &into.text)? else {
                self.summary.warnings.push(format!(
                    "claim #{from} was merged into a claim the file does not hold ({} by {}); it is imported unmerged",
                    quote(&into.text),
                    quote(&into.speaker)
                ));
                continue;
            };
            if into_id != from {
                tx.merge_claims(
                    from,
                    into_id,
                    into.note.as_deref(),
                    at,
                    into.actor.as_deref(),
                )?;
                self.summary.merges += 1;
            }
        }
        Ok(())
    }
}
