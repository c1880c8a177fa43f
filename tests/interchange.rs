//! Interchange through the real binary: CSV export and import (own header, column
//! maps, untidy spreadsheet files), ClaimReview JSON-LD export and import (every messy
//! shape of published markup), round trips, and the HTML report.

mod common;

use std::path::PathBuf;

use common::Env;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "interchange",
        name,
    ]
    .iter()
    .collect();
    path.to_str().expect("utf-8 path").to_string()
}

fn records(env: &Env) -> Vec<Value> {
    env.ok(&["export", "--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSONL"))
        .collect()
}

fn by_text<'a>(records: &'a [Value], start: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["text"].as_str().unwrap().starts_with(start))
        .unwrap_or_else(|| panic!("no claim starting with {start:?}"))
}

/// A database with everything a claim can carry: relays, outlet, links of every
/// role, tags, several events with and without verdicts, a revision, and text with
/// the characters CSV and list cells must escape.
fn varied_database(env: &Env) {
    let a = env.add(&[
        "L'Azerbaïdjan a ouvert le feu, \"selon\" Erevan\nà la frontière",
        "--by",
        "Pashinyan",
        "--cue",
        "a déclaré",
        "--via",
        "Armenpress",
        "--via",
        "Agence | Relais \\ Sud",
        "--outlet",
        "CNN",
        "--url",
        "https://twitter.com/armgov/status/1?s=20",
        "--appeared-in",
        "https://edition.cnn.com/2023/05/01/europe/armenia?utm_source=x",
        "--date",
        "2023-04-30",
        "--lang",
        "fr",
        "--tag",
        "armenie",
        "--tag",
        "cessez-le-feu",
    ]);
    env.ok(&[
        "verify",
        &a.to_string(),
        "--status",
        "unable_to_verify",
        "--by",
        "CNN",
        "--note",
        "CNN n'a pas été en mesure de vérifier les affirmations des deux parties",
        "--at",
        "2023-05-01",
    ]);
    env.ok(&[
        "verify",
        &a.to_string(),
        "--status",
        "verified",
        "--verdict",
        "mostly_false",
        "--by",
        "AFP Factuel",
        "--evidence",
        "https://factuel.afp.com/armenie",
        "--at",
        "2023-05-03",
    ]);
    let b = env.add(&[
        "Russian troops left the village",
        "--by",
        "Ministry of Defence",
        "--appeared-in",
        "https://www.reuters.com/world/1",
        "--date",
        "2023-05-02",
        "--lang",
        "en",
    ]);
    env.ok(&[
        "edit",
        &b.to_string(),
        "--text",
        "Russian troops left the village overnight",
        "--note",
        "wording of the communiqué",
    ]);
    env.ok(&[
        "verify",
        &b.to_string(),
        "--status",
        "verified",
        "--verdict",
        "true",
        "--by",
        "Reuters Fact Check",
        "--at",
        "2023-05-04",
    ]);
    let c = env.add(&["The bridge was destroyed", "--by", "Local official"]);
    env.ok(&[
        "verify",
        &c.to_string(),
        "--status",
        "verified",
        "--verdict",
        "misleading",
        "--at",
        "2023-05-05",
    ]);
    env.add(&[
        "Nobody checked this yet",
        "--by",
        "Anonymous account",
        "--tag",
        "à-suivre",
    ]);
}

// ------------------------------------------------------------------------------ CSV

#[test]
fn csv_export_then_import_into_an_empty_database_exports_identically() {
    let first = Env::new();
    varied_database(&first);
    let exported = first.ok(&["export", "--format", "csv"]);
    assert!(exported.starts_with("id,text,lang,speaker,cue,relays,outlet,claimed_on,links,"));
    assert!(
        exported.contains("Armenpress | Agence \\| Relais \\\\ Sud"),
        "{exported}"
    );
    assert!(exported.contains("source https://twitter.com/armgov/status/1?s=20 | appearance "));
    let second = Env::new();
    let file = second.write("claims.csv", exported.as_bytes());
    second.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(second.ok(&["export", "--format", "csv"]), exported);
    // Nothing was lost on the way either: the lossless JSONL agrees.
    assert_eq!(
        second.ok(&["export", "--format", "jsonl"]),
        first.ok(&["export", "--format", "jsonl"])
    );
}

both! {
fn csv_export_with_a_bom_and_a_delimiter_reads_back(env) {
    varied_database(&env);
    let out = env
        .cmd(&["export", "--format", "csv", "--bom", "--delimiter", ";"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with("\u{feff}id;text;".as_bytes()));
    let other = env.another();
    let file = other.write("claims.csv", &out.stdout);
    other.ok(&["import", file.to_str().unwrap(), "--delimiter", ";"]);
    assert_eq!(
        other.ok(&["export", "--format", "jsonl"]),
        env.ok(&["export", "--format", "jsonl"])
    );
}
}

both! {
fn a_tab_separated_file_with_its_own_columns_imports_through_a_map(env) {
    let out = env
        .cmd(&[
            "import",
            &fixture("log.tsv"),
            "--map",
            "text=Statement,speaker=Who said it,claimed_on=When,links=Where,verdict=Rating,tags=Keywords",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&env);
    assert_eq!(
        recs.len(),
        3,
        "blank trailing lines and empty rows are not claims"
    );
    // BOM, CRLF, a quoted cell over two lines, doubled quotes.
    let army = by_text(&recs, "L'armée");
    assert_eq!(
        army["text"],
        "L'armée a \"repris\" le village\nselon le communiqué"
    );
    assert_eq!(army["speaker"], "Ministère de la Défense");
    assert_eq!(army["claimed_on"], "2023-04-30");
    assert_eq!(army["links"][0]["url"], "https://news.example.fr/a");
    assert_eq!(army["links"][0]["role"], "source");
    assert_eq!(army["tags"], serde_json::json!(["armenie", "defense"]));
    assert_eq!(army["verdict"], "false");
    assert_eq!(army["history"][0]["verdict_label"], "Faux");
    assert_eq!(army["history"][0]["verification"], "verified");
    // Stray quotes in an unquoted cell and inside a quoted one are kept as written.
    by_text(&recs, "Il a dit \"jamais\" et c'est \"faux\"");
    let prices = by_text(&recs, "Les prix ont \"doublé\" en un an");
    assert_eq!(prices["links"][0]["role"], "appearance");
    assert_eq!(prices["links"][1]["url"], "https://radio.example.fr/prix");
    assert_eq!(prices["verification"], "unverified");
    // The newsroom imports its log again next week: nothing is duplicated.
    let before = env.dump();
    env.ok(&[
        "import",
        &fixture("log.tsv"),
        "--map",
        "text=Statement,speaker=Who said it,claimed_on=When,links=Where,verdict=Rating,tags=Keywords",
    ]);
    assert_eq!(env.dump(), before);
}
}

both! {
fn a_file_without_a_header_row_is_addressed_by_column_number(env) {
    let file = env.write(
        "raw.csv",
        b"Pashinyan,\"Le feu a repris\",2023-04-30\nAliyev,Rien ne s'est passe,\n",
    );
    env.ok(&[
        "import",
        file.to_str().unwrap(),
        "--no-header",
        "--map",
        "speaker=1,text=2,claimed_on=3",
    ]);
    let recs = records(&env);
    assert_eq!(recs.len(), 2);
    assert_eq!(by_text(&recs, "Le feu")["speaker"], "Pashinyan");
    assert_eq!(by_text(&recs, "Le feu")["claimed_on"], "2023-04-30");
    assert_eq!(by_text(&recs, "Rien")["speaker"], "Aliyev");
}
}

both! {
fn an_unknown_column_or_field_in_the_map_is_refused_and_nothing_is_imported(env) {
    varied_database(&env);
    let before = env.dump();
    let file = fixture("log.tsv");
    let err = env.fails(
        &[
            "import",
            &file,
            "--map",
            "text=Statment,speaker=Who said it",
        ],
        3,
    );
    assert!(
        err.contains("\"Statment\"") && err.contains("Who said it"),
        "{err}"
    );
    let err = env.fails(&["import", &file, "--map", "txt=Statement"], 3);
    assert!(
        err.contains("unknown field \"txt\"") && err.contains("speaker"),
        "{err}"
    );
    let err = env.fails(&["import", &file], 3);
    assert!(
        err.contains("no column for text") && err.contains("--map"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}
}

both! {
fn one_bad_row_imports_nothing_and_the_error_names_its_line_and_column(env) {
    varied_database(&env);
    let before = env.dump();
    let file = env.write(
        "bad.csv",
        "claim;who;date\r\nFirst claim;Someone;2023-04-30\r\n\"A claim\non two lines\";Someone;2023-05-01\r\nThird;Other;30/04/2023\r\n".as_bytes(),
    );
    let err = env.fails(
        &[
            "import",
            file.to_str().unwrap(),
            "--delimiter",
            ";",
            "--map",
            "text=claim,speaker=who,claimed_on=date",
        ],
        3,
    );
    assert!(err.contains("line 5"), "{err}");
    assert!(err.contains("column \"date\" (claimed_on)"), "{err}");
    assert!(err.contains("30/04/2023"), "{err}");
    assert_eq!(env.dump(), before);

    let bad_link = env.write(
        "links.csv",
        b"text,speaker,links\nA,B,appearance ftp://example.org/x\n",
    );
    let err = env.fails(&["import", bad_link.to_str().unwrap()], 3);
    assert!(err.contains("line 2, column \"links\""), "{err}");
    assert_eq!(env.dump(), before);
}
}

both! {
fn an_unknown_rating_in_a_csv_is_other_with_a_warning_and_strict_refuses_it(env) {
    let file = env.write(
        "r.csv",
        b"text,speaker,verdict,claimed_on\nA claim,B,Bof,2023-01-02\n",
    );
    let strict = env.fails(&["import", file.to_str().unwrap(), "--strict"], 3);
    assert!(
        strict.contains("line 2") && strict.contains("\"Bof\""),
        "{strict}"
    );
    let out = env
        .cmd(&["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"Bof\"") && stderr.contains("other"),
        "{stderr}"
    );
    let recs = records(&env);
    assert_eq!(recs[0]["verdict"], "other");
    assert_eq!(recs[0]["history"][0]["verdict_label"], "Bof");
    // Importing the file again adds nothing: the event's time is the row's date.
    let before = env.dump();
    env.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(env.dump(), before);
}
}

// ------------------------------------------------------------------------ ClaimReview

fn export_reviews(env: &Env, extra: &[&str]) -> (Vec<Value>, String) {
    let mut args = vec!["export", "--format", "claimreview"];
    args.extend(extra);
    let out = env.cmd(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reviews: Value = serde_json::from_slice(&out.stdout).expect("a JSON array");
    (
        reviews.as_array().expect("array").clone(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The fields Google lists as required and recommended for a ClaimReview.
fn assert_complete_review(review: &Value, claims: &[Value]) {
    assert_eq!(review["@context"], "https://schema.org");
    assert_eq!(review["@type"], "ClaimReview");
    let claimed = review["claimReviewed"].as_str().expect("claimReviewed");
    assert!(!claimed.is_empty());
    let claim = claims
        .iter()
        .find(|c| c["text"].as_str().unwrap().trim() == claimed)
        .expect("claimReviewed is a recorded claim's text");
    assert!(claimed.chars().count() <= claim["text"].as_str().unwrap().chars().count());
    let url = review["url"].as_str().expect("url");
    assert!(url.starts_with("https://"), "{url}");
    assert!(
        review["datePublished"]
            .as_str()
            .is_some_and(|d| d.len() >= 10)
    );
    assert!(
        review["author"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert!(review["author"]["@type"].is_string());
    let rating = &review["reviewRating"];
    assert_eq!(rating["@type"], "Rating");
    assert!(
        rating["alternateName"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    if let Some(v) = rating["ratingValue"].as_u64() {
        assert!((1..=5).contains(&v));
        assert_eq!(rating["bestRating"], 5);
        assert_eq!(rating["worstRating"], 1);
    }
    let item = &review["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["author"]["name"], claim["speaker"]);
    assert_eq!(item["datePublished"], claim["claimed_on"]);
    assert!(item["firstAppearance"]["url"].is_string(), "{review}");
    assert!(
        item["appearance"].as_array().is_some_and(|a| !a.is_empty()),
        "{review}"
    );
}

both! {
fn claimreview_export_has_the_required_and_recommended_fields(env) {
    for (text, by, verdict, day) in [
        (
            "Le cessez-le-feu a été violé",
            "Pashinyan",
            "false",
            "2023-05-01",
        ),
        (
            "Unemployment fell by half",
            "Minister",
            "mostly_true",
            "2023-05-02",
        ),
        (
            "The photo shows Saturday's march",
            "Anonymous account",
            "misleading",
            "2023-05-03",
        ),
    ] {
        let id = env.add(&[
            text,
            "--by",
            by,
            "--appeared-in",
            &format!("https://news.example.org/{day}"),
            "--date",
            day,
        ]);
        env.ok(&[
            "verify",
            &id.to_string(),
            "--status",
            "verified",
            "--verdict",
            verdict,
            "--by",
            "Desk",
        ]);
    }
    let no_verdict = env.add(&["Nobody knows", "--by", "X"]);
    env.ok(&[
        "verify",
        &no_verdict.to_string(),
        "--status",
        "unable_to_verify",
        "--by",
        "CNN",
    ]);
    // A verdict followed by unable_to_verify: the claim's current state has no rating.
    let retracted = env.add(&[
        "Retracted rating",
        "--by",
        "Y",
        "--appeared-in",
        "https://a.example/1",
    ]);
    env.ok(&[
        "verify",
        &retracted.to_string(),
        "--status",
        "verified",
        "--verdict",
        "true",
    ]);
    env.ok(&[
        "verify",
        &retracted.to_string(),
        "--status",
        "unable_to_verify",
    ]);

    let claims = records(&env);
    let (reviews, stderr) = export_reviews(
        &env,
        &[
            "--review-url-base",
            "https://desk.example.org/checks/",
            "--publisher",
            "Desk",
        ],
    );
    // Every review is exported, the one a later event could not confirm too.
    assert_eq!(reviews.len(), 4);
    assert!(stderr.contains("skipped 1 claims"), "{stderr}");
    for review in &reviews {
        assert_complete_review(review, &claims);
        assert!(
            review["url"]
                .as_str()
                .unwrap()
                .starts_with("https://desk.example.org/checks/")
        );
    }
    let ratings: Vec<(&str, Option<u64>)> = reviews
        .iter()
        .map(|r| {
            (
                r["reviewRating"]["alternateName"].as_str().unwrap(),
                r["reviewRating"]["ratingValue"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        ratings,
        [
            ("False", Some(1)),
            ("Mostly true", Some(4)),
            ("Misleading", None),
            ("True", Some(5))
        ]
    );
    let (french, _) = export_reviews(
        &env,
        &[
            "--rating-lang",
            "fr",
            "--review-url-base",
            "https://d.example/{id}.html",
        ],
    );
    let labels: Vec<&str> = french
        .iter()
        .map(|r| r["reviewRating"]["alternateName"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Faux", "Plutôt vrai", "Trompeur", "Vrai"]);
    assert_eq!(french[0]["url"], "https://d.example/1.html");
    // Without a place to publish, a review without a URL is left out with a warning;
    // the export goes on.
    let (none, stderr) = export_reviews(&env, &[]);
    assert!(none.is_empty());
    assert!(
        stderr.contains("left out 4 reviews without a URL") && stderr.contains("--review-url-base"),
        "{stderr}"
    );
}
}

#[test]
fn claimreview_export_then_import_into_an_empty_database_exports_identically() {
    let first = Env::new();
    varied_database(&first);
    for lang in ["en", "fr"] {
        let args = [
            "export",
            "--format",
            "claimreview",
            "--rating-lang",
            lang,
            "--review-url-base",
            "https://desk.example.org/checks/",
            "--publisher",
            "Desk",
        ];
        let exported = first.ok(&args);
        let reviews: Value = serde_json::from_str(&exported).unwrap();
        assert_eq!(reviews.as_array().unwrap().len(), 3, "{exported}");
        let second = Env::new();
        let file = second.write("reviews.jsonld", exported.as_bytes());
        second.ok(&["import", file.to_str().unwrap()]);
        assert_eq!(second.ok(&args), exported);
    }
}

both! {
fn every_messy_shape_of_published_markup_imports(env) {
    for name in [
        "review-single.jsonld",
        "reviews-array.json",
        "reviews-graph.jsonld",
        "feed.json",
        "page.html",
    ] {
        env.ok(&["import", &fixture(name)]);
    }
    let recs = records(&env);
    assert_eq!(recs.len(), 1 + 6 + 3 + 3 + 2);
    let event = |r: &Value| r["history"][0].clone();

    // One review; author as a string; appearance as a string; English label.
    let one = by_text(&recs, "Azerbaijan opened fire");
    assert_eq!(one["speaker"], "Ministry of Defence of Armenia");
    assert_eq!(one["claimed_on"], "2023-04-30");
    assert_eq!(one["lang"], "en");
    assert_eq!(one["verification"], "verified");
    assert_eq!(one["verdict"], "false");
    assert_eq!(
        one["links"][0]["url"],
        "https://news.example.com/2023/04/30/ceasefire"
    );
    assert_eq!(one["links"][0]["role"], "appearance");
    let e = event(one);
    assert_eq!(e["by"], "Example Fact Check");
    assert_eq!(e["at"], "2023-05-02T00:00:00Z");
    assert_eq!(e["verdict_label"], "False");
    assert_eq!(
        e["evidence"],
        "https://factcheck.example.org/2023/05/ceasefire-violations"
    );

    // An array: Spanish, German, codes, numbers only, author objects with jobTitle.
    let es = by_text(&recs, "Las vacunas");
    assert_eq!(es["speaker"], "Juan Pérez");
    assert_eq!(es["verdict"], "false");
    assert_eq!(event(es)["verdict_label"], "Falso");
    assert_eq!(event(es)["at"], "2023-03-10T08:30:00Z");
    assert!(
        event(es)["note"]
            .as_str()
            .unwrap()
            .contains("Diputado, Partido Ejemplo")
    );
    assert_eq!(es["links"][0]["url"], "https://video.example.es/watch/123");
    let de = by_text(&recs, "Der Stromausfall");
    assert_eq!(de["verdict"], "false");
    assert_eq!(event(de)["verdict_label"], "Falsch");
    assert_eq!(
        event(de)["by"],
        "Faktencheck Beispiel",
        "the organisation, not the person"
    );
    assert!(event(de)["note"].as_str().unwrap().contains("Anna Schmidt"));
    assert_eq!(by_text(&recs, "Die Inflation")["verdict"], "misleading");
    let pants = by_text(&recs, "Wind turbines");
    assert_eq!(pants["verdict"], "false");
    assert_eq!(event(pants)["verdict_label"], "Pants on Fire!");
    assert_eq!(pants["links"][1]["url"], "https://tv.example.com/clip");
    assert_eq!(by_text(&recs, "The moon landing")["verdict"], "false");
    let numeric = by_text(&recs, "Unemployment fell");
    assert_eq!(numeric["verdict"], "mostly_true");
    assert!(event(numeric)["verdict_label"].is_null());

    // An @graph in French; firstAppearance first, duplicates folded.
    let fr = by_text(&recs, "L'Azerbaïdjan a ouvert le feu");
    assert_eq!(fr["speaker"], "Nikol Pashinyan");
    assert_eq!(fr["verdict"], "false");
    let urls: Vec<&str> = fr["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://armenpress.example.am/1111",
            "https://edition.cnn.example.com/2023/05/01/europe/armenia",
            "https://factuel.example.fr/armenie-frappes"
        ]
    );
    assert_eq!(by_text(&recs, "Le chômage")["verdict"], "mostly_false");
    assert_eq!(
        event(by_text(&recs, "Le chômage"))["verdict_label"],
        "Plutôt faux"
    );
    assert_eq!(by_text(&recs, "Cette photo")["verdict"], "misleading");

    // A DataFeed: the item's own date, else the DataFeedItem's; a speaker taken from
    // the appearance's publisher; an unknown label kept as other.
    assert_eq!(
        by_text(&recs, "Drinking hot water")["verdict"],
        "mostly_false"
    );
    let bridge = by_text(&recs, "The bridge");
    assert_eq!(bridge["verdict"], "other");
    assert_eq!(event(bridge)["verdict_label"], "Ni vrai ni faux");
    assert_eq!(event(bridge)["at"], "2023-05-11T08:00:00Z");
    assert_eq!(by_text(&recs, "El río")["speaker"], "Diario Ejemplo");
    assert_eq!(by_text(&recs, "El río")["verdict"], "misleading");

    // An HTML page with two JSON-LD blocks (one nested in a NewsArticle, in a comment,
    // with a raw line break in a string); the text/javascript block is not markup.
    let video = by_text(&recs, "Cette vidéo montre");
    assert_eq!(video["verdict"], "false");
    assert_eq!(
        event(video)["verdict_label"],
        "Faux : la vidéo date de 2020"
    );
    let march = by_text(&recs, "Un million");
    assert_eq!(march["verdict"], "misleading");
    assert_eq!(event(march)["at"], "2023-06-03T16:00:00Z");
    assert!(!recs.iter().any(|r| r["text"] == "not markup"));
}
}

both! {
fn importing_the_same_reviews_again_adds_nothing(env) {
    for name in ["reviews-array.json", "feed.json", "page.html"] {
        env.ok(&["import", &fixture(name)]);
    }
    let before = env.dump();
    for name in ["reviews-array.json", "feed.json", "page.html"] {
        let out = env.ok(&["import", &fixture(name)]);
        assert!(
            out.contains("imported 0 new claims") && out.contains(" 0 verification events"),
            "{out}"
        );
    }
    assert_eq!(env.dump(), before);
}
}

both! {
fn an_unknown_rating_is_other_with_a_warning_naming_it_and_strict_refuses_it(env) {
    let out = env
        .cmd(&["import", &fixture("feed.json")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning") && stderr.contains("\"Ni vrai ni faux\""),
        "{stderr}"
    );

    let strict = env.another();
    let err = strict.fails(&["import", &fixture("feed.json"), "--strict"], 3);
    assert!(
        err.contains("item 2 (https://feed.example.org/review/2)"),
        "{err}"
    );
    assert!(err.contains("\"Ni vrai ni faux\""), "{err}");
    assert!(
        strict.json(&["list"]).as_array().unwrap().is_empty(),
        "nothing imported"
    );
}
}

both! {
fn a_review_without_claim_reviewed_imports_nothing_and_names_the_item(env) {
    env.ok(&["import", &fixture("review-single.jsonld")]);
    let before = env.dump();
    let missing = env.write(
        "missing.json",
        br#"[{"@type": "ClaimReview", "url": "https://a.example/1", "claimReviewed": "Fine", "datePublished": "2023-01-01",
              "reviewRating": {"alternateName": "False"}, "itemReviewed": {"author": "A"}},
             {"@type": "ClaimReview", "url": "https://a.example/2", "datePublished": "2023-01-01",
              "reviewRating": {"alternateName": "False"}, "itemReviewed": {"author": "A"}}]"#,
    );
    let err = env.fails(&["import", missing.to_str().unwrap()], 3);
    assert!(
        err.contains("item 2 (https://a.example/2)") && err.contains("claimReviewed"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}
}

both! {
fn an_unreadable_date_or_a_missing_claim_author_never_rejects_a_review(env) {
    let review = env.write(
        "date.jsonld",
        br#"{"@type": "ClaimReview", "url": "https://a.example/3", "claimReviewed": "Fine", "datePublished": "last Tuesday",
             "reviewRating": {"alternateName": "Vrai"}, "itemReviewed": {"@type": "Claim", "datePublished": "April 27, 2016"}}"#,
    );
    let out = env
        .cmd(&["import", review.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"last Tuesday\" is not a date; dropped")
            && stderr.contains("recorded as said by \"unattributed\""),
        "{stderr}"
    );
    let claims = env.json(&["list", "--by", "unattributed"]);
    let claim = &claims.as_array().unwrap()[0];
    assert_eq!(claim["claimed_on"], "2016-04-27");
    let rec = &records(&env)[0];
    let note = rec["history"][0]["note"].as_str().unwrap();
    assert!(
        note.contains("no date") && note.contains("last Tuesday"),
        "{note}"
    );
    // Imported again, the undated review is known: nothing is added.
    let before = env.dump();
    env.ok(&["import", review.to_str().unwrap()]);
    assert_eq!(env.dump(), before);
}
}

both! {
fn a_large_feed_is_streamed_and_imported_whole(env) {
    let mut feed = String::from(
        r#"{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": ["#,
    );
    let labels = [
        "False",
        "Faux",
        "Falso",
        "Falsch",
        "Trompeur",
        "Mostly true",
        "Plutôt faux",
    ];
    for i in 0..3000 {
        if i > 0 {
            feed.push(',');
        }
        feed.push_str(&format!(
            r#"{{"@type": "DataFeedItem", "dateCreated": "2023-01-01", "item": [{{"@type": "ClaimReview",
               "url": "https://feed.example/{i}", "claimReviewed": "Claim number {i}",
               "author": {{"@type": "Organization", "name": "Checker {}"}},
               "reviewRating": {{"alternateName": "{}"}}, "itemReviewed": {{"author": "Speaker {}"}}}}]}}"#,
            i % 7,
            labels[i % labels.len()],
            i % 50
        ));
    }
    feed.push_str("]}");
    let file = env.write("feed.json", feed.as_bytes());
    let out = env.ok(&["import", file.to_str().unwrap()]);
    assert!(out.contains("imported 3000 new claims"), "{out}");
    let v = env.json(&["list", "--verdict", "mostly_true"]);
    let expected = (0..3000)
        .filter(|i| labels[i % labels.len()] == "Mostly true")
        .count();
    assert_eq!(v.as_array().unwrap().len(), expected);
}
}

// ----------------------------------------------------------------------------- report

both! {
fn the_html_report_holds_each_selected_claim_with_its_text_escaped(env) {
    let hostile = env.add(&[
        "<script>alert('pwned')</script> & \"quoted\"",
        "--by",
        "<b>Bold</b> Speaker",
        "--via",
        "Armenpress",
        "--outlet",
        "CNN",
        "--appeared-in",
        "https://example.org/a?x=1&y=\"2\"",
        "--tag",
        "report",
    ]);
    env.ok(&[
        "verify",
        &hostile.to_string(),
        "--status",
        "verified",
        "--verdict",
        "false",
        "--by",
        "Desk",
        "--note",
        "<img src=x onerror=alert(1)>",
    ]);
    env.add(&[
        "Second selected claim",
        "--by",
        "Someone",
        "--tag",
        "report",
    ]);
    env.add(&["Claim left out of the report", "--by", "Someone"]);
    let path = env.dir.path().join("report.html");
    let out = env.ok(&[
        "report",
        "--html",
        path.to_str().unwrap(),
        "--tag",
        "report",
        "--title",
        "Desk <weekly>",
    ]);
    assert!(out.contains("wrote 2 claims"), "{out}");
    let html = std::fs::read_to_string(&path).expect("the report file is written");
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(html.contains("<style>"), "CSS is inline");
    assert!(
        !html.contains("<script"),
        "no script element, not even from claim text"
    );
    assert!(!html.contains("<img"), "notes are escaped too");
    assert!(!html.contains("<b>Bold"), "names are escaped");
    assert!(
        html.contains(
            "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"
        )
    );
    assert!(html.contains("<title>Desk &lt;weekly&gt;</title>"));
    assert!(html.contains("&lt;b&gt;Bold&lt;/b&gt; Speaker → via Armenpress → reported by CNN"));
    assert!(
        html.contains("href=\"https://example.org/a?x=1&amp;y=%222%22\""),
        "{html}"
    );
    assert!(html.contains("not checked yet"));
    assert!(html.contains("verdict: false") && html.contains("by Desk"));
    assert!(html.contains("Second selected claim"));
    assert!(!html.contains("Claim left out"));
    assert_eq!(html.matches("<article").count(), 2);
}
}
