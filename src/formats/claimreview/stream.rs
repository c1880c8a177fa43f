//! Finding the reviews of a ClaimReview input without holding it whole: JSON is
//! streamed (the arrays at the top and under `@graph`, `dataFeedElement` and
//! `itemListElement` one element at a time), and an HTML page is scanned for its
//! `<script type="application/ld+json">` blocks as it is read. One review, or one
//! script block, is at most [`MAX_RECORD_BYTES`]; so is a document that is not a feed.
//!
//! Each review goes through [`review_to_record`] and `prepare_fields`; a review that is
//! not valid goes to [`Feed::reject`] (an error, or set aside with `--skip-invalid`).

use std::cell::Cell;
use std::io::{BufRead, Read};
use std::rc::Rc;

use anyhow::Result;
use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::super::{Feed, MAX_RECORD_BYTES, QUOTED_CHARS, cut, prepare_fields};
use super::review::{Surroundings, is_claim_review, review_to_record, text_of};
use crate::error::DataError;
use crate::model::{ClaimRecord, Timestamp};

/// Keys whose arrays are streamed element by element.
const STREAMED: &[&str] = &["@graph", "dataFeedElement", "itemListElement"];

/// Receives every JSON-LD node and hands the reviews among them to the writer.
pub struct Sink<'f> {
    pub feed: &'f mut Feed,
    pub now: Timestamp,
    pub strict: bool,
    /// Reviews seen so far; the current one's number names it in messages.
    pub items: u64,
    /// `script block N, ` for an HTML page.
    pub block: Option<usize>,
    /// The page's own publication date, for reviews that give none.
    pub page_date: Option<String>,
    /// The error that stopped a streamed parse (serde only carries text).
    pub error: Option<anyhow::Error>,
    /// The writer stopped (on an error of its own, which is the one reported).
    pub stopped: bool,
}

impl Sink<'_> {
    pub fn walk(&mut self, value: Value, inherited_date: Option<&str>) -> Result<()> {
        if self.stopped {
            return Ok(());
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.walk(item, inherited_date)?;
                }
                Ok(())
            }
            Value::Object(map) if is_claim_review(&map) => self.review(map, inherited_date),
            Value::Object(map) if is_claim_record(&map) => self.claim_record(map),
            Value::Object(map) => {
                // A DataFeedItem dates its item; a review without its own date takes it.
                let own_date = ["dateCreated", "dateModified"]
                    .iter()
                    .find_map(|k| text_of(map.get(*k)?));
                let date = own_date.as_deref().or(inherited_date);
                for (key, value) in map {
                    if key != "@context" && (value.is_object() || value.is_array()) {
                        self.walk(value, date)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn name(&self, map: &Map<String, Value>) -> String {
        let block = self
            .block
            .map(|b| format!("script block {b}, "))
            .unwrap_or_default();
        match map.get("url").and_then(text_of) {
            Some(url) => format!("{block}item {} ({})", self.items, cut(&url, QUOTED_CHARS)),
            None => format!("{block}item {}", self.items),
        }
    }

    fn review(&mut self, map: Map<String, Value>, inherited_date: Option<&str>) -> Result<()> {
        self.items += 1;
        let name = self.name(&map);
        let mut warnings = Vec::new();
        let around = Surroundings {
            date: inherited_date.or(self.page_date.as_deref()),
            now: Some(self.now),
        };
        let prepared =
            review_to_record(&map, around, self.strict, &mut warnings).and_then(|review| {
                let undated = review.undated;
                prepare_fields(review.record, self.now).map(|mut p| {
                    p.from_review = true;
                    p.undated = undated;
                    p
                })
            });
        match prepared {
            Ok(prepared) => {
                for w in warnings {
                    self.feed.warning(format!("{name}: {w}"));
                }
                self.stopped = !self.feed.claim(prepared);
                Ok(())
            }
            Err(e) => {
                let message = format!("{name}: {e}");
                self.feed
                    .reject(self.items, e.field, message, || Value::Object(map))
            }
        }
    }

    /// A claim as claimlog writes it (`list --format json`, a JSONL export saved as
    /// `.json`): imported as the JSONL importer would.
    fn claim_record(&mut self, map: Map<String, Value>) -> Result<()> {
        self.items += 1;
        let name = format!("item {}", self.items);
        let value = Value::Object(map);
        let prepared = serde_json::from_value::<ClaimRecord>(value.clone())
            .map_err(|e| ("json", e.to_string()))
            .and_then(|r| prepare_fields(r, self.now).map_err(|e| (e.field, e.to_string())));
        match prepared {
            Ok(prepared) => {
                self.stopped = !self.feed.claim(prepared);
                Ok(())
            }
            Err((field, e)) => self
                .feed
                .reject(self.items, field, format!("{name}: {e}"), || value),
        }
    }
}

/// An object with claimlog's own fields and no JSON-LD type.
fn is_claim_record(map: &Map<String, Value>) -> bool {
    !map.contains_key("@type") && map.contains_key("text") && map.contains_key("speaker")
}

/// Counts the bytes read since the last [`Budget::reset`]; past [`MAX_RECORD_BYTES`]
/// reading fails, so one record never takes more memory than that.
struct Budget<R> {
    inner: R,
    used: Rc<Cell<usize>>,
    exceeded: Rc<Cell<bool>>,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let used = self.used.get() + n;
        self.used.set(used);
        if used > MAX_RECORD_BYTES {
            self.exceeded.set(true);
            return Err(std::io::Error::other("record too long"));
        }
        Ok(n)
    }
}

/// Streams a JSON value: arrays at the top and under [`STREAMED`] keys are visited
/// element by element; every other object is collected and handed to the sink.
struct Node<'s, 'f> {
    sink: &'s mut Sink<'f>,
    used: &'s Rc<Cell<usize>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON-LD")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.used.set(0);
            let node = Node {
                sink: &mut *self.sink,
                used: self.used,
            };
            if seq.next_element_seed(node)?.is_none() {
                return Ok(());
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if STREAMED.contains(&key.as_str()) {
                access.next_value_seed(Node {
                    sink: &mut *self.sink,
                    used: self.used,
                })?;
            } else {
                map.insert(key, access.next_value()?);
            }
        }
        if let Err(e) = self.sink.walk(Value::Object(map), None) {
            self.sink.error = Some(e);
            return Err(A::Error::custom("stopped"));
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Finds every review of the input, feeding the writer.
pub fn parse_reviews(
    input: &mut (dyn BufRead + Send),
    now: Timestamp,
    strict: bool,
    feed: &mut Feed,
) -> Result<()> {
    let mut sink = Sink {
        feed,
        now,
        strict,
        items: 0,
        block: None,
        page_date: None,
        error: None,
        stopped: false,
    };
    skip_bom(input)?;
    match first_byte(input)? {
        None => {
            return Err(
                DataError::new("the file is empty: expected JSON-LD or an HTML page").into(),
            );
        }
        Some(b'<') => import_html(input, &mut sink)?,
        Some(_) => import_json(input, &mut sink)?,
    }
    if sink.items == 0 {
        return Err(DataError::new(
            "no ClaimReview found: expected objects with \"@type\": \"ClaimReview\" and a claimReviewed",
        )
        .into());
    }
    Ok(())
}

/// The first byte that is not white space, left unread.
fn first_byte(input: &mut dyn BufRead) -> Result<Option<u8>> {
    loop {
        let buf = input.fill_buf()?;
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                input.consume(i);
                return Ok(Some(b));
            }
            None if buf.is_empty() => return Ok(None),
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

/// One JSON document, or several one after the other (JSON Lines of reviews).
fn import_json(input: &mut (dyn BufRead + Send), sink: &mut Sink<'_>) -> Result<()> {
    let used = Rc::new(Cell::new(0));
    let exceeded = Rc::new(Cell::new(false));
    let reader = Budget {
        inner: input,
        used: used.clone(),
        exceeded: exceeded.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    loop {
        used.set(0);
        let parsed = Node {
            sink: &mut *sink,
            used: &used,
        }
        .deserialize(&mut de);
        if let Some(e) = sink.error.take() {
            return Err(e);
        }
        if exceeded.get() {
            return Err(DataError::new(format!(
                "item {}: one review (or a document that is not a feed) is longer than {} MiB",
                sink.items + 1,
                MAX_RECORD_BYTES >> 20
            ))
            .into());
        }
        if let Err(e) = parsed {
            if e.is_io() {
                return Err(anyhow::Error::from(e).context("cannot read the file"));
            }
            return Err(DataError::new(format!("not valid JSON: {e}")).into());
        }
        if sink.stopped {
            return Ok(());
        }
        // Another document may follow: skip white space, stop at the end.
        let more = next_non_space(&mut de)
            .map_err(|e| anyhow::Error::from(e).context("cannot read the file"))?;
        if !more {
            return Ok(());
        }
    }
}

/// Whether anything but white space is left for the deserializer.
fn next_non_space<R: serde_json::de::Read<'static>>(
    de: &mut serde_json::Deserializer<R>,
) -> std::result::Result<bool, serde_json::Error> {
    match de.end() {
        Ok(()) => Ok(false),
        Err(e) if e.is_syntax() => Ok(true),
        Err(e) => Err(e),
    }
}

fn skip_bom(input: &mut dyn BufRead) -> Result<()> {
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    Ok(())
}

/// Reads a page as it comes, keeping only the JSON-LD script blocks (each at most
/// [`MAX_RECORD_BYTES`]) and the page's publication date from its `<meta>` tags.
fn import_html(input: &mut dyn BufRead, sink: &mut Sink<'_>) -> Result<()> {
    let mut scanner = super::html::Scanner::default();
    let mut broken = Vec::new();
    let mut block = 0;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        let found = scanner.feed(buf)?;
        input.consume(n);
        if sink.page_date.is_none() {
            sink.page_date = scanner.page_date.clone();
        }
        for script in found {
            block += 1;
            let json = super::html::clean_script(&String::from_utf8_lossy(&script));
            match serde_json::from_str::<Value>(&json) {
                Ok(value) => {
                    sink.block = Some(block);
                    sink.walk(value, None)?;
                    if sink.stopped {
                        return Ok(());
                    }
                }
                Err(e) => broken.push(format!("script block {block} is not valid JSON ({e})")),
            }
        }
    }
    if sink.items == 0 && !broken.is_empty() {
        return Err(DataError::new(format!("no ClaimReview found: {}", broken.join("; "))).into());
    }
    for warning in broken {
        sink.feed.warning(warning);
    }
    Ok(())
}
