//! What a capture keeps of one exchange: the request as sent, the response head as
//! received and the body as served (content-encoded), up to a cap.
//!
//! reqwest hands over parsed heads, so both are written back in HTTP/1.1 form; the
//! chunked transfer coding is already undone, so `Transfer-Encoding` is left out and
//! the body is the payload itself, as WARC readers expect. A long body is kept mostly
//! on disk while it arrives ([`read_body`]), so memory stays flat with many in flight.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use url::Url;

/// The request line and headers, as a capture's `request` record shows them.
pub fn request_head(url: &Url, headers: &[(String, String)]) -> Vec<u8> {
    let mut target = url.path().to_string();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_string(),
    };
    let mut head = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// The status line and headers of a response.
pub fn response_head(resp: &reqwest::Response) -> Vec<u8> {
    let version = match resp.version() {
        reqwest::Version::HTTP_09 => "HTTP/0.9",
        reqwest::Version::HTTP_10 => "HTTP/1.0",
        reqwest::Version::HTTP_2 => "HTTP/2",
        reqwest::Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/1.1",
    };
    let status = resp.status();
    let mut head = format!(
        "{version} {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    )
    .into_bytes();
    for (name, value) in resp.headers() {
        if name == reqwest::header::TRANSFER_ENCODING {
            continue;
        }
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head
}

/// Bytes of a body held in memory while it is received; the rest goes to a file in the
/// spill directory. Most pages fit; a long one costs this much while it waits to be
/// written, not up to the capture cap.
pub const IN_MEMORY: usize = 64 << 10;

/// A body as received for a capture.
pub struct Body {
    /// Its first [`IN_MEMORY`] bytes (all of it when short).
    pub head: Vec<u8>,
    /// The rest, when it did not fit.
    pub rest: Option<PathBuf>,
    /// It went on past the cap and was cut there.
    pub truncated: bool,
}

/// The body up to `cap` bytes: its first part in memory, the rest in a new file in
/// `spill_dir`. Without a spill directory, or when the file cannot be written, the
/// capture stops at what memory holds and is marked truncated.
pub async fn read_body(
    resp: &mut reqwest::Response,
    cap: usize,
    spill_dir: Option<&Path>,
) -> Result<Body, reqwest::Error> {
    let mut body = Body {
        head: Vec::new(),
        rest: None,
        truncated: false,
    };
    let mut spill: Option<(File, PathBuf)> = None;
    let mut read = 0usize;
    while let Some(chunk) = resp.chunk().await? {
        let room = cap - read;
        let (take, cut) = if chunk.len() > room {
            (&chunk[..room], true)
        } else {
            (&chunk[..], false)
        };
        read += take.len();
        let fits = take.len().min(IN_MEMORY - body.head.len());
        body.head.extend_from_slice(&take[..fits]);
        let over = &take[fits..];
        if !over.is_empty() {
            if spill.is_none() {
                spill = spill_dir.and_then(new_spill_file);
            }
            // A plain blocking write of one chunk to a local file: short, and rare
            // (only bodies past IN_MEMORY get here).
            let written = spill
                .as_mut()
                .is_some_and(|(f, _)| f.write_all(over).is_ok());
            if !written {
                body.truncated = true;
                break;
            }
        }
        if cut {
            body.truncated = true;
            break;
        }
    }
    if let Some((file, path)) = spill {
        drop(file);
        body.rest = Some(path);
    }
    Ok(body)
}

/// The first `limit` bytes of a body: its part in memory, then from its file.
pub fn body_prefix(body: &Body, limit: usize) -> std::borrow::Cow<'_, [u8]> {
    let Some(rest) = body.rest.as_deref().filter(|_| body.head.len() < limit) else {
        return std::borrow::Cow::Borrowed(&body.head[..body.head.len().min(limit)]);
    };
    let mut prefix = body.head.clone();
    if let Ok(file) = File::open(rest) {
        let want = (limit - prefix.len()) as u64;
        // A short read leaves the text shorter; the capture itself is unaffected.
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(file, want), &mut prefix);
    }
    std::borrow::Cow::Owned(prefix)
}

fn new_spill_file(dir: &Path) -> Option<(File, PathBuf)> {
    let file = tempfile::Builder::new()
        .prefix("body-")
        .tempfile_in(dir)
        .ok()?;
    let (file, path) = file.keep().ok()?;
    Some((file, path))
}
