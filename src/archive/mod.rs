//! Captures of cited pages: WARC/1.1 files written and read back ([`warc`]), and what
//! replaying a capture gives (its HTTP headers, its body with the content encoding
//! decoded).
//!
//! It takes HTTP exchanges as plain bytes (the link checker records them) and returns
//! places in files; it knows nothing of SQL or clap: the command records those places
//! in the store, after the records are on disk.

pub mod warc;

use std::io::Read;

use warc::find;

/// A captured HTTP response split in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    /// Status line and headers, with the blank line that ends them.
    pub head: &'a [u8],
    /// The body as received (content-encoded).
    pub body: &'a [u8],
}

/// Splits a `response` record's block (or a revisit's headers) at the blank line.
pub fn split_response(block: &[u8]) -> Response<'_> {
    match find(block, b"\r\n\r\n") {
        Some(end) => Response {
            head: &block[..end + 4],
            body: &block[end + 4..],
        },
        None => Response {
            head: block,
            body: &[],
        },
    }
}

/// The value of a header in an HTTP head, first occurrence, trimmed.
pub fn header<'a>(head: &'a [u8], name: &str) -> Option<&'a str> {
    let text = std::str::from_utf8(head).ok()?;
    text.split("\r\n").skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

/// The body with its `Content-Encoding` (gzip, deflate, br) undone. A body cut by the
/// cap decodes as far as it goes.
pub fn decode_body(head: &[u8], body: &[u8]) -> Vec<u8> {
    decode_body_prefix(head, body, u64::MAX)
}

/// The first `limit` bytes of the decoded body: what a check reads of a captured page,
/// without ever inflating a small compressed body into gigabytes.
pub fn decode_body_prefix(head: &[u8], body: &[u8], limit: u64) -> Vec<u8> {
    let encoding = header(head, "content-encoding")
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut out = Vec::new();
    let ok = match encoding.as_str() {
        "gzip" | "x-gzip" => read_all(flate2::read::MultiGzDecoder::new(body), limit, &mut out),
        "deflate" => {
            read_all(flate2::read::ZlibDecoder::new(body), limit, &mut out) || {
                out.clear();
                read_all(flate2::read::DeflateDecoder::new(body), limit, &mut out)
            }
        }
        "br" => read_all(
            brotli_decompressor::Decompressor::new(body, 4096),
            limit,
            &mut out,
        ),
        _ => return body[..body.len().min(usize::try_from(limit).unwrap_or(usize::MAX))].to_vec(),
    };
    if ok || !out.is_empty() {
        out
    } else {
        body.to_vec()
    }
}

fn read_all(reader: impl Read, limit: u64, out: &mut Vec<u8>) -> bool {
    reader.take(limit).read_to_end(out).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn decode_body_undoes_gzip_and_leaves_identity_alone() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"hello").unwrap();
        let body = gz.finish().unwrap();
        let head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n";
        assert_eq!(decode_body(head, &body), b"hello");
        assert_eq!(decode_body(b"HTTP/1.1 200 OK\r\n\r\n", b"raw"), b"raw");
    }

    #[test]
    fn a_decoded_prefix_stops_at_its_limit() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'a'; 10 << 20]).unwrap();
        let bomb = gz.finish().unwrap();
        let head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n";
        assert_eq!(decode_body_prefix(head, &bomb, 1000).len(), 1000);
        assert_eq!(
            decode_body_prefix(b"HTTP/1.1 200 OK\r\n\r\n", b"raw", 2),
            b"ra"
        );
    }

    #[test]
    fn split_response_finds_the_blank_line() {
        let r = split_response(b"HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody");
        assert_eq!(r.body, b"body");
        assert_eq!(header(r.head, "a"), Some("b"));
    }
}
