//! Precision and recall of `claimlog::extract` on real published articles
//! (`tests/data/extract/real/`: 57 articles from 48 outlets, French and English,
//! annotated by `PROTOCOL.md` before the extractor was run on them).
//!
//! The corpus is split (`split.json`) into a development part, tuned on, and two
//! blind parts, scored once per round and never tuned on: `blind` (16 articles, fixed
//! with the corpus) and `blind2` (8 articles from 8 further outlets, added in round 2
//! because the first blind part had been scored twice and had set the default
//! threshold). Each part is reported per language, for every candidate and for what
//! `extract --save` records by default (candidates at or above the default
//! `--min-confidence`). Run with `--nocapture` for the figures, with
//! `EXTRACT_GOLD_VERBOSE=1` for each miss and extra.
//!
//! Figures (P / R / F1; "saved" = precision of what `--save` records by default):
//!
//! | round | part   | lang | P     | R     | F1    | saved            |
//! |-------|--------|------|-------|-------|-------|------------------|
//! | 0     | dev    | fr   | 0.809 | 0.585 | 0.679 | (no threshold)   |
//! | 0     | dev    | en   | 0.738 | 0.555 | 0.633 | (no threshold)   |
//! | 0     | blind  | fr   | 0.800 | 0.657 | 0.721 | (no threshold)   |
//! | 0     | blind  | en   | 0.831 | 0.728 | 0.776 | (no threshold)   |
//! | 1     | dev    | fr   | 0.868 | 0.708 | 0.780 | 1.000 (8 of 8)   |
//! | 1     | dev    | en   | 0.839 | 0.723 | 0.776 | 1.000 (21 of 21) |
//! | 1     | blind  | fr   | 0.780 | 0.687 | 0.730 | 1.000 (9 of 9)   |
//! | 1     | blind  | en   | 0.824 | 0.753 | 0.787 | 1.000 (14 of 14) |
//! | 2     | dev    | fr   | 0.893 | 0.769 | 0.826 | 1.000 (8 of 8)   |
//! | 2     | dev    | en   | 0.915 | 0.788 | 0.847 | 1.000 (21 of 21) |
//! | 2     | blind  | fr   | 0.783 | 0.701 | 0.740 | 1.000 (9 of 9)   |
//! | 2     | blind  | en   | 0.824 | 0.753 | 0.787 | 1.000 (14 of 14) |
//! | 2     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 2     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (4 of 4)   |
//! | 3     | dev    | fr   | 0.911 | 0.785 | 0.843 | 1.000 (8 of 8)   |
//! | 3     | dev    | en   | 0.911 | 0.825 | 0.866 | 1.000 (21 of 21) |
//! | 3     | blind  | fr   | 0.783 | 0.701 | 0.740 | 1.000 (9 of 9)   |
//! | 3     | blind  | en   | 0.824 | 0.753 | 0.787 | 1.000 (14 of 14) |
//! | 3     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 3     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (4 of 4)   |
//! | 4     | dev+   | fr   | 0.883 | 0.815 | 0.848 | 1.000 (12 of 12) |
//! | 4     | dev+   | en   | 0.937 | 0.859 | 0.896 | 1.000 (55 of 55) |
//! | 4     | blind  | fr   | 0.783 | 0.701 | 0.740 | 1.000 (8 of 8)   |
//! | 4     | blind  | en   | 0.811 | 0.741 | 0.774 | 0.875 (21 of 24) |
//! | 4     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 4     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (5 of 5)   |
//! | 5     | blind  | fr   | 0.770 | 0.701 | 0.734 | 1.000 (5 of 5)   |
//! | 5     | blind  | en   | 0.811 | 0.741 | 0.774 | 0.909 (10 of 11) |
//! | 6     | dev+   | fr   | 0.883 | 0.815 | 0.848 | 1.000 (8 of 8)   |
//! | 6     | dev+   | en   | 0.937 | 0.859 | 0.896 | 1.000 (35 of 35) |
//! | 6     | blind  | fr   | 0.770 | 0.701 | 0.734 | 1.000 (8 of 8)   |
//! | 6     | blind  | en   | 0.811 | 0.741 | 0.774 | 1.000 (13 of 13) |
//! | 6     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 6     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (4 of 4)   |
//! | 7     | dev+   | fr   | 0.883 | 0.815 | 0.848 | 1.000 (8 of 8)   |
//! | 7     | dev+   | en   | 0.937 | 0.859 | 0.896 | 1.000 (35 of 35) |
//! | 7     | blind  | fr   | 0.778 | 0.731 | 0.754 | 1.000 (8 of 8)   |
//! | 7     | blind  | en   | 0.811 | 0.741 | 0.774 | 1.000 (13 of 13) |
//! | 7     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 7     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (4 of 4)   |
//! | 8     | dev+   | fr   | 0.883 | 0.815 | 0.848 | 1.000 (8 of 8)   |
//! | 8     | dev+   | en   | 0.937 | 0.859 | 0.896 | 1.000 (35 of 35) |
//! | 8     | blind  | fr   | 0.781 | 0.746 | 0.763 | 1.000 (8 of 8)   |
//! | 8     | blind  | en   | 0.811 | 0.741 | 0.774 | 1.000 (13 of 13) |
//! | 8     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 8     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (4 of 4)   |
//! | 9     | dev+   | fr   | 0.869 | 0.815 | 0.841 | 1.000 (8 of 8)   |
//! | 9     | dev+   | en   | 0.937 | 0.859 | 0.896 | 1.000 (34 of 34) |
//! | 9     | blind  | fr   | 0.781 | 0.746 | 0.763 | 1.000 (8 of 8)   |
//! | 9     | blind  | en   | 0.811 | 0.741 | 0.774 | 1.000 (13 of 13) |
//! | 9     | blind2 | fr   | 0.833 | 0.500 | 0.625 | (none saved)     |
//! | 9     | blind2 | en   | 0.950 | 0.826 | 0.884 | 1.000 (4 of 4)   |
//!
//! Round 0 is the extractor as it was before this corpus; round 1 after the fixes
//! made on the development part, the blind part scored once. The default threshold
//! (0.95) is the lowest at which saved precision reaches 0.95 on both parts; at 0.85,
//! which the development part alone suggested (0.972 there), the blind part gave
//! 0.879 (80 of 91): the scores are over-confident on unseen articles.
//!
//! Rounds 2 and 3 (gender agreement for he/she, "comme l'explique X", exhortations
//! and "the need to" left out, chained participles, descriptions named earlier,
//! relatives' own subjects) raised the development part by 0.06-0.09 F1 and left
//! both blind parts where they were: the round-1 extractor scores `blind2` exactly as
//! rounds 2 and 3 do. What was fixed was frequent on the development part, not on
//! unseen articles; the targets (blind F1 >= 0.90 overall, >= 0.85 per language) are
//! not met. `blind2` French holds 10 items only (an ideas review, a column, an opinion
//! piece and a live sports feed: the only French pages found in the permitted
//! sources), so its French figure moves by 0.1 per item.
//!
//! Round 4 grew the development part ("dev+": 33 articles, 256 items) with eight
//! articles from further outlets, annotated before the extractor first read them, and
//! fixed kinds of failure rather than sentences: the reporting-verb lexicon in all its
//! printed forms (French simple past, infinitives after a modal, inverted "on" with
//! its source on the right, some 70 more verbs), content opening with "It"/"There"/
//! "In" before a closing incise, named appositions before a cue, incises inside plain
//! content, quotations after a colon, plural-headed speakers, thousands separators.
//! Probed with written sentences of each kind, the fixes hold; on the blind parts
//! they changed nothing (one candidate more, one match fewer). The confidence was
//! refitted on dev+ (left-one-article-out checked); rounds 4 and 5 let more shapes
//! reach the default threshold and the first blind part's saved precision fell below
//! 0.95, so round 6 keeps the open shapes and non-saying verbs below it. Round 7
//! fixed kinds found by probing the extractor with written sentences of common news
//! shapes rather than by the development errors (professions as speakers, "a-t-on
//! appris de source judiciaire", "pointe du doigt", a woman or man named as an object
//! taken up by "elle"/"il"): the first blind part's French moved for the first time
//! (+2 matches); round 8 (asides between dashes, participle phrases and bare roles in
//! the subject, "Name : « … »" headings, "la CGT" as a body) one more; round 9 ("…
//! and said …" and "…, while X said …" as second claims, as the protocol counts them;
//! a relative clause describing the speaker) moved neither, nor did round 10 (a
//! participle phrase after the subject no longer swaps speaker and claim: "The
//! report, released by the UN, said …"); its figures are round 9's. The blind parts
//! were scored seven times in this session (rounds 4 to 10): their saved precision
//! is no longer an unbiased estimate. The targets are not met.

mod extract_score;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use claimlog::extract::{Lang, detect_lang, extract};
use extract_score::{Gold, Score, score_matched};

fn real_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/extract/real")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Dev,
    Blind,
    /// A second blind part, added once the first had been scored three times.
    Blind2,
}

fn split() -> BTreeMap<String, Part> {
    let raw = fs::read_to_string(real_dir().join("split.json")).expect("split.json");
    let map: BTreeMap<String, String> = serde_json::from_str(&raw).expect("split is a map");
    map.into_iter()
        .map(|(k, v)| {
            let part = match v.as_str() {
                "dev" => Part::Dev,
                "blind" => Part::Blind,
                "blind2" => Part::Blind2,
                other => panic!("{k}: unknown part {other}"),
            };
            (k, part)
        })
        .collect()
}

/// Scores of one part and language: every candidate, and the saved ones.
#[derive(Debug, Default, Clone, Copy)]
struct Scores {
    all: Score,
    saved: Score,
}

fn run(part: Part) -> BTreeMap<Lang, Scores> {
    let split = split();
    let mut out: BTreeMap<Lang, Scores> = BTreeMap::new();
    for gold in extract_score::gold_files(&real_dir().join("gold")) {
        if split.get(&gold.article) != Some(&part) {
            continue;
        }
        let (all, saved) = score_article(&gold);
        let lang: Lang = gold.lang.parse().expect("gold language is fr or en");
        let s = out.entry(lang).or_default();
        s.all.add(all);
        s.saved.add(saved);
    }
    for (lang, s) in &out {
        println!(
            "{part:?} {lang}: P {:.3} R {:.3} F1 {:.3} ({} matched, {} candidates, {} gold); \
             saved by default: P {:.3} ({} of {}), R {:.3}",
            s.all.precision(),
            s.all.recall(),
            s.all.f1(),
            s.all.matched,
            s.all.candidates,
            s.all.gold,
            s.saved.precision(),
            s.saved.matched,
            s.saved.candidates,
            s.saved.recall(),
        );
    }
    out
}

fn score_article(gold: &Gold) -> (Score, Score) {
    let text = fs::read_to_string(real_dir().join("articles").join(&gold.article))
        .expect("article of a gold file exists");
    let lang: Lang = gold.lang.parse().expect("gold language is fr or en");
    assert_eq!(
        detect_lang(&text),
        lang,
        "{}: language detection",
        gold.article
    );
    let candidates = extract(&text, None).candidates;
    println!("{}", gold.article);
    let (all, matched) = score_matched(gold, &candidates, true);
    if let Some(path) = std::env::var_os("EXTRACT_EVIDENCE_DUMP") {
        use std::io::Write;
        let mut f = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("dump file");
        for (c, m) in candidates.iter().zip(&matched) {
            let e = &c.evidence;
            writeln!(
                f,
                "{}\t{}\t{:?}\t{:?}\t{}\t{}\t{}\t{}\t{}",
                gold.article,
                e.pattern,
                e.speaker,
                e.cue,
                e.words,
                e.speaker_words,
                e.quoted,
                c.confidence,
                u8::from(*m)
            )
            .expect("dump line");
        }
    }
    let saved: Vec<_> = candidates
        .into_iter()
        .filter(|c| c.confidence >= claimlog::extract::DEFAULT_MIN_CONFIDENCE)
        .collect();
    let (saved, _) = score_matched(gold, &saved, false);
    (all, saved)
}

fn total(scores: &BTreeMap<Lang, Scores>) -> Scores {
    let mut t = Scores::default();
    for s in scores.values() {
        t.all.add(s.all);
        t.saved.add(s.saved);
    }
    t
}

#[test]
fn development_part_meets_its_floors() {
    let s = run(Part::Dev);
    let t = total(&s);
    assert!(t.all.gold >= 256, "the development gold should not shrink");
    assert!(t.all.f1() >= 0.87, "F1 {:.3}", t.all.f1());
    assert!(
        t.saved.precision() >= 0.95,
        "saved precision {:.3}",
        t.saved.precision()
    );
}

#[test]
fn blind_part_meets_its_floors() {
    let s = run(Part::Blind);
    let t = total(&s);
    assert!(t.all.gold >= 140, "the blind gold should not shrink");
    assert!(t.all.f1() >= 0.75, "F1 {:.3}", t.all.f1());
    assert!(
        t.saved.precision() >= 0.95,
        "saved precision {:.3}",
        t.saved.precision()
    );
}

#[test]
fn second_blind_part_meets_its_floors() {
    let s = run(Part::Blind2);
    let t = total(&s);
    assert!(t.all.gold >= 33, "the second blind gold should not shrink");
    assert!(t.all.f1() >= 0.78, "F1 {:.3}", t.all.f1());
    assert!(
        t.saved.candidates == 0 || t.saved.precision() >= 0.95,
        "saved precision {:.3}",
        t.saved.precision()
    );
}

/// The publishers and collections the project's own blind evaluation draws on, which
/// the corpus must keep out (issue #12).
const EXCLUDED_REPOSITORIES: &[&str] = &[
    "postlight/parser",
    "scrapinghub/article-extraction-benchmark",
    "feryah/gilets_jaunes",
];
const EXCLUDED_HOSTS: &[&str] = &[
    "sputniknews.africa",
    "africalog.com",
    "modernghana.com",
    "tass.com",
];

#[derive(serde::Deserialize)]
struct Provenance {
    article: String,
    lang: String,
    repository: String,
    commit: String,
    path: String,
    url: Option<String>,
    sha256: String,
}

#[test]
fn the_corpus_is_split_sourced_and_keeps_out_the_excluded_collections() {
    let raw = fs::read_to_string(real_dir().join("provenance.json")).expect("provenance.json");
    let provenance: Vec<Provenance> = serde_json::from_str(&raw).expect("provenance is a list");
    let split = split();
    let articles: Vec<String> = fs::read_dir(real_dir().join("articles"))
        .expect("articles directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        articles.len(),
        provenance.len(),
        "one provenance per article"
    );
    let mut per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &provenance {
        assert!(articles.contains(&p.article), "{}: no text", p.article);
        assert!(split.contains_key(&p.article), "{}: in no part", p.article);
        assert!(
            real_dir()
                .join("gold")
                .join(format!("{}.json", p.article))
                .exists(),
            "{}: no gold",
            p.article
        );
        assert!(
            p.commit.len() == 40 && !p.path.is_empty() && p.sha256.len() == 64,
            "{}: incomplete provenance",
            p.article
        );
        assert!(
            !EXCLUDED_REPOSITORIES.contains(&p.repository.as_str()),
            "{}: from an excluded collection",
            p.article
        );
        let url = p.url.as_deref().unwrap_or("");
        assert!(
            !EXCLUDED_HOSTS.iter().any(|h| url.contains(h)),
            "{}: from an excluded publisher",
            p.article
        );
        *per_lang.entry(p.lang.as_str()).or_default() += 1;
    }
    assert!(per_lang["fr"] >= 20 && per_lang["en"] >= 20, "{per_lang:?}");
}
