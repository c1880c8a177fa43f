//! The main-text extractor on real article pages (Mozilla Readability's test pages,
//! see tests/data/drift/PROVENANCE.md): its text must match what Readability itself
//! keeps (`expected.html`), word for word within a margin.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use claimlog::maintext;

fn pages_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/drift/pages")
}

fn gunzip(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("page file exists");
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .expect("page is gzip of UTF-8");
    text
}

fn page_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(pages_dir())
        .expect("pages dir")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".source.html.gz").map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

fn words(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *bag.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Precision and recall of `got`'s words against `want`'s, as bags of words.
fn overlap(got: &str, want: &str) -> (f64, f64) {
    let (g, w) = (words(got), words(want));
    let common: usize = g
        .iter()
        .map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0)))
        .sum();
    let total_g: usize = g.values().sum();
    let total_w: usize = w.values().sum();
    (
        common as f64 / total_g.max(1) as f64,
        common as f64 / total_w.max(1) as f64,
    )
}

fn expected_text(name: &str) -> String {
    let html = gunzip(&pages_dir().join(format!("{name}.expected.html.gz")));
    let doc = scraper::Html::parse_document(&html);
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

#[test]
fn maintext_matches_readability_on_real_article_pages() {
    let names = page_names();
    assert!(
        names.len() >= 30,
        "at least 30 real pages, found {}",
        names.len()
    );
    let mut weak = Vec::new();
    let (mut sum_p, mut sum_r) = (0.0, 0.0);
    for name in &names {
        let source = gunzip(&pages_dir().join(format!("{name}.source.html.gz")));
        let got = maintext::extract(&source, None);
        let (p, r) = overlap(&got.text, &expected_text(name));
        eprintln!(
            "{name:20} precision {p:.3} recall {r:.3} paragraphs {}",
            got.paragraphs.len()
        );
        sum_p += p;
        sum_r += r;
        if p < 0.8 || r < 0.8 {
            weak.push(format!("{name} (p {p:.2}, r {r:.2})"));
        }
    }
    let n = names.len() as f64;
    eprintln!("mean precision {:.3} recall {:.3}", sum_p / n, sum_r / n);
    assert!(sum_p / n >= 0.95 && sum_r / n >= 0.95, "mean below 0.95");
    assert!(weak.len() <= names.len() / 10, "weak pages: {weak:?}");
}
