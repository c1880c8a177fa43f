//! `claimlog completions SHELL` and `claimlog man`: generated from the clap definitions
//! in `cli.rs` (clap_complete, clap_mangen), so they never drift from `--help`. Neither
//! needs a database.

use anyhow::{Context as _, Result};
use clap::CommandFactory;

use super::Out;
use crate::cli::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: CompletionsArgs, out: Out) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "claimlog", out);
    Ok(())
}

pub fn man(args: ManArgs, out: Out) -> Result<()> {
    let command = Cli::command();
    match args.dir {
        None => clap_mangen::Man::new(command)
            .render(out)
            .context("cannot write the manual page"),
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(command, &dir)
                .with_context(|| format!("cannot write manual pages into {}", dir.display()))?;
            writeln!(out, "wrote the manual pages into {}", dir.display())?;
            Ok(())
        }
    }
}
