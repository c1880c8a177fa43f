//! The claimlog binary: parse arguments, run the command, map the result to an exit
//! code (0 ok, 1 runtime error, 2 usage error, 3 bad input, 4 newly dead links).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser;

use claimlog::cli::{Cli, Command};
use claimlog::commands::{self, Context, Status};
use claimlog::error::is_data_error;
use claimlog::model::{Timestamp, parse_timestamp};
use claimlog::store::{OpenOptions, Store};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    claimlog::render::table::configure(cli.wide);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = run(cli, &mut out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match result {
        Ok(Status::Success) => ExitCode::SUCCESS,
        Ok(Status::NewlyDead) => ExitCode::from(4),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimlog: {}", one_line(&e));
            ExitCode::from(if is_data_error(&e) { 3 } else { 1 })
        }
    }
}

/// The error and its causes on one line, outermost first.
fn one_line(e: &anyhow::Error) -> String {
    claimlog::render::visible(&format!("{e:#}").replace('\n', " ")).into_owned()
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(broken)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)))
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// "Now", pinned by `CLAIMLOG_NOW` (RFC 3339) for reproducible runs and tests.
fn now() -> Result<Timestamp> {
    match std::env::var("CLAIMLOG_NOW") {
        Ok(s) if !s.trim().is_empty() => parse_timestamp(&s)
            .map_err(|e| claimlog::error::DataError::new(format!("CLAIMLOG_NOW: {e}")).into()),
        _ => Ok(Timestamp::now()),
    }
}

/// `$CLAIMLOG_DB`, else the platform data directory; whether it is the latter.
fn default_db() -> Result<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("CLAIMLOG_DB").filter(|p| !p.is_empty()) {
        return Ok((PathBuf::from(path), false));
    }
    let dirs = directories::ProjectDirs::from("", "", "claimlog").context(
        "cannot find a data directory for the database: pass --db PATH or set CLAIMLOG_DB",
    )?;
    Ok((dirs.data_dir().join("claimlog.db"), true))
}

/// Who performs the writes: `--as`, else `$CLAIMLOG_USER`, else what the store says
/// (the login name on SQLite, the connected role on PostgreSQL).
fn actor(given: Option<String>, store: &mut Store) -> Option<String> {
    let non_empty = |s: String| {
        let t = s.trim().to_string();
        (!t.is_empty()).then_some(t)
    };
    given
        .and_then(non_empty)
        .or_else(|| std::env::var("CLAIMLOG_USER").ok().and_then(non_empty))
        .or_else(|| store.default_actor())
}

/// The command as another writer kept waiting reads it ("import", "links check").
fn command_name(command: &Command) -> String {
    let name = format!("{command:?}");
    let verb = name
        .split(['(', ' '])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    match command {
        Command::Links(sub) => {
            let sub = format!("{sub:?}");
            let sub = sub
                .split(['(', ' '])
                .next()
                .unwrap_or_default()
                .to_lowercase();
            format!("links {sub}")
        }
        _ => verb,
    }
}

/// Only commands that record something may create the database.
fn creates_database(command: &Command) -> bool {
    match command {
        Command::Add(_) | Command::Import(_) | Command::Demo(_) | Command::Init => true,
        // A review needs a terminal to ask on and the article elsewhere than stdin;
        // without them it fails before saving, so it must not create a database.
        Command::Extract(args) => {
            args.save
                || args.review
                    && args.file.as_os_str() != "-"
                    && std::io::IsTerminal::is_terminal(&std::io::stdin())
        }
        _ => false,
    }
}

/// The demo's own database, fresh on every run, unless --db names one.
fn demo_db() -> Result<PathBuf> {
    let path = std::env::temp_dir().join("claimlog-demo.db");
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).context("cannot reset the demo database"),
        }
    }
    Ok(path)
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<Status> {
    // Generated from the command line's definition: no database involved.
    match cli.command {
        Command::Completions(args) => {
            commands::completions::completions(args, out)?;
            return Ok(Status::Success);
        }
        Command::Man(args) => {
            commands::completions::man(args, out)?;
            return Ok(Status::Success);
        }
        _ => {}
    }
    let ctx = Context {
        now: now()?,
        format: cli.format,
        quiet: cli.quiet,
    };
    // Two databases of its own, neither of them --db.
    if let Command::Copy(args) = cli.command {
        commands::copy::run(args, &ctx, out)?;
        return Ok(Status::Success);
    }
    let (db, default_location) = match (&cli.db, &cli.command) {
        (Some(path), _) => (path.clone(), false),
        (None, Command::Demo(_)) => (demo_db()?, true),
        (None, _) => default_db()?,
    };
    let create = creates_database(&cli.command);
    let options = OpenOptions {
        create,
        create_dirs: create && (default_location || matches!(cli.command, Command::Init)),
        command: command_name(&cli.command),
        quiet: cli.quiet,
    };
    // Reading an article without saving it needs no database: do not create one.
    let mut store = match &cli.command {
        Command::Extract(_) if !create => Store::open_in_memory()?,
        _ => Store::open_location(&db, &options)?,
    };
    let actor = actor(cli.actor, &mut store);
    store.set_actor(actor);
    let mut command = cli.command;
    if let Command::Serve(args) = &mut command {
        args.db = Some(db);
    }
    commands::dispatch(command, &mut store, &ctx, out)
}
