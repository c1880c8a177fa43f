//! `claimlog extract FILE|-`: propose the attributed claims and verification
//! disclaimers of an article, and with `--save` record them.

use std::io::Read;

use anyhow::{Context as _, Result};

use super::{Context, Out};
use crate::cli::ExtractArgs;
use crate::error::DataError;
use crate::extract::{Candidate, CandidateKind, Lang, extract_bytes};
use crate::model::Verification;
use crate::render::{self, Listing, shorten};
use crate::store::{NewAppearance, NewClaim, NewEvent, Store};

/// An article larger than this is refused rather than read into memory.
const MAX_ARTICLE_BYTES: u64 = 256 << 20;

impl Listing for Candidate {
    fn table_header() -> Vec<&'static str> {
        vec!["kind", "speaker", "cue", "text", "via", "flags"]
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

fn read_article(path: &std::path::Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let what = path.display().to_string();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_ARTICLE_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .with_context(|| format!("cannot read {what}"))?
            .take(MAX_ARTICLE_BYTES + 1)
            .read_to_end(&mut bytes)
    };
    read.with_context(|| format!("cannot read {what}"))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(DataError::new(format!(
            "{what} is larger than {} MiB: split it into articles",
            MAX_ARTICLE_BYTES >> 20
        ))
        .into());
    }
    Ok(bytes)
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

pub fn run(args: ExtractArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let lang = args
        .lang
        .as_deref()
        .map(|l| {
            l.parse::<Lang>()
                .map_err(|e| DataError::new(format!("--lang: {e}")))
        })
        .transpose()?;
    let url = args
        .url
        .as_deref()
        .map(|u| super::parse_url(u, "--url", ctx))
        .transpose()?;
    let published_on = super::parse_opt_date(&args.date, "--date")?;
    let bytes = read_article(&args.file)?;
    // A NUL is never article text; saved, it would cut claims short in other tools.
    if args.save
        && let Some(at) = memchr::memchr(0, &bytes)
    {
        return Err(DataError::new(format!(
            "{}: byte {at} is a NUL character, which is never text: nothing was saved; \
             remove it or check that this is a text file",
            args.file.display()
        ))
        .into());
    }
    let extraction = extract_bytes(&bytes, lang)
        .map_err(|e| DataError::new(format!("{}: {e}", args.file.display())))?;
    if args.save {
        let saved = save(
            &extraction.candidates,
            extraction.lang,
            Article {
                url,
                outlet: &args.outlet,
                published_on,
            },
            store,
            ctx,
        )?;
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
    let format = ctx.format(args.format);
    render::listing(out, format, &extraction.candidates)?;
    if extraction.candidates.is_empty() && format == crate::cli::OutputFormat::Table {
        ctx.note("no attributed claims found");
    }
    Ok(())
}

/// The article being saved: one appearance of each claim saved from it.
struct Article<'a> {
    url: Option<crate::links::NormalizedUrl>,
    outlet: &'a Option<String>,
    published_on: Option<crate::model::Date>,
}

/// Records every attributed candidate as a claim, and every disclaimer as an
/// `unable_to_verify` event by its verifier on each claim saved from this article.
fn save(
    candidates: &[Candidate],
    lang: Lang,
    article: Article<'_>,
    store: &mut Store,
    ctx: &Context,
) -> Result<Saved> {
    let Article {
        url,
        outlet,
        published_on,
    } = article;
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
                outlet: outlet.clone(),
                relays: c.via.clone(),
                cue: c.cue.clone(),
                lang: Some(lang.to_string()),
                url: url.clone(),
                published_on,
                ..NewAppearance::default()
            }],
            // The article's date is also the day the claim was made, as far as we know.
            claimed_on: published_on,
            links: Vec::new(),
            tags,
            created_at: ctx.now,
            updated_at: None,
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
        let Some(verifier) = d.speaker.clone().or_else(|| outlet.clone()) else {
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
