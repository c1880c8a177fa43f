//! Every clap type of claimlog. The doc comments are the `--help` a fact-checker reads.
//!
//! Values with a closed vocabulary are parsed here into the model's enums, so commands
//! only see valid values. Nothing outside `main.rs` and `commands/` uses this module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  claimlog add \"L'Azerbaïdjan a ouvert le feu\" --by Pashinyan --cue \"a déclaré\" \\
      --via Armenpress --outlet CNN --appeared-in https://edition.cnn.com/... --date 2023-05-01
  claimlog verify 1 --status unable_to_verify --by CNN \\
      --note \"CNN n'a pas été en mesure de vérifier les affirmations des deux parties\"
  claimlog list --unverified --outlet CNN
  claimlog show 1
  claimlog links check            # nightly, from cron: exit 4 when links newly died

Database: --db, else $CLAIMLOG_DB, else the platform data directory
(~/.local/share/claimlog/claimlog.db on Linux). Only init, add, import, extract --save
and demo create it; other commands refuse a missing database.
Exit codes: 0 ok, 1 runtime error, 2 usage error, 3 bad input, 4 newly dead links.";

/// Record claims with who asserted, relayed and reported them, the links they cite and
/// whether they were independently verified; list what is still unverified; check
/// that cited links are still alive.
#[derive(Debug, Parser)]
#[command(name = "claimlog", version, about, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// The database file [default: $CLAIMLOG_DB, else the platform data directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output of listings: a table for people, json or csv for programs. Each listing
    /// command also takes --format itself.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Print nothing but results and errors (no progress, no notes on stderr); `links
    /// check -q` prints only the links newly confirmed dead, nothing on a quiet night
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Tables: show every cell in full, wrapped over several lines, instead of one line
    /// per row cut to the terminal's width ($COLUMNS, else the terminal, else 100 when
    /// piped)
    #[arg(long, global = true)]
    pub wide: bool,

    /// Who is recording, kept with every event, edit and retraction
    /// [default: $CLAIMLOG_USER, else the login name]
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub actor: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// An aligned table for reading in a terminal
    Table,
    /// JSON (an array for listings, an object for one record), fields as in the README
    Json,
    /// CSV with a header row, for spreadsheets
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record a claim: its text, who asserted it, who relayed and published it, its links.
    /// The same speaker and text again adds the new route as another appearance
    Add(AddArgs),
    /// Add another publication of a recorded claim: outlet, relays, cue, wording, URL
    #[command(subcommand)]
    Appearance(AppearanceCommand),
    /// Merge claim FROM into claim INTO, when a person decides they are the same
    /// statement: FROM's appearances, links and tags move to INTO, its events show in
    /// INTO's history, and `show FROM` says where it went. Recorded for good
    Merge(MergeArgs),
    /// Recorded claims that are probably the same statement as claim ID or as --text,
    /// best first, with a score from 0 to 1 (same or another speaker; accents, case,
    /// word order and plurals ignored; a changed figure or a negation lowers it)
    Similar(SimilarArgs),
    /// List claims, newest first, filtered
    List(ListArgs),
    /// Show one claim in full: every route speaker → relays → outlet, links and their
    /// checks, history
    Show(ShowArgs),
    /// Record a verification event: a new verification status and, after a fact-check, a verdict
    Verify(VerifyArgs),
    /// Change a claim; its previous version is kept in its history
    Edit(EditArgs),
    /// List, inspect, alias and merge sources (speakers, relays, outlets, verifiers)
    #[command(subcommand)]
    Sources(SourcesCommand),
    /// Check, list and trace the links claims cite
    #[command(subcommand)]
    Links(LinksCommand),
    /// Import claims from a file (JSONL as written by export, CSV, ClaimReview JSON-LD)
    Import(ImportArgs),
    /// Export claims (all, or those the list filters select)
    Export(ExportArgs),
    /// Propose attributed claims and verification disclaimers found in an article's text
    Extract(ExtractArgs),
    /// Write an HTML report of the claims the list filters select
    Report(ReportArgs),
    /// Load the bundled sample claims into a fresh database and show what is unverified
    Demo(DemoArgs),
    /// Print a completion script for your shell: claimlog completions bash >
    /// ~/.local/share/bash-completion/completions/claimlog
    Completions(CompletionsArgs),
    /// Print the manual page (man 1), or write one page per command with --dir
    Man(ManArgs),
    /// Create an empty database (and its directory) at --db, $CLAIMLOG_DB or the default path
    Init,
    /// Void a verification event, or withdraw a claim logged in error; both are kept
    /// in the history with who and why
    #[command(subcommand)]
    Retract(RetractCommand),
    /// Serve the record to browsers: the queue, each claim, a dashboard and a JSON API
    #[command(after_help = SERVE_HELP)]
    Serve(ServeArgs),
    /// Manage who may sign in to `claimlog serve` and their API tokens
    #[command(subcommand)]
    Users(UsersCommand),
    /// Assign a claim to a person on the desk (recorded with who assigned it):
    /// claimlog assign 12 --to alice
    Assign(AssignArgs),
    /// Move a claim through the desk's workflow, apart from its verification:
    /// claimlog workflow 12 in_progress
    Workflow(WorkflowArgs),
    /// Copy a whole database into an empty one, SQLite or PostgreSQL either way: claims,
    /// history, aliases and link-check history, with their ids. How a desk moves its
    /// file onto the server: claimlog copy --from claims.db --to postgres://HOST/DB
    Copy(CopyArgs),
}

const SERVE_HELP: &str = "\
With no users, serve on a loopback address prints a one-time URL carrying a random token
(http://127.0.0.1:8080/?token=...): only a browser that opened it gets in. With users
(`claimlog users add`), every page needs a sign-in and the API a token
(Authorization: Bearer ...). A non-loopback address needs users.

Examples:
  claimlog serve                             # http://127.0.0.1:8080, one-time URL printed
  claimlog serve --bind 0.0.0.0:8080         # for the desk (users needed)
  claimlog serve --read-only                 # browse and the API's GETs, no changes";

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,

    /// Refuse every change: pages and the API only read
    #[arg(long)]
    pub read_only: bool,

    /// The database as given (a file or a postgres:// URL), set by main: every request
    /// opens its own store on it.
    #[arg(skip)]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user: claimlog users add alice --role checker --password-stdin < pw.txt
    Add(UsersAddArgs),
    /// Every user with their role and how many API tokens they hold
    List {
        /// Print as table, json or csv [default: table, or the --format given before the command]
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<OutputFormat>,
    },
    /// Remove a user and their tokens; what they recorded keeps their name
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Print a new API token for a user (shown once; only its hash is kept)
    Token {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct UsersAddArgs {
    /// The name the user signs in with, recorded as the actor of what they do
    #[arg(value_name = "NAME")]
    pub name: String,

    /// viewer (reads), checker (adds and verifies), editor (also edits, merges and
    /// retracts), admin (also manages users)
    #[arg(long, value_name = "ROLE")]
    pub role: String,

    /// Read the user's password from the first line of standard input (without it,
    /// the user signs in with API tokens only)
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct AssignArgs {
    /// The claim's id, as `list` prints it (42 or #42)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Who works on it; "" unassigns it
    #[arg(long, value_name = "NAME")]
    pub to: String,
}

#[derive(Debug, Args)]
pub struct WorkflowArgs {
    /// The claim's id, as `list` prints it (42 or #42)
    #[arg(value_name = "ID")]
    pub id: String,

    /// to_do, in_progress, in_review or done
    #[arg(value_name = "STATE")]
    pub state: String,
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The database to copy: a file path or a postgres:// URL
    #[arg(long, value_name = "DB")]
    pub from: PathBuf,
    /// The empty database to copy into (created if missing): a file path or a
    /// postgres:// URL
    #[arg(long, value_name = "DB")]
    pub to: PathBuf,
    /// Output format of the summary
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write claimlog.1 and a page per command (claimlog-links-check.1, ...) into this
    /// directory instead of printing the main page: claimlog man --dir ~/.local/share/man/man1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RetractCommand {
    /// Void one verification event (its number is in `claimlog show ID`); the claim's
    /// state becomes its latest remaining event
    Event(RetractArgs),
    /// Withdraw a claim logged in error: hidden from listings (see `list
    /// --include-withdrawn`), kept in exports and in `show`
    Claim(RetractArgs),
}

#[derive(Debug, Args)]
pub struct RetractArgs {
    /// `retract event`: the event number shown by `show`; `retract claim`: the claim id
    #[arg(value_name = "ID")]
    pub id: String,

    /// Why, for whoever reads the history later: --reason "recorded on the wrong claim"
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// A claim's sources and links, shared by `add` and `edit`.
#[derive(Debug, Args, Clone, Default)]
pub struct ClaimLinkArgs {
    /// Where the claim was made: the tweet, the communiqué, the video (repeatable)
    #[arg(long = "url", value_name = "URL")]
    pub source_urls: Vec<String>,

    /// An article reporting the claim (repeatable)
    #[arg(long = "appeared-in", value_name = "URL")]
    pub appeared_in: Vec<String>,

    /// Material used to verify the claim (repeatable)
    #[arg(long = "evidence-url", value_name = "URL")]
    pub evidence_urls: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The claim, in the words of the record (quote marks not needed)
    pub text: String,

    /// Who asserted it: a person, an organisation, an unnamed group
    /// ("informations officielles arméniennes")
    #[arg(long, value_name = "NAME")]
    pub by: String,

    /// The reporting expression as written: "a déclaré", "selon", "according to"
    #[arg(long, value_name = "CUE")]
    pub cue: Option<String>,

    /// A source it passed through, in order: --via Armenpress for "cité par Armenpress"
    #[arg(long, value_name = "NAME")]
    pub via: Vec<String>,

    /// The publication we read it in (CNN)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Record this as an appearance of claim ID instead (as `similar` suggests): the
    /// text becomes the appearance's wording when it differs from the claim's
    #[arg(long, value_name = "ID")]
    pub to: Option<String>,

    #[command(flatten)]
    pub links: ClaimLinkArgs,

    /// When the claim was made
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Language of the text, as a code: fr, en
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// A label to group claims by (repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

/// The filters of `list`, shared by `export` and `report`.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only claims nobody could verify yet: verification unverified or unable_to_verify
    #[arg(long)]
    pub unverified: bool,

    /// Only claims in this verification state (repeatable)
    #[arg(long, value_name = "V")]
    pub verification: Vec<String>,

    /// Only claims with this verdict (repeatable)
    #[arg(long, value_name = "V")]
    pub verdict: Vec<String>,

    /// Only claims asserted by this source (any of its names or aliases)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// Only claims with an appearance in this outlet
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Only claims with an appearance relayed by this source: --via AFP
    #[arg(long, value_name = "NAME")]
    pub via: Option<String>,

    /// Only claims published two times or more whose routes all begin at one origin
    /// (forty outlets reprinting one AFP dispatch): widely reported, one source
    #[arg(long)]
    pub single_origin: bool,

    /// Only claims with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only claims this person recorded or acted on (added, added an appearance to,
    /// edited, verified, retracted or merged into), as recorded with --as,
    /// $CLAIMLOG_USER, the login name or the PostgreSQL role; "me" is whoever runs
    /// the command
    #[arg(long, value_name = "NAME")]
    pub by_actor: Option<String>,

    /// Only claims made on or after this date (else recorded on or after it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,

    /// Only claims made on or before this date
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,

    /// Only claims with a link confirmed dead by `links check`
    #[arg(long)]
    pub dead_links: bool,

    /// Full-text search in claim text and speaker names; accents and case are ignored,
    /// every word must match, `word*` matches a prefix: --search "deploiement russe"
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Also claims withdrawn as logged in error (hidden otherwise; exports keep them)
    #[arg(long, conflicts_with = "withdrawn")]
    pub include_withdrawn: bool,

    /// Only claims withdrawn as logged in error
    #[arg(long)]
    pub withdrawn: bool,

    /// Only claims in this language (its code: fr, en)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// Only claims assigned to this person (`me`: whoever --as names)
    #[arg(long, value_name = "NAME")]
    pub assigned_to: Option<String>,

    /// Only claims in this workflow state: to_do, in_progress, in_review, done (repeatable)
    #[arg(long, value_name = "STATE")]
    pub workflow: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Show at most N claims
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The claim's id, as `list` prints it (42 or #42)
    #[arg(value_name = "ID")]
    pub id: String,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(value_name = "ID")]
    pub id: String,

    /// The verification state now: unverified, unable_to_verify, partially_verified, verified
    #[arg(long, value_name = "V")]
    pub status: String,

    /// The rating after a fact-check: true, mostly_true, mixed, mostly_false, false,
    /// misleading, unverifiable, other
    #[arg(long, value_name = "V")]
    pub verdict: Option<String>,

    /// Who verified (or tried to): an outlet, a fact-checking desk, a person
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// What was checked, or the outlet's own words ("CNN n'a pas été en mesure de vérifier")
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// A URL of the material used; it is added to the claim's links as evidence
    #[arg(long, value_name = "URL")]
    pub evidence: Option<String>,

    /// When it was verified [default: now]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub at: Option<String>,

    /// The appearance this is about, numbered as `show` numbers them: CNN's "unable to
    /// verify" is about CNN's report
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub appearance: Option<u32>,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    #[arg(value_name = "ID")]
    pub id: String,

    /// New text (the previous text is kept in the claim's revisions)
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// New speaker
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// New cue: the reporting expression as written ("a affirmé")
    #[arg(long, value_name = "CUE")]
    pub cue: Option<String>,

    /// Replace the relays (repeatable, in order)
    #[arg(long, value_name = "NAME")]
    pub via: Vec<String>,

    /// Remove every relay
    #[arg(long, conflicts_with = "via")]
    pub no_via: bool,

    /// New outlet ("" removes it)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// New date the claim was made
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// New language code (fr, en)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// Add a tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Remove a tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub untag: Vec<String>,

    #[command(flatten)]
    pub links: ClaimLinkArgs,

    /// Why the claim was changed; kept with the revision
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Subcommand)]
pub enum AppearanceCommand {
    /// Record one more publication of claim ID:
    /// claimlog appearance add 1 --outlet "Le Monde" --via AFP --cue selon \
    ///     --wording "..." --url https://www.lemonde.fr/... --date 2023-09-20
    Add(AppearanceAddArgs),
    /// Correct appearance N of claim ID (numbered as `show` numbers them); what it was
    /// is kept in the claim's revisions:
    /// claimlog appearance edit 1 2 --outlet "Le Figaro" --via AFP --note "outlet misread"
    Edit(AppearanceEditArgs),
    /// Take appearance N of claim ID out of its listings and exports, saying why; the
    /// claim's revisions keep what it was:
    /// claimlog appearance remove 1 2 --reason "duplicate of appearance 1"
    Remove(AppearanceRemoveArgs),
}

#[derive(Debug, Args)]
pub struct AppearanceEditArgs {
    /// The claim's id, as `list` prints it (42 or #42)
    #[arg(value_name = "ID")]
    pub id: String,

    /// The appearance's number, as `show` prints it (1 is the first)
    #[arg(value_name = "N")]
    pub number: usize,

    /// New outlet ("" removes it)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Replace the relays (repeatable, in order)
    #[arg(long, value_name = "NAME")]
    pub via: Vec<String>,

    /// Remove every relay
    #[arg(long, conflicts_with = "via")]
    pub no_via: bool,

    /// New cue as written ("" removes it)
    #[arg(long, value_name = "CUE")]
    pub cue: Option<String>,

    /// New wording as published ("" removes it)
    #[arg(long, value_name = "TEXT")]
    pub wording: Option<String>,

    /// New language code ("" removes it)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// New URL of the publication
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// New day it was published (or seen)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Why, kept with the revision
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct AppearanceRemoveArgs {
    /// The claim's id, as `list` prints it (42 or #42)
    #[arg(value_name = "ID")]
    pub id: String,

    /// The appearance's number, as `show` prints it (1 is the first)
    #[arg(value_name = "N")]
    pub number: usize,

    /// Why it is removed, kept with the revision
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct AppearanceAddArgs {
    /// The claim's id, as `list` prints it (42 or #42)
    #[arg(value_name = "ID")]
    pub id: String,

    /// The publication it appeared in
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// A source it passed through on this route, in order (repeatable)
    #[arg(long, value_name = "NAME")]
    pub via: Vec<String>,

    /// The reporting expression as written: "selon", "according to"
    #[arg(long, value_name = "CUE")]
    pub cue: Option<String>,

    /// The words as published, when they differ from the claim's text (a translation,
    /// a paraphrase)
    #[arg(long, value_name = "TEXT")]
    pub wording: Option<String>,

    /// Language of the publication, as a code: fr, en
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// The publication's URL
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The day it was published (or seen)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The claim to look for others like (42 or #42)
    #[arg(
        value_name = "ID",
        conflicts_with = "text",
        required_unless_present = "text"
    )]
    pub id: Option<String>,

    /// A text to look for instead of a recorded claim
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,

    /// List candidates scoring at least this [default: 0.6, the score at which a
    /// candidate is `likely`]
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,

    /// Show at most N candidates
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The claim that goes away (its record stays, marked merged)
    #[arg(value_name = "FROM")]
    pub from: String,

    /// The claim that remains
    #[arg(value_name = "INTO")]
    pub into: String,

    /// Why they are the same statement; kept with the merge
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Every source with its aliases and how many claims it asserted, relayed, reported
    List {
        /// Print as table, json or csv [default: table, or the --format given before the command]
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<OutputFormat>,
    },
    /// One source, found by any of its names
    Show {
        name: String,
        /// Print as table, json or csv [default: table, or the --format given before the command]
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<OutputFormat>,
    },
    /// Make ALIAS another name of NAME: claimlog sources alias "Nikol Pashinyan" Pashinyan
    Alias {
        name: String,
        alias: String,
        /// Print as table, json or csv [default: table, or the --format given before the command]
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<OutputFormat>,
    },
    /// Merge FROM into INTO: every claim, relay and event of FROM moves to INTO and
    /// FROM's name becomes an alias of INTO
    Merge {
        from: String,
        into: String,
        /// Print as table, json or csv [default: table, or the --format given before the command]
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<OutputFormat>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinksCommand {
    /// Check every link not checked recently; exit 4 when links were newly confirmed dead
    #[command(after_help = LINKS_CHECK_HELP)]
    Check(LinksCheckArgs),
    /// List links with their latest check and the claims citing them
    List(LinksListArgs),
    /// Every check of one link, oldest first
    History(LinksHistoryArgs),
    /// Keep a WARC copy of each cited page not captured recently
    #[command(after_help = LINKS_ARCHIVE_HELP)]
    Archive(LinksArchiveArgs),
    /// Every capture of one link, oldest first
    Captures(LinksCapturesArgs),
    /// Write a captured page's body (content encoding undone) to stdout
    Replay(LinksReplayArgs),
    /// What changed in a page's article between the last two versions `links check` saw
    Diff(LinksDiffArgs),
    /// Find public web archives' copies (mementos) of dead, blocked or changed pages
    #[command(after_help = LINKS_MEMENTO_HELP)]
    Memento(LinksMementoArgs),
}

const LINKS_MEMENTO_HELP: &str = "\
Each TimeGate is asked, in the order given, for its copy of the page nearest the date the
claim was made (noon UTC that day; else the day the link was first recorded), following
RFC 7089: `Accept-Datetime` on a request to the TimeGate prefix followed by the URL, a
redirect to the memento, its `Memento-Datetime`. The first TimeGate holding a copy
answers; the others are not asked. Every answer is recorded; the memento found shows as
the link's \"archived copy\" in `show`, `links list`, exports and the HTML report.

The archive's own rules are respected: by default at most 2 requests at once and 1 a
second to one archive, with the retries and address guard of `links check`.

Examples:
  claimlog links memento                     # dead, blocked and changed links
  claimlog links memento --all --timegate https://web.archive.org/web/ \\
      --timegate https://archive.example.org/timegate/";

#[derive(Debug, Args)]
#[command(
    mut_arg("per_host", |a| a.default_value("2")),
    mut_arg("host_rate", |a| a.default_value("1"))
)]
pub struct LinksMementoArgs {
    /// Ask about links that are dead or failing, blocked, changed or lost a quotation,
    /// and have no memento yet (the default)
    #[arg(long, conflicts_with = "all")]
    pub dead: bool,

    /// Ask about every link, even those with a memento
    #[arg(long)]
    pub all: bool,

    /// A TimeGate: a prefix the page's URL is appended to (repeatable, asked in order)
    #[arg(
        long = "timegate",
        value_name = "URL",
        default_value = "https://web.archive.org/web/"
    )]
    pub timegates: Vec<String>,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct LinksDiffArgs {
    /// The link, as cited (it is normalised the same way as when recorded)
    pub url: String,
}

const LINKS_CHECK_HELP: &str = "\
Outcomes: ok, redirected (moved permanently), changed (the page text differs from the
last good check), broken (404, 410, redirect loop), soft_404 (a page saying \"not found\",
or an article redirected to the home page), server_error (5xx), timeout, unreachable
(DNS, connection, TLS), blocked (401, 403, 451, other 4xx, login walls: not proof of
death), rate_limited (429), refused (a private or loopback address).

A link is dead only after failing (broken, unreachable, soft_404) on checks spanning
--confirm-after; one blip never flags it. A good check clears it.

Results are saved as they come: an interrupted run keeps them, and the next run checks
only the rest.

Examples:
  claimlog -q links check                    # nightly from cron: prints only newly dead
                                             # links (exit 4), nothing on a quiet night
  claimlog links check --format json -q      # a summary for scripts
  claimlog links check --all --per-host 2 --host-rate 1   # everything, very gently";

#[derive(Debug, Args)]
pub struct LinksCheckArgs {
    /// Check only links whose last check is older than this (24h, 30min, 7days). A tenth
    /// of it (at most an hour) is forgiven, so that a nightly run re-checks what the
    /// previous night's run checked a few minutes in
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_duration)]
    pub stale_after: std::time::Duration,

    /// Check every link, however recently checked
    #[arg(long)]
    pub all: bool,

    /// A link is dead only after failing on checks spanning at least this long (0s: at
    /// once). As with --stale-after, a tenth of it (at most an hour) is forgiven
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_duration)]
    pub confirm_after: std::time::Duration,

    /// A page is `changed` when at least this many words of its article were removed or
    /// added since the last good check. The article is the page's main text: menus,
    /// sidebars, "most read" lists, ads, cookie banners and phrases such as "updated 5
    /// minutes ago" or "132 comments" are left out
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_changed_words: u32,

    /// Also keep a WARC capture of each page fetched (the check's own request, no second
    /// fetch); see `claimlog links archive`
    #[arg(long)]
    pub archive: bool,

    #[command(flatten)]
    pub capture: CaptureArgs,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

/// How links are fetched: shared by `links check`, `links archive` and `links memento`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Requests in flight at once, over all hosts
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub concurrency: u32,

    /// Requests in flight at once to one host (0 = unlimited)
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub per_host: u32,

    /// Requests started per second to one host (0 = unlimited)
    #[arg(long, value_name = "N", default_value_t = 10.0, value_parser = parse_rate)]
    pub host_rate: f64,

    /// Give up on a request after this long
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    /// Retries after a reset connection, a 5xx or a 429 (a timeout is retried once at most)
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,

    /// Wait before the first retry; each further retry waits twice as long, ±50%
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = parse_duration)]
    pub retry_backoff: std::time::Duration,

    /// Longest wait before a retry, even when a site's Retry-After asks for more
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub max_retry_wait: std::time::Duration,

    /// The User-Agent header sent to sites [default: claimlog/VERSION (link liveness
    /// check of cited sources)]
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,

    /// Also fetch links whose host is a loopback, private or link-local address
    /// (refused by default: a cited link must not reach into your network)
    #[arg(long)]
    pub allow_private: bool,

    /// Fetch this one private address anyway, e.g. an intranet server (repeatable):
    /// --allow-address 10.0.0.12
    #[arg(long, value_name = "IP")]
    pub allow_address: Vec<std::net::IpAddr>,
}

/// Where and how much captures keep.
#[derive(Debug, Args)]
pub struct CaptureArgs {
    /// The directory of WARC files [default: $CLAIMLOG_ARCHIVE, else a directory beside
    /// the database named after it: claims.db -> claims-archive/]
    #[arg(long, value_name = "DIR", env = "CLAIMLOG_ARCHIVE")]
    pub archive_dir: Option<PathBuf>,

    /// Bytes of a page's body kept at most (20MiB, 512KiB); a longer body is kept up to
    /// this much and its record marked truncated
    #[arg(long, value_name = "SIZE", default_value = "20MiB", value_parser = parse_size)]
    pub capture_cap: u64,
}

const LINKS_ARCHIVE_HELP: &str = "\
A capture is the page itself as served (HTTP headers and body), not its images, scripts
or style sheets. Captures go to WARC/1.1 files (gzip per record) that any web archive
tool reads (warcio, pywb, ReplayWeb.page). A page whose body is the same as at its last
capture gets a small revisit record instead of a second copy.

Examples:
  claimlog links archive                     # links not captured in the last 7 days
  claimlog links archive --all --archive-dir /srv/claimlog/warcs
  claimlog links captures https://example.org/a
  claimlog links replay https://example.org/a --at 2025-01-01 > page.html";

#[derive(Debug, Args)]
pub struct LinksArchiveArgs {
    /// Capture only links whose last capture is older than this (7days, 24h). A tenth of
    /// it (at most an hour) is forgiven
    #[arg(long, value_name = "DURATION", default_value = "7days", value_parser = parse_duration)]
    pub stale_after: std::time::Duration,

    /// Capture every link, however recently captured
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub capture: CaptureArgs,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct LinksCapturesArgs {
    /// The link, as cited (it is normalised the same way as when recorded)
    pub url: String,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct LinksReplayArgs {
    /// The link, as cited (it is normalised the same way as when recorded)
    pub url: String,

    /// The capture nearest this time (2025-01-31, 2025-01-31T08:00:00Z) [default: the
    /// latest capture]
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,

    /// Print the HTTP status line and headers before the body
    #[arg(long)]
    pub headers: bool,

    /// The directory of WARC files [default: $CLAIMLOG_ARCHIVE, else the one beside the
    /// database, as for `links archive`]
    #[arg(long, value_name = "DIR", env = "CLAIMLOG_ARCHIVE")]
    pub archive_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LinksListArgs {
    /// Only links whose latest check had this outcome: ok, redirected, broken,
    /// server_error, timeout, unreachable, blocked, rate_limited, soft_404, changed, refused
    #[arg(long, value_name = "OUTCOME")]
    pub outcome: Option<String>,

    /// Only links confirmed dead
    #[arg(long)]
    pub dead: bool,

    /// Show at most N links
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct LinksHistoryArgs {
    /// The link, as cited (it is normalised the same way as when recorded)
    pub url: String,

    /// Print as table, json or csv [default: table, or the --format given before the command]

    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

/// Interchange formats of `import` and `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// One JSON claim per line, every field and the whole history (lossless)
    Jsonl,
    /// One row per claim with a header row, for spreadsheets
    Csv,
    /// schema.org ClaimReview JSON-LD, the format fact-checks are published in
    Claimreview,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read, or - for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The file's format [default: from the extension, else jsonl]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FileFormat>,

    /// CSV: which of the file's columns holds each claimlog field, as FIELD=COLUMN
    /// pairs; fields are the names of the export's header, columns are the file's
    /// header names, or numbers from 1 (when the file has no header row, or a name holds
    /// a comma). Fields left out are read from a column of the same name, if any;
    /// relays, links and tags may take several columns.
    /// Example: --map text=statement,speaker=who,claimed_on=date,links=url
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    pub map: Option<String>,

    /// CSV: the file has no header row; address its columns by number in --map
    #[arg(long)]
    pub no_header: bool,

    /// CSV: the field separator, one character, or `tab` [default: a comma, or tab for .tsv]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// CSV and ClaimReview: a rating label that maps to no verdict ("Bof") is an error
    /// instead of being imported as `other` with the label kept and a warning
    #[arg(long)]
    pub strict: bool,

    /// Record every valid item and set the invalid ones aside, instead of importing
    /// nothing when one item is invalid. Exits 0 when anything was recorded, 3 when
    /// nothing was valid. Example: --skip-invalid --rejects rejects.jsonl
    #[arg(long)]
    pub skip_invalid: bool,

    /// With --skip-invalid: write each item set aside to FILE, one JSON line each:
    /// {"position": N, "reason": "...", "item": the item as it came}
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,

    /// CSV: read a quoted cell that runs over a line break and then holds a stray quote
    /// as one cell, with a warning, instead of refusing the file (such a cell is
    /// usually an unterminated quote swallowing the records after it)
    #[arg(long)]
    pub lenient: bool,
}

/// Language of the textual ratings written in ClaimReview (`alternateName`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatingLang {
    /// True, Mostly true, Mixed, Mostly false, False, Misleading, Unverifiable, Other
    En,
    /// Vrai, Plutôt vrai, Mitigé, Plutôt faux, Faux, Trompeur, Invérifiable, Autre
    Fr,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// The format to write
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "jsonl")]
    pub format: FileFormat,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// CSV: the field separator, one character, or `tab` [default: ,]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// CSV: start with a UTF-8 byte order mark, for spreadsheet programs that need one
    /// to read accents correctly (Excel)
    #[arg(long)]
    pub bom: bool,

    /// ClaimReview: language of the textual ratings
    #[arg(long, value_enum, value_name = "LANG", default_value = "en")]
    pub rating_lang: RatingLang,

    /// ClaimReview: where your fact-checks are published; a review's `url` is this
    /// followed by the claim's id (or this with `{id}` replaced by it), unless the
    /// review was itself imported from a ClaimReview (it keeps its URL). Without it, a
    /// review that has no URL of its own is left out with a warning.
    /// Example: `--review-url-base https://factcheck.example.org/claims/`
    #[arg(long, value_name = "URL")]
    pub review_url_base: Option<String>,

    /// ClaimReview: the organisation publishing the reviews; it is the `publisher`, and
    /// the `author` of reviews whose verification event names nobody
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The article: a text file, - for standard input, or an http(s) URL to fetch
    /// (its main text is read, and its metadata give the defaults of --outlet,
    /// --date, --lang and --url)
    #[arg(value_name = "FILE|URL")]
    pub file: PathBuf,

    /// The article's language [default: the page's, else detected]
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,

    /// The article's URL, recorded as each saved claim's appearance [default: the
    /// URL fetched]
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The outlet that published the article [default: the page's og:site_name or
    /// JSON-LD publisher]
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Store the candidates at or above --min-confidence as claims (and disclaimers
    /// as unable_to_verify events); the others are listed as "not saved: to review"
    #[arg(long, conflicts_with = "review")]
    pub save: bool,

    /// With --save: the lowest confidence saved without review, from 0 to 1. The
    /// default keeps what was right 95 times in 100 on articles never tuned on
    #[arg(long, value_name = "X", requires = "save", value_parser = parse_confidence)]
    pub min_confidence: Option<f64>,

    /// Walk through the candidates on the terminal (accept, edit, skip, quit) and
    /// save the accepted ones
    #[arg(long)]
    pub review: bool,

    /// With --save or --review: the article's publication date, recorded on each
    /// saved appearance and as the date its claims were made [default: the page's]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,

    /// Fetch a URL even when it resolves to a private, loopback or link-local
    /// address (an intranet, a test server)
    #[arg(long)]
    pub allow_private: bool,

    /// Print as table, json or csv [default: table, or the --format given before the command]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// The HTML file to write
    #[arg(long, value_name = "FILE")]
    pub html: PathBuf,

    /// The report's title
    #[arg(long, value_name = "TEXT", default_value = "Claims")]
    pub title: String,

    /// Put at most N claims in the page (the counts still cover every claim selected)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The JSONL file to load [default: the sample bundled in the binary]
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
}

fn parse_confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "invalid confidence {s:?}: expected a number from 0 to 1 such as 0.85"
        )),
    }
}

/// A size in bytes: `20MiB`, `512KiB`, `1MB`, `4096`.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size: write e.g. 20MiB, 512KiB or 4096"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "kib" | "k" => 1 << 10,
        "mb" => 1_000_000,
        "mib" | "m" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" | "g" => 1 << 30,
        _ => return Err(format!("{s:?} has an unknown unit: use B, KiB, MiB or GiB")),
    };
    match n.checked_mul(factor) {
        Some(0) | None => Err(format!("{s:?} must be between 1 byte and 16 EiB")),
        Some(v) => Ok(v),
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r.is_finite() && r >= 0.0 => Ok(r),
        _ => Err(format!(
            "invalid rate {s:?}: expected requests per second such as 10 or 0.5 (0 = unlimited)"
        )),
    }
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(s)
        .map_err(|e| format!("invalid duration {s:?}: {e}; write it like 20s, 30min, 24h, 7days"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
