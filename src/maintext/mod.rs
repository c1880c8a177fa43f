//! A web page's main text: the article without its boilerplate (navigation, sidebars,
//! "most read" lists, related links, ads, cookie banners, comment counters), and the
//! metadata publishers declare (title, language, site name, publication date).
//!
//! This module owns boilerplate removal ([`score`], Readability's published scoring
//! on scraper's tree) and metadata reading ([`meta`]). It takes HTML as a `&str` and
//! returns [`MainText`]; it knows nothing of HTTP, SQL or clap, and never fails:
//! a page with no article-like block yields its body's text.
//!
//! Users: `claimlog extract URL` (the text to read claims from) and the link checker's
//! drift comparison (what changed in the article, not in the page around it).

mod meta;
mod score;

use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde::Serialize;

use score::{BLOCK_TAGS, Pass, Scored};

/// An article shorter than this is read again with fewer exclusions (Readability's
/// threshold).
const ENOUGH_CHARS: usize = 500;

/// The main text of one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MainText {
    /// The article's title (sharing title, else `<title>` without the site's name).
    pub title: String,
    /// The paragraphs joined by blank lines.
    pub text: String,
    /// The article's paragraphs and headings in order, whitespace collapsed.
    pub paragraphs: Vec<String>,
    /// The language the page declares, lowercase (`fr`, `en-gb`).
    pub lang: Option<String>,
    /// The publisher's name, else the host of `base_url`.
    pub site_name: Option<String>,
    /// The publication date as the page writes it.
    pub published: Option<String>,
}

/// Reads the main text of an HTML page. `base_url` is where the page came from (used
/// for the site name when the page declares none).
pub fn extract(html: &str, base_url: Option<&url::Url>) -> MainText {
    let doc = Html::parse_document(html);
    let mut best: Vec<String> = Vec::new();
    let mut best_len = 0;
    for pass in Pass::ALL {
        let scored = Scored::new(&doc, pass);
        let mut paragraphs = Vec::new();
        for node in score::article_nodes(&doc, &scored) {
            collect(node, &scored, &mut paragraphs);
        }
        let len: usize = paragraphs.iter().map(|p| p.chars().count()).sum();
        if len > best_len {
            best = paragraphs;
            best_len = len;
        }
        if best_len >= ENOUGH_CHARS {
            break;
        }
    }
    let paragraphs = best;
    let text = paragraphs.join("\n\n");
    MainText {
        title: meta::title(&doc),
        text,
        paragraphs,
        lang: meta::lang(&doc),
        site_name: meta::site_name(&doc, base_url),
        published: meta::published(&doc),
    }
}

/// Collapses whitespace runs to one space and trims.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Appends the paragraphs of `root`'s subtree: a block element starts and ends a
/// paragraph, inline elements and text continue it.
fn collect(root: NodeRef<'_, Node>, scored: &Scored, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut stack = vec![(root, false)];
    while let Some((node, closing)) = stack.pop() {
        let block = node
            .value()
            .as_element()
            .is_some_and(|e| BLOCK_TAGS.contains(&e.name()));
        if closing {
            if block {
                flush(&mut current, out);
            }
            continue;
        }
        let inner = node.id() != root.id();
        if scored.excluded.contains(&node.id()) || (inner && score::is_inner_chrome(node, scored)) {
            continue;
        }
        match node.value() {
            Node::Text(t) => current.push_str(t),
            Node::Element(_) => {
                if block {
                    flush(&mut current, out);
                }
                stack.push((node, true));
                let children: Vec<_> = node.children().collect();
                for child in children.into_iter().rev() {
                    stack.push((child, false));
                }
            }
            _ => {}
        }
    }
    flush(&mut current, out);
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let p = collapse_spaces(current);
    current.clear();
    if !p.is_empty() {
        out.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<html lang="en"><head><title>Mayor says bridge will reopen | Daily</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<div id="main-content"><article>
<h1>Mayor says bridge will reopen</h1>
<p class="byline">Updated 5 minutes ago</p>
<p>The mayor said on Tuesday that the bridge, closed since March, would reopen to traffic
within two weeks, according to a statement from the city council.</p>
<p>“We have finished the repairs, and the inspectors are satisfied,” the mayor told
reporters, adding that the work had cost 4.2 million euros.</p>
<p>Residents, who had complained about long detours, welcomed the news, although some
said they would wait for the official date before celebrating.</p>
</article></div>
<aside class="sidebar"><h2>Most read</h2><ul><li><a href="/a">Story one about something</a></li>
<li><a href="/b">Story two about something else</a></li></ul></aside>
<div class="comments">132 comments</div>
<footer>© Daily 2024</footer>
</body></html>"#;

    #[test]
    fn extract_keeps_the_article_and_drops_the_chrome() {
        let m = extract(PAGE, None);
        assert!(
            m.text.contains("the bridge, closed since March"),
            "{}",
            m.text
        );
        assert!(m.text.contains("4.2 million euros"));
        for chrome in [
            "cookies",
            "Most read",
            "Story one",
            "132 comments",
            "© Daily",
            "World",
        ] {
            assert!(!m.text.contains(chrome), "{chrome} kept in {}", m.text);
        }
        assert_eq!(m.title, "Mayor says bridge will reopen");
        assert_eq!(m.lang.as_deref(), Some("en"));
    }

    #[test]
    fn extract_splits_paragraphs_at_blocks_not_inline_markup() {
        let m = extract(PAGE, None);
        let quote = m
            .paragraphs
            .iter()
            .find(|p| p.contains("We have finished"))
            .expect("the quotation paragraph is kept");
        assert!(quote.ends_with("4.2 million euros."), "{quote}");
    }

    #[test]
    fn extract_of_a_page_without_paragraphs_reads_the_body() {
        let m = extract("<html><body>Just a line</body></html>", None);
        assert_eq!(m.paragraphs, vec!["Just a line".to_string()]);
    }
}
