//! Where a reporting expression starts and what it carries: the French auxiliary
//! and its inverted pronoun ("a-t-il déclaré"), English "has/had", and the forms
//! that make a lexicon hit a noun or a negation rather than a cue.

use crate::extract::Lang;
use crate::extract::lexicon::{Form, Hit, Pronoun};
use crate::extract::sentences::is_space;
use crate::extract::speakers::{first_word, lower_word};

/// French adverbs that may sit between an auxiliary and its participle.
#[rustfmt::skip]
pub(super) const FR_ADVERBS: &[&str] = &[
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
pub(super) fn fr_auxiliary(word: &str) -> Option<(Option<Pronoun>, bool)> {
    let w = word.to_lowercase().replace('’', "'");
    let (base, pronoun) = match w.split_once('-') {
        Some((b, rest)) => {
            let p = rest.trim_start_matches("t-");
            let p = match p {
                "il" => Pronoun::Masculine,
                "elle" => Pronoun::Feminine,
                "ils" | "elles" => Pronoun::Plural,
                "on" => Pronoun::Neuter,
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
pub(super) fn previous_word(s: &str, end: usize) -> Option<(usize, &str)> {
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
pub(super) fn fr_participle_start(s: &str, hit: &Hit) -> Option<(usize, Option<Pronoun>, bool)> {
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

/// French modals that make a reporting infinitive a cue: the subject means to say
/// it ("a tenu à préciser que", "a voulu rappeler que", "tient à souligner que").
/// "veut dire" means "means", so "vouloir" never takes "dire".
const FR_MODALS: &[&str] = &[
    "tenu",
    "voulu",
    "souhaité",
    "préféré",
    "pris",
    "cru",
    "jugé",
    "tient",
    "tiennent",
    "tenait",
    "veut",
    "veulent",
    "voulait",
    "souhaite",
    "souhaitent",
    "préfère",
    "entend",
    "entendent",
];

/// The cue's real start for a French infinitive after a modal ("a tenu à préciser",
/// "a cru bon de rappeler", "veut rappeler"), with the auxiliary's pronoun and
/// conditional; None without a modal ("pour dénoncer", "sans préciser").
fn fr_modal_start(s: &str, hit: &Hit) -> Option<(usize, Option<Pronoun>, bool)> {
    let mut at = hit.start;
    // "à", "de", "bon de", "utile de", "soin de" between the modal and the verb.
    for _ in 0..3 {
        let (start, word) = previous_word(s, at)?;
        if !matches!(
            lower_word(word).as_str(),
            "à" | "de" | "d'" | "bon" | "utile" | "soin" | "bien" | "aussi" | "également"
        ) {
            break;
        }
        at = start;
    }
    let (modal_start, modal) = previous_word(s, at)?;
    let modal = lower_word(modal);
    if !FR_MODALS.contains(&modal.as_str()) {
        return None;
    }
    let verb = lower_word(&s[hit.start..hit.end]);
    if verb == "dire" && matches!(modal.as_str(), "veut" | "veulent" | "voulait" | "voulu") {
        return None;
    }
    // A participle modal needs its auxiliary ("a tenu"); a finite one stands alone.
    if modal.ends_with(['é', 'u', 's']) {
        let modal_hit = Hit {
            start: modal_start,
            end: at,
            entry: hit.entry,
        };
        return fr_participle_start(s, &modal_hit);
    }
    Some((modal_start, None, false))
}

/// English: extend the cue over "has/have/had (also)"; refuse passives
/// ("was told"), infinitives ("declined to comment") and negations.
pub(super) fn en_finite_start(s: &str, hit: &Hit) -> Option<usize> {
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
            // "he continues to expect": the belief is his, in the present.
            "to" if previous_word(s, ws).is_some_and(|(_, w)| {
                matches!(
                    lower_word(w).as_str(),
                    "continues" | "continue" | "continued"
                )
            }) =>
            {
                return previous_word(s, ws).map(|(cs, _)| cs);
            }
            // "…, who claim UNRWA has been infiltrated": a relative on its antecedent.
            "who" if s[..ws].trim_end_matches(is_space).ends_with(',') => return Some(start),
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

/// A French cue in a past tense: a conditional after it is the future-in-the-past
/// ("a assuré que des mesures seraient présentées"), not caution.
pub(super) fn past_cue(cue: &str, lang: Lang) -> bool {
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

pub(super) fn is_telling(cue: &str) -> bool {
    let lower = cue.to_lowercase();
    [
        "told", "tell", "tells", "telling", "informed", "assured", "reminded", "warned",
    ]
    .iter()
    .any(|w| lower.ends_with(w))
}

/// Everything the analysis of one hit needs to know about it.
pub(super) struct Cue {
    pub start: usize,
    pub end: usize,
    pub pronoun: Option<Pronoun>,
    pub conditional_aux: bool,
}

pub(super) fn locate(s: &str, hit: &Hit, lang: Lang) -> Option<Cue> {
    let mut cue = Cue {
        start: hit.start,
        end: hit.end,
        pronoun: None,
        conditional_aux: false,
    };
    match (hit.entry.form, lang) {
        // "signal national d'alerte": a form glued to "d'" is a noun.
        (Form::Finite | Form::Participle, Lang::Fr)
            if s[..hit.start].ends_with("d'") || s[..hit.start].ends_with("d’") =>
        {
            return None;
        }
        (Form::Participle, Lang::Fr) => {
            let (start, pronoun, conditional) = fr_participle_start(s, hit)?;
            cue.start = start;
            cue.pronoun = pronoun;
            cue.conditional_aux = conditional;
        }
        (Form::Inverted(p), _) => cue.pronoun = Some(p),
        (Form::Infinitive, Lang::Fr) => {
            let (start, pronoun, conditional) = fr_modal_start(s, hit)?;
            cue.start = start;
            cue.pronoun = pronoun;
            cue.conditional_aux = conditional;
        }
        (Form::Finite | Form::Base | Form::PresentParticiple | Form::Participle, Lang::En) => {
            if let Some((_, w)) = previous_word(s, hit.start)
                && matches!(
                    lower_word(w).as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "this"
                        | "our"
                        | "my"
                        | "these"
                        | "those"
                        | "such"
                        | "any"
                        | "no"
                        | "every"
                        | "each"
                        | "your"
                        | "whose"
                        | "unconfirmed"
                        | "conflicting"
                        | "initial"
                        | "media"
                        | "press"
                        | "news"
                )
            {
                return None;
            }
            if en_noun_or_reflexive(s, hit) {
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

/// English forms that are no cue by what follows them: a plural noun or a base form
/// before "of" ("reports of leaks", "claims of fraud"; but "says of", "warns of"),
/// a verb on a reflexive ("found herself in the crosshairs"), and a request
/// ("called on the Treasury to", "calls for a ceasefire").
fn en_noun_or_reflexive(s: &str, hit: &Hit) -> bool {
    let next = first_word(&s[hit.end..]);
    if matches!(
        next.as_str(),
        "himself" | "herself" | "itself" | "themselves" | "myself" | "ourselves" | "yourself"
    ) {
        return true;
    }
    let form = lower_word(&s[hit.start..hit.end]);
    if matches!(form.as_str(), "called" | "calls" | "call" | "calling")
        && matches!(next.as_str(), "on" | "upon" | "for")
    {
        return true;
    }
    next == "of"
        && (hit.entry.form == Form::Base || form.ends_with('s'))
        && !matches!(
            form.as_str(),
            "says"
                | "say"
                | "tells"
                | "tell"
                | "warns"
                | "warn"
                | "complains"
                | "complain"
                | "boasts"
                | "boast"
                | "speaks"
                | "speak"
        )
}

/// Is `pos` the start of the sentence (ignoring an opening mark or a dash)?
pub(super) fn at_sentence_start(s: &str, pos: usize) -> bool {
    s[..pos]
        .trim_matches(|c: char| is_space(c) || matches!(c, '«' | '“' | '"' | '—' | '–' | '-' | '*'))
        .is_empty()
}
