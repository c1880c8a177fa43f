//! Appearances: one claim, many routes to the reader; merging claims; the version-1
//! migration; appearances through JSONL and CSV.

mod common;

use common::Env;

const CLAIM: &str = "Les frappes ont fait 29 morts";
const SPEAKER: &str = "autorités du Haut-Karabakh";

/// The two `add`s of issue 13: the same claim read in Le Figaro via AFP and in CNN via
/// Armenpress.
fn two_routes(env: &Env) {
    env.ok(&[
        "add",
        CLAIM,
        "--by",
        SPEAKER,
        "--via",
        "AFP",
        "--outlet",
        "Le Figaro",
        "--appeared-in",
        "https://www.lefigaro.fr/a1",
    ]);
    let second = env.ok(&[
        "add",
        CLAIM,
        "--by",
        SPEAKER,
        "--via",
        "Armenpress",
        "--outlet",
        "CNN",
        "--appeared-in",
        "https://edition.cnn.com/a2",
    ]);
    assert!(second.contains("appearance 2"), "{second}");
}

both! {
fn a_second_route_of_the_same_claim_becomes_its_second_appearance(env) {
    two_routes(&env);
    let c = env.json(&["show", "1"]);
    let a = c["appearances"].as_array().expect("appearances");
    assert_eq!(a.len(), 2, "{c}");
    assert_eq!(a[0]["outlet"], "Le Figaro");
    assert_eq!(a[0]["relays"], serde_json::json!(["AFP"]));
    assert_eq!(a[0]["url"], "https://www.lefigaro.fr/a1");
    assert_eq!(a[1]["outlet"], "CNN");
    assert_eq!(a[1]["relays"], serde_json::json!(["Armenpress"]));
    assert_eq!(a[1]["url"], "https://edition.cnn.com/a2");
    // Version-1 fields are the first appearance's.
    assert_eq!(c["outlet"], "Le Figaro");
    assert_eq!(c["relays"], serde_json::json!(["AFP"]));
    assert_eq!(c["origins"], 2);

    let text = env.ok(&["show", "1"]);
    assert!(
        text.contains("├─ 1. → via AFP → published by Le Figaro"),
        "{text}"
    );
    assert!(
        text.contains("└─ 2. → via Armenpress → published by CNN"),
        "{text}"
    );
    assert!(text.contains("https://edition.cnn.com/a2"), "{text}");

    for outlet in ["CNN", "Le Figaro"] {
        let listed = env.json(&["list", "--outlet", outlet]);
        assert_eq!(listed.as_array().unwrap().len(), 1, "{outlet}: {listed}");
        assert_eq!(listed[0]["appearances"].as_array().unwrap().len(), 2);
    }
    assert_eq!(env.json(&["list", "--via", "Armenpress"])[0]["id"], 1);
    let table = env.ok(&["list"]);
    assert!(table.contains("AFP → Le Figaro +1"), "{table}");

    // The same route again adds nothing.
    let again = env.ok(&[
        "add",
        CLAIM,
        "--by",
        SPEAKER,
        "--via",
        "AFP",
        "--outlet",
        "Le Figaro",
        "--appeared-in",
        "https://www.lefigaro.fr/a1",
    ]);
    assert!(again.contains("with this route"), "{again}");
    assert_eq!(
        env.json(&["show", "1"])["appearances"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
}

both! {
fn appearance_add_records_wording_and_a_verification_can_name_it(env) {
    two_routes(&env);
    let out = env.ok(&[
        "appearance",
        "add",
        "1",
        "--outlet",
        "Le Monde",
        "--via",
        "AFP",
        "--cue",
        "selon",
        "--wording",
        "Vingt-neuf personnes ont été tuées dans les frappes",
        "--lang",
        "fr",
        "--url",
        "https://www.lemonde.fr/a3",
        "--date",
        "2023-09-20",
    ]);
    assert!(out.contains("recorded appearance 3"), "{out}");
    env.ok(&[
        "verify",
        "1",
        "--status",
        "unable_to_verify",
        "--by",
        "CNN",
        "--appearance",
        "2",
        "--note",
        "CNN n'a pas été en mesure de vérifier",
    ]);
    let c = env.json(&["show", "1"]);
    let third = &c["appearances"][2];
    assert_eq!(
        third["wording"],
        "Vingt-neuf personnes ont été tuées dans les frappes"
    );
    assert_eq!(third["published_on"], "2023-09-20");
    assert_eq!(third["cue"], "selon");
    assert_eq!(c["history"][0]["appearance"], 2);
    // Le Monde and Le Figaro both came through AFP: one origin, plus Armenpress.
    assert_eq!(c["origins"], 2);
    let text = env.ok(&["show", "1"]);
    assert!(text.contains("about appearance 2"), "{text}");
    assert!(text.contains("wording: « Vingt-neuf"), "{text}");

    let before = env.dump();
    let err = env.fails(
        &["verify", "1", "--status", "verified", "--appearance", "9"],
        3,
    );
    assert!(err.contains("no appearance 9 on claim #1"), "{err}");
    let err = env.fails(&["appearance", "add", "7", "--outlet", "CNN"], 3);
    assert!(err.contains("no claim #7"), "{err}");
    let err = env.fails(&["appearance", "add", "1"], 3);
    assert!(err.contains("--outlet"), "{err}");
    let err = env.fails(&["list", "--outlet", "Nobody"], 3);
    assert!(err.contains("\"Nobody\""), "{err}");
    assert_eq!(before, env.dump());
}
}

both! {
fn single_origin_finds_claims_reprinted_from_one_wire(env) {
    for outlet in ["Le Monde", "Le Figaro", "Libération"] {
        env.ok(&[
            "add",
            "Dépêche",
            "--by",
            "X",
            "--via",
            "AFP",
            "--outlet",
            outlet,
        ]);
    }
    two_routes(&env);
    let found = env.json(&["list", "--single-origin"]);
    let ids: Vec<i64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![1], "{found}");
    assert_eq!(found[0]["origins"], 1);
    assert_eq!(found[0]["appearances"].as_array().unwrap().len(), 3);
}
}

both! {
fn add_to_records_a_reworded_appearance_of_a_given_claim(env) {
    two_routes(&env);
    let out = env.ok(&[
        "add",
        "Strikes killed 29 people",
        "--by",
        SPEAKER,
        "--to",
        "1",
        "--outlet",
        "BBC",
        "--lang",
        "en",
        "--appeared-in",
        "https://www.bbc.com/a4",
    ]);
    assert!(out.contains("recorded appearance 3"), "{out}");
    let c = env.json(&["show", "1"]);
    assert_eq!(c["appearances"][2]["wording"], "Strikes killed 29 people");
    assert_eq!(c["appearances"][2]["lang"], "en");
    assert_eq!(env.json(&["list"]).as_array().unwrap().len(), 1);
}
}

both! {
fn merge_moves_appearances_and_keeps_the_record(env) {
    two_routes(&env);
    env.ok(&[
        "add",
        "29 morts dans les frappes",
        "--by",
        SPEAKER,
        "--outlet",
        "Le Monde",
        "--tag",
        "karabakh",
    ]);
    env.ok(&["verify", "2", "--status", "verified", "--verdict", "true"]);

    let before = env.dump();
    let err = env.fails(&["merge", "2", "2"], 3);
    assert!(err.contains("into itself"), "{err}");
    let err = env.fails(&["merge", "2", "99"], 3);
    assert!(err.contains("no claim #99"), "{err}");
    let err = env.fails(&["merge", "abc", "1"], 3);
    assert!(err.contains("invalid claim id"), "{err}");
    assert_eq!(before, env.dump());

    let out = env.ok(&["--as", "lea", "merge", "2", "1", "--note", "même bilan"]);
    assert!(out.contains("merged into #1"), "{out}");
    let c = env.json(&["show", "1"]);
    assert_eq!(c["appearances"].as_array().unwrap().len(), 3, "{c}");
    assert_eq!(c["appearances"][2]["outlet"], "Le Monde");
    assert_eq!(c["tags"], serde_json::json!(["karabakh"]));
    assert_eq!(c["verification"], "verified");
    assert_eq!(c["merged"][0]["claim"], 2);
    assert_eq!(c["merged"][0]["note"], "même bilan");
    assert_eq!(c["merged"][0]["actor"], "lea");
    assert_eq!(c["history"][0]["from_claim"], 2);

    let from = env.ok(&["show", "2"]);
    assert!(from.contains("merged into   #1"), "{from}");
    assert_eq!(env.json(&["list"]).as_array().unwrap().len(), 1);

    let before = env.dump();
    let err = env.fails(&["merge", "2", "1"], 3);
    assert!(err.contains("was merged into #1"), "{err}");
    let err = env.fails(&["verify", "2", "--status", "verified"], 3);
    assert!(err.contains("use #1 instead"), "{err}");
    assert_eq!(before, env.dump());
    // Append-only: SQL itself refuses to rewrite a merge.
    assert!(env.sql_fails("DELETE FROM claim_merges").contains("append-only"));

    // The merge travels through JSONL, and the export reads back identical.
    let first = env.ok(&["export"]);
    let copy = env.another();
    let file = copy.write("all.jsonl", first.as_bytes());
    copy.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(copy.ok(&["export"]), first);
}
}

both! {
fn appearances_round_trip_through_jsonl_and_csv(env) {
    two_routes(&env);
    env.ok(&[
        "appearance",
        "add",
        "1",
        "--outlet",
        "Le Monde",
        "--via",
        "AFP",
        "--via",
        "Agence; | \\ étrange",
        "--wording",
        "Vingt-neuf morts | selon; l'AFP",
        "--date",
        "2023-09-20",
        "--url",
        "https://www.lemonde.fr/a3",
    ]);
    env.ok(&[
        "verify",
        "1",
        "--status",
        "unable_to_verify",
        "--by",
        "CNN",
        "--appearance",
        "2",
    ]);
    let jsonl = env.ok(&["export"]);
    let copy = env.another();
    let file = copy.write("all.jsonl", jsonl.as_bytes());
    copy.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(copy.ok(&["export"]), jsonl);
    // Importing it again adds no appearance.
    copy.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(copy.ok(&["export"]), jsonl);

    let csv = env.ok(&["export", "--format", "csv"]);
    assert!(csv.contains("outlet=CNN; via=Armenpress"), "{csv}");
    let from_csv = env.another();
    let file = from_csv.write("all.csv", csv.as_bytes());
    from_csv.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(from_csv.ok(&["export", "--format", "csv"]), csv);
    assert_eq!(
        from_csv.json(&["show", "1"])["appearances"],
        env.json(&["show", "1"])["appearances"]
    );
}
}

#[test]
fn a_version_1_database_migrates_in_place_without_losing_anything() {
    let env = Env::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/migration");
    std::fs::copy(format!("{fixture}/v1.db"), &env.db).unwrap();
    let exported = env.ok(&["export"]);
    let v1 = std::fs::read_to_string(format!("{fixture}/v1-export.jsonl")).unwrap();
    let mut new_lines = exported.lines();
    for old in v1.lines() {
        let old: serde_json::Value = serde_json::from_str(old).unwrap();
        let mut new: serde_json::Value =
            serde_json::from_str(new_lines.next().expect("as many lines")).unwrap();
        if let Some(obj) = new.as_object_mut() {
            // Events now carry their number (trust-store's step to version 2).
            if let Some(history) = obj.get_mut("history").and_then(|h| h.as_array_mut()) {
                for event in history {
                    event.as_object_mut().unwrap().remove("id");
                }
            }
            // The chain is now the first appearance; everything else is as it was.
            let appearances = obj.remove("appearances");
            obj.remove("origins");
            if let Some(outlet) = old.get("outlet").filter(|o| !o.is_null()) {
                let first = &appearances.as_ref().unwrap()[0];
                assert_eq!(&first["outlet"], outlet);
                assert_eq!(first["relays"], old["relays"]);
                assert_eq!(first["cue"], old["cue"]);
            }
        }
        assert_eq!(new, old);
    }
    assert!(new_lines.next().is_none());
    let c = env.json(&["show", "42"]);
    assert_eq!(c["appearances"][0]["url"], "http://127.0.0.1:8765/cnn.html");
    assert_eq!(
        c["appearances"][0]["relays"],
        serde_json::json!(["Armenpress", "agence X"])
    );
    assert_eq!(c["history"][0]["by"], "CNN");
    assert_eq!(c["revisions"].as_array().unwrap().len(), 1);
    let checks = env.json(&["links", "history", "http://127.0.0.1:8765/missing.html"]);
    assert_eq!(checks[0]["outcome"], "broken");
    assert_eq!(
        env.json(&["list", "--outlet", "CNN"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, claimlog::store::SCHEMA_VERSION);
    let checks: i64 = conn
        .query_row("SELECT count(*) FROM link_checks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(checks, 8);
}

#[test]
fn appearance_edit_corrects_one_route_and_keeps_what_it_was() {
    let env = Env::new();
    two_routes(&env);
    let out = env.ok(&[
        "appearance",
        "edit",
        "1",
        "2",
        "--outlet",
        "CNN International",
        "--via",
        "AFP",
        "--via",
        "Armenpress",
        "--date",
        "2023-09-20",
        "--note",
        "outlet misread",
    ]);
    assert!(out.contains("edited appearance 2"), "{out}");
    let c = env.json(&["show", "1"]);
    let second = &c["appearances"][1];
    assert_eq!(second["outlet"], "CNN International");
    assert_eq!(second["relays"], serde_json::json!(["AFP", "Armenpress"]));
    assert_eq!(second["published_on"], "2023-09-20");
    assert_eq!(second["url"], "https://edition.cnn.com/a2");
    let revision = &c["revisions"][0];
    assert_eq!(revision["previous"]["appearance 2"]["outlet"], "CNN");
    assert_eq!(revision["note"], "outlet misread");
    assert_eq!(
        env.json(&["list", "--outlet", "CNN"])
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // Nothing new: nothing recorded. A bad number: a clear error, nothing written.
    let same = env.ok(&[
        "appearance",
        "edit",
        "1",
        "2",
        "--outlet",
        "CNN International",
    ]);
    assert!(same.contains("unchanged"), "{same}");
    let before = env.dump();
    let err = env.fails(&["appearance", "edit", "1", "3", "--outlet", "X"], 3);
    assert!(err.contains("no appearance 3 on claim #1"), "{err}");
    let err = env.fails(&["appearance", "edit", "7", "1", "--outlet", "X"], 3);
    assert!(err.contains("#7"), "{err}");
    assert_eq!(before, env.dump());
}

#[test]
fn appearance_remove_hides_a_route_and_the_history_keeps_it() {
    let env = Env::new();
    two_routes(&env);
    let before = env.dump();
    let err = env.fails(&["appearance", "remove", "1", "1", "--reason", " "], 3);
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(before, env.dump());

    let out = env.ok(&[
        "appearance",
        "remove",
        "1",
        "1",
        "--reason",
        "Le Figaro never ran it",
    ]);
    assert!(out.contains("removed appearance 1"), "{out}");
    let c = env.json(&["show", "1"]);
    let a = c["appearances"].as_array().unwrap();
    assert_eq!(a.len(), 1, "{c}");
    assert_eq!(a[0]["outlet"], "CNN");
    assert_eq!(c["outlet"], "CNN");
    let revision = &c["revisions"][0];
    assert_eq!(
        revision["previous"]["appearance 1 (removed)"]["outlet"],
        "Le Figaro"
    );
    assert_eq!(revision["note"], "Le Figaro never ran it");
    assert!(
        env.json(&["list", "--outlet", "Le Figaro"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        env.json(&["list", "--via", "AFP"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let exported: serde_json::Value = serde_json::from_str(env.ok(&["export"]).trim()).unwrap();
    assert_eq!(
        exported["appearances"].as_array().unwrap().len(),
        1,
        "{exported}"
    );
    assert_eq!(
        exported["revisions"][0]["previous"]["appearance 1 (removed)"]["outlet"],
        "Le Figaro"
    );
    // The remaining route is now appearance 1; adding the removed one again records it anew.
    env.ok(&["appearance", "edit", "1", "1", "--cue", "selon"]);
    env.ok(&[
        "add",
        CLAIM,
        "--by",
        SPEAKER,
        "--via",
        "AFP",
        "--outlet",
        "Le Figaro",
        "--appeared-in",
        "https://www.lefigaro.fr/a1",
    ]);
    let a = env.json(&["show", "1"])["appearances"].clone();
    assert_eq!(a.as_array().unwrap().len(), 2, "{a}");
    assert_eq!(a[0]["cue"], "selon");
    assert_eq!(a[1]["outlet"], "Le Figaro");
    // The database keeps the removed row.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM appearances", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 3);
}

#[test]
fn the_html_report_draws_every_route() {
    let env = Env::new();
    two_routes(&env);
    let path = env.dir.path().join("report.html");
    env.ok(&["report", "--html", path.to_str().unwrap()]);
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("→ via AFP → reported by Le Figaro"), "{html}");
    assert!(
        html.contains("→ via Armenpress → reported by CNN"),
        "{html}"
    );
    assert!(html.contains("https://edition.cnn.com/a2"), "{html}");
}
