//! Verification disclaimers: sentences in which an outlet or body says it could not
//! verify or confirm ("CNN n'a pas été en mesure de vérifier", "Reuters could not
//! independently verify", "has not been independently verified").
//!
//! This module owns the disclaimer patterns (compiled once) and finds the verifier;
//! it does not decide which claims a disclaimer applies to (the command does: every
//! claim saved from the same article).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use super::speakers::{self, SpeakerRef};

/// A disclaimer found in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Disclaimer {
    /// The outlet or body that could not verify, when the sentence names it.
    pub verifier: Option<String>,
    /// The disclaiming expression as written.
    pub cue: String,
}

/// Active forms: the subject is the verifier.
static ACTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:
            # French: n'a pas été en mesure de vérifier / n'a pas pu confirmer / n'ont pu vérifier
            n['’]\s*(?:a|ont|avons|avait|avaient|est|sont|était|étaient)\s+(?:pas\s+)?
                (?:été\s+)?(?:en\s+mesure\s+de|pu|capables?\s+de)\s+
                (?:\p{L}+\s+){0,2}?(?:vérifier|confirmer|corroborer|authentifier|recouper)
          | ne\s+(?:peut|peuvent|pouvait|pouvaient|pouvons|pourra)\s+(?:pas\s+)?
                (?:\p{L}+\s+){0,2}?(?:vérifier|confirmer|corroborer|authentifier|recouper)
          | n['’]\s*(?:est|sont|était|étaient)\s+pas\s+en\s+mesure\s+de\s+
                (?:\p{L}+\s+){0,2}?(?:vérifier|confirmer|corroborer|authentifier|recouper)
          # English: could not (independently) verify / was not able to confirm
          | (?:could|can|was|were|is|are|has\s+been|have\s+been|had\s+been)(?:\s+not|n['’]t)\s+
                (?:(?:immediately|independently|yet)\s+)*(?:able\s+to\s+)?
                (?:(?:immediately|independently)\s+)*
                (?:verify|confirm|corroborate|authenticate)
          | (?:has|have|had)(?:\s+not|n['’]t)\s+(?:yet\s+)?been\s+(?:able|in\s+a\s+position)\s+to\s+
                (?:(?:immediately|independently)\s+)*(?:verify|confirm|corroborate|authenticate)
          | cannot\s+(?:(?:immediately|independently)\s+)*(?:verify|confirm|corroborate|authenticate)
          | (?:was|were|is|are|has\s+been|have\s+been)\s+unable\s+to\s+
                (?:(?:immediately|independently)\s+)*(?:verify|confirm|corroborate|authenticate)
        )\b",
    )
    .expect("the active disclaimer pattern is a valid regex")
});

/// Passive forms: the claim is the subject; the verifier, if any, follows "by"/"par".
static PASSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?:
            n['’]\s*(?:a|ont|avait|avaient|pouvait|pouvaient)\s+(?:pas\s+)?(?:pu\s+)?(?:être|été)\s+
                (?:\p{L}+\s+)?(?:vérifiée?s?|confirmée?s?|authentifiée?s?|corroborée?s?)
          | (?:non|pas)\s+(?:encore\s+)?(?:été\s+)?(?:vérifiée?s?|confirmée?s?)\s+
                (?:de\s+(?:source|manière|façon)\s+indépendante|indépendamment)
          | impossible\s+(?:à|de)\s+(?:vérifier|confirmer)
          | (?:has|have|had|could|can|was|were|is|are)(?:\s+not|n['’]t)\s+(?:be\s+|been\s+)
                (?:(?:immediately|independently|yet)\s+)*(?:verified|confirmed|corroborated|authenticated)
          | remains?\s+unverified | remained\s+unverified
          | impossible\s+to\s+(?:independently\s+)?(?:verify|confirm)
        )",
    )
    .expect("the passive disclaimer pattern is a valid regex")
});

static BY_VERIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:by|par)\s+((?:l['’])?[\p{Lu}@][\p{L}\d.&'’\- ]{0,60})")
        .expect("the by-verifier pattern is a valid regex")
});

/// Word stems every disclaimer contains (verification or confirmation).
static STEMS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "vérif", "VÉRIF", "Vérif", "verif", "confirm", "corrobor", "authenti", "recoup",
        ])
        .expect("the disclaimer stems are a valid pattern set")
});

/// Cheap test before the regexes, without allocating.
fn mentions_verification(sentence: &str) -> bool {
    STEMS.is_match(sentence)
}

/// The disclaimer in `sentence`, if it is one.
pub(crate) fn find(sentence: &str) -> Option<Disclaimer> {
    if !mentions_verification(sentence) {
        return None;
    }
    if let Some(m) = ACTIVE.find(sentence) {
        let verifier = match speakers::left_subject(&sentence[..m.start()], true, &mut Vec::new()) {
            Some(SpeakerRef::Named(name)) => Some(name),
            _ => None,
        };
        return Some(Disclaimer {
            verifier,
            cue: m.as_str().to_owned(),
        });
    }
    let m = PASSIVE.find(sentence)?;
    let verifier = BY_VERIFIER
        .captures(&sentence[m.end()..])
        .and_then(|c| c.get(1))
        .map(|g| speakers::clean(g.as_str()))
        .filter(|v| !v.is_empty());
    Some(Disclaimer {
        verifier,
        cue: m.as_str().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier(s: &str) -> Option<Option<String>> {
        find(s).map(|d| d.verifier)
    }

    #[test]
    fn french_outlet_unable_to_verify_is_a_disclaimer_by_the_outlet() {
        assert_eq!(
            verifier("CNN n'a pas été en mesure de vérifier les affirmations des deux parties."),
            Some(Some("CNN".to_owned()))
        );
        assert_eq!(
            verifier("L’AFP n’a pas pu confirmer ces informations de source indépendante."),
            Some(Some("L’AFP".to_owned()))
        );
    }

    #[test]
    fn english_could_not_independently_verify_names_the_verifier() {
        assert_eq!(
            verifier("Reuters could not independently verify the reports."),
            Some(Some("Reuters".to_owned()))
        );
        assert_eq!(
            verifier("The Associated Press was not able to verify the figures."),
            Some(Some("The Associated Press".to_owned()))
        );
        assert_eq!(
            verifier("Reuters was not immediately able to verify the video."),
            Some(Some("Reuters".to_owned()))
        );
    }

    #[test]
    fn has_not_been_able_to_verify_is_a_disclaimer() {
        assert_eq!(
            verifier("The BBC has not been able to independently verify the footage."),
            Some(Some("The BBC".to_owned()))
        );
    }

    #[test]
    fn passive_disclaimers_have_no_verifier_unless_named() {
        assert_eq!(
            verifier("The claims have not been independently verified."),
            Some(None)
        );
        assert_eq!(
            verifier("The footage could not be independently verified by Reuters."),
            Some(Some("Reuters".to_owned()))
        );
        assert_eq!(
            verifier("Ces chiffres n'ont pas pu être vérifiés de source indépendante."),
            Some(None)
        );
    }

    #[test]
    fn confirming_is_not_a_disclaimer() {
        assert_eq!(verifier("The ministry confirmed the figures."), None);
        assert_eq!(verifier("L'armée a confirmé l'attaque."), None);
    }
}
