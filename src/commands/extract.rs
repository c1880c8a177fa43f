//! `claimlog extract FILE|URL|-`: propose the attributed claims and verification
//! disclaimers of an article; with `--save` record those the extractor is sure of,
//! with `--review` walk a person through them first.
//!
//! A URL is fetched with the link checker's client and address guard
//! (`linkcheck::page`), its main text read by `maintext`, and its metadata give the
//! defaults of `--outlet`, `--date`, `--lang` and `--url`.

use std::io::{BufRead, IsTerminal, Read, Write};

use anyhow::{Context as _, Result};

use super::{Context, Out};
use crate::cli::ExtractArgs;
use crate::error::DataError;
use crate::extract::{Candidate, CandidateKind, DEFAULT_MIN_CONFIDENCE, Lang, extract_bytes};
use crate::links::NormalizedUrl;
use crate::model::{Date, Verification};
use crate::render::{self, Listing, shorten};
use crate::store::{NewAppearance, NewClaim, NewEvent, Store};

/// An article (a file, standard input or a fetched page) larger than this is
/// refused before it is read whole: the record limit of every format
/// (`formats::MAX_RECORD_BYTES`, 16 MiB), far above any real article, and what keeps
/// `extract --save` within a few hundred MiB.
const MAX_ARTICLE_BYTES: usize = crate::formats::MAX_RECORD_BYTES;

impl Listing for Candidate {
    fn table_header() -> Vec<&'static str> {
        vec!["kind", "speaker", "cue", "text", "via", "flags", "conf"]
    }

    fn table_row(&self) -> Vec<String> {
        let mut flags = Vec::new();
        if self.conditional {
            flags.push("conditional");
        }
        if self.denial {
            flags.push("denial");
        }
        vec![
            kind_name(self.kind).to_string(),
            self.speaker
                .as_deref()
                .map(|s| shorten(s, 40))
                .unwrap_or_else(|| "?".into()),
            self.cue.clone().unwrap_or_default(),
            shorten(&self.text, 80),
            self.via.join(" → "),
            flags.join(", "),
            format!("{:.2}", self.confidence),
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        vec![
            "kind",
            "speaker",
            "cue",
            "text",
            "via",
            "conditional",
            "denial",
            "confidence",
            "start",
            "end",
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        vec![
            kind_name(self.kind).to_string(),
            self.speaker.clone().unwrap_or_default(),
            self.cue.clone().unwrap_or_default(),
            self.text.clone(),
            crate::formats::csv::encode_list(&self.via),
            self.conditional.to_string(),
            self.denial.to_string(),
            format!("{:.2}", self.confidence),
            self.start.to_string(),
            self.end.to_string(),
        ]
    }
}

fn kind_name(kind: CandidateKind) -> &'static str {
    match kind {
        CandidateKind::Claim => "claim",
        CandidateKind::Disclaimer => "disclaimer",
    }
}

/// Where the article comes from.
enum Input<'a> {
    Stdin,
    File(&'a std::path::Path),
    Url(url::Url),
}

fn input(args: &ExtractArgs) -> Input<'_> {
    if args.file.as_os_str() == "-" {
        return Input::Stdin;
    }
    let text = args.file.to_string_lossy();
    if (text.starts_with("http://") || text.starts_with("https://"))
        && let Ok(url) = url::Url::parse(&text)
    {
        return Input::Url(url);
    }
    Input::File(&args.file)
}

fn too_large(what: &str) -> anyhow::Error {
    DataError::new(format!(
        "{what} is larger than {} MiB, the size limit of an article: split it into articles",
        MAX_ARTICLE_BYTES >> 20
    ))
    .into()
}

fn read_article(input: &Input<'_>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = MAX_ARTICLE_BYTES as u64 + 1;
    let what = match input {
        Input::Stdin => {
            std::io::stdin()
                .take(limit)
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            "standard input".to_owned()
        }
        Input::File(path) => {
            let what = path.display().to_string();
            std::fs::File::open(path)
                .with_context(|| format!("cannot read {what}"))?
                .take(limit)
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {what}"))?;
            what
        }
        Input::Url(_) => unreachable!("pages are fetched, not read"),
    };
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(too_large(&what));
    }
    Ok(bytes)
}

/// What a fetched page tells about itself, used as defaults.
#[derive(Debug, Default)]
struct PageFacts {
    outlet: Option<String>,
    date: Option<Date>,
    lang: Option<Lang>,
    url: Option<String>,
}

/// Fetches a page with the link checker's client and guard, and returns its main
/// text (title first) and what its metadata say.
fn fetch(url: &url::Url, allow_private: bool) -> Result<(Vec<u8>, PageFacts)> {
    use crate::linkcheck::{Checker, CheckerConfig, guard::AddressPolicy, page::PageError};
    let config = CheckerConfig {
        policy: AddressPolicy {
            allow_private,
            allowed: Vec::new(),
        },
        ..CheckerConfig::default()
    };
    let checker = Checker::new(config)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the HTTP runtime")?;
    let page = runtime
        .block_on(checker.fetch_page(url, MAX_ARTICLE_BYTES))
        .map_err(|e| -> anyhow::Error {
            match e {
                PageError::TooLarge { .. } => too_large(url.as_str()),
                PageError::Refused(r) => DataError::new(format!(
                    "{r}; to read an intranet or test page: claimlog extract --allow-private URL"
                ))
                .into(),
                other => anyhow::anyhow!("cannot fetch the article: {other}"),
            }
        })?;
    let plain = page
        .content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("text/plain"));
    if plain {
        let facts = PageFacts {
            url: Some(url.to_string()),
            ..PageFacts::default()
        };
        return Ok((page.body, facts));
    }
    let html = String::from_utf8_lossy(&page.body);
    let main = crate::maintext::extract(&html, Some(&page.final_url));
    let mut text = String::with_capacity(main.text.len() + main.title.len() + 2);
    if !main.title.is_empty() && !main.text.starts_with(&main.title) {
        text.push_str(&main.title);
        text.push_str("\n\n");
    }
    text.push_str(&main.text);
    let facts = PageFacts {
        outlet: main.site_name.filter(|s| !s.trim().is_empty()),
        date: main.published.as_deref().and_then(page_date),
        lang: main
            .lang
            .as_deref()
            .and_then(|l| l.split(['-', '_']).next())
            .and_then(|l| l.parse().ok()),
        url: Some(url.to_string()),
    };
    Ok((text.into_bytes(), facts))
}

/// "2015-04-30T07:19:58+02:00" -> 2015-04-30: the day the page says it was published.
fn page_date(published: &str) -> Option<Date> {
    let day = published.trim().get(..10)?;
    super::parse_opt_date(&Some(day.to_owned()), "published").ok()?
}

/// What `--save` did.
#[derive(Debug, Default)]
struct Saved {
    added: usize,
    /// The claims recorded new, with their text, for "looks like #12" notes.
    new: Vec<(crate::model::ClaimId, String)>,
    existing: usize,
    unattributed: usize,
    events: usize,
    disclaimers_without_verifier: usize,
}

/// The article being saved: one appearance of each claim saved from it.
struct Appearance {
    lang: Lang,
    url: Option<NormalizedUrl>,
    outlet: Option<String>,
    date: Option<Date>,
}

pub fn run(args: ExtractArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let mut lang = args
        .lang
        .as_deref()
        .map(|l| {
            l.parse::<Lang>()
                .map_err(|e| DataError::new(format!("--lang: {e}")))
        })
        .transpose()?;
    let mut date = super::parse_opt_date(&args.date, "--date")?;
    let mut given_url = args.url.clone();
    let mut outlet = args.outlet.clone();
    let source = input(&args);
    if args.review && matches!(source, Input::Stdin) {
        return Err(DataError::new(
            "--review reads your answers from the terminal: give the article as a file or a URL, not -",
        )
        .into());
    }
    if args.review && !std::io::stdin().is_terminal() {
        return Err(DataError::new(
            "--review needs a terminal to ask on; to save without asking use --save",
        )
        .into());
    }
    let bytes = match &source {
        Input::Url(url) => {
            let (bytes, facts) = fetch(url, args.allow_private)?;
            lang = lang.or(facts.lang);
            date = date.or(facts.date);
            outlet = outlet.or(facts.outlet);
            given_url = given_url.or(facts.url);
            bytes
        }
        other => read_article(other)?,
    };
    // A NUL is never article text; saved, it would cut claims short in other tools.
    if (args.save || args.review)
        && let Some(at) = memchr::memchr(0, &bytes)
    {
        return Err(DataError::new(format!(
            "{}: byte {at} is a NUL character, which is never text: nothing was saved; \
             remove it or check that this is a text file",
            args.file.display()
        ))
        .into());
    }
    let url = given_url
        .as_deref()
        .map(|u| super::parse_url(u, "--url", ctx))
        .transpose()?;
    let extraction = extract_bytes(&bytes, lang)
        .map_err(|e| DataError::new(format!("{}: {e}", args.file.display())))?;
    drop(bytes);
    let appearance = Appearance {
        lang: extraction.lang,
        url,
        outlet,
        date,
    };
    let format = ctx.format(args.format);
    if args.review {
        let stdin = std::io::stdin();
        let accepted = review(
            &extraction.candidates,
            &mut stdin.lock(),
            &mut std::io::stderr(),
        )?;
        let disclaimers: Vec<Candidate> = extraction
            .candidates
            .iter()
            .filter(|c| {
                c.kind == CandidateKind::Disclaimer && c.confidence >= DEFAULT_MIN_CONFIDENCE
            })
            .cloned()
            .collect();
        let mut chosen = accepted;
        chosen.extend(disclaimers);
        let saved = save(&chosen, &appearance, store, ctx)?;
        note_saved(&saved, ctx);
        render::listing(out, format, &chosen)?;
        return Ok(());
    }
    if args.save {
        let min = args.min_confidence.unwrap_or(DEFAULT_MIN_CONFIDENCE);
        let (sure, unsure): (Vec<Candidate>, Vec<Candidate>) = extraction
            .candidates
            .iter()
            .cloned()
            .partition(|c| c.confidence >= min);
        let saved = save(&sure, &appearance, store, ctx)?;
        note_saved(&saved, ctx);
        for c in &unsure {
            ctx.note(format!(
                "not saved: to review ({:.2} < {min:.2}): {} [{}] {}",
                c.confidence,
                c.speaker.as_deref().unwrap_or("?"),
                c.cue.as_deref().unwrap_or(""),
                shorten(&c.text, 100)
            ));
        }
        if !unsure.is_empty() {
            ctx.note(format!(
                "{} candidates below --min-confidence {min:.2} were not saved: \
                 review them with claimlog extract --review",
                unsure.len()
            ));
        }
    }
    render::listing(out, format, &extraction.candidates)?;
    if extraction.candidates.is_empty() && format == crate::cli::OutputFormat::Table {
        ctx.note("no attributed claims found");
    }
    Ok(())
}

fn note_saved(saved: &Saved, ctx: &Context) {
    ctx.note(format!(
        "saved {} new claims ({} already recorded), {} unable_to_verify events{}{}",
        saved.added,
        saved.existing,
        saved.events,
        if saved.unattributed > 0 {
            format!(
                "; {} candidates without a speaker were not saved",
                saved.unattributed
            )
        } else {
            String::new()
        },
        if saved.disclaimers_without_verifier > 0 {
            format!(
                "; {} disclaimers name no verifier: pass --outlet to record them",
                saved.disclaimers_without_verifier
            )
        } else {
            String::new()
        },
    ));
}

/// Asks about each claim on `ask` and reads the answers from `answers`; returns the
/// claims accepted, as edited. End of input is a quit.
fn review(
    candidates: &[Candidate],
    answers: &mut dyn BufRead,
    ask: &mut dyn Write,
) -> Result<Vec<Candidate>> {
    let claims: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.kind == CandidateKind::Claim)
        .collect();
    let mut accepted = Vec::new();
    let (mut skipped, mut reviewed) = (0, 0);
    'claims: for (i, original) in claims.iter().enumerate() {
        let mut c = (*original).clone();
        loop {
            writeln!(
                ask,
                "\n[{}/{}] confidence {:.2}\n  speaker: {}\n  cue:     {}\n  text:    {}\n  relays:  {}",
                i + 1,
                claims.len(),
                c.confidence,
                c.speaker.as_deref().unwrap_or("?"),
                c.cue.as_deref().unwrap_or("-"),
                c.text,
                if c.via.is_empty() {
                    "-".to_owned()
                } else {
                    c.via.join(", ")
                },
            )?;
            let Some(answer) =
                ask_line(answers, ask, "accept (a), edit (e), skip (s), quit (q)? ")?
            else {
                break 'claims;
            };
            match answer.trim().to_lowercase().as_str() {
                "a" | "accept" | "y" | "yes" => {
                    if c.speaker.as_deref().is_none_or(|s| s.trim().is_empty()) {
                        writeln!(ask, "a claim needs a speaker: edit it (e) or skip it (s)")?;
                        continue;
                    }
                    accepted.push(c);
                    reviewed += 1;
                    continue 'claims;
                }
                "s" | "skip" | "n" | "no" => {
                    skipped += 1;
                    reviewed += 1;
                    continue 'claims;
                }
                "q" | "quit" => break 'claims,
                "e" | "edit" => {
                    let current = c.speaker.clone().unwrap_or_default();
                    let Some(speaker) = ask_line(answers, ask, &format!("speaker [{current}]: "))?
                    else {
                        break 'claims;
                    };
                    if !speaker.trim().is_empty() {
                        c.speaker = Some(speaker.trim().to_owned());
                    }
                    let Some(text) = ask_line(answers, ask, "text [keep]: ")? else {
                        break 'claims;
                    };
                    if !text.trim().is_empty() {
                        c.text = text.trim().to_owned();
                    }
                    let relays = c.via.join(", ");
                    let Some(via) = ask_line(
                        answers,
                        ask,
                        &format!("relays, comma-separated, - for none [{relays}]: "),
                    )?
                    else {
                        break 'claims;
                    };
                    match via.trim() {
                        "" => {}
                        "-" => c.via.clear(),
                        list => {
                            c.via = list
                                .split(',')
                                .map(|r| r.trim().to_owned())
                                .filter(|r| !r.is_empty())
                                .collect();
                        }
                    }
                }
                other => writeln!(ask, "unknown answer {other:?}: type a, e, s or q")?,
            }
        }
    }
    writeln!(
        ask,
        "reviewed {reviewed} of {}: {} accepted, {skipped} skipped",
        claims.len(),
        accepted.len()
    )?;
    Ok(accepted)
}

/// Prints `prompt` and reads one line; None at the end of input.
fn ask_line(
    answers: &mut dyn BufRead,
    ask: &mut dyn Write,
    prompt: &str,
) -> Result<Option<String>> {
    write!(ask, "{prompt}")?;
    ask.flush()?;
    let mut line = String::new();
    if answers.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim_end_matches(['\n', '\r']).to_owned()))
}

/// Records every attributed candidate given as a claim with one appearance in this
/// article, and every disclaimer as an `unable_to_verify` event by its verifier on
/// each claim saved from the article, naming that claim's appearance.
fn save(
    candidates: &[Candidate],
    article: &Appearance,
    store: &mut Store,
    ctx: &Context,
) -> Result<Saved> {
    let lang = article.lang;
    let mut saved = Saved::default();
    let tx = store.write()?;
    let mut ids = Vec::new();
    // Each saved claim's appearance in this article, for the disclaimers.
    let mut appearance_of: Vec<(crate::model::ClaimId, usize)> = Vec::new();
    for c in candidates.iter().filter(|c| c.kind == CandidateKind::Claim) {
        let Some(speaker) = c.speaker.as_deref().filter(|s| !s.trim().is_empty()) else {
            saved.unattributed += 1;
            continue;
        };
        let mut tags = Vec::new();
        if c.conditional {
            tags.push("conditional".to_string());
        }
        if c.denial {
            tags.push("denial".to_string());
        }
        let added = tx.add_claim(&NewClaim {
            text: c.text.clone(),
            lang: Some(lang.to_string()),
            speaker: speaker.to_string(),
            appearances: vec![NewAppearance {
                outlet: article.outlet.clone(),
                relays: c.via.clone(),
                cue: c.cue.clone(),
                lang: Some(lang.to_string()),
                url: article.url.clone(),
                published_on: article.date,
                ..NewAppearance::default()
            }],
            // The article's date is also the day the claim was made, as far as we know.
            claimed_on: article.date,
            links: Vec::new(),
            tags,
            created_at: ctx.now,
            updated_at: None,
            actor: None,
        })?;
        let (id, created) = (added.id, added.created);
        if let Some(number) = added.appearance_numbers.first() {
            appearance_of.push((id, *number));
        }
        if created {
            saved.added += 1;
            saved.new.push((id, c.text.clone()));
        } else {
            saved.existing += 1;
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    for d in candidates
        .iter()
        .filter(|c| c.kind == CandidateKind::Disclaimer)
    {
        // A passive disclaimer ("has not been independently verified") is the outlet's.
        let Some(verifier) = d.speaker.clone().or_else(|| article.outlet.clone()) else {
            saved.disclaimers_without_verifier += 1;
            continue;
        };
        let event = NewEvent {
            at: ctx.now,
            by: Some(verifier),
            verification: Verification::UnableToVerify,
            verdict: None,
            verdict_label: None,
            note: Some(d.text.clone()),
            evidence: None,
            appearance: None,
            actor: None,
        };
        for id in &ids {
            // The disclaimer is about this article's report of the claim.
            let event = NewEvent {
                appearance: appearance_of
                    .iter()
                    .find(|(claim, _)| claim == id)
                    .map(|(_, n)| *n),
                ..event.clone()
            };
            if tx.add_event_once(*id, &event)? {
                saved.events += 1;
            }
        }
    }
    tx.commit()?;
    let tx = store.read()?;
    for (id, text) in &saved.new {
        super::similar::suggest(&tx, *id, text, ctx)?;
    }
    Ok(saved)
}
