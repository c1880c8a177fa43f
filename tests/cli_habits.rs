//! The command line as people and scripts meet it: out-of-range flag values, JSON
//! shapes, `links check -q` and `--format csv`, completions and the man page.

mod common;

use common::Env;

#[test]
fn out_of_range_link_check_flags_are_refused_with_exit_3_and_one_line() {
    let env = Env::new();
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
