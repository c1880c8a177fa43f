//! The command line as people and scripts meet it: out-of-range flag values, JSON
//! shapes, `links check -q` and `--format csv`, completions and the man page.

mod common;

use common::Env;

both! {
fn out_of_range_link_check_flags_are_refused_with_exit_3_and_one_line(env) {
    env.add(&["Le pont a été détruit", "--by", "Ministère"]);
    let before = env.dump();
    for (flag, value, says) in [
        (
            "--stale-after",
            "99999999999y",
            "--stale-after: 99999999999years is out of range",
        ),
        (
            "--confirm-after",
            "200years",
            "--confirm-after: 200years is out of range",
        ),
        (
            "--host-rate",
            "1e-300",
            "--host-rate: 1e-300 is out of range",
        ),
        ("--host-rate", "1e12", "--host-rate: 1e12 is out of range"),
        ("--timeout", "0s", "--timeout: 0s is out of range"),
        (
            "--max-retry-wait",
            "30days",
            "--max-retry-wait: 30days is out of range",
        ),
        (
            "--retry-backoff",
            "2h",
            "--retry-backoff: 2h is out of range",
        ),
        (
            "--retries",
            "4000000000",
            "--retries: 4000000000 is out of range",
        ),
        ("--concurrency", "0", "--concurrency: 0 is out of range"),
        (
            "--concurrency",
            "4000000000",
            "--concurrency: 4000000000 is out of range",
        ),
        (
            "--per-host",
            "4000000000",
            "--per-host: 4000000000 is out of range",
        ),
    ] {
        let stderr = env.fails(&["links", "check", flag, value], 3);
        assert!(stderr.contains(says), "{flag} {value}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert_eq!(env.dump(), before, "a refused run changes nothing");
}
}

/// Bytes a terminal would obey rather than show.
fn obeyed(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

both! {
fn escape_sequences_in_claim_data_are_shown_never_sent_to_the_terminal(env) {
    let osc8 = "\u{1b}]8;;https://evil.example/\u{1b}\\cliquez ici\u{1b}]8;;\u{1b}\\";
    // The colour sequence sits where a 70-character cut falls.
    let text = format!(
        "{osc8} Le pont a été détruit selon des sources concordantes, dit-il \u{1b}[31;1m\
         ROUGE\u{1b}[0m puis \u{9b}2J et \u{202e}txet desrever\u{202c} fin\r(suite)"
    );
    let id = env.add(&[
        &text,
        "--by",
        "Min\u{1b}[2Jistère\u{7}",
        "--via",
        "Agence\u{1b}]0;titre\u{7}",
        "--outlet",
        "\u{202e}NNC",
        "--url",
        "https://example.org/a",
    ]);
    let id = id.to_string();
    for args in [
        vec!["list"],
        vec!["list", "--wide"],
        vec!["show", &id],
        vec!["sources", "list"],
        vec!["sources", "show", "Min\u{1b}[2Jistère\u{7}"],
    ] {
        let out = env.ok(&args);
        assert_eq!(obeyed(&out), Vec::<char>::new(), "{args:?}:\n{out}");
        assert!(out.contains('␛'), "{args:?} shows the escapes:\n{out}");
    }
    let show = env.ok(&["show", &id]);
    assert!(
        show.contains("␛]8;;https://evil.example/␛\\cliquez ici"),
        "{show}"
    );
    assert!(
        show.contains("<U+009B>2J et <U+202E>txet desrever<U+202C> fin␍(suite)"),
        "{show}"
    );
    // Programs still get the data as it is.
    let json = env.json(&["show", &id]);
    assert_eq!(json["text"], text);
}
}

both! {
fn a_nul_character_in_imported_claim_data_is_refused_naming_the_field(env) {
    env.add(&["Le pont a été détruit", "--by", "Ministère"]);
    let before = env.dump();
    let jsonl = env.write("nul.jsonl", b"{\"text\":\"a\\u0000b\",\"speaker\":\"x\"}\n");
    let stderr = env.fails(&["import", jsonl.to_str().unwrap()], 3);
    assert!(
        stderr.contains("\"text\": it holds a NUL character"),
        "{stderr}"
    );
    let csv = env.write("nul.csv", b"text,speaker\nok,Mini\0stere\n");
    let stderr = env.fails(&["import", csv.to_str().unwrap()], 3);
    assert!(
        stderr.contains("\"speaker\": it holds a NUL character"),
        "{stderr}"
    );
    assert_eq!(env.dump(), before);
}
}

/// Three claims of the running example, with long names and text.
fn tour(env: &Env) {
    env.add(&[
        "L'Azerbaïdjan a ouvert le feu sur des positions arméniennes dans la région de \
         Sotk, près de la frontière, pendant la nuit",
        "--by",
        "Nikol Pashinyan",
        "--cue",
        "a déclaré",
        "--via",
        "Armenpress",
        "--outlet",
        "CNN",
        "--date",
        "2023-05-01",
    ]);
    env.add(&[
        "Le 24 mai, le ministre des affaires étrangères de la République d’Artsakh a envoyé \
         des lettres aux ministres des affaires étrangères des pays coprésidents",
        "--by",
        "le ministère des affaires étrangères de la République d'Artsakh",
        "--outlet",
        "Artsakhpress",
        "--date",
        "2023-05-25",
    ]);
    let id = env.add(&[
        "Plus de 200 blessés",
        "--by",
        "les autorités du Haut-Karabakh",
        "--via",
        "Le Figaro",
        "--outlet",
        "Atlantico",
        "--date",
        "2023-09-19",
    ]);
    env.ok(&[
        "verify",
        &id.to_string(),
        "--status",
        "partially_verified",
        "--verdict",
        "mostly_true",
    ]);
}

fn at_width(env: &Env, width: &str, args: &[&str]) -> String {
    let out = env.cmd(args).env("COLUMNS", width).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

both! {
fn a_claim_is_one_line_cut_at_a_word_boundary_at_80_and_100_columns(env) {
    tour(&env);
    for width in ["80", "100"] {
        let table = at_width(&env, width, &["list"]);
        let lines: Vec<&str> = table.lines().collect();
        // One line per claim, whatever its length.
        let rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with("│ #")).collect();
        assert_eq!(rows.len(), 3, "{table}");
        let body = table.split_once('╞').unwrap().1;
        assert!(
            !body.contains("│    ┆"),
            "no claim takes two lines:\n{table}"
        );
        for line in &lines {
            assert!(
                line.chars().count() <= width.parse().unwrap(),
                "{width}:\n{table}"
            );
        }
        insta::assert_snapshot!(format!("list_at_{width}"), table);
    }
}
}

both! {
fn wide_tables_show_the_full_text_wrapped_between_words(env) {
    tour(&env);
    let table = at_width(&env, "100", &["list", "--wide"]);
    for line in table.lines() {
        assert!(line.chars().count() <= 100, "{table}");
    }
    // Every word whole on its line: the full text reads back from the claim column.
    assert!(table.contains("Sotk,"), "{table}");
    insta::assert_snapshot!("list_wide_at_100", table);
}
}

both! {
fn a_piped_table_is_bounded_to_100_columns_without_columns_set(env) {
    tour(&env);
    let out = env.cmd(&["list"]).env_remove("COLUMNS").output().unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let widest = table.lines().map(|l| l.chars().count()).max().unwrap();
    assert!((60..=100).contains(&widest), "{widest}:\n{table}");
}
}

both! {
fn add_verify_and_edit_print_one_json_object_like_show(env) {
    let added = env.json(&["add", "Le pont a été détruit", "--by", "Ministère"]);
    assert!(added.is_object(), "{added}");
    assert_eq!(added["text"], "Le pont a été détruit");
    let verified = env.json(&["verify", "1", "--status", "verified", "--verdict", "false"]);
    assert!(verified.is_object(), "{verified}");
    assert_eq!(verified["verdict"], "false");
    let edited = env.json(&["edit", "1", "--text", "Le pont a été bombardé"]);
    assert!(edited.is_object(), "{edited}");
    assert_eq!(edited["text"], "Le pont a été bombardé");
    assert_eq!(env.json(&["show", "1"]), edited);
}
}

both! {
fn completions_and_man_pages_come_from_the_command_line_definition_without_a_database(env) {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef claimlog"),
        ("fish", "complete -c claimlog"),
        ("elvish", "edit:completion:arg-completer[claimlog]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("stale-after"),
            "{shell} completes link flags"
        );
    }
    let page = env.ok(&["man"]);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH claimlog"),
        "{page}"
    );
    assert!(page.contains("links"), "{page}");
    let dir = env.dir.path().join("man1");
    env.ok(&["man", "--dir", dir.to_str().unwrap()]);
    let check = std::fs::read_to_string(dir.join("claimlog-links-check.1")).unwrap();
    assert!(check.contains("stale\\-after"), "{check}");
    assert!(!env.db.exists(), "no database is created");
    env.fails(&["completions", "tcsh"], 2);
}
}

both! {
fn extract_save_refuses_an_article_holding_a_nul_character(env) {
    env.add(&["Le pont a été détruit", "--by", "Ministère"]);
    let before = env.dump();
    let article = env.write(
        "a.txt",
        "« Bonjour\0 le monde », a déclaré Paul Martin.\n".as_bytes(),
    );
    let path = article.to_str().unwrap();
    let stderr = env.fails(&["extract", path, "--save", "--lang", "fr"], 3);
    assert!(stderr.contains("is a NUL character"), "{stderr}");
    assert_eq!(env.dump(), before);
}
}

both! {
fn credentials_in_imported_urls_are_dropped_with_a_warning(env) {
    let jsonl = env.write(
        "creds.jsonl",
        r#"{"text":"Le pont a été détruit","speaker":"Ministère","links":[{"url":"https://alice:s3cret@example.org/a","role":"source"}]}
"#
        .as_bytes(),
    );
    let out = env
        .cmd(&["import", jsonl.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("user name and password in a URL were dropped")
            && stderr.contains("https://example.org/a"),
        "{stderr}"
    );
    let export = env.ok(&["export"]);
    assert!(
        !export.contains("s3cret") && !export.contains("alice"),
        "{export}"
    );
}
}
