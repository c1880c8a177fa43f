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
use crate::model::{ClaimRecord, Retraction, Timestamp, parse_date, parse_timestamp};
use crate::store::{NewClaim, NewEvent, NewLink, Tx};

/// A record checked and converted, ready to write.
#[derive(Debug, Clone)]
pub struct PreparedClaim {
    pub claim: NewClaim,
    pub events: Vec<NewEvent>,
    pub revisions: Vec<(crate::model::RevisionRecord, Timestamp)>,
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
    /// Things imported on a guess a person should look at (a rating mapped to `other`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
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
    let mut events = Vec::with_capacity(rec.history.len());
    let mut retracted = Vec::new();
    for event in &rec.history {
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
        });
    }
    let mut revisions = Vec::with_capacity(rec.revisions.len());
    for revision in rec.revisions {
        let at = parse_timestamp(&revision.at).map_err(|e| field_error("revisions.at", e))?;
        revisions.push((revision, at));
    }
    Ok(PreparedClaim {
        claim: NewClaim {
            text: rec.text,
            lang: rec.lang,
            speaker: rec.speaker,
            cue: rec.cue,
            relays: rec.relays,
            outlet: rec.outlet,
            claimed_on,
            links,
            tags: rec.tags,
            created_at,
            updated_at,
        },
        events,
        revisions,
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

/// Writes prepared claims in the caller's transaction and counts what happened.
#[derive(Debug, Default)]
pub struct Importer {
    pub summary: ImportSummary,
}

impl Importer {
    pub fn write(&mut self, tx: &Tx<'_>, prepared: &PreparedClaim) -> Result<()> {
        let (id, created) = tx.add_claim(&prepared.claim)?;
        if created {
            self.summary.added += 1;
            for (revision, at) in &prepared.revisions {
                tx.add_revision(id, revision, *at)?;
            }
            self.summary.events += tx.add_events_to_new_claim(id, &prepared.events)?;
        } else {
            self.summary.existing += 1;
            for event in &prepared.events {
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
        // Events move updated_at forward as they are replayed; an imported record keeps its own.
        if let (true, Some(updated)) = (created, prepared.claim.updated_at) {
            tx.set_updated_at(id, updated)?;
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
    Ok(importer.summary)
}
