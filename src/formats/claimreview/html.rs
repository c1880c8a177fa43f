//! A page's JSON-LD, read as the page streams in: a small scanner that knows just
//! enough HTML to find `<script type="application/ld+json">` blocks (skipping comments
//! and other scripts, whose text may hold anything) and the page's publication date in
//! its `<meta>` tags. It holds one tag, or one block of at most [`MAX_RECORD_BYTES`],
//! never the page.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::super::MAX_RECORD_BYTES;
use crate::error::DataError;

/// A tag longer than this is not one we look into.
const MAX_TAG_BYTES: usize = 64 << 10;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum State {
    #[default]
    Text,
    Tag,
    Comment,
    /// Inside a script: `true` when it is JSON-LD and kept.
    Script(bool),
}

static LD_JSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\btype\s*=\s*["']?\s*application/ld\+json"#).expect("a constant pattern")
});
static DATE_META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)\b(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time|datePublished|publish-date|dc\.date)["'\s>/]"#,
    )
    .expect("a constant pattern")
});
static CONTENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\bcontent\s*=\s*["']([^"']{1,100})["']"#).expect("a constant pattern")
});

/// The scanner's state between chunks of the page.
#[derive(Debug, Default)]
pub struct Scanner {
    state: State,
    /// The tag or script text being read.
    buf: Vec<u8>,
    /// The page's publication date, once a `<meta>` tag gave it.
    pub page_date: Option<String>,
}

impl Scanner {
    /// Reads the next chunk of the page; returns the JSON-LD blocks it completed.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Vec<Vec<u8>>, DataError> {
        let mut found = Vec::new();
        for &b in chunk {
            match self.state {
                State::Text => {
                    if b == b'<' {
                        self.state = State::Tag;
                        self.buf.clear();
                    }
                }
                State::Tag => {
                    if self.buf.is_empty() && b == b'!' {
                        self.buf.push(b);
                    } else if self.buf == b"!-" && b == b'-' {
                        self.state = State::Comment;
                        self.buf.clear();
                    } else if b == b'>' {
                        self.state = self.tag_done();
                        self.buf.clear();
                    } else if self.buf.len() < MAX_TAG_BYTES {
                        self.buf.push(b);
                    }
                }
                State::Comment => {
                    self.buf.push(b);
                    if self.buf.ends_with(b"-->") {
                        self.state = State::Text;
                        self.buf.clear();
                    } else if self.buf.len() > 2 {
                        self.buf.drain(..self.buf.len() - 2);
                    }
                }
                State::Script(keep) => {
                    self.buf.push(b);
                    if (b == b't' || b == b'T') && ends_with_ignore_case(&self.buf, b"</script") {
                        let text = self.buf.len() - b"</script".len();
                        if keep {
                            self.buf.truncate(text);
                            found.push(std::mem::take(&mut self.buf));
                        }
                        self.buf.clear();
                        // The rest of the closing tag is read as a tag.
                        self.state = State::Tag;
                        self.buf.extend_from_slice(b"/script");
                    } else if keep && self.buf.len() > MAX_RECORD_BYTES {
                        return Err(DataError::new(format!(
                            "a JSON-LD script block is longer than {} MiB",
                            MAX_RECORD_BYTES >> 20
                        )));
                    } else if !keep && self.buf.len() > 16 {
                        self.buf.drain(..self.buf.len() - 8);
                    }
                }
            }
        }
        Ok(found)
    }

    /// What follows a tag that just closed.
    fn tag_done(&mut self) -> State {
        let tag = &self.buf;
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.eq_ignore_ascii_case(b"script") {
            return State::Script(LD_JSON.is_match(tag));
        }
        if name.eq_ignore_ascii_case(b"meta")
            && self.page_date.is_none()
            && DATE_META.is_match(tag)
            && let Some(content) = CONTENT.captures(tag).and_then(|c| c.get(1))
        {
            self.page_date = Some(String::from_utf8_lossy(content.as_bytes()).into_owned());
        }
        State::Text
    }
}

fn ends_with_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len()
        && haystack[haystack.len() - needle.len()..].eq_ignore_ascii_case(needle)
}

/// The JSON inside a script block: without `<!-- -->` or CDATA wrappers, and with raw
/// line breaks and tabs inside strings (which browsers tolerate and JSON does not)
/// turned into spaces.
pub fn clean_script(text: &str) -> String {
    let mut t = text.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = t.strip_prefix(open) {
            t = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    let mut out = String::with_capacity(t.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in t.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c.is_control() {
                out.push(' ');
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn scan(page: &str, chunk: usize) -> (Vec<String>, Option<String>) {
        let mut scanner = Scanner::default();
        let mut blocks = Vec::new();
        for part in page.as_bytes().chunks(chunk) {
            for b in scanner.feed(part).unwrap() {
                blocks.push(String::from_utf8(b).unwrap());
            }
        }
        (blocks, scanner.page_date)
    }

    #[test]
    fn json_ld_blocks_are_found_across_chunks_and_other_scripts_skipped() {
        let page = r#"<html><head><meta property="article:published_time" content="2020-06-16T20:15:35+05:30">
<script>var s = "<script type='application/ld+json'>{}</script>";</script>
<!-- <script type="application/ld+json">{"hidden": true}</script> -->
<SCRIPT type="application/ld+json">{"a": "x < y"}</SCRIPT >
</head><body><script type=application/ld+json>[1]</script></body></html>"#;
        for chunk in [1, 3, 7, 4096] {
            let (blocks, date) = scan(page, chunk);
            assert_eq!(blocks, vec![r#"{"a": "x < y"}"#, "[1]"], "chunk {chunk}");
            assert_eq!(date.as_deref(), Some("2020-06-16T20:15:35+05:30"));
        }
    }

    #[test]
    fn script_blocks_lose_comment_wrappers_and_raw_line_breaks_in_strings() {
        let cleaned = clean_script("<!--\n{\"a\": \"line\nbreak\"}\n-->");
        assert_eq!(
            serde_json::from_str::<Value>(&cleaned).unwrap(),
            json!({"a": "line break"})
        );
    }
}
