//! Speakers placed by the sentence's shape rather than next to a verb: "selon X",
//! "Pour X, …", a subject before an incise ("…, the governor said"), the subject
//! of a sentence whose participle speaks, and people introduced for later pronouns.

use std::ops::Range;

use super::content::{cautious, tidy, told_outlet};
use super::cue::{Cue, is_telling, previous_word};
use super::{Found, Pattern, SPEAKER_REACH, tail};
use crate::extract::Lang;
use crate::extract::lexicon::{Form, Hit, lexicon};
use crate::extract::sentences::is_space;
use crate::extract::speakers::{
    self, SpeakerRef, comma_chunks, first_word, left_subject, lower_word, starts_upper, word_count,
    word_spans, words,
};

/// "Pour le président de la Fédération, Philippe Besset, la situation est inédite":
/// French "pour" + a person or body opening the sentence attributes the rest.
pub(super) fn pour_source(s: &str) -> Option<Found> {
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
        pattern: Pattern::Source,
    })
}

/// "Le secrétaire général de la CFDT, Laurent Berger," before a cue is the subject
/// with its apposition, not content followed by an incise.
pub(super) fn is_subject_apposition(content: &str) -> bool {
    let chunks = comma_chunks(content);
    // "Le Leem, qui représente les entreprises du médicament,": a subject and its
    // relative clause (or relay) before the verb.
    if chunks.len() >= 2 {
        let last = chunks[chunks.len() - 1];
        let opener = first_word(last);
        // "The report, released on Monday by the UN,": a participle phrase too.
        let participle = opener.len() > 4
            && opener.ends_with("ed")
            && last
                .trim_start_matches(is_space)
                .starts_with(char::is_lowercase);
        let relative = matches!(
            opener.as_str(),
            "qui" | "who" | "which" | "dont" | "lequel" | "laquelle" | "lesquels"
        ) || participle
            || speakers::relay(last).is_some();
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
pub(super) fn tail_is_short(tail: &str) -> bool {
    let t =
        tail.trim_matches(|c: char| is_space(c) || matches!(c, '.' | '!' | '?' | '»' | '”' | '"'));
    if t.is_empty() || word_count(t) <= 12 {
        return true;
    }
    // "at the Washington Institute, which was founded …": a short complement, then a
    // relative or participle clause.
    let (first, rest) = match t.find(',') {
        Some(0) | None => ("", t),
        Some(i) => (&t[..i], &t[i..]),
    };
    if word_count(first) > 12 {
        return false;
    }
    let after_comma = rest.strip_prefix(',').map(str::trim_start);
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
                | "alors"
                | "tandis"
                | "while"
                | "as"
                | "amid"
                | "after"
                | "noting"
                | "notant"
        )
    })
}

/// "…, the regional governor said on Tuesday." / "…, officials say": content first,
/// then a subject and its cue, then at most a short adverbial.
/// The longest chunk read as an adverbial opening rather than a claim.
const ADVERBIAL_WORDS: usize = 8;

pub(super) fn incise_with_subject(
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
    // The subject: the last chunk, or, when the subject closes on a named apposition
    // ("…, the delegate in Valencia, Pilar Bernabé, told journalists"), the name and
    // the role before it.
    let n = chunks.len();
    let mut first_subject = n - 1;
    if chunks[n - 1].trim_matches(is_space).is_empty()
        && n >= 3
        && speakers::is_name(&speakers::clean(chunks[n - 2]))
    {
        first_subject = n - 2;
        let role = speakers::clean(chunks[n - 3]);
        let described = matches!(
            first_word(&role).as_str(),
            "the" | "a" | "le" | "la" | "l'" | "un" | "une"
        ) && word_count(&role) <= 8;
        if n >= 4 && (speakers::is_role(&role) || described) && !speakers::is_adverbial(&role) {
            first_subject = n - 3;
        }
    }
    let subject_len: usize = chunks[first_subject..].iter().map(|c| c.len() + 1).sum();
    let comma = offset + near.len() - subject_len;
    let last = &left[comma + 1..];
    let content = &left[..comma];
    if word_count(content) < 4 {
        return None;
    }
    // "Speaking on condition of anonymity, the official said": a lone adverbial
    // chunk is no content. A clause that merely opens with "It", "There", "In" or
    // "But" is ("There were 30 casualties, police said").
    if !content.contains(',')
        && word_count(content) <= ADVERBIAL_WORDS
        && speakers::is_adverbial(content)
    {
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
        || (lang == Lang::En && starts_upper(tail_t) && is_telling(&s[cue.start..cue.end]))
        // "…, the delegate told journalists": the audience, unless asked to act
        // ("told residents to leave").
        || (lang == Lang::En
            && is_telling(&s[cue.start..cue.end])
            && !words(tail_t).any(|w| lower_word(w) == "to"));
    if !tail_ok || words(tail_t).any(|w| matches!(lower_word(w).as_str(), "that" | "que" | "qu'")) {
        return None;
    }
    let mut via = Vec::new();
    let speaker = left_subject(last, first_subject < n - 1, &mut via)?;
    if is_telling(&s[cue.start..cue.end]) {
        told_outlet(right, &mut via);
    }
    Some((speaker, tidy(content), 0..comma, via))
}

/// "selon X, …" / "…, selon X" / "according to X, …".
pub(super) fn source(
    s: &str,
    hit: &Hit,
    cue: &Cue,
) -> Option<(SpeakerRef, String, Option<Range<usize>>)> {
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
pub(super) fn strip_terms_of(name: &str) -> String {
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
pub(super) fn cut_source_name(head: &str) -> &str {
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
    let mut chunks = comma_chunks(s);
    // "Devant ses étudiants, Marie-Pierre Dausse, professeur, défend …".
    while chunks.len() > 3 && speakers::is_adverbial(chunks[0]) {
        chunks.remove(0);
    }
    if chunks.len() < 3 {
        return None;
    }
    let (a, b) = (speakers::clean(chunks[0]), speakers::clean(chunks[1]));
    if speakers::is_adverbial(&a) {
        return None;
    }
    // "Royce Mendes, Desjardins Economics managing director, was more cautious."
    if speakers::is_name(&a)
        && word_count(&a) >= 2
        && (speakers::is_role(&b) || speakers::has_role_word(&b))
    {
        return Some(format!("{a}, {b}"));
    }
    if !speakers::is_name(&b) || word_count(&b) < 2 {
        return None;
    }
    let a_ok = speakers::is_role(&a) || words(&a).count() <= 6 && !speakers::is_name(&a);
    a_ok.then(|| format!("{a}, {b}"))
}

/// Who a sentence that is not a claim is about, when it is a person or a body
/// ("Abu Hassan Amer, 44, agreed.", "Gallagher and his colleagues asked …"), so that
/// a pronoun in the next sentence finds them.
pub(crate) fn sentence_topic(s: &str, lang: Lang) -> Option<String> {
    // "“Hopefully I’ve started well,” she told": a quotation's words are no topic.
    if s.trim_start_matches(is_space)
        .starts_with(['"', '“', '«', '‘'])
    {
        return None;
    }
    let chunks = comma_chunks(s);
    if chunks.len() >= 2 {
        let (a, b) = (speakers::clean(chunks[0]), speakers::clean(chunks[1]));
        if speakers::is_name(&a) && word_count(&a) >= 2 && b.chars().all(|c| c.is_ascii_digit()) {
            return Some(format!("{a}, {b}"));
        }
    }
    // "The first witness was Hawks head Major-Gen Gopaul Govender, who …".
    // "…, it was Katie Boulter who got the ball rolling", "C'est Marie Dupont qui …"
    // ("est " after a space or an elision).
    for copula in [" was ", "est ", " is "] {
        if let Some((i, _)) = s.match_indices(copula).find(|&(i, _)| {
            copula != "est " || s[..i].ends_with([' ', '\'', '’']) && !s[..i].ends_with("n'")
        }) {
            let rest = &s[i + copula.len()..];
            let rest = [" who ", " qui ", " that "]
                .iter()
                .filter_map(|r| rest.find(r))
                .min()
                .map_or(rest, |j| &rest[..j]);
            let np = speakers::clean(comma_chunks(rest).first().copied().unwrap_or(""));
            let named = words(&np).filter(|w| starts_upper(w)).count() >= 2;
            if named && speakers::has_role_word(&np)
                || speakers::is_name(&np) && word_count(&np) >= 2
            {
                return Some(np);
            }
        }
    }
    // Only a proper name: a described subject ("Her father sat …") is too often
    // a clause read wrong. Most sentences open on an article or a lowercase word:
    // they are told apart before the subject is looked for word by word.
    let opening = speakers::clean(chunks.iter().take(3).find(|c| !speakers::is_adverbial(c))?);
    if !starts_upper(&opening) || speakers::DETERMINERS.contains(&first_word(&opening).as_str()) {
        return None;
    }
    let subject = sentence_subject(s, lang)?;
    let head = subject.split(" and ").next().unwrap_or(&subject);
    (speakers::is_name(head) && starts_upper(&subject)).then_some(subject)
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
        // One scan of the chunk, not one per word: this runs on every sentence.
        let hits = lexicon(lang).find(chunk);
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
            let cue = hits
                .iter()
                .any(|h| h.start == pos && h.end == pos + w.len());
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

/// "…, comme l'explique le site du ministère", "comme le rappelle X", "comme l'a
/// indiqué X", "comme prévenait l'OMS": a French "comme" clause names the source of
/// the clause it is attached to (before it, or after it when it opens the sentence).
pub(super) fn comme_source(s: &str, hit: &Hit) -> Option<Found> {
    if !matches!(hit.entry.form, Form::Finite | Form::Participle) {
        return None;
    }
    let mut at = hit.start;
    let mut word = previous_word(s, at)?;
    // An auxiliary, possibly with an elided object: "l'a", "l'ont", "a", "avait".
    let aux = |w: &str| {
        let lw = lower_word(w);
        let lw = lw.strip_prefix("l'").unwrap_or(&lw).to_owned();
        matches!(lw.as_str(), "a" | "ont" | "avait" | "avaient")
    };
    let mut participle_ok = hit.entry.form != Form::Participle;
    if aux(word.1) {
        participle_ok = true;
        let elided = lower_word(word.1).starts_with("l'");
        at = word.0;
        word = previous_word(s, at)?;
        if elided && lower_word(word.1) != "comme" {
            return None;
        }
    }
    if !participle_ok {
        return None;
    }
    if matches!(lower_word(word.1).as_str(), "l'" | "le" | "la" | "les") {
        at = word.0;
        word = previous_word(s, at)?;
    }
    if lower_word(word.1) != "comme" {
        return None;
    }
    let comme = word.0;
    let mut via = Vec::new();
    let right = &s[hit.end..];
    let (name, end) = speakers::right_speaker(right, &mut via)?;
    if !(speakers::is_person_or_body(&name) || name.split(", ").any(speakers::is_name)) {
        return None;
    }
    let before = s[..comme].trim_end_matches(is_space);
    let (text, content) = if let Some(content) = before.strip_suffix(',') {
        (tidy(content), 0..content.len())
    } else if before.trim_matches(is_space).is_empty() {
        // "Comme l'explique X, …": the rest of the sentence, after the source's chunk.
        let rest_at = hit.end + end;
        let rest = &s[rest_at..];
        let skip = rest.find(',').map_or(rest.len(), |i| i + 1);
        (tidy(&rest[skip..]), rest_at + skip..s.len())
    } else {
        return None;
    };
    if word_count(&text) < 3 {
        return None;
    }
    Some(Found {
        speaker: SpeakerRef::Named(name),
        cue: s[comme..hit.end].to_owned(),
        conditional: cautious(&text, Lang::Fr),
        denial: hit.entry.verb.denial,
        text,
        via,
        quoted: false,
        content: Some(content),
        pattern: Pattern::Source,
    })
}
