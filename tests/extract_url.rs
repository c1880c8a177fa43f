//! `claimlog extract URL` and `extract --save` through the real binary: real saved
//! pages served on 127.0.0.1 (`tests/data/extract/pages`), the address guard, the
//! page's metadata as defaults, the confidence threshold and the size limit.

mod common;

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use claimlog::extract::DEFAULT_MIN_CONFIDENCE;
use common::Env;

/// A server on 127.0.0.1 serving the saved pages, with a redirect to one of them.
struct Pages {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

fn page(name: &'static str) -> impl IntoResponse {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/extract/pages")
        .join(name);
    let body = std::fs::read(path).expect("saved page");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body)
}

impl Pages {
    fn start() -> Pages {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(("127.0.0.1", 0)))
            .expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let app = Router::new()
            .route("/liberation", get(|| async { page("liberation-1.html") }))
            .route("/lemonde-cgt", get(|| async { page("lemonde-cgt.html") }))
            .route(
                "/guardian",
                get(|| async { page("guardian-valencia.html") }),
            )
            .route(
                "/moved",
                get(|| async {
                    (
                        StatusCode::MOVED_PERMANENTLY,
                        [(header::LOCATION, "/liberation")],
                    )
                }),
            )
            .route("/gone", get(|| async { StatusCode::GONE }));
        runtime.spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Pages {
            addr,
            runtime: Some(runtime),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn claims(env: &Env) -> Vec<serde_json::Value> {
    env.json(&["list"]).as_array().expect("a list").clone()
}

#[test]
fn extract_url_refuses_a_loopback_address_without_allow_private() {
    let pages = Pages::start();
    let env = Env::new();
    let err = env.fails(&["extract", &pages.url("/liberation")], 3);
    assert!(
        err.contains("127.0.0.1") && err.contains("--allow-private"),
        "{err}"
    );
    assert!(!env.db.exists());
}

#[test]
fn extract_url_reads_the_main_text_and_uses_the_page_metadata_as_defaults() {
    let pages = Pages::start();
    let env = Env::new();
    let url = pages.url("/liberation");
    env.ok(&["extract", &url, "--allow-private", "--save"]);
    let claims = claims(&env);
    let fabius = claims
        .iter()
        .find(|c| c["speaker"] == "Laurent Fabius")
        .expect("Fabius's quotation, from the article's main text");
    assert_eq!(
        fabius["text"],
        "Pour certains d’entre eux on est très interrogatif"
    );
    // og:site_name, article:published_time, lang="fr", and the URL fetched.
    assert_eq!(fabius["outlet"], "Libération.fr");
    assert_eq!(fabius["claimed_on"], "2015-04-30");
    assert_eq!(fabius["lang"], "fr");
    assert_eq!(fabius["links"][0]["url"], url);
    assert_eq!(fabius["links"][0]["role"], "appearance");
    // Nothing from the page's navigation or sidebars is read as a claim.
    for c in &claims {
        assert_ne!(c["speaker"], "Partager", "{c}");
    }
}

#[test]
fn extract_url_flags_override_the_page_metadata() {
    let pages = Pages::start();
    let env = Env::new();
    let url = pages.url("/liberation");
    env.ok(&[
        "extract",
        &url,
        "--allow-private",
        "--save",
        "--outlet",
        "AFP",
        "--date",
        "2015-04-29",
        "--url",
        "https://www.liberation.fr/monde/2015/04/30/seisme",
    ]);
    let fabius = claims(&env)
        .into_iter()
        .find(|c| c["speaker"] == "Laurent Fabius")
        .expect("Fabius");
    assert_eq!(fabius["outlet"], "AFP");
    assert_eq!(fabius["claimed_on"], "2015-04-29");
    assert_eq!(
        fabius["links"][0]["url"],
        "https://www.liberation.fr/monde/2015/04/30/seisme"
    );
}

#[test]
fn extract_url_reads_json_ld_and_open_graph_of_current_pages() {
    let pages = Pages::start();
    let env = Env::new();
    let out: serde_json::Value = serde_json::from_str(&env.ok(&[
        "extract",
        &pages.url("/lemonde-cgt"),
        "--allow-private",
        "--format",
        "json",
    ]))
    .expect("json");
    let items = out.as_array().expect("candidates");
    assert!(
        items
            .iter()
            .any(|c| c["speaker"].as_str().is_some_and(|s| s.contains("Binet"))),
        "{out}"
    );
    env.ok(&[
        "extract",
        &pages.url("/guardian"),
        "--allow-private",
        "--save",
        "--min-confidence",
        "0",
    ]);
    let saved = claims(&env);
    let bernabe = saved
        .iter()
        .find(|c| c["speaker"].as_str().is_some_and(|s| s.contains("Bernabé")))
        .expect("Pilar Bernabé's statement");
    assert_eq!(bernabe["outlet"], "the Guardian");
    assert_eq!(bernabe["claimed_on"], "2024-02-24");
    assert_eq!(bernabe["lang"], "en");
}

#[test]
fn extract_url_follows_redirects_and_reports_http_errors() {
    let pages = Pages::start();
    let env = Env::new();
    let out = env.ok(&[
        "extract",
        &pages.url("/moved"),
        "--allow-private",
        "--format",
        "json",
    ]);
    assert!(out.contains("Laurent Fabius"), "{out}");
    let err = env.fails(&["extract", &pages.url("/gone"), "--allow-private"], 1);
    assert!(err.contains("HTTP 410"), "{err}");
}

#[test]
fn extract_save_keeps_confident_candidates_and_lists_the_rest_to_review() {
    let env = Env::new();
    let article = "tests/data/extract/real/articles/fr_figaro_0430.txt";
    let all: serde_json::Value =
        serde_json::from_str(&env.ok(&["extract", article, "--format", "json"])).expect("json");
    let all = all.as_array().expect("candidates");
    let sure = all
        .iter()
        .filter(|c| {
            c["kind"] == "claim" && c["confidence"].as_f64().unwrap() >= DEFAULT_MIN_CONFIDENCE
        })
        .count();
    let unsure = all
        .iter()
        .filter(|c| c["confidence"].as_f64().unwrap() < DEFAULT_MIN_CONFIDENCE)
        .count();
    assert!(sure > 0 && unsure > 0, "{sure} sure, {unsure} unsure");
    let out = env
        .cmd(&["extract", article, "--save"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(
        stderr.matches("not saved: to review").count(),
        unsure,
        "{stderr}"
    );
    assert_eq!(claims(&env).len(), sure);
    // A lower threshold saves more, from the same article.
    env.ok(&["extract", article, "--save", "--min-confidence", "0"]);
    assert!(claims(&env).len() > sure);
}

#[test]
fn extract_min_confidence_outside_zero_to_one_is_a_usage_error() {
    let env = Env::new();
    let err = env.fails(
        &[
            "extract",
            "tests/data/extract/articles/fr_retraites.txt",
            "--save",
            "--min-confidence",
            "1.5",
        ],
        2,
    );
    assert!(err.contains("from 0 to 1"), "{err}");
    assert!(!env.db.exists());
}

#[test]
fn extract_refuses_an_article_over_the_size_limit_and_leaves_the_database_untouched() {
    let env = Env::new();
    env.ok(&["add", "La trêve tient", "--by", "Le ministre"]);
    let before = env.dump();
    let big = env.dir.path().join("big.txt");
    let paragraph = "Le ministre a déclaré que la réforme passerait sans difficulté.\n";
    let copies = (17 << 20) / paragraph.len() + 1;
    std::fs::write(&big, paragraph.repeat(copies)).expect("write");
    let err = env.fails(&["extract", big.to_str().unwrap(), "--save"], 3);
    assert!(err.contains("16 MiB") && err.contains("split it"), "{err}");
    assert_eq!(env.dump(), before);
}
