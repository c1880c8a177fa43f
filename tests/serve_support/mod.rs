//! Test support for `claimlog serve`: a database loaded with the bundled sample (claims
//! from real French articles, see data/), hostile claim texts, a link made dead by a
//! real 404 server on loopback, and the real binary serving on 127.0.0.1 with an
//! ephemeral port (killed when the test ends).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};

use assert_cmd::Command;

pub const XSS_SCRIPT: &str = "<script>alert(1)</script>";
pub const XSS_IMG: &str = "\"><img src=x onerror=alert(1)>";

/// `claimlog --db DB` with a pinned user.
pub fn claimlog(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("claimlog").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env("CLAIMLOG_USER", "tester")
        .env_remove("CLAIMLOG_DB");
    cmd
}

/// A 404 for every path, on 127.0.0.1, for as long as the test runs.
pub fn dead_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found",
            );
        }
    });
    addr
}

/// The sample database (data/sample.jsonl), two hostile claims, a claim citing a
/// dead loopback link, a claim assigned and in progress, and one assigned to bob.
/// The link check runs before the sample's real-world URLs are loaded, so that it
/// only ever fetches the loopback server.
pub fn sample_db(dir: &Path) -> PathBuf {
    let db = dir.join("serve.db");
    fill_sample(&db);
    db
}

/// Fills `db` (an SQLite file or a PostgreSQL URL) as [`sample_db`] does.
pub fn fill_sample(db: &Path) {
    let db = db.to_path_buf();
    let dead = dead_server();
    claimlog(&db)
        .args([
            "add",
            "Le lien cité a disparu",
            "--by",
            "Test Source",
            "--outlet",
            "Le Monde",
        ])
        .args(["--date", "2016-04-03", "--lang", "fr"])
        .arg("--url")
        .arg(format!("http://{dead}/gone"))
        .assert()
        .success();
    // A pinned clock: the check's time and "now" are then one instant, so one failing
    // check confirms the link dead at once with --confirm-after 0s.
    let check = claimlog(&db)
        .env("CLAIMLOG_NOW", "2016-04-04T10:00:00Z")
        .args(["links", "check", "--allow-private", "--confirm-after", "0s"])
        .args(["--retries", "0", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(4), "{check:?}");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample.jsonl");
    claimlog(&db).arg("import").arg(sample).assert().success();
    claimlog(&db)
        .args([
            "add",
            XSS_SCRIPT,
            "--by",
            "Hostile Speaker",
            "--outlet",
            "Evil Outlet",
        ])
        .args(["--date", "2016-04-01", "--tag", "xss"])
        .assert()
        .success();
    claimlog(&db)
        .args([
            "add",
            XSS_IMG,
            "--by",
            "Hostile Speaker",
            "--outlet",
            "Evil Outlet",
        ])
        .args(["--date", "2016-04-02", "--tag", "xss"])
        .assert()
        .success();
    claimlog(&db)
        .args(["assign", "2", "--to", "alice"])
        .assert()
        .success();
    claimlog(&db)
        .args(["workflow", "2", "in_progress"])
        .assert()
        .success();
    claimlog(&db)
        .args(["assign", "3", "--to", "bob"])
        .assert()
        .success();
}

/// `claimlog serve` running on 127.0.0.1 at an ephemeral port.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The first line `serve` printed (the one-time URL when there are no users).
    pub printed: String,
}

impl Server {
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(db, extra, &[])
    }

    /// [`Server::start`] with these environment variables set.
    pub fn start_with_env(db: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let bin = assert_cmd::cargo::cargo_bin("claimlog");
        let mut child = StdCommand::new(bin)
            .arg("--db")
            .arg(db)
            .args(["-q", "--as", "local-user", "serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .envs(env.iter().copied())
            .env_remove("CLAIMLOG_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let printed = line.trim().to_string();
        let rest = printed
            .strip_prefix("http://")
            .expect("serve prints its URL");
        let host = rest.split('/').next().unwrap();
        Server {
            child,
            base: format!("http://{host}"),
            printed,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that neither follows redirects nor keeps cookies on its own.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The `name=value` of a response's Set-Cookie for `name`.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// The value of the first hidden `csrf` input of a page.
pub fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// Signs in with the login form; returns the session cookie (`name=value`).
pub async fn sign_in(server: &Server, name: &str, password: &str) -> String {
    let c = client();
    let form = c.get(server.url("/login")).send().await.unwrap();
    let login_cookie = set_cookie(&form, "claimlog_login").unwrap();
    let csrf = csrf_in(&form.text().await.unwrap());
    let done = c
        .post(server.url("/login"))
        .header("cookie", login_cookie)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", name),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303, "sign-in as {name}");
    set_cookie(&done, "claimlog_session").unwrap()
}

/// Adds a user with a password.
pub fn add_user(db: &Path, name: &str, role: &str, password: &str) {
    claimlog(db)
        .args(["users", "add", name, "--role", role, "--password-stdin"])
        .write_stdin(format!("{password}\n"))
        .assert()
        .success();
}

/// A new API token for a user.
pub fn token(db: &Path, name: &str) -> String {
    let out = claimlog(db)
        .args(["-q", "users", "token", name])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone())
        .unwrap()
        .trim()
        .to_string()
}
