//! Real fact-check feeds (issue #11) on the corpus of tests/data/feeds (see its
//! PROVENANCE.md): item-by-item import, tolerant metadata, rating scales, faithful
//! and idempotent export, messages in any script.

mod common;

use common::Env;
use serde_json::Value;

fn corpus(name: &str) -> String {
    format!("{}/tests/data/feeds/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn summary(env: &Env, args: &[&str]) -> (Value, String) {
    let mut full = vec!["--format", "json"];
    full.extend(args);
    let out = env.cmd(&full).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

fn count(env: &Env, args: &[&str]) -> usize {
    env.json(args).as_array().unwrap().len()
}

both! {
fn a_real_feed_imports_every_review_whatever_its_optional_metadata(env) {
    let (s, _) = summary(&env, &["import", &corpus("reviews.json")]);
    // 65 reviews from 30 publishers; two appear twice (an index and its page).
    assert_eq!(
        (s["added"].as_u64(), s["existing"].as_u64()),
        (Some(63), Some(2))
    );
    assert!(s.get("rejected").is_none(), "{s}");
    // Reviews of viral posts name no claim author (EFE, Newtral, CITE, TFC).
    assert_eq!(count(&env, &["list", "--by", "unattributed"]), 18);
    // Only the two prose ratings with no number stay `other`.
    assert_eq!(count(&env, &["list", "--verdict", "other"]), 2);
    let warnings: Vec<&str> = s["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let said = |needle: &str| warnings.iter().any(|w| w.contains(needle));
    assert!(said(
        "has no scheme; read as \"https://aosfatos.org/noticias/"
    ));
    assert!(said("url \"/estadao-verifica/"));
    assert!(said("dropped: it is not an absolute http(s) URL"));
    assert!(said(
        "no datePublished: recorded with the time of this import"
    ));
    // A review whose label the table does not know is read by its number (AFP Hindi).
    let hindi = env.json(&["list", "--by", "Several persons"]);
    assert_eq!(hindi[0]["verdict"], "false", "{hindi}");
}
}

#[test]
fn every_page_of_the_corpus_imports_its_review() {
    for (page, verdict) in [
        ("afp-en.html", "false"),
        ("afp-hindi.html", "false"),
        ("tfc-taiwan.html", "unverifiable"),
        ("comprova-pt.html", "false"),
        ("efe-verifica-es.html", "false"),
        ("africa-check.html", "false"),
    ] {
        let env = Env::new();
        env.ok(&["import", &corpus(&format!("pages/{page}"))]);
        let claims = env.json(&["list"]);
        assert_eq!(claims.as_array().unwrap().len(), 1, "{page}");
        assert_eq!(claims[0]["verdict"], verdict, "{page}");
    }
}

both! {
fn one_item_in_ten_broken_records_the_others_and_sets_the_broken_aside(env) {
    env.ok(&["import", &corpus("pages/afp-en.html")]);
    let before = env.dump();
    // Without --skip-invalid, all or nothing: the first broken item is named.
    let err = env.fails(&["import", &corpus("broken.json")], 3);
    assert!(
        err.contains("item 10 (") && err.contains("claimReviewed"),
        "{err}"
    );
    assert_eq!(env.dump(), before);

    let rejects = env.dir.path().join("rejects.jsonl");
    let (s, stderr) = summary(
        &env,
        &[
            "import",
            &corpus("broken.json"),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (s["added"].as_u64(), s["existing"].as_u64()),
        (Some(57), Some(2))
    );
    assert_eq!(s["rejected"], 6);
    assert_eq!(s["rejected_by"]["claimReviewed"], 6);
    // Warnings print Devanagari as text, not as escapes.
    assert!(stderr.contains("ये तस्वीर अफ्रीका में"), "{stderr}");
    assert!(!stderr.contains("\\u{"), "{stderr}");

    let feed: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus("broken.json")).unwrap()).unwrap();
    let items = feed["dataFeedElement"].as_array().unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let positions: Vec<u64> = lines
        .iter()
        .map(|l| l["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, [10, 20, 30, 40, 50, 60]);
    for line in &lines {
        let position = line["position"].as_u64().unwrap() as usize;
        assert_eq!(line["item"], items[position - 1], "the item as it came");
        assert!(
            line["reason"]
                .as_str()
                .unwrap()
                .contains("no claimReviewed"),
            "{line}"
        );
    }
    // The unpadded date was read (item 1's itemReviewed.datePublished "2015-2-4").
    let all = env.json(&["list", "--limit", "1000"]);
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|c| c["claimed_on"] == "2015-02-04"),
        "{all}"
    );
}
}

both! {
fn a_feed_with_nothing_valid_exits_3_and_records_nothing(env) {
    env.ok(&["import", &corpus("pages/afp-en.html")]);
    let before = env.dump();
    let feed = env.write(
        "none.json",
        br#"[{"@type": "ClaimReview", "claimReviewed": "", "datePublished": "2023-01-01"},
             {"@type": "ClaimReview", "datePublished": "2023-01-01"}]"#,
    );
    let err = env.fails(&["import", feed.to_str().unwrap(), "--skip-invalid"], 3);
    assert!(
        err.contains("nothing was valid") && err.contains("2 items set aside"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}
}

both! {
fn jsonl_and_csv_skip_invalid_items_too(env) {
    let jsonl = env.write(
        "c.jsonl",
        "{\"text\": \"Un\", \"speaker\": \"A\"}\nnot json\n{\"text\": \"\", \"speaker\": \"B\"}\n{\"text\": \"Deux\", \"speaker\": \"A\"}\n"
            .as_bytes(),
    );
    let rejects = env.dir.path().join("r.jsonl");
    let (s, _) = summary(
        &env,
        &[
            "import",
            jsonl.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (s["added"].as_u64(), s["rejected"].as_u64()),
        (Some(2), Some(2))
    );
    let rejected = std::fs::read_to_string(&rejects).unwrap();
    assert!(rejected.contains("\"position\":2") && rejected.contains("\"item\":\"not json\""));
    assert!(rejected.contains("\"position\":3"), "{rejected}");

    let csv = env.write(
        "c.csv",
        b"text,speaker,claimed_on\nTrois,A,2023-01-01\nQuatre,A,not a date\nCinq,A,\n",
    );
    let (s, _) = summary(&env, &["import", csv.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(
        (s["added"].as_u64(), s["rejected"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(s["rejected_by"]["claimed_on"], 1);
}
}

/// A real review (AFP) with another rating.
fn review_rated(n: usize, rating: Value) -> Value {
    serde_json::json!({
        "@context": "https://schema.org", "@type": "ClaimReview",
        "url": format!("https://factcheck.afp.com/doc.afp.com.32427B{n}"),
        "claimReviewed": format!("Claim {n} shared on social media"),
        "datePublished": "2022-03-02 07:11",
        "author": {"@type": "Organization", "name": "AFP Fact Check"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Multiple persons"},
                         "datePublished": "2022-02-24"},
        "reviewRating": rating
    })
}

#[test]
fn every_rating_scale_of_the_issue_is_mapped() {
    let label = |l: &str| serde_json::json!({"@type": "Rating", "alternateName": l});
    let cases = [
        (
            serde_json::json!({"ratingValue": 3, "worstRating": 1, "bestRating": 5}),
            "mixed",
        ),
        (serde_json::json!({"ratingValue": "2"}), "mostly_false"),
        (
            serde_json::json!({"ratingValue": 10, "worstRating": 0, "bestRating": 10}),
            "true",
        ),
        (
            serde_json::json!({"ratingValue": 0, "worstRating": 0, "bestRating": 10}),
            "false",
        ),
        (label("One Pinocchio"), "mostly_true"),
        (label("Two Pinocchios"), "mixed"),
        (label("Three Pinocchios"), "mostly_false"),
        (label("Four Pinocchios"), "false"),
        (label("Distorts the Facts"), "misleading"),
        (label("Spins the Facts"), "misleading"),
        (label("Cherry Picks"), "misleading"),
        (label("Not the Whole Story"), "misleading"),
        (label("Needs Context"), "misleading"),
        (label("Mentira"), "false"),
        (label("Vero"), "true"),
        (label("Controverso"), "mixed"),
        (label("Pinocchio andante"), "mostly_false"),
        (label("Prawda"), "true"),
        (label("Fałsz"), "false"),
        (label("Manipulacja"), "misleading"),
        (label("Exagerated"), "misleading"),
    ];
    let feed: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, (rating, _))| review_rated(i, rating.clone()))
        .collect();
    let env = Env::new();
    let path = env.write(
        "scales.json",
        serde_json::to_string(&feed).unwrap().as_bytes(),
    );
    let (s, _) = summary(&env, &["import", path.to_str().unwrap(), "--strict"]);
    assert_eq!(s["added"], cases.len());
    for (i, (rating, verdict)) in cases.iter().enumerate() {
        let found = env.json(&["list", "--search", &format!("\"Claim {i} shared\"")]);
        assert_eq!(found[0]["verdict"], *verdict, "{rating}");
    }
    // The verbatim label travels: it is the exported alternateName.
    let exported: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "claimreview"])).unwrap();
    let labels: Vec<&str> = exported
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reviewRating"]["alternateName"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Pinocchio andante") && labels.contains(&"Fałsz"),
        "{labels:?}"
    );
}

both! {
fn claimlog_s_own_export_imports_into_the_same_database_adding_nothing(env) {
    env.ok(&["import", &corpus("reviews.json")]);
    // A review of our own, and a second review of an imported claim.
    let id = env.add(&["Le cessez-le-feu a été violé", "--by", "Pashinyan"]);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "verified",
        "--verdict",
        "false",
        "--by",
        "Desk",
        "--note",
        "two sources",
    ]);
    env.ok(&[
        "verify",
        "1",
        "--status",
        "partially_verified",
        "--verdict",
        "mostly_false",
        "--by",
        "Desk",
    ]);
    let export = env.dir.path().join("reviews-out.json");
    env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--review-url-base",
        "https://desk.example.org/c/",
        "-o",
        export.to_str().unwrap(),
    ]);
    let reviews: Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    // Every review of every claim, each with its own label: 63 imported + 2 of ours.
    assert_eq!(reviews.as_array().unwrap().len(), 65);
    assert!(
        reviews
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["reviewRating"]["alternateName"] == "Engañoso"),
        "verbatim labels, not canonical ones"
    );
    let before = env.dump();
    let (s, _) = summary(&env, &["import", export.to_str().unwrap()]);
    assert_eq!(
        (s["added"].as_u64(), s["events"].as_u64()),
        (Some(0), Some(0)),
        "{s}"
    );
    assert_eq!(env.dump(), before);

    // Into an empty database and out again: the same bytes.
    let other = env.another();
    other.ok(&["import", export.to_str().unwrap()]);
    let again = other.ok(&[
        "export",
        "--format",
        "claimreview",
        "--review-url-base",
        "https://desk.example.org/c/",
    ]);
    assert_eq!(again, std::fs::read_to_string(&export).unwrap());
}
}

both! {
fn a_review_without_a_url_is_left_out_with_a_warning_unless_a_base_is_given(env) {
    env.ok(&["import", &corpus("pages/afp-en.html")]);
    let id = env.add(&["Unemployment fell by half", "--by", "Minister"]);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "verified",
        "--verdict",
        "mostly_true",
    ]);
    let out = env
        .cmd(&["export", "--format", "claimreview"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("left out 1 reviews without a URL"),
        "{stderr}"
    );
    let reviews: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reviews.as_array().unwrap().len(), 1);
    let with_base: Value = serde_json::from_str(&env.ok(&[
        "export",
        "--format",
        "claimreview",
        "--review-url-base",
        "https://d.example/{id}",
    ]))
    .unwrap();
    assert_eq!(with_base.as_array().unwrap().len(), 2);
    assert_eq!(with_base[1]["url"], format!("https://d.example/{id}"));
}
}

both! {
fn a_retracted_review_is_not_published(env) {
    env.ok(&["import", &corpus("pages/afp-en.html")]);
    let shown = env.json(&["show", "1"]);
    let event = shown["history"][0]["id"].as_i64().unwrap().to_string();
    env.ok(&["retract", "event", &event, "--reason", "wrong claim"]);
    let out = env.ok(&["export", "--format", "claimreview"]);
    let reviews: Value = serde_json::from_str(&out).unwrap();
    assert!(reviews.as_array().unwrap().is_empty(), "{reviews}");
}
}
