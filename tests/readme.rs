//! The README's promise: every command in it runs as written, in order. This test reads
//! README.md, takes every ```sh block (whatever section it is in, so that sections can
//! be added, moved and rewritten freely), and runs the commands one by one in a single
//! bash session, in a temp directory standing for the repository checkout (`data/` and
//! `tests/` are linked in, so the examples may use the repository's files), with `HOME`
//! in the temp directory and `claimlog` on the `PATH`. The first failing command is
//! named with its exit code and output; so is a `--search` example that finds nothing.
//!
//! `cargo run -- ARGS` is run as `claimlog ARGS`; `cargo test` and `cargo build` are
//! skipped (this is `cargo test`). A block that cannot run offline is written ```text.

use std::path::Path;
use std::process::Command;

/// One command as a person would type it, continuation lines joined.
#[derive(Debug)]
struct ReadmeCommand {
    /// Line of README.md where it starts.
    line: usize,
    text: String,
}

/// Every command of every ```sh, ```bash or ```shell block, in order.
fn commands(readme: &str) -> Vec<ReadmeCommand> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut pending: Option<ReadmeCommand> = None;
    for (i, raw) in readme.lines().enumerate() {
        let trimmed = raw.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_block {
                in_block = false;
                out.extend(pending.take());
            } else {
                in_block = matches!(info.trim(), "sh" | "bash" | "shell");
            }
            continue;
        }
        if !in_block {
            continue;
        }
        let continued = trimmed.ends_with('\\');
        let part = trimmed.trim_end_matches('\\').trim_end();
        match pending.as_mut() {
            Some(cmd) => {
                cmd.text.push(' ');
                cmd.text.push_str(part);
            }
            None if part.is_empty() || part.starts_with('#') => continue,
            None => {
                pending = Some(ReadmeCommand {
                    line: i + 1,
                    text: part.to_string(),
                })
            }
        }
        if !continued {
            out.extend(pending.take());
        }
    }
    out
}

/// The command as this test runs it, or `None` to skip it.
fn as_run(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("cargo run -- ") {
        return Some(format!("claimlog {rest}"));
    }
    if text.starts_with("cargo ") {
        return None;
    }
    Some(text.to_string())
}

/// Single-quoted for bash.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[test]
fn every_command_in_the_readme_runs_as_written_in_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let commands = commands(&readme);
    assert!(commands.len() > 20, "too few commands found: {commands:?}");

    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("checkout");
    std::fs::create_dir(&work).unwrap();
    for linked in ["data", "tests"] {
        std::os::unix::fs::symlink(root.join(linked), work.join(linked)).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("claimlog");
    let bin_dir = bin.parent().unwrap();

    // Each command runs with its output kept; the first failure stops the script and
    // says which README line it was.
    let mut script = String::from("set -u\n");
    for cmd in &commands {
        let Some(run) = as_run(&cmd.text) else {
            continue;
        };
        // A search example that finds nothing shows nothing: that is a failure too.
        let must_print = if cmd.text.contains("--search") {
            "if [ $rc -eq 0 ] && [ ! -s \"$LOG\" ]; then rc=nothing-found; fi\n"
        } else {
            ""
        };
        script.push_str(&format!(
            "{{ {run}\n}} >\"$LOG\" 2>\"$LOG.err\" </dev/null; rc=$?\n{must_print}\
             if [ \"$rc\" != 0 ]; then echo \"README.md line {line}: exit $rc: \"{text}; \
             cat \"$LOG\" \"$LOG.err\"; exit 1; fi\n",
            line = cmd.line,
            text = quoted(&cmd.text),
        ));
    }
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&work)
        .env("HOME", dir.path())
        // `demo` without --db writes into the temp directory: this test's own.
        .env("TMPDIR", dir.path())
        .env("PATH", path)
        .env("LOG", dir.path().join("last-command.log"))
        .env("COLUMNS", "100")
        .env("CLAIMLOG_USER", "readme")
        .env_remove("CLAIMLOG_DB")
        .env_remove("CLAIMLOG_NOW")
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn readme_commands_are_read_with_continuations_and_without_comments() {
    let readme = "text\n```sh\n# a comment\nclaimlog add \"x\" \\\n    --by A  # note\n\ncargo test\n```\n```text\nnot run\n```\n";
    let found = commands(readme);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].text, "claimlog add \"x\" --by A  # note");
    assert_eq!(found[0].line, 4);
    assert_eq!(as_run(&found[1].text), None);
    assert_eq!(
        as_run("cargo run -- demo").as_deref(),
        Some("claimlog demo")
    );
}
