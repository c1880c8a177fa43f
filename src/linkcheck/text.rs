//! A page's normalised text, computed as the body streams in: markup, comments,
//! scripts and styles stripped, whitespace collapsed, hashed with blake3 on the fly.
//!
//! It also keeps the few short pieces the classifier reads (the title, the first
//! heading, the first words of the text), so a body is never held in memory: 64 checks
//! in flight cost 64 small digests, not 64 pages. A DOM parser (scraper) would need the
//! whole document; this scanner needs one byte of look-behind. It never fails: broken
//! markup still yields a stable hash.

/// How much of the title, the first heading and the opening text is kept.
const KEEP_CHARS_BYTES: usize = 600;

/// Normalised bytes buffered before hashing.
const PENDING_BYTES: usize = 8 * 1024;

/// Elements whose content is not text a reader sees.
const SKIPPED: &[&[u8]] = &[b"script", b"style", b"noscript", b"template", b"svg"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    /// Just after `<`.
    TagOpen,
    TagName,
    /// Inside a tag after its name; `Some(q)` inside a quoted attribute value.
    Attrs(Option<u8>),
    /// `<!` or `<?` up to `>`, or a comment up to `-->`.
    Declaration,
    Comment,
    /// Inside a skipped element, looking for its end tag.
    Skip,
}

/// Which short piece of text is being captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    None,
    Title,
    Heading,
}

/// What kind of body this is, from its `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Html,
    /// Plain text: only whitespace is normalised.
    Text,
    /// PDF, images, JSON...: the bytes themselves are hashed.
    Binary,
}

impl BodyKind {
    pub fn from_content_type(content_type: Option<&str>) -> BodyKind {
        let Some(ct) = content_type else {
            return BodyKind::Html;
        };
        let ct = ct.to_ascii_lowercase();
        if ct.contains("html") || ct.contains("xml") {
            BodyKind::Html
        } else if ct.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Binary
        }
    }
}

/// The streaming digest of one body.
pub struct TextDigest {
    kind: BodyKind,
    hasher: blake3::Hasher,
    /// Normalised text waiting to be hashed: blake3 is fast on blocks, slow byte by byte.
    pending: Vec<u8>,
    state: State,
    closing: bool,
    name: Vec<u8>,
    skip_name: &'static [u8],
    skip_matched: usize,
    comment_dashes: usize,
    pending_space: bool,
    emitted_any: bool,
    capture: Capture,
    title: Vec<u8>,
    heading: Vec<u8>,
    heading_done: bool,
    opening: Vec<u8>,
}

/// The result of a digest: the hash and the pieces the classifier reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    /// blake3 of the normalised text, in hex.
    pub hash: String,
    pub title: String,
    pub heading: String,
    /// The first words of the visible text, title excluded.
    pub opening: String,
}

impl TextDigest {
    pub fn new(kind: BodyKind) -> TextDigest {
        TextDigest {
            kind,
            hasher: blake3::Hasher::new(),
            pending: Vec::with_capacity(PENDING_BYTES),
            state: State::Text,
            closing: false,
            name: Vec::with_capacity(16),
            skip_name: b"",
            skip_matched: 0,
            comment_dashes: 0,
            pending_space: false,
            emitted_any: false,
            capture: Capture::None,
            title: Vec::new(),
            heading: Vec::new(),
            heading_done: false,
            opening: Vec::new(),
        }
    }

    /// Feeds the next chunk of the body.
    pub fn update(&mut self, chunk: &[u8]) {
        match self.kind {
            BodyKind::Binary => {
                self.hasher.update(chunk);
            }
            BodyKind::Text => {
                for &b in chunk {
                    self.text_byte(b);
                }
            }
            BodyKind::Html => {
                let mut rest = chunk;
                while let Some((&b, tail)) = rest.split_first() {
                    if self.state == State::Text && self.capture == Capture::None {
                        // Most of a page: text up to the next tag, in one go.
                        let end = memchr::memchr(b'<', rest).unwrap_or(rest.len());
                        self.text_run(&rest[..end]);
                        rest = &rest[end..];
                        if let Some((_, tail)) = rest.split_first() {
                            self.state = State::TagOpen;
                            rest = tail;
                        }
                        continue;
                    }
                    if self.state == State::Skip && self.skip_matched == 0 && b != b'<' {
                        let start = memchr::memchr(b'<', rest).unwrap_or(rest.len());
                        rest = &rest[start..];
                        continue;
                    }
                    self.html_byte(b);
                    rest = tail;
                }
            }
        }
    }

    pub fn finish(mut self) -> PageText {
        self.hasher.update(&self.pending);
        PageText {
            hash: self.hasher.finalize().to_hex().to_string(),
            title: clean(&self.title),
            heading: clean(&self.heading),
            opening: clean(&self.opening),
        }
    }

    fn text_byte(&mut self, b: u8) {
        if b.is_ascii_whitespace() {
            self.pending_space = self.emitted_any;
            if self.capture != Capture::None {
                self.keep(b' ');
            }
            return;
        }
        if self.pending_space {
            self.emit(b' ');
            self.pending_space = false;
            if self.capture != Capture::Title {
                push_capped(&mut self.opening, b' ');
            }
        }
        self.emit(b);
        self.emitted_any = true;
        self.keep(b);
    }

    /// Text outside any captured element, with no markup in it.
    fn text_run(&mut self, run: &[u8]) {
        if self.opening.len() < KEEP_CHARS_BYTES {
            for &b in run {
                self.text_byte(b);
            }
            return;
        }
        for &b in run {
            if b.is_ascii_whitespace() {
                self.pending_space = self.emitted_any;
            } else {
                if self.pending_space {
                    self.pending.push(b' ');
                    self.pending_space = false;
                }
                self.pending.push(b);
                self.emitted_any = true;
            }
        }
        if self.pending.len() >= PENDING_BYTES {
            self.hasher.update(&self.pending);
            self.pending.clear();
        }
    }

    fn emit(&mut self, b: u8) {
        self.pending.push(b);
        if self.pending.len() >= PENDING_BYTES {
            self.hasher.update(&self.pending);
            self.pending.clear();
        }
    }

    fn keep(&mut self, b: u8) {
        match self.capture {
            Capture::Title => push_capped(&mut self.title, b),
            Capture::Heading => push_capped(&mut self.heading, b),
            Capture::None => {}
        }
        if self.capture != Capture::Title && !b.is_ascii_whitespace() {
            push_capped(&mut self.opening, b);
        }
    }

    /// A tag boundary separates words.
    fn boundary(&mut self) {
        self.pending_space = self.emitted_any;
    }

    fn html_byte(&mut self, b: u8) {
        match self.state {
            State::Text => {
                if b == b'<' {
                    self.state = State::TagOpen;
                } else {
                    self.text_byte(b);
                }
            }
            State::TagOpen => {
                self.name.clear();
                self.closing = false;
                match b {
                    b'/' => {
                        self.closing = true;
                        self.state = State::TagName;
                    }
                    b'!' | b'?' => {
                        self.comment_dashes = 0;
                        self.state = State::Declaration;
                    }
                    b if b.is_ascii_alphabetic() => {
                        self.name.push(b.to_ascii_lowercase());
                        self.state = State::TagName;
                    }
                    _ => {
                        // "a < b": not a tag after all.
                        self.state = State::Text;
                        self.text_byte(b'<');
                        self.html_byte(b);
                    }
                }
            }
            State::TagName => {
                if b == b'>' {
                    self.end_tag();
                } else if b.is_ascii_whitespace() || b == b'/' {
                    self.state = State::Attrs(None);
                } else if self.name.len() < 16 {
                    self.name.push(b.to_ascii_lowercase());
                }
            }
            State::Attrs(None) => match b {
                b'>' => self.end_tag(),
                b'"' | b'\'' => self.state = State::Attrs(Some(b)),
                _ => {}
            },
            State::Attrs(Some(q)) => {
                if b == q {
                    self.state = State::Attrs(None);
                }
            }
            State::Declaration => {
                if b == b'-' {
                    self.comment_dashes += 1;
                    if self.comment_dashes == 2 {
                        self.comment_dashes = 0;
                        self.state = State::Comment;
                    }
                } else if b == b'>' {
                    self.state = State::Text;
                    self.boundary();
                } else {
                    self.comment_dashes = 2; // only "<!--" opens a comment
                }
            }
            State::Comment => {
                if b == b'>' && self.comment_dashes >= 2 {
                    self.state = State::Text;
                    self.boundary();
                } else if b == b'-' {
                    self.comment_dashes += 1;
                } else {
                    self.comment_dashes = 0;
                }
            }
            State::Skip => {
                // Looks for "</name" case-insensitively; the rest of the end tag is
                // then read as an ordinary tag.
                let want: &[u8] = match self.skip_matched {
                    0 => b"<",
                    1 => b"/",
                    n => &self.skip_name[n - 2..n - 1],
                };
                if b.to_ascii_lowercase() == want[0] {
                    self.skip_matched += 1;
                    if self.skip_matched == self.skip_name.len() + 2 {
                        self.skip_matched = 0;
                        self.name.clear();
                        self.closing = true;
                        self.state = State::Attrs(None);
                    }
                } else {
                    self.skip_matched = usize::from(b == b'<');
                }
            }
        }
    }

    fn end_tag(&mut self) {
        self.state = State::Text;
        self.boundary();
        let name = self.name.as_slice();
        if self.closing {
            match name {
                b"title" if self.capture == Capture::Title => self.capture = Capture::None,
                b"h1" | b"h2" if self.capture == Capture::Heading => {
                    self.capture = Capture::None;
                    self.heading_done = true;
                }
                _ => {}
            }
            return;
        }
        if let Some(skipped) = SKIPPED.iter().find(|s| **s == name) {
            self.skip_name = skipped;
            self.skip_matched = 0;
            self.state = State::Skip;
            return;
        }
        match name {
            b"title" if self.title.is_empty() => self.capture = Capture::Title,
            b"h1" | b"h2" if !self.heading_done && self.capture == Capture::None => {
                self.capture = Capture::Heading
            }
            _ => {}
        }
    }
}

fn push_capped(buf: &mut Vec<u8>, b: u8) {
    if buf.len() < KEEP_CHARS_BYTES {
        buf.push(b);
    }
}

/// Lossy UTF-8 (a cut may split a character), common entities decoded, spaces collapsed.
fn clean(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&rsquo;", "'")
        .replace("&#8217;", "'")
        .replace('’', "'")
        .replace("&nbsp;", " ")
        .replace("&eacute;", "é")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(html: &str) -> PageText {
        let mut d = TextDigest::new(BodyKind::Html);
        d.update(html.as_bytes());
        d.finish()
    }

    #[test]
    fn markup_scripts_and_whitespace_do_not_change_the_hash() {
        let a = digest(
            "<html><head><title>T</title><script>var x = '<p>';</script></head><body><p>Hello   world</p></body></html>",
        );
        let b = digest(
            "<html>\n<head><title>T</title><style>p { color: red }</style></head>\n<body>\n<div class=\"x > y\">Hello\nworld</div><!-- a > comment --></body></html>",
        );
        assert_eq!(a.hash, b.hash);
        let c = digest("<html><head><title>T</title></head><body><p>Hello there</p></body></html>");
        assert_ne!(a.hash, c.hash);
    }

    #[test]
    fn chunk_boundaries_do_not_change_the_hash() {
        let html = "<html><title>Doc</title><SCRIPT>a</b></SCRIPT><h1>Big news</h1><p>Some text &amp; more</p></html>";
        let whole = digest(html);
        let mut d = TextDigest::new(BodyKind::Html);
        for byte in html.as_bytes() {
            d.update(std::slice::from_ref(byte));
        }
        assert_eq!(d.finish(), whole);
        assert_eq!(whole.title, "Doc");
        assert_eq!(whole.heading, "Big news");
        assert!(
            whole.opening.starts_with("Big news Some text & more"),
            "{}",
            whole.opening
        );
    }

    #[test]
    fn a_long_page_hashes_the_same_whole_or_byte_by_byte() {
        let mut html = String::from("<html><head><title>Long</title></head><body>");
        for i in 0..400 {
            html.push_str(&format!(
                "<p class=\"x\">Paragraph {i}\n  with   spaces</p><script>if (a < b) {{}}</script><!-- c{i} -->"
            ));
        }
        let whole = digest(&html);
        let mut d = TextDigest::new(BodyKind::Html);
        for byte in html.as_bytes() {
            d.update(std::slice::from_ref(byte));
        }
        assert_eq!(d.finish(), whole);
        let short = digest("<title>Long</title><p>Paragraph 0 with spaces</p>");
        assert_ne!(short.hash, whole.hash);
        let mut expected = blake3::Hasher::new();
        let words: Vec<String> = (0..400)
            .map(|i| format!("Paragraph {i} with spaces"))
            .collect();
        expected.update(format!("Long {}", words.join(" ")).as_bytes());
        assert_eq!(whole.hash, expected.finalize().to_hex().to_string());
    }

    #[test]
    fn entities_and_curly_apostrophes_read_as_plain_apostrophes() {
        let page =
            digest("<title>Oups</title><p>Cette page n&#39;existe plus, elle n’existe plus</p>");
        assert_eq!(page.opening, "Cette page n'existe plus, elle n'existe plus");
    }

    #[test]
    fn content_types_choose_how_the_body_is_read() {
        assert_eq!(
            BodyKind::from_content_type(Some("text/html; charset=utf-8")),
            BodyKind::Html
        );
        assert_eq!(
            BodyKind::from_content_type(Some("text/plain")),
            BodyKind::Text
        );
        assert_eq!(
            BodyKind::from_content_type(Some("application/pdf")),
            BodyKind::Binary
        );
    }
}
