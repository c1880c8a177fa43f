//! The claim's own span: quotations before the cue, the complementiser after it
//! ("que", "that", a colon), adverbials and the outlet told that are not part of it,
//! and the caution a conditional or a hedge marks.

use std::ops::Range;

use crate::extract::Lang;
use crate::extract::lexicon::{Hit, Pronoun};
use crate::extract::sentences::{self, is_space};
use crate::extract::speakers::{
    self, SpeakerRef, first_word, lower_word, right_speaker, starts_upper, word_count, word_spans,
    words,
};

/// Words ending in -rait/-raient that are not conditionals.
#[rustfmt::skip]
pub(super) const NOT_CONDITIONAL: &[&str] = &[
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
pub(super) fn leading_quotes(
    s: &str,
    quotes: &[Range<usize>],
    cue_start: usize,
) -> Option<(String, usize)> {
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
pub(super) fn complementiser(
    right: &str,
    lang: Lang,
    telling: bool,
    via: &mut Vec<String>,
) -> Option<usize> {
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
        // "a dénoncé une provocation et a affirmé que …": the "que" is the second
        // verb's.
        if !telling && matches!(lw.as_str(), "et" | "and") {
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

/// The hit is inside a quotation: `« A, a-t-il dit, B »`.
pub(super) fn split_quote(
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
    // "« A, affirme-t-elle. B »": the incise closes the first sentence of the quote.
    if let Some(p) = pronoun
        && let Some(rest) = after.trim_start_matches(is_space).strip_prefix('.')
    {
        let text = format!("{}. {}", before.trim(), rest.trim());
        return Some((SpeakerRef::Pronoun(p), tidy(&text), Vec::new()));
    }
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

/// Nouns of a published statement, which a present participle may follow.
#[rustfmt::skip]
pub(super) const STATEMENT_NOUNS: &[&str] = &[
    "communiqué", "déclaration", "lettre", "message", "tweet", "post", "vidéo", "rapport",
    "texte", "note", "statement", "letter", "report", "video", "release", "filing", "memo",
];

pub(super) fn after_statement_noun(left: &str) -> bool {
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
pub(super) fn leading_adverbials(right: &str) -> usize {
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
pub(super) fn told_outlet(right: &str, via: &mut Vec<String>) -> usize {
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
