//! schema.org ClaimReview JSON-LD, the format fact-checks are published and exchanged
//! in (Google Fact Check tools, the Data Commons feed): export of the claims that have
//! a verdict, and import of reviews in every shape found in the wild.
//!
//! This module turns JSON-LD into [`ClaimRecord`]s and records into JSON-LD; it never
//! speaks SQL (the store is reached through [`Importer`](super::Importer) and `Tx::load_records`).
//!
//! # Export
//!
//! One `ClaimReview` per review, as a JSON array: every verification event of a claim
//! that gives a verdict (and neither says `unable_to_verify`, which is not a rating, nor
//! was retracted; a withdrawn claim is not published), oldest first, each with its own URL, date, author and label. Claims without any
//! review are skipped and counted. A review is built from its event:
//!
//! | ClaimReview | from |
//! |---|---|
//! | `url` | the event's evidence when the event came from an imported ClaimReview (it has a verbatim label); else `--review-url-base` followed by the claim id (`{id}` in the base is replaced instead, when present); else the event's evidence; else the review is left out with a warning (the export goes on) |
//! | `claimReviewed` | the claim's text, whole |
//! | `datePublished` | the event's time |
//! | `author` | an `Organization` named by the event's `by`, else `--publisher` |
//! | `publisher` | `--publisher`, when given |
//! | `inLanguage` | the claim's language |
//! | `reviewRating` | `alternateName` the label the reviewer wrote, verbatim, when it was kept (an imported review), else the verdict's label in `--rating-lang`; `ratingValue` 1–5 with `worstRating` 1 and `bestRating` 5 for `false`, `mostly_false`, `mixed`, `mostly_true`, `true` |
//! | `itemReviewed` | a `Claim`: `author` a `Person` named by the speaker (the store does not know whether a speaker is a person or an organisation), `datePublished` the day the claim was made, `firstAppearance` the first `source` link (where the claim was made) else the first `appearance` link, `appearance` every `source` and `appearance` link |
//!
//! # Import
//!
//! The input is one ClaimReview, an array, an `@graph`, a `DataFeed` whose
//! `dataFeedElement`s are `DataFeedItem`s wrapping reviews (or reviews themselves), or
//! an HTML page whose `<script type="application/ld+json">` blocks hold any of those.
//! Several JSON documents one after the other (JSON Lines of reviews) are read too, and
//! so are claimlog's own claim objects (a JSONL export saved as `.json`, `list --format
//! json`). Nothing is held whole ([`stream`]): JSON arrays at the top and under
//! `@graph`, `dataFeedElement` and `itemListElement` are read one element at a time,
//! and a page is scanned for its script blocks as it is read ([`html`]); one review or
//! one block is at most [`MAX_RECORD_BYTES`](super::MAX_RECORD_BYTES).
//!
//! A review becomes a claim and one verification event ([`review`]). Only a review
//! with no `claimReviewed` is invalid; metadata that cannot be read is dropped with a
//! warning, never the review:
//!
//! | claim / event | from |
//! |---|---|
//! | text | `claimReviewed` (required: a review without it is an error naming the item, or set aside with `--skip-invalid`) |
//! | speaker | `itemReviewed.author` (a name, or an object's `name`); else the `author` or `publisher` of the claim's first appearance, with a warning; else `unattributed`, with a warning |
//! | links | the URLs of `firstAppearance` then `appearance` (a string, an object with `url` or `@id`, or a list), role `appearance`; a bare host (`aosfatos.org/...`) gains `https://`, and a value that is not a URL at all is dropped, each with a warning |
//! | claimed_on | `itemReviewed.datePublished`, read as [`dates`](super::dates) reads dates; unreadable, it is dropped with a warning and its text kept in the note |
//! | lang | `inLanguage` of the review, else of the claim |
//! | event verification | `verified`: a published review is an independent verification, whatever its verdict |
//! | event verdict | the label (`reviewRating.alternateName`, else `name`) through the table of [`super::labels`]; a rating with only numbers, or whose label the table does not know, is placed by its `ratingValue` on its `worstRating`–`bestRating` scale (schema.org's defaults 1 and 5); with neither, `other` with a warning (`--strict`: an error) |
//! | event verdict_label | the label, verbatim |
//! | event by | the review's `author` when it is an organisation (or a bare name); when it is a `Person`, their `affiliation`, else the review's `publisher`, else the person |
//! | event at | the review's `datePublished`, else its `dateCreated` or `dateModified`, else those of the enclosing `DataFeedItem`, else the page's publication date (`<meta property="article:published_time">`); else the time of the import, said so in the note and a warning (such a review matches a recorded one at any time). A date-time without an offset is read as UTC |
//! | event evidence | the review's `url` (a bare host gains `https://`; not a URL, dropped, each with a warning) |
//! | event note | the review's `name` or `headline`; "reviewed by PERSON" when `by` is an organisation the person writes for; the speaker's `jobTitle` and `affiliation`; dates that could not be read, as published |
//!
//! Every value of the event comes from the markup, never from the clock (but for an
//! undated review), so importing the same review again adds nothing: the claim is found
//! by speaker and text, and a review is already recorded when the claim holds an event
//! by the same reviewer with the same verdict at the same time. That rule also makes
//! importing claimlog's own export into the database it came from add nothing.
//!
//! The parts: [`review`] maps one review, [`stream`] finds reviews in JSON, [`html`]
//! in pages, [`export`] writes them.

mod export;
pub mod html;
pub mod review;
pub mod stream;

pub use export::{ExportOptions, ExportSummary, check_review_url_base, export, is_review};

use std::io::BufRead;

use anyhow::Result;

use super::{ImportSummary, ItemPolicy};
use crate::model::Timestamp;
use crate::store::Tx;

/// Import options.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// A rating that maps to no verdict is an error instead of `other`.
    pub strict: bool,
}

/// Imports every ClaimReview of a JSON-LD file or an HTML page, in the caller's
/// transaction: all or nothing, the first invalid review an error naming it, unless
/// the policy sets invalid reviews aside.
pub fn import(
    input: &mut (dyn BufRead + Send),
    tx: &Tx<'_>,
    now: Timestamp,
    options: &ImportOptions,
    policy: ItemPolicy,
) -> Result<ImportSummary> {
    let strict = options.strict;
    super::pipeline(tx, now, policy, |feed| {
        stream::parse_reviews(input, now, strict, feed)
    })
}
