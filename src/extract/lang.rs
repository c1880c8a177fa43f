//! Language detection (French or English) by counting function words.
//!
//! Function words are the most frequent words of any text and almost disjoint
//! between French and English, so a count over the first few kilobytes decides
//! reliably for news articles. Only the two languages the lexicons cover are told
//! apart; anything else is reported as the closer of the two.

use super::Lang;

/// Bytes looked at: enough for any article's lead, bounded for 50 MB inputs.
const SAMPLE: usize = 64 * 1024;

const FR_WORDS: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "que", "qui", "dans", "pour",
    "pas", "sur", "au", "aux", "avec", "selon", "ont", "sont", "ce", "cette", "il", "elle", "ils",
    "par", "mais", "ou", "son", "sa", "ses", "leur", "été", "a",
];

const EN_WORDS: &[&str] = &[
    "the", "and", "of", "to", "is", "that", "was", "for", "on", "with", "said", "in", "by", "it",
    "from", "he", "she", "they", "has", "have", "were", "are", "at", "this", "which", "his", "her",
    "their", "an", "not", "be", "been",
];

/// Detect the language of `text`; English when there is nothing to decide on.
pub fn detect_lang(text: &str) -> Lang {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text[..end].split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() || word.len() > 6 {
            continue;
        }
        let lower = word.to_lowercase();
        if FR_WORDS.contains(&lower.as_str()) {
            fr += 1;
        }
        if EN_WORDS.contains(&lower.as_str()) {
            en += 1;
        }
    }
    if fr > en { Lang::Fr } else { Lang::En }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_news_is_detected_as_french() {
        let t = "L'armée a démenti toute implication, selon un communiqué publié dimanche.";
        assert_eq!(detect_lang(t), Lang::Fr);
    }

    #[test]
    fn english_news_is_detected_as_english() {
        let t = "The ministry said on Tuesday that it had opened an investigation.";
        assert_eq!(detect_lang(t), Lang::En);
    }

    #[test]
    fn empty_text_defaults_to_english() {
        assert_eq!(detect_lang(""), Lang::En);
    }

    #[test]
    fn detection_stops_on_a_char_boundary() {
        let t = "é".repeat(SAMPLE);
        assert_eq!(detect_lang(&t), Lang::En);
    }
}
