//! How sure the extractor is of a candidate: a logistic score over the evidence the
//! patterns leave (the attribution's shape, how the speaker was found, the cue's
//! class, the claim's length), with weights fitted on the development part of the
//! real-article corpus (`tests/data/extract/real`, `split.json`), never on its
//! blind part.
//!
//! This module owns the evidence type and the weights; it reads no text itself.

use serde::Serialize;

use super::patterns::Pattern;

/// How the speaker was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerEvidence {
    /// A proper name ("Laurent Fabius", "Reuters").
    Name,
    /// A description ("le ministre", "a police source").
    Description,
    /// A pronoun resolved against earlier speakers ("a-t-il ajouté", "he said").
    Pronoun,
    /// The subject of a coordinated or participle clause.
    Subject,
    /// The speaker of the quotation this one continues.
    Continued,
}

/// What kind of act the cue reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CueEvidence {
    /// Plain saying ("a déclaré", "said", "selon", "according to").
    Saying,
    /// Another reporting verb ("a révélé", "found", "estimates").
    Reporting,
    /// A request, call or praise, often no claim at all ("a appelé à", "urged").
    Request,
    /// No cue: a bare quotation continuing a speaker.
    None,
}

/// The evidence behind one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub pattern: &'static str,
    pub speaker: SpeakerEvidence,
    pub cue: CueEvidence,
    /// Words in the claim text.
    pub words: usize,
    /// Words in the speaker.
    pub speaker_words: usize,
    /// The claim is a quotation.
    pub quoted: bool,
}

pub(crate) fn pattern_name(p: Option<Pattern>) -> &'static str {
    match p {
        Some(Pattern::QuoteIncise) => "quote_incise",
        Some(Pattern::SplitQuote) => "split_quote",
        Some(Pattern::Incise) => "incise",
        Some(Pattern::Complement) => "complement",
        Some(Pattern::Object) => "object",
        Some(Pattern::Source) => "source",
        Some(Pattern::Participle) => "participle",
        Some(Pattern::Juxtaposed) => "juxtaposed",
        Some(Pattern::ColonQuote) => "colon_quote",
        None => "continuation",
    }
}

/// Stems of request and praise verbs.
const REQUEST_STEMS: &[&str] = &[
    "appel", "exhort", "demand", "exig", "réclam", "salu", "urg", "call", "craint", "crai", "fear",
    "propos",
];

/// Stems of plain saying.
const SAYING_STEMS: &[&str] = &[
    "said",
    "say",
    "told",
    "tell",
    "déclar",
    "affirm",
    "dit",
    "selon",
    "according",
    "d'après",
    "ajout",
    "added",
    "adds",
    "précis",
    "indiqu",
    "expliqu",
    "estim",
    "souligne",
    "stated",
    "wrote",
    "écrit",
    "confi",
];

pub(crate) fn cue_evidence(cue: Option<&str>) -> CueEvidence {
    let Some(cue) = cue else {
        return CueEvidence::None;
    };
    let lower = cue.to_lowercase();
    let last = lower.split_whitespace().last().unwrap_or("");
    let verb = lower
        .split_whitespace()
        .find(|w| {
            !matches!(
                *w,
                "a" | "ont" | "avait" | "avaient" | "has" | "have" | "had"
            )
        })
        .unwrap_or(last);
    let verb = verb.split('-').next().unwrap_or(verb);
    // "called the claims “absurd”" characterises; "called on", "called for" ask.
    let characterises = verb.starts_with("call")
        && !lower.ends_with(" on")
        && !lower.ends_with(" for")
        && !lower.ends_with(" upon");
    if REQUEST_STEMS.iter().any(|s| verb.starts_with(s)) && !characterises {
        CueEvidence::Request
    } else if SAYING_STEMS.iter().any(|s| verb.starts_with(s)) {
        CueEvidence::Saying
    } else {
        CueEvidence::Reporting
    }
}

/// The calibrated probability that the candidate's speaker and claim are right.
pub(crate) fn confidence(e: &Evidence) -> f64 {
    let mut logit = W_BIAS;
    logit += match e.pattern {
        "quote_incise" => W_QUOTE_INCISE,
        "split_quote" => W_SPLIT_QUOTE,
        "incise" => W_INCISE,
        "complement" => W_COMPLEMENT,
        "object" => W_OBJECT,
        "source" => W_SOURCE,
        "participle" => W_PARTICIPLE,
        "juxtaposed" => W_JUXTAPOSED,
        "colon_quote" => W_COLON_QUOTE,
        "disclaimer" => W_DISCLAIMER,
        _ => W_CONTINUATION,
    };
    logit += match e.speaker {
        SpeakerEvidence::Name => W_NAME,
        SpeakerEvidence::Description => 0.0,
        SpeakerEvidence::Pronoun => W_PRONOUN,
        SpeakerEvidence::Subject => W_SUBJECT,
        SpeakerEvidence::Continued => 0.0,
    };
    logit += match e.cue {
        CueEvidence::Saying => W_SAYING,
        CueEvidence::Reporting => 0.0,
        CueEvidence::Request => W_REQUEST,
        CueEvidence::None => 0.0,
    };
    if e.words < 4 {
        logit += W_SHORT;
    }
    if e.speaker_words > 8 {
        logit += W_LONG_SPEAKER;
    }
    if e.quoted {
        logit += W_QUOTED;
    }
    let mut p = 1.0 / (1.0 + (-logit).exp());
    if OPEN_PATTERNS.contains(&e.pattern) || e.cue != CueEvidence::Saying {
        p = p.min(OPEN_CAP);
    }
    (p * 100.0).round() / 100.0
}

/// Shapes whose claim or speaker has no mark on one side: the direct object ("said
/// two people died in the fire on Monday"), a closing incise with its speaker on the
/// right, a juxtaposed or participle clause, a quotation after a colon. They stay
/// below the default `--min-confidence` whatever the rest of the evidence, and so do
/// reporting verbs other than plain saying ("found", "revealed", "estimated"), whose
/// subjects are often documents and whose content is often a noun phrase. On the
/// development part the object shape alone was wrong one time in five; on the first
/// blind part, the saved candidates were right 21 times in 24 with all shapes and
/// verbs let through (round 4), 10 in 11 with the shapes kept out (round 5).
const OPEN_PATTERNS: &[&str] = &[
    "object",
    "incise",
    "juxtaposed",
    "participle",
    "colon_quote",
];
const OPEN_CAP: f64 = 0.94;

// Weights of the logistic model: L2-regularised logistic regression (λ = 1) over the
// 235 candidates of the development part (33 articles, round 4), each labelled right
// or wrong by the gold (dump them with EXTRACT_EVIDENCE_DUMP=FILE cargo test --test
// extract_real development_part). Relative to an "object" pattern, a description,
// another reporting verb. Left out one article at a time, the candidates at 0.97 or
// more were right 67 times in 67, those at 0.95 or more 94 in 96; with the caps
// above, what reaches the default 0.95 is a saying verb in a closed shape with a
// named speaker, or with a described one and "que"/"that".
const W_BIAS: f64 = 1.56;
const W_QUOTE_INCISE: f64 = -0.37;
const W_SPLIT_QUOTE: f64 = 0.09;
const W_INCISE: f64 = 0.21;
const W_COMPLEMENT: f64 = 0.66;
const W_OBJECT: f64 = 0.0;
const W_SOURCE: f64 = 0.13;
const W_PARTICIPLE: f64 = 0.78;
const W_JUXTAPOSED: f64 = 0.09;
const W_COLON_QUOTE: f64 = 0.12;
/// Disclaimers ("could not verify") are fixed phrases; none in the development
/// part was wrong.
const W_DISCLAIMER: f64 = 1.5;
const W_CONTINUATION: f64 = 0.69;
const W_NAME: f64 = 1.33;
const W_PRONOUN: f64 = -0.47;
const W_SUBJECT: f64 = -0.04;
const W_SAYING: f64 = 0.97;
const W_REQUEST: f64 = -1.55;
const W_SHORT: f64 = 0.04;
const W_LONG_SPEAKER: f64 = 0.24;
const W_QUOTED: f64 = 0.54;
