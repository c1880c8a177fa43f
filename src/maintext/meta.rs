//! A page's metadata: title, language, site name and publication date, read from the
//! markup publishers put there for sharing (Open Graph, schema.org, Dublin Core).
//!
//! Values are returned as written (trimmed); nothing here parses dates or guesses a
//! language from the text.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};

use super::collapse_spaces;

fn selector(css: &'static str) -> Selector {
    Selector::parse(css).expect("the metadata selectors are valid CSS")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static HTML: LazyLock<Selector> = LazyLock::new(|| selector("html"));
static LD_JSON: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static ITEMPROP_DATE: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"[itemprop="datePublished"]"#));
static LD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""datePublished"\s*:\s*"([^"]{4,40})""#)
        .expect("the JSON-LD date pattern is a valid regex")
});

/// Separators between an article's title and its site's name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " / "];

/// The content of the first `<meta>` whose `property` or `name` is one of `keys`
/// (compared case-insensitively), in the order of `keys`.
fn meta_content(doc: &Html, keys: &[&str]) -> Option<String> {
    let metas: Vec<ElementRef<'_>> = doc.select(&META).collect();
    keys.iter().find_map(|key| {
        metas.iter().find_map(|m| {
            let name = m.attr("property").or_else(|| m.attr("name"))?;
            if !name.eq_ignore_ascii_case(key) {
                return None;
            }
            let content = collapse_spaces(m.attr("content")?);
            (!content.is_empty()).then_some(content)
        })
    })
}

/// The article's title: the sharing title, else `<title>` without its site suffix.
pub fn title(doc: &Html) -> String {
    if let Some(t) = meta_content(doc, &["og:title", "twitter:title", "dc.title"]) {
        return t;
    }
    let raw = doc
        .select(&TITLE)
        .next()
        .map(|t| collapse_spaces(&t.text().collect::<String>()))
        .unwrap_or_default();
    strip_site_suffix(&raw)
}

/// "Article title | Site" -> "Article title", when what remains is still a title
/// (three words or more); otherwise the title as written.
fn strip_site_suffix(title: &str) -> String {
    let cut = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep))
        .max();
    if let Some(at) = cut {
        let head = title[..at].trim();
        if head.split_whitespace().count() >= 3 {
            return head.to_string();
        }
    }
    title.to_string()
}

/// The language the page declares (`<html lang>`, else its metadata), lowercase.
pub fn lang(doc: &Html) -> Option<String> {
    let declared = doc
        .select(&HTML)
        .next()
        .and_then(|h| h.attr("lang").or_else(|| h.attr("xml:lang")))
        .map(collapse_spaces)
        .filter(|l| !l.is_empty())
        .or_else(|| meta_content(doc, &["content-language", "og:locale", "dc.language"]));
    declared.map(|l| l.replace('_', "-").to_lowercase())
}

/// The publisher's name as it gives it, else the host of the page's address.
pub fn site_name(doc: &Html, base_url: Option<&url::Url>) -> Option<String> {
    meta_content(doc, &["og:site_name", "application-name", "twitter:site"]).or_else(|| {
        base_url
            .and_then(|u| u.host_str())
            .map(|h| h.trim_start_matches("www.").to_string())
    })
}

/// The publication date as written by the publisher, if it gives one.
pub fn published(doc: &Html) -> Option<String> {
    if let Some(d) = meta_content(
        doc,
        &[
            "article:published_time",
            "datePublished",
            "og:published_time",
            "pubdate",
            "publish-date",
            "dc.date.issued",
            "dc.date",
            "date",
        ],
    ) {
        return Some(d);
    }
    for e in doc.select(&ITEMPROP_DATE) {
        if let Some(d) = e.attr("content").or_else(|| e.attr("datetime")) {
            return Some(collapse_spaces(d));
        }
    }
    for script in doc.select(&LD_JSON) {
        let json = script.text().collect::<String>();
        if let Some(c) = LD_DATE.captures(&json) {
            return Some(c[1].trim().to_string());
        }
    }
    doc.select(&TIME)
        .next()
        .and_then(|t| t.attr("datetime"))
        .map(collapse_spaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_drops_the_site_name_after_a_separator() {
        assert_eq!(
            strip_site_suffix("Le gouvernement annonce un plan | Le Monde"),
            "Le gouvernement annonce un plan"
        );
        assert_eq!(strip_site_suffix("Home | Site"), "Home | Site");
    }

    #[test]
    fn metadata_prefers_what_the_publisher_declares() {
        let doc = Html::parse_document(
            r#"<html lang="fr_FR"><head><title>T | S</title>
            <meta property="og:site_name" content="Le Monde">
            <meta property="article:published_time" content="2024-03-01T10:00:00+01:00">
            </head><body></body></html>"#,
        );
        assert_eq!(lang(&doc).as_deref(), Some("fr-fr"));
        assert_eq!(site_name(&doc, None).as_deref(), Some("Le Monde"));
        assert_eq!(
            published(&doc).as_deref(),
            Some("2024-03-01T10:00:00+01:00")
        );
    }

    #[test]
    fn site_name_falls_back_to_the_host() {
        let doc = Html::parse_document("<p>x</p>");
        let base = url::Url::parse("https://www.example.org/a").expect("valid url");
        assert_eq!(site_name(&doc, Some(&base)).as_deref(), Some("example.org"));
    }
}
