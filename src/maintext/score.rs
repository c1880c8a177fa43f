//! Which part of a page is the article: the readability scoring, on scraper's tree.
//!
//! The algorithm is the one Arc90's Readability published and Mozilla's Readability
//! keeps: drop what cannot be content (scripts, navigation, hidden nodes, blocks whose
//! class or id says "sidebar", "comment", "related"...), score each paragraph by its
//! length and commas, pass the score to its parent and (halved) grandparent, weigh
//! each candidate by its class and id and by how much of its text is links, take the
//! best, then add the siblings that look like part of the same article. Nodes are
//! never removed from the tree: exclusions and scores are side tables by node id.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef, iter::Edge};
use regex::Regex;
use scraper::{Html, Node};

/// Elements never part of an article's text.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "input",
    "select", "textarea", "nav", "aside", "footer", "object", "embed", "canvas", "audio", "video",
    "head", "link", "meta", "dialog", "menu",
];

/// ARIA roles of page furniture.
const SKIPPED_ROLES: &[&str] = &[
    "menu",
    "menubar",
    "complementary",
    "navigation",
    "alert",
    "alertdialog",
    "dialog",
    "banner",
    "contentinfo",
    "search",
];

/// Elements that start and end a paragraph of text.
pub const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "br",
    "hr",
    "header",
    "address",
    "details",
    "summary",
    "body",
    "center",
];

static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|cookie|consent|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|most-read|mostread|trending|share|promo|outbrain|taboola",
    )
    .expect("the unlikely-candidate pattern is a valid regex")
});

static MAYBE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)and|article|body|column|content|main|mathjax|shadow")
        .expect("the maybe-candidate pattern is a valid regex")
});

static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|cookie|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|taboola|newsletter|trending",
    )
    .expect("the negative-class pattern is a valid regex")
});

static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story",
    )
    .expect("the positive-class pattern is a valid regex")
});

/// Readability's passes: a page whose article comes out too short is read again with
/// fewer exclusions, as some sites wrap the article in a block named "sidebar-layout".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Leave out blocks whose class or id says chrome.
    pub strip_unlikely: bool,
    /// Weigh candidates by class and id.
    pub weigh_classes: bool,
}

impl Pass {
    pub const ALL: [Pass; 3] = [
        Pass {
            strip_unlikely: true,
            weigh_classes: true,
        },
        Pass {
            strip_unlikely: false,
            weigh_classes: true,
        },
        Pass {
            strip_unlikely: false,
            weigh_classes: false,
        },
    ];
}

/// Text totals of a subtree, excluded nodes left out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Characters of text, whitespace runs counted once.
    pub chars: usize,
    /// Of which inside links.
    pub link_chars: usize,
    pub commas: usize,
}

impl Stats {
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// The scored tree: exclusions, text totals and candidate scores by node.
pub struct Scored {
    pub excluded: HashSet<NodeId>,
    pub stats: HashMap<NodeId, Stats>,
    scores: HashMap<NodeId, f64>,
    pass: Pass,
}

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    node.value().as_element().map(|e| e.name())
}

/// The class and id of an element, space-joined.
fn class_and_id(node: NodeRef<'_, Node>) -> String {
    let Some(e) = node.value().as_element() else {
        return String::new();
    };
    format!(
        "{} {}",
        e.attr("class").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
}

/// Readability's class weight: +25 for an article-like class or id, -25 for chrome.
pub fn class_weight(node: NodeRef<'_, Node>) -> f64 {
    let Some(e) = node.value().as_element() else {
        return 0.0;
    };
    let mut weight = 0.0;
    for value in [e.attr("class"), e.attr("id")].into_iter().flatten() {
        if NEGATIVE.is_match(value) {
            weight -= 25.0;
        }
        if POSITIVE.is_match(value) {
            weight += 25.0;
        }
    }
    weight
}

fn is_hidden(node: NodeRef<'_, Node>) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether an element itself (not its ancestors) is to be left out.
fn excludes(node: NodeRef<'_, Node>, pass: Pass) -> bool {
    let Some(e) = node.value().as_element() else {
        return matches!(
            node.value(),
            Node::Comment(_) | Node::ProcessingInstruction(_)
        );
    };
    let name = e.name();
    if SKIPPED_TAGS.contains(&name) || is_hidden(node) {
        return true;
    }
    if e.attr("role").is_some_and(|r| SKIPPED_ROLES.contains(&r)) {
        return true;
    }
    if matches!(name, "body" | "a" | "article" | "main" | "html") {
        return false;
    }
    if !pass.strip_unlikely {
        return false;
    }
    let ci = class_and_id(node);
    UNLIKELY.is_match(&ci) && !MAYBE.is_match(&ci)
}

/// Characters of `text` with whitespace runs counted once, and its commas.
fn measure(text: &str) -> (usize, usize) {
    let mut chars = 0;
    let mut commas = 0;
    let mut in_space = true;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                chars += 1;
                in_space = true;
            }
        } else {
            chars += 1;
            in_space = false;
            if matches!(c, ',' | '，' | '、' | '،') {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

fn base_score(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Whether a `div`-like element holds its text directly (no block children), so it
/// counts as a paragraph, as Readability turns such divs into `<p>`.
fn is_text_block(node: NodeRef<'_, Node>) -> bool {
    !node
        .children()
        .any(|c| element_name(c).is_some_and(|n| BLOCK_TAGS.contains(&n) && n != "br"))
}

impl Scored {
    pub fn new(doc: &Html, pass: Pass) -> Scored {
        let root = doc.tree.root();
        let mut excluded = HashSet::new();
        let mut stats: HashMap<NodeId, Stats> = HashMap::new();
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    let parent_out = node.parent().is_some_and(|p| excluded.contains(&p.id()));
                    if parent_out || excludes(node, pass) {
                        excluded.insert(node.id());
                    }
                }
                Edge::Close(node) => {
                    if excluded.contains(&node.id()) {
                        continue;
                    }
                    let mut s = Stats::default();
                    if let Node::Text(t) = node.value() {
                        let (chars, commas) = measure(t);
                        s.chars = chars;
                        s.commas = commas;
                    } else {
                        for child in node.children() {
                            if let Some(cs) = stats.get(&child.id()) {
                                s.chars += cs.chars;
                                s.link_chars += cs.link_chars;
                                s.commas += cs.commas;
                            }
                        }
                        if element_name(node) == Some("a") {
                            s.link_chars = s.chars;
                        }
                    }
                    if s.chars > 0 {
                        stats.insert(node.id(), s);
                    }
                }
            }
        }
        let mut scored = Scored {
            excluded,
            stats,
            scores: HashMap::new(),
            pass,
        };
        scored.score_paragraphs(doc);
        scored
    }

    pub fn stats_of(&self, id: NodeId) -> Stats {
        self.stats.get(&id).copied().unwrap_or_default()
    }

    fn score_paragraphs(&mut self, doc: &Html) {
        let mut raw: HashMap<NodeId, f64> = HashMap::new();
        for node in doc.tree.root().descendants() {
            let Some(name) = element_name(node) else {
                continue;
            };
            if self.excluded.contains(&node.id()) {
                continue;
            }
            let scorable = match name {
                "p" | "pre" | "td" => true,
                "div" | "section" => is_text_block(node),
                _ => false,
            };
            if !scorable {
                continue;
            }
            let s = self.stats_of(node.id());
            if s.chars < 25 {
                continue;
            }
            let score = 1.0 + s.commas as f64 + (s.chars as f64 / 100.0).floor().min(3.0);
            let ancestors = node.ancestors().filter(|a| a.value().is_element()).take(5);
            for (level, ancestor) in ancestors.enumerate() {
                let Some(aname) = element_name(ancestor) else {
                    continue;
                };
                if aname == "html" {
                    break;
                }
                let entry = raw
                    .entry(ancestor.id())
                    .or_insert_with(|| base_score(aname) + self.weight(ancestor));
                let share = match level {
                    0 => 1.0,
                    1 => 2.0,
                    n => n as f64 * 3.0,
                };
                *entry += score / share;
            }
        }
        for (id, score) in raw {
            let density = self.stats_of(id).link_density();
            self.scores.insert(id, score * (1.0 - density));
        }
    }

    fn weight(&self, node: NodeRef<'_, Node>) -> f64 {
        if self.pass.weigh_classes {
            class_weight(node)
        } else {
            0.0
        }
    }

    pub fn score(&self, id: NodeId) -> Option<f64> {
        self.scores.get(&id).copied()
    }

    /// The best candidate, if any paragraph scored.
    pub fn top(&self) -> Option<(NodeId, f64)> {
        self.scores
            .iter()
            .map(|(id, s)| (*id, *s))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }
}

/// The nodes that make up the article, in document order: the top candidate and the
/// siblings that belong with it.
pub fn article_nodes<'a>(doc: &'a Html, scored: &Scored) -> Vec<NodeRef<'a, Node>> {
    let Some((first_id, _)) = scored.top() else {
        return body(doc).into_iter().collect();
    };
    let Some(first) = doc.tree.get(first_id) else {
        return Vec::new();
    };
    let top = promote(first, scored);
    let top_id = top.id();
    let top_score = scored.score(top_id).unwrap_or(0.0);
    let Some(parent) = top.parent() else {
        return vec![top];
    };
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = top
        .value()
        .as_element()
        .and_then(|e| e.attr("class"))
        .unwrap_or("");
    let mut nodes = Vec::new();
    for sibling in parent.children() {
        if sibling.id() == top_id {
            nodes.push(sibling);
            continue;
        }
        let Some(e) = sibling.value().as_element() else {
            continue;
        };
        if scored.excluded.contains(&sibling.id()) {
            continue;
        }
        let mut bonus = 0.0;
        if !top_class.is_empty() && e.attr("class") == Some(top_class) {
            bonus = top_score * 0.2;
        }
        if let Some(s) = scored.score(sibling.id())
            && s + bonus >= threshold
        {
            nodes.push(sibling);
            continue;
        }
        if e.name() == "p" {
            let s = scored.stats_of(sibling.id());
            let density = s.link_density();
            if (s.chars > 80 && density < 0.25)
                || (s.chars > 0 && s.chars <= 80 && density == 0.0 && ends_sentence(sibling))
            {
                nodes.push(sibling);
            }
        }
    }
    nodes
}

/// Readability's second look at the best candidate: an ancestor shared by several
/// near-best candidates (an article split in blocks), an ancestor scoring higher, or
/// the parent of an only child is the article instead.
fn promote<'a>(first: NodeRef<'a, Node>, scored: &Scored) -> NodeRef<'a, Node> {
    let first_score = scored.score(first.id()).unwrap_or(0.0);
    let mut ranked: Vec<(NodeId, f64)> = scored.scores.iter().map(|(i, s)| (*i, *s)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let alternatives: Vec<NodeId> = ranked
        .iter()
        .skip(1)
        .take(5)
        .filter(|(_, s)| first_score > 0.0 && s / first_score >= 0.75)
        .map(|(i, _)| *i)
        .collect();
    let mut top = first;
    if alternatives.len() >= 3 {
        for ancestor in first.ancestors() {
            if element_name(ancestor).is_none_or(|n| n == "body" || n == "html") {
                break;
            }
            let containing = alternatives
                .iter()
                .filter(|alt| ancestor.descendants().any(|d| d.id() == **alt))
                .count();
            if containing >= 3 {
                top = ancestor;
                break;
            }
        }
    }
    let mut last = scored.score(top.id()).unwrap_or(0.0);
    let threshold = last / 3.0;
    for ancestor in top.ancestors() {
        if element_name(ancestor).is_none_or(|n| n == "body" || n == "html") {
            break;
        }
        let Some(score) = scored.score(ancestor.id()) else {
            continue;
        };
        if score < threshold {
            break;
        }
        if score > last {
            top = ancestor;
            break;
        }
        last = score;
    }
    while let Some(parent) = top.parent() {
        if element_name(parent).is_none_or(|n| n == "body" || n == "html") {
            break;
        }
        if parent.children().filter(|c| c.value().is_element()).count() != 1 {
            break;
        }
        top = parent;
    }
    top
}

fn ends_sentence(node: NodeRef<'_, Node>) -> bool {
    let text: String = node
        .descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect();
    text.trim_end().ends_with(['.', '!', '?', '»', '"', '”'])
}

fn body(doc: &Html) -> Option<NodeRef<'_, Node>> {
    doc.tree
        .root()
        .descendants()
        .find(|n| element_name(*n) == Some("body"))
}

/// Whether a block inside the article is furniture after all (Readability's
/// "clean conditionally"): chrome-like class, or mostly links.
pub fn is_inner_chrome(node: NodeRef<'_, Node>, scored: &Scored) -> bool {
    let Some(name) = element_name(node) else {
        return false;
    };
    if !matches!(
        name,
        "div" | "section" | "ul" | "ol" | "table" | "header" | "figure"
    ) {
        return false;
    }
    let weight = class_weight(node);
    if weight < 0.0 {
        return true;
    }
    let s = scored.stats_of(node.id());
    let density = s.link_density();
    s.commas < 10 && ((weight < 25.0 && density > 0.2 && name != "table") || density > 0.5)
}
