//! The core commands through the real binary on a temp database.

mod common;

use common::Env;
use serde_json::Value;

const CNN_URL: &str =
    "https://edition.cnn.com/2023/05/01/europe/armenia-azerbaijan?utm_source=twitter#top";

/// The running example of DESIGN.md, recorded completely.
fn pashinyan(env: &Env) -> i64 {
    let id = env.add(&[
        "L'Azerbaïdjan a ouvert le feu sur des positions arméniennes",
        "--by",
        "Nikol Pashinyan",
        "--cue",
        "a déclaré",
        "--via",
        "Armenpress",
        "--outlet",
        "CNN",
        "--appeared-in",
        CNN_URL,
        "--date",
        "2023-05-01",
        "--lang",
        "fr",
        "--tag",
        "Frontière",
    ]);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "unable_to_verify",
        "--by",
        "CNN",
        "--note",
        "CNN n'a pas été en mesure de vérifier les affirmations des deux parties",
    ]);
    id
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

both! {
fn the_running_example_is_recorded_completely(env) {
    let id = pashinyan(&env);
    let c = env.json(&["show", &id.to_string()]);
    assert_eq!(c["speaker"], "Nikol Pashinyan");
    assert_eq!(c["cue"], "a déclaré");
    assert_eq!(c["relays"], serde_json::json!(["Armenpress"]));
    assert_eq!(c["outlet"], "CNN");
    assert_eq!(c["claimed_on"], "2023-05-01");
    assert_eq!(c["lang"], "fr");
    assert_eq!(c["tags"], serde_json::json!(["frontière"]));
    assert_eq!(c["verification"], "unable_to_verify");
    assert_eq!(
        c["links"][0]["url"],
        "https://edition.cnn.com/2023/05/01/europe/armenia-azerbaijan"
    );
    assert_eq!(c["links"][0]["as_typed"], CNN_URL);
    assert_eq!(c["links"][0]["role"], "appearance");
    let event = &c["history"][0];
    assert_eq!(event["by"], "CNN");
    assert_eq!(event["verification"], "unable_to_verify");
    assert_eq!(event["at"], common::NOW);
    assert!(
        event["note"]
            .as_str()
            .unwrap()
            .contains("n'a pas été en mesure")
    );
}
}

both! {
fn show_prints_the_routes_links_and_history_for_a_person(env) {
    let id = pashinyan(&env);
    let text = env.ok(&["show", &format!("#{id}")]);
    assert!(text.contains("    Nikol Pashinyan\n"), "{text}");
    assert!(
        text.contains("└─ 1. (a déclaré) → via Armenpress → published by CNN"),
        "{text}"
    );
    assert!(text.contains("appearance"), "{text}");
    assert!(text.contains("not checked yet"), "{text}");
    assert!(text.contains("unable_to_verify  by CNN"), "{text}");
}
}

both! {
fn list_unverified_hides_verified_claims_and_keeps_unable_to_verify(env) {
    let a = pashinyan(&env);
    let b = env.add(&["Bakou a fermé le corridor", "--by", "Artsakhpress"]);
    let c = env.add(&["Le pont a été détruit", "--by", "Armenpress"]);
    env.ok(&[
        "verify",
        &c.to_string(),
        "--status",
        "verified",
        "--verdict",
        "true",
        "--by",
        "Desk",
    ]);
    let listed = ids(&env.json(&["list", "--unverified"]));
    assert!(listed.contains(&a) && listed.contains(&b), "{listed:?}");
    assert!(!listed.contains(&c), "{listed:?}");
    let verified = ids(&env.json(&["list", "--verification", "verified"]));
    assert_eq!(verified, vec![c]);
    let true_ones = ids(&env.json(&["list", "--verdict", "true"]));
    assert_eq!(true_ones, vec![c]);
}
}

both! {
fn list_is_newest_first_with_a_stable_order_and_a_limit(env) {
    let old = env.add(&["ancien", "--by", "A", "--date", "2020-01-01"]);
    let new = env.add(&["récent", "--by", "A", "--date", "2023-06-01"]);
    let same_day_1 = env.add(&["un", "--by", "B", "--date", "2022-01-01"]);
    let same_day_2 = env.add(&["deux", "--by", "B", "--date", "2022-01-01"]);
    assert_eq!(
        ids(&env.json(&["list"])),
        vec![new, same_day_2, same_day_1, old]
    );
    assert_eq!(
        ids(&env.json(&["list", "--limit", "2"])),
        vec![new, same_day_2]
    );
}
}

both! {
fn list_filters_by_speaker_outlet_tag_and_dates(env) {
    let p = pashinyan(&env);
    let z = env.add(&[
        "Les forces arméniennes ont tiré les premières",
        "--by",
        "ministère azerbaïdjanais de la Défense",
        "--outlet",
        "Reuters",
        "--date",
        "2023-04-20",
        "--tag",
        "frontière",
    ]);
    assert_eq!(
        ids(&env.json(&["list", "--by", "nikol pashinyan"])),
        vec![p]
    );
    assert_eq!(ids(&env.json(&["list", "--outlet", "reuters"])), vec![z]);
    assert_eq!(ids(&env.json(&["list", "--tag", "FRONTIÈRE"])), vec![p, z]);
    assert_eq!(ids(&env.json(&["list", "--since", "2023-04-25"])), vec![p]);
    assert_eq!(ids(&env.json(&["list", "--until", "2023-04-25"])), vec![z]);
    assert_eq!(
        ids(&env.json(&["list", "--since", "2023-04-01", "--until", "2023-05-31"])),
        vec![p, z]
    );
}
}

both! {
fn search_ignores_accents_and_case_and_finds_speakers(env) {
    let a = env.add(&["Le déploiement russe a commencé", "--by", "Kremlin"]);
    let b = env.add(&["Rien à signaler", "--by", "Défense arménienne"]);
    assert_eq!(
        ids(&env.json(&["list", "--search", "deploiement"])),
        vec![a]
    );
    assert_eq!(
        ids(&env.json(&["list", "--search", "DÉPLOIEMENT Russe"])),
        vec![a]
    );
    assert_eq!(ids(&env.json(&["list", "--search", "defense"])), vec![b]);
    assert_eq!(ids(&env.json(&["list", "--search", "deploi*"])), vec![a]);
    assert!(ids(&env.json(&["list", "--search", "inexistant"])).is_empty());
    // FTS syntax typed by a user is taken literally, not as a query language.
    assert_eq!(
        ids(&env.json(&["list", "--search", "\"déploiement) russe:"])),
        vec![a]
    );
}
}

both! {
fn list_prints_csv_and_a_table(env) {
    pashinyan(&env);
    let csv = env.ok(&["list", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,text,lang,speaker,cue,relays,outlet")
    );
    assert!(lines.next().unwrap().contains("Nikol Pashinyan"));
    let table = env.ok(&["list"]);
    assert!(
        table.contains("Nikol Pashinyan") && table.contains("unable_to_verify"),
        "{table}"
    );
    let global = env.ok(&["--format", "json", "list"]);
    assert!(global.trim_start().starts_with('['));
}
}

both! {
fn sources_match_case_accents_and_aliases(env) {
    let a = env.add(&["premier", "--by", "Pashinyan"]);
    let b = env.add(&["second", "--by", "PASHINYAN"]);
    env.ok(&["sources", "alias", "pashinyan", "Nikol Pashinyan"]);
    let c = env.add(&["troisième", "--by", "Nikol Pashinyan"]);
    assert_eq!(
        ids(&env.json(&["list", "--by", "nikol pashinyan"])),
        vec![c, b, a]
    );
    let sources = env.json(&["sources", "list"]);
    assert_eq!(sources.as_array().unwrap().len(), 1, "{sources}");
    assert_eq!(sources[0]["name"], "Pashinyan");
    assert_eq!(
        sources[0]["aliases"],
        serde_json::json!(["Nikol Pashinyan"])
    );
    assert_eq!(sources[0]["claims"], 3);
    // The alias also finds the speaker in full-text search.
    assert_eq!(ids(&env.json(&["list", "--search", "nikol"])).len(), 3);
}
}

both! {
fn merging_sources_moves_claims_relays_and_events_and_keeps_the_name(env) {
    let p = pashinyan(&env);
    let other = env.add(&[
        "Autre",
        "--by",
        "N. Pashinyan",
        "--via",
        "Armenpress agency",
    ]);
    env.ok(&[
        "verify",
        &other.to_string(),
        "--status",
        "verified",
        "--by",
        "Armenpress agency",
    ]);
    env.ok(&["sources", "merge", "N. Pashinyan", "Nikol Pashinyan"]);
    env.ok(&["sources", "merge", "Armenpress agency", "Armenpress"]);
    assert_eq!(
        ids(&env.json(&["list", "--by", "Nikol Pashinyan"])),
        vec![other, p]
    );
    assert_eq!(
        ids(&env.json(&["list", "--by", "N. Pashinyan"])),
        vec![other, p]
    );
    let c = env.json(&["show", &other.to_string()]);
    assert_eq!(c["speaker"], "Nikol Pashinyan");
    assert_eq!(c["relays"], serde_json::json!(["Armenpress"]));
    assert_eq!(c["history"][0]["by"], "Armenpress");
    let src = env.json(&["sources", "show", "armenpress"]);
    assert_eq!(src[0]["aliases"], serde_json::json!(["Armenpress agency"]));
    assert_eq!(src[0]["verifications"], 1);
    env.fails(&["sources", "merge", "Armenpress", "armenpress agency"], 3);
}
}

both! {
fn an_alias_already_naming_another_source_is_refused_with_the_fix(env) {
    env.add(&["a", "--by", "Armenpress"]);
    env.add(&["b", "--by", "Arka"]);
    let err = env.fails(&["sources", "alias", "Armenpress", "arka"], 3);
    assert!(err.contains("sources merge"), "{err}");
}
}

both! {
fn edit_keeps_the_previous_text_and_fields(env) {
    let id = pashinyan(&env);
    env.ok(&[
        "edit",
        &id.to_string(),
        "--text",
        "L'Azerbaïdjan a ouvert le feu",
        "--by",
        "Premier ministre arménien",
        "--untag",
        "frontière",
        "--tag",
        "tirs",
        "--note",
        "citation raccourcie",
    ]);
    let c = env.json(&["show", &id.to_string()]);
    assert_eq!(c["text"], "L'Azerbaïdjan a ouvert le feu");
    assert_eq!(c["speaker"], "Premier ministre arménien");
    assert_eq!(c["tags"], serde_json::json!(["tirs"]));
    let rev = &c["revisions"][0];
    assert_eq!(
        rev["text"],
        "L'Azerbaïdjan a ouvert le feu sur des positions arméniennes"
    );
    assert_eq!(rev["previous"]["speaker"], "Nikol Pashinyan");
    assert_eq!(rev["previous"]["tags"], serde_json::json!(["frontière"]));
    assert_eq!(rev["note"], "citation raccourcie");
    // The history of verification is untouched by an edit.
    assert_eq!(c["history"].as_array().unwrap().len(), 1);
    // An edit that changes nothing records nothing.
    let before = env.dump();
    env.ok(&[
        "edit",
        &id.to_string(),
        "--text",
        "L'Azerbaïdjan a ouvert le feu",
    ]);
    assert_eq!(before, env.dump());
}
}

both! {
fn verify_with_evidence_adds_the_link_and_keeps_every_event(env) {
    let id = pashinyan(&env);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "verified",
        "--verdict",
        "mostly_true",
        "--by",
        "Desk",
        "--evidence",
        "https://example.org/images-satellite",
        "--at",
        "2024-03-02T08:00:00Z",
    ]);
    let c = env.json(&["show", &id.to_string()]);
    assert_eq!(c["verification"], "verified");
    assert_eq!(c["verdict"], "mostly_true");
    assert_eq!(c["history"].as_array().unwrap().len(), 2);
    assert_eq!(
        c["history"][1]["evidence"],
        "https://example.org/images-satellite"
    );
    let roles: Vec<&str> = c["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["appearance", "evidence"]);
}
}

both! {
fn the_same_claim_added_twice_is_one_claim_that_gains_links(env) {
    let a = env.add(&["Même texte", "--by", "X"]);
    let b = env.add(&[
        "Même texte",
        "--by",
        "x",
        "--url",
        "https://example.org/source",
    ]);
    assert_eq!(a, b);
    let c = env.json(&["show", &a.to_string()]);
    assert_eq!(c["links"].as_array().unwrap().len(), 1);
}
}

both! {
fn bad_input_exits_3_with_one_line_and_leaves_the_database_unchanged(env) {
    let id = pashinyan(&env);
    let id = id.to_string();
    let before = env.dump();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["add", "texte", "--by", "A", "--url", "ftp://example.org/x"],
            "only http and https",
        ),
        (
            vec!["add", "texte", "--by", "A", "--appeared-in", "not a url"],
            "invalid URL",
        ),
        (vec!["add", "   ", "--by", "A"], "cannot be empty"),
        (vec!["add", "texte", "--by", "  "], "name"),
        (
            vec!["add", "texte", "--by", "A", "--date", "2023-02-30"],
            "no such day",
        ),
        (
            vec!["add", "texte", "--by", "A", "--date", "01/05/2023"],
            "YYYY-MM-DD",
        ),
        (vec!["verify", &id, "--status", "maybe"], "unable_to_verify"),
        (
            vec!["verify", &id, "--status", "verified", "--verdict", "sorta"],
            "mostly_true",
        ),
        (
            vec!["verify", "999", "--status", "verified"],
            "no claim #999",
        ),
        (
            vec!["verify", "abc", "--status", "verified"],
            "invalid claim id",
        ),
        (vec!["show", "999"], "no claim #999"),
        (vec!["edit", "999", "--text", "x"], "no claim #999"),
        (vec!["edit", &id, "--text", " "], "cannot be empty"),
        (vec!["list", "--verification", "nope"], "--verification"),
        (vec!["list", "--since", "hier"], "--since"),
        (vec!["list", "--by", "Personne inconnue"], "no source named"),
        (
            vec!["sources", "show", "Personne inconnue"],
            "no source named",
        ),
        (
            vec!["sources", "merge", "CNN", "Inconnu"],
            "no source named",
        ),
    ];
    for (args, expected) in cases {
        let err = env.fails(&args, 3);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(before, env.dump(), "{args:?} changed the database");
    }
}
}

both! {
fn usage_errors_exit_2(env) {
    env.fails(&["add", "texte"], 2);
    env.fails(&["list", "--frobnicate"], 2);
    env.fails(&["list", "--limit", "many"], 2);
}
}

both! {
fn export_then_import_into_an_empty_database_gives_identical_output(env) {
    let id = pashinyan(&env);
    env.add(&[
        "Second",
        "--by",
        "Armenpress",
        "--url",
        "https://twitter.com/armenpress/status/1?s=20",
        "--tag",
        "b",
        "--tag",
        "a",
    ]);
    env.ok(&["edit", &id.to_string(), "--text", "Texte corrigé"]);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "verified",
        "--verdict",
        "false",
        "--evidence",
        "https://example.org/e",
    ]);
    let first = env.ok(&["export"]);
    assert_eq!(first.lines().count(), 2);
    let file = env.write("export.jsonl", first.as_bytes());
    let other = env.another();
    other.ok(&["import", file.to_str().unwrap()]);
    let second = other.ok(&["export"]);
    assert_eq!(first, second);
    // Importing the same file again adds nothing.
    let before = other.dump();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(before, other.dump());
}
}

both! {
fn aliases_and_merged_names_travel_with_an_export(env) {
    let id = pashinyan(&env);
    env.ok(&["sources", "alias", "Nikol Pashinyan", "Pashinyan"]);
    env.add(&["Autre", "--by", "N. Pashinyan"]);
    env.ok(&["sources", "merge", "N. Pashinyan", "Nikol Pashinyan"]);
    env.ok(&["sources", "alias", "CNN", "Cable News Network"]);
    let first = env.ok(&["export"]);
    let source_lines: Vec<&str> = first
        .lines()
        .filter(|l| l.starts_with("{\"source\""))
        .collect();
    assert_eq!(
        source_lines,
        vec![
            r#"{"source":"CNN","aliases":["Cable News Network"]}"#,
            r#"{"source":"Nikol Pashinyan","aliases":["N. Pashinyan","Pashinyan"]}"#,
        ]
    );
    let file = env.write("export.jsonl", first.as_bytes());
    let other = env.another();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(first, other.ok(&["export"]));
    let by_alias = ids(&other.json(&["list", "--by", "pashinyan"]));
    assert_eq!(by_alias.len(), 2, "{by_alias:?}");
    assert!(by_alias.contains(&id));
}
}

both! {
fn an_imported_alias_that_names_another_source_is_a_warning_not_a_loss(env) {
    env.add(&["a", "--by", "Pashinyan"]);
    env.add(&["b", "--by", "Nikol Pashinyan"]);
    let line = r#"{"source":"Nikol Pashinyan","aliases":["Pashinyan","Premier ministre"]}"#;
    let out = env
        .cmd(&["--format", "json", "import", "-"])
        .write_stdin(line)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        summary["warnings"][0]
            .as_str()
            .unwrap()
            .contains("\"Pashinyan\""),
        "{summary}"
    );
    let src = env.json(&["sources", "show", "premier ministre"]);
    assert_eq!(src[0]["name"], "Nikol Pashinyan");
    assert_eq!(env.json(&["sources", "list"]).as_array().unwrap().len(), 2);
}
}

both! {
fn import_reads_standard_input_and_hand_written_records(env) {
    let line =
        r#"{"text":"Écrit à la main","speaker":"Desk","verification":"verified","verdict":"true"}"#;
    env.cmd(&["import", "-"])
        .write_stdin(line)
        .assert()
        .success();
    let all = env.json(&["list"]);
    assert_eq!(all[0]["verification"], "verified");
    assert_eq!(all[0]["history"].as_array().unwrap().len(), 1);
}
}

both! {
fn an_import_with_one_bad_line_imports_nothing_and_names_the_line(env) {
    pashinyan(&env);
    let before = env.dump();
    let good = r#"{"text":"bon","speaker":"A"}"#;
    let cases: Vec<(String, &str)> = vec![
        (
            format!("{good}\n{{\"text\":42,\"speaker\":\"B\"}}\n"),
            "line 2",
        ),
        (
            format!(
                "{good}\n\n{{\"text\":\"x\",\"speaker\":\"B\",\"verification\":\"peut-être\"}}\n"
            ),
            "line 3",
        ),
        (
            format!(
                "{good}\n{{\"text\":\"x\",\"speaker\":\"B\",\"links\":[{{\"url\":\"file:///etc/passwd\",\"role\":\"source\"}}]}}\n"
            ),
            "line 2",
        ),
        (
            format!("{good}\n{{\"text\":\"x\",\"speaker\":\"B\",\"claimed_on\":\"2023-13-01\"}}\n"),
            "line 2",
        ),
        (format!("{good}\nnot json\n"), "line 2"),
        (
            format!("{good}\n{{\"text\":\"\",\"speaker\":\"B\"}}\n"),
            "line 2",
        ),
    ];
    for (content, expected) in cases {
        let file = env.write("bad.jsonl", content.as_bytes());
        let err = env.fails(&["import", file.to_str().unwrap()], 3);
        assert!(err.contains(expected), "{content}: {err}");
        assert_eq!(before, env.dump(), "{content}");
    }
    let mut invalid = good.as_bytes().to_vec();
    invalid.extend_from_slice(b"\n{\"text\":\"caf\xe9\",\"speaker\":\"B\"}\n");
    let file = env.write("latin1.jsonl", &invalid);
    let err = env.fails(&["import", file.to_str().unwrap()], 3);
    assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
    assert_eq!(before, env.dump());
}
}

both! {
fn a_failed_import_into_an_empty_database_leaves_it_and_its_indexes_as_they_were(env) {
    env.ok(&["init"]);
    let before = env.dump();
    let content = "{\"text\":\"a\",\"speaker\":\"A\",\"tags\":[\"x\"]}\n{\"text\":\"b\",\"speaker\":\"B\",\"claimed_on\":\"demain\"}\n";
    let file = env.write("bad.jsonl", content.as_bytes());
    let err = env.fails(&["import", file.to_str().unwrap()], 3);
    assert!(
        err.contains("line 2") && err.contains("claimed_on"),
        "{err}"
    );
    assert_eq!(before, env.dump());
    assert!(before.contains("claims_open_newest"));
}
}

both! {
fn a_bulk_import_finds_duplicates_within_the_file_and_rebuilds_its_indexes(env) {
    let content = "{\"text\":\"a\",\"speaker\":\"A\",\"links\":[{\"url\":\"https://e.org/1\",\"role\":\"source\"}]}\n\
                   {\"text\":\"a\",\"speaker\":\"a\",\"links\":[{\"url\":\"https://e.org/2\",\"role\":\"source\"}]}\n\
                   {\"text\":\"b\",\"speaker\":\"B\",\"links\":[{\"url\":\"https://e.org/1?utm_source=x\",\"role\":\"evidence\"}]}\n";
    let file = env.write("dups.jsonl", content.as_bytes());
    let summary: serde_json::Value =
        serde_json::from_str(&env.ok(&["--format", "json", "import", file.to_str().unwrap()]))
            .unwrap();
    assert_eq!(summary["added"], 2);
    assert_eq!(summary["existing"], 1);
    let all = env.json(&["list"]);
    assert_eq!(all[1]["links"].as_array().unwrap().len(), 2, "{all}");
    assert_eq!(env.scalar("SELECT count(*) FROM links"), 2);
    let fresh = env.another();
    fresh.ok(&["init"]);
    let schema = |d: &str| {
        d.lines()
            .filter(|l| l.starts_with("index "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(schema(&fresh.dump()), schema(&env.dump()));
}
}

both! {
fn a_huge_line_is_refused_without_reading_it_all(env) {
    let mut content = br#"{"text":""#.to_vec();
    content.extend(std::iter::repeat_n(b'a', 17 << 20));
    content.extend_from_slice(br#"","speaker":"A"}"#);
    let file = env.write("huge.jsonl", &content);
    let err = env.fails(&["import", file.to_str().unwrap()], 3);
    assert!(err.contains("line 1") && err.contains("MiB"), "{err}");
}
}

#[test]
fn the_database_comes_from_the_environment_when_db_is_not_given() {
    let env = Env::new();
    let path = env.dir.path().join("from-env.db");
    let mut cmd = assert_cmd::Command::cargo_bin("claimlog").unwrap();
    cmd.env("CLAIMLOG_DB", &path)
        .args(["add", "x", "--by", "A"])
        .assert()
        .success();
    assert!(path.exists());
}

both! {
fn two_processes_adding_200_claims_each_lose_nothing(env) {
    env.ok(&["init"]);
    let spawn = |who: &str| {
        let mut script = String::new();
        for i in 0..200 {
            script.push_str(&format!(
                "{{\"text\":\"claim {who} {i}\",\"speaker\":\"{who}\"}}\n"
            ));
        }
        let file = env.write(&format!("{who}.jsonl"), script.as_bytes());
        let db = env.db.clone();
        let bin = assert_cmd::cargo::cargo_bin("claimlog");
        let who = who.to_string();
        std::thread::spawn(move || {
            // One process per claim would take minutes in debug builds; alternate
            // single adds and small imports so both kinds of writers contend.
            let text = std::fs::read_to_string(&file).unwrap();
            for (i, line) in text.lines().enumerate() {
                let out = if i % 2 == 0 {
                    std::process::Command::new(&bin)
                        .arg("--db")
                        .arg(&db)
                        .args(["add", &format!("claim {who} {i}"), "--by", &who])
                        .output()
                        .unwrap()
                } else {
                    let mut child = std::process::Command::new(&bin)
                        .arg("--db")
                        .arg(&db)
                        .args(["import", "-"])
                        .stdin(std::process::Stdio::piped())
                        .stdout(std::process::Stdio::piped())
                        .stderr(std::process::Stdio::piped())
                        .spawn()
                        .unwrap();
                    use std::io::Write;
                    child
                        .stdin
                        .take()
                        .unwrap()
                        .write_all(line.as_bytes())
                        .unwrap();
                    child.wait_with_output().unwrap()
                };
                assert!(
                    out.status.success(),
                    "{who} {i}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        })
    };
    let a = spawn("alpha");
    let b = spawn("beta");
    a.join().unwrap();
    b.join().unwrap();
    let all = env.json(&["list"]);
    assert_eq!(all.as_array().unwrap().len(), 400);
}
}

both! {
fn the_demo_loads_the_sample_and_shows_unverified_claims_and_a_chain(env) {
    let out = env.ok(&["demo"]);
    assert!(out.contains("Unverified claims"), "{out}");
    assert!(out.contains("One full attribution chain"), "{out}");
    assert!(out.contains("→ via"), "{out}");
    let n = env.json(&["list"]).as_array().unwrap().len();
    assert!(n >= 25, "{n} sample claims");
}
}

both! {
fn a_closed_pipe_ends_quietly(env) {
    // Far more than a pipe buffer, so that claimlog is still writing when head exits.
    let lines: String = (0..3000)
        .map(|i| format!("{{\"text\":\"claim number {i} with some words to make it longer\",\"speaker\":\"S{}\"}}\n", i % 7))
        .collect();
    let file = env.write("many.jsonl", lines.as_bytes());
    env.ok(&["import", file.to_str().unwrap()]);
    let bin = assert_cmd::cargo::cargo_bin("claimlog");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' --db '{}' list --format csv | head -c 10 >/dev/null; exit \"${{PIPESTATUS[0]}}\"",
            bin.display(),
            env.db.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).is_empty(), "{out:?}");
}
}
