//! `claimlog extract` through the real binary: output, saving, bad input.

mod common;

const SOUDAN: &str = "tests/data/extract/articles/fr_afp_soudan.txt";
const ARTICLE_URL: &str = "https://www.example-afp.fr/soudan-frappe-marche?utm_source=rss";

both! {
fn extract_prints_the_documented_json_fields(env) {
    let v: serde_json::Value =
        serde_json::from_str(&env.ok(&["extract", SOUDAN, "--format", "json"])).unwrap();
    let items = v.as_array().expect("an array of candidates");
    assert!(items.len() > 5, "{v}");
    for c in items {
        for field in [
            "kind",
            "speaker",
            "cue",
            "text",
            "via",
            "conditional",
            "denial",
            "start",
            "end",
        ] {
            assert!(c.get(field).is_some(), "missing {field} in {c}");
        }
    }
    let denial = items
        .iter()
        .find(|c| c["denial"] == true)
        .expect("a denial");
    assert_eq!(denial["speaker"], "L'armée soudanaise");
    let disclaimer = items
        .iter()
        .find(|c| c["kind"] == "disclaimer")
        .expect("a disclaimer");
    assert_eq!(disclaimer["speaker"], "L'AFP");
    // Offsets point into the input.
    let text = std::fs::read_to_string(SOUDAN).unwrap();
    let (start, end) = (
        disclaimer["start"].as_u64().unwrap() as usize,
        disclaimer["end"].as_u64().unwrap() as usize,
    );
    assert!(text[start..end].contains("n'a pas été en mesure de vérifier"));
}
}

both! {
fn extract_without_save_touches_no_database(env) {
    env.ok(&["extract", SOUDAN]);
    assert!(!env.db.exists());
}
}

both! {
fn saving_an_article_records_claims_relays_links_and_disclaimer_events_once(env) {
    env.ok(&[
        "extract",
        SOUDAN,
        "--save",
        "--min-confidence",
        "0",
        "--outlet",
        "AFP",
        "--url",
        ARTICLE_URL,
    ]);
    let claims = env.json(&["list"]);
    let claims = claims.as_array().unwrap();
    assert!(claims.len() > 5);
    let doctor = claims
        .iter()
        .find(|c| c["speaker"] == "un médecin de l'hôpital Bashair")
        .expect("the doctor's quote");
    assert_eq!(doctor["relays"], serde_json::json!(["AFP"]));
    assert_eq!(doctor["outlet"], "AFP");
    assert_eq!(doctor["cue"], "a déclaré");
    assert_eq!(doctor["lang"], "fr");
    assert_eq!(
        doctor["links"][0]["url"],
        "https://www.example-afp.fr/soudan-frappe-marche"
    );
    assert_eq!(doctor["links"][0]["role"], "appearance");
    // AFP's disclaimer makes every claim of the article unable_to_verify, by AFP.
    assert_eq!(doctor["verification"], "unable_to_verify");
    assert_eq!(doctor["history"][0]["by"], "AFP");
    let denial = claims
        .iter()
        .find(|c| c["speaker"] == "L'armée soudanaise")
        .unwrap();
    assert!(
        denial["tags"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("denial"))
    );
    // Saving the same article again adds nothing, even at another time.
    let before = env.dump();
    env.cmd(&[
        "extract",
        SOUDAN,
        "--save",
        "--min-confidence",
        "0",
        "--outlet",
        "AFP",
        "--url",
        ARTICLE_URL,
    ])
    .env("CLAIMLOG_NOW", "2024-05-01T00:00:00Z")
    .assert()
    .success();
    assert_eq!(before, env.dump());
}
}

both! {
fn extract_reads_standard_input_and_english(env) {
    let text = "\"We will not retreat,\" the defence ministry said in a statement on Sunday. \
                Reuters could not independently verify the claim.";
    let out = env
        .cmd(&["extract", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["speaker"], "the defence ministry");
    assert_eq!(v[0]["text"], "We will not retreat");
    assert_eq!(v[1]["kind"], "disclaimer");
    assert_eq!(v[1]["speaker"], "Reuters");
}
}

both! {
fn bad_articles_and_values_exit_3_with_one_line(env) {
    let latin1 = env.write(
        "latin1.txt",
        b"\xab Nous avons gagn\xe9 \xbb, a d\xe9clar\xe9 le ministre.",
    );
    let err = env.fails(&["extract", latin1.to_str().unwrap()], 3);
    assert!(
        err.contains("UTF-8") && err.contains("byte offset"),
        "{err}"
    );
    let err = env.fails(&["extract", SOUDAN, "--lang", "de"], 3);
    assert!(err.contains("--lang"), "{err}");
    let err = env.fails(
        &["extract", SOUDAN, "--save", "--url", "ftp://example.org/a"],
        3,
    );
    assert!(err.contains("--url"), "{err}");
    assert!(!env.db.exists() || env.json(&["list"]).as_array().unwrap().is_empty());
}
}

both! {
fn an_empty_article_gives_an_empty_list(env) {
    let empty = env.write("empty.txt", b"");
    let out = env.ok(&["extract", empty.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        serde_json::json!([])
    );
}
}
