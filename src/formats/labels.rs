//! Textual ratings of fact-checks ↔ claimlog verdicts: the table ClaimReview import
//! reads labels through, and the labels ClaimReview export writes.
//!
//! Reading a label (`reviewRating.alternateName`, else `reviewRating.name`):
//!
//! 1. The label is folded: lower case, accents removed, every run of punctuation,
//!    `_` and `-` turned into one space. "Plutôt faux", "PLUTOT-FAUX" and
//!    "plutot_faux" are one key; so are "Pants on Fire!" and "pants_on_fire".
//! 2. The folded label is looked up whole in the table below.
//! 3. Failing that, the part before the first `:`, `.`, `;`, `(`, `—`, `–` or ` - ` is
//!    looked up: "Faux : la photo date de 2015" and "False. The video is from 2019" are
//!    `false`. A label is never matched on a word found in the middle of it, so
//!    "Not false" never reads as `false`.
//! 4. A label found nowhere is `other`, kept verbatim, with a warning naming it
//!    (`import --strict` makes it an error).
//!
//! | verdict | labels (English, French, Spanish, German, codes) |
//! |---|---|
//! | `true` | True, Correct, Accurate, Vrai, Exact, Verdadero, Cierto, Richtig, Wahr, Zutreffend, Stimmt |
//! | `mostly_true` | Mostly true, Largely true, Plutôt vrai, Globalement vrai, En grande partie vrai, Mayormente verdadero, Casi verdadero, Überwiegend richtig, Weitgehend richtig, Größtenteils richtig, Überwiegend wahr |
//! | `mixed` | Mixed, Mixture, Half true, Partly true, Partly false, Partially true/false, Mitigé, À moitié vrai, En partie vrai/faux, Partiellement vrai/faux, Verdad a medias, Medio verdadero, Parcialmente verdadero/falso, Mixto, Teilweise richtig/falsch, Halb wahr, half_true |
//! | `mostly_false` | Mostly false, Largely false, Mostly untrue, Barely true, Plutôt faux, Globalement faux, En grande partie faux, Mayormente falso, Casi falso, Überwiegend falsch, Weitgehend falsch, Größtenteils falsch |
//! | `false` | False, Untrue, Incorrect, Wrong, Fake, Fabricated, Hoax, Pants on Fire, Four Pinocchios, Faux, Fausse, Infox, Intox, Totalement faux, Falso, Falsa, Bulo, Totalmente falso, Falsch, Frei erfunden, Fake News, really_false, pants_fire |
//! | `misleading` | Misleading, Missing context, Out of context, Exaggerated, Distorted, Trompeur, Trompeuse, Manque de contexte, Hors contexte, Sorti de contexte, Exagéré, Engañoso, Engañosa, Sin contexto, Fuera de contexto, Sacado de contexto, Exagerado, Irreführend, Fehlender Kontext, Aus dem Kontext gerissen, Übertrieben |
//! | `unverifiable` | Unverifiable, Unproven, Unsupported, Unsubstantiated, No evidence, Unable to verify, Invérifiable, Non vérifiable, Impossible à vérifier, Sans preuve, Inverificable, No verificable, Sin pruebas, Unbelegt, Nicht belegt, Unbewiesen, Nicht überprüfbar |
//! | `other` | Other, Satire, Autre, Satirique, Otro, Sátira, Andere, Flip-flop, Full flop, Half flip, No flip |
//!
//! Every verdict's own spelling (`mostly_true`) and the labels export writes also read
//! back as that verdict. The list in `TABLE` below is the reference; the README repeats it.
//!
//! Writing (`export --format claimreview --rating-lang en|fr`): the labels of
//! [`label`]; the five scalar verdicts also get a `ratingValue` from 1 (`false`) to 5
//! (`true`) on a scale with `worstRating` 1 and `bestRating` 5 ([`rating_value`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::cli::RatingLang;
use crate::model::{Verdict, fold_key};

/// Every label the importer recognises, by verdict. Spelled naturally: the lookup
/// folds them exactly as it folds the labels it reads.
const TABLE: &[(Verdict, &[&str])] = &[
    (
        Verdict::True,
        &[
            "true",
            "correct",
            "accurate",
            "vrai",
            "exact",
            "c'est vrai",
            "verdadero",
            "verdadera",
            "cierto",
            "richtig",
            "wahr",
            "zutreffend",
            "stimmt",
        ],
    ),
    (
        Verdict::MostlyTrue,
        &[
            "mostly true",
            "mostly correct",
            "largely true",
            "mostly accurate",
            "plutôt vrai",
            "globalement vrai",
            "en grande partie vrai",
            "majoritairement vrai",
            "mayormente verdadero",
            "casi verdadero",
            "mayoritariamente verdadero",
            "en su mayoría verdadero",
            "überwiegend richtig",
            "weitgehend richtig",
            "größtenteils richtig",
            "grösstenteils richtig",
            "überwiegend wahr",
            "größtenteils wahr",
        ],
    ),
    (
        Verdict::Mixed,
        &[
            "mixed",
            "mixture",
            "half true",
            "half-true",
            "partly true",
            "partly false",
            "partially true",
            "partially false",
            "half right",
            "mitigé",
            "à moitié vrai",
            "moitié vrai",
            "en partie vrai",
            "partiellement vrai",
            "en partie faux",
            "partiellement faux",
            "vrai et faux",
            "verdad a medias",
            "medio verdadero",
            "a medias",
            "parcialmente verdadero",
            "parcialmente falso",
            "mixto",
            "teilweise richtig",
            "teilweise falsch",
            "teilweise wahr",
            "halb wahr",
            "halbwahr",
        ],
    ),
    (
        Verdict::MostlyFalse,
        &[
            "mostly false",
            "largely false",
            "mostly untrue",
            "barely true",
            "plutôt faux",
            "globalement faux",
            "en grande partie faux",
            "majoritairement faux",
            "mayormente falso",
            "casi falso",
            "mayoritariamente falso",
            "en su mayoría falso",
            "überwiegend falsch",
            "weitgehend falsch",
            "größtenteils falsch",
            "grösstenteils falsch",
        ],
    ),
    (
        Verdict::False,
        &[
            "false",
            "untrue",
            "incorrect",
            "wrong",
            "fake",
            "fabricated",
            "hoax",
            "pants on fire",
            "pants fire",
            "really false",
            "totally false",
            "completely false",
            "four pinocchios",
            "faux",
            "fausse",
            "infox",
            "intox",
            "totalement faux",
            "complètement faux",
            "entièrement faux",
            "falso",
            "falsa",
            "bulo",
            "totalmente falso",
            "completamente falso",
            "falsch",
            "frei erfunden",
            "fake news",
            "komplett falsch",
        ],
    ),
    (
        Verdict::Misleading,
        &[
            "misleading",
            "missing context",
            "out of context",
            "lacks context",
            "exaggerated",
            "distorted",
            "trompeur",
            "trompeuse",
            "manque de contexte",
            "hors contexte",
            "sorti de contexte",
            "exagéré",
            "engañoso",
            "engañosa",
            "sin contexto",
            "fuera de contexto",
            "sacado de contexto",
            "exagerado",
            "irreführend",
            "fehlender kontext",
            "fehlender zusammenhang",
            "aus dem kontext gerissen",
            "übertrieben",
        ],
    ),
    (
        Verdict::Unverifiable,
        &[
            "unverifiable",
            "unproven",
            "unsupported",
            "unsubstantiated",
            "no evidence",
            "cannot be verified",
            "unable to verify",
            "not verifiable",
            "invérifiable",
            "non vérifiable",
            "impossible à vérifier",
            "sans preuve",
            "pas de preuve",
            "inverificable",
            "no verificable",
            "sin pruebas",
            "sin evidencia",
            "unbelegt",
            "nicht belegt",
            "unbewiesen",
            "nicht überprüfbar",
        ],
    ),
    (
        Verdict::Other,
        &[
            "other",
            "satire",
            "autre",
            "satirique",
            "otro",
            "sátira",
            "andere",
            "flip flop",
            "full flop",
            "half flip",
            "no flip",
        ],
    ),
];

static LOOKUP: LazyLock<HashMap<String, Verdict>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (verdict, labels) in TABLE {
        for label in *labels {
            map.insert(fold_key(label), *verdict);
        }
        // The vocabulary itself (`mostly_true`) and the export's own labels read back.
        map.insert(fold_key(verdict.as_str()), *verdict);
        for lang in [RatingLang::En, RatingLang::Fr] {
            map.insert(fold_key(label(*verdict, lang)), *verdict);
        }
    }
    map
});

/// Where the leading part of a long label ends ("Faux : la photo date de 2015").
const LEAD_ENDS: &[&str] = &[":", ".", ";", "(", "—", "–", " - ", "!", ","];

/// The verdict a textual rating means, if the table knows it (see the module doc).
pub fn verdict_for_label(label: &str) -> Option<Verdict> {
    let key = fold_key(label);
    if key.is_empty() {
        return None;
    }
    if let Some(v) = LOOKUP.get(&key) {
        return Some(*v);
    }
    let cut = LEAD_ENDS.iter().filter_map(|sep| label.find(sep)).min()?;
    LOOKUP.get(&fold_key(&label[..cut])).copied()
}

/// The label export writes for a verdict.
pub fn label(verdict: Verdict, lang: RatingLang) -> &'static str {
    match (lang, verdict) {
        (RatingLang::En, Verdict::True) => "True",
        (RatingLang::En, Verdict::MostlyTrue) => "Mostly true",
        (RatingLang::En, Verdict::Mixed) => "Mixed",
        (RatingLang::En, Verdict::MostlyFalse) => "Mostly false",
        (RatingLang::En, Verdict::False) => "False",
        (RatingLang::En, Verdict::Misleading) => "Misleading",
        (RatingLang::En, Verdict::Unverifiable) => "Unverifiable",
        (RatingLang::En, Verdict::Other) => "Other",
        (RatingLang::Fr, Verdict::True) => "Vrai",
        (RatingLang::Fr, Verdict::MostlyTrue) => "Plutôt vrai",
        (RatingLang::Fr, Verdict::Mixed) => "Mitigé",
        (RatingLang::Fr, Verdict::MostlyFalse) => "Plutôt faux",
        (RatingLang::Fr, Verdict::False) => "Faux",
        (RatingLang::Fr, Verdict::Misleading) => "Trompeur",
        (RatingLang::Fr, Verdict::Unverifiable) => "Invérifiable",
        (RatingLang::Fr, Verdict::Other) => "Autre",
    }
}

/// `ratingValue` of the five scalar verdicts, 1 (`false`) to 5 (`true`).
pub fn rating_value(verdict: Verdict) -> Option<u8> {
    match verdict {
        Verdict::False => Some(1),
        Verdict::MostlyFalse => Some(2),
        Verdict::Mixed => Some(3),
        Verdict::MostlyTrue => Some(4),
        Verdict::True => Some(5),
        Verdict::Misleading | Verdict::Unverifiable | Verdict::Other => None,
    }
}

/// The verdict of a numeric rating alone, its scale given by `worst` and `best`
/// (1 and 5 when missing): the value is placed on the five scalar verdicts.
pub fn verdict_for_value(value: f64, worst: Option<f64>, best: Option<f64>) -> Option<Verdict> {
    let worst = worst.unwrap_or(1.0);
    let best = best.unwrap_or(5.0);
    if !(value.is_finite() && worst.is_finite() && best.is_finite()) || best == worst {
        return None;
    }
    let position = (value - worst) / (best - worst);
    if !(-1e-9..=1.0 + 1e-9).contains(&position) {
        return None;
    }
    let step = (position * 4.0).round() as i64;
    Some(match step {
        0 => Verdict::False,
        1 => Verdict::MostlyFalse,
        2 => Verdict::Mixed,
        3 => Verdict::MostlyTrue,
        _ => Verdict::True,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_four_languages_and_codes_map_to_verdicts() {
        let cases = [
            ("False", Verdict::False),
            ("Faux", Verdict::False),
            ("Falso", Verdict::False),
            ("Falsch", Verdict::False),
            ("Trompeur", Verdict::Misleading),
            ("Misleading", Verdict::Misleading),
            ("Engañoso", Verdict::Misleading),
            ("Irreführend", Verdict::Misleading),
            ("Plutôt faux", Verdict::MostlyFalse),
            ("PLUTOT FAUX", Verdict::MostlyFalse),
            ("Pants on Fire!", Verdict::False),
            ("really_false", Verdict::False),
            ("half-true", Verdict::Mixed),
            ("Größtenteils falsch", Verdict::MostlyFalse),
            ("Satire", Verdict::Other),
            ("mostly_true", Verdict::MostlyTrue),
        ];
        for (label, verdict) in cases {
            assert_eq!(verdict_for_label(label), Some(verdict), "{label}");
        }
    }

    #[test]
    fn a_long_label_is_read_by_its_lead_never_by_a_word_inside() {
        assert_eq!(
            verdict_for_label("Faux : la photo date de 2015"),
            Some(Verdict::False)
        );
        assert_eq!(
            verdict_for_label("False. The video is from 2019"),
            Some(Verdict::False)
        );
        assert_eq!(verdict_for_label("Not false"), None);
        assert_eq!(verdict_for_label("Ni vrai ni faux"), None);
        assert_eq!(verdict_for_label(""), None);
    }

    #[test]
    fn export_labels_read_back_as_their_verdict() {
        for v in Verdict::ALL {
            for lang in [RatingLang::En, RatingLang::Fr] {
                assert_eq!(verdict_for_label(label(*v, lang)), Some(*v), "{v} {lang:?}");
            }
        }
    }

    #[test]
    fn numeric_ratings_are_placed_on_their_scale() {
        assert_eq!(verdict_for_value(1.0, None, None), Some(Verdict::False));
        assert_eq!(verdict_for_value(5.0, None, None), Some(Verdict::True));
        assert_eq!(
            verdict_for_value(2.0, Some(0.0), Some(10.0)),
            Some(Verdict::MostlyFalse)
        );
        assert_eq!(verdict_for_value(7.0, None, None), None);
    }
}
