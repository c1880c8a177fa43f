//! Attribution patterns inside one sentence.
//!
//! Given a sentence and the cue hits of the lexicon, decide for each hit which
//! pattern of the genre it belongs to, and so where the speaker and the content are:
//!
//! - quotation then incise: `« … », a déclaré X` / `« … », ajoute-t-il` /
//!   `"…," X said` / `"…," said X`;
//! - quotation split by its incise: `« A, a-t-il dit, B »`;
//! - incise after plain content: `…, a déclaré X dans un communiqué` /
//!   `…, the regional governor said on Tuesday`;
//! - cue + que/that/colon: `X a affirmé que …`, `X told reporters that …`;
//! - cue + direct complement: `X a démenti toute implication`, `He said two …`;
//! - source prepositions: `selon X, …`, `…, d'après X`, `according to X, …`;
//! - present participle + que/that: `…, affirmant que …` (speaker: the subject).
//!
//! Pronouns are returned unresolved ([`SpeakerRef::Pronoun`]): resolution needs the
//! article's earlier speakers, which `mod.rs` keeps. Nothing here allocates per
//! byte of input or compiles a pattern; each hit looks only at its own sentence,
//! whose length `sentences` bounds.

use std::ops::Range;

use super::Lang;
use super::lexicon::{self, Form, Hit, Pronoun, lexicon};
use super::sentences::{self, is_space};
use super::speakers::{
    self, SpeakerRef, comma_chunks, first_word, left_subject, lower_word, right_speaker,
    starts_upper, word_count, word_spans, words,
};

/// One attributed statement found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub speaker: SpeakerRef,
    pub cue: String,
    pub text: String,
    pub via: Vec<String>,
    pub denial: bool,
    pub conditional: bool,
    /// The content is a quotation (a following bare quotation may continue it).
    pub quoted: bool,
    /// Where the content lies in the sentence, when it is one plain range (so a
    /// second claim juxtaposed in the same sentence can cut it).
    content: Option<Range<usize>>,
}

/// French adverbs that may sit between an auxiliary and its participle.
#[rustfmt::skip]
const FR_ADVERBS: &[&str] = &[
    "également", "aussi", "encore", "notamment", "toutefois", "pourtant", "déjà", "ensuite",
    "enfin", "d'ailleurs", "lui-même", "elle-même", "alors", "cependant", "même", "bien",
    "plutôt", "longuement", "clairement", "publiquement", "récemment", "ainsi", "donc",
    "immédiatement", "finalement", "aussitôt", "néanmoins", "simplement", "fermement",
    "catégoriquement", "formellement", "vivement", "mardi", "lundi", "mercredi", "jeudi",
    "vendredi", "samedi", "dimanche", "hier", "de", "nouveau", "par", "ailleurs", "lui", "elle",
    "aussitôt", "récemment", "toujours", "souvent", "longtemps", "maintes", "fois", "à",
    "plusieurs", "reprises", "une", "nouvelle", "publiquement", "officiellement",
];

/// French auxiliaries of a reporting participle; the second value tells whether
/// the auxiliary is a conditional ("aurait déclaré": reported with caution).
fn fr_auxiliary(word: &str) -> Option<(Option<Pronoun>, bool)> {
    let w = word.to_lowercase().replace('’', "'");
    let (base, pronoun) = match w.split_once('-') {
        Some((b, rest)) => {
            let p = rest.trim_start_matches("t-");
            let p = match p {
                "il" => Pronoun::Masculine,
                "elle" => Pronoun::Feminine,
                "ils" | "elles" => Pronoun::Plural,
                _ => return None,
            };
            (b.to_owned(), Some(p))
        }
        None => (w, None),
    };
    match base.as_str() {
        "a" | "ont" | "avait" | "avaient" | "aura" | "auront" => Some((pronoun, false)),
        "aurait" | "auraient" => Some((pronoun, true)),
        _ => None,
    }
}

/// Start of the word that ends at `end` (exclusive), skipping spaces before `end`.
fn previous_word(s: &str, end: usize) -> Option<(usize, &str)> {
    let head = s[..end].trim_end_matches(is_space);
    if head.is_empty() {
        return None;
    }
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some((start, &head[start..]))
}

/// The cue's real start and the pronoun of an inverted auxiliary, for a French
/// participle ("a déclaré", "a-t-il dit", "ont également affirmé"); None without
/// an auxiliary (an adjectival participle is no cue).
fn fr_participle_start(s: &str, hit: &Hit) -> Option<(usize, Option<Pronoun>, bool)> {
    let mut at = hit.start;
    for _ in 0..5 {
        let (start, word) = previous_word(s, at)?;
        if let Some((pronoun, conditional)) = fr_auxiliary(word) {
            return Some((start, pronoun, conditional));
        }
        if !FR_ADVERBS.contains(&lower_word(word).as_str()) {
            return None;
        }
        at = start;
    }
    None
}

/// English: extend the cue over "has/have/had (also)"; refuse passives
/// ("was told"), infinitives ("declined to comment") and negations.
fn en_finite_start(s: &str, hit: &Hit) -> Option<usize> {
    let mut at = hit.start;
    let mut start = hit.start;
    for _ in 0..3 {
        let Some((ws, word)) = previous_word(s, at) else {
            return Some(start);
        };
        match lower_word(word).as_str() {
            "has" | "have" | "had" => {
                start = ws;
                at = ws;
            }
            "also" | "repeatedly" | "previously" | "already" | "publicly" | "flatly"
            | "strongly" | "later" | "again" | "earlier" | "firmly" | "separately" => at = ws,
            "be" | "been" | "being" | "was" | "were" | "is" | "are" | "to" | "not" | "never"
            | "didn't" | "don't" | "doesn't" | "won't" | "wouldn't" | "would" | "could"
            | "should" | "will" | "may" | "might" | "must" | "can" | "cannot" | "who" | "which" => {
                return None;
            }
            _ => return Some(start),
        }
    }
    Some(start)
}

/// Words ending in -rait/-raient that are not conditionals.
#[rustfmt::skip]
const NOT_CONDITIONAL: &[&str] = &[
    "portrait", "portraits", "extrait", "extraits", "retrait", "retraits", "attrait",
    "attraits", "trait", "traits", "abstrait", "abstraits", "distrait", "soustrait", "contrait",
];

/// The content reports with caution: a French conditional ("auraient ouvert le feu",
/// "serait mort") or an English hedge ("allegedly").
pub(crate) fn cautious(text: &str, lang: Lang) -> bool {
    words(text).any(|w| {
        let lw = lower_word(w);
        match lang {
            Lang::Fr => {
                (lw.ends_with("rait") || lw.ends_with("raient"))
                    && lw.chars().count() > 5
                    && !NOT_CONDITIONAL.contains(&lw.as_str())
            }
            Lang::En => matches!(
                lw.as_str(),
                "allegedly" | "reportedly" | "purportedly" | "supposedly" | "presumably"
            ),
        }
    })
}

/// A French cue in a past tense: a conditional after it is the future-in-the-past
/// ("a assuré que des mesures seraient présentées"), not caution.
fn past_cue(cue: &str, lang: Lang) -> bool {
    match lang {
        Lang::En => true,
        Lang::Fr => {
            let first = first_word(cue);
            matches!(first.as_str(), "a" | "ont" | "avait" | "avaient")
                || first.starts_with("a-t-")
                || first.starts_with("ont-")
                || first.starts_with("avait-")
                || cue.ends_with("ait")
                || cue.ends_with("aient")
        }
    }
}

/// Claim text as output: spaces collapsed, quotation marks and edge punctuation off.
pub(crate) fn tidy(text: &str) -> String {
    let mut t =
        text.trim_matches(|c: char| is_space(c) || matches!(c, ',' | ';' | ':' | '—' | '–'));
    for _ in 0..2 {
        let opens = t.starts_with(['«', '“', '"', '‹']);
        let closes = t.ends_with(['»', '”', '"', '›']);
        let inner_marks = t
            .chars()
            .filter(|&c| matches!(c, '«' | '»' | '“' | '”' | '"'))
            .count();
        if opens && closes && inner_marks == 2 {
            let first_len = t.chars().next().map_or(0, char::len_utf8);
            let last_len = t.chars().last().map_or(0, char::len_utf8);
            t = &t[first_len..t.len() - last_len];
        } else if opens && inner_marks == 1 {
            let first_len = t.chars().next().map_or(0, char::len_utf8);
            t = &t[first_len..];
        } else if closes && inner_marks == 1 {
            let last_len = t.chars().last().map_or(0, char::len_utf8);
            t = &t[..t.len() - last_len];
        }
        t = t.trim_matches(|c: char| is_space(c) || matches!(c, ',' | ';' | ':' | '.' | '—' | '–'));
    }
    let mut out = String::with_capacity(t.len());
    for (i, w) in words(t).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The quotation(s) opening the sentence and ending before `cue_start`.
fn leading_quotes(s: &str, quotes: &[Range<usize>], cue_start: usize) -> Option<(String, usize)> {
    let before: Vec<&Range<usize>> = quotes.iter().filter(|q| q.end <= cue_start).collect();
    let first = before.first()?;
    let prefix = s[..first.start].trim_matches(is_space);
    if !(prefix.is_empty() || prefix.ends_with(':') || word_count(prefix) <= 1) {
        return None;
    }
    let inner: Vec<String> = before
        .iter()
        .map(|q| sentences::quote_inner(s, q))
        .filter(|t| !t.is_empty())
        .collect();
    if inner.is_empty() {
        return None;
    }
    let last = before.last().map_or(first.end, |q| q.end);
    Some((inner.join(" "), last))
}

/// The position right after "que"/"qu'"/"that"/":" when it follows the cue within a
/// few words, with any relays named on the way ("told Reuters that").
fn complementiser(right: &str, lang: Lang, telling: bool, via: &mut Vec<String>) -> Option<usize> {
    /// Words before "que"/"that" that make a conjunction, not a complementiser.
    const CONJUNCTIONS: &[&str] = &[
        "alors", "parce", "bien", "tandis", "ainsi", "afin", "plus", "moins", "autant", "pendant",
        "dès", "après", "avant", "depuis", "sans", "pour", "si", "so", "such", "now", "given",
        "except", "other", "more", "less", "rather",
    ];
    let spans = word_spans(right);
    let mut objects = Vec::new();
    let mut k = 0usize;
    let mut previous = String::new();
    for &(pos, w) in spans.iter().take(10) {
        let lw = lower_word(w);
        if lw.is_empty() && !w.contains(':') {
            continue;
        }
        k += 1;
        let k = k - 1;
        if w.starts_with(':') {
            return Some(pos + 1);
        }
        let is_que = match lang {
            Lang::Fr => lw == "que" || lw.starts_with("qu'"),
            Lang::En => lw == "that",
        };
        if is_que {
            if CONJUNCTIONS.contains(&previous.as_str()) {
                return None;
            }
            let start = if lw == "que" || lw == "that" {
                pos + w.len()
            } else {
                let apostrophe = w.find(['\'', '’'])?;
                pos + apostrophe + w[apostrophe..].chars().next().map_or(1, char::len_utf8)
            };
            // "rejects that view": a determiner, not a complementiser.
            if lang == Lang::En && word_count(&right[start..]) < 3 {
                return None;
            }
            via.extend(objects);
            return Some(start);
        }
        if w.ends_with(':') {
            return Some(pos + w.len());
        }
        if w.contains(['«', '“', '"', '.', ';', '?', '!']) {
            return None;
        }
        // A comma closes the search unless what came before it was adverbial
        // ("cautioned, however, that"; "a déclaré, mardi, que").
        if w.ends_with(',') && k > 0 {
            let so_far = &right[..pos + w.len()];
            let last_chunk = so_far
                .trim_end_matches(',')
                .rsplit(',')
                .next()
                .unwrap_or("");
            if !speakers::is_adverbial(last_chunk) && !telling {
                return None;
            }
        }
        // What stands between the cue and "que" must be adverbials or, after "told",
        // the person told.
        if k == 0 && !telling && !speakers::is_adverbial(w) && !matches!(lw.as_str(), "à" | "aux")
        {
            let next_is_que = spans
                .iter()
                .skip_while(|&&(p, _)| p <= pos)
                .find(|&&(_, n)| !lower_word(n).is_empty())
                .is_some_and(|&(_, n)| matches!(lower_word(n).as_str(), "que" | "that"));
            if !next_is_que && lang == Lang::En {
                return None;
            }
        }
        if telling && starts_upper(w) {
            objects.push(speakers::clean(w));
        }
        previous = lw;
    }
    None
}

fn is_telling(cue: &str) -> bool {
    let lower = cue.to_lowercase();
    [
        "told", "tell", "tells", "telling", "informed", "assured", "reminded", "warned",
    ]
    .iter()
    .any(|w| lower.ends_with(w))
}

/// The hit is inside a quotation: `« A, a-t-il dit, B »`.
fn split_quote(
    s: &str,
    q: &Range<usize>,
    cue_start: usize,
    hit: &Hit,
    pronoun: Option<Pronoun>,
) -> Option<(SpeakerRef, String, Vec<String>)> {
    let open_len = s[q.start..].chars().next().map_or(1, char::len_utf8);
    let before = s[q.start + open_len..cue_start].trim_end_matches(is_space);
    let before = before.strip_suffix(',')?;
    if before.trim().is_empty() {
        return None;
    }
    let after = &s[hit.end..q.end];
    let comma = after.find(',')?;
    if comma > 80 {
        return None;
    }
    let mut via = Vec::new();
    let speaker = match pronoun {
        Some(p) => {
            if !after[..comma].trim().is_empty() {
                return None;
            }
            SpeakerRef::Pronoun(p)
        }
        None => SpeakerRef::Named(right_speaker(&after[..comma], &mut via)?.0),
    };
    let rest = &after[comma + 1..];
    let text = format!("{} {}", before.trim(), rest.trim());
    Some((speaker, tidy(&text), via))
}

/// Everything the analysis of one hit needs to know about it.
struct Cue {
    start: usize,
    end: usize,
    pronoun: Option<Pronoun>,
    conditional_aux: bool,
}

fn locate(s: &str, hit: &Hit, lang: Lang) -> Option<Cue> {
    let mut cue = Cue {
        start: hit.start,
        end: hit.end,
        pronoun: None,
        conditional_aux: false,
    };
    match (hit.entry.form, lang) {
        (Form::Participle, Lang::Fr) => {
            let (start, pronoun, conditional) = fr_participle_start(s, hit)?;
            cue.start = start;
            cue.pronoun = pronoun;
            cue.conditional_aux = conditional;
        }
        (Form::Inverted(p), _) => cue.pronoun = Some(p),
        (Form::Finite | Form::Base | Form::PresentParticiple | Form::Participle, Lang::En) => {
            if let Some((_, w)) = previous_word(s, hit.start)
                && matches!(
                    lower_word(w).as_str(),
                    "the" | "a" | "an" | "his" | "her" | "its" | "their" | "this" | "our" | "my"
                )
            {
                return None;
            }
            cue.start = en_finite_start(s, hit)?;
        }
        (Form::Finite, Lang::Fr) => {
            // "a dit", "a écrit": a form that is both present and participle.
            if let Some((start, pronoun, conditional)) = fr_participle_start(s, hit) {
                cue.start = start;
                cue.pronoun = pronoun;
                cue.conditional_aux = conditional;
                return Some(cue);
            }
            if let Some((_, w)) = previous_word(s, hit.start) {
                let lw = lower_word(w);
                // "ne dément pas", "n'affirme rien": negated.
                if lw == "ne" || lw == "n'" {
                    return None;
                }
                // "à la demande de", "une note": a noun, not a verb.
                if matches!(
                    lw.as_str(),
                    "la" | "le"
                        | "les"
                        | "une"
                        | "un"
                        | "sa"
                        | "son"
                        | "ses"
                        | "cette"
                        | "ce"
                        | "leur"
                        | "leurs"
                        | "des"
                        | "du"
                        | "l'"
                        | "notre"
                        | "votre"
                ) || lw.ends_with("l'") && w.len() <= 3
                {
                    return None;
                }
            }
        }
        _ => {}
    }
    Some(cue)
}

/// Is `pos` the start of the sentence (ignoring an opening mark or a dash)?
fn at_sentence_start(s: &str, pos: usize) -> bool {
    s[..pos]
        .trim_matches(|c: char| is_space(c) || matches!(c, '«' | '“' | '"' | '—' | '–' | '-' | '*'))
        .is_empty()
}

/// Cue hits looked at per sentence: real sentences hold a handful; a pathological
/// one (a list of "a déclaré" with no period) must not cost more than a bounded
/// amount per byte.
const MAX_HITS: usize = 16;
/// Bytes left of a cue in which its speaker is searched.
const SPEAKER_REACH: usize = 400;

/// The last `n` bytes of `s` (on a char boundary), and where they start.
fn tail(s: &str, n: usize) -> (usize, &str) {
    if s.len() <= n {
        return (0, s);
    }
    let mut start = s.len() - n;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    (start, &s[start..])
}

/// Analyse one sentence.
pub(crate) fn analyze(s: &str, lang: Lang) -> Vec<Found> {
    let mut hits = lexicon(lang).find(s);
    if hits.is_empty() && !(lang == Lang::Fr && s.starts_with("Pour ")) {
        return Vec::new();
    }
    hits.truncate(MAX_HITS);
    let mut out: Vec<Found> = Vec::new();
    let mut last_cue_end = 0usize;
    if lang == Lang::Fr
        && let Some(f) = pour_source(s)
    {
        last_cue_end = 4;
        out.push(f);
    }
    let quotes = sentences::quote_spans(s);
    for (i, hit) in hits.iter().enumerate() {
        // A capitalised form inside a sentence is part of a name ("State Department").
        if starts_upper(&s[hit.start..]) && !at_sentence_start(s, hit.start) {
            continue;
        }
        // A form right before another cue is a noun ("member states said").
        if hits.get(i + 1).is_some_and(|n| {
            s[hit.end..n.start].trim_matches(is_space).is_empty() && !starts_upper(&s[n.start..])
        }) {
            continue;
        }
        let Some(cue) = locate(s, hit, lang) else {
            continue;
        };
        if let Some(q) = quotes
            .iter()
            .find(|q| q.start < hit.start && hit.end < q.end)
        {
            if out.is_empty()
                && let Some((speaker, text, via)) = split_quote(s, q, cue.start, hit, cue.pronoun)
            {
                out.push(Found {
                    speaker,
                    cue: s[cue.start..cue.end].to_owned(),
                    conditional: cue.conditional_aux,
                    denial: hit.entry.verb.denial,
                    text,
                    via,
                    quoted: true,
                    content: None,
                });
                last_cue_end = cue.end;
            }
            continue;
        }
        if !out.is_empty() {
            // A second claim in the same sentence must stand in its own clause:
            // "Le chef de l'ONU appelle à …, Moscou appelle à …".
            if let Some(f) = juxtaposed(s, hit, &cue, last_cue_end, lang) {
                if let Some(prev) = out.last_mut()
                    && let Some(range) = prev.content.clone()
                    && let Some(comma) = s[..cue.start].rfind(',')
                    && range.contains(&comma)
                {
                    prev.text = tidy(&s[range.start..comma]);
                    prev.content = Some(range.start..comma);
                }
                last_cue_end = cue.end;
                out.push(f);
            }
            continue;
        }
        if let Some(f) = analyze_hit(s, hit, &cue, &quotes, lang) {
            last_cue_end = cue.end;
            out.push(f);
        }
    }
    out.retain(|f| !f.text.is_empty());
    out
}

/// "Pour le président de la Fédération, Philippe Besset, la situation est inédite":
/// French "pour" + a person or body opening the sentence attributes the rest.
fn pour_source(s: &str) -> Option<Found> {
    let rest = s.strip_prefix("Pour ")?;
    let chunks = comma_chunks(rest);
    if chunks.len() < 2 {
        return None;
    }
    let head = chunks[0].trim_matches(is_space);
    let mut used = chunks[0].len() + 1;
    let speaker = if let Some(p) = speakers::pronoun(head).filter(|_| word_count(head) == 1) {
        SpeakerRef::Pronoun(p)
    } else {
        if !speakers::is_person_or_body(head) {
            return None;
        }
        let mut name = speakers::clean(head);
        if chunks.len() >= 3 {
            let second = speakers::clean(chunks[1]);
            if speakers::is_name(&second) || speakers::is_role(&second) {
                name = format!("{name}, {second}");
                used += chunks[1].len() + 1;
            }
        }
        SpeakerRef::Named(name)
    };
    let start = 5 + used.min(rest.len());
    let text = tidy(&s[start..]);
    if word_count(&text) < 3 {
        return None;
    }
    Some(Found {
        speaker,
        cue: "Pour".to_owned(),
        conditional: cautious(&text, Lang::Fr),
        denial: false,
        text,
        via: Vec::new(),
        quoted: false,
        content: Some(start..s.len()),
    })
}

fn juxtaposed(s: &str, hit: &Hit, cue: &Cue, after: usize, lang: Lang) -> Option<Found> {
    if matches!(hit.entry.form, Form::Source | Form::PresentParticiple) {
        return None;
    }
    let comma = s[..cue.start].rfind([',', ';'])?;
    if comma < after {
        return None;
    }
    let mut via = Vec::new();
    let SpeakerRef::Named(name) = left_subject(&s[comma + 1..cue.start], false, &mut via)? else {
        return None;
    };
    if !(speakers::is_name(&name) || word_count(&name) <= 6 && starts_upper(&name)) {
        return None;
    }
    let right = &s[cue.end..];
    let content = complementiser(right, lang, is_telling(&s[cue.start..cue.end]), &mut via)
        .map_or(right, |p| &right[p..]);
    let text = tidy(content);
    if word_count(&text) < 2 {
        return None;
    }
    Some(Found {
        speaker: SpeakerRef::Named(name),
        cue: s[cue.start..cue.end].to_owned(),
        conditional: cue.conditional_aux || cautious(&text, lang),
        denial: hit.entry.verb.denial,
        text,
        via,
        quoted: false,
        content: None,
    })
}

fn analyze_hit(
    s: &str,
    hit: &Hit,
    cue: &Cue,
    quotes: &[Range<usize>],
    lang: Lang,
) -> Option<Found> {
    let cue_text = s[cue.start..cue.end].to_owned();
    let left = &s[..cue.start];
    let right = &s[cue.end..];
    let mut via = Vec::new();
    let verb = hit.entry.verb;
    let found = |speaker: SpeakerRef,
                 text: String,
                 via: Vec<String>,
                 quoted: bool,
                 content: Option<Range<usize>>,
                 caution: bool| Found {
        speaker,
        cue: cue_text.clone(),
        conditional: cue.conditional_aux || (caution && cautious(&text, lang)),
        denial: verb.denial,
        text,
        via,
        quoted,
        content,
    };

    if hit.entry.form == Form::Source {
        return source(s, hit, cue).map(|(speaker, text, content)| {
            found(speaker, text, Vec::new(), false, content, true)
        });
    }

    // 1. Quotation, then the incise.
    if let Some((quote, quote_end)) = leading_quotes(s, quotes, cue.start) {
        let between = s[quote_end..cue.start].trim_matches(|c: char| is_space(c) || c == ',');
        let speaker = if between.is_empty() {
            match cue.pronoun {
                Some(p) => Some(SpeakerRef::Pronoun(p)),
                None if lang == Lang::En && !lexicon::is_invertible_en(&cue_text) => None,
                None => right_speaker(right, &mut via).map(|(n, _)| SpeakerRef::Named(n)),
            }
        } else if cue.pronoun.is_none() && word_count(between) <= 12 {
            left_subject(between, true, &mut via)
        } else {
            None
        };
        if let Some(speaker) = speaker {
            if is_telling(&cue_text) {
                told_outlet(right, &mut via);
            }
            return Some(found(speaker, tidy(&quote), via, true, None, true));
        }
        return None;
    }

    if hit.entry.form == Form::PresentParticiple {
        // "X a publié un communiqué affirmant que …", "X issued a statement saying
        // that …": the statement's author speaks. Elsewhere a participle clause
        // belongs to whatever the sentence is about, often not a speaker.
        // After a comma, "…, saying that …" / "…, estimant que …" also speaks for
        // the subject of the sentence.
        let after_comma = left.trim_end_matches(is_space).ends_with(',');
        if !(after_statement_noun(left) || after_comma) {
            return None;
        }
        let telling = is_telling(&cue_text);
        let start = match complementiser(right, lang, telling, &mut via) {
            Some(p) => p,
            None if lang == Lang::En && verb.object => 0,
            None => return None,
        };
        let speaker = sentence_subject(left, lang)?;
        let text = tidy(&right[start..]);
        if word_count(&text) < 2 {
            return None;
        }
        return Some(found(
            SpeakerRef::Named(speaker),
            text,
            via,
            false,
            None,
            true,
        ));
    }

    let incise_only = lexicon::is_incise_only(&cue_text);

    // 2. Incise after plain content: "…, a déclaré X" / "…, ajoute-t-il".
    let lt = left.trim_end_matches(is_space);
    if let Some(content) = lt.strip_suffix(',')
        && word_count(content) >= 3
        && !is_subject_apposition(content)
    {
        if let Some(p) = cue.pronoun {
            return Some(found(
                SpeakerRef::Pronoun(p),
                tidy(content),
                via,
                false,
                Some(0..content.len()),
                true,
            ));
        }
        let mut v = Vec::new();
        if (lang == Lang::Fr || lexicon::is_invertible_en(&cue_text))
            && let Some((name, end)) = right_speaker(right, &mut v)
            && tail_is_short(&right[end..])
            && (speakers::is_person_or_body(&name) || speakers::is_name(&name))
        {
            return Some(found(
                SpeakerRef::Named(name),
                tidy(content),
                v,
                false,
                Some(0..content.len()),
                true,
            ));
        }
    }
    // 2b. "…, the regional governor said on Tuesday."
    if let Some(f) = incise_with_subject(s, cue, lang) {
        let (speaker, text, range, v) = f;
        return Some(found(speaker, text, v, false, Some(range), true));
    }
    if incise_only {
        return None;
    }

    // 3. Cue + que/that/colon.
    let telling = is_telling(&cue_text);
    let mut v = Vec::new();
    if let Some(p) = complementiser(right, lang, telling, &mut v) {
        let speaker = match cue.pronoun {
            Some(pr) => Some(SpeakerRef::Pronoun(pr)),
            None => left_subject(tail(left, SPEAKER_REACH).1, true, &mut v),
        };
        if let Some(speaker) = speaker
            && (hit.entry.form != Form::Base || plural_subject(&speaker))
        {
            let text = tidy(&right[p..]);
            let caution = !past_cue(&cue_text, lang);
            let start = cue.end + p;
            return Some(found(
                speaker,
                text,
                v,
                false,
                Some(start..s.len()),
                caution,
            ));
        }
        return None;
    }

    // 4. Cue + direct complement ("a démenti toute implication", "disent avoir été
    // réveillés", "He said two children were …").
    if !(verb.object || lang == Lang::Fr && opens_with_infinitive(right)) {
        return None;
    }
    let speaker = match cue.pronoun {
        Some(pr) => SpeakerRef::Pronoun(pr),
        None => left_subject(tail(left, SPEAKER_REACH).1, true, &mut via)?,
    };
    if hit.entry.form == Form::Base && !plural_subject(&speaker) {
        return None;
    }
    let mut content_start = cue.end;
    if telling {
        content_start += told_outlet(right, &mut via);
    }
    content_start += leading_adverbials(&s[content_start..]);
    if lexicon::EN_NEEDS_QUOTE.contains(&lower_word(&cue_text).as_str())
        && !s[content_start..].contains(['"', '“', '«'])
    {
        return None;
    }
    let text = tidy(&s[content_start..]);
    if word_count(&text) < 2 && !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let caution = lang == Lang::Fr && !past_cue(&cue_text, lang) || lang == Lang::En;
    Some(found(
        speaker,
        text,
        via,
        false,
        Some(content_start..s.len()),
        caution,
    ))
}

/// "avoir été réveillés", "être menacé", "ne pas avoir": a compound infinitive
/// reports a claim whatever the verb ("disent avoir été …").
fn opens_with_infinitive(right: &str) -> bool {
    let first = first_word(right.trim_start_matches(|c: char| is_space(c) || c == ','));
    matches!(first.as_str(), "avoir" | "être" | "ne" | "n'")
}

fn plural_subject(speaker: &SpeakerRef) -> bool {
    match speaker {
        SpeakerRef::Named(n) => speakers::gender(n, Lang::En) == speakers::Gender::Plural,
        SpeakerRef::Pronoun(p) => *p == Pronoun::Plural,
        SpeakerRef::Coordinated => true,
    }
}

/// Nouns of a published statement, which a present participle may follow.
#[rustfmt::skip]
const STATEMENT_NOUNS: &[&str] = &[
    "communiqué", "déclaration", "lettre", "message", "tweet", "post", "vidéo", "rapport",
    "texte", "note", "statement", "letter", "report", "video", "release", "filing", "memo",
];

fn after_statement_noun(left: &str) -> bool {
    let mut it = words(left).rev().map(lower_word);
    let last = it.next().unwrap_or_default();
    let last = last.trim_end_matches(',');
    if STATEMENT_NOUNS.contains(&last) {
        return true;
    }
    // "un communiqué publié lundi", "a statement released on Monday".
    words(left)
        .rev()
        .take(4)
        .any(|w| STATEMENT_NOUNS.contains(&lower_word(w).as_str()))
        && left.trim_end().ends_with(',')
}

/// Bytes of time and manner adverbials opening a complement ("a affirmé jeudi
/// avoir …", "dénoncent pour leur part …"), which are not part of the claim.
fn leading_adverbials(right: &str) -> usize {
    #[rustfmt::skip]
    const PHRASES: &[&str] = &[
        "pour sa part", "pour leur part", "de son côté", "de leur côté", "de nouveau",
        "par ailleurs", "à nouveau", "une nouvelle fois", "lui aussi", "elle aussi",
    ];
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "hier", "également", "aussi", "encore", "toutefois", "pourtant", "ensuite", "enfin",
        "notamment", "aujourd'hui", "déjà", "cependant", "néanmoins", "matin", "soir", "midi",
        "yesterday", "today", "also", "again", "however",
    ];
    let mut at = 0;
    for _ in 0..4 {
        let rest = &right[at..];
        let trimmed = rest.trim_start_matches(|c: char| is_space(c) || c == ',');
        let skipped = rest.len() - trimmed.len();
        let lower = trimmed.to_lowercase();
        if let Some(p) = PHRASES.iter().find(|p| lower.starts_with(*p)) {
            at += skipped + p.len();
            continue;
        }
        let w = first_word(trimmed);
        let weekday = matches!(
            w.as_str(),
            "lundi" | "mardi" | "mercredi" | "jeudi" | "vendredi" | "samedi" | "dimanche"
        );
        if (weekday || WORDS.contains(&w.as_str())) && !w.is_empty() {
            let len = trimmed.find(is_space).unwrap_or(trimmed.len());
            at += skipped + len;
            continue;
        }
        break;
    }
    // Lowercasing may change byte lengths; stay on a boundary of the original.
    while at < right.len() && !right.is_char_boundary(at) {
        at += 1;
    }
    at.min(right.len())
}

/// After "told": the person or outlet told ("told Reuters", "told CNN by phone",
/// "a déclaré à l'AFP"); outlets go to `via`. Returns the bytes consumed.
fn told_outlet(right: &str, via: &mut Vec<String>) -> usize {
    let spans = word_spans(right);
    let Some(&(pos, w)) = spans.first() else {
        return 0;
    };
    let lw = lower_word(w);
    if matches!(
        lw.as_str(),
        "reporters"
            | "journalists"
            | "lawmakers"
            | "me"
            | "us"
            | "them"
            | "him"
            | "her"
            | "the"
            | "a"
            | "an"
    ) {
        // "told the Associated Press": a determiner then capitalised words.
        if matches!(lw.as_str(), "the" | "a" | "an") {
            let mut end = pos + w.len();
            let mut name = Vec::new();
            for &(p, n) in spans.iter().skip(1).take(4) {
                if starts_upper(n) {
                    name.push(n.trim_end_matches([',', '.']));
                    end = p + n.len();
                } else {
                    break;
                }
            }
            if !name.is_empty() {
                via.push(format!("{} {}", w, name.join(" ")));
                return end;
            }
            return 0;
        }
        return pos + w.len();
    }
    if starts_upper(w) {
        let mut end = pos + w.len();
        let mut name = vec![w.trim_end_matches([',', '.'])];
        for &(p, n) in spans.iter().skip(1).take(3) {
            if starts_upper(n) && !w.ends_with(',') {
                name.push(n.trim_end_matches([',', '.']));
                end = p + n.len();
            } else {
                break;
            }
        }
        via.push(name.join(" "));
        return end;
    }
    0
}

/// "Le secrétaire général de la CFDT, Laurent Berger," before a cue is the subject
/// with its apposition, not content followed by an incise.
fn is_subject_apposition(content: &str) -> bool {
    let chunks = comma_chunks(content);
    // "Le Leem, qui représente les entreprises du médicament,": a subject and its
    // relative clause (or relay) before the verb.
    if chunks.len() >= 2 {
        let last = chunks[chunks.len() - 1];
        let opener = first_word(last);
        let relative = matches!(
            opener.as_str(),
            "qui" | "who" | "which" | "dont" | "lequel" | "laquelle" | "lesquels"
        ) || speakers::relay(last).is_some();
        let emphatic = matches!(
            lower_word(last).as_str(),
            "eux" | "lui" | "elle" | "elles" | "lui-même" | "elle-même" | "eux-mêmes"
        );
        if (relative || emphatic) && speakers::is_plausible(&speakers::clean(chunks[0])) {
            return true;
        }
    }
    let last = chunks.last().map_or("", |c| c.trim_matches(is_space));
    let last_clean = speakers::clean(last);
    if chunks.len() < 2 || !(speakers::is_name(&last_clean) || speakers::is_role(&last_clean)) {
        return false;
    }
    let prev = speakers::clean(chunks[chunks.len() - 2]);
    (speakers::is_role(&prev) || speakers::is_name(&prev)) && chunks.len() == 2
}

/// After a right-hand speaker, only a short tail may follow ("dans un communiqué",
/// ", qui a perdu son frère"); a long one means the "speaker" was content.
fn tail_is_short(tail: &str) -> bool {
    let t =
        tail.trim_matches(|c: char| is_space(c) || matches!(c, '.' | '!' | '?' | '»' | '”' | '"'));
    if t.is_empty() || word_count(t) <= 12 {
        return true;
    }
    let after_comma = t.strip_prefix(',').map(str::trim_start);
    after_comma.is_some_and(|a| {
        matches!(
            first_word(a).as_str(),
            "qui"
                | "who"
                | "dont"
                | "which"
                | "ajoutant"
                | "adding"
                | "saying"
                | "warning"
                | "selon"
                | "according"
                | "soulignant"
                | "précisant"
                | "estimant"
        )
    })
}

/// "…, the regional governor said on Tuesday." / "…, officials say": content first,
/// then a subject and its cue, then at most a short adverbial.
fn incise_with_subject(
    s: &str,
    cue: &Cue,
    lang: Lang,
) -> Option<(SpeakerRef, String, Range<usize>, Vec<String>)> {
    if cue.pronoun.is_some() {
        return None;
    }
    let left = &s[..cue.start];
    let (offset, near) = tail(left, SPEAKER_REACH);
    let chunks = comma_chunks(near);
    if chunks.len() < 2 {
        return None;
    }
    let last = chunks.last()?;
    let comma = offset + near.len() - last.len() - 1;
    let content = &left[..comma];
    if word_count(content) < 4 {
        return None;
    }
    if !content.contains(',') && speakers::is_adverbial(content) {
        return None;
    }
    let right = &s[cue.end..];
    let tail = right.split(',').next().unwrap_or("");
    let tail_t = tail.trim_matches(|c: char| is_space(c) || matches!(c, '.' | '!' | '?'));
    if word_count(tail_t) > 6 {
        return None;
    }
    let first = first_word(tail_t);
    let tail_ok = tail_t.is_empty()
        || speakers::is_adverbial(tail_t)
        || matches!(
            first.as_str(),
            "dans" | "lors" | "devant" | "in" | "on" | "at" | "late" | "last"
        )
        || (lang == Lang::En && starts_upper(tail_t) && is_telling(&s[cue.start..cue.end]));
    if !tail_ok || words(tail_t).any(|w| matches!(lower_word(w).as_str(), "that" | "que" | "qu'")) {
        return None;
    }
    let mut via = Vec::new();
    let speaker = left_subject(last, false, &mut via)?;
    if is_telling(&s[cue.start..cue.end]) {
        told_outlet(right, &mut via);
    }
    Some((speaker, tidy(content), 0..comma, via))
}

/// "selon X, …" / "…, selon X" / "according to X, …".
fn source(s: &str, hit: &Hit, cue: &Cue) -> Option<(SpeakerRef, String, Option<Range<usize>>)> {
    let right = &s[cue.end..];
    let chunks = comma_chunks(right);
    let head = chunks.first()?;
    let head_t = head.trim_matches(|c: char| is_space(c) || matches!(c, '.' | '!' | '?'));
    let first = first_word(head_t);
    if matches!(
        first.as_str(),
        "que"
            | "qu'"
            | "lequel"
            | "laquelle"
            | "lesquels"
            | "toute"
            | "tous"
            | "moi"
            | "nous"
            | "me"
            | "us"
            | "which"
    ) {
        return None;
    }
    let at_start = {
        let before = s[..hit.start]
            .trim_matches(|c: char| is_space(c) || matches!(c, '«' | '“' | '"' | '—' | '–' | '-'));
        before.is_empty()
            || matches!(
                lower_word(before).as_str(),
                "mais" | "et" | "but" | "and" | "or"
            )
    };
    let speaker_ref = |name: &str| -> Option<SpeakerRef> {
        let one_word = words(name).count() == 1;
        if one_word && let Some(p) = speakers::pronoun(name) {
            return Some(SpeakerRef::Pronoun(p));
        }
        let cleaned = strip_terms_of(&speakers::clean(name));
        speakers::is_plausible(&cleaned).then_some(SpeakerRef::Named(cleaned))
    };
    if at_start {
        if chunks.len() < 2 {
            return None;
        }
        let mut speaker = head_t.to_owned();
        let mut used = head.len() + 1;
        if chunks.len() >= 3 {
            let second = chunks[1].trim_matches(is_space);
            if (speakers::is_role(second) || speakers::is_name(second)) && word_count(second) <= 10
            {
                speaker = format!("{}, {}", head_t.trim(), second);
                used += chunks[1].len() + 1;
            }
        }
        let speaker = speaker_ref(&speaker)?;
        let start = cue.end + used.min(right.len());
        let text = tidy(&s[start..]);
        if word_count(&text) < 2 {
            return None;
        }
        return Some((speaker, text, Some(start..s.len())));
    }
    // Mid or end of sentence: the content is what precedes, plus what follows the
    // source's own clause.
    let name = cut_source_name(head_t);
    let speaker = speaker_ref(name)?;
    let before = s[..cue.start].trim_end_matches(is_space);
    let before = before.strip_suffix(',').unwrap_or(before);
    let after_head = &right[head.len().min(right.len())..];
    let mut text = before.to_owned();
    let rest = tidy(after_head);
    if word_count(&rest) >= 2 {
        text.push(' ');
        text.push_str(&rest);
    }
    let text = tidy(&text);
    if word_count(&text) < 2 {
        return None;
    }
    Some((speaker, text, Some(0..before.len())))
}

/// "les termes des autorités" -> "les autorités": the words of a source are the source.
fn strip_terms_of(name: &str) -> String {
    let lower = name.to_lowercase();
    for (prefix, article) in [
        ("les termes des ", "les "),
        ("les termes du ", "le "),
        ("les termes de la ", "la "),
        ("les propos des ", "les "),
        ("les propos du ", "le "),
        ("les chiffres des ", "les "),
        ("les chiffres du ", "le "),
        ("les chiffres de la ", "la "),
    ] {
        if lower.starts_with(prefix) {
            return format!("{article}{}", &name[prefix.len()..]);
        }
    }
    name.to_owned()
}

/// A source after "selon" ends at a quotation or the first word of a new clause.
fn cut_source_name(head: &str) -> &str {
    let end = head.find(['«', '“', '"', '(']).unwrap_or(head.len());
    let head = &head[..end];
    for (pos, w) in word_spans(head).into_iter().skip(1) {
        if matches!(lower_word(w).as_str(), "des" | "de" | "du" | "d'") {
            continue;
        }
        if matches!(
            lower_word(w).as_str(),
            "qui"
                | "who"
                | "that"
                | "which"
                | "dont"
                | "released"
                | "published"
                | "publié"
                | "publiée"
                | "issued"
                | "on"
                | "le"
                | "la"
                | "les"
        ) && pos > 0
        {
            let before = head[..pos].trim_end();
            if word_count(before) >= 1 {
                // "selon les chiffres publiés" keeps going; "selon la police les …" stops.
                return before;
            }
        }
    }
    head
}

/// A person introduced by a sentence that is not a claim ("Her colleague, Atlanta
/// Fed President Raphael Bostic, struck a more cautious tone."), so that a pronoun in
/// the next sentence finds them.
pub(crate) fn introduced_person(s: &str) -> Option<String> {
    let chunks = comma_chunks(s);
    if chunks.len() < 3 {
        return None;
    }
    let (a, b) = (speakers::clean(chunks[0]), speakers::clean(chunks[1]));
    if speakers::is_adverbial(&a) || !speakers::is_name(&b) || word_count(&b) < 2 {
        return None;
    }
    let a_ok = speakers::is_role(&a) || words(&a).count() <= 6 && !speakers::is_name(&a);
    a_ok.then(|| format!("{a}, {b}"))
}

/// The subject opening a sentence: its words up to the first finite verb (or, in
/// English, the first past form or time adverbial: "A federal judge on Friday
/// blocked …").
pub(crate) fn sentence_subject(s: &str, lang: Lang) -> Option<String> {
    let chunks = comma_chunks(s);
    for chunk in chunks.iter().take(3) {
        if speakers::is_adverbial(chunk) {
            continue;
        }
        let mut end = chunk.len();
        for (k, (pos, w)) in word_spans(chunk).into_iter().enumerate() {
            let lw = lower_word(w);
            let finite = matches!(
                lw.as_str(),
                "a" | "ont"
                    | "est"
                    | "sont"
                    | "avait"
                    | "avaient"
                    | "has"
                    | "have"
                    | "had"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "will"
                    | "on"
                    | "in"
                    | "at"
                    | "temporarily"
                    | "also"
                    | "then"
                    | "later"
                    | "earlier"
            ) && !(lw == "a" && lang == Lang::En);
            let past = lang == Lang::En && k > 0 && lw.ends_with("ed") && !starts_upper(w);
            let cue = lexicon(lang)
                .find(w)
                .first()
                .is_some_and(|h| h.start == 0 && h.end == w.len());
            if k > 0 && (finite || past || cue) {
                end = pos;
                break;
            }
        }
        if end == chunk.len() {
            // "President Tayyip Erdogan, writing on X, offered …": a bare noun phrase
            // followed by an adverbial chunk is the subject.
            let name = speakers::clean(chunk);
            let next_adverbial = chunks.get(1).is_some_and(|c| speakers::is_adverbial(c));
            return (next_adverbial && speakers::is_plausible(&name) && word_count(&name) <= 6)
                .then_some(name);
        }
        let name = speakers::clean(&chunk[..end]);
        return (speakers::is_plausible(&name) && word_count(&name) <= 8).then_some(name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str, lang: Lang) -> Found {
        let mut found = analyze(s, lang);
        assert_eq!(found.len(), 1, "{s}: {found:#?}");
        found.remove(0)
    }

    fn named(f: &Found) -> &str {
        match &f.speaker {
            SpeakerRef::Named(n) => n,
            other => panic!("expected a named speaker, got {other:?}"),
        }
    }

    #[test]
    fn french_quotation_with_trailing_incise() {
        let f = one(
            "« Nous irons jusqu'au bout », a prévenu Philippe Martinez, le secrétaire général de la CGT.",
            Lang::Fr,
        );
        assert_eq!(
            named(&f),
            "Philippe Martinez, le secrétaire général de la CGT"
        );
        assert_eq!(f.cue, "a prévenu");
        assert_eq!(f.text, "Nous irons jusqu'au bout");
    }

    #[test]
    fn french_inverted_pronoun_incise_is_left_unresolved() {
        let f = one("« Oui », ajoute-t-il.", Lang::Fr);
        assert_eq!(f.speaker, SpeakerRef::Pronoun(Pronoun::Masculine));
        let f = one(
            "« Les forces doivent se rendre », a-t-elle averti.",
            Lang::Fr,
        );
        assert_eq!(f.speaker, SpeakerRef::Pronoun(Pronoun::Feminine));
    }

    #[test]
    fn english_quotation_with_speaker_before_or_after_the_cue() {
        let f = one(
            "\"We are not there yet,\" Fed Governor Lisa Cook said in a speech.",
            Lang::En,
        );
        assert_eq!(named(&f), "Fed Governor Lisa Cook");
        assert_eq!(f.text, "We are not there yet");
        let f = one(
            "“The Fed risks overtightening,” said Diane Swonk, chief economist at KPMG.",
            Lang::En,
        );
        assert_eq!(named(&f), "Diane Swonk, chief economist at KPMG");
        let f = one("\"Military targets only,\" the ministry said.", Lang::En);
        assert_eq!(named(&f), "the ministry");
    }

    #[test]
    fn quotation_split_by_its_incise() {
        let f = one(
            "« Le gouvernement, a-t-il dit, ne mesure pas la colère. »",
            Lang::Fr,
        );
        assert_eq!(f.speaker, SpeakerRef::Pronoun(Pronoun::Masculine));
        assert_eq!(f.text, "Le gouvernement ne mesure pas la colère");
    }

    #[test]
    fn cue_verb_with_que() {
        let f = one(
            "Le ministère azerbaïdjanais de la Défense a affirmé que les forces arméniennes auraient ouvert le feu.",
            Lang::Fr,
        );
        assert_eq!(named(&f), "Le ministère azerbaïdjanais de la Défense");
        assert_eq!(f.text, "les forces arméniennes auraient ouvert le feu");
    }

    #[test]
    fn english_said_that_and_told_y_that() {
        let f = one(
            "Kremlin spokesman Dmitry Peskov told reporters that Moscow remained open to talks.",
            Lang::En,
        );
        assert_eq!(named(&f), "Kremlin spokesman Dmitry Peskov");
        assert_eq!(f.text, "Moscow remained open to talks");
        let f = one(
            "A senior official told Reuters that aid was coming.",
            Lang::En,
        );
        assert_eq!(f.via, vec!["Reuters"]);
    }

    #[test]
    fn selon_and_according_to_at_either_end() {
        let f = one(
            "Selon le ministère du Travail, la réforme permettrait d'économiser 17 milliards.",
            Lang::Fr,
        );
        assert_eq!(named(&f), "le ministère du Travail");
        assert!(f.conditional);
        let f = one(
            "Au moins 40 civils ont été tués, selon un comité de secouristes.",
            Lang::Fr,
        );
        assert_eq!(named(&f), "un comité de secouristes");
        assert_eq!(f.text, "Au moins 40 civils ont été tués");
        let f = one(
            "According to Ukraine's air force, Russia launched 48 drones overnight.",
            Lang::En,
        );
        assert_eq!(named(&f), "Ukraine's air force");
        let f = one(
            "D’après l’ONU, plus de 10 millions de personnes ont été déplacées.",
            Lang::Fr,
        );
        assert_eq!(named(&f), "l’ONU");
    }

    #[test]
    fn incise_after_plain_content() {
        let f = one(
            "Les frappes ont tué quatre civils, a déclaré le ministère dans un communiqué.",
            Lang::Fr,
        );
        assert_eq!(named(&f), "le ministère");
        assert_eq!(f.text, "Les frappes ont tué quatre civils");
        let f = one(
            "Russian forces shelled the city overnight, the regional governor said on Tuesday.",
            Lang::En,
        );
        assert_eq!(named(&f), "the regional governor");
        assert_eq!(f.text, "Russian forces shelled the city overnight");
    }

    #[test]
    fn denials_are_flagged() {
        let f = one("L'armée soudanaise a démenti toute implication.", Lang::Fr);
        assert!(f.denial);
        assert_eq!(f.text, "toute implication");
        let f = one(
            "The Ministry of Climate Change denied that warnings had been ignored.",
            Lang::En,
        );
        assert!(f.denial);
    }

    #[test]
    fn conditional_of_caution_is_flagged_but_not_future_in_the_past() {
        let f = one("Selon l'ONG, le chef rebelle serait mort.", Lang::Fr);
        assert!(f.conditional);
        let f = one(
            "Il a assuré que des mesures seraient présentées lundi.",
            Lang::Fr,
        );
        assert!(!f.conditional);
        let f = one("Des ONG estiment que le bilan serait plus élevé.", Lang::Fr);
        assert!(f.conditional);
    }

    #[test]
    fn relays_in_the_subject_are_kept_apart() {
        let f = one(
            "Le ministre des Affaires étrangères, cité par l'agence officielle Suna, a estimé que la milice ment.",
            Lang::Fr,
        );
        assert_eq!(named(&f), "Le ministre des Affaires étrangères");
        assert_eq!(f.via, vec!["l'agence officielle Suna"]);
    }

    #[test]
    fn passives_negations_and_adjectival_participles_are_not_claims() {
        assert!(analyze("Le ministre n'a pas démenti.", Lang::Fr).is_empty());
        assert!(analyze("He was told to leave the building.", Lang::En).is_empty());
        assert!(
            analyze(
                "The White House declined to comment on the remarks.",
                Lang::En
            )
            .is_empty()
        );
        assert!(analyze("L'état d'urgence déclaré hier reste en vigueur.", Lang::Fr).is_empty());
    }

    #[test]
    fn juxtaposed_clauses_give_two_claims() {
        let found = analyze(
            "Le chef de l'ONU appelle à un arrêt immédiat des combats, Moscou appelle à cesser l'effusion de sang.",
            Lang::Fr,
        );
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].text, "à un arrêt immédiat des combats");
        assert_eq!(named(&found[1]), "Moscou");
    }

    #[test]
    fn coordinated_cue_takes_the_sentence_subject() {
        let f = one(
            "L'Azerbaïdjan a lancé une opération, et affirme avoir conquis soixante positions.",
            Lang::Fr,
        );
        assert_eq!(f.speaker, SpeakerRef::Coordinated);
        assert_eq!(
            sentence_subject("L'Azerbaïdjan a lancé une opération", Lang::Fr).as_deref(),
            Some("L'Azerbaïdjan")
        );
        assert_eq!(
            sentence_subject("A federal judge on Friday blocked a law", Lang::En).as_deref(),
            Some("A federal judge")
        );
    }

    #[test]
    fn tidy_trims_quotation_marks_and_edge_punctuation() {
        assert_eq!(tidy("« Nous partons. »"), "Nous partons");
        assert_eq!(
            tidy(", \"Every delay costs lives.\""),
            "Every delay costs lives"
        );
    }
}
