//! `claimlog copy`: a whole database moves between engines and back unchanged —
//! claims, history, aliases, merges, retractions and link-check history — into an
//! empty target only, all or nothing.

mod common;
mod links_support;

use common::Env;
use links_support::Server;

/// A database with a bit of everything a desk records, link checks included.
fn everything(env: &Env, server: &Server) {
    env.ok(&["demo"]);
    let a = env.add(&[
        "Le pont sera rouvert en mai",
        "--by",
        "Préfecture",
        "--url",
        &server.url("/ok"),
        "--appeared-in",
        &server.url("/404"),
    ]);
    let b = env.add(&["Le pont sera rouvert en mai !", "--by", "Prefecture"]);
    env.ok(&["merge", &b.to_string(), &a.to_string(), "--note", "same"]);
    env.ok(&[
        "--as",
        "lea",
        "verify",
        &a.to_string(),
        "--status",
        "verified",
    ]);
    env.ok(&["retract", "event", "1", "--reason", "wrong claim"]);
    env.ok(&["edit", &a.to_string(), "--text", "Le pont rouvrira en mai"]);
    env.ok(&["sources", "alias", "Préfecture", "la préfecture de police"]);
    for _ in 0..2 {
        env.ok(&[
            "links",
            "check",
            "--all",
            "--allow-private",
            "--timeout",
            "2s",
            "--retries",
            "0",
            "--host-rate",
            "0",
            "-q",
        ]);
    }
}

/// Every link's check history, as `links history` prints it in JSON.
fn histories(env: &Env) -> Vec<serde_json::Value> {
    let links = env.json(&["links", "list"]);
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| env.json(&["links", "history", l["url"].as_str().unwrap()]))
        .collect()
}

#[test]
fn sqlite_to_postgres_and_back_keeps_every_record_and_link_history() {
    let Some(server_side) = Env::postgres() else {
        return;
    };
    let server = Server::start();
    let original = Env::new();
    everything(&original, &server);
    let export = original.ok(&["export"]);
    let checks = histories(&original);
    assert!(
        checks
            .iter()
            .any(|h| h.as_array().is_some_and(|a| a.len() == 2))
    );

    let to_pg = original.ok(&[
        "copy",
        "--from",
        original.db.to_str().unwrap(),
        "--to",
        server_side.db.to_str().unwrap(),
    ]);
    assert!(to_pg.starts_with("copied 42 claims"), "{to_pg}");
    assert_eq!(server_side.ok(&["export"]), export);
    assert_eq!(histories(&server_side), checks);

    let back = Env::new();
    back.ok(&[
        "copy",
        "--from",
        server_side.db.to_str().unwrap(),
        "--to",
        back.db.to_str().unwrap(),
    ]);
    assert_eq!(back.ok(&["export"]), export);
    assert_eq!(histories(&back), checks);
    // The same listings, searches and aliases on all three.
    for args in [
        &["list", "--unverified"][..],
        &["list", "--search", "prefecture"],
        &["list", "--by", "la prefecture de police"],
        &["sources", "list"],
        &["show", "41"],
    ] {
        let want = original.ok(args);
        assert_eq!(server_side.ok(args), want, "{args:?}");
        assert_eq!(back.ok(args), want, "{args:?}");
    }
    // The load set indexes, keys and triggers aside: all are back, as a new database has them.
    let fresh = Env::postgres().expect("the same server");
    fresh.ok(&["init"]);
    assert_eq!(
        common::pg_schema(server_side.db.to_str().unwrap()),
        common::pg_schema(fresh.db.to_str().unwrap())
    );
    // New records continue the ids.
    assert_eq!(server_side.add(&["suite", "--by", "A"]), 43);
}

both! {
fn a_target_that_holds_records_is_refused_and_left_as_it_was(env) {
    env.add(&["déjà là", "--by", "A"]);
    let source = Env::new();
    source.add(&["à copier", "--by", "B"]);
    let before = env.dump();
    let err = env.fails(
        &[
            "copy",
            "--from",
            source.db.to_str().unwrap(),
            "--to",
            env.db.to_str().unwrap(),
        ],
        3,
    );
    assert!(err.contains("already holds records"), "{err}");
    assert_eq!(env.dump(), before);
    // A missing source is not created.
    let missing = env.dir.path().join("missing.db");
    let err = env.fails(
        &[
            "copy",
            "--from",
            missing.to_str().unwrap(),
            "--to",
            env.db.to_str().unwrap(),
        ],
        1,
    );
    assert!(err.contains("no claimlog database"), "{err}");
    assert!(!missing.exists());
}
}

both! {
fn similar_claims_are_found_the_same_after_a_copy(env) {
    env.add(&["Les frappes ont fait 29 morts à Stepanakert", "--by", "Autorités"]);
    env.add(&["Le pont sera rouvert en mai", "--by", "Préfecture"]);
    let want = env.ok(&["similar", "--text", "29 morts dans les frappes sur Stepanakert"]);
    assert!(want.contains("#1"), "{want}");
    let copy = env.another();
    copy.ok(&[
        "copy",
        "--from",
        env.db.to_str().unwrap(),
        "--to",
        copy.db.to_str().unwrap(),
    ]);
    assert_eq!(
        copy.ok(&["similar", "--text", "29 morts dans les frappes sur Stepanakert"]),
        want
    );
}
}
