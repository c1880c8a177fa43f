//! Paragraphs of an article, without its obvious page chrome.
//!
//! Copied web pages carry navigation ("Partager", "Lire aussi : ..."), bylines,
//! "Title | Site" lines, bare URLs and HTML comments. This module finds paragraph
//! ranges (lines, with hard-wrapped lines joined back) and drops chrome lines. It
//! returns byte ranges into the input so that candidates keep true offsets; it never
//! rewrites text. It also finds the dateline that opens a wire story
//! ("KYIV, March 3 (Reuters) - ") so that it is not read as part of a claim.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::sentences::is_space;

/// Lines that are navigation or furniture when they stand alone (lowercase).
#[rustfmt::skip]
const CHROME_LINES: &[&str] = &[
    "partager", "partager sur facebook", "partager sur twitter", "lire plus tard",
    "lire la suite", "abonnez-vous", "s'abonner", "se connecter", "newsletter", "publicité",
    "commentaires", "imprimer", "envoyer par e-mail", "copier le lien", "share", "save",
    "share this article", "read more", "read next", "related", "related articles",
    "advertisement", "subscribe", "sign up", "log in", "print", "email", "copy link",
    "facebook", "twitter", "whatsapp", "linkedin", "menu", "accueil", "home",
];

/// Prefixes of chrome lines (lowercase).
#[rustfmt::skip]
const CHROME_PREFIXES: &[&str] = &[
    "lire aussi", "à lire aussi", "a lire aussi", "voir aussi", "publié le", "mis à jour le",
    "modifié le", "read also", "see also", "published", "updated", "last updated",
    "(reporting by", "reporting by", "editing by", "(editing by", "writing by", "©",
    "copyright", "photo :", "photo:", "crédit photo", "http://", "https://", "<http", "www.",
];

static TITLE_WITH_SITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s\|\s*[\p{L}\d][\p{L}\d.\- ]{0,40}$")
        .expect("the title-with-site pattern is a valid regex")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{Lu}\p{M} '’.\-]{2,40}(?:,[^\n()—–]{1,40}?)?\s*(?:\([\p{L} .]{1,30}\))?\s*[-—–]\s+",
    )
    .expect("the dateline pattern is a valid regex")
});

fn is_chrome(line: &str) -> bool {
    let t = line.trim_matches(is_space);
    if t.contains("<!--") {
        return true;
    }
    let lower = t.to_lowercase();
    if CHROME_LINES.contains(&lower.as_str()) {
        return true;
    }
    if CHROME_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // A byline ("By Jane Doe", "Par Jean Dupont") alone on its line.
    let words = t.split_whitespace().count();
    if (lower.starts_with("by ") || lower.starts_with("par ")) && words <= 5 && !t.ends_with('.') {
        return true;
    }
    TITLE_WITH_SITE.is_match(t)
}

fn ends_paragraph(line: &str) -> bool {
    line.trim_end_matches(is_space)
        .chars()
        .last()
        .is_none_or(|c| {
            matches!(
                c,
                '.' | '!' | '?' | '…' | ':' | '»' | '”' | '"' | ')' | ';' | ']'
            )
        })
}

fn starts_lowercase(line: &str) -> bool {
    line.trim_start_matches(is_space)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Paragraph ranges of `text`: non-blank, non-chrome lines, with a line that starts
/// in lowercase after a line that did not end a sentence joined to it (hard wraps).
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut previous_open = false;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_matches(is_space);
        if trimmed.is_empty() {
            previous_open = false;
            continue;
        }
        // "Palestinians say his appointment could ruin talks | CBC News": the title
        // is kept without its site.
        let trimmed = match TITLE_WITH_SITE.find(trimmed) {
            Some(m) if trimmed[..m.start()].split_whitespace().count() >= 4 => {
                &trimmed[..m.start()]
            }
            _ => trimmed,
        };
        if is_chrome(trimmed) {
            previous_open = false;
            continue;
        }
        let lead = line.len() - line.trim_start_matches(is_space).len();
        let range = start + lead..start + lead + trimmed.len();
        match out.last_mut() {
            Some(last) if previous_open && starts_lowercase(trimmed) && last.end <= range.start => {
                last.end = range.end;
            }
            _ => out.push(range),
        }
        previous_open = !ends_paragraph(trimmed);
    }
    out
}

/// Length in bytes of a wire dateline opening `paragraph`, or 0.
pub(crate) fn dateline_len(paragraph: &str) -> usize {
    DATELINE.find(paragraph).map_or(0, |m| m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn navigation_lines_and_site_titles_are_dropped() {
        let text = "Titre | Atlantico.fr\nPartager\nLire aussi : autre chose\nLe texte.\n";
        assert_eq!(paras(text), vec!["Le texte."]);
    }

    #[test]
    fn bare_urls_and_bylines_are_dropped() {
        let text = "<https://twitter.com/x/status/1>\nBy Jane Doe\nhttps://example.org\nBody.";
        assert_eq!(paras(text), vec!["Body."]);
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let text = "Le ministre a déclaré que\nla trêve tenait.\nAutre paragraphe.";
        assert_eq!(
            paras(text),
            vec![
                "Le ministre a déclaré que\nla trêve tenait.",
                "Autre paragraphe."
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_input() {
        let text = "Share\n  Body text here.\r\n";
        let r = paragraphs(text);
        assert_eq!(&text[r[0].clone()], "Body text here.");
    }

    #[test]
    fn wire_datelines_are_recognised() {
        let p = "KYIV, March 3 (Reuters) - Russian forces shelled the city.";
        assert_eq!(&p[dateline_len(p)..], "Russian forces shelled the city.");
        let p = "WASHINGTON (AP) — The Fed held.";
        assert_eq!(&p[dateline_len(p)..], "The Fed held.");
        let p = "KHARTOUM, 10 sept 2026 (AFP) - Au moins 40 civils.";
        assert_eq!(&p[dateline_len(p)..], "Au moins 40 civils.");
        assert_eq!(dateline_len("Le ministre a parlé - longuement."), 0);
    }
}
