//! `claimlog verify ID`: append a verification event.

use anyhow::Result;

use super::{Context, Out, parse_id, parse_url};
use crate::cli::{OutputFormat, VerifyArgs};
use crate::error::DataError;
use crate::model::{Verdict, Verification, parse_timestamp};
use crate::render;
use crate::store::{NewEvent, Store};

pub fn run(args: VerifyArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let id = parse_id(&args.id)?;
    let verification: Verification = args
        .status
        .parse()
        .map_err(|e| DataError::new(format!("--status: {e}")))?;
    let verdict: Option<Verdict> = args
        .verdict
        .as_deref()
        .map(|v| {
            v.parse()
                .map_err(|e| DataError::new(format!("--verdict: {e}")))
        })
        .transpose()?;
    let evidence = args
        .evidence
        .as_deref()
        .map(|u| parse_url(u, "--evidence", ctx))
        .transpose()?;
    let at = match &args.at {
        Some(s) => parse_timestamp(s).map_err(|e| DataError::new(format!("--at: {e}")))?,
        None => ctx.now,
    };
    let event = NewEvent {
        at,
        by: args.by,
        verification,
        verdict,
        verdict_label: None,
        note: args.note,
        evidence,
        appearance: args.appearance.map(|n| n as usize),
        actor: None,
    };
    let tx = store.write()?;
    let added = tx.add_event(id, &event)?;
    let records = tx.load_records(&[id], true)?;
    tx.commit()?;
    match ctx.format(args.format) {
        OutputFormat::Table if added => writeln!(out, "claim #{id} is now {verification}")?,
        OutputFormat::Table => writeln!(out, "claim #{id}: this event was already recorded")?,
        format => {
            for record in &records {
                render::one(out, format, record)?;
            }
        }
    }
    Ok(())
}
