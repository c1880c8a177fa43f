//! Article text -> candidate attributed claims and verification disclaimers (French
//! and English), offline and without a model.
//!
//! This module owns language detection, page-chrome cleaning, sentence splitting,
//! the cue lexicons and the attribution patterns. It knows nothing of SQL or clap:
//! it takes a `&str` and returns [`Extraction`]; `commands/extract.rs` saves it.
//!
//! The pipeline is linear in the input: paragraphs (`clean`) -> sentences
//! (`sentences`, bounded in length) -> disclaimers (`disclaimers`) or attribution
//! patterns (`patterns`, driven by one Aho-Corasick automaton per language from
//! `lexicon`) -> speakers (`speakers`), with pronouns resolved here against the
//! speakers met earlier in the article.

mod clean;
mod confidence;
mod disclaimers;
mod gender;
mod lang;
mod lexicon;
mod patterns;
mod sentences;
mod speakers;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// Language of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// How likely the candidate is right (speaker and claim both), from 0 to 1,
    /// calibrated on the development corpus: of the candidates given 0.9, about nine
    /// in ten are correct.
    pub confidence: f64,
    /// What the confidence rests on (not part of the JSON output).
    #[serde(skip)]
    pub evidence: Evidence,
    /// Byte offset of the sentence's start in the input.
    pub start: usize,
    /// Byte offset of the sentence's end in the input.
    pub end: usize,
}

/// The result of reading one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extraction {
    pub lang: Lang,
    pub candidates: Vec<Candidate>,
}

pub use confidence::{CueEvidence, Evidence, SpeakerEvidence};
pub use lang::detect_lang;

use gender::Gender;
use lexicon::Pronoun;
use patterns::Found;
use speakers::SpeakerRef;

/// What can go wrong reading an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The input is not UTF-8.
    #[error(
        "input is not valid UTF-8: invalid byte sequence at byte offset {offset}; \
         convert it first (for example: iconv -f latin1 -t utf-8)"
    )]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
}

/// A language code that is neither `fr` nor `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {value:?}: expected fr or en")]
pub struct ParseLangError {
    /// The value that was given.
    pub value: String,
}

impl FromStr for Lang {
    type Err = ParseLangError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            _ => Err(ParseLangError {
                value: s.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        })
    }
}

/// Read an article given as bytes: invalid UTF-8 is an error naming the offset of
/// the first invalid sequence (offsets of candidates are byte offsets in `bytes`).
pub fn extract_bytes(bytes: &[u8], lang: Option<Lang>) -> Result<Extraction, ExtractError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ExtractError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    Ok(extract(text, lang))
}

/// Propose the attributed claims and disclaimers of an article. `lang` None means
/// detect it ([`detect_lang`]). Offsets in the result are byte offsets in `text`.
pub fn extract(text: &str, lang: Option<Lang>) -> Extraction {
    let lang = lang.unwrap_or_else(|| detect_lang(text));
    let mut reader = Reader {
        lang,
        candidates: Vec::new(),
        history: Vec::new(),
        paragraph: 0,
        last_claim: None,
    };
    for range in clean::paragraphs(text) {
        reader.paragraph(text, range);
    }
    Extraction {
        lang,
        candidates: reader.candidates,
    }
}

/// The `--min-confidence` of `extract --save`. Only a saying verb ("said",
/// "a déclaré", "selon") in a shape marked on both sides (a quotation, "que"/"that",
/// a source preposition) reaches it, with a proper name, or a description and
/// "que"/"that" (see `confidence`); on the development part, each article scored by
/// weights fitted without it, what reached 0.95 was right 94 times in 96, and both
/// misses are among the shapes now kept below it.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.95;

/// Disclaimers have one shape: a body says it could not verify.
const DISCLAIMER_EVIDENCE: Evidence = Evidence {
    pattern: "disclaimer",
    speaker: SpeakerEvidence::Description,
    cue: CueEvidence::Saying,
    words: 10,
    speaker_words: 1,
    quoted: false,
};

/// Speakers remembered for pronoun resolution (the most recent last).
const HISTORY: usize = 32;
/// How far back a pronoun may look for its speaker.
const PRONOUN_REACH: usize = 6;

/// The state of reading one article: candidates so far and recent speakers.
struct Reader {
    lang: Lang,
    candidates: Vec<Candidate>,
    history: Vec<(String, Gender)>,
    paragraph: usize,
    /// Index of the last claim and the paragraph it was in.
    last_claim: Option<(usize, usize)>,
}

impl Reader {
    fn paragraph(&mut self, text: &str, range: std::ops::Range<usize>) {
        self.paragraph += 1;
        let base = range.start + clean::dateline_len(&text[range.clone()]);
        let body = &text[base..range.end];
        // The quoted claim of the previous sentence of this paragraph, which a bare
        // quotation continues.
        let mut open_quote: Option<usize> = None;
        let open_paragraph = opens_running_quotation(body);
        for (k, r) in sentences::split(body).into_iter().enumerate() {
            let (start, end) = (base + r.start, base + r.end);
            let s = &text[start..end];
            if let Some(d) = disclaimers::find(s) {
                self.candidates.push(Candidate {
                    kind: CandidateKind::Disclaimer,
                    speaker: d.verifier,
                    cue: Some(d.cue),
                    text: patterns::tidy(s),
                    via: Vec::new(),
                    conditional: false,
                    denial: false,
                    confidence: confidence::confidence(&DISCLAIMER_EVIDENCE),
                    evidence: DISCLAIMER_EVIDENCE,
                    start,
                    end,
                });
                open_quote = None;
                continue;
            }
            let found = patterns::analyze(s, self.lang);
            if found.is_empty() {
                open_quote = self.continuation(s, k == 0, open_paragraph, open_quote, start, end);
                if open_quote.is_none() {
                    match patterns::introduced_person(s)
                        .or_else(|| patterns::sentence_topic(s, self.lang))
                    {
                        Some(name) => self.remember(&name),
                        // "Le ministre a rencontré Marie Dupont, la maire de Lyon.
                        // « … », a-t-elle déclaré": a man or a woman named elsewhere
                        // than as the subject.
                        None => {
                            if let Some(name) = named_persons(s).first() {
                                self.remember(name);
                            }
                        }
                    }
                }
                continue;
            }
            open_quote = None;
            // "Putin denounced the strike, which Moscow blamed on Kyiv. He said …": the
            // sentence's named subject is met before the speakers inside it.
            if let Some(name) = patterns::sentence_topic(s, self.lang)
                && name.split_whitespace().count() >= 2
                && speakers::is_name(&name)
                && !found
                    .iter()
                    .any(|f| matches!(&f.speaker, SpeakerRef::Named(n) if *n == name))
            {
                self.remember(&name);
            }
            for f in found {
                open_quote = self.push(f, s, &text[..start], start, end);
            }
        }
    }

    /// A bare quotation: it continues the quoted claim of the previous sentence, or,
    /// opening a paragraph right after a claim, it is a new claim of that speaker.
    fn continuation(
        &mut self,
        s: &str,
        opens_paragraph: bool,
        open_paragraph: bool,
        open_quote: Option<usize>,
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let inner = if open_paragraph {
            Some(patterns::tidy(s)).filter(|t| !t.is_empty())
        } else {
            bare_quotation(s)
        }?;
        if let Some(i) = open_quote {
            let c = &mut self.candidates[i];
            // The quotation's own last mark ("yet,") was cut with the incise.
            if !c.text.ends_with(['.', '!', '?', '…']) {
                c.text.push('.');
            }
            c.text.push(' ');
            c.text.push_str(&inner);
            c.end = end;
            return Some(i);
        }
        let (last, paragraph) = self.last_claim?;
        if !opens_paragraph || paragraph + 1 != self.paragraph {
            return None;
        }
        let previous = &self.candidates[last];
        let candidate = Candidate {
            kind: CandidateKind::Claim,
            speaker: previous.speaker.clone(),
            cue: None,
            conditional: patterns::cautious(&inner, self.lang),
            via: previous.via.clone(),
            denial: false,
            confidence: 0.0,
            evidence: Evidence {
                pattern: confidence::pattern_name(None),
                speaker: SpeakerEvidence::Continued,
                cue: CueEvidence::None,
                words: inner.split_whitespace().count(),
                speaker_words: previous
                    .speaker
                    .as_deref()
                    .map_or(0, |s| s.split_whitespace().count()),
                quoted: true,
            },
            text: inner,
            start,
            end,
        };
        let mut candidate = candidate;
        candidate.confidence = confidence::confidence(&candidate.evidence);
        self.candidates.push(candidate);
        let i = self.candidates.len() - 1;
        self.last_claim = Some((i, self.paragraph));
        Some(i)
    }

    fn push(
        &mut self,
        f: Found,
        sentence: &str,
        before: &str,
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let how = match &f.speaker {
            _ if f.pattern == patterns::Pattern::Participle => SpeakerEvidence::Subject,
            SpeakerRef::Named(n) if speakers::is_name(n.split(", ").next().unwrap_or(n)) => {
                SpeakerEvidence::Name
            }
            SpeakerRef::Named(_) => SpeakerEvidence::Description,
            SpeakerRef::Pronoun(_) => SpeakerEvidence::Pronoun,
            SpeakerRef::Coordinated => SpeakerEvidence::Subject,
        };
        let speaker = self.resolve(f.speaker, sentence, before)?;
        let evidence = Evidence {
            pattern: confidence::pattern_name(Some(f.pattern)),
            speaker: how,
            cue: confidence::cue_evidence(Some(&f.cue)),
            words: f.text.split_whitespace().count(),
            speaker_words: speaker.split_whitespace().count(),
            quoted: f.quoted,
        };
        self.candidates.push(Candidate {
            kind: CandidateKind::Claim,
            speaker: Some(speaker),
            cue: Some(f.cue),
            text: f.text,
            via: f.via,
            conditional: f.conditional,
            denial: f.denial,
            confidence: confidence::confidence(&evidence),
            evidence,
            start,
            end,
        });
        let i = self.candidates.len() - 1;
        self.last_claim = Some((i, self.paragraph));
        f.quoted.then_some(i)
    }

    fn resolve(&mut self, speaker: SpeakerRef, sentence: &str, before: &str) -> Option<String> {
        let name = match speaker {
            SpeakerRef::Named(name) => match named_earlier(&name, before) {
                Some(person) => format!("{name}, {person}"),
                None => name,
            },
            SpeakerRef::Pronoun(p) => {
                let found = {
                    let recent = || self.history.iter().enumerate().rev().take(PRONOUN_REACH);
                    // "they" prefers a plural to an organisation.
                    let preferred = recent().find(|(_, (_, g))| {
                        gender::agrees(p, *g) && (p != Pronoun::Plural || *g == Gender::Plural)
                    });
                    preferred
                        .or_else(|| recent().find(|(_, (_, g))| gender::agrees(p, *g)))
                        .map(|(i, _)| i)?
                };
                self.learn_gender(found, p);
                self.history[found].0.clone()
            }
            SpeakerRef::Coordinated => patterns::sentence_subject(sentence, self.lang)?,
        };
        self.remember(&name);
        Some(name)
    }

    fn remember(&mut self, name: &str) {
        if self.history.len() >= HISTORY {
            self.history.drain(..HISTORY / 2);
        }
        let mut g = gender::gender(name, self.lang);
        // "Govender" after "Major-General Gopaul Govender": the same person.
        if g == Gender::Unknown
            && let Some(surname) = surname(name)
            && let Some((_, known)) = self.history.iter().rev().find(|(n, known)| {
                matches!(known, Gender::Masculine | Gender::Feminine)
                    && surname_of(n).is_some_and(|s| s == surname)
            })
        {
            g = *known;
        }
        self.history.push((name.to_owned(), g));
    }

    /// A person taken up by "il"/"elle"/"he"/"she" is a man or a woman from then on
    /// (so that "she" in one sentence and "he" in the next are told apart).
    fn learn_gender(&mut self, at: usize, p: Pronoun) {
        let g = match p {
            Pronoun::Masculine => Gender::Masculine,
            Pronoun::Feminine => Gender::Feminine,
            _ => return,
        };
        if self.history[at].1 != Gender::Unknown {
            return;
        }
        let Some(surname) = surname(&self.history[at].0).map(str::to_owned) else {
            self.history[at].1 = g;
            return;
        };
        for (n, known) in &mut self.history {
            if *known == Gender::Unknown && surname_of(n).is_some_and(|s| s == surname) {
                *known = g;
            }
        }
    }
}

/// The people a sentence names whose sex the name tells (a known given name or a
/// title): runs of two to four capitalised words, in order. Only the first is
/// remembered, so that a list of names does not crowd out the speakers.
fn named_persons(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut flush = |run: &mut Vec<&str>| {
        if (2..=4).contains(&run.len()) {
            let name = run.join(" ");
            if gender::of_person(&name).is_some() && speakers::is_name(&name) {
                out.push(name);
            }
        }
        run.clear();
    };
    for w in s.split_whitespace() {
        let word = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let upper = word.chars().next().is_some_and(char::is_uppercase);
        if upper && !word.is_empty() {
            run.push(word);
        } else {
            flush(&mut run);
            continue;
        }
        // A name ends at its punctuation ("Marie Dupont, la maire").
        if w.ends_with([',', '.', ';', ':', ')', '»', '”']) {
            flush(&mut run);
        }
    }
    flush(&mut run);
    out
}

/// How far back the article is searched for the name behind a description.
const DESCRIPTION_REACH: usize = 16 * 1024;

/// "le ministre de la Santé" after "… le ministre de la Santé Roman Prymula …" or
/// "Roman Prymula, le ministre de la Santé": the name the article gave earlier to the
/// person a definite description stands for.
fn named_earlier(description: &str, before: &str) -> Option<String> {
    let mut ws = description.split_whitespace();
    let det = ws.next()?.to_lowercase();
    let core: Vec<&str> = ws.collect();
    let definite = matches!(det.as_str(), "le" | "la" | "the");
    if !definite || core.len() < 2 || description.contains(',') {
        return None;
    }
    // A description names no one itself: only lowercase words, or the
    // capitalised words of an institution after "de"/"of" ("ministre de la Santé").
    if speakers::starts_upper(core[0]) {
        return None;
    }
    let core = core.join(" ");
    let (_, window) = patterns::tail(before, DESCRIPTION_REACH);
    // The latest mention that comes with a name, among the last few mentions.
    let mut end = window.len();
    for _ in 0..8 {
        let at = window[..end].rfind(&core)?;
        if let Some(name) = name_beside(window, at, at + core.len()) {
            return Some(name);
        }
        end = at;
    }
    None
}

/// The name right after a mention ("le ministre de la Santé Roman Prymula") or right
/// before it, as an apposition ("Roman Prymula, le ministre de la Santé").
fn name_beside(window: &str, at: usize, end: usize) -> Option<String> {
    let following: Vec<&str> = window[end..]
        .split_whitespace()
        .take(4)
        .take_while(|w| speakers::starts_upper(w))
        .collect();
    let name = following.join(" ");
    let name = name.trim_end_matches([',', '.', ';', ':']);
    if following.len() >= 2 && speakers::is_name(name) {
        return Some(name.to_owned());
    }
    let head = window[..at].trim_end();
    let head = ["le", "la", "the", "Le", "La", "The"]
        .iter()
        .find_map(|d| head.strip_suffix(d))?
        .trim_end()
        .strip_suffix(',')?;
    let mut name: Vec<&str> = head
        .split_whitespace()
        .rev()
        .take(3)
        .take_while(|w| speakers::starts_upper(w))
        .collect();
    name.reverse();
    let name = name.join(" ");
    (name.split_whitespace().count() >= 2 && speakers::is_name(&name)).then_some(name)
}

/// The last capitalised word of a person's name ("Gopaul Govender" -> "Govender"),
/// before any apposition.
fn surname(name: &str) -> Option<&str> {
    let head = name.split(", ").next().unwrap_or(name);
    let last = head.split_whitespace().last()?;
    speakers::starts_upper(last).then_some(last)
}

/// The surname of a remembered speaker, looking into an apposition too
/// ("le ministre, Roman Ruml" -> "Ruml").
fn surname_of(name: &str) -> Option<&str> {
    surname(name).or_else(|| name.rsplit(", ").next().and_then(surname))
}

/// A paragraph of a quotation running over several paragraphs: it opens with a
/// quotation mark and closes none before its very end (news copy closes the marks
/// only in the quotation's last paragraph).
fn opens_running_quotation(body: &str) -> bool {
    let t = body.trim_matches(sentences::is_space);
    let Some(open) = t.chars().next().filter(|c| matches!(c, '“' | '«' | '"')) else {
        return false;
    };
    let inner = &t[open.len_utf8()..];
    let inner = inner
        .trim_end_matches(|c: char| sentences::is_space(c) || matches!(c, '.' | '!' | '?' | '…'));
    let inner = inner
        .strip_suffix(['”', '»', '"'])
        .unwrap_or(inner)
        .trim_end_matches(sentences::is_space);
    if inner.contains(['”', '»', '"', '“', '«']) {
        return false;
    }
    // Never closed: it runs on. Closed at its very end: it ends here, and a single
    // sentence so marked is a bare quotation, which `bare_quotation` reads.
    let closed = t
        .trim_end_matches(|c: char| sentences::is_space(c) || matches!(c, '.' | '!' | '?' | '…'))
        .ends_with(['”', '»', '"']);
    !closed || inner.contains(['.', '!', '?'])
}

/// The text of a sentence that is nothing but a quotation, marks trimmed.
fn bare_quotation(s: &str) -> Option<String> {
    let closed = s
        .trim_end_matches(|c: char| sentences::is_space(c) || matches!(c, '.' | '!' | '?' | '…'))
        .ends_with(['»', '”', '"']);
    if !closed {
        return None;
    }
    let spans = sentences::quote_spans(s);
    let first = spans.first()?;
    if !s[..first.start]
        .trim_matches(sentences::is_space)
        .is_empty()
    {
        return None;
    }
    let mut outside = String::new();
    let mut at = 0;
    for q in &spans {
        outside.push_str(&s[at..q.start]);
        at = q.end;
    }
    outside.push_str(&s[at..]);
    if outside
        .chars()
        .any(|c| !(sentences::is_space(c) || matches!(c, '.' | ',' | '!' | '?' | '…')))
    {
        return None;
    }
    let inner = patterns::tidy(s);
    (!inner.is_empty()).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(text: &str, lang: Lang) -> Vec<Candidate> {
        extract(text, Some(lang)).candidates
    }

    #[test]
    fn a_woman_named_as_an_object_is_found_by_elle() {
        let c = claims(
            "Le ministre a rencontré Marie Dupont, la maire de Lyon. « Nous avons avancé », a-t-elle déclaré.",
            Lang::Fr,
        );
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].speaker.as_deref(), Some("Marie Dupont"));
    }

    #[test]
    fn lang_parses_and_displays_its_codes() {
        assert_eq!("fr".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!(" EN ".parse::<Lang>(), Ok(Lang::En));
        assert_eq!(Lang::Fr.to_string(), "fr");
        let err = "de".parse::<Lang>().expect_err("German is not supported");
        assert_eq!(
            err.to_string(),
            "unknown language \"de\": expected fr or en"
        );
    }

    #[test]
    fn pronouns_resolve_to_the_nearest_agreeing_speaker() {
        let text = "La porte-parole du ministère des Affaires étrangères, Maria Zakharova, \
                    a affirmé que Moscou restait ouvert. Le ministère azerbaïdjanais de la \
                    Défense a démenti toute attaque. « Nous ne reculerons pas », a-t-elle ajouté.";
        let c = claims(text, Lang::Fr);
        assert_eq!(c.len(), 3, "{c:#?}");
        assert_eq!(
            c[2].speaker.as_deref(),
            Some("La porte-parole du ministère des Affaires étrangères, Maria Zakharova")
        );
    }

    #[test]
    fn a_description_takes_the_name_the_article_gave_it_earlier() {
        let text = "Le tabloïd révèle que le ministre de la Santé Roman Prymula dînait au \
                    restaurant. « Je ne démissionnerai pas », a déclaré le ministre de la Santé. \
                    « Je n'ai enfreint aucune règle », a-t-il estimé.";
        let c = claims(text, Lang::Fr);
        assert_eq!(
            c[1].speaker.as_deref(),
            Some("le ministre de la Santé, Roman Prymula")
        );
        assert_eq!(c[2].speaker, c[1].speaker);
        // No name given earlier: the description stays as it is.
        let c = claims(
            "« Nous partons », a déclaré le chef du gouvernement travailliste.",
            Lang::Fr,
        );
        assert_eq!(
            c[0].speaker.as_deref(),
            Some("le chef du gouvernement travailliste")
        );
    }

    #[test]
    fn he_and_she_resolve_to_a_man_and_a_woman() {
        let text = "Ms Ardern said the plan was ready. Mr Okafor said the money was not. \
                    \"We will build it,\" she said. \"It will be late,\" he said.";
        let c = claims(text, Lang::En);
        assert_eq!(c.len(), 4, "{c:#?}");
        assert_eq!(c[2].speaker.as_deref(), Some("Ms Ardern"));
        assert_eq!(c[3].speaker.as_deref(), Some("Mr Okafor"));
    }

    #[test]
    fn an_unresolvable_pronoun_gives_no_candidate() {
        assert!(claims("« Nous partons », a-t-il dit.", Lang::Fr).is_empty());
        assert!(claims("He said the talks had failed.", Lang::En).is_empty());
    }

    #[test]
    fn a_bare_quotation_continues_the_previous_quotation_and_paragraph() {
        let text = "\"We need more air defence,\" President Zelenskiy said. \"Every delay costs lives.\"\n\n\
                    \"We will not give up.\"";
        let c = claims(text, Lang::En);
        assert_eq!(c.len(), 2, "{c:#?}");
        assert_eq!(
            c[0].text,
            "We need more air defence. Every delay costs lives"
        );
        assert_eq!(c[0].end, text.find("\n\n").expect("two paragraphs"));
        assert_eq!(c[1].speaker.as_deref(), Some("President Zelenskiy"));
        assert_eq!(c[1].cue, None);
    }

    #[test]
    fn disclaimers_name_their_verifier_and_sentence_offsets() {
        let text = "Selon Bakou, les tirs ont cessé. CNN n'a pas été en mesure de vérifier \
                    les affirmations des deux parties.";
        let c = claims(text, Lang::Fr);
        let d = c
            .iter()
            .find(|c| c.kind == CandidateKind::Disclaimer)
            .expect("a disclaimer");
        assert_eq!(d.speaker.as_deref(), Some("CNN"));
        assert_eq!(
            &text[d.start..d.end],
            &text[text.find("CNN").expect("CNN")..]
        );
    }

    #[test]
    fn relays_from_cite_par_and_told_are_given_apart() {
        let c = claims(
            "« La frontière est calme », a déclaré Pashinyan, cité par Armenpress.",
            Lang::Fr,
        );
        assert_eq!(c[0].speaker.as_deref(), Some("Pashinyan"));
        assert_eq!(c[0].via, vec!["Armenpress"]);
        let c = claims(
            "A senior official told Reuters that aid was coming soon.",
            Lang::En,
        );
        assert_eq!(c[0].via, vec!["Reuters"]);
    }

    #[test]
    fn page_chrome_and_datelines_are_not_read_as_claims() {
        let text = "Partager\nLire aussi : le ministre a déclaré que tout allait bien\n\
                    PARIS, 3 mars (AFP) - Le ministre a déclaré que la réforme passerait.";
        let c = claims(text, Lang::Fr);
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(c[0].text, "la réforme passerait");
        assert!(!c[0].conditional, "future in the past after a past cue");
    }

    #[test]
    fn invalid_utf8_error_names_the_offset() {
        let err = extract_bytes(b"abc\xffdef", None).expect_err("invalid");
        assert_eq!(err, ExtractError::InvalidUtf8 { offset: 3 });
        assert!(err.to_string().contains("byte offset 3"));
    }

    #[test]
    fn candidates_serialise_with_the_documented_field_names() {
        let c = claims("Selon l'ONU, 40 civils auraient été tués.", Lang::Fr);
        let json = serde_json::to_value(&c[0]).expect("serialisable");
        for field in [
            "kind",
            "speaker",
            "cue",
            "text",
            "via",
            "conditional",
            "denial",
            "start",
            "end",
        ] {
            assert!(json.get(field).is_some(), "missing {field}");
        }
        assert_eq!(json["kind"], "claim");
        assert_eq!(json["conditional"], true);
    }
}
