//! `claimlog copy --from DB --to DB`: a whole database into an empty one, between
//! engines either way, all or nothing (see `store::copy`).

use anyhow::{Result, bail};

use super::{Context, Out};
use crate::cli::{CopyArgs, OutputFormat};
use crate::store::{OpenOptions, Store};

pub fn run(args: CopyArgs, ctx: &Context, out: Out) -> Result<()> {
    if args.from == args.to {
        bail!(crate::error::DataError::new(format!(
            "--from and --to are the same database ({}): give an empty target",
            args.from.display()
        )));
    }
    let mut from = Store::open_location(&args.from, &OpenOptions::existing("copy"))?;
    let mut to = Store::open_location(
        &args.to,
        &OpenOptions {
            create: true,
            create_dirs: false,
            command: "copy".to_string(),
            quiet: ctx.quiet,
        },
    )?;
    let summary = from.copy_into(&mut to)?;
    match ctx.format(args.format) {
        OutputFormat::Json => crate::render::json(out, &summary)?,
        OutputFormat::Csv => {
            writeln!(out, "table,rows")?;
            for (table, rows) in &summary.tables {
                writeln!(out, "{table},{rows}")?;
            }
        }
        OutputFormat::Table => {
            let rows = |t: &str| {
                summary
                    .tables
                    .iter()
                    .find(|(name, _)| name == t)
                    .map_or(0, |(_, n)| *n)
            };
            writeln!(
                out,
                "copied {} claims, {} sources ({} names), {} links with {} checks and {} \
                 captures, {} verification events, {} revisions from {} to {}",
                rows("claims"),
                rows("sources"),
                rows("source_names"),
                rows("links"),
                rows("link_checks"),
                rows("captures"),
                rows("verification_events"),
                rows("claim_revisions"),
                from.location(),
                to.location()
            )?;
        }
    }
    Ok(())
}
