//! Article text -> candidate attributed claims and verification disclaimers (French
//! and English), offline and without a model.
//!
//! This module owns language detection, page-chrome cleaning, sentence splitting,
//! the cue lexicons and the attribution patterns. It knows nothing of SQL or clap:
//! it takes a `&str` and returns [`Extraction`]; `commands/extract.rs` saves it.

use serde::Serialize;

/// Language of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

/// What a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CandidateKind {
    /// An attributed statement: someone said, claimed, denied something.
    Claim,
    /// A sentence in which an outlet or body says it could not verify or confirm.
    Disclaimer,
}

/// One candidate found in the text. Field names are the stable JSON output of
/// `claimlog extract --format json` (documented in the README).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub kind: CandidateKind,
    /// The speaker (for a disclaimer, the verifier), as a full noun phrase.
    pub speaker: Option<String>,
    /// The reporting expression as written ("a déclaré", "selon", "said").
    pub cue: Option<String>,
    /// The claim content, quotation marks trimmed.
    pub text: String,
    /// Relays in order ("cité par Armenpress" -> ["Armenpress"]).
    pub via: Vec<String>,
    /// The claim is in the conditional of caution ("auraient ouvert le feu").
    pub conditional: bool,
    /// The cue denies ("a démenti", "denied").
    pub denial: bool,
    /// Byte offset of the sentence's start in the input.
    pub start: usize,
    /// Byte offset of the sentence's end in the input.
    pub end: usize,
}

/// The result of reading one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extraction {
    pub lang: Lang,
    pub candidates: Vec<Candidate>,
}
