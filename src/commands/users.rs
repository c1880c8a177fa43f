//! `claimlog users add|list|remove|token`: who may sign in to `claimlog serve`.
//! Passwords come only from standard input and, like tokens, are kept only as salted
//! Argon2id hashes; a token is printed once.

use std::io::Read as _;

use anyhow::{Context as _, Result};

use super::{Context, Out};
use crate::access;
use crate::cli::{OutputFormat, UsersCommand};
use crate::error::DataError;
use crate::model::Role;
use crate::render::{self, Listing};
use crate::store::{Store, UserRecord};

impl Listing for UserRecord {
    fn table_header() -> Vec<&'static str> {
        vec!["name", "role", "password", "tokens", "created_at"]
    }

    fn table_row(&self) -> Vec<String> {
        vec![
            render::visible(&self.name).into_owned(),
            self.role.to_string(),
            if self.password { "yes" } else { "no" }.to_string(),
            self.tokens.to_string(),
            self.created_at.clone(),
        ]
    }
}

pub fn run(cmd: UsersCommand, store: &mut Store, ctx: &Context, out: Out) -> Result<()> {
    match cmd {
        UsersCommand::Add(args) => {
            let role: Role = args
                .role
                .trim()
                .parse()
                .map_err(|e| DataError::new(format!("--role: {e}")))?;
            let hash = if args.password_stdin {
                let mut input = String::new();
                std::io::stdin()
                    .read_to_string(&mut input)
                    .context("cannot read the password from standard input")?;
                Some(access::hash_secret(&access::password_from(&input)?)?)
            } else {
                None
            };
            let tx = store.write()?;
            tx.add_user(&args.name, role, hash.as_deref(), ctx.now)?;
            tx.commit()?;
            writeln!(
                out,
                "user {} added as {role}",
                render::visible(args.name.trim())
            )?;
        }
        UsersCommand::List { format } => {
            let users = store.read()?.list_users()?;
            let format = ctx.format(format);
            render::listing(out, format, &users)?;
            if users.is_empty() && format == OutputFormat::Table {
                ctx.note("no users: `claimlog users add NAME --role ROLE` adds one");
            }
        }
        UsersCommand::Remove { name } => {
            let tx = store.write()?;
            tx.remove_user(&name)?;
            tx.commit()?;
            writeln!(out, "user {} removed", render::visible(name.trim()))?;
        }
        UsersCommand::Token { name } => {
            let secret = access::random_secret();
            let hash = access::hash_secret(&secret)?;
            let tx = store.write()?;
            let id = tx.add_token(&name, &hash, ctx.now)?;
            tx.commit()?;
            writeln!(out, "{}", access::format_token(id, &secret))?;
            ctx.note(
                "keep this token: it is shown only once (send it as Authorization: Bearer TOKEN)",
            );
        }
    }
    Ok(())
}
