//! The import pipeline shared by every format: a parsing thread turns the input into
//! prepared claims and hands them, in batches, to the thread that writes them in the
//! caller's transaction; and what happens to an item that is not valid.
//!
//! By default ([`ItemPolicy::default`]) the first invalid item stops the import with an
//! error naming it, and the caller rolls everything back. With `skip_invalid`, each
//! invalid item is set aside: written to the rejects file, when there is one, as one
//! JSON line `{"position": N, "reason": "...", "item": ...}` (the item as it came: the
//! JSON value, or the text of a CSV record or a line that is not JSON), and counted by
//! reason in the summary; the valid ones are recorded.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use serde_json::Value;

use super::{ImportSummary, Importer, PreparedClaim};
use crate::error::DataError;
use crate::model::Timestamp;
use crate::store::Tx;

/// What to do with an item that is not valid.
#[derive(Default)]
pub struct ItemPolicy {
    /// Set it aside and go on, instead of stopping the import.
    pub skip_invalid: bool,
    /// Where set-aside items are written, one JSON line each.
    pub rejects: Option<Box<dyn Write + Send>>,
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
pub struct Feed {
    send: std::sync::mpsc::SyncSender<Vec<Parsed>>,
    batch: Vec<Parsed>,
    policy: ItemPolicy,
    rejected: usize,
    rejected_by: BTreeMap<String, usize>,
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

    /// An invalid item at `position` (a line, a record, a review's number): an error
    /// (`message` says where and what) unless invalid items are skipped; then it is
    /// written to the rejects file and counted under `reason` (the field at fault).
    pub fn reject(
        &mut self,
        position: u64,
        reason: &str,
        message: String,
        item: impl FnOnce() -> Value,
    ) -> Result<()> {
        if !self.policy.skip_invalid {
            return Err(DataError::new(message).into());
        }
        self.rejected += 1;
        *self.rejected_by.entry(reason.to_string()).or_default() += 1;
        if let Some(out) = self.policy.rejects.as_mut() {
            let line = serde_json::json!({
                "position": position,
                "reason": message,
                "item": item(),
            });
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
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
pub(crate) fn pipeline<F>(
    tx: &Tx<'_>,
    now: Timestamp,
    policy: ItemPolicy,
    parse: F,
) -> Result<ImportSummary>
where
    F: FnOnce(&mut Feed) -> Result<()> + Send,
{
    tx.begin_bulk_load()?;
    let mut importer = Importer::default();
    let (rejected, rejected_by) = std::thread::scope(|scope| -> Result<_> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Parsed>>(8);
        let parser = scope.spawn(move || {
            let mut feed = Feed {
                send,
                batch: Vec::with_capacity(PIPELINE_BATCH),
                policy,
                rejected: 0,
                rejected_by: BTreeMap::new(),
            };
            let result = parse(&mut feed);
            feed.flush();
            let flushed = match feed.policy.rejects.as_mut() {
                Some(out) => out.flush().map_err(anyhow::Error::from),
                None => Ok(()),
            };
            result
                .and(flushed)
                .map(|()| (feed.rejected, feed.rejected_by))
        });
        for batch in receive {
            for item in batch {
                match item {
                    Parsed::Claim(prepared) => {
                        warn_dropped_credentials(&prepared, &mut importer.summary.warnings);
                        importer.write(tx, *prepared)?
                    }
                    Parsed::Aliases(record) => {
                        let refused = tx.import_aliases(&record.source, &record.aliases, now)?;
                        for alias in refused {
                            importer.summary.warnings.push(format!(
                                "{} was not made an alias of {}: it already names another source",
                                super::quote(&alias),
                                super::quote(&record.source)
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
    importer.summary.rejected = rejected;
    importer.summary.rejected_by = rejected_by;
    Ok(importer.summary)
}

/// Credentials in an imported URL were dropped by normalisation (never stored nor sent):
/// say so, naming the URL as it is kept.
fn warn_dropped_credentials(prepared: &PreparedClaim, warnings: &mut Vec<String>) {
    let links = prepared.claim.links.iter().map(|l| &l.url);
    let evidence = prepared.events.iter().filter_map(|e| e.evidence.as_ref());
    for url in links.chain(evidence).filter(|u| u.dropped_credentials) {
        warnings.push(format!(
            "the user name and password in a URL were dropped; claimlog never stores or \
             sends credentials ({})",
            url.as_str()
        ));
    }
}
