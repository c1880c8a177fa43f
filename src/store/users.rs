//! Users of `claimlog serve` and their API tokens. Secrets arrive here already hashed
//! (Argon2id PHC strings made by `access`); this module stores and finds them, and
//! never sees a password or a token in clear. Removing a user deletes the user and
//! their tokens, never what they recorded (actors are names kept as text).

use anyhow::Result;
use serde::Serialize;

use super::Tx;
use crate::error::DataError;
use crate::model::{Role, Timestamp, format_timestamp};
use crate::p;

/// One user as `users list` shows them.
#[derive(Debug, Clone, Serialize)]
pub struct UserRecord {
    pub name: String,
    pub role: Role,
    /// Whether the user can sign in with a password (else with tokens only).
    pub password: bool,
    /// How many API tokens the user holds.
    pub tokens: u64,
    pub created_at: String,
}

/// A signed-in browser, as recorded.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub name: String,
    pub role: Role,
    pub csrf: String,
    pub started_at: String,
}

/// The user an API token belongs to, with the token's hash to check it against.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    pub name: String,
    pub role: Role,
    pub token_hash: String,
}

fn check_user_name(name: &str) -> Result<&str, DataError> {
    let n = name.trim();
    if n.is_empty() || n.chars().any(char::is_control) {
        return Err(DataError::new(format!(
            "invalid user name {name:?}: give a name without control characters, such as alice"
        )));
    }
    Ok(n)
}

impl Tx<'_> {
    /// Adds a user; a name already taken is a data error.
    pub fn add_user(
        &self,
        name: &str,
        role: Role,
        password_hash: Option<&str>,
        now: Timestamp,
    ) -> Result<()> {
        let name = check_user_name(name)?;
        let added = self.tx.exec(
            "INSERT INTO users(name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            p![name, role, password_hash, format_timestamp(now)],
        )?;
        if added == 0 {
            return Err(DataError::new(format!(
                "a user named {name:?} already exists: pick another name, or `claimlog users remove {name}` first"
            ))
            .into());
        }
        Ok(())
    }

    /// Every user, by name.
    pub fn list_users(&self) -> Result<Vec<UserRecord>> {
        self.tx.all(
            "SELECT u.name, u.role, u.password_hash IS NOT NULL, u.created_at,
                    (SELECT count(*) FROM user_tokens t WHERE t.user_id = u.id)
               FROM users u ORDER BY u.name",
            p![],
            |r| {
                Ok(UserRecord {
                    name: r.get(0)?,
                    role: r.get(1)?,
                    password: r.get(2)?,
                    created_at: r.get(3)?,
                    tokens: r.get::<i64>(4)?.max(0) as u64,
                })
            },
        )
    }

    /// How many users exist: with none, `serve` uses a one-time token instead.
    pub fn count_users(&self) -> Result<u64> {
        let n: i64 = self.tx.value("SELECT count(*) FROM users", p![])?;
        Ok(n.max(0) as u64)
    }

    fn require_user(&self, name: &str) -> Result<i64> {
        self.tx
            .opt(
                "SELECT id FROM users WHERE name = ?1",
                p![name.trim()],
                |r| r.get(0),
            )?
            .ok_or_else(|| {
                DataError::new(format!(
                    "no user named {name:?}: see `claimlog users list` for the users recorded"
                ))
                .into()
            })
    }

    /// Removes a user, their tokens and their sessions; what they recorded keeps their
    /// name.
    pub fn remove_user(&self, name: &str) -> Result<()> {
        let id = self.require_user(name)?;
        self.tx
            .exec("DELETE FROM user_tokens WHERE user_id = ?1", p![id])?;
        self.tx
            .exec("DELETE FROM web_sessions WHERE user_id = ?1", p![id])?;
        self.tx.exec("DELETE FROM users WHERE id = ?1", p![id])?;
        Ok(())
    }

    /// Records a new API token's hash for a user; returns the token's number, which
    /// the token carries in clear so that checking it costs one hash.
    pub fn add_token(&self, name: &str, token_hash: &str, now: Timestamp) -> Result<i64> {
        let user = self.require_user(name)?;
        self.tx.value(
            "INSERT INTO user_tokens(user_id, token_hash, created_at) VALUES (?1, ?2, ?3)
             RETURNING id",
            p![user, token_hash, format_timestamp(now)],
        )
    }

    /// A user's role and password hash, if the user exists and has a password.
    pub fn user_password(&self, name: &str) -> Result<Option<(String, Role, String)>> {
        self.tx.opt(
            "SELECT name, role, password_hash FROM users
              WHERE name = ?1 AND password_hash IS NOT NULL",
            p![name.trim()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// The owner of token number `id`, if the token still exists.
    pub fn token_owner(&self, id: i64) -> Result<Option<TokenOwner>> {
        self.tx.opt(
            "SELECT u.name, u.role, t.token_hash FROM user_tokens t
               JOIN users u ON u.id = t.user_id WHERE t.id = ?1",
            p![id],
            |r| {
                Ok(TokenOwner {
                    name: r.get(0)?,
                    role: r.get(1)?,
                    token_hash: r.get(2)?,
                })
            },
        )
    }

    /// The role of a user now, if the user still exists (a session outlives nothing).
    pub fn user_role(&self, name: &str) -> Result<Option<Role>> {
        self.tx
            .opt("SELECT role FROM users WHERE name = ?1", p![name], |r| {
                r.get(0)
            })
    }

    /// Records a signed-in browser of `user` (by the hash of its cookie's secret), and
    /// forgets sessions started before `expired_before`.
    pub fn add_session(
        &self,
        user: &str,
        secret_hash: &str,
        csrf: &str,
        now: Timestamp,
        expired_before: Timestamp,
    ) -> Result<()> {
        let user = self.require_user(user)?;
        self.tx.exec(
            "DELETE FROM web_sessions WHERE started_at < ?1",
            p![format_timestamp(expired_before)],
        )?;
        self.tx.exec(
            "INSERT INTO web_sessions(user_id, secret_hash, csrf, started_at)
             VALUES (?1, ?2, ?3, ?4)",
            p![user, secret_hash, csrf, format_timestamp(now)],
        )?;
        Ok(())
    }

    /// The session whose cookie's secret hashes to `secret_hash`, if it exists and its
    /// user does.
    pub fn session(&self, secret_hash: &str) -> Result<Option<SessionRecord>> {
        self.tx.opt(
            "SELECT u.name, u.role, w.csrf, w.started_at FROM web_sessions w
               JOIN users u ON u.id = w.user_id WHERE w.secret_hash = ?1",
            p![secret_hash],
            |r| {
                Ok(SessionRecord {
                    name: r.get(0)?,
                    role: r.get(1)?,
                    csrf: r.get(2)?,
                    started_at: r.get(3)?,
                })
            },
        )
    }

    /// Ends a session (signing out).
    pub fn end_session(&self, secret_hash: &str) -> Result<()> {
        self.tx.exec(
            "DELETE FROM web_sessions WHERE secret_hash = ?1",
            p![secret_hash],
        )?;
        Ok(())
    }
}
