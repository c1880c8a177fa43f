//! Domain types: ids, the closed vocabularies of DESIGN.md, timestamps and dates.
//!
//! Every closed vocabulary is an enum parsed at the edge with `FromStr` and printed
//! with `Display`, spelled exactly as in DESIGN.md. SQL conversions live in `store/`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A value outside a closed vocabulary, with the list of accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}: expected one of {expected}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

/// Declares a closed vocabulary: the enum, its spellings, `FromStr`, `Display`,
/// serde as the same strings, and `ALL` for help texts and validation.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownValue {
                        what: $what,
                        value: s.to_string(),
                        expected: [$($text),+].join(", "),
                    }),
                }
            }
        }
    };
}

vocabulary! {
    /// Whether a claim was independently verified. The claim's state is its latest event.
    Verification, "verification" {
        Unverified = "unverified",
        UnableToVerify = "unable_to_verify",
        PartiallyVerified = "partially_verified",
        Verified = "verified",
    }
}

impl Verification {
    /// `list --unverified` means these two states.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Verification::Unverified | Verification::UnableToVerify
        )
    }
}

vocabulary! {
    /// Rating after a fact-check; maps to ClaimReview `reviewRating`.
    Verdict, "verdict" {
        True = "true",
        MostlyTrue = "mostly_true",
        Mixed = "mixed",
        MostlyFalse = "mostly_false",
        False = "false",
        Misleading = "misleading",
        Unverifiable = "unverifiable",
        Other = "other",
    }
}

vocabulary! {
    /// The part a link plays for a claim.
    LinkRole, "link role" {
        /// Where the claim was made: the tweet, the communiqué.
        Source = "source",
        /// An article reporting the claim.
        Appearance = "appearance",
        /// Material used to verify the claim.
        Evidence = "evidence",
    }
}

vocabulary! {
    /// What a user of `claimlog serve` may do, each role including those before it:
    /// viewers read, checkers add and verify, editors also edit, merge and retract,
    /// admins also manage users.
    Role, "role" {
        Viewer = "viewer",
        Checker = "checker",
        Editor = "editor",
        Admin = "admin",
    }
}

vocabulary! {
    /// How far a desk's work on a claim went, apart from its verification: a claim can
    /// be in progress and still unverified.
    WorkflowState, "workflow state" {
        ToDo = "to_do",
        InProgress = "in_progress",
        InReview = "in_review",
        Done = "done",
    }
}

vocabulary! {
    /// Outcome of one liveness check of one link.
    LinkOutcome, "link outcome" {
        Ok = "ok",
        Redirected = "redirected",
        Broken = "broken",
        ServerError = "server_error",
        Timeout = "timeout",
        Unreachable = "unreachable",
        Blocked = "blocked",
        RateLimited = "rate_limited",
        Soft404 = "soft_404",
        Changed = "changed",
        Refused = "refused",
    }
}

impl LinkOutcome {
    /// Outcomes that, repeated over the confirmation span, make a link dead.
    pub fn is_failing(self) -> bool {
        matches!(
            self,
            LinkOutcome::Broken | LinkOutcome::Unreachable | LinkOutcome::Soft404
        )
    }

    /// Outcomes that prove the page answered with content we could hash.
    pub fn is_good(self) -> bool {
        matches!(
            self,
            LinkOutcome::Ok | LinkOutcome::Redirected | LinkOutcome::Changed
        )
    }
}

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = String;

            /// Accepts `42` and `#42`.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let digits = s.trim().trim_start_matches('#');
                match digits.parse::<i64>() {
                    Ok(n) if n > 0 => Ok($name(n)),
                    _ => Err(format!(
                        "invalid {} id {s:?}: expected a positive number such as 42",
                        $prefix
                    )),
                }
            }
        }
    };
}

id_type!(
    /// Identifies a claim; shown to users as `#42`.
    ClaimId,
    "claim"
);
id_type!(
    /// Identifies a source (person, organisation, outlet).
    SourceId,
    "source"
);
id_type!(
    /// Identifies a normalised link.
    LinkId,
    "link"
);

/// An instant, stored and printed as RFC 3339 UTC with second precision
/// (`2023-04-30T12:00:00Z`), so that text order is time order.
pub type Timestamp = jiff::Timestamp;

/// Formats a timestamp the way the store and every output write it.
pub fn format_timestamp(ts: Timestamp) -> String {
    ts.round(jiff::Unit::Second)
        .unwrap_or(ts)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Parses an RFC 3339 timestamp or a bare `YYYY-MM-DD` (midnight UTC).
pub fn parse_timestamp(s: &str) -> Result<Timestamp, String> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts);
    }
    parse_date(s)
        .ok()
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp())
        .ok_or_else(|| {
            format!("invalid timestamp {s:?}: expected RFC 3339 such as 2023-04-30T12:00:00Z")
        })
}

/// A calendar date (`claimed_on`, `--since`, `--until`).
pub type Date = jiff::civil::Date;

/// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2023-02-30.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let s = s.trim();
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!(
            "invalid date {s:?}: expected YYYY-MM-DD such as 2023-04-30"
        ));
    }
    s.parse::<Date>()
        .map_err(|_| format!("invalid date {s:?}: no such day in the calendar"))
}

/// Folds a name for matching: lower case, accents removed, punctuation other than
/// letters and digits turned into single spaces, and a leading article dropped (l', le,
/// la, les, the), as newsrooms write "l'AFP" and "AFP", "le Kremlin" and "Kremlin".
/// "Nikol  Pashinyan," and "nikol pashinyan" fold to the same key.
pub fn fold_key(s: &str) -> String {
    let key = fold_words(s);
    for article in ["l ", "le ", "la ", "les ", "the "] {
        if let Some(rest) = key.strip_prefix(article) {
            return rest.to_string();
        }
    }
    key
}

fn fold_words(s: &str) -> String {
    if s.is_ascii() {
        // Most names: no decomposition needed.
        let mut out = String::with_capacity(s.len());
        for word in s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip_through_their_spelling() {
        for v in Verification::ALL {
            assert_eq!(v.as_str().parse::<Verification>().unwrap(), *v);
        }
        for v in LinkOutcome::ALL {
            assert_eq!(v.to_string().parse::<LinkOutcome>().unwrap(), *v);
        }
        assert_eq!(
            "soft_404".parse::<LinkOutcome>().unwrap(),
            LinkOutcome::Soft404
        );
    }

    #[test]
    fn unknown_status_names_the_value_and_the_choices() {
        let err = "maybe".parse::<Verification>().unwrap_err().to_string();
        assert!(err.contains("\"maybe\""), "{err}");
        assert!(err.contains("unable_to_verify"), "{err}");
    }

    #[test]
    fn fold_key_ignores_case_accents_and_punctuation() {
        assert_eq!(fold_key("Nikol  PASHINYAN,"), "nikol pashinyan");
        assert_eq!(
            fold_key("Ministère  de la Défense"),
            "ministere de la defense"
        );
        assert_eq!(fold_key("l’Azerbaïdjan"), "azerbaidjan");
        assert_eq!(fold_key("L'AFP"), fold_key("AFP"));
        assert_eq!(
            fold_key("le ministère de la Défense"),
            "ministere de la defense"
        );
        assert_eq!(fold_key("Les"), "les");
        assert_eq!(fold_key("  N. Pashinyan--x "), "n pashinyan x");
        assert_eq!(fold_key("N. Pashinyan--x"), fold_key("N. Pashinyan–x"));
    }

    #[test]
    fn dates_reject_impossible_days_and_other_shapes() {
        assert!(parse_date("2023-04-30").is_ok());
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("30/04/2023").is_err());
        assert!(parse_date("2023-4-30").is_err());
    }

    #[test]
    fn ids_accept_a_hash_prefix() {
        assert_eq!("#42".parse::<ClaimId>().unwrap(), ClaimId(42));
        assert!("0".parse::<ClaimId>().is_err());
        assert!("abc".parse::<ClaimId>().is_err());
    }
}

/// A claim with everything known about it: the JSON of `show`, `list --format json`
/// and one line of `export --format jsonl` (documented in the README). Import reads
/// the same shape; only `text` and `speaker` are required there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRecord {
    /// Ignored on import: ids are given by the receiving database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<ClaimId>,
    pub text: String,
    #[serde(default)]
    pub lang: Option<String>,
    pub speaker: String,
    /// The first appearance's cue, relays and outlet, kept for scripts written against
    /// version 1. On import they are read only when `appearances` is absent.
    #[serde(default)]
    pub cue: Option<String>,
    #[serde(default)]
    pub relays: Vec<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    /// Every publication of the claim, in the order recorded.
    #[serde(default)]
    pub appearances: Vec<AppearanceRecord>,
    /// How many independent origins the appearances rest on (see
    /// [`independent_origins`]); computed, ignored on import.
    #[serde(default)]
    pub origins: usize,
    #[serde(default)]
    pub claimed_on: Option<String>,
    #[serde(default)]
    pub links: Vec<LinkRecord>,
    #[serde(default = "default_verification")]
    pub verification: Verification,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Verification events, oldest first.
    #[serde(default)]
    pub history: Vec<EventRecord>,
    /// Earlier versions of the claim, oldest first.
    #[serde(default)]
    pub revisions: Vec<RevisionRecord>,
    /// When the claim was recorded in claimlog (not when it was made: `claimed_on`).
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Who recorded the claim (`--as`, `CLAIMLOG_USER`, the OS user or the PostgreSQL
    /// role); absent for claims recorded before schema version 5. Kept on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Set when the claim was withdrawn as logged in error: hidden from listings
    /// unless asked for, kept in exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Retraction>,
    /// Set when a person merged this claim into another (`claimlog merge`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<MergeRecord>,
    /// Claims merged into this one, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergeRecord>,
}

impl ClaimRecord {
    /// A record with a text and a speaker and nothing else, for importers to fill.
    pub fn new(text: String, speaker: String) -> ClaimRecord {
        ClaimRecord {
            id: None,
            text,
            lang: None,
            speaker,
            cue: None,
            relays: Vec::new(),
            outlet: None,
            appearances: Vec::new(),
            origins: 0,
            claimed_on: None,
            links: Vec::new(),
            verification: Verification::Unverified,
            verdict: None,
            tags: Vec::new(),
            history: Vec::new(),
            revisions: Vec::new(),
            created_at: None,
            updated_at: None,
            withdrawn: None,
            actor: None,
            merged_into: None,
            merged: Vec::new(),
        }
    }

    /// Sets the version-1 fields (`cue`, `relays`, `outlet`) and `origins` from the
    /// appearances.
    pub fn derive_from_appearances(&mut self) {
        let first = self.appearances.first();
        self.cue = first.and_then(|a| a.cue.clone());
        self.relays = first.map(|a| a.relays.clone()).unwrap_or_default();
        self.outlet = first.and_then(|a| a.outlet.clone());
        self.origins = independent_origins(&self.appearances);
    }
}

/// One publication of a claim: who published it, through whom, in which words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppearanceRecord {
    #[serde(default)]
    pub outlet: Option<String>,
    /// The sources it passed through, in order, the nearest to the speaker first.
    #[serde(default)]
    pub relays: Vec<String>,
    #[serde(default)]
    pub cue: Option<String>,
    /// The words as published, when they differ from the claim's text.
    #[serde(default)]
    pub wording: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    /// The normalised URL of the publication.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published_on: Option<String>,
    /// Who recorded this appearance; absent before schema version 5. Kept on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

impl AppearanceRecord {
    /// Where this route begins: its first relay (the wire it came through), else the
    /// outlet itself, folded so that spellings of one name count once; none when the
    /// route names neither.
    pub fn origin(&self) -> Option<String> {
        self.relays
            .first()
            .or(self.outlet.as_ref())
            .map(|name| fold_key(name))
    }
}

/// Counts the independent origins of a claim's appearances: forty outlets reprinting
/// one AFP dispatch are one origin. Routes that begin with the same relay count once;
/// a route with no relay begins at its outlet; one naming neither is an origin of its own.
pub fn independent_origins(appearances: &[AppearanceRecord]) -> usize {
    let mut origins: Vec<String> = appearances.iter().filter_map(|a| a.origin()).collect();
    let unnamed = appearances.len() - origins.len();
    origins.sort();
    origins.dedup();
    origins.len() + unnamed
}

/// One claim merged into another: the other claim, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRecord {
    /// The other claim's id in this database.
    pub claim: ClaimId,
    /// Its text and speaker, so that the record reads on its own.
    pub text: String,
    pub speaker: String,
    pub at: String,
    /// Who merged them (`--as`, `CLAIMLOG_USER` or the OS user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Who voided an event or withdrew a claim, when and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retraction {
    pub at: String,
    #[serde(default)]
    pub actor: Option<String>,
    pub reason: String,
}

fn default_verification() -> Verification {
    Verification::Unverified
}

/// A line of a JSONL export that is not a claim: the other names of a source the
/// exported claims mention, so that aliases travel with the claims.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub source: String,
    pub aliases: Vec<String>,
}

/// One link of a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkRecord {
    /// The normalised URL.
    pub url: String,
    /// The URL as it was typed or found, when it differs from `url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_typed: Option<String>,
    pub role: LinkRole,
    /// The latest liveness check; not part of an export (the store observes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_check: Option<CheckSummary>,
    /// When claimlog last captured the page (`links archive`): an archived copy exists.
    /// Not part of an export either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
    /// The latest copy a public web archive holds (`links memento`). Not part of an
    /// export either: exports carry `version_url` and `version_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memento: Option<Memento>,
    /// Robust Links `data-versionurl`: where a reader finds the archived copy, the
    /// memento. None when only claimlog's own capture exists (its WARC is not on the
    /// web). Exported; ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_url: Option<String>,
    /// Robust Links `data-versiondate` (YYYY-MM-DD): the memento's date, else the date
    /// of claimlog's latest capture. Exported; ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_date: Option<String>,
}

/// A public web archive's copy of a page (RFC 7089).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memento {
    pub url: String,
    /// Its Memento-Datetime, when the archive captured the page.
    pub datetime: String,
}

impl LinkRecord {
    /// The Robust Links version of a page: the memento when there is one (a reader can
    /// open it), else claimlog's latest capture (a date only).
    pub fn robust_version(
        memento: Option<&Memento>,
        captured_at: Option<&str>,
    ) -> (Option<String>, Option<String>) {
        let day = |at: &str| at.get(..10).unwrap_or(at).to_string();
        match (memento, captured_at) {
            (Some(m), _) => (Some(m.url.clone()), Some(day(&m.datetime))),
            (None, Some(at)) => (None, Some(day(at))),
            (None, None) => (None, None),
        }
    }
}

/// The latest check of a link, as `show` and `list --format json` print it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckSummary {
    pub checked_at: String,
    pub outcome: LinkOutcome,
    pub http_status: Option<u16>,
    pub final_url: Option<String>,
    /// The link failed on checks spanning the confirmation window.
    pub dead: bool,
}

/// One verification event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The event's number, for `claimlog retract event ID`; ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub at: String,
    /// Who verified: a source (outlet, fact-checker, person); null when not recorded.
    #[serde(default)]
    pub by: Option<String>,
    pub verification: Verification,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    /// The rating as the reviewer wrote it, when it came from a ClaimReview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_label: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// URL of the evidence or of the published review.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Who recorded the event (`--as`, `CLAIMLOG_USER` or the OS user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Set when the event was retracted: it no longer counts for the claim's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retracted: Option<Retraction>,
    /// The appearance the event is about, numbered from 1 in the claim's `appearances`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<usize>,
    /// A copy of an event of this claim that was merged into this one (`claimlog
    /// merge`); on import it is made again by replaying the merge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_claim: Option<ClaimId>,
}

/// What a claim said before one edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRecord {
    pub at: String,
    /// The text before the edit.
    pub text: String,
    /// Previous values of every field the edit changed.
    #[serde(default)]
    pub previous: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub note: Option<String>,
    /// Who made the edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}
