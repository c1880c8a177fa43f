//! Import and export: JSONL (lossless), CSV, ClaimReview JSON-LD.
//!
//! Every importer turns its input into [`ClaimRecord`]s and hands them to
//! [`Importer`], which validates each one completely (URLs, dates, vocabularies)
//! before writing it, inside the caller's transaction: one bad record aborts the
//! transaction and the database is left as it was.

pub mod claimreview;
pub mod csv;
pub mod jsonl;
pub mod labels;

use anyhow::Result;

use crate::error::DataError;
use crate::links::normalize_url;
use crate::model::{ClaimRecord, Timestamp, parse_date, parse_timestamp};
use crate::store::{NewAppearance, NewClaim, NewEvent, NewLink, Tx};

/// A record checked and converted, ready to write.
#[derive(Debug, Clone)]
pub struct PreparedClaim {
    pub claim: NewClaim,
    /// The claim this one was merged into, replayed once every claim is written.
    pub merge: Option<(crate::model::MergeRecord, Timestamp)>,
    pub events: Vec<NewEvent>,
    pub revisions: Vec<(crate::model::RevisionRecord, Timestamp)>,
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
    /// Things imported on a guess a person should look at (a rating mapped to `other`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A record's field that failed validation, so that a format can say where it was
/// (a CSV column, a JSON-LD property).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field {field:?}: {message}")]
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
pub fn prepare(rec: ClaimRecord, now: Timestamp) -> Result<PreparedClaim, DataError> {
    prepare_fields(rec, now).map_err(DataError::from)
}

/// [`prepare`], with the failing field as a value.
pub fn prepare_fields(rec: ClaimRecord, now: Timestamp) -> Result<PreparedClaim, FieldError> {
    if rec.text.trim().is_empty() {
        return Err(field_error("text", "the text of a claim cannot be empty"));
    }
    if crate::model::fold_key(&rec.speaker).is_empty() {
        return Err(field_error("speaker", "every claim needs a speaker's name"));
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
        });
    }
    // A record that states a verification but carries no history (a hand-written file)
    // gets one event, so that the state is never set without a trace.
    if events.is_empty()
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
        },
        events,
        revisions,
    })
}

/// The appearances of a record: its `appearances`, else (a version-1 record) one built
/// from its cue, relays, outlet and first `appearance` link. Also returns, for each
/// appearance of the record, its index among those kept (empty ones are dropped).
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

/// Writes prepared claims in the caller's transaction and counts what happened.
#[derive(Debug, Default)]
pub struct Importer {
    pub summary: ImportSummary,
    /// Merges to replay once every claim is written: (merged claim, what it went into).
    pending_merges: Vec<(crate::model::ClaimId, crate::model::MergeRecord, Timestamp)>,
}

impl Importer {
    pub fn write(&mut self, tx: &Tx<'_>, prepared: &PreparedClaim) -> Result<()> {
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
        if let (true, Some((merge, at))) = (created, &prepared.merge) {
            self.pending_merges.push((id, merge.clone(), *at));
        }
        // Events move updated_at forward as they are replayed; an imported record keeps its own.
        if let (true, Some(updated)) = (created, prepared.claim.updated_at) {
            tx.set_updated_at(id, updated)?;
        }
        Ok(())
    }

    /// Replays the merges the file recorded, now that every claim is written.
    pub fn finish(&mut self, tx: &Tx<'_>) -> Result<()> {
        for (from, into, at) in std::mem::take(&mut self.pending_merges) {
            let Some(into_id) = tx.find_claim_by_name(&into.speaker, &into.text)? else {
                self.summary.warnings.push(format!(
                    "claim {:?} was merged into a claim the file does not hold ({:?} by {}); it is imported unmerged",
                    from, into.text, into.speaker
                ));
                continue;
            };
            if into_id != from {
                tx.merge_claims(from, into_id, into.note.as_deref(), at, false)?;
                self.summary.merges += 1;
            }
        }
        Ok(())
    }
}

/// What a parsing thread hands to the writing one.
pub(crate) enum Parsed {
    Claim(Box<PreparedClaim>),
    Aliases(crate::model::SourceRecord),
    Warning(String),
}

/// Items are handed over in batches so the channel costs nothing per claim.
const PIPELINE_BATCH: usize = 256;

/// The parsing side of [`pipeline`].
pub(crate) struct Feed {
    send: std::sync::mpsc::SyncSender<Vec<Parsed>>,
    batch: Vec<Parsed>,
}

impl Feed {
    /// Hands a claim to the writer. `false` when the writer has stopped (on an error of
    /// its own, which is the one reported): the parser should stop too.
    pub fn claim(&mut self, prepared: PreparedClaim) -> bool {
        self.push(Parsed::Claim(Box::new(prepared)))
    }

    /// Hands a source's aliases to the writer; `false` as for [`Feed::claim`].
    pub fn aliases(&mut self, record: crate::model::SourceRecord) -> bool {
        self.push(Parsed::Aliases(record))
    }

    pub fn warning(&mut self, warning: String) -> bool {
        self.push(Parsed::Warning(warning))
    }

    fn push(&mut self, item: Parsed) -> bool {
        self.batch.push(item);
        self.batch.len() < PIPELINE_BATCH || self.flush()
    }

    fn flush(&mut self) -> bool {
        self.batch.is_empty() || self.send.send(std::mem::take(&mut self.batch)).is_ok()
    }
}

/// Runs `parse` on a second thread while this one writes what it feeds, in the
/// caller's transaction, so a large import keeps both cores busy; memory stays bounded
/// by the channel's depth. The parser stops at its first error, which is returned after
/// the writer has written what came before (and the caller rolls everything back).
pub(crate) fn pipeline<F>(tx: &Tx<'_>, now: Timestamp, parse: F) -> Result<ImportSummary>
where
    F: FnOnce(&mut Feed) -> Result<()> + Send,
{
    tx.begin_bulk_load()?;
    let mut importer = Importer::default();
    std::thread::scope(|scope| -> Result<()> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(8);
        let parser = scope.spawn(move || {
            let mut feed = Feed {
                send,
                batch: Vec::with_capacity(PIPELINE_BATCH),
            };
            let result = parse(&mut feed);
            feed.flush();
            result
        });
        for batch in receive {
            for item in batch {
                match item {
                    Parsed::Claim(prepared) => importer.write(tx, &prepared)?,
                    Parsed::Aliases(record) => {
                        let refused = tx.import_aliases(&record.source, &record.aliases, now)?;
                        for alias in refused {
                            importer.summary.warnings.push(format!(
                                "{alias:?} was not made an alias of {:?}: it already names another source",
                                record.source
                            ));
                        }
                    }
                    Parsed::Warning(w) => importer.summary.warnings.push(w),
                }
            }
        }
        parser.join().expect("a parser thread does not panic")
    })?;
    importer.finish(tx)?;
    Ok(importer.summary)
}
