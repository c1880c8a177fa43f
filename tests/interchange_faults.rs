//! Faults of import and export (issue #8): merged CSV records, exports that destroy
//! the old file, spreadsheet formulas, size limits, exit codes, progress, `.json`.

mod common;

both! {
fn an_unterminated_csv_quote_never_merges_records_silently(env) {
    env.ok(&["add", "Seed", "--by", "Someone"]);
    let before = env.dump();
    // printf 'text,speaker\n"A,x\n"B",y\n' > b.csv
    let file = env.write("b.csv", b"text,speaker\n\"A,x\n\"B\",y\n");
    let err = env.fails(&["import", file.to_str().unwrap()], 3);
    assert!(
        err.contains("line 2: a quoted cell is not closed") && err.contains("line 3"),
        "{err}"
    );
    assert!(err.contains("--lenient"), "{err}");
    assert_eq!(env.dump(), before);

    // Asked for, the cell is read whole, with a warning naming the line.
    let out = env
        .cmd(&["import", file.to_str().unwrap(), "--lenient"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: line 2: a quoted cell runs on to line 3"),
        "{stderr}"
    );
    let claims = env.json(&["list", "--by", "y"]);
    assert_eq!(claims[0]["text"], "A,x\n\"B");

    // A stray quote within one line is still read as a literal quote.
    let quoted = env.write(
        "q.csv",
        "text,speaker\n\"Il a dit \"non\" hier\",Z\n".as_bytes(),
    );
    env.ok(&["import", quoted.to_str().unwrap()]);
    assert_eq!(
        env.json(&["list", "--by", "Z"])[0]["text"],
        "Il a dit \"non\" hier"
    );
}
}

both! {
fn a_failed_export_leaves_the_old_file_as_it_was(env) {
    env.ok(&["add", "Unemployment fell", "--by", "Minister"]);
    env.ok(&["verify", "1", "--status", "verified", "--verdict", "false"]);
    let old = env.write("reviews.json", b"the previous export\n");
    let err = env.fails(
        &[
            "export",
            "--format",
            "claimreview",
            "--review-url-base",
            "not a url",
            "-o",
            old.to_str().unwrap(),
        ],
        3,
    );
    assert!(
        err.contains("--review-url-base \"not a url\": not an absolute http(s) URL"),
        "{err}"
    );
    assert_eq!(std::fs::read(&old).unwrap(), b"the previous export\n");
    // A complete export replaces it, and leaves no temporary file behind.
    env.ok(&["export", "-o", old.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&old)
            .unwrap()
            .contains("Unemployment fell")
    );
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".claimlog-export"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // The export is a file like any other, readable as the old one was.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let fresh = env.dir.path().join("fresh.jsonl");
        env.ok(&["export", "-o", fresh.to_str().unwrap()]);
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o044, 0o044, "{mode:o}");
    }
}
}

both! {
fn csv_export_neutralises_formulas_and_reads_back_exactly(env) {
    for (text, by) in [
        ("=HYPERLINK(\"http://evil.example\",\"click\")", "@handle"),
        ("+33 6 12 34 56 78 is the number", "-dash"),
        ("'=already quoted", "Plain"),
        ("\tTabbed", "''Quoted"),
    ] {
        let by = format!("--by={by}");
        env.ok(&["add", text, &by, "--tag=-minus"]);
    }
    let csv = env.ok(&["export", "--format", "csv"]);
    for cell in [
        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
        "'@handle",
        "'+33 6",
        "'-dash",
        "''=already quoted",
        "'-minus",
        "'''Quoted",
    ] {
        assert!(csv.contains(cell), "{cell} not in {csv}");
    }
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{line}"
            );
        }
    }
    let path = env.write("out.csv", csv.as_bytes());
    let other = env.another();
    other.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(other.ok(&["export", "--format", "csv"]), csv);
    assert_eq!(other.ok(&["export"]), env.ok(&["export"]));
}
}

both! {
fn one_size_limit_holds_in_every_format_and_messages_stay_short(env) {
    env.ok(&["add", "Seed", "--by", "Someone"]);
    let before = env.dump();
    let long = "x".repeat((1 << 20) + 1);
    let jsonl = env.write(
        "big.jsonl",
        format!("{{\"text\": \"{long}\", \"speaker\": \"A\"}}\n").as_bytes(),
    );
    let csv = env.write("big.csv", format!("text,speaker\n{long},A\n").as_bytes());
    let review = env.write(
        "big.json",
        format!(
            "{{\"@type\": \"ClaimReview\", \"claimReviewed\": \"{long}\", \"datePublished\": \"2023-01-01\", \"itemReviewed\": {{\"author\": \"A\"}}}}"
        )
        .as_bytes(),
    );
    let page = env.write(
        "big.html",
        format!(
            "<html><script type=\"application/ld+json\">{{\"@type\": \"ClaimReview\", \"claimReviewed\": \"{long}\", \"datePublished\": \"2023-01-01\"}}</script></html>"
        )
        .as_bytes(),
    );
    for file in [&jsonl, &csv, &review, &page] {
        let err = env.fails(&["import", file.to_str().unwrap()], 3);
        assert!(err.contains("more than the limit of 1024 KiB"), "{err}");
        assert!(err.len() < 600, "{} bytes: {}", err.len(), &err[..300]);
        assert_eq!(env.dump(), before);
    }
    // A header of megabytes is not echoed whole.
    let header = env.write("header.csv", format!("{long}\nA\n").as_bytes());
    let err = env.fails(&["import", header.to_str().unwrap()], 3);
    assert!(err.len() < 600, "{} bytes", err.len());
}
}

both! {
fn import_faults_exit_alike_in_every_format(env) {
    env.ok(&["add", "Seed", "--by", "Someone"]);
    for ext in ["jsonl", "csv", "json", "html"] {
        let missing = env.dir.path().join(format!("missing.{ext}"));
        let err = env.fails(&["import", missing.to_str().unwrap()], 1);
        assert!(
            err.contains("cannot read") && err.contains("missing."),
            "{ext}: {err}"
        );

        let dir = env.dir.path().join(format!("folder.{ext}"));
        std::fs::create_dir(&dir).unwrap();
        let err = env.fails(&["import", dir.to_str().unwrap()], 1);
        assert!(err.contains("is a directory"), "{ext}: {err}");

        let empty = env.write(&format!("empty.{ext}"), b"");
        let err = env.fails(&["import", empty.to_str().unwrap()], 3);
        assert!(err.contains("empty") || err.contains("no "), "{ext}: {err}");
    }
    // A CSV header with no rows holds nothing to import either.
    let header = env.write("header.csv", b"text,speaker\n");
    env.fails(&["import", header.to_str().unwrap()], 3);
}
}

both! {
fn a_json_export_is_recognised_on_import_and_jsonl_refuses_a_delimiter(env) {
    env.ok(&[
        "add",
        "Unemployment fell",
        "--by",
        "Minister",
        "--tag",
        "economy",
    ]);
    env.ok(&["sources", "alias", "Minister", "The minister"]);
    let path = env.dir.path().join("claims.json");
    env.ok(&["export", "-o", path.to_str().unwrap()]);
    let other = env.another();
    other.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(other.ok(&["export"]), env.ok(&["export"]));
    // `list --format json` too: an array of claims.
    let listed = env.write(
        "listed.json",
        env.ok(&["list", "--format", "json"]).as_bytes(),
    );
    let third = env.another();
    third.ok(&["import", listed.to_str().unwrap()]);
    assert_eq!(third.json(&["list"])[0]["text"], "Unemployment fell");

    let err = env.fails(&["export", "--delimiter", ";"], 3);
    assert!(err.contains("--delimiter") && err.contains("csv"), "{err}");
}
}

both! {
fn progress_is_hidden_when_standard_error_is_not_a_terminal(env) {
    let mut lines = String::from("text,speaker\n");
    for i in 0..2000 {
        lines.push_str(&format!("Claim number {i},Speaker {}\n", i % 50));
    }
    let file = env.write("many.csv", lines.as_bytes());
    let out = env
        .cmd(&["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
}
