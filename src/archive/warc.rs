//! WARC/1.1 records, written to the letter of the specification (ISO 28500:2017):
//! one gzip member per record, rolling files that each open with a `warcinfo` record,
//! `request`, `response` and `revisit` records with SHA-1 block and payload digests in
//! base32 (as Heritrix, wget and warcio write them), and `WARC-Truncated` when the
//! body cap cut a response short.
//!
//! Crash safety: [`Writer::write`] writes a capture's records and returns their place;
//! the caller calls [`Writer::sync`] (one fsync for a whole batch of captures) and
//! records those places only afterwards. As
//! Heritrix does, a file being written is named `NAME.warc.gz.open` and renamed to
//! `NAME.warc.gz` once closed, so every `.warc.gz` file reads whole to its end; an
//! `.open` file left by a killed run is cut back to its last whole record and renamed
//! by the next run ([`repair_dir`]). Places name the final file.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use std::cell::RefCell;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};
use sha1::{Digest, Sha1};

/// The suffix of a file still being written.
pub const OPEN_SUFFIX: &str = ".open";

/// A new file is started once the current one reaches this size.
pub const DEFAULT_FILE_SIZE: u64 = 100 << 20;

/// The revisit profile of WARC 1.1 for a payload identical to an earlier capture's.
const IDENTICAL_PAYLOAD: &str = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

/// One HTTP exchange as it went over the wire, for a capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The URL fetched (the final one, after redirects).
    pub url: String,
    /// The request line and headers, CRLF-terminated, ending with an empty line.
    pub request_head: Vec<u8>,
    /// The status line and headers, CRLF-terminated, ending with an empty line.
    pub response_head: Vec<u8>,
    /// The body as received (content-encoded, transfer-decoded), up to the cap; while
    /// `body_rest` is set, only its first part.
    pub body: Vec<u8>,
    /// A file holding the rest of a long body, written as it arrived so that a run
    /// never holds many long bodies in memory at once; [`Exchange::take_rest`] reads it
    /// back into `body` (and removes it) just before the capture is written.
    pub body_rest: Option<PathBuf>,
    /// The body was cut at the cap.
    pub truncated: bool,
    pub status: u16,
}

impl Exchange {
    /// Appends the rest of a long body, kept in a file while it arrived, and removes
    /// that file.
    pub fn take_rest(&mut self) -> io::Result<()> {
        if let Some(path) = self.body_rest.take() {
            let read = File::open(&path).and_then(|mut f| {
                let len = f.metadata()?.len();
                self.body.reserve_exact(usize::try_from(len).unwrap_or(0));
                f.read_to_end(&mut self.body)
            });
            let _ = std::fs::remove_file(&path);
            read?;
        }
        Ok(())
    }
}

/// Where a capture's main record lies, and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The file name, relative to the archive directory.
    pub file: String,
    /// Offset and length of the `response` or `revisit` record's gzip member.
    pub offset: u64,
    pub length: u64,
    pub payload_digest: String,
    pub block_digest: String,
    pub revisit: bool,
}

/// An earlier capture whose payload a new one may repeat.
#[derive(Debug, Clone)]
pub struct Original {
    pub url: String,
    /// WARC-Date of the original, `YYYY-MM-DDThh:mm:ssZ`.
    pub date: String,
    pub payload_digest: String,
}

/// `sha1:` followed by the base32 digest, as WARC files spell it.
pub fn sha1_label(bytes: &[&[u8]]) -> String {
    let mut h = Sha1::new();
    for b in bytes {
        h.update(b);
    }
    format!("sha1:{}", base32(&h.finalize()))
}

/// RFC 4648 base32, upper case with padding.
fn base32(data: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                let index = (bits >> (35 - i * 5)) & 31;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn record_id() -> String {
    format!("<urn:uuid:{}>", uuid::Uuid::new_v4())
}

thread_local! {
    /// One deflate state per thread, reset for each record: a new one costs the
    /// allocation and zeroing of its tables (hundreds of KiB), more than compressing a
    /// small page does.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), false));
}

/// `parts`, one after the other, as one gzip member (RFC 1952).
fn gzip_member(parts: &[&[u8]], size_hint: usize) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size_hint / 3 + 512);
    // Deflate, no flags, no modification time, no extra flags, operating system unknown.
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    let mut crc = Crc::new();
    DEFLATE.with(|d| {
        let mut d = d.borrow_mut();
        d.reset();
        for part in parts {
            crc.update(part);
            deflate_into(&mut d, part, &mut out, FlushCompress::None)?;
        }
        deflate_into(&mut d, &[], &mut out, FlushCompress::Finish)
    })?;
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&crc.amount().to_le_bytes());
    Ok(out)
}

/// Feeds `input` to the deflate state; with `Finish`, until the stream ends.
fn deflate_into(
    d: &mut Compress,
    mut input: &[u8],
    out: &mut Vec<u8>,
    flush: FlushCompress,
) -> io::Result<()> {
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(4096));
        }
        let before = d.total_in();
        let status = d
            .compress_vec(input, out, flush)
            .map_err(io::Error::other)?;
        input = &input[(d.total_in() - before) as usize..];
        let done = match flush {
            FlushCompress::Finish => status == Status::StreamEnd,
            _ => input.is_empty(),
        };
        if done {
            return Ok(());
        }
    }
}

/// One record's header fields and block, serialised and gzipped as one member.
fn member(fields: &[(&str, String)], block: &[&[u8]]) -> io::Result<Vec<u8>> {
    let length: usize = block.iter().map(|b| b.len()).sum();
    let mut head = String::from("WARC/1.1\r\n");
    for (name, value) in fields {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!("Content-Length: {length}\r\n\r\n"));
    let mut parts: Vec<&[u8]> = Vec::with_capacity(block.len() + 2);
    parts.push(head.as_bytes());
    parts.extend_from_slice(block);
    parts.push(b"\r\n\r\n");
    gzip_member(&parts, length)
}

/// Writes captures into rolling `.warc.gz` files in one directory.
pub struct Writer {
    dir: PathBuf,
    max_file_size: u64,
    /// The software named in each file's `warcinfo`.
    software: String,
    current: Option<OpenFile>,
}

struct OpenFile {
    name: String,
    file: File,
    size: u64,
    warcinfo_id: String,
}

impl Writer {
    pub fn new(dir: &Path, max_file_size: u64, software: &str) -> io::Result<Writer> {
        std::fs::create_dir_all(dir)?;
        Ok(Writer {
            dir: dir.to_path_buf(),
            max_file_size: max_file_size.max(1),
            software: software.to_string(),
            current: None,
        })
    }

    /// Writes one capture (`request` then `response`, or `revisit` when `original`
    /// holds the same payload) and says where the main record lies. The records are
    /// on disk for certain only after [`Writer::sync`].
    /// `date` is the WARC-Date, `YYYY-MM-DDThh:mm:ssZ`; `name_stamp` names a new file.
    pub fn write(
        &mut self,
        exchange: &Exchange,
        original: Option<&Original>,
        date: &str,
        name_stamp: &str,
    ) -> io::Result<Placed> {
        let payload_digest = sha1_label(&[&exchange.body]);
        let revisit = original.filter(|o| o.payload_digest == payload_digest);
        let file = self.file_for_write(date, name_stamp)?;
        let request_id = record_id();
        let response_id = record_id();
        let request = member(
            &[
                ("WARC-Type", "request".to_string()),
                ("WARC-Record-ID", request_id.clone()),
                ("WARC-Date", date.to_string()),
                ("WARC-Target-URI", exchange.url.clone()),
                ("WARC-Warcinfo-ID", file.warcinfo_id.clone()),
                ("WARC-Concurrent-To", response_id.clone()),
                (
                    "Content-Type",
                    "application/http;msgtype=request".to_string(),
                ),
                ("WARC-Block-Digest", sha1_label(&[&exchange.request_head])),
            ],
            &[&exchange.request_head],
        )?;
        let mut fields = vec![
            (
                "WARC-Type",
                if revisit.is_some() {
                    "revisit"
                } else {
                    "response"
                }
                .to_string(),
            ),
            ("WARC-Record-ID", response_id),
            ("WARC-Date", date.to_string()),
            ("WARC-Target-URI", exchange.url.clone()),
            ("WARC-Warcinfo-ID", file.warcinfo_id.clone()),
            (
                "Content-Type",
                "application/http;msgtype=response".to_string(),
            ),
            ("WARC-Payload-Digest", payload_digest.clone()),
        ];
        let block: Vec<&[u8]> = match revisit {
            Some(o) => {
                fields.push(("WARC-Profile", IDENTICAL_PAYLOAD.to_string()));
                fields.push(("WARC-Refers-To-Target-URI", o.url.clone()));
                fields.push(("WARC-Refers-To-Date", o.date.clone()));
                vec![&exchange.response_head]
            }
            None => {
                if exchange.truncated {
                    fields.push(("WARC-Truncated", "length".to_string()));
                }
                vec![&exchange.response_head, &exchange.body]
            }
        };
        let block_digest = sha1_label(&block);
        fields.push(("WARC-Block-Digest", block_digest.clone()));
        let response = member(&fields, &block)?;
        let request_len = request.len() as u64;
        file.file.write_all(&request)?;
        file.file.write_all(&response)?;
        let offset = file.size + request_len;
        file.size = offset + response.len() as u64;
        Ok(Placed {
            file: file.name.clone(),
            offset,
            length: response.len() as u64,
            payload_digest,
            block_digest,
            revisit: revisit.is_some(),
        })
    }

    /// The file to write to: the current one while it is under the size limit, else
    /// a new one opened with its `warcinfo` record.
    fn file_for_write(&mut self, date: &str, name_stamp: &str) -> io::Result<&mut OpenFile> {
        if self
            .current
            .as_ref()
            .is_some_and(|f| f.size >= self.max_file_size)
        {
            self.close()?;
        }
        if self.current.is_none() {
            self.current = Some(self.open_new(date, name_stamp)?);
        }
        Ok(self.current.as_mut().expect("a file was just opened"))
    }

    /// Flushes the records written so far to disk (a file that rolled over was synced
    /// when it was closed). One fsync per batch rather than per capture: on a disk
    /// where an fsync takes milliseconds, that is most of the cost of a capture.
    pub fn sync(&self) -> io::Result<()> {
        match &self.current {
            Some(f) => f.file.sync_data(),
            None => Ok(()),
        }
    }

    /// Closes the current file: renamed to its final name, it is whole from now on.
    pub fn close(&mut self) -> io::Result<()> {
        if let Some(f) = self.current.take() {
            f.file.sync_all()?;
            drop(f.file);
            std::fs::rename(self.dir.join(open_name(&f.name)), self.dir.join(&f.name))?;
            sync_dir(&self.dir);
        }
        Ok(())
    }

    fn open_new(&self, date: &str, name_stamp: &str) -> io::Result<OpenFile> {
        let mut serial = 0u32;
        let (name, mut file) = loop {
            let name = format!("claimlog-{name_stamp}-{serial:05}.warc.gz");
            let taken = self.dir.join(&name).exists();
            let opened = if taken {
                Err(io::Error::from(io::ErrorKind::AlreadyExists))
            } else {
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(self.dir.join(open_name(&name)))
            };
            match opened {
                Ok(file) => break (name, file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && serial < 99_999 => {
                    serial += 1;
                }
                Err(e) => return Err(e),
            }
        };
        let warcinfo_id = record_id();
        let info = format!(
            "software: {}\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\ndescription: captures of pages cited by claims\r\n",
            self.software
        );
        let record = member(
            &[
                ("WARC-Type", "warcinfo".to_string()),
                ("WARC-Record-ID", warcinfo_id.clone()),
                ("WARC-Date", date.to_string()),
                ("WARC-Filename", name.clone()),
                ("Content-Type", "application/warc-fields".to_string()),
            ],
            &[info.as_bytes()],
        )?;
        file.write_all(&record)?;
        file.sync_data()?;
        sync_dir(&self.dir);
        Ok(OpenFile {
            name,
            file,
            size: record.len() as u64,
            warcinfo_id,
        })
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // A failure leaves an `.open` file, which the next run repairs and renames.
        let _ = self.close();
    }
}

fn open_name(name: &str) -> String {
    format!("{name}{OPEN_SUFFIX}")
}

/// Makes a rename or a new name survive a crash. A failure only risks a file that no
/// row points to yet, or one the next run repairs.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Finishes the files a killed run left open: each `.warc.gz.open` file is cut back
/// to its last whole record and renamed to its final name. Call it only while no
/// other writer uses `dir`. Returns the number of bytes cut.
pub fn repair_dir(dir: &Path) -> io::Result<u64> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    let mut cut = 0;
    for entry in entries {
        let path = entry?.path();
        let name = path.to_string_lossy().into_owned();
        if let Some(final_name) = name.strip_suffix(OPEN_SUFFIX)
            && final_name.ends_with(".warc.gz")
        {
            cut += repair_file(&path)?;
            std::fs::rename(&path, final_name)?;
            sync_dir(dir);
        }
    }
    Ok(cut)
}

/// The path of a file by its final name: the file itself, or its `.open` form while a
/// run is still writing it (or was killed writing it).
pub fn existing_path(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    if !path.exists() {
        let open = dir.join(open_name(name));
        if open.exists() {
            return open;
        }
    }
    path
}

fn repair_file(path: &Path) -> io::Result<u64> {
    let data = std::fs::read(path)?;
    let whole = whole_members_len(&data);
    let cut = data.len() as u64 - whole;
    if cut > 0 {
        let file = OpenOptions::new().write(true).open(path)?;
        file.set_len(whole)?;
        file.sync_all()?;
    }
    Ok(cut)
}

/// The length of the longest prefix of `data` made of whole gzip members.
fn whole_members_len(data: &[u8]) -> u64 {
    let mut at = 0usize;
    while at < data.len() {
        let mut decoder = flate2::bufread::GzDecoder::new(&data[at..]);
        if io::copy(&mut decoder, &mut io::sink()).is_err() {
            break;
        }
        let rest = decoder.into_inner().len();
        let used = data.len() - at - rest;
        if used == 0 {
            break;
        }
        at += used;
    }
    at as u64
}

/// A record read back: its WARC header fields and its block.
#[derive(Debug, Clone)]
pub struct Record {
    pub fields: Vec<(String, String)>,
    pub block: Vec<u8>,
}

impl Record {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the record whose gzip member is at `offset`, `length` bytes long.
pub fn read_record(path: &Path, offset: u64, length: u64) -> io::Result<Record> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut member = Vec::with_capacity(length as usize);
    file.take(length).read_to_end(&mut member)?;
    if (member.len() as u64) < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the record ends past the end of its file",
        ));
    }
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(&member[..]).read_to_end(&mut raw)?;
    let Some(end) = find(&raw, b"\r\n\r\n") else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no WARC header end",
        ));
    };
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    if lines.next() != Some("WARC/1.1") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a WARC/1.1 record",
        ));
    }
    let fields: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let start = end + 4;
    let block = raw
        .get(start..start + length)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "record block too short"))?
        .to_vec();
    Ok(Record { fields, block })
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648_vectors() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY======");
        assert_eq!(base32(b"fooba"), "MZXW6YTB");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI======");
    }

    fn exchange(body: &[u8]) -> Exchange {
        Exchange {
            url: "http://127.0.0.1/a".to_string(),
            request_head: b"GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
            response_head: b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec(),
            body: body.to_vec(),
            body_rest: None,
            truncated: false,
            status: 200,
        }
    }

    #[test]
    fn a_record_reads_back_from_its_place_and_a_cut_tail_is_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::new(dir.path(), DEFAULT_FILE_SIZE, "test").unwrap();
        let date = "2025-01-01T00:00:00Z";
        let placed = w
            .write(&exchange(b"<p>hi</p>"), None, date, "20250101")
            .unwrap();
        let path = existing_path(dir.path(), &placed.file);
        let record = read_record(&path, placed.offset, placed.length).unwrap();
        assert_eq!(record.field("WARC-Type"), Some("response"));
        assert!(record.block.ends_with(b"<p>hi</p>"));
        let original = Original {
            url: "http://127.0.0.1/a".to_string(),
            date: date.to_string(),
            payload_digest: placed.payload_digest.clone(),
        };
        let again = w
            .write(&exchange(b"<p>hi</p>"), Some(&original), date, "x")
            .unwrap();
        assert!(again.revisit);
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(path.to_string_lossy().ends_with(".open"));
        // A killed run: the writer never closes, a record is cut short.
        std::mem::forget(w);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[0x1f, 0x8b, 8, 0, 0]).unwrap();
        assert_eq!(repair_dir(dir.path()).unwrap(), 5);
        let closed = dir.path().join(&placed.file);
        assert_eq!(std::fs::metadata(&closed).unwrap().len(), size);
        assert!(!path.exists());
    }
}
