//! `claimlog extract --review` through a pseudo-terminal: a person accepts, edits,
//! skips and quits, and only what was accepted is saved. (rexpect reads the terminal
//! as Latin-1, so the expected strings are ASCII.)

mod common;

use common::{Env, NOW};
use rexpect::session::spawn_command;

const ARTICLE: &str = "tests/data/extract/real/articles/fr_liberation_nepal.txt";
const PROMPT: &str = "accept (a), edit (e), skip (s), quit (q)? ";

fn review(env: &Env) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimlog"));
    cmd.env("CLAIMLOG_NOW", NOW)
        .env("COLUMNS", "160")
        .args(["--db", env.db.to_str().expect("utf-8 path")])
        .args(["extract", ARTICLE, "--review", "--outlet", "Libération"]);
    spawn_command(cmd, Some(30_000)).expect("spawn claimlog in a pseudo-terminal")
}

#[test]
fn review_accepts_edits_skips_and_quits_and_saves_only_what_was_accepted() {
    let env = Env::new();
    let mut p = review(&env);
    // 1: accepted as it is.
    p.exp_string("[1/").expect("first claim");
    p.exp_string("le ministre des Affaires")
        .expect("its speaker");
    p.exp_string(PROMPT).expect("the question");
    p.send_line("a").expect("accept");
    // 2: edited (speaker and relays), then accepted.
    p.exp_string("[2/").expect("second claim");
    p.exp_string(PROMPT).expect("the question");
    p.send_line("e").expect("edit");
    p.exp_string("speaker [Laurent Fabius]: ")
        .expect("speaker prompt");
    p.send_line("Laurent Fabius, chef de la diplomatie")
        .expect("speaker");
    p.exp_string("text [keep]: ").expect("text prompt");
    p.send_line("").expect("keep the text");
    p.exp_string("relays, comma-separated")
        .expect("relays prompt");
    p.send_line("AFP").expect("relays");
    p.exp_string("Laurent Fabius, chef de la diplomatie")
        .expect("shown again");
    p.exp_string(PROMPT).expect("asked again");
    p.send_line("a").expect("accept");
    // 3: skipped; 4: quit.
    p.exp_string("[3/").expect("third claim");
    p.exp_string(PROMPT).expect("the question");
    p.send_line("s").expect("skip");
    p.exp_string("[4/").expect("fourth claim");
    p.exp_string(PROMPT).expect("the question");
    p.send_line("q").expect("quit");
    p.exp_string("2 accepted, 1 skipped").expect("the summary");
    p.exp_eof().expect("the command ends");

    let claims = env.json(&["list"]);
    let claims = claims.as_array().expect("a list");
    assert_eq!(claims.len(), 2, "{claims:#?}");
    let fabius = claims
        .iter()
        .find(|c| c["speaker"] == "Laurent Fabius, chef de la diplomatie")
        .expect("the edited claim");
    assert_eq!(fabius["relays"], serde_json::json!(["AFP"]));
    assert_eq!(fabius["outlet"], "Libération");
    assert_eq!(
        fabius["text"],
        "Pour certains d’entre eux on est très interrogatif"
    );
}

#[test]
fn review_refuses_an_article_on_standard_input() {
    let env = Env::new();
    let err = env.fails(&["extract", "-", "--review"], 3);
    assert!(err.contains("terminal"), "{err}");
    assert!(!env.db.exists());
}
