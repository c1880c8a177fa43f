//! Drift that matters: whether a page's article changed, not the page around it, and
//! whether a claim's words are still on the page that published it.
//!
//! A page is reduced to its main text ([`crate::maintext`]: no navigation, sidebars,
//! "most read" lists, ads or cookie banners); volatile phrases that live inside
//! articles too ("updated 5 minutes ago", "132 comments", "10:32") are masked; the two
//! versions are compared as bags of words. `changed` needs at least
//! [`DriftConfig::min_changed_words`] words removed or added: a threshold, not an
//! exact hash, so a counter ticking over is not an edit while a changed figure is.
//! Quotations are compared folded (case, accents, quotation marks, spacing).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// The article of one page, as the checker keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainPage {
    /// blake3 of the masked, folded main text, in hex: equal hashes mean no drift.
    pub hash: String,
    /// The main text, paragraphs separated by blank lines.
    pub text: String,
}

/// How two versions of an article differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Drift {
    pub words_removed: usize,
    pub words_added: usize,
    /// 1.0 for the same words, 0.0 for nothing in common.
    pub similarity: f64,
}

impl Drift {
    pub fn changed_words(&self) -> usize {
        self.words_removed + self.words_added
    }
}

static VOLATILE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // Relative times: "il y a 5 minutes", "2 hours ago", "5 min" (a figure of the
        // story, "closed for 3 months", stays).
        r"(?i)\bil y a\s+\d+\s*\w+",
        r"(?i)\b\d+\s*\w+\s+ago\b",
        r"(?i)\b\d+\s*(?:min|mins|mn|hrs?)\b",
        // Counters: "132 comments", "1,2 k partages", "4 500 vues".
        r"(?i)\b\d[\d\s.,]*\s*k?\s*(?:comments?|commentaires?|réactions?|reactions?|replies|réponses?|views?|vues|lectures?|shares?|partages?|likes?|j'aime|abonnés|followers|reads?)\b",
        // Clock times: "10:32", "10h32".
        r"(?i)\b\d{1,2}(?::|h)\d{2}\b",
        // Update stamps as a whole short line.
        r"(?i)^(?:updated|last updated|mis à jour|actualisé|modifié|published|publié)\b.{0,80}$",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("the volatile patterns are valid regexes"))
    .collect()
});

/// Lower case, accents and quotation marks removed, whitespace collapsed.
pub fn fold(text: &str) -> String {
    let decomposed: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    let mut out = String::with_capacity(decomposed.len());
    let mut space = true;
    for c in decomposed.chars() {
        let c = match c {
            '«' | '»' | '"' | '“' | '”' | '„' | '‹' | '›' => ' ',
            '’' | '‘' | '`' | '´' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    out.trim_end().to_string()
}

/// The main text with its volatile phrases masked, folded: what drift compares.
pub fn comparable(text: &str) -> String {
    let mut paragraphs = Vec::new();
    for p in text.split("\n\n") {
        let mut p = p.to_string();
        for re in VOLATILE.iter() {
            p = re.replace_all(&p, " ").into_owned();
        }
        let p = fold(&p);
        if !p.is_empty() {
            paragraphs.push(p);
        }
    }
    paragraphs.join("\n")
}

/// Reads a page's article and keeps what drift needs.
pub fn main_page(html: &str, url: Option<&url::Url>) -> MainPage {
    let main = crate::maintext::extract(html, url);
    let hash = blake3::hash(comparable(&main.text).as_bytes())
        .to_hex()
        .to_string();
    MainPage {
        hash,
        text: main.text,
    }
}

fn words(text: &str) -> HashMap<&str, usize> {
    let mut bag = HashMap::new();
    for w in text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '.' || c == ','))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w).or_insert(0) += 1;
    }
    bag
}

/// How the article changed from `old` to `new` (both main texts).
pub fn compare(old: &str, new: &str) -> Drift {
    let (a, b) = (comparable(old), comparable(new));
    let (wa, wb) = (words(&a), words(&b));
    let removed: usize = wa
        .iter()
        .map(|(w, n)| n.saturating_sub(*wb.get(w).unwrap_or(&0)))
        .sum();
    let added: usize = wb
        .iter()
        .map(|(w, n)| n.saturating_sub(*wa.get(w).unwrap_or(&0)))
        .sum();
    let total: usize = wa.values().sum::<usize>() + wb.values().sum::<usize>();
    let similarity = if total == 0 {
        1.0
    } else {
        1.0 - (removed + added) as f64 / total as f64
    };
    Drift {
        words_removed: removed,
        words_added: added,
        similarity,
    }
}

/// Whether a claim's words stand in a main text, folded.
pub fn quote_present(text: &str, quote: &str) -> bool {
    let q = fold(quote);
    let q = q.trim_matches(|c: char| !c.is_alphanumeric());
    !q.is_empty() && fold(text).contains(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volatile_phrases_do_not_count_as_edits() {
        let old = "Mis à jour il y a 5 minutes\n\nLe pont rouvrira en juin, a dit le maire.\n\n132 commentaires";
        let new = "Mis à jour il y a 47 minutes\n\nLe pont rouvrira en juin, a dit le maire.\n\n140 commentaires";
        assert_eq!(compare(old, new).changed_words(), 0);
    }

    #[test]
    fn a_changed_figure_is_an_edit() {
        let d = compare(
            "Les travaux ont coûté 4,2 millions d'euros.",
            "Les travaux ont coûté 5,2 millions d'euros.",
        );
        assert_eq!(d.changed_words(), 2);
        assert!(d.similarity < 1.0);
    }

    #[test]
    fn quotations_match_across_quote_marks_case_and_accents() {
        let text = "Le ministre a déclaré : « Nous n’avons pas tiré. »";
        assert!(quote_present(text, "\"nous n'avons pas tire\""));
        assert!(!quote_present(text, "nous avons tiré"));
    }
}
