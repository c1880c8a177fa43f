//! `claimlog serve`: hands the database, the address and the mode to `web`, which runs
//! until interrupted. The checks that need no network happen here, before binding.

use anyhow::Result;

use super::{Context, Out};
use crate::cli::ServeArgs;
use crate::error::DataError;
use crate::store::Store;
use crate::web::{self, ServeConfig};

pub fn run(args: ServeArgs, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    let Some(db) = args
        .db
        .clone()
        .or_else(|| store.path().map(|p| p.to_path_buf()))
    else {
        return Err(
            DataError::new("serve needs a database: pass --db PATH or a postgres:// URL").into(),
        );
    };
    let users = store.read()?.count_users()?;
    if users == 0 && !args.bind.ip().is_loopback() {
        return Err(DataError::new(format!(
            "--bind {}: no users exist, so only a loopback address may be served; add one with `claimlog users add NAME --role admin --password-stdin`",
            args.bind
        ))
        .into());
    }
    let pinned_now = std::env::var("CLAIMLOG_NOW")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .map(|_| ctx.now);
    web::serve(
        ServeConfig {
            db,
            bind: args.bind,
            read_only: args.read_only,
            local_actor: store.actor().map(str::to_string),
            pinned_now,
            quiet: ctx.quiet,
        },
        out,
    )
}
