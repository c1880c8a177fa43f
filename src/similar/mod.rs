//! "Is this claim already recorded?": folds a claim's text into words, and scores how
//! likely two texts are the same statement. Pure functions: the store finds the
//! candidates (full-text index, rarest words first), this module ranks them. Never
//! merges anything: a person decides (`claimlog merge`, `add --to`).
//!
//! The score is the Dice coefficient of the two texts' content words (accents, case and
//! common French and English function words ignored, plurals folded), raised by shared
//! character 4-grams (near-cognates across a translation: "déploiement"/"deployment"),
//! or by a short text's words all found in a longer one (a claim quoted inside a
//! sentence), then lowered when a figure differs ("29 morts" is not "30 morts") or when
//! the two hold different numbers of negations.

use std::collections::HashSet;

/// At or above this score two claims are "likely" the same statement: the threshold
/// `similar` lists by default and `add` warns at.
pub const DEFAULT_THRESHOLD: f64 = 0.6;

/// Words that say nothing about which statement it is.
const STOPWORDS: &[&str] = &[
    // French
    "a",
    "au",
    "aux",
    "avec",
    "ce",
    "ces",
    "cet",
    "cette",
    "d",
    "dans",
    "de",
    "des",
    "du",
    "elle",
    "en",
    "est",
    "et",
    "il",
    "ils",
    "l",
    "la",
    "le",
    "les",
    "leur",
    "leurs",
    "lui",
    "mais",
    "n",
    "ont",
    "ou",
    "par",
    "pour",
    "qu",
    "que",
    "qui",
    "s",
    "sa",
    "se",
    "ses",
    "son",
    "sont",
    "sur",
    "un",
    "une",
    "y",
    "ete",
    "etre",
    "fait",
    "avait",
    "avoir",
    "selon",
    "comme",
    "plus",
    "tres",
    "aussi",
    "c",
    "j",
    "m",
    "t",
    "nos",
    "notre",
    "vos",
    "votre",
    "on",
    // English
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "by",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "his",
    "in",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "she",
    "that",
    "the",
    "their",
    "they",
    "this",
    "to",
    "was",
    "were",
    "will",
    "with",
    "said",
    "says",
    "according",
    "which",
    "who",
    "would",
    "our",
    "we",
    "also",
    "than",
    "into",
    "over",
    "after",
];

/// Words that turn a statement into its negation.
const NEGATIONS: &[&str] = &[
    "ne", "pas", "jamais", "aucun", "aucune", "non", "ni", "not", "no", "never", "none", "nobody",
    "nothing", "neither", "nor", "denied", "deny", "denies", "dementi", "dement", "nie", "cannot",
];

/// Figures written with separators ("52,000", "60.000", "1,5", "60 000" with a
/// no-break space) made into one run of digits, so that a figure stays one number.
fn join_figures(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && i + 1 < chars.len()
            && chars[i - 1].is_ascii_digit()
            && chars[i + 1].is_ascii_digit();
        if between_digits && matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}') {
            continue;
        }
        out.push(*c);
    }
    out
}

/// A text folded for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    /// Content words, folded, plurals trimmed.
    pub words: HashSet<String>,
    /// Numbers as written in digits.
    pub numbers: HashSet<String>,
    /// Character 4-grams of the content words.
    grams: HashSet<[char; 4]>,
    /// How many negation words it holds ("not", "ne ... pas" counts two).
    pub negations: usize,
}

/// Lower case, accents removed, split on anything that is not a letter or a digit: the
/// way the full-text index splits words (`unicode61 remove_diacritics 2`).
pub fn tokens(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Trims a plural or feminine ending so that "frappes" and "frappe", "killed" and
/// "kills" meet; short words are kept whole.
fn stem(word: &str) -> String {
    let n = word.chars().count();
    if n <= 4 || word.chars().all(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    for suffix in ["ees", "es", "s", "e", "ed", "ing"] {
        if let Some(base) = word.strip_suffix(suffix)
            && base.chars().count() >= 4
        {
            return base.to_string();
        }
    }
    word.to_string()
}

/// Folds a text for [`score`].
pub fn fold(text: &str) -> Folded {
    let mut words = HashSet::new();
    let mut numbers = HashSet::new();
    let mut grams = HashSet::new();
    let mut negations = 0;
    let mut previous = String::new();
    for token in tokens(&join_figures(text)) {
        // "can't", "isn't": the tokenizer leaves a "t" after a word ending in "n".
        let contracted = token == "t" && previous.ends_with('n');
        previous.clone_from(&token);
        if contracted || NEGATIONS.contains(&token.as_str()) {
            negations += 1;
            continue;
        }
        if token.chars().all(|c| c.is_ascii_digit()) {
            numbers.insert(token.trim_start_matches('0').to_string());
            continue;
        }
        if STOPWORDS.contains(&token.as_str()) {
            continue;
        }
        let word = stem(&token);
        let chars: Vec<char> = word.chars().collect();
        for w in chars.windows(4) {
            grams.insert([w[0], w[1], w[2], w[3]]);
        }
        words.insert(word);
    }
    Folded {
        words,
        numbers,
        grams,
        negations,
    }
}

fn dice<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count() as f64;
    2.0 * shared / (a.len() + b.len()) as f64
}

/// How likely two folded texts are the same statement, from 0 to 1.
pub fn score(a: &Folded, b: &Folded) -> f64 {
    let words = dice(&a.words, &b.words);
    let grams = dice(&a.grams, &b.grams);
    // A short claim quoted whole inside a longer sentence is the same statement.
    let shorter = a.words.len().min(b.words.len());
    let contained = if shorter >= 4 {
        0.8 * a.words.intersection(&b.words).count() as f64 / shorter as f64
    } else {
        0.0
    };
    let mut s = words.max(0.5 * words + 0.5 * grams).max(contained);
    if a.numbers != b.numbers {
        // Leaving figures out is a paraphrase; another figure is another claim.
        let fewer = a.numbers.is_subset(&b.numbers) || b.numbers.is_subset(&a.numbers);
        s *= if fewer { 0.9 } else { 0.5 };
    }
    if a.negations != b.negations {
        s *= 0.55;
    }
    (s * 100.0).round() / 100.0
}

/// The words of a text to look it up by in the full-text index: its content words and
/// numbers, folded as the index folds them (no stemming), without duplicates.
pub fn search_terms(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    tokens(text)
        .into_iter()
        .filter(|t| !STOPWORDS.contains(&t.as_str()) && !NEGATIONS.contains(&t.as_str()))
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &str, b: &str) -> f64 {
        score(&fold(a), &fold(b))
    }

    #[test]
    fn the_same_words_in_another_order_score_high() {
        assert!(s("Les frappes ont fait 29 morts", "29 morts dans les frappes") >= 0.8);
    }

    #[test]
    fn a_changed_number_or_a_negation_scores_low() {
        let base = "Les frappes ont fait 29 morts à Stepanakert";
        assert!(s(base, "Les frappes ont fait 30 morts à Stepanakert") < DEFAULT_THRESHOLD);
        assert!(
            s(
                "L'armée a ouvert le feu sur les positions",
                "L'armée n'a pas ouvert le feu sur les positions"
            ) < DEFAULT_THRESHOLD
        );
    }

    #[test]
    fn unrelated_claims_score_near_zero() {
        assert!(
            s(
                "Le pont sera rouvert en juin",
                "Les frappes ont fait 29 morts"
            ) < 0.2
        );
    }
}
