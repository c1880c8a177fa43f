//! `claimlog links archive | captures | replay`, and the capture side of
//! `links check --archive`.
//!
//! [`Archiver`] turns each fetched page into WARC records (through `archive::warc`)
//! and a capture row to record: the record is written and fsynced first, the row is
//! written afterwards by the run's batch, so a killed run never leaves a row pointing
//! to a partial record. One run at a time writes to an archive directory (a lock
//! file); a record cut by a kill is trimmed away when the next run opens the directory.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::links::{Plan, Select, capture_cap, checker_config, fetch_all, signed};
use super::{Context, Out, Status};
use crate::archive::warc::{self, Exchange, Original};
use crate::archive::{decode_body, split_response};
use crate::cli::{
    LinksArchiveArgs, LinksCapturesArgs, LinksDiffArgs, LinksReplayArgs, OutputFormat,
};
use crate::error::DataError;
use crate::links::normalize_url;
use crate::model::{LinkId, Timestamp, format_timestamp, parse_timestamp};
use crate::render::{self, links::CaptureSummary};
use crate::store::{CaptureEntry, CaptureKind, NewCapture, Store, with_grace};

/// The archive directory: the one given, else beside the database and named after it.
pub fn archive_dir(given: Option<&Path>, store: &Store) -> Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    let Some(db) = store.path() else {
        return Err(DataError::new(
            "this database has no file to put an archive beside: pass --archive-dir DIR or set \
             CLAIMLOG_ARCHIVE",
        )
        .into());
    };
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "claimlog".to_string());
    Ok(db.with_file_name(format!("{stem}-archive")))
}

/// Writes captures for one run.
pub struct Archiver {
    dir: PathBuf,
    writer: warc::Writer,
    /// Held for the run: one writer per archive directory.
    _lock: File,
    captured: u64,
    revisits: u64,
    bytes: u64,
}

impl Archiver {
    pub fn open(dir: &Path) -> Result<Archiver> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the archive directory {}", dir.display()))?;
        let lock = File::create(dir.join(".lock"))
            .with_context(|| format!("cannot write to the archive directory {}", dir.display()))?;
        if lock.try_lock().is_err() {
            anyhow::bail!(
                "another claimlog run is writing to the archive {}: wait for it to finish",
                dir.display()
            );
        }
        warc::repair_dir(dir)
            .with_context(|| format!("cannot trim an interrupted record in {}", dir.display()))?;
        let software = format!("claimlog/{}", env!("CARGO_PKG_VERSION"));
        let writer = warc::Writer::new(dir, warc::DEFAULT_FILE_SIZE, &software)
            .with_context(|| format!("cannot open the archive {}", dir.display()))?;
        Ok(Archiver {
            dir: dir.to_path_buf(),
            writer,
            _lock: lock,
            captured: 0,
            revisits: 0,
            bytes: 0,
        })
    }

    /// Writes the capture of one page (a revisit when its body is the same as at the
    /// link's latest full capture) and returns the row to record.
    pub fn keep(
        &mut self,
        store: &mut Store,
        link_id: LinkId,
        at: Timestamp,
        exchange: &Exchange,
    ) -> Result<NewCapture> {
        let latest = store.read()?.latest_full_capture(link_id)?;
        let original = latest.as_ref().map(|l| Original {
            url: l.url.clone(),
            date: l.captured_at.clone(),
            payload_digest: l.payload_digest.clone(),
        });
        let date = format_timestamp(at);
        let stamp = at.strftime("%Y%m%d%H%M%S").to_string();
        let placed = self
            .writer
            .write(exchange, original.as_ref(), &date, &stamp)
            .with_context(|| format!("cannot write a capture to {}", self.dir.display()))?;
        self.bytes += placed.length;
        if placed.revisit {
            self.revisits += 1;
        } else {
            self.captured += 1;
        }
        Ok(NewCapture {
            link_id,
            captured_at: at,
            url: exchange.url.clone(),
            http_status: exchange.status,
            kind: if placed.revisit {
                CaptureKind::Revisit
            } else {
                CaptureKind::Response
            },
            warc_file: placed.file,
            offset: placed.offset,
            length: placed.length,
            payload_digest: placed.payload_digest,
            block_digest: placed.block_digest,
            body_bytes: exchange.body.len() as u64,
            truncated: exchange.truncated,
            refers_to: if placed.revisit {
                latest.map(|l| l.id)
            } else {
                None
            },
        })
    }

    pub fn summary(&self, store: &mut Store) -> Result<CaptureSummary> {
        let (total_captures, total_bytes) = store.read()?.capture_totals()?;
        Ok(CaptureSummary {
            archive_dir: self.dir.display().to_string(),
            captured: self.captured,
            revisits: self.revisits,
            bytes: self.bytes,
            total_captures,
            total_bytes,
        })
    }
}

pub fn archive(
    args: LinksArchiveArgs,
    store: &mut Store,
    ctx: &Context,
    out: Out,
) -> Result<Status> {
    super::links::validate(args.stale_after, std::time::Duration::ZERO, &args.fetch)?;
    let dir = archive_dir(args.capture.archive_dir.as_deref(), store)?;
    let stale_before = (!args.all).then(|| ctx.now - with_grace(signed(args.stale_after)));
    let mut config = checker_config(&args.fetch);
    config.capture_cap = Some(capture_cap(args.capture.capture_cap));
    let plan = Plan {
        format: ctx.format(args.format),
        select: Select::Captures(stale_before),
        record_checks: false,
        confirm_after: jiff::SignedDuration::ZERO,
        archive: Some(Archiver::open(&dir)?),
        config,
    };
    // Archiving never confirms a link dead: only `links check` does.
    fetch_all(plan, store, ctx, out).map(|_| Status::Success)
}

fn find_link(store: &mut Store, url: &str) -> Result<LinkId> {
    let url = normalize_url(url).map_err(DataError::from)?;
    store.read()?.find_link(url.as_str())?.ok_or_else(|| {
        DataError::new(format!(
            "no link {:?} is recorded: see `claimlog links list` for the links claims cite",
            url.as_str()
        ))
        .into()
    })
}

fn link_captures(store: &mut Store, url: &str) -> Result<Vec<CaptureEntry>> {
    let id = find_link(store, url)?;
    store.read()?.captures_of(id)
}

/// Prints the paragraphs removed (`-`) and added (`+`) between the link's last two
/// main texts.
pub fn diff(args: LinksDiffArgs, store: &mut Store, out: Out) -> Result<()> {
    let id = find_link(store, &args.url)?;
    let texts = store.read()?.page_texts(id)?;
    let [.., old, new] = texts.as_slice() else {
        return Err(DataError::new(format!(
            "{} has no earlier version to compare: `links check` keeps a page's article each time it changes",
            args.url
        ))
        .into());
    };
    writeln!(out, "--- {} {}", args.url, old.seen_at)?;
    writeln!(out, "+++ {} {}", args.url, new.seen_at)?;
    let a: Vec<&str> = old.text.split("\n\n").collect();
    let b: Vec<&str> = new.text.split("\n\n").collect();
    for (sign, paragraph) in paragraph_diff(&a, &b) {
        writeln!(out, "{sign} {paragraph}")?;
    }
    Ok(())
}

/// The paragraphs only in `a` (`-`) or only in `b` (`+`), in order, by longest common
/// subsequence.
fn paragraph_diff<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(char, &'a str)> {
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(('-', a[i]));
            i += 1;
        } else {
            out.push(('+', b[j]));
            j += 1;
        }
    }
    out
}

pub fn captures(args: LinksCapturesArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let captures = link_captures(store, &args.url)?;
    let format = ctx.format(args.format);
    render::listing(out, format, &captures)?;
    if captures.is_empty() && format == OutputFormat::Table {
        ctx.note("this link was never captured: run `claimlog links archive`");
    }
    Ok(())
}

pub fn replay(args: LinksReplayArgs, store: &mut Store, out: Out) -> Result<()> {
    let dir = archive_dir(args.archive_dir.as_deref(), store)?;
    let captures = link_captures(store, &args.url)?;
    let chosen = match &args.at {
        None => captures.last(),
        Some(at) => {
            let at = parse_timestamp(at).map_err(|e| DataError::new(format!("--at: {e}")))?;
            captures.iter().min_by_key(|c| {
                parse_timestamp(&c.captured_at)
                    .map(|t| (t - at).get_seconds().unsigned_abs())
                    .unwrap_or(u64::MAX)
            })
        }
    };
    let Some(chosen) = chosen else {
        return Err(DataError::new(format!(
            "{} was never captured: run `claimlog links archive` first",
            args.url
        ))
        .into());
    };
    let record = read(&dir, chosen)?;
    let head_record = split_response(&record.block);
    let body_block;
    let body = if chosen.kind == CaptureKind::Revisit {
        let original = chosen
            .refers_to
            .and_then(|id| captures.iter().find(|c| c.id == id))
            .context("this revisit's original capture is not recorded")?;
        body_block = read(&dir, original)?.block;
        split_response(&body_block).body
    } else {
        head_record.body
    };
    if args.headers {
        out.write_all(head_record.head)?;
    }
    out.write_all(&decode_body(head_record.head, body))?;
    out.flush()?;
    Ok(())
}

fn read(dir: &Path, capture: &CaptureEntry) -> Result<warc::Record> {
    let path = warc::existing_path(dir, &capture.warc_file);
    warc::read_record(&path, capture.warc_offset, capture.warc_length).with_context(|| {
        format!(
            "cannot read the capture of {} in {} at offset {}",
            capture.captured_at,
            path.display(),
            capture.warc_offset
        )
    })
}

#[cfg(test)]
mod tests {
    use super::paragraph_diff;

    #[test]
    fn paragraph_diff_shows_removed_and_added_paragraphs_in_order() {
        let d = paragraph_diff(&["a", "b", "c"], &["a", "c2", "c"]);
        assert_eq!(d, vec![('-', "b"), ('+', "c2")]);
    }
}
