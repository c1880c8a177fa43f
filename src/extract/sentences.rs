//! Sentence splitting inside one paragraph, and quotation spans inside one sentence.
//!
//! The splitter never splits inside an open quotation (« », “ ”, " "), knows the
//! abbreviations of French and English newspapers (M., Mme, Dr, Mr., U.S.) and
//! initials, and bounds every sentence so that a runaway quotation in a 50 MB file
//! cannot turn the rest of the file into one sentence. It returns byte ranges of its
//! input; it never copies text.

use std::ops::Range;

/// A sentence longer than this with an open quotation is assumed to have a stray
/// quotation mark: splitting resumes as if the quotation were closed.
const MAX_QUOTED_SENTENCE: usize = 1_500;
/// No sentence is ever longer than this (bytes); patterns run on bounded input.
const MAX_SENTENCE: usize = 4_000;

/// Words that end with a period without ending a sentence (lowercase, no period).
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "mgr", "st", "ste", "mr", "mrs", "ms",
    "messrs", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "cmdr", "sgt", "adm", "maj",
    "jr", "sr", "no", "nos", "vol", "art", "p", "pp", "etc", "env", "cf", "vs", "ex", "av", "bd",
    "inc", "ltd", "co", "corp", "jan", "janv", "feb", "fév", "févr", "mar", "apr", "avr", "jun",
    "jul", "juil", "aug", "sep", "sept", "oct", "nov", "dec", "déc", "u.s", "u.k", "u.n", "e.u",
    "d.c", "a.m", "p.m", "ph.d", "i.e", "e.g", "min", "max", "approx", "dept", "hon", "rev", "fig",
    "n°",
];

fn is_opening(c: char) -> bool {
    matches!(c, '«' | '“' | '„' | '‹')
}

fn is_closing(c: char) -> bool {
    matches!(c, '»' | '”' | '›')
}

/// True for spaces, including the no-break spaces French typography puts inside « ».
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{feff}')
}

/// The word (letters, digits, periods) that ends at byte `end` of `text`, lowercased.
fn word_before(text: &str, end: usize) -> String {
    let head = &text[..end];
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '°'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    head[start..].to_lowercase()
}

fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if w.is_empty() {
        return false;
    }
    // A single letter is an initial ("J. Smith"); a dotted acronym ("U.S.", "D.C.")
    // is an abbreviation whatever its letters.
    if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
        return true;
    }
    if w.contains('.') && w.split('.').all(|p| p.chars().count() <= 2) {
        return true;
    }
    ABBREVIATIONS.contains(&w)
}

/// Split `text` (one paragraph) into trimmed sentence ranges.
pub(crate) fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut guillemets = 0usize;
    let mut curly = 0usize;
    let mut straight = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let len = i - start;
        if is_opening(c) {
            if c == '«' || c == '‹' {
                guillemets += 1;
            } else {
                curly += 1;
            }
        } else if is_closing(c) {
            if c == '»' || c == '›' {
                guillemets = guillemets.saturating_sub(1);
            } else {
                curly = curly.saturating_sub(1);
            }
        } else if c == '"' {
            straight = !straight;
        }
        if (guillemets > 0 || curly > 0 || straight) && len > MAX_QUOTED_SENTENCE {
            guillemets = 0;
            curly = 0;
            straight = false;
        }
        let terminal = matches!(c, '.' | '!' | '?' | '…');
        if len > MAX_SENTENCE && is_space(c) {
            push_trimmed(text, start..i, &mut out);
            start = i;
            continue;
        }
        if !terminal {
            continue;
        }
        // Absorb a run of terminal punctuation and closing quotation marks: a closing
        // mark right after the period may end the quotation, and the sentence with it.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if matches!(d, '.' | '!' | '?' | '…' | ')') {
                end = j + d.len_utf8();
                chars.next();
            } else if is_closing(d) || (d == '"' && straight) {
                if d == '»' || d == '›' {
                    guillemets = guillemets.saturating_sub(1);
                } else if d == '"' {
                    straight = false;
                } else {
                    curly = curly.saturating_sub(1);
                }
                end = j + d.len_utf8();
                chars.next();
            } else if is_space(d) && d != '\n' && closing_after_space(text, j) {
                chars.next();
            } else {
                break;
            }
        }
        if guillemets > 0 || curly > 0 || straight {
            // Still inside a quotation: never split there.
            continue;
        }
        if c == '.' && is_abbreviation(&word_before(text, i)) {
            continue;
        }
        if !starts_new_sentence(&text[end..]) {
            continue;
        }
        push_trimmed(text, start..end, &mut out);
        start = end;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// "word. »" with a no-break space before the closing guillemet.
fn closing_after_space(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .find(|&c| !(is_space(c) && c != '\n'))
        .is_some_and(|c| c == '»' || c == '”')
        && text[at..].chars().take_while(|&c| is_space(c)).count() <= 2
}

/// What follows a period starts a sentence: whitespace then an uppercase letter, a
/// digit, an opening quotation mark, a dash or a bullet; or the end of the text.
fn starts_new_sentence(rest: &str) -> bool {
    let mut it = rest.chars();
    match it.next() {
        None => true,
        Some(c) if is_space(c) => {
            let next = rest.trim_start_matches(is_space).chars().next();
            match next {
                None => true,
                Some(n) => {
                    n.is_uppercase()
                        || n.is_ascii_digit()
                        || is_opening(n)
                        || matches!(
                            n,
                            '"' | '—' | '–' | '-' | '(' | '[' | '@' | '*' | '#' | '\''
                        )
                }
            }
        }
        Some(_) => false,
    }
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start_matches(is_space).len();
    let trimmed = slice.trim_matches(is_space);
    if !trimmed.is_empty() {
        let s = range.start + lead;
        out.push(s..s + trimmed.len());
    }
}

/// Quotation spans of a sentence: byte ranges from the opening mark to the end of the
/// closing mark. An unclosed quotation runs to the end of the sentence.
pub(crate) fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                if is_opening(c) || c == '"' {
                    open = Some((i, c));
                    depth = 1;
                }
            }
            Some((s, o)) => {
                let closes = match o {
                    '"' => c == '"',
                    '«' | '‹' => c == '»' || c == '›',
                    _ => c == '”' || (c == '"' && o == '“'),
                };
                let reopens = match o {
                    '«' | '‹' => c == '«' || c == '‹',
                    '"' => false,
                    _ => c == '“',
                };
                if reopens {
                    depth += 1;
                } else if closes {
                    depth -= 1;
                    if depth == 0 {
                        spans.push(s..i + c.len_utf8());
                        open = None;
                    }
                }
            }
        }
    }
    if let Some((s, _)) = open {
        spans.push(s..text.len());
    }
    spans
}

/// The text of a quotation span without its marks and surrounding spaces.
pub(crate) fn quote_inner(text: &str, span: &Range<usize>) -> String {
    let s = &text[span.clone()];
    let s = s
        .strip_prefix(|c: char| is_opening(c) || c == '"')
        .unwrap_or(s);
    let s = s
        .strip_suffix(|c: char| is_closing(c) || c == '"')
        .unwrap_or(s);
    s.trim_matches(is_space).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_on_periods_followed_by_capitals() {
        assert_eq!(
            sentences("Il pleut. Elle sort."),
            vec!["Il pleut.", "Elle sort."]
        );
    }

    #[test]
    fn french_and_english_titles_do_not_end_sentences() {
        assert_eq!(
            sentences("M. Dupont et Mme Martin sont venus. Mr. Smith and Dr. Who left."),
            vec![
                "M. Dupont et Mme Martin sont venus.",
                "Mr. Smith and Dr. Who left."
            ]
        );
    }

    #[test]
    fn dotted_acronyms_and_initials_do_not_end_sentences() {
        assert_eq!(
            sentences("The U.S. State Department and J. Smith agreed. Then it rained."),
            vec![
                "The U.S. State Department and J. Smith agreed.",
                "Then it rained."
            ]
        );
    }

    #[test]
    fn never_splits_inside_guillemets_with_no_break_spaces() {
        let text = "«\u{a0}Nous partons. Ils restent.\u{a0}», a-t-il dit. Puis rien.";
        assert_eq!(
            sentences(text),
            vec![
                "«\u{a0}Nous partons. Ils restent.\u{a0}», a-t-il dit.",
                "Puis rien."
            ]
        );
    }

    #[test]
    fn never_splits_inside_curly_or_straight_quotes() {
        assert_eq!(
            sentences("“Nobody came. Nobody told us,” she said. \"It rained. A lot,\" he said."),
            vec![
                "“Nobody came. Nobody told us,” she said.",
                "\"It rained. A lot,\" he said."
            ]
        );
    }

    #[test]
    fn a_quotation_ending_with_a_period_closes_the_sentence() {
        assert_eq!(
            sentences("« Le gouvernement ne mesure rien. » Puis il part."),
            vec!["« Le gouvernement ne mesure rien. »", "Puis il part."]
        );
        assert_eq!(
            sentences("\"We are ready.\" Then silence."),
            vec!["\"We are ready.\"", "Then silence."]
        );
    }

    #[test]
    fn apostrophes_of_both_kinds_do_not_open_quotations() {
        assert_eq!(
            sentences("L’armée d'Azerbaïdjan avance. Aujourd’hui rien."),
            vec!["L’armée d'Azerbaïdjan avance.", "Aujourd’hui rien."]
        );
    }

    #[test]
    fn a_stray_quotation_mark_does_not_swallow_the_paragraph() {
        let mut text = String::from("« Ouvert. ");
        for _ in 0..400 {
            text.push_str("Une phrase assez longue. ");
        }
        assert!(split(&text).len() > 100);
    }

    #[test]
    fn quote_spans_pair_marks_of_each_kind() {
        let s = "« A », b “C” \"D\"";
        let spans: Vec<String> = quote_spans(s).iter().map(|r| quote_inner(s, r)).collect();
        assert_eq!(spans, vec!["A", "C", "D"]);
    }
}
