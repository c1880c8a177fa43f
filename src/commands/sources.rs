//! `claimlog sources list|show|alias|merge`.

use anyhow::Result;

use super::{Context, Out};
use crate::cli::{OutputFormat, SourcesCommand};
use crate::render::{self, Listing};
use crate::store::{ClaimFilter, SourceSummary, Store};

impl Listing for SourceSummary {
    fn table_header() -> Vec<&'static str> {
        vec![
            "id",
            "name",
            "aliases",
            "claims",
            "relayed",
            "reported",
            "verifications",
        ]
    }

    fn table_row(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.name.clone(),
            self.aliases.join(", "),
            self.claims.to_string(),
            self.relayed.to_string(),
            self.reported.to_string(),
            self.verifications.to_string(),
        ]
    }

    fn csv_row(&self) -> Vec<String> {
        let mut row = self.table_row();
        row[2] = crate::formats::csv::encode_list(&self.aliases);
        row
    }
}

pub fn run(command: SourcesCommand, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    match command {
        SourcesCommand::List { format } => {
            let tx = store.read()?;
            let sources = tx.list_sources()?;
            render::listing(out, ctx.format(format), &sources)
        }
        SourcesCommand::Show { name, format } => {
            let tx = store.read()?;
            let source = tx.show_source(&name)?;
            let format = ctx.format(format);
            if format != OutputFormat::Table {
                return render::listing(out, format, &[source]);
            }
            render::listing(out, format, std::slice::from_ref(&source))?;
            let ids = tx.select_claims(&ClaimFilter {
                by: Some(source.name.clone()),
                limit: Some(20),
                ..ClaimFilter::default()
            })?;
            let claims = tx.load_records(&ids, false)?;
            if !claims.is_empty() {
                writeln!(out, "latest claims by {}:", render::visible(&source.name))?;
                render::listing(out, format, &claims)?;
            }
            Ok(())
        }
        SourcesCommand::Alias {
            name,
            alias,
            format,
        } => {
            let tx = store.write()?;
            let source = tx.add_alias(&name, &alias)?;
            tx.commit()?;
            report(
                out,
                ctx.format(format),
                &source,
                &format!("{alias:?} now names {:?}", source.name),
            )
        }
        SourcesCommand::Merge { from, into, format } => {
            let tx = store.write()?;
            let source = tx.merge_sources(&from, &into)?;
            tx.commit()?;
            report(
                out,
                ctx.format(format),
                &source,
                &format!(
                    "merged {from:?} into {:?}; {from:?} is now an alias",
                    source.name
                ),
            )
        }
    }
}

fn report(out: Out, format: OutputFormat, source: &SourceSummary, message: &str) -> Result<()> {
    match format {
        OutputFormat::Table => {
            writeln!(out, "{}", render::visible(message))?;
            Ok(())
        }
        format => render::listing(out, format, std::slice::from_ref(source)),
    }
}
