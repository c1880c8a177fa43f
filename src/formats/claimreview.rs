//! schema.org ClaimReview JSON-LD, the format fact-checks are published and exchanged
//! in (Google Fact Check tools, the Data Commons feed): export of the claims that have
//! a verdict, and import of reviews in every shape found in the wild.
//!
//! This module turns JSON-LD into [`ClaimRecord`]s and records into JSON-LD; it never
//! speaks SQL (the store is reached through [`Importer`](super::Importer) and `Tx::load_records`).
//!
//! # Export
//!
//! One `ClaimReview` per claim whose current state carries a verdict, as a JSON array.
//! Claims without a verdict, and claims whose latest event says `unable_to_verify`,
//! are skipped and counted: being unable to verify is not a rating. The review is the
//! claim's latest verification event:
//!
//! | ClaimReview | from |
//! |---|---|
//! | `url` | the event's evidence when the event came from an imported ClaimReview (it has a verbatim label); else `--review-url-base` followed by the claim id (`{id}` in the base is replaced instead, when present); else the event's evidence; else an error naming the claim |
//! | `claimReviewed` | the claim's text, whole |
//! | `datePublished` | the event's time |
//! | `author` | an `Organization` named by the event's `by`, else `--publisher` |
//! | `publisher` | `--publisher`, when given |
//! | `inLanguage` | the claim's language |
//! | `reviewRating` | `alternateName` the verdict's label in `--rating-lang` (for `other`, the label the reviewer wrote, when kept); `ratingValue` 1–5 with `worstRating` 1 and `bestRating` 5 for `false`, `mostly_false`, `mixed`, `mostly_true`, `true` |
//! | `itemReviewed` | a `Claim`: `author` a `Person` named by the speaker (the store does not know whether a speaker is a person or an organisation), `datePublished` the day the claim was made, `firstAppearance` the first `source` link (where the claim was made) else the first `appearance` link, `appearance` every `source` and `appearance` link |
//!
//! # Import
//!
//! The input is one ClaimReview, an array, an `@graph`, a `DataFeed` whose
//! `dataFeedElement`s are `DataFeedItem`s wrapping reviews (or reviews themselves), or
//! an HTML page whose `<script type="application/ld+json">` blocks hold any of those.
//! A JSON file is streamed: the arrays under `@graph`, `dataFeedElement` and
//! `itemListElement` are read one element at a time, so a feed of tens of thousands of
//! reviews never sits in memory as a whole (each review does, briefly). An HTML page is
//! read whole: pages are small, and the HTML parser needs the document.
//!
//! A review becomes a claim and one verification event:
//!
//! | claim / event | from |
//! |---|---|
//! | text | `claimReviewed` (required: a review without it is an error naming the item) |
//! | speaker | `itemReviewed.author` (a name, or an object's `name`); else the `author` or `publisher` of the claim's first appearance, with a warning; else an error naming the item |
//! | links | the URLs of `firstAppearance` then `appearance` (a string, an object with `url` or `@id`, or a list), role `appearance`; a value that is not an http(s) URL is skipped with a warning |
//! | claimed_on | `itemReviewed.datePublished` |
//! | lang | `inLanguage` of the review, else of the claim |
//! | event verification | `verified`: a published review is an independent verification, whatever its verdict |
//! | event verdict | the label (`reviewRating.alternateName`, else `name`) through the table of [`super::labels`]; a rating with only numbers is placed on its `worstRating`–`bestRating` scale; a label the table does not know, or no rating at all, is `other` with a warning (`--strict`: an error) |
//! | event verdict_label | the label, verbatim |
//! | event by | the review's `author` when it is an organisation (or a bare name); when it is a `Person`, their `affiliation`, else the review's `publisher`, else the person |
//! | event at | the review's `datePublished`, else its `dateCreated` or `dateModified`, else those of the enclosing `DataFeedItem`; none is an error naming the item. A date-time without an offset is read as UTC |
//! | event evidence | the review's `url` |
//! | event note | the review's `name` or `headline`; "reviewed by PERSON" when `by` is an organisation the person writes for; the speaker's `jobTitle` and `affiliation` |
//!
//! Every value of the event comes from the markup, never from the clock, so importing
//! the same review again adds nothing: the claim is found by speaker and text and the
//! event is identical to the one recorded.

use std::io::{BufRead, Write};

use anyhow::Result;
use serde::Serialize;
use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Feed, ImportSummary, labels, prepare_fields};
use crate::cli::RatingLang;
use crate::error::DataError;
use crate::links::normalize_url;
use crate::model::{
    ClaimId, ClaimRecord, EventRecord, LinkRecord, LinkRole, Timestamp, Verdict, Verification,
    format_timestamp, parse_timestamp,
};
use crate::store::Tx;

// ---------------------------------------------------------------------------------
// Export

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
    pub exported: usize,
    /// Claims with no verdict, or whose latest event says `unable_to_verify`.
    pub skipped: usize,
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
        .map_err(|e| DataError::new(format!("--review-url-base: {e}")))
}

fn review_url(base: &str, id: ClaimId) -> String {
    if base.contains("{id}") {
        base.replace("{id}", &id.to_string())
    } else {
        format!("{base}{id}")
    }
}

/// The ClaimReview of one claim, or `None` when the claim has no verdict to publish.
fn review_of<'a>(
    rec: &'a ClaimRecord,
    options: &'a ExportOptions,
) -> Result<Option<ReviewOut<'a>>, DataError> {
    let Some(verdict) = rec.verdict else {
        return Ok(None);
    };
    if rec.verification == Verification::UnableToVerify {
        return Ok(None);
    }
    let id = rec.id.unwrap_or(ClaimId(0));
    let Some(event) = rec.history.iter().rev().find(|e| e.verdict.is_some()) else {
        return Err(DataError::new(format!(
            "claim #{id} has a verdict but no verification event; record one with `claimlog verify`"
        )));
    };
    let imported = event.verdict_label.is_some();
    let url = match (&event.evidence, &options.review_url_base) {
        (Some(evidence), _) if imported => evidence.clone(),
        (_, Some(base)) => review_url(base, id),
        (Some(evidence), None) => evidence.clone(),
        (None, None) => {
            return Err(DataError::new(format!(
                "claim #{id}: its review has no URL; pass --review-url-base URL, where your fact-checks are published"
            )));
        }
    };
    let rating_label = match (verdict, &event.verdict_label) {
        (Verdict::Other, Some(label)) => label.as_str(),
        _ => labels::label(verdict, options.rating_lang),
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
    let mut appearances: Vec<&LinkRecord> = rec
        .links
        .iter()
        .filter(|l| l.role == LinkRole::Source)
        .collect();
    appearances.extend(rec.links.iter().filter(|l| l.role == LinkRole::Appearance));
    let work = |l: &&'a LinkRecord| CreativeWork {
        kind: "CreativeWork",
        url: &l.url,
    };
    Ok(Some(ReviewOut {
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
    }))
}

/// Writes a JSON array of the ClaimReviews of these claims.
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
    for chunk in ids.chunks(super::jsonl::EXPORT_CHUNK) {
        let reviewed = tx.claims_with_verdict(chunk)?;
        summary.skipped += chunk.len() - reviewed.len();
        for record in tx.load_records(&reviewed, false)? {
            let Some(review) = review_of(&record, options)? else {
                summary.skipped += 1;
                continue;
            };
            if review.author.is_none() {
                summary.without_author += 1;
            }
            out.write_all(if summary.exported == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer_pretty(&mut *out, &review)?;
            summary.exported += 1;
        }
    }
    out.write_all(if summary.exported == 0 {
        b"]\n"
    } else {
        b"\n]\n"
    })?;
    Ok(summary)
}

// ---------------------------------------------------------------------------------
// Import

/// Keys whose arrays are streamed element by element.
const STREAMED: &[&str] = &["@graph", "dataFeedElement", "itemListElement"];

/// Receives every JSON-LD node and hands the reviews among them to the writer.
struct Sink<'f> {
    feed: &'f mut Feed,
    now: Timestamp,
    strict: bool,
    /// Reviews seen so far; the current one's number names it in messages.
    items: usize,
    /// `script block N, ` for an HTML page.
    block: Option<usize>,
    /// The error that stopped a streamed parse (serde only carries text).
    error: Option<anyhow::Error>,
}

impl Sink<'_> {
    fn walk(&mut self, value: Value, inherited_date: Option<&str>) -> Result<()> {
        match value {
            Value::Array(items) => {
                for item in items {
                    self.walk(item, inherited_date)?;
                }
                Ok(())
            }
            Value::Object(map) if is_claim_review(&map) => self.review(map, inherited_date),
            Value::Object(map) => {
                // A DataFeedItem dates its item; a review without its own date takes it.
                let own_date = ["dateCreated", "dateModified"]
                    .iter()
                    .find_map(|k| text_of(map.get(*k)?));
                let date = own_date.as_deref().or(inherited_date);
                for (key, value) in map {
                    if key != "@context" && (value.is_object() || value.is_array()) {
                        self.walk(value, date)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn review(&mut self, map: Map<String, Value>, inherited_date: Option<&str>) -> Result<()> {
        self.items += 1;
        let block = self
            .block
            .map(|b| format!("script block {b}, "))
            .unwrap_or_default();
        let url = map.get("url").and_then(text_of);
        let name = match &url {
            Some(url) => format!("{block}item {} ({url})", self.items),
            None => format!("{block}item {}", self.items),
        };
        let mut warnings = Vec::new();
        let record = review_to_record(&map, inherited_date, self.strict, &mut warnings)
            .map_err(|e| DataError::new(format!("{name}: {e}")))?;
        for w in warnings {
            self.feed.warning(format!("{name}: {w}"));
        }
        let prepared =
            prepare_fields(record, self.now).map_err(|e| DataError::new(format!("{name}: {e}")))?;
        if self.feed.claim(prepared) {
            Ok(())
        } else {
            // The writer failed; its error is the one reported.
            Err(anyhow::anyhow!("the import stopped"))
        }
    }
}

fn is_claim_review(map: &Map<String, Value>) -> bool {
    match map.get("@type") {
        Some(Value::String(t)) => t.ends_with("ClaimReview"),
        Some(Value::Array(types)) => types
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.ends_with("ClaimReview"))),
        Some(_) => false,
        None => map.contains_key("claimReviewed"),
    }
}

/// The text of a value: a string, an object's `name` (or `@value`), or the first of a list.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Object(map) => ["name", "@value"]
            .iter()
            .find_map(|k| map.get(*k).and_then(text_of)),
        Value::Array(items) => items.iter().find_map(text_of),
        _ => None,
    }
}

/// The URLs a value names: a string, an object's `url` (else `@id`), or a list of those.
fn urls_of(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Object(map) => {
            if let Some(url) = ["url", "@id"].iter().find_map(|k| match map.get(*k) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Some(Value::Array(a)) => a.iter().find_map(|v| v.as_str().map(str::to_string)),
                _ => None,
            }) {
                out.push(url);
            }
        }
        Value::Array(items) => {
            for item in items {
                urls_of(item, out);
            }
        }
        _ => {}
    }
}

/// The first object of a value that is an object or a list of them.
fn object_of(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Object(map) => Some(map),
        Value::Array(items) => items.iter().find_map(Value::as_object),
        _ => None,
    }
}

fn has_type(map: &Map<String, Value>, wanted: &str) -> bool {
    match map.get("@type") {
        Some(Value::String(t)) => t.ends_with(wanted),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.ends_with(wanted))),
        _ => false,
    }
}

fn number_of(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    }
}

/// A date or date-time as published: RFC 3339, `YYYY-MM-DD`, or a date-time without
/// an offset (read as UTC). Returns the timestamp.
fn read_review_date(value: &Value, what: &str) -> Result<Timestamp, String> {
    let Some(text) = value.as_str().map(str::trim) else {
        return Err(format!(
            "{what} {value} is not a date: expected a string such as 2023-04-30"
        ));
    };
    if let Ok(ts) = parse_timestamp(text) {
        return Ok(ts);
    }
    let civil = text
        .parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok());
    match civil {
        Some(zoned) => Ok(zoned.timestamp()),
        None => Err(format!(
            "{what} {text:?} is not a date: expected YYYY-MM-DD or an ISO 8601 date-time such as 2023-04-30T12:00:00Z"
        )),
    }
}

/// One review as a claim with one verification event. Errors are for the item.
fn review_to_record(
    map: &Map<String, Value>,
    inherited_date: Option<&str>,
    strict: bool,
    warnings: &mut Vec<String>,
) -> Result<ClaimRecord, String> {
    let text = map
        .get("claimReviewed")
        .and_then(text_of)
        .ok_or("no claimReviewed: every ClaimReview needs the text of the claim it reviews")?;
    let item = object_of(map.get("itemReviewed"));
    let get_item = |key: &str| item.and_then(|i| i.get(key));

    let mut links = Vec::new();
    let mut seen = Vec::new();
    for key in ["firstAppearance", "appearance"] {
        let mut urls = Vec::new();
        if let Some(v) = get_item(key) {
            urls_of(v, &mut urls);
        }
        for url in urls {
            match normalize_url(&url) {
                Ok(n) if !seen.contains(&n.as_str().to_string()) => {
                    seen.push(n.as_str().to_string());
                    links.push(LinkRecord {
                        as_typed: (n.as_str() != url).then_some(url),
                        url: n.as_str().to_string(),
                        role: LinkRole::Appearance,
                        last_check: None,
                    });
                }
                Ok(_) => {}
                Err(e) => warnings.push(format!("{key} skipped: {e}")),
            }
        }
    }

    let author = get_item("author");
    let speaker = match author.and_then(text_of) {
        Some(name) => name,
        None => {
            let appearance = object_of(get_item("firstAppearance"))
                .or_else(|| object_of(get_item("appearance")));
            let publisher = appearance.and_then(|a| {
                ["author", "publisher"]
                    .iter()
                    .find_map(|k| a.get(*k).and_then(text_of))
            });
            match publisher {
                Some(name) => {
                    warnings.push(format!(
                        "no itemReviewed.author: the speaker recorded is {name:?}, who published the claim's appearance"
                    ));
                    name
                }
                None => {
                    return Err("no itemReviewed.author and no author or publisher of the claim's appearance: \
                                claimlog needs to know who made the claim; add itemReviewed.author"
                        .to_string());
                }
            }
        }
    };
    let mut speaker_details = Vec::new();
    if let Some(a) = object_of(author) {
        if let Some(title) = a.get("jobTitle").and_then(text_of) {
            speaker_details.push(title);
        }
        if let Some(aff) = a.get("affiliation").and_then(text_of) {
            speaker_details.push(aff);
        }
    }

    let claimed_on = match get_item("datePublished") {
        Some(v) if !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()) => Some(
            read_review_date(v, "itemReviewed.datePublished")?
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string(),
        ),
        _ => None,
    };

    let at = match ["datePublished", "dateCreated", "dateModified"]
        .iter()
        .find_map(|k| {
            map.get(*k)
                .filter(|v| text_of(v).is_some())
                .map(|v| (*k, v))
        }) {
        Some((key, v)) => read_review_date(v, key)?,
        None => match inherited_date {
            Some(d) => read_review_date(&Value::String(d.to_string()), "the feed item's date")?,
            None => {
                return Err(
                    "no datePublished: the date of the review is needed to record it".to_string(),
                );
            }
        },
    };

    let review_author = object_of(map.get("author"));
    let author_name = map.get("author").and_then(text_of);
    let publisher_name = map.get("publisher").and_then(text_of);
    let mut note_parts = Vec::new();
    if let Some(headline) = ["name", "headline"]
        .iter()
        .find_map(|k| map.get(*k).and_then(text_of))
    {
        note_parts.push(headline);
    }
    let by = match review_author {
        Some(person) if has_type(person, "Person") => {
            let organisation = person
                .get("affiliation")
                .and_then(text_of)
                .or(publisher_name.clone());
            match (organisation, &author_name) {
                (Some(org), Some(person)) if &org != person => {
                    note_parts.push(format!("reviewed by {person}"));
                    Some(org)
                }
                (Some(org), _) => Some(org),
                (None, person) => person.clone(),
            }
        }
        _ => author_name.or(publisher_name),
    };
    if !speaker_details.is_empty() {
        note_parts.push(format!(
            "speaker: {}, {}",
            speaker,
            speaker_details.join(", ")
        ));
    }

    let evidence = match map.get("url").and_then(text_of) {
        Some(url) => Some(
            normalize_url(&url)
                .map_err(|e| format!("url: {e}"))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };

    let rating = object_of(map.get("reviewRating"));
    let label = rating.and_then(|r| {
        ["alternateName", "name"]
            .iter()
            .find_map(|k| r.get(*k).and_then(text_of))
    });
    let value = rating.and_then(|r| number_of(r.get("ratingValue")));
    let (verdict, unknown) = match (&label, value) {
        (Some(l), _) => match labels::verdict_for_label(l) {
            Some(v) => (v, None),
            None => (
                Verdict::Other,
                Some(format!("the rating {l:?} maps to no verdict")),
            ),
        },
        (None, Some(v)) => {
            let worst = rating.and_then(|r| number_of(r.get("worstRating")));
            let best = rating.and_then(|r| number_of(r.get("bestRating")));
            match labels::verdict_for_value(v, worst, best) {
                Some(verdict) => (verdict, None),
                None => (
                    Verdict::Other,
                    Some(format!("the rating value {v} is outside its scale")),
                ),
            }
        }
        (None, None) => (Verdict::Other, Some("the review has no rating".to_string())),
    };
    if let Some(problem) = unknown {
        if strict {
            return Err(format!(
                "{problem} (see the label table in the README); without --strict it is imported as other"
            ));
        }
        warnings.push(format!("{problem}; imported as other"));
    }

    let lang = map
        .get("inLanguage")
        .or_else(|| get_item("inLanguage"))
        .and_then(|v| match v {
            Value::Object(o) => ["alternateName", "name"]
                .iter()
                .find_map(|k| o.get(*k).and_then(text_of)),
            other => text_of(other),
        });

    Ok(ClaimRecord {
        id: None,
        text,
        lang,
        speaker,
        cue: None,
        relays: Vec::new(),
        outlet: None,
        claimed_on,
        links,
        verification: Verification::Verified,
        verdict: Some(verdict),
        tags: Vec::new(),
        history: vec![EventRecord {
            at: format_timestamp(at),
            by,
            verification: Verification::Verified,
            verdict: Some(verdict),
            verdict_label: label,
            note: (!note_parts.is_empty()).then(|| note_parts.join("; ")),
            evidence,
            appearance: None,
            from_claim: None,
        }],
        revisions: Vec::new(),
        created_at: None,
        updated_at: None,
        appearances: Vec::new(),
        origins: 0,
        merged_into: None,
        merged: Vec::new(),
    })
}

/// Streams a JSON value: arrays at the top and under [`STREAMED`] keys are visited
/// element by element; every other object is collected and handed to the sink.
struct Node<'s, 'f> {
    sink: &'s mut Sink<'f>,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON-LD")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(Node {
                sink: &mut *self.sink,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if STREAMED.contains(&key.as_str()) {
                access.next_value_seed(Node {
                    sink: &mut *self.sink,
                })?;
            } else {
                map.insert(key, access.next_value()?);
            }
        }
        if let Err(e) = self.sink.walk(Value::Object(map), None) {
            self.sink.error = Some(e);
            return Err(A::Error::custom("stopped"));
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Import options.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// A rating that maps to no verdict is an error instead of `other`.
    pub strict: bool,
}

/// Imports every ClaimReview of a JSON-LD file or an HTML page, in the caller's
/// transaction: all or nothing, the first bad review an error naming it.
pub fn import(
    input: &mut (dyn BufRead + Send),
    tx: &Tx<'_>,
    now: Timestamp,
    options: &ImportOptions,
) -> Result<ImportSummary> {
    super::pipeline(tx, now, |feed| parse_reviews(input, now, options, feed))
}

/// Finds every review of the input, feeding the writer; stops at the first error.
fn parse_reviews(
    input: &mut (dyn BufRead + Send),
    now: Timestamp,
    options: &ImportOptions,
    feed: &mut Feed,
) -> Result<()> {
    let mut sink = Sink {
        feed,
        now,
        strict: options.strict,
        items: 0,
        block: None,
        error: None,
    };
    skip_bom(input)?;
    let first = loop {
        let buf = input.fill_buf()?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                input.consume(i);
                break Some(b);
            }
            None if buf.is_empty() => break None,
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    };
    match first {
        None => {
            return Err(
                DataError::new("the file is empty: expected JSON-LD or an HTML page").into(),
            );
        }
        Some(b'<') => import_html(input, &mut sink)?,
        Some(_) => {
            let mut de = serde_json::Deserializer::from_reader(input);
            let parsed = Node { sink: &mut sink }
                .deserialize(&mut de)
                .and_then(|()| de.end());
            if let Some(e) = sink.error.take() {
                return Err(e);
            }
            parsed.map_err(|e| DataError::new(format!("not valid JSON: {e}")))?;
        }
    }
    if sink.items == 0 {
        return Err(DataError::new(
            "no ClaimReview found: expected objects with \"@type\": \"ClaimReview\" and a claimReviewed",
        )
        .into());
    }
    Ok(())
}

fn skip_bom(input: &mut dyn BufRead) -> Result<()> {
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}

fn import_html(input: &mut dyn BufRead, sink: &mut Sink<'_>) -> Result<()> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let page = String::from_utf8_lossy(&bytes);
    let document = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("script").expect("a constant, valid CSS selector");
    let mut broken = Vec::new();
    let mut block = 0;
    for script in document.select(&selector) {
        let kind = script.value().attr("type").unwrap_or("");
        if !kind
            .trim()
            .to_ascii_lowercase()
            .starts_with("application/ld+json")
        {
            continue;
        }
        block += 1;
        let text: String = script.text().collect();
        let json = clean_script(&text);
        match serde_json::from_str::<Value>(&json) {
            Ok(value) => {
                sink.block = Some(block);
                sink.walk(value, None)?;
            }
            Err(e) => broken.push(format!("script block {block} is not valid JSON ({e})")),
        }
    }
    if sink.items == 0 && !broken.is_empty() {
        return Err(DataError::new(format!("no ClaimReview found: {}", broken.join("; "))).into());
    }
    for warning in broken {
        sink.feed.warning(warning);
    }
    Ok(())
}

/// The JSON inside a script block: without `<!-- -->` or CDATA wrappers, and with raw
/// line breaks and tabs inside strings (which browsers tolerate and JSON does not)
/// turned into spaces.
fn clean_script(text: &str) -> String {
    let mut t = text.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = t.strip_prefix(open) {
            t = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    let mut out = String::with_capacity(t.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in t.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_control() {
                out.push(' ');
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(v: Value) -> Result<(ClaimRecord, Vec<String>), String> {
        let mut warnings = Vec::new();
        let map = v.as_object().unwrap().clone();
        review_to_record(&map, None, false, &mut warnings).map(|r| (r, warnings))
    }

    #[test]
    fn appearance_may_be_a_string_an_object_or_a_list() {
        for appearance in [
            json!("https://ex.org/a"),
            json!({"@type": "CreativeWork", "url": "https://ex.org/a"}),
            json!(["https://ex.org/a", {"url": "https://ex.org/b"}]),
        ] {
            let (rec, _) = record(json!({
                "claimReviewed": "x", "datePublished": "2023-05-01",
                "reviewRating": {"alternateName": "Faux"},
                "itemReviewed": {"author": "A", "appearance": appearance}
            }))
            .unwrap();
            assert_eq!(rec.links[0].url, "https://ex.org/a");
            assert!(rec.links.iter().all(|l| l.role == LinkRole::Appearance));
        }
    }

    #[test]
    fn a_person_reviewing_for_an_organisation_is_recorded_as_the_organisation() {
        let (rec, _) = record(json!({
            "claimReviewed": "x", "datePublished": "2023-05-01T10:00:00",
            "author": {"@type": "Person", "name": "Jane Doe", "affiliation": {"name": "AFP Factuel"}},
            "reviewRating": {"alternateName": "Plutôt faux"},
            "itemReviewed": {"author": {"@type": "Person", "name": "M. Dupont", "jobTitle": "Maire"}}
        }))
        .unwrap();
        let e = &rec.history[0];
        assert_eq!(e.by.as_deref(), Some("AFP Factuel"));
        assert_eq!(e.at, "2023-05-01T10:00:00Z");
        assert_eq!(e.verdict, Some(Verdict::MostlyFalse));
        assert_eq!(e.verdict_label.as_deref(), Some("Plutôt faux"));
        let note = e.note.as_deref().unwrap();
        assert!(
            note.contains("reviewed by Jane Doe") && note.contains("Maire"),
            "{note}"
        );
        assert_eq!(rec.speaker, "M. Dupont");
    }

    #[test]
    fn a_numeric_rating_alone_is_placed_on_its_scale() {
        let (rec, warnings) = record(json!({
            "claimReviewed": "x", "datePublished": "2023-05-01",
            "reviewRating": {"ratingValue": "2", "worstRating": 1, "bestRating": 5},
            "itemReviewed": {"author": "A"}
        }))
        .unwrap();
        assert_eq!(rec.verdict, Some(Verdict::MostlyFalse));
        assert!(warnings.is_empty());
    }

    #[test]
    fn script_blocks_lose_comment_wrappers_and_raw_line_breaks_in_strings() {
        let cleaned = clean_script("<!--\n{\"a\": \"line\nbreak\"}\n-->");
        assert_eq!(
            serde_json::from_str::<Value>(&cleaned).unwrap(),
            json!({"a": "line break"})
        );
    }
}
