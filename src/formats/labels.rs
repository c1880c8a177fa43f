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
//! The table (`TABLE` below, one row per verdict and language) covers English, French,
//! Spanish, Portuguese, German, Italian, Polish, Chinese, Arabic and Hindi labels of
//! real fact-checkers: PolitiFact's scale (Pants on Fire...), the Washington Post's
//! Pinocchios (one: `mostly_true`, two: `mixed`, three: `mostly_false`, four and
//! bottomless: `false`, the Geppetto checkmark: `true`), FactCheck.org's ("Distorts the
//! facts", "Spins the facts", "Cherry picks", "Not the whole story": `misleading`),
//! Pagella Politica's ("Vero", "C'eri quasi", "Nì", "Pinocchio andante", "Panzana
//! pazzesca"), Demagog's ("Prawda", "Fałsz", "Manipulacja"), and common misspellings
//! ("Exagerated"). The README lists it.
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

/// Every label the importer recognises: one row per verdict and language (ISO 639-1,
/// `*` for codes and spellings of no one language). Spelled naturally: the lookup
/// folds them exactly as it folds the labels it reads, so case, accents and
/// punctuation do not matter.
const TABLE: &[(Verdict, &str, &[&str])] = &[
    // true
    (
        Verdict::True,
        "en",
        &["true", "correct", "accurate", "geppetto checkmark"],
    ),
    (Verdict::True, "fr", &["vrai", "exact", "c'est vrai"]),
    (Verdict::True, "es", &["verdadero", "verdadera", "cierto"]),
    (Verdict::True, "pt", &["verdadeiro", "verdade"]),
    (
        Verdict::True,
        "de",
        &["richtig", "wahr", "zutreffend", "stimmt"],
    ),
    (Verdict::True, "it", &["vero"]),
    (Verdict::True, "pl", &["prawda"]),
    (Verdict::True, "zh", &["正確"]),
    (Verdict::True, "ar", &["صحيح"]),
    (Verdict::True, "hi", &["सच", "सही"]),
    // mostly_true
    (
        Verdict::MostlyTrue,
        "en",
        &[
            "mostly true",
            "mostly correct",
            "largely true",
            "mostly accurate",
            "one pinocchio",
        ],
    ),
    (
        Verdict::MostlyTrue,
        "fr",
        &[
            "plutôt vrai",
            "globalement vrai",
            "en grande partie vrai",
            "majoritairement vrai",
        ],
    ),
    (
        Verdict::MostlyTrue,
        "es",
        &[
            "mayormente verdadero",
            "casi verdadero",
            "mayoritariamente verdadero",
            "en su mayoría verdadero",
        ],
    ),
    (
        Verdict::MostlyTrue,
        "de",
        &[
            "überwiegend richtig",
            "weitgehend richtig",
            "größtenteils richtig",
            "grösstenteils richtig",
            "überwiegend wahr",
            "größtenteils wahr",
        ],
    ),
    (Verdict::MostlyTrue, "it", &["c'eri quasi"]),
    // mixed
    (
        Verdict::Mixed,
        "en",
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
            "two pinocchios",
        ],
    ),
    (
        Verdict::Mixed,
        "fr",
        &[
            "mitigé",
            "à moitié vrai",
            "moitié vrai",
            "en partie vrai",
            "partiellement vrai",
            "en partie faux",
            "partiellement faux",
            "vrai et faux",
        ],
    ),
    (
        Verdict::Mixed,
        "es",
        &[
            "verdad a medias",
            "medio verdadero",
            "a medias",
            "parcialmente verdadero",
            "parcialmente falso",
            "mixto",
        ],
    ),
    (
        Verdict::Mixed,
        "pt",
        &["impreciso", "meia verdade", "parcialmente falso"],
    ),
    (
        Verdict::Mixed,
        "de",
        &[
            "teilweise richtig",
            "teilweise falsch",
            "teilweise wahr",
            "halb wahr",
            "halbwahr",
        ],
    ),
    (Verdict::Mixed, "it", &["controverso", "nì", "ni"]),
    (
        Verdict::Mixed,
        "pl",
        &["częściowa prawda", "częściowo prawda", "częściowy fałsz"],
    ),
    (Verdict::Mixed, "zh", &["部分錯誤", "部分错误"]),
    // mostly_false
    (
        Verdict::MostlyFalse,
        "en",
        &[
            "mostly false",
            "largely false",
            "mostly untrue",
            "barely true",
            "three pinocchios",
        ],
    ),
    (
        Verdict::MostlyFalse,
        "fr",
        &[
            "plutôt faux",
            "globalement faux",
            "en grande partie faux",
            "majoritairement faux",
        ],
    ),
    (
        Verdict::MostlyFalse,
        "es",
        &[
            "mayormente falso",
            "casi falso",
            "mayoritariamente falso",
            "en su mayoría falso",
        ],
    ),
    (
        Verdict::MostlyFalse,
        "de",
        &[
            "überwiegend falsch",
            "weitgehend falsch",
            "größtenteils falsch",
            "grösstenteils falsch",
        ],
    ),
    (Verdict::MostlyFalse, "it", &["pinocchio andante"]),
    // false
    (
        Verdict::False,
        "en",
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
            "bottomless pinocchio",
            "fake news",
        ],
    ),
    (
        Verdict::False,
        "fr",
        &[
            "faux",
            "fausse",
            "infox",
            "intox",
            "totalement faux",
            "complètement faux",
            "entièrement faux",
        ],
    ),
    (
        Verdict::False,
        "es",
        &[
            "falso",
            "falsa",
            "bulo",
            "totalmente falso",
            "completamente falso",
            "mentira",
        ],
    ),
    (Verdict::False, "pt", &["falso", "fake", "mentira"]),
    (
        Verdict::False,
        "de",
        &["falsch", "frei erfunden", "komplett falsch"],
    ),
    (Verdict::False, "it", &["falso", "panzana pazzesca"]),
    (Verdict::False, "pl", &["fałsz"]),
    (Verdict::False, "zh", &["錯誤", "错误"]),
    (Verdict::False, "ar", &["زائف", "خطأ", "كاذب"]),
    (Verdict::False, "hi", &["गलत", "ग़लत", "फर्जी", "फ़र्ज़ी"]),
    // misleading
    (
        Verdict::Misleading,
        "en",
        &[
            "misleading",
            "missing context",
            "out of context",
            "lacks context",
            "needs context",
            "exaggerated",
            "exagerated",
            "exaggerates",
            "distorted",
            "distorts the facts",
            "spins the facts",
            "cherry picks",
            "not the whole story",
        ],
    ),
    (
        Verdict::Misleading,
        "fr",
        &[
            "trompeur",
            "trompeuse",
            "manque de contexte",
            "hors contexte",
            "sorti de contexte",
            "exagéré",
        ],
    ),
    (
        Verdict::Misleading,
        "es",
        &[
            "engañoso",
            "engañosa",
            "sin contexto",
            "fuera de contexto",
            "sacado de contexto",
            "exagerado",
        ],
    ),
    (
        Verdict::Misleading,
        "pt",
        &[
            "enganoso",
            "distorcido",
            "exagerado",
            "sem contexto",
            "não é bem assim",
            "fora de contexto",
        ],
    ),
    (
        Verdict::Misleading,
        "de",
        &[
            "irreführend",
            "fehlender kontext",
            "fehlender zusammenhang",
            "aus dem kontext gerissen",
            "übertrieben",
        ],
    ),
    (Verdict::Misleading, "it", &["fuorviante", "esagerato"]),
    (Verdict::Misleading, "pl", &["manipulacja"]),
    (Verdict::Misleading, "ar", &["مضلل"]),
    (Verdict::Misleading, "hi", &["भ्रामक"]),
    // unverifiable
    (
        Verdict::Unverifiable,
        "en",
        &[
            "unverifiable",
            "unproven",
            "unsupported",
            "unsubstantiated",
            "no evidence",
            "cannot be verified",
            "unable to verify",
            "not verifiable",
        ],
    ),
    (
        Verdict::Unverifiable,
        "fr",
        &[
            "invérifiable",
            "non vérifiable",
            "impossible à vérifier",
            "sans preuve",
            "pas de preuve",
        ],
    ),
    (
        Verdict::Unverifiable,
        "es",
        &[
            "inverificable",
            "no verificable",
            "sin pruebas",
            "sin evidencia",
        ],
    ),
    (
        Verdict::Unverifiable,
        "pt",
        &["insustentável", "sem provas"],
    ),
    (
        Verdict::Unverifiable,
        "de",
        &[
            "unbelegt",
            "nicht belegt",
            "unbewiesen",
            "nicht überprüfbar",
        ],
    ),
    (Verdict::Unverifiable, "it", &["non verificabile"]),
    (
        Verdict::Unverifiable,
        "pl",
        &["nieweryfikowalne", "nieweryfikowalny"],
    ),
    (Verdict::Unverifiable, "zh", &["證據不足", "证据不足"]),
    // other
    (
        Verdict::Other,
        "en",
        &[
            "other",
            "satire",
            "flip flop",
            "full flop",
            "half flip",
            "no flip",
        ],
    ),
    (Verdict::Other, "fr", &["autre", "satirique"]),
    (Verdict::Other, "es", &["otro", "sátira"]),
    (Verdict::Other, "de", &["andere"]),
];

/// The table's languages, for the README and `--help`: each verdict's labels in one
/// language.
pub fn table() -> impl Iterator<Item = (Verdict, &'static str, &'static [&'static str])> {
    TABLE.iter().copied()
}

static LOOKUP: LazyLock<HashMap<String, Verdict>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for (verdict, _, labels) in TABLE {
        for label in *labels {
            map.insert(fold_key(label), *verdict);
        }
    }
    // The vocabulary itself (`mostly_true`) and the export's own labels read back.
    for verdict in Verdict::ALL {
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
    fn the_scales_of_real_fact_checkers_map_to_verdicts() {
        let cases = [
            ("One Pinocchio", Verdict::MostlyTrue),
            ("Two Pinocchios", Verdict::Mixed),
            ("Three Pinocchios", Verdict::MostlyFalse),
            ("Four Pinocchios", Verdict::False),
            ("Geppetto Checkmark", Verdict::True),
            ("Distorts the Facts", Verdict::Misleading),
            ("Spins the Facts", Verdict::Misleading),
            ("Cherry Picks", Verdict::Misleading),
            ("Not the Whole Story", Verdict::Misleading),
            ("Needs Context", Verdict::Misleading),
            ("Mentira", Verdict::False),
            ("Vero", Verdict::True),
            ("Controverso", Verdict::Mixed),
            ("Pinocchio andante", Verdict::MostlyFalse),
            ("Prawda", Verdict::True),
            ("Fałsz", Verdict::False),
            ("Manipulacja", Verdict::Misleading),
            ("Exagerated", Verdict::Misleading),
            ("não_é_bem_assim", Verdict::Misleading),
            ("錯誤", Verdict::False),
            ("證據不足", Verdict::Unverifiable),
            ("زائف", Verdict::False),
            ("भ्रामक", Verdict::Misleading),
            ("Incorrect \r", Verdict::False),
        ];
        for (label, verdict) in cases {
            assert_eq!(verdict_for_label(label), Some(verdict), "{label}");
        }
        let mut seen: HashMap<String, Verdict> = HashMap::new();
        for (verdict, lang, labels) in table() {
            assert!(!labels.is_empty() && !lang.is_empty(), "{verdict}");
            for label in labels {
                let before = seen.insert(fold_key(label), verdict);
                assert!(
                    before.is_none_or(|v| v == verdict),
                    "{label} means two verdicts"
                );
            }
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
