//! `claimlog demo`: load the bundled sample claims into a fresh database, list what is
//! unverified and show one full attribution chain. Offline, in seconds; it never
//! touches the user's own database unless `--db` names one.

use std::io::BufReader;

use anyhow::{Context as _, Result};

use super::{Context, Out};
use crate::cli::{DemoArgs, OutputFormat};
use crate::formats;
use crate::render;
use crate::store::{ClaimFilter, Store, Withdrawn};

/// The sample built from the seed articles (data/sample.jsonl), compiled in.
pub const SAMPLE: &str = include_str!("../../data/sample.jsonl");

pub fn run(args: DemoArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let where_ = store.location().to_string();
    let summary = {
        let tx = store.write()?;
        let any = ClaimFilter {
            limit: Some(1),
            withdrawn: Withdrawn::Included,
            ..ClaimFilter::default()
        };
        if !tx.select_claims(&any)?.is_empty() {
            anyhow::bail!(
                "{where_} already holds claims: the demo loads its sample into an empty database; \
                 run `claimlog demo` without --db for a fresh one"
            );
        }
        let summary = match &args.data {
            Some(path) => {
                let mut input = super::import::open_input(path)?;
                formats::jsonl::import(&mut input, &tx, ctx.now)
            }
            None => formats::jsonl::import(&mut BufReader::new(SAMPLE.as_bytes()), &tx, ctx.now),
        }
        .context("cannot load the sample claims")?;
        tx.commit()?;
        summary
    };
    writeln!(
        out,
        "Loaded {} sample claims ({} verification events) into {where_}\n",
        summary.added + summary.existing,
        summary.events
    )?;
    let tx = store.read()?;
    let unverified = tx.select_claims(&ClaimFilter {
        unverified: true,
        ..ClaimFilter::default()
    })?;
    let records = tx.load_records(&unverified, true)?;
    writeln!(out, "Unverified claims ({}), newest first:", records.len())?;
    render::listing(out, OutputFormat::Table, &records)?;
    // The richest chain: relays and an outlet, and links if possible.
    let all = tx.all_claim_ids()?;
    let everything = tx.load_records(&all, true)?;
    if let Some(best) = everything.iter().max_by_key(|r| {
        (
            r.relays.len().min(1) + r.outlet.is_some() as usize,
            r.links.len(),
            r.history.len(),
        )
    }) {
        writeln!(
            out,
            "\nOne full attribution chain (claimlog show {}):\n",
            best.id.map(|i| i.0).unwrap_or(0)
        )?;
        render::claims::detail(out, best)?;
    }
    writeln!(
        out,
        "\nTry: claimlog --db {where_} list --unverified --search \"prisonniers\"",
    )?;
    Ok(())
}
