//! Opening a database file: what may be created, what is refused before anything is
//! written, and how a writer waits for another.
//!
//! A file is inspected through a read-only connection first, so a file claimlog refuses
//! (not claimlog's, or written by a newer claimlog) is never changed, not even its
//! journal mode. Only commands that record something create a missing file.
//!
//! Writers queue on SQLite's write lock for as long as it takes. While one holds it, a
//! small `PATH-writer` file beside the database says which command and process it is, so
//! that a writer kept waiting can say what for. This module owns that file and the busy
//! handler; it knows nothing of clap.

use std::cell::Cell;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags};

/// How a command may open the database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The command records something: it may create a missing file.
    pub create: bool,
    /// It may also create missing parent directories (`init`, and the default location).
    pub create_dirs: bool,
    /// What the command is, for other writers kept waiting ("import", "links check").
    pub command: String,
    /// No note on stderr while waiting.
    pub quiet: bool,
}

impl OpenOptions {
    /// Opening an existing database only.
    pub fn existing(command: &str) -> OpenOptions {
        OpenOptions {
            create: false,
            create_dirs: false,
            command: command.to_string(),
            quiet: false,
        }
    }
}

/// What a read-only look at an existing file found.
pub(super) enum Found {
    /// No file, or an empty one: nothing recorded yet.
    Nothing,
    /// A claimlog database, of this version or an older one to migrate.
    Claimlog,
}

/// Refuses what is not a plain path: SQLite would read `file:...` as a URI.
pub(super) fn check_path(path: &Path) -> Result<()> {
    let text = path.to_string_lossy();
    if text.starts_with("file:") {
        return Err(crate::error::DataError::new(format!(
            "invalid --db {text:?}: give a file path, not an SQLite URI (drop the \"file:\" prefix)"
        ))
        .into());
    }
    if path.is_dir() {
        bail!(
            "{} is a directory: give --db the path of a database file inside it",
            path.display()
        );
    }
    Ok(())
}

/// Looks at a file without writing to it; refuses what claimlog must not touch.
pub(super) fn inspect(path: &Path, newest: i64) -> Result<Found> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        Ok(m) if m.len() == 0 => return Ok(Found::Nothing),
        Ok(_) => {}
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_handler(Some(on_busy))?;
    // Only SQLite's own "not a database" means the file is something else: a full disk or
    // an I/O error on a good file must be reported as what it is.
    let version: i64 = match conn.pragma_query_value(None, "user_version", |r| r.get(0)) {
        Ok(version) => version,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            bail!(
                "{} is not an SQLite database: pass another --db; the file was not changed",
                path.display()
            )
        }
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the database {}", path.display()));
        }
    };
    if version > newest {
        bail!(
            "{} was written by a newer claimlog (schema version {version}, this binary knows up \
             to {newest}): upgrade claimlog to use it; the file was not changed",
            path.display()
        );
    }
    if version == 0 {
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if objects > 0 {
            bail!(
                "{} is an SQLite database but not a claimlog one (it has tables and no claimlog \
                 schema version): pass another --db; the file was not changed",
                path.display()
            );
        }
        return Ok(Found::Nothing);
    }
    Ok(Found::Claimlog)
}

/// Fails, naming the path and how to create it, when a command that records nothing
/// meets no database; creates the directory when allowed.
pub(super) fn prepare_location(path: &Path, found: &Found, options: &OpenOptions) -> Result<()> {
    if matches!(found, Found::Claimlog) {
        return Ok(());
    }
    if !options.create {
        bail!(
            "no claimlog database at {}: create it with `claimlog --db {} init` (or `add`, \
             `import`, `demo`), or point --db or CLAIMLOG_DB at an existing one",
            path.display(),
            path.display()
        );
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if dir.is_dir() {
            return Ok(());
        }
        if !options.create_dirs {
            bail!(
                "the directory {} does not exist: create it first, or run `claimlog --db {} init`",
                dir.display(),
                path.display()
            );
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    Ok(())
}

/// The read-write connection, created only when allowed. Never a URI.
pub(super) fn connect(path: &Path, options: &OpenOptions) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if options.create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_handler(Some(on_busy))?;
    *WAITER.lock().unwrap_or_else(|e| e.into_inner()) = Some(Waiter {
        path: path.to_path_buf(),
        quiet: options.quiet,
    });
    Ok(conn)
}

/// The database this process waits on, for the note on stderr.
struct Waiter {
    path: PathBuf,
    quiet: bool,
}

static WAITER: Mutex<Option<Waiter>> = Mutex::new(None);

/// Set when the user interrupts a command that handles signals itself: a wait for the
/// write lock then gives up instead of outlasting the interruption.
static STOP_WAITING: AtomicBool = AtomicBool::new(false);

/// Ends any wait for another writer, now and from now on (after Ctrl-C or SIGTERM).
pub fn stop_waiting() {
    STOP_WAITING.store(true, Ordering::SeqCst);
}

/// Whether waits for another writer must end ([`stop_waiting`]).
pub(super) fn waiting_stopped() -> bool {
    STOP_WAITING.load(Ordering::SeqCst)
}

/// `--quiet`: no note on stderr while waiting for another writer.
static QUIET: AtomicBool = AtomicBool::new(false);

pub(super) fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::SeqCst);
}

pub(super) fn quiet() -> bool {
    QUIET.load(Ordering::SeqCst)
}

/// The login name of the account running claimlog: `$USER`, `$LOGNAME`, `$USERNAME`,
/// else the password file's name for the process's user (cron, containers).
pub(super) fn os_user() -> Option<String> {
    let non_empty = |s: String| {
        let t = s.trim().to_string();
        (!t.is_empty()).then_some(t)
    };
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().and_then(non_empty))
        .or_else(login_name)
}

#[cfg(unix)]
fn login_name() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn login_name() -> Option<String> {
    None
}

/// After this long a waiting writer says what it waits for.
const SAY_WAITING_AFTER: Duration = Duration::from_secs(1);

thread_local! {
    /// When the current wait began and whether it was announced.
    static WAIT: Cell<(Option<Instant>, bool)> = const { Cell::new((None, false)) };
}

/// SQLite's busy handler: wait, without limit, for the other writer; say so once per wait.
fn on_busy(count: i32) -> bool {
    if STOP_WAITING.load(Ordering::SeqCst) {
        return false;
    }
    let (started, announced) = WAIT.with(Cell::get);
    let started = match (count, started) {
        (0, _) | (_, None) => Instant::now(),
        (_, Some(s)) => s,
    };
    let announced = announced && count > 0;
    let announce = !announced && started.elapsed() >= SAY_WAITING_AFTER;
    if announce {
        say_waiting();
    }
    WAIT.with(|w| w.set((Some(started), announced || announce)));
    // Short sleeps first, so a brief commit by another process costs little.
    let ms = match count {
        0..=4 => 2 << count,
        _ => 50,
    };
    std::thread::sleep(Duration::from_millis(ms));
    true
}

fn say_waiting() {
    let guard = WAITER.lock().unwrap_or_else(|e| e.into_inner());
    let Some(waiter) = guard.as_ref() else {
        return;
    };
    if waiter.quiet {
        return;
    }
    let holder = std::fs::read_to_string(writer_file(&waiter.path))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let message = match holder {
        Some(holder) => format!(
            "claimlog: waiting for another claimlog writing to {} ({holder})…",
            waiter.path.display()
        ),
        None => format!(
            "claimlog: waiting for another program writing to {}…",
            waiter.path.display()
        ),
    };
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{message}");
}

/// `PATH-writer`, beside `PATH-wal` and `PATH-shm`.
fn writer_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// Says who holds the write lock while it lives; the lock holder writes it.
pub(crate) struct WriterMark {
    file: PathBuf,
    content: String,
}

impl WriterMark {
    /// Best effort: a database in a read-only directory still works, only the note
    /// of a waiting writer is vaguer.
    pub(super) fn new(db: &Path, command: &str) -> WriterMark {
        let file = writer_file(db);
        let content = format!("{command}, pid {}", std::process::id());
        let _ = std::fs::write(&file, &content);
        WriterMark { file, content }
    }
}

impl Drop for WriterMark {
    fn drop(&mut self) {
        // Another writer may already have taken the lock and written its own mark.
        if std::fs::read_to_string(&self.file).is_ok_and(|c| c == self.content) {
            let _ = std::fs::remove_file(&self.file);
        }
    }
}
