//! Secrets of `claimlog serve`: passwords and API tokens hashed with Argon2id (salted,
//! PHC strings), checked in constant time by the argon2 crate; random tokens for API
//! access, sessions, CSRF and the one-time URL. It knows nothing of SQL or HTTP.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::DataError;

/// A fresh random secret: 32 bytes as 64 hexadecimal characters.
pub fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The Argon2id hash of a secret, with a fresh random salt, as a PHC string.
pub fn hash_secret(secret: &str) -> anyhow::Result<String> {
    let salt: [u8; 16] = rand::random();
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("cannot encode a salt: {e}"))?;
    let hash = Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash a secret: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `secret` is the one `phc` was made from. A malformed hash matches nothing.
pub fn verify_secret(secret: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// An API token as handed to its user: `clt_<number>_<secret>`. The number finds the
/// one stored hash to check, so a request costs one Argon2 verification at most.
pub fn format_token(id: i64, secret: &str) -> String {
    format!("clt_{id}_{secret}")
}

/// The number and secret of a token, if it has the shape [`format_token`] gives.
pub fn parse_token(token: &str) -> Option<(i64, &str)> {
    let rest = token.trim().strip_prefix("clt_")?;
    let (id, secret) = rest.split_once('_')?;
    let id = id.parse().ok()?;
    (!secret.is_empty()).then_some((id, secret))
}

/// A password read from standard input: its first line, which must not be empty.
pub fn password_from(input: &str) -> Result<String, DataError> {
    let line = input.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(DataError::new(
            "--password-stdin: standard input held no password: pipe one line, e.g. `echo \"$PW\" | claimlog users add ...`",
        ));
    }
    Ok(line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_secret_verifies_and_another_does_not() {
        let hash = hash_secret("s3cret").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_secret("s3cret", &hash));
        assert!(!verify_secret("s3cret!", &hash));
        assert_ne!(hash, hash_secret("s3cret").unwrap(), "salted");
    }

    #[test]
    fn tokens_round_trip() {
        let t = format_token(7, "abc");
        assert_eq!(parse_token(&t), Some((7, "abc")));
        assert_eq!(parse_token("clt_x_abc"), None);
        assert_eq!(parse_token("bearer"), None);
    }
}
