//! `claimlog serve` in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`) driven through WebDriver by fantoccini. An editor signs in,
//! filters the queue by outlet, searches without accents, opens a claim, records a
//! verification, sees it in the history with their name, and retracts it; hostile claim
//! texts show as text and run nothing. Screenshots of the queue, a claim and the
//! dashboard go to target/screenshots/.
//!
//! Without chromium and chromedriver the test is skipped with a message, unless
//! CLAIMLOG_CI_TOOLS is set (CI), where it fails. Everything stays on 127.0.0.1.

mod serve_support;

use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serve_support::*;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The tools, or `None` (and a message) when the test must be skipped.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let find = |fixed: &str, name: &str| -> Option<PathBuf> {
        if Path::new(fixed).exists() {
            return Some(PathBuf::from(fixed));
        }
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.exists())
        })
    };
    match (
        find(CHROMIUM, "chromium"),
        find(CHROMEDRIVER, "chromedriver"),
    ) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            assert!(
                std::env::var_os("CLAIMLOG_CI_TOOLS").is_none(),
                "chromium and chromedriver are needed (apt-get install chromium chromium-driver)"
            );
            eprintln!(
                "skipped: chromium and chromedriver not found (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// chromedriver on a loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start(driver: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // A process group of its own, so that the browsers it starts go with it even
        // when a failed test never closes its session.
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--lang=en-GB",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session")
}

fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Clicks what leads to another page, and waits (up to 10 s) until that page has
/// replaced this one: the old page's root element goes stale. Reading right after a
/// click could otherwise read the page being left, or an element of it going stale.
async fn click_to_next_page(
    c: &Client,
    target: fantoccini::elements::Element,
) -> Result<(), fantoccini::error::CmdError> {
    let old = c.find(Locator::Css("html")).await?;
    target.click().await?;
    for _ in 0..100 {
        if old.tag_name().await.is_err() {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page did not change after a click");
}

/// The texts of the elements `css` selects, read again if the page changed under them
/// (an element of the page being left goes stale).
async fn texts(c: &Client, css: &str) -> Vec<String> {
    for _ in 0..20 {
        let mut out = Vec::new();
        let mut stale = false;
        for e in c.find_all(Locator::Css(css)).await.unwrap() {
            match e.text().await {
                Ok(t) => out.push(t),
                Err(_) => {
                    stale = true;
                    break;
                }
            }
        }
        if !stale {
            return out;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page kept changing under {css}");
}

/// The texts of `css` once the last one holds `needle` (a form's answer has replaced
/// the page it was sent from, at the same URL), or as they are after 10 s.
async fn texts_once(c: &Client, css: &str, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for _ in 0..100 {
        found = texts(c, css).await;
        if found.last().is_some_and(|t| t.contains(needle)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    found
}

/// Waits (up to 10 s) until the page's URL holds `part` in its query: a form's page
/// has replaced the one it was sent from.
async fn wait_for_query(c: &Client, part: &str) {
    for _ in 0..100 {
        let query = c
            .current_url()
            .await
            .unwrap()
            .query()
            .unwrap_or_default()
            .to_string();
        if query.contains(part) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page never reached a URL with {part}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_editor_filters_searches_verifies_and_retracts_in_a_real_browser() {
    let Some((chromium, chromedriver)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    add_user(&db, "alice", "editor", "pw-alice");
    let server = Server::start(&db, &[]);
    let driver = Driver::start(&chromedriver);
    let c = browser(&driver, &chromium, &dir.path().join("profile")).await;
    let shots = screenshot_dir();
    let result = async {
        // Sign in.
        c.goto(&server.url("/")).await?;
        c.find(Locator::Css("input[name=name]"))
            .await?
            .send_keys("alice")
            .await?;
        c.find(Locator::Css("input[name=password]"))
            .await?
            .send_keys("pw-alice")
            .await?;
        click_to_next_page(&c, c.find(Locator::Css("form.login button")).await?).await?;
        let heading = c
            .wait()
            .for_element(Locator::Css("h1"))
            .await?
            .text()
            .await?;
        assert!(heading.starts_with("Queue"), "{heading}");
        assert!(c.source().await?.contains("alice (editor)"));
        std::fs::write(shots.join("queue.png"), c.screenshot().await?).unwrap();

        // Filter by outlet with its facet.
        click_to_next_page(
            &c,
            c.find(Locator::XPath("//aside//a[normalize-space()='Atlantico']"))
                .await?,
        )
        .await?;
        assert!(
            c.current_url()
                .await?
                .query()
                .unwrap_or_default()
                .contains("outlet=Atlantico")
        );
        let outlets = texts(&c, "table.queue tbody td:nth-child(4)").await;
        assert!(!outlets.is_empty());
        assert!(outlets.iter().all(|o| o == "Atlantico"), "{outlets:?}");

        // Search without accents finds the accented text.
        c.goto(&server.url("/")).await?;
        let search = c.find(Locator::Css("input[name=search]")).await?;
        search.send_keys("azerbaidjan").await?;
        click_to_next_page(&c, c.find(Locator::Css("form.filters button")).await?).await?;
        wait_for_query(&c, "search=azerbaidjan").await;
        let found = texts(&c, "table.queue tbody td.text").await;
        assert!(!found.is_empty());
        assert!(
            found
                .iter()
                .all(|t| t.to_lowercase().contains("azerbaïdjan")),
            "{found:?}"
        );

        // Open the first claim, record a verification.
        click_to_next_page(
            &c,
            c.find(Locator::Css("table.queue tbody td.text a")).await?,
        )
        .await?;
        let title = c
            .wait()
            .for_element(Locator::Css("h1"))
            .await?
            .text()
            .await?;
        assert!(title.starts_with("Claim #"), "{title}");
        let form = c.find(Locator::Css("form.verify")).await?;
        form.find(Locator::Css("select[name=status]"))
            .await?
            .select_by_value("verified")
            .await?;
        form.find(Locator::Css("select[name=verdict]"))
            .await?
            .select_by_value("mostly_true")
            .await?;
        form.find(Locator::Css("textarea[name=note]"))
            .await?
            .send_keys("checked in the browser")
            .await?;
        click_to_next_page(&c, form.find(Locator::Css("button")).await?).await?;
        let history = texts_once(&c, "ul.history li", "checked in the browser").await;
        let last = history.last().cloned().unwrap_or_default();
        assert!(last.contains("checked in the browser"), "{history:?}");
        assert!(last.contains("recorded by alice"), "{last}");
        assert!(c.find(Locator::Css("h1 .badge.verified")).await.is_ok());
        std::fs::write(shots.join("claim.png"), c.screenshot().await?).unwrap();

        // Retract it: the claim goes back to its previous state, the event stays.
        let retract = c.find_all(Locator::Css("form.retract")).await?;
        let retract = retract.last().expect("a retract form");
        retract
            .find(Locator::Css("input[name=reason]"))
            .await?
            .send_keys("recorded on the wrong claim")
            .await?;
        click_to_next_page(&c, retract.find(Locator::Css("button")).await?).await?;
        let history = texts_once(&c, "ul.history li", "retracted").await;
        let last = history.last().cloned().unwrap_or_default();
        assert!(last.contains("retracted"), "{last}");
        assert!(last.contains("recorded on the wrong claim"), "{last}");
        assert!(c.find(Locator::Css("h1 .badge.verified")).await.is_err());

        // The dashboard.
        c.goto(&server.url("/dashboard")).await?;
        assert!(c.find_all(Locator::Css("figure svg")).await?.len() >= 2);
        std::fs::write(shots.join("dashboard.png"), c.screenshot().await?).unwrap();

        // Hostile texts are text: nothing runs, no element is injected.
        c.goto(&server.url("/?tag=xss")).await?;
        let shown = texts(&c, "table.queue tbody td.text").await;
        assert!(shown.iter().any(|t| t.contains(XSS_SCRIPT)), "{shown:?}");
        assert!(shown.iter().any(|t| t.contains(XSS_IMG)), "{shown:?}");
        assert!(
            c.find_all(Locator::Css("main img, main script"))
                .await?
                .is_empty()
        );
        assert!(c.get_alert_text().await.is_err(), "no alert is open");
        let claim = c
            .find(Locator::XPath(
                "//td[contains(@class,'text')]/a[contains(., 'onerror')]",
            ))
            .await?;
        click_to_next_page(&c, claim).await?;
        let quote = c
            .wait()
            .for_element(Locator::Css("blockquote.claim"))
            .await?
            .text()
            .await?;
        assert_eq!(quote, XSS_IMG);
        assert!(
            c.find_all(Locator::Css("main img, main script"))
                .await?
                .is_empty()
        );
        assert!(c.get_alert_text().await.is_err(), "no alert is open");
        Ok::<(), fantoccini::error::CmdError>(())
    }
    .await;
    let _ = c.close().await;
    result.unwrap();
    // What the browser did is in the record, with its actor.
    let out = claimlog(&db)
        .args(["list", "--format", "json", "--include-withdrawn"])
        .assert()
        .success();
    let all: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let retracted: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["history"].as_array().unwrap().iter())
        .filter(|e| e["note"] == "checked in the browser")
        .collect();
    assert_eq!(retracted.len(), 1);
    assert_eq!(retracted[0]["actor"], "alice");
    assert_eq!(retracted[0]["retracted"]["actor"], "alice");
}
