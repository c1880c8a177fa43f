//! Scoring candidates against hand-written gold annotations, shared by the gold test
//! suites (`extract_gold.rs`, `extract_real.rs`).
//!
//! Matching rule (one-to-one, greedy, best text overlap first). A candidate matches a
//! gold item when:
//! - the kinds are equal (claim or disclaimer);
//! - the speakers match: both absent, or, after lowercasing, stripping accents and
//!   dropping function words, one's word set contains the other's, or one contains
//!   the other's head noun (first and last content word before any comma), so that
//!   "La présidence" matches "la présidence azerbaïdjanaise" and "Diane Swonk"
//!   matches "Diane Swonk, chief economist at KPMG";
//! - the texts overlap: folded word sets with |A ∩ B| / min(|A|, |B|) >= 0.5.
//!
//! Precision = matched / candidates, recall = matched / gold items.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use claimlog::extract::{Candidate, CandidateKind};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Deserialize)]
pub struct Gold {
    pub article: String,
    pub lang: String,
    pub items: Vec<GoldItem>,
}

#[derive(Debug, Deserialize)]
pub struct GoldItem {
    pub kind: String,
    pub speaker: Option<String>,
    #[allow(dead_code)]
    cue: String,
    pub text: String,
}

const STOPWORDS: &[&str] = &[
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an", "of", "s", "au",
    "aux", "et", "and", "in", "at", "by", "son", "sa", "ses", "leur", "its", "his", "her", "their",
];

fn fold(s: &str) -> String {
    s.replace('’', "'")
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

fn tokens(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn content_tokens(s: &str) -> Vec<String> {
    tokens(s)
        .into_iter()
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .collect()
}

fn heads(s: &str) -> Vec<String> {
    let before_comma = s.split(',').next().unwrap_or(s);
    let t = content_tokens(before_comma);
    t.first().into_iter().chain(t.last()).cloned().collect()
}

pub fn speakers_match(gold: Option<&str>, cand: Option<&str>) -> bool {
    match (gold, cand) {
        (None, None) => true,
        (Some(g), Some(c)) => {
            let gs: BTreeSet<String> = content_tokens(g).into_iter().collect();
            let cs: BTreeSet<String> = content_tokens(c).into_iter().collect();
            if gs.is_empty() || cs.is_empty() {
                return false;
            }
            gs.is_subset(&cs)
                || cs.is_subset(&gs)
                || heads(g).iter().any(|h| cs.contains(h))
                || heads(c).iter().any(|h| gs.contains(h))
        }
        _ => false,
    }
}

pub fn overlap(a: &str, b: &str) -> f64 {
    let a: BTreeSet<String> = tokens(a).into_iter().collect();
    let b: BTreeSet<String> = tokens(b).into_iter().collect();
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / smaller as f64
}

fn kind_name(k: CandidateKind) -> &'static str {
    match k {
        CandidateKind::Claim => "claim",
        CandidateKind::Disclaimer => "disclaimer",
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub matched: usize,
    pub candidates: usize,
    pub gold: usize,
}

impl Score {
    pub fn add(&mut self, o: Score) {
        self.matched += o.matched;
        self.candidates += o.candidates;
        self.gold += o.gold;
    }
    pub fn precision(&self) -> f64 {
        if self.candidates == 0 {
            0.0
        } else {
            self.matched as f64 / self.candidates as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.matched as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

pub fn score(gold: &Gold, cands: &[Candidate]) -> Score {
    score_matched(gold, cands, true).0
}

/// The score and, for each candidate, whether it matched a gold item.
pub fn score_matched(gold: &Gold, cands: &[Candidate], verbose: bool) -> (Score, Vec<bool>) {
    let mut pairs = Vec::new();
    for (gi, g) in gold.items.iter().enumerate() {
        for (ci, c) in cands.iter().enumerate() {
            if kind_name(c.kind) != g.kind {
                continue;
            }
            if !speakers_match(g.speaker.as_deref(), c.speaker.as_deref()) {
                continue;
            }
            let o = overlap(&g.text, &c.text);
            if o >= 0.5 {
                pairs.push((o, gi, ci));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut used_g = BTreeSet::new();
    let mut used_c = BTreeSet::new();
    for (_, gi, ci) in pairs {
        if used_g.contains(&gi) || used_c.contains(&ci) {
            continue;
        }
        used_g.insert(gi);
        used_c.insert(ci);
    }
    if verbose && std::env::var_os("EXTRACT_GOLD_VERBOSE").is_some() {
        for (gi, g) in gold.items.iter().enumerate() {
            if !used_g.contains(&gi) {
                println!("  MISSED  {:?} | {}", g.speaker, g.text);
            }
        }
        for (ci, c) in cands.iter().enumerate() {
            if !used_c.contains(&ci) {
                println!("  EXTRA   {:?} [{:?}] | {}", c.speaker, c.cue, c.text);
            }
        }
    }
    let matched = (0..cands.len()).map(|ci| used_c.contains(&ci)).collect();
    (
        Score {
            matched: used_g.len(),
            candidates: cands.len(),
            gold: gold.items.len(),
        },
        matched,
    )
}

/// Every gold file of a directory, sorted by name.
pub fn gold_files(dir: &Path) -> Vec<Gold> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("gold directory exists")
        .map(|e| e.expect("readable gold entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let raw = fs::read_to_string(p).expect("readable gold file");
            serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}
