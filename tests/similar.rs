//! `similar`: the labelled pairs of tests/data/similar (real published sentences, see its
//! PROVENANCE.md) at the default threshold, and the command and notes end to end.

mod common;

use claimlog::similar::{DEFAULT_THRESHOLD, fold, score};

#[derive(serde::Deserialize)]
struct Pair {
    a: String,
    b: String,
    same: bool,
    lang: String,
    kind: String,
}

/// Precision and recall of "same statement" at the default threshold, overall and by
/// language; the misses are printed for whoever tunes the score.
#[test]
fn the_labelled_pairs_meet_the_precision_and_recall_targets() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/similar/pairs.jsonl"
    ))
    .unwrap();
    let pairs: Vec<Pair> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(pairs.len() >= 200, "{} pairs", pairs.len());
    let figures = |lang: Option<&str>| {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for p in pairs.iter().filter(|p| lang.is_none_or(|l| p.lang == l)) {
            let s = score(&fold(&p.a), &fold(&p.b));
            let said = s >= DEFAULT_THRESHOLD;
            match (said, p.same) {
                (true, true) => tp += 1,
                (true, false) => {
                    fp += 1;
                    eprintln!("false positive {s:.2} [{}] {} | {}", p.kind, p.a, p.b);
                }
                (false, true) => {
                    fn_ += 1;
                    if lang.is_none() {
                        eprintln!("missed {s:.2} [{}] {} | {}", p.kind, p.a, p.b);
                    }
                }
                _ => {}
            }
        }
        let precision = tp as f64 / (tp + fp).max(1) as f64;
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        (precision, recall)
    };
    let (precision, recall) = figures(None);
    for lang in ["fr", "en"] {
        let (p, r) = figures(Some(lang));
        eprintln!("{lang}: precision {p:.3} recall {r:.3}");
    }
    eprintln!(
        "all {} pairs at {DEFAULT_THRESHOLD}: precision {precision:.3} recall {recall:.3}",
        pairs.len()
    );
    assert!(precision >= 0.90, "precision {precision:.3}");
    assert!(recall >= 0.70, "recall {recall:.3}");
}

both! {
fn add_says_which_recorded_claim_a_new_one_looks_like_and_similar_lists_it(env) {
    env.ok(&[
        "add",
        "Les frappes azerbaïdjanaises ont fait au moins 29 morts depuis mardi matin",
        "--by",
        "autorités du Haut-Karabakh",
    ]);
    env.ok(&["add", "Le pont sera rouvert en juin", "--by", "Mairie"]);
    let out = env
        .cmd(&[
            "add",
            "Au moins 29 morts dans les frappes azerbaïdjanaises depuis mardi matin",
            "--by",
            "AFP",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("#3 looks like #1 (") && stderr.contains("--to 1"),
        "{stderr}"
    );

    let found = env.json(&["similar", "3"]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["id"], 1);
    assert_eq!(found[0]["likely"], true);
    assert!(found[0]["score"].as_f64().unwrap() >= 0.6);
    assert_eq!(found[0]["speaker"], "autorités du Haut-Karabakh");

    // Another figure is another claim: listed only below the default threshold.
    let text = "Les frappes azerbaïdjanaises ont fait au moins 30 morts depuis mardi matin";
    assert!(
        env.json(&["similar", "--text", text])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let low = env.json(&["similar", "--text", text, "--min-score", "0.2"]);
    assert_eq!(low[0]["likely"], false, "{low}");
    let csv = env.ok(&["similar", "3", "--format", "csv"]);
    assert!(csv.starts_with("score,likely,id,text"), "{csv}");

    let before = env.dump();
    let err = env.fails(&["similar", "9"], 3);
    assert!(err.contains("no claim #9"), "{err}");
    let err = env.fails(&["similar", "1", "--min-score", "3"], 3);
    assert!(err.contains("--min-score"), "{err}");
    env.fails(&["similar"], 2);
    assert_eq!(before, env.dump());
}
}

both! {
fn a_small_import_says_which_new_claims_look_like_recorded_ones(env) {
    env.ok(&[
        "add",
        "Les assaillants ont employé de l'artillerie lourde et des chars",
        "--by",
        "Cercle d'Amitié France-Karabagh",
    ]);
    let file = env.write(
        "new.jsonl",
        "{\"text\":\"De l'artillerie lourde et des chars ont été employés par les assaillants\",\"speaker\":\"AFP\"}\n"
            .as_bytes(),
    );
    let out = env
        .cmd(&["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("#2 looks like #1"), "{stderr}");
}
}
