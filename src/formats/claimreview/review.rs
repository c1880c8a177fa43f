//! One ClaimReview (a JSON-LD object) as a claim with one verification event, by the
//! table in [the module above](super). Pure mapping: no I/O, no store. Each part of the
//! review is read by a function of its own (speaker, dates, links, rating, reviewer),
//! so a new mapping slots in beside them. The claim's appearances (`firstAppearance`,
//! `appearance`) are both its `appearance` links and its publications, the outlet
//! being a CreativeWork's author or publisher.
//!
//! Only a review with no text is refused: optional metadata that cannot be read is
//! dropped with a warning, and what was dropped is kept in the event's note.

use serde_json::{Map, Value};

use super::super::{FieldError, UNATTRIBUTED, dates, labels, quote};
use crate::links::normalize_url;
use crate::model::{
    AppearanceRecord, ClaimRecord, EventRecord, LinkRecord, LinkRole, Timestamp, Verdict,
    Verification, format_timestamp,
};

/// A review read: the record, and whether the review had no date of its own.
#[derive(Debug)]
pub struct Review {
    pub record: ClaimRecord,
    /// No date could be read: the event carries the time of the import.
    pub undated: bool,
}

/// Where a review sits, for the dates it may take from around it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Surroundings<'a> {
    /// The enclosing `DataFeedItem`'s date, or the page's publication date.
    pub date: Option<&'a str>,
    /// The time of the import, for a review with no date at all.
    pub now: Option<Timestamp>,
}

/// The text of a value: a string, an object's `name` (or `@value`), or the first of a list.
pub fn text_of(value: &Value) -> Option<String> {
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
pub fn urls_of(value: &Value, out: &mut Vec<String>) {
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
pub fn object_of(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Object(map) => Some(map),
        Value::Array(items) => items.iter().find_map(Value::as_object),
        _ => None,
    }
}

pub fn has_type(map: &Map<String, Value>, wanted: &str) -> bool {
    match map.get("@type") {
        Some(Value::String(t)) => t.ends_with(wanted),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.ends_with(wanted))),
        _ => false,
    }
}

/// Whether an object is a review: typed `ClaimReview`, or untyped with a `claimReviewed`.
pub fn is_claim_review(map: &Map<String, Value>) -> bool {
    match map.get("@type") {
        Some(_) => has_type(map, "ClaimReview"),
        None => map.contains_key("claimReviewed"),
    }
}

fn number_of(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().replace(',', ".").parse().ok(),
        _ => None,
    }
}

/// A URL as published, normalised: a bare host (`aosfatos.org/noticias/...`) gains
/// `https://` with a warning; anything else that is not an http(s) URL is dropped with
/// a warning naming `what`.
pub fn lenient_url(text: &str, what: &str, warnings: &mut Vec<String>) -> Option<String> {
    let text = text.trim();
    match normalize_url(text) {
        Ok(url) => return Some(url.as_str().to_string()),
        Err(e) => {
            let bare_host = !text.contains("://")
                && !text.contains(char::is_whitespace)
                && text
                    .split('/')
                    .next()
                    .is_some_and(|host| host.contains('.') && !host.starts_with('.'));
            if bare_host && let Ok(url) = normalize_url(&format!("https://{text}")) {
                warnings.push(format!(
                    "{what} {} has no scheme; read as {}",
                    quote(text),
                    quote(url.as_str())
                ));
                return Some(url.as_str().to_string());
            }
            let why = match e {
                crate::links::UrlError::Scheme { scheme, .. } => {
                    format!("only http and https links are recorded, not {scheme}:")
                }
                crate::links::UrlError::NoHost { .. } => "it has no host name".to_string(),
                _ => "it is not an absolute http(s) URL".to_string(),
            };
            warnings.push(format!("{what} {} dropped: {why}", quote(text)));
        }
    }
    None
}

/// Reads a published date; an unreadable one is dropped with a warning, its text kept
/// for the note.
fn lenient_date(
    value: Option<&Value>,
    what: &str,
    warnings: &mut Vec<String>,
    dropped: &mut Vec<String>,
) -> Option<Timestamp> {
    let value = value.filter(|v| !v.is_null())?;
    let text = text_of(value)?;
    match dates::read_timestamp(&text) {
        Some(ts) => Some(ts),
        None => {
            warnings.push(format!("{what} {} is not a date; dropped", quote(&text)));
            dropped.push(format!("{what} as published: {text}"));
            None
        }
    }
}

/// Who made the claim: `itemReviewed.author`; else the author or publisher of the
/// claim's appearance; else [`UNATTRIBUTED`]. Both fallbacks warn.
fn speaker_of(item: Option<&Map<String, Value>>, warnings: &mut Vec<String>) -> String {
    let get = |key: &str| item.and_then(|i| i.get(key));
    if let Some(name) = get("author").and_then(text_of) {
        return name;
    }
    let appearance = object_of(get("firstAppearance")).or_else(|| object_of(get("appearance")));
    let publisher = appearance.and_then(|a| {
        ["author", "publisher"]
            .iter()
            .find_map(|k| a.get(*k).and_then(text_of))
    });
    match publisher {
        Some(name) => {
            warnings.push(format!(
                "no itemReviewed.author: the speaker recorded is {}, who published the claim's appearance",
                quote(&name)
            ));
            name
        }
        None => {
            warnings.push(format!(
                "no itemReviewed.author: the claim is recorded as said by {UNATTRIBUTED:?}"
            ));
            UNATTRIBUTED.to_string()
        }
    }
}

/// The claim's appearances: `firstAppearance` then `appearance`, deduplicated.
fn links_of(item: Option<&Map<String, Value>>, warnings: &mut Vec<String>) -> Vec<LinkRecord> {
    let mut links: Vec<LinkRecord> = Vec::new();
    for key in ["firstAppearance", "appearance"] {
        let mut urls = Vec::new();
        if let Some(v) = item.and_then(|i| i.get(key)) {
            urls_of(v, &mut urls);
        }
        for typed in urls {
            let Some(url) = lenient_url(&typed, &format!("itemReviewed.{key}"), warnings) else {
                continue;
            };
            if links.iter().any(|l| l.url == url) {
                continue;
            }
            links.push(LinkRecord {
                as_typed: (url != typed).then_some(typed),
                url,
                role: LinkRole::Appearance,
                last_check: None,
                archived_at: None,
            });
        }
    }
    links
}

/// The claim's appearances as publications: each `firstAppearance` then `appearance`
/// (a URL, or a CreativeWork whose `author`, else `publisher`, is the outlet and whose
/// `datePublished` is the day published), deduplicated by URL. Unreadable URLs were
/// already reported by [`links_of`]; their works keep only what else they say.
fn appearances_of(item: Option<&Map<String, Value>>) -> Vec<AppearanceRecord> {
    let mut works: Vec<&Value> = Vec::new();
    for key in ["firstAppearance", "appearance"] {
        match item.and_then(|i| i.get(key)) {
            Some(Value::Array(items)) => works.extend(items),
            Some(v) => works.push(v),
            None => {}
        }
    }
    let mut out: Vec<AppearanceRecord> = Vec::new();
    for work in works {
        let mut urls = Vec::new();
        urls_of(work, &mut urls);
        let url = urls
            .first()
            .and_then(|u| lenient_url(u, "appearance", &mut Vec::new()));
        let mut appearance = AppearanceRecord {
            url,
            ..AppearanceRecord::default()
        };
        if let Value::Object(map) = work {
            appearance.outlet = ["author", "publisher"]
                .iter()
                .find_map(|k| map.get(*k).and_then(text_of));
            appearance.published_on = map
                .get("datePublished")
                .and_then(text_of)
                .and_then(|d| dates::read_day(&d))
                .map(|d| d.to_string());
        }
        if appearance == AppearanceRecord::default() {
            continue;
        }
        match out
            .iter_mut()
            .find(|a| a.url.is_some() && a.url == appearance.url)
        {
            // The same work named twice (firstAppearance and again in appearance).
            Some(known) => {
                if known.outlet.is_none() {
                    known.outlet = appearance.outlet;
                }
                if known.published_on.is_none() {
                    known.published_on = appearance.published_on;
                }
            }
            None => out.push(appearance),
        }
    }
    out
}

/// The verdict of `reviewRating`: its label through the table; else, or when the table
/// does not know the label, its number on its own scale; else `other`. The second
/// value says why the verdict is `other`, when it is for want of anything better.
fn verdict_of(rating: Option<&Map<String, Value>>) -> (Option<String>, Verdict, Option<String>) {
    let label = rating.and_then(|r| {
        ["alternateName", "name"]
            .iter()
            .find_map(|k| r.get(*k).and_then(text_of))
    });
    if let Some(verdict) = label.as_deref().and_then(labels::verdict_for_label) {
        return (label, verdict, None);
    }
    let value = rating.and_then(|r| number_of(r.get("ratingValue")));
    let on_scale = value.and_then(|v| {
        let worst = rating.and_then(|r| number_of(r.get("worstRating")));
        let best = rating.and_then(|r| number_of(r.get("bestRating")));
        labels::verdict_for_value(v, worst, best)
    });
    if let Some(verdict) = on_scale {
        return (label, verdict, None);
    }
    let problem = match (&label, value) {
        (Some(l), _) => format!("the rating {} maps to no verdict", quote(l)),
        (None, Some(v)) => format!("the rating value {v} is outside its scale"),
        (None, None) => "the review has no rating".to_string(),
    };
    (label, Verdict::Other, Some(problem))
}

/// Who reviewed: the review's `author` when it is an organisation (or a bare name);
/// when it is a `Person`, their `affiliation`, else the review's `publisher`, else the
/// person, noting "reviewed by PERSON" when an organisation stands in for them.
fn reviewer_of(map: &Map<String, Value>, note: &mut Vec<String>) -> Option<String> {
    let author_name = map.get("author").and_then(text_of);
    let publisher_name = map.get("publisher").and_then(text_of);
    match object_of(map.get("author")) {
        Some(person) if has_type(person, "Person") => {
            let organisation = person
                .get("affiliation")
                .and_then(text_of)
                .or(publisher_name);
            match (organisation, author_name) {
                (Some(org), Some(person)) if org != person => {
                    note.push(format!("reviewed by {person}"));
                    Some(org)
                }
                (Some(org), _) => Some(org),
                (None, person) => person,
            }
        }
        _ => author_name.or(publisher_name),
    }
}

/// One review as a claim with one verification event. The error names the property.
pub fn review_to_record(
    map: &Map<String, Value>,
    around: Surroundings<'_>,
    strict: bool,
    warnings: &mut Vec<String>,
) -> Result<Review, FieldError> {
    let text = map
        .get("claimReviewed")
        .and_then(text_of)
        .ok_or_else(|| FieldError {
            field: "claimReviewed",
            message: "no claimReviewed: every ClaimReview needs the text of the claim it reviews"
                .to_string(),
        })?;
    let item = object_of(map.get("itemReviewed"));
    let get_item = |key: &str| item.and_then(|i| i.get(key));
    let mut note = Vec::new();
    if let Some(headline) = ["name", "headline"]
        .iter()
        .find_map(|k| map.get(*k).and_then(text_of))
    {
        note.push(headline);
    }
    let mut dropped = Vec::new();

    let links = links_of(item, warnings);
    let speaker = speaker_of(item, warnings);
    if let Some(a) = object_of(get_item("author")) {
        let details: Vec<String> = ["jobTitle", "affiliation"]
            .iter()
            .filter_map(|k| a.get(*k).and_then(text_of))
            .collect();
        if !details.is_empty() {
            note.push(format!("speaker: {speaker}, {}", details.join(", ")));
        }
    }
    let claimed_on = lenient_date(
        get_item("datePublished"),
        "itemReviewed.datePublished",
        warnings,
        &mut dropped,
    )
    .map(|ts| ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string());

    let mut at = None;
    for key in ["datePublished", "dateCreated", "dateModified"] {
        at = lenient_date(map.get(key), key, warnings, &mut dropped);
        if at.is_some() {
            break;
        }
    }
    let around_date = around.date.and_then(dates::read_timestamp);
    let undated = at.is_none() && around_date.is_none();
    let at = match (at, around_date, around.now) {
        (Some(at), _, _) => at,
        (None, Some(date), _) => date,
        (None, None, Some(now)) => {
            warnings.push(
                "no datePublished: recorded with the time of this import, and said so in its note"
                    .to_string(),
            );
            note.push("the review gives no date: recorded at import".to_string());
            now
        }
        (None, None, None) => {
            return Err(FieldError {
                field: "datePublished",
                message: "no datePublished: the date of the review is needed to record it"
                    .to_string(),
            });
        }
    };

    let by = reviewer_of(map, &mut note);
    let evidence = map
        .get("url")
        .and_then(text_of)
        .and_then(|url| lenient_url(&url, "url", warnings));

    let (label, verdict, problem) = verdict_of(object_of(map.get("reviewRating")));
    if let Some(problem) = problem {
        if strict {
            return Err(FieldError {
                field: "reviewRating",
                message: format!(
                    "{problem} (see the label table in the README); without --strict it is imported as other"
                ),
            });
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
    note.extend(dropped);

    let appearances = appearances_of(item);
    let record = ClaimRecord {
        id: None,
        text,
        lang,
        speaker,
        cue: None,
        relays: Vec::new(),
        outlet: None,
        appearances,
        origins: 0,
        claimed_on,
        links,
        verification: Verification::Verified,
        verdict: Some(verdict),
        tags: Vec::new(),
        history: vec![EventRecord {
            id: None,
            at: format_timestamp(at),
            by,
            verification: Verification::Verified,
            verdict: Some(verdict),
            verdict_label: label,
            note: (!note.is_empty()).then(|| note.join("; ")),
            evidence,
            actor: None,
            retracted: None,
            appearance: None,
            from_claim: None,
        }],
        revisions: Vec::new(),
        created_at: None,
        updated_at: None,
        withdrawn: None,
        actor: None,
        merged_into: None,
        merged: Vec::new(),
    };
    Ok(Review { record, undated })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(v: Value) -> Result<(ClaimRecord, Vec<String>), FieldError> {
        let mut warnings = Vec::new();
        let map = v.as_object().unwrap().clone();
        review_to_record(&map, Surroundings::default(), false, &mut warnings)
            .map(|r| (r.record, warnings))
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
    fn a_numeric_rating_is_placed_on_its_scale_when_the_label_says_nothing_known() {
        for (rating, verdict) in [
            (
                json!({"ratingValue": "2", "worstRating": 1, "bestRating": 5}),
                Verdict::MostlyFalse,
            ),
            (json!({"ratingValue": 3}), Verdict::Mixed),
            (
                json!({"ratingValue": 2, "worstRating": 0, "bestRating": 10}),
                Verdict::MostlyFalse,
            ),
            (
                json!({"alternateName": "ये तस्वीर अफ्रीका की है", "ratingValue": "1", "bestRating": "5", "worstRating": "1"}),
                Verdict::False,
            ),
        ] {
            let (rec, warnings) = record(json!({
                "claimReviewed": "x", "datePublished": "2023-05-01",
                "reviewRating": rating, "itemReviewed": {"author": "A"}
            }))
            .unwrap();
            assert_eq!(rec.verdict, Some(verdict), "{rating}");
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    #[test]
    fn optional_metadata_that_cannot_be_read_is_dropped_with_a_warning() {
        let (rec, warnings) = record(json!({
            "claimReviewed": "x", "datePublished": "sometime",
            "dateModified": "April 27, 2016",
            "url": "aosfatos.org/noticias/x/",
            "reviewRating": {"alternateName": "Falso"},
            "itemReviewed": {"datePublished": "2015-2-4",
                             "appearance": ["not a url at all", "English.factcrescendo.com/a"]}
        }))
        .unwrap();
        assert_eq!(rec.speaker, UNATTRIBUTED);
        assert_eq!(rec.claimed_on.as_deref(), Some("2015-02-04"));
        let e = &rec.history[0];
        assert_eq!(e.at, "2016-04-27T00:00:00Z");
        assert_eq!(
            e.evidence.as_deref(),
            Some("https://aosfatos.org/noticias/x/")
        );
        assert_eq!(rec.links.len(), 1);
        assert_eq!(rec.links[0].url, "https://english.factcrescendo.com/a");
        assert!(e.note.as_deref().unwrap().contains("sometime"));
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
    }
}
