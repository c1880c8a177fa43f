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
//! This file holds the per-sentence driver and the per-hit decision; `cue` finds
//! where a reporting expression starts, `content` where the claim lies, `source` the
//! speakers that the sentence's shape places ("selon X", "…, X said").
//!
//! Pronouns are returned unresolved ([`SpeakerRef::Pronoun`]): resolution needs the
//! article's earlier speakers, which `mod.rs` keeps. Nothing here allocates per
//! byte of input or compiles a pattern; each hit looks only at its own sentence,
//! whose length `sentences` bounds.

mod content;
mod cue;
mod source;

use std::ops::Range;

use super::Lang;
use super::gender;
use super::lexicon::{self, Form, Hit, Pronoun, lexicon};
use super::sentences::{self, is_space};
use super::speakers::{
    self, SpeakerRef, first_word, left_subject, lower_word, right_speaker, starts_upper,
    word_count, words,
};

use content::{
    after_statement_noun, complementiser, leading_adverbials, leading_quotes, split_quote,
    told_outlet,
};
pub(crate) use content::{cautious, tidy};
use cue::{Cue, at_sentence_start, is_telling, locate, past_cue};
use source::{
    comme_source, incise_with_subject, is_subject_apposition, pour_source, source, tail_is_short,
};
pub(crate) use source::{introduced_person, sentence_subject, sentence_topic};

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
    pub content: Option<Range<usize>>,
    /// Which shape of attribution produced it (evidence for the confidence).
    pub pattern: Pattern,
}

/// The shapes of attribution, from the surest to the loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// `« … », a déclaré X`, `"…," X said`.
    QuoteIncise,
    /// `« A, a-t-il dit, B »`.
    SplitQuote,
    /// `…, a déclaré X`, `…, the governor said`.
    Incise,
    /// `X a affirmé que …`, `X said that …`.
    Complement,
    /// `X a démenti toute implication`, `X said two people died`.
    Object,
    /// `selon X, …`, `Pour X, …`, `according to X`.
    Source,
    /// `…, affirmant que …` after a claim or a statement noun.
    Participle,
    /// A second subject and verb in the same sentence.
    Juxtaposed,
    /// A quotation after a colon, given to the sentence's named subject or source
    /// ("Francisca Joly-Gomez est plus nuancée : « … »", "…, selon X : « … »").
    ColonQuote,
}

/// Cue hits looked at per sentence: real sentences hold a handful; a pathological
/// one (a list of "a déclaré" with no period) must not cost more than a bounded
/// amount per byte.
const MAX_HITS: usize = 16;

/// Bytes left of a cue in which its speaker is searched.
pub(super) const SPEAKER_REACH: usize = 400;

/// The last `n` bytes of `s` (on a char boundary), and where they start.
pub(super) fn tail(s: &str, n: usize) -> (usize, &str) {
    if s.len() <= n {
        return (0, s);
    }
    let mut start = s.len() - n;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    (start, &s[start..])
}

/// A heading of the form "‘Ends recession debate’: CPA Canada": a quotation, a
/// colon and a short name (at most four capitalised words).
fn quote_heading(s: &str) -> Option<Found> {
    let t = s.trim_matches(is_space);
    let open = t.chars().next()?;
    let close: &[&str] = match open {
        '‘' => &["’:", "’ :"],
        '“' => &["”:", "” :"],
        '«' => &["»:", "» :", "\u{a0}»\u{a0}:"],
        '"' => &["\":", "\" :"],
        _ => return None,
    };
    let (at, mark) = close
        .iter()
        .filter_map(|m| t.find(m).map(|i| (i, *m)))
        .min_by_key(|&(i, _)| i)?;
    let name = speakers::clean(&t[at + mark.len()..]);
    let n = word_count(&name);
    if n == 0 || n > 4 || !words(&name).all(starts_upper) {
        return None;
    }
    let text = tidy(&t[open.len_utf8()..at]);
    (word_count(&text) >= 2).then(|| Found {
        speaker: SpeakerRef::Named(name),
        cue: ":".to_owned(),
        conditional: false,
        denial: false,
        text,
        via: Vec::new(),
        quoted: true,
        content: None,
        pattern: Pattern::QuoteIncise,
    })
}

/// Analyse one sentence.
pub(crate) fn analyze(s: &str, lang: Lang) -> Vec<Found> {
    if let Some(f) = quote_heading(s) {
        return vec![f];
    }
    let mut hits = lexicon(lang).find(s);
    if hits.is_empty() && !(lang == Lang::Fr && s.starts_with("Pour ")) {
        // Only a quotation after a colon may be a claim without a cue.
        if !s.contains(':') {
            return Vec::new();
        }
        let quotes = sentences::quote_spans(s);
        return colon_quote(s, &quotes, &[], lang).into_iter().collect();
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
        if lang == Lang::Fr
            && let Some(f) = comme_source(s, hit)
        {
            if !out.iter().any(|o| o.text == f.text) {
                last_cue_end = hit.end;
                out.push(f);
            }
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
                    pattern: Pattern::SplitQuote,
                });
                last_cue_end = cue.end;
            }
            continue;
        }
        if !out.is_empty() {
            // "…, a poursuivi cette source, soulignant que …": a participle after a
            // claim speaks for the same speaker.
            if let Some(f) = participle_after_claim(s, hit, &cue, last_cue_end, &out, lang) {
                if let Some(prev) = out.last_mut()
                    && let Some(range) = prev.content.clone()
                    && let Some(comma) = participle_joint(s, cue.start)
                    && range.contains(&comma)
                {
                    prev.text = tidy(&s[range.start..comma]);
                    prev.content = Some(range.start..comma);
                }
                last_cue_end = cue.end;
                out.push(f);
                continue;
            }
            // A second claim in the same sentence must stand in its own clause:
            // "Le chef de l'ONU appelle à …, Moscou appelle à …".
            if let Some(f) = juxtaposed(s, hit, &cue, last_cue_end, lang) {
                if let Some(prev) = out.last_mut()
                    && let Some(range) = prev.content.clone()
                    && let Some(comma) = clause_comma(s, cue.start)
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
    // "Forensic police found the victim, the government delegate told journalists":
    // a closing incise whose content holds the first cue attributes the whole.
    if let (Some(first), Some(last)) = (out.first(), hits.last())
        && out.len() == 1
        && first.pattern == Pattern::Object
        && last.entry.form != Form::Source
        && let Some(first_content) = first.content.clone()
        && let Some(cue) = locate(s, last, lang)
        && cue.start > first_content.start
        && !quotes
            .iter()
            .any(|q| q.start < last.start && last.end < q.end)
        && let Some(f) = analyze_hit(s, last, &cue, &quotes, lang)
        && f.content
            .as_ref()
            .is_some_and(|r| r.start == 0 && r.end > first_content.start)
    {
        out = vec![f];
    }
    if let Some(f) = colon_quote(s, &quotes, &out, lang) {
        out.push(f);
    }
    if lang == Lang::Fr {
        out.retain_mut(|f| on_source(s, f));
    }
    out.retain(|f| !f.text.is_empty() && !is_not_a_claim(&f.text));
    out
}

/// French "on" is never resolved to an earlier speaker: "explique-t-on à l'Élysée",
/// "assure-t-on dans l'entourage du ministre" name the source on the right, and the
/// claim is theirs; without such a place the claim has no speaker and is dropped.
fn on_source(s: &str, f: &mut Found) -> bool {
    if f.speaker != SpeakerRef::Pronoun(Pronoun::Neuter) {
        return true;
    }
    let Some(at) = s.find(&f.cue) else {
        return false;
    };
    let mut right = s[at + f.cue.len()..].trim_start_matches(is_space);
    // "a-t-on appris vendredi de source judiciaire": a time before the place.
    while let Some(w) = right.split(is_space).next()
        && speakers::is_adverbial(w)
        && !w.is_empty()
        && !matches!(
            lower_word(w).as_str(),
            "à" | "au" | "aux" | "chez" | "dans" | "auprès"
        )
    {
        right = right[w.len()..].trim_start_matches(is_space);
    }
    const PLACES: &[(&str, &str)] = &[
        ("de source ", "une source "),
        ("de sources ", "des sources "),
        ("d'une source ", "une source "),
        ("d’une source ", "une source "),
        ("de l'entourage ", "l'entourage "),
        ("de l’entourage ", "l’entourage "),
        ("dans l'entourage ", "l'entourage "),
        ("dans l’entourage ", "l’entourage "),
        ("du côté de l'", "l'"),
        ("du côté de la ", "la "),
        ("du côté du ", "le "),
        ("du côté des ", "les "),
        ("auprès de l'", "l'"),
        ("auprès de la ", "la "),
        ("auprès du ", "le "),
        ("auprès des ", "les "),
        ("au sein de l'", "l'"),
        ("au sein de la ", "la "),
        ("au sein du ", "le "),
        ("au sein des ", "les "),
        ("à l'", "l'"),
        ("à l’", "l’"),
        ("à la ", "la "),
        ("au ", "le "),
        ("aux ", "les "),
        ("chez ", ""),
        ("à ", ""),
    ];
    let Some(rest) = PLACES
        .iter()
        .find_map(|(p, det)| right.strip_prefix(p).map(|r| format!("{det}{r}")))
    else {
        return false;
    };
    let mut via = Vec::new();
    match speakers::right_speaker(&rest, &mut via) {
        Some((name, _)) => {
            f.speaker = SpeakerRef::Named(name);
            true
        }
        None => false,
    }
}

/// A quotation closing the sentence after a colon, which no cue took: it is the
/// source's of the same sentence ("…, selon le naturopathe X : « … »"), else the
/// sentence subject's when that is a name or a pronoun ("X est plus nuancée : « … »").
fn colon_quote(s: &str, quotes: &[Range<usize>], out: &[Found], lang: Lang) -> Option<Found> {
    let q = quotes.last()?;
    let colon = s[..q.start]
        .trim_end_matches(is_space)
        .strip_suffix(':')?
        .len();
    if !s[q.end..]
        .trim_matches(|c: char| is_space(c) || matches!(c, '.' | '!' | '?' | '…'))
        .is_empty()
    {
        return None;
    }
    let text = tidy(&sentences::quote_inner(s, q));
    if word_count(&text) < 3 {
        return None;
    }
    let probe: String = text.chars().take(24).collect();
    if out
        .iter()
        .any(|f| f.text.contains(&probe) || probe.contains(&f.text))
    {
        return None;
    }
    let speaker = if let Some(src) = out
        .iter()
        .find(|f| f.pattern == Pattern::Source && matches!(f.speaker, SpeakerRef::Named(_)))
    {
        src.speaker.clone()
    } else if out.is_empty() {
        // "Élisabeth Borne : « Nous irons jusqu'au bout »": a heading's name.
        let head = speakers::clean(&s[..colon]);
        let subject = if speakers::is_name(&head) && word_count(&head) <= 4 {
            head
        } else {
            sentence_subject(&s[..colon], lang)?
        };
        match speakers::pronoun(&subject).filter(|_| word_count(&subject) == 1) {
            Some(p) => SpeakerRef::Pronoun(p),
            None if speakers::is_name(&subject) => SpeakerRef::Named(subject),
            None => return None,
        }
    } else {
        return None;
    };
    Some(Found {
        speaker,
        cue: ":".to_owned(),
        conditional: false,
        denial: false,
        text,
        via: Vec::new(),
        quoted: true,
        content: None,
        pattern: Pattern::ColonQuote,
    })
}

/// Contents that assert nothing: a call put as a need ("stressed the need to
/// steer clear of", "a souligné la nécessité de"), or a promise to answer a request
/// for comment.
fn is_not_a_claim(text: &str) -> bool {
    let lower = text.to_lowercase().replace('’', "'");
    const NEEDS: &[&str] = &[
        "the need ",
        "the importance ",
        "the necessity ",
        "la nécessité ",
        "l'importance ",
        "l'urgence de ",
    ];
    NEEDS.iter().any(|n| lower.starts_with(n))
        || lower.contains("request for comment")
        || lower.contains("demande de commentaire")
}

/// A present participle right after a comma, once a claim was found before it in
/// the sentence: its speaker is that claim's, its content follows "que"/"that".
fn participle_after_claim(
    s: &str,
    hit: &Hit,
    cue: &Cue,
    after: usize,
    out: &[Found],
    lang: Lang,
) -> Option<Found> {
    // "… said it viewed the ruling as a victory and said it would not appeal": a
    // finite cue coordinated by "and"/"et" speaks for the same speaker too.
    let before = s[..cue.start].trim_end_matches(is_space);
    let coordinated = before.ends_with(" and") || before.ends_with(" et");
    if !(hit.entry.form == Form::PresentParticiple
        || coordinated && matches!(hit.entry.form, Form::Finite | Form::Participle))
        || cue.start < after
    {
        return None;
    }
    participle_joint(s, cue.start)?;
    // "…, with some calling her out, saying …": the participles belong to the
    // absolute clause's own subject, not to the speaker.
    let between = s[after..cue.start].to_lowercase();
    if let Some(w) = between.find("with ").or_else(|| between.find("avec "))
        && words(&between[w..])
            .take(5)
            .any(|x| x.ends_with("ing") || x.ends_with("ant"))
    {
        return None;
    }
    let previous = out.last()?;
    let mut via = Vec::new();
    let right = &s[cue.end..];
    // "…, calling them a “pure propaganda show”", "denouncing it as “unacceptable”":
    // without "that", a quoted characterisation is the content.
    let start = match complementiser(right, lang, is_telling(&s[cue.start..cue.end]), &mut via) {
        Some(p) => p,
        None if lang == Lang::En
            && hit.entry.verb.object
            && (coordinated || right.contains(['"', '“']))
            && !lexicon::is_incise_only(&s[cue.start..cue.end]) =>
        {
            0
        }
        None => return None,
    };
    let text = tidy(&right[start..]);
    if word_count(&text) < 3 {
        return None;
    }
    Some(Found {
        speaker: previous.speaker.clone(),
        cue: s[cue.start..cue.end].to_owned(),
        conditional: cautious(&text, lang) && lang == Lang::En,
        denial: hit.entry.verb.denial,
        text,
        via,
        quoted: false,
        content: Some(cue.end + start..s.len()),
        pattern: Pattern::Participle,
    })
}

/// Where the clause before a participle ends: at a comma ("…, saying"), or at "and"
/// / "et" ("… and asserting that …"); None if the participle is not so joined.
fn participle_joint(s: &str, cue_start: usize) -> Option<usize> {
    let before = s[..cue_start].trim_end_matches(is_space);
    if let Some(b) = before.strip_suffix(',') {
        return Some(b.len());
    }
    for and in [" and", " et"] {
        if let Some(b) = before.strip_suffix(and) {
            return Some(b.trim_end_matches([',', ' ']).len());
        }
    }
    None
}

/// The comma or semicolon that opens the clause of a second cue: the last one before
/// it, or, when the subject ends in a named apposition ("…, but Valencia's mayor,
/// María José Catalá, said"), the one before the subject.
fn clause_comma(s: &str, cue_start: usize) -> Option<usize> {
    let comma = s[..cue_start].rfind([',', ';'])?;
    if !s[comma + 1..cue_start].trim_matches(is_space).is_empty() {
        return Some(comma);
    }
    let name_comma = s[..comma].rfind(',')?;
    if !speakers::is_name(&speakers::clean(&s[name_comma + 1..comma])) {
        return None;
    }
    s[..name_comma].rfind([',', ';'])
}

fn juxtaposed(s: &str, hit: &Hit, cue: &Cue, after: usize, lang: Lang) -> Option<Found> {
    if matches!(hit.entry.form, Form::Source | Form::PresentParticiple) {
        return None;
    }
    let comma = clause_comma(s, cue.start)?;
    if comma < after {
        return None;
    }
    let mut via = Vec::new();
    // "…, while rescuers said …", "…, tandis que les secours affirment …".
    let mut subject = s[comma + 1..cue.start].trim_start_matches(is_space);
    for conjunction in [
        "while ",
        "whereas ",
        "but ",
        "and ",
        "tandis que ",
        "alors que ",
        "mais ",
        "et ",
    ] {
        if let Some(rest) = subject.strip_prefix(conjunction) {
            subject = rest;
            break;
        }
    }
    let SpeakerRef::Named(name) = left_subject(subject, true, &mut via)? else {
        return None;
    };
    if !(speakers::is_name(&name)
        || word_count(&name) <= 6 && starts_upper(&name)
        || speakers::is_person_or_body(&name)
        || word_count(&name) <= 3 && name.ends_with('s') && speakers::is_plausible(&name))
    {
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
        pattern: Pattern::Juxtaposed,
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
                 caution: bool,
                 pattern: Pattern| Found {
        speaker,
        cue: cue_text.clone(),
        conditional: cue.conditional_aux || (caution && cautious(&text, lang)),
        denial: verb.denial,
        text,
        via,
        quoted,
        content,
        pattern,
    };

    if hit.entry.form == Form::Source {
        return source(s, hit, cue).map(|(speaker, text, content)| {
            found(
                speaker,
                text,
                Vec::new(),
                false,
                content,
                true,
                Pattern::Source,
            )
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
            return Some(found(
                speaker,
                tidy(&quote),
                via,
                true,
                None,
                true,
                Pattern::QuoteIncise,
            ));
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
            Pattern::Participle,
        ));
    }

    let incise_only = lexicon::is_incise_only(&cue_text);

    // 2a. An incise inside plain content: "La réforme, a-t-il précisé, sera
    // appliquée", "The plan, Smith said, would cost $2 billion".
    if let Some((speaker, text, v)) = split_incise(s, cue, &cue_text, lang) {
        return Some(found(speaker, text, v, false, None, true, Pattern::Incise));
    }

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
                Pattern::Incise,
            ));
        }
        let mut v = Vec::new();
        if (lang == Lang::Fr || lexicon::is_invertible_en(&cue_text))
            && let Some((name, end)) = right_speaker(right, &mut v)
            && tail_is_short(&right[end..])
            && (speakers::is_person_or_body(&name)
                || name.split(", ").take(2).any(speakers::is_name))
        {
            return Some(found(
                SpeakerRef::Named(name),
                tidy(content),
                v,
                false,
                Some(0..content.len()),
                true,
                Pattern::Incise,
            ));
        }
    }
    // 2b. "…, the regional governor said on Tuesday."
    if let Some(f) = incise_with_subject(s, cue, lang) {
        let (speaker, text, range, v) = f;
        return Some(found(
            speaker,
            text,
            v,
            false,
            Some(range),
            true,
            Pattern::Incise,
        ));
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
            && (hit.entry.form != Form::Base || cue.start < hit.start || plural_subject(&speaker))
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
                Pattern::Complement,
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
    // "continues to expect" (the cue starts before the base form) is finite.
    if hit.entry.form == Form::Base && cue.start == hit.start && !plural_subject(&speaker) {
        return None;
    }
    let mut content_start = cue.end;
    if telling {
        content_start += told_outlet(right, &mut via);
    }
    content_start += leading_adverbials(&s[content_start..]);
    let verb_word = cue_text.split_whitespace().last().unwrap_or(&cue_text);
    if lexicon::EN_NEEDS_QUOTE.contains(&lower_word(verb_word).as_str())
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
        Pattern::Object,
    ))
}

/// An incise between commas inside plain content, its speaker inverted after the cue
/// ("X, a déclaré le ministre, Y", "X, ajoute-t-il, Y", "X, said Smith, Y") or before it
/// ("X, Smith said, Y"): the claim is X and Y joined.
fn split_incise(
    s: &str,
    cue: &Cue,
    cue_text: &str,
    lang: Lang,
) -> Option<(SpeakerRef, String, Vec<String>)> {
    let left = s[..cue.start].trim_end_matches(is_space);
    let right = &s[cue.end..];
    let close = right.find(',')?;
    let inside = &right[..close];
    if word_count(inside) > 8 || inside.contains(['"', '“', '«', '»', '”']) {
        return None;
    }
    let tail = tidy(&right[close + 1..]);
    let first = first_word(&tail);
    // "…, a déclaré le ministère, ajoutant que …": a second claim, not the rest.
    if word_count(&tail) < 2
        || first.ends_with("ant")
        || first.ends_with("ing")
        || matches!(
            first.as_str(),
            "and"
                | "et"
                | "but"
                | "mais"
                | "while"
                | "alors"
                | "selon"
                | "according"
                | "who"
                | "qui"
                | "which"
                | "as"
                | "où"
                | "where"
                | "when"
                | "lors"
                | "in"
                | "dans"
        )
    {
        return None;
    }
    let mut via = Vec::new();
    if let Some(head) = left.strip_suffix(',') {
        let speaker = match cue.pronoun {
            Some(p) if inside.trim_matches(is_space).is_empty() => SpeakerRef::Pronoun(p),
            Some(_) => return None,
            None => {
                if lang == Lang::En && !lexicon::is_invertible_en(cue_text) {
                    return None;
                }
                let (name, _) = right_speaker(inside, &mut via)?;
                if !(speakers::is_person_or_body(&name) || speakers::is_name(&name)) {
                    return None;
                }
                SpeakerRef::Named(name)
            }
        };
        if word_count(head) < 2 || is_subject_apposition(head) {
            return None;
        }
        return Some((speaker, format!("{} {}", tidy(head), tail), via));
    }
    if cue.pronoun.is_some() || !speakers::is_adverbial(inside) {
        return None;
    }
    let comma = left.rfind(',')?;
    let speaker = left_subject(&left[comma + 1..], false, &mut via)?;
    let head = &left[..comma];
    if word_count(head) < 2 || head.contains(',') {
        return None;
    }
    Some((speaker, format!("{} {}", tidy(head), tail), via))
}

/// "avoir été réveillés", "être menacé", "ne pas avoir": a compound infinitive
/// reports a claim whatever the verb ("disent avoir été …").
fn opens_with_infinitive(right: &str) -> bool {
    let first = first_word(right.trim_start_matches(|c: char| is_space(c) || c == ','));
    matches!(first.as_str(), "avoir" | "être" | "ne" | "n'")
}

fn plural_subject(speaker: &SpeakerRef) -> bool {
    match speaker {
        SpeakerRef::Named(n) => gender::gender(n, Lang::En) == gender::Gender::Plural,
        SpeakerRef::Pronoun(p) => *p == Pronoun::Plural,
        // "… urged residents to avoid X and report Y": a base form after "and" is
        // far more often a second infinitive than a plural subject's verb.
        SpeakerRef::Coordinated => false,
    }
}

#[cfg(test)]
mod tests;
