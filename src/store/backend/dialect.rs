//! SQLite's spelling to PostgreSQL's, for the statements the store writes: the one
//! place where the two dialects meet. Each rule is small and textual, applied outside
//! string literals; a statement that needs more than these is written per engine where
//! it is used.
//!
//! | SQLite                               | PostgreSQL                                         |
//! |--------------------------------------|----------------------------------------------------|
//! | `?1`, `?`                            | `$1`, `$n` (numbered as SQLite numbers them)       |
//! | `a IS ?1`, `a IS NOT ?1`             | `a IS NOT DISTINCT FROM $1`, `IS DISTINCT FROM`    |
//! | `INSERT OR IGNORE INTO ...`          | `INSERT INTO ... ON CONFLICT DO NOTHING`           |
//! | `SELECT value FROM json_each(x)`     | the ids of a JSON array: `json_array_elements_text`|
//! | `json_group_array(x)`                | `json_agg(x)` as text, `[]` when empty             |
//! | `group_concat(x, sep)`               | `string_agg(x, sep)`                               |
//! | `max(a, b)`, `min(a, b)` (scalar)    | `GREATEST(a, b)`, `LEAST(a, b)`                    |

/// The PostgreSQL text of a statement written for SQLite.
pub(super) fn postgres(sql: &str) -> String {
    let mut s = placeholders(&strip_comments(sql));
    s = replace_calls(&s, "json_each", &|inner| {
        format!("json_array_elements_text(CAST({inner} AS JSON))")
    });
    s = s.replace(
        "SELECT value FROM json_array_elements_text",
        "SELECT CAST(value AS BIGINT) FROM json_array_elements_text",
    );
    s = replace_calls(&s, "json_group_array", &|inner| {
        format!("COALESCE(CAST(json_agg({inner}) AS TEXT), '[]')")
    });
    s = replace_calls(&s, "group_concat", &|inner| format!("string_agg({inner})"));
    for (from, to) in [("max", "GREATEST"), ("min", "LEAST")] {
        s = replace_calls(&s, from, &|inner| {
            if top_level_comma(inner) {
                format!("{to}({inner})")
            } else {
                format!("{from}({inner})")
            }
        });
    }
    s = null_safe_comparisons(&s);
    if let Some(at) = find_word(&s, "INSERT OR IGNORE INTO") {
        s.replace_range(at..at + "INSERT OR IGNORE INTO".len(), "INSERT INTO");
        let end = s.trim_end().trim_end_matches(';').len();
        s.truncate(end);
        s.push_str(" ON CONFLICT DO NOTHING");
    }
    s
}

/// The statement without its `-- comments` (which may hold quotes of their own).
fn strip_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    for (from, to, quoted) in outside_quotes_only(sql) {
        let part = &sql[from..to];
        if quoted {
            out.push_str(part);
            continue;
        }
        let mut rest = part;
        while let Some(at) = rest.find("--") {
            out.push_str(&rest[..at]);
            rest = rest[at..].find('\n').map_or("", |end| &rest[at + end..]);
        }
        out.push_str(rest);
    }
    out
}

/// Like [`outside_quotes`], but a `--` comment ends a span: quotes inside comments are
/// not quotes.
fn outside_quotes_only(sql: &str) -> Vec<(usize, usize, bool)> {
    let bytes = sql.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' && bytes.get(i + 1) == Some(&b'-') {
            // Skip to the end of the line: it stays in the unquoted span.
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let q = bytes[i];
        if q == b'\'' || q == b'"' {
            spans.push((start, i, false));
            let open = i;
            i += 1;
            while i < bytes.len() && bytes[i] != q {
                i += 1;
            }
            i = (i + 1).min(bytes.len());
            spans.push((open, i, true));
            start = i;
        } else {
            i += 1;
        }
    }
    spans.push((start, bytes.len(), false));
    spans
}

/// Calls each byte range of `sql` outside string literals and quoted names.
fn outside_quotes(sql: &str) -> Vec<(usize, usize, bool)> {
    let bytes = sql.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let q = bytes[i];
        if q == b'\'' || q == b'"' {
            spans.push((start, i, false));
            let open = i;
            i += 1;
            while i < bytes.len() {
                if bytes[i] == q {
                    if bytes.get(i + 1) == Some(&q) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i = (i + 1).min(bytes.len());
            spans.push((open, i, true));
            start = i;
        } else {
            i += 1;
        }
    }
    spans.push((start, bytes.len(), false));
    spans
}

/// `?N` -> `$N`; a bare `?` takes the number after the largest used so far, as in SQLite.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut largest = 0usize;
    for (from, to, quoted) in outside_quotes(sql) {
        let part = &sql[from..to];
        if quoted {
            out.push_str(part);
            continue;
        }
        let mut chars = part.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c != '?' {
                out.push(c);
                continue;
            }
            let mut digits = String::new();
            while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            let n = if digits.is_empty() {
                largest + 1
            } else {
                digits.parse().unwrap_or(largest + 1)
            };
            largest = largest.max(n);
            out.push('$');
            out.push_str(&n.to_string());
        }
    }
    out
}

/// Where `word` starts in `sql` (ASCII case ignored), at a word boundary.
fn find_word(sql: &str, word: &str) -> Option<usize> {
    let lower = sql.to_ascii_lowercase();
    let word = word.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&word) {
        let at = from + at;
        let before = lower[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Rewrites every call `name(inner)` as `f(inner)`, innermost arguments included.
fn replace_calls(sql: &str, name: &str, f: &dyn Fn(&str) -> String) -> String {
    let mut s = sql.to_string();
    let mut from = 0;
    loop {
        let Some(rel) = find_word(&s[from..], &format!("{name}(")) else {
            return s;
        };
        let at = from + rel;
        let open = at + name.len();
        let Some(close) = matching_paren(&s, open) else {
            return s;
        };
        let inner = replace_calls(&s[open + 1..close], name, f);
        let replacement = f(&inner);
        s.replace_range(at..=close, &replacement);
        from = at + replacement.len();
    }
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(open) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn top_level_comma(inner: &str) -> bool {
    let mut depth = 0i32;
    for b in inner.bytes() {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// `x IS $1` / `x IS NOT $1` compare with NULL-safety in SQLite; PostgreSQL spells it
/// `IS [NOT] DISTINCT FROM`.
fn null_safe_comparisons(sql: &str) -> String {
    let mut out = sql.to_string();
    for (from, to) in [
        (" IS NOT $", " IS DISTINCT FROM $"),
        (" IS $", " IS NOT DISTINCT FROM $"),
    ] {
        out = out.replace(from, to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::postgres;

    #[test]
    fn placeholders_are_numbered_as_sqlite_numbers_them() {
        assert_eq!(
            postgres("SELECT ?2, '?', ? FROM t WHERE a = ?1 AND b = ?"),
            "SELECT $2, '?', $3 FROM t WHERE a = $1 AND b = $4"
        );
    }

    #[test]
    fn comments_go_and_their_quotes_with_them() {
        assert_eq!(
            postgres("SELECT a -- the claim's text\n FROM t WHERE b = ?1"),
            "SELECT a \n FROM t WHERE b = $1"
        );
    }

    #[test]
    fn sqlite_only_spellings_are_rewritten() {
        assert_eq!(
            postgres("INSERT OR IGNORE INTO t(a) VALUES (?1);"),
            "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            postgres("UPDATE c SET u = max(u, ?2) WHERE id IN (SELECT value FROM json_each(?1))"),
            "UPDATE c SET u = GREATEST(u, $2) WHERE id IN (SELECT CAST(value AS BIGINT) FROM \
             json_array_elements_text(CAST($1 AS JSON)))"
        );
        assert_eq!(
            postgres("SELECT max(id), group_concat(n, ' ') FROM t WHERE a IS ?1 AND b IS NOT ?2"),
            "SELECT max(id), string_agg(n, ' ') FROM t WHERE a IS NOT DISTINCT FROM $1 AND b IS \
             DISTINCT FROM $2"
        );
        assert_eq!(
            postgres("SELECT json_group_array(x) FROM t"),
            "SELECT COALESCE(CAST(json_agg(x) AS TEXT), '[]') FROM t"
        );
    }
}
