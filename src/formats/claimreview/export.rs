//! ClaimReview export: one `ClaimReview` per review a claim holds (see the table in
//! [the module above](super)). Writes JSON only; reads the store through `Tx::load_records`.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::super::labels;
use crate::cli::RatingLang;
use crate::error::DataError;
use crate::links::normalize_url;
use crate::model::{ClaimId, ClaimRecord, EventRecord, LinkRecord, LinkRole, Verification};
use crate::store::Tx;

/// What export needs beyond the store.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub rating_lang: RatingLang,
    pub review_url_base: Option<String>,
    pub publisher: Option<String>,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Reviews written.
    pub exported: usize,
    /// Claims selected that hold no review (no event with a verdict).
    pub skipped: usize,
    /// Reviews left out because they have no URL and no `--review-url-base` was given.
    pub without_url: usize,
    /// Reviews written without an `author` (no `by` on the event, no `--publisher`).
    pub without_author: usize,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    /// The appearance's outlet, when the URL is one of the claim's appearances.
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    /// schema.org `archivedAt`: a web archive's copy of the page (the Robust Links
    /// version URL), so the review's reader can reach it when the page is gone.
    #[serde(rename = "archivedAt", skip_serializing_if = "Option::is_none")]
    archived_at: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating_value: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    best_rating: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    worst_rating: Option<u8>,
    alternate_name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimOut<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Named<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_appearance: Option<CreativeWork<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<CreativeWork<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewOut<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
    claim_reviewed: &'a str,
    date_published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
    review_rating: Rating<'a>,
    item_reviewed: ClaimOut<'a>,
}

/// Checks `--review-url-base` once, before anything is written.
pub fn check_review_url_base(base: &str) -> Result<(), DataError> {
    normalize_url(&review_url(base, ClaimId(1)))
        .map(|_| ())
        .map_err(|_| {
            DataError::new(format!(
                "--review-url-base {}: not an absolute http(s) URL; give where your fact-checks \
                 are published, such as https://factcheck.example.org/claims/",
                super::super::quote(base)
            ))
        })
}

fn review_url(base: &str, id: ClaimId) -> String {
    if base.contains("{id}") {
        base.replace("{id}", &id.to_string())
    } else {
        format!("{base}{id}")
    }
}

/// Whether an event is a review to publish: it gives a verdict, does not say the
/// verifier was unable to verify (that is not a rating), and was not retracted.
pub fn is_review(event: &EventRecord) -> bool {
    event.verdict.is_some()
        && event.verification != Verification::UnableToVerify
        && event.retracted.is_none()
}

/// The ClaimReview of one review of a claim, or `None` when it has no URL to give.
fn review_of<'a>(
    rec: &'a ClaimRecord,
    event: &'a EventRecord,
    appearances: &[&'a LinkRecord],
    options: &'a ExportOptions,
) -> Option<ReviewOut<'a>> {
    let verdict = event.verdict?;
    let id = rec.id.unwrap_or(ClaimId(0));
    // An imported review keeps the URL it was published at.
    let imported = event.verdict_label.is_some();
    let url = match (&event.evidence, &options.review_url_base) {
        (Some(evidence), _) if imported => evidence.clone(),
        (_, Some(base)) => review_url(base, id),
        (Some(evidence), None) => evidence.clone(),
        (None, None) => return None,
    };
    let rating_label = match &event.verdict_label {
        Some(label) => label.as_str(),
        None => labels::label(verdict, options.rating_lang),
    };
    let value = labels::rating_value(verdict);
    let author = event
        .by
        .as_deref()
        .or(options.publisher.as_deref())
        .map(|name| Named {
            kind: "Organization",
            name,
        });
    let work = |l: &&'a LinkRecord| {
        let appearance = rec
            .appearances
            .iter()
            .find(|a| a.url.as_deref() == Some(l.url.as_str()));
        CreativeWork {
            kind: "CreativeWork",
            url: &l.url,
            author: appearance
                .and_then(|a| a.outlet.as_deref())
                .map(|name| Named {
                    kind: "Organization",
                    name,
                }),
            date_published: appearance.and_then(|a| a.published_on.as_deref()),
            archived_at: l.version_url.as_deref(),
        }
    };
    Some(ReviewOut {
        context: "https://schema.org",
        kind: "ClaimReview",
        url,
        claim_reviewed: rec.text.trim(),
        date_published: &event.at,
        in_language: rec.lang.as_deref(),
        author,
        publisher: options.publisher.as_deref().map(|name| Named {
            kind: "Organization",
            name,
        }),
        review_rating: Rating {
            kind: "Rating",
            rating_value: value,
            best_rating: value.map(|_| 5),
            worst_rating: value.map(|_| 1),
            alternate_name: rating_label,
        },
        item_reviewed: ClaimOut {
            kind: "Claim",
            author: Named {
                kind: "Person",
                name: &rec.speaker,
            },
            date_published: rec.claimed_on.as_deref(),
            first_appearance: appearances.first().map(work),
            appearance: appearances.iter().map(work).collect(),
        },
    })
}

/// Writes a JSON array of the ClaimReviews of these claims: every review of each,
/// oldest first. A review without a URL is left out and counted unless
/// `--review-url-base` gives one.
pub fn export(
    out: &mut dyn Write,
    tx: &Tx<'_>,
    ids: &[ClaimId],
    options: &ExportOptions,
) -> Result<ExportSummary> {
    if let Some(base) = &options.review_url_base {
        check_review_url_base(base)?;
    }
    let mut summary = ExportSummary::default();
    out.write_all(b"[")?;
    for chunk in ids.chunks(super::super::jsonl::EXPORT_CHUNK) {
        // Every claim is read, not only those whose current state has a verdict: a
        // review stays a review when a later event changes the state.
        for record in tx.load_records(chunk, false)? {
            // A claim withdrawn as logged in error is not published.
            if record.withdrawn.is_some() {
                summary.skipped += 1;
                continue;
            }
            let mut appearances: Vec<&LinkRecord> = record
                .links
                .iter()
                .filter(|l| l.role == LinkRole::Source)
                .collect();
            appearances.extend(
                record
                    .links
                    .iter()
                    .filter(|l| l.role == LinkRole::Appearance),
            );
            let mut any = false;
            for event in record.history.iter().filter(|e| is_review(e)) {
                any = true;
                let Some(review) = review_of(&record, event, &appearances, options) else {
                    summary.without_url += 1;
                    continue;
                };
                if review.author.is_none() {
                    summary.without_author += 1;
                }
                out.write_all(if summary.exported == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer_pretty(&mut *out, &review)?;
                summary.exported += 1;
            }
            summary.skipped += usize::from(!any);
        }
    }
    out.write_all(if summary.exported == 0 {
        b"]\n"
    } else {
        b"\n]\n"
    })?;
    Ok(summary)
}
