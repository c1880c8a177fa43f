//! `claimlog similar ID | --text TEXT`: recorded claims that are probably the same
//! statement, best first; and the note `add` and `extract --save` print when a new
//! claim looks like one already recorded.

use anyhow::Result;
use serde::Serialize;

use super::{Context, Out, parse_id};
use crate::cli::SimilarArgs;
use crate::error::DataError;
use crate::model::{ClaimId, ClaimRecord};
use crate::render::{self, Listing, shorten};
use crate::similar::{DEFAULT_THRESHOLD, fold, score, search_terms};
use crate::store::{Store, Tx};

/// A candidate: the claim's fields, its score and whether it reaches the default threshold.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarClaim {
    #[serde(flatten)]
    pub claim: ClaimRecord,
    pub score: f64,
    pub likely: bool,
}

impl Listing for SimilarClaim {
    fn table_header() -> Vec<&'static str> {
        vec!["id", "score", "speaker", "claim", "verification"]
    }

    fn table_row(&self) -> Vec<String> {
        vec![
            self.claim.id.map(|id| format!("#{id}")).unwrap_or_default(),
            format!("{:.2}", self.score),
            shorten(&self.claim.speaker, 28),
            shorten(&self.claim.text, 70),
            self.claim.verification.to_string(),
        ]
    }

    fn csv_header() -> Vec<&'static str> {
        let mut header = vec!["score", "likely"];
        header.extend(ClaimRecord::csv_header());
        header
    }

    fn csv_row(&self) -> Vec<String> {
        let mut row = vec![format!("{:.2}", self.score), self.likely.to_string()];
        row.extend(self.claim.csv_row());
        row
    }
}

/// Recorded claims scoring at least `min_score` against `text`, best first (ties by id).
pub fn find(
    tx: &Tx<'_>,
    text: &str,
    exclude: Option<ClaimId>,
    min_score: f64,
) -> Result<Vec<(ClaimId, f64)>> {
    let folded = fold(text);
    let mut found: Vec<(ClaimId, f64)> = tx
        .similar_candidates(&search_terms(text), exclude)?
        .into_iter()
        .map(|(id, other)| (id, score(&folded, &fold(&other))))
        .filter(|(_, s)| *s >= min_score)
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(found)
}

/// Says on stderr which recorded claim a new one looks like, if any.
pub fn suggest(tx: &Tx<'_>, id: ClaimId, text: &str, ctx: &Context) -> Result<()> {
    if let Some((other, s)) = find(tx, text, Some(id), DEFAULT_THRESHOLD)?.first() {
        ctx.note(format!(
            "#{id} looks like #{other} ({s:.2}): add it as an appearance with --to {other} \
             (then `claimlog merge {id} {other}`)"
        ));
    }
    Ok(())
}

pub fn run(args: SimilarArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let min_score = args.min_score.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&min_score) {
        return Err(DataError::new(format!(
            "--min-score: invalid score {min_score}: give a number from 0 to 1 such as 0.5"
        ))
        .into());
    }
    let tx = store.read()?;
    let (text, exclude) = match (&args.id, &args.text) {
        (Some(id), None) => {
            let id = parse_id(id)?;
            tx.require_claim(id)?;
            let record = tx.load_records(&[id], false)?;
            (record[0].text.clone(), Some(id))
        }
        (None, Some(text)) if !text.trim().is_empty() => (text.clone(), None),
        _ => {
            return Err(DataError::new(
                "give a claim id or --text \"...\": claimlog similar 12, claimlog similar --text \"...\"",
            )
            .into());
        }
    };
    let mut found = find(&tx, &text, exclude, min_score)?;
    found.truncate(args.limit);
    let ids: Vec<ClaimId> = found.iter().map(|(id, _)| *id).collect();
    let records = tx.load_records(&ids, true)?;
    drop(tx);
    let rows: Vec<SimilarClaim> = records
        .into_iter()
        .zip(found)
        .map(|(claim, (_, score))| SimilarClaim {
            claim,
            score,
            likely: score >= DEFAULT_THRESHOLD,
        })
        .collect();
    let format = ctx.format(args.format);
    render::listing(out, format, &rows)?;
    if rows.is_empty() && format == crate::cli::OutputFormat::Table {
        ctx.note(format!("no recorded claim scores {min_score:.2} or more"));
    }
    Ok(())
}
