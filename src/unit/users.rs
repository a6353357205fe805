//! Logins of the unit register: a caseworker or a registrar joins the unit's group role.
//!
//! The password is turned into a SCRAM-SHA-256 verifier here, as `psql`'s `\password` does, so
//! the plain password never travels to the server nor lands in its statement log.

use hmac::{Hmac, Mac};
use postgres::Client;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::schema::UnitRoles;
use super::{UnitError, plain_name};

/// What a login may do in the unit register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitRole {
    /// Handläggare: publishes registrations, reads only their own.
    Caseworker,
    /// Registrator: reads the unit's queue and lists, numbers, prints, enters.
    Registrar,
}

impl UnitRole {
    /// The code on the command line and in JSON.
    pub fn code(self) -> &'static str {
        match self {
            UnitRole::Caseworker => "caseworker",
            UnitRole::Registrar => "registrar",
        }
    }
}

/// The signed-in login's role in this unit: registrar, caseworker, or neither (an admin or
/// another unit's login). The app shows the registrar's queue only to a registrar (issue 16).
pub fn current_role(client: &mut Client) -> Result<Option<UnitRole>, UnitError> {
    let roles = UnitRoles::current(client)?;
    let row = client.query_one(
        "SELECT pg_has_role(current_user, $1, 'MEMBER'), pg_has_role(current_user, $2, 'MEMBER')",
        &[&roles.registrar, &roles.caseworker],
    )?;
    Ok(if row.get::<_, bool>(0) {
        Some(UnitRole::Registrar)
    } else if row.get::<_, bool>(1) {
        Some(UnitRole::Caseworker)
    } else {
        None
    })
}

/// The shortest password a new login may have.
pub const MIN_PASSWORD: usize = 12;

/// The login that was created or changed.
#[derive(Debug, Clone, Serialize)]
pub struct AddedUser {
    /// The login name.
    pub login: String,
    /// Its role in the unit.
    pub role: UnitRole,
    /// True when the login existed and only its password and group changed.
    pub existed: bool,
}

/// Creates a login (or sets the password of an existing one) and puts it in the unit's group
/// for `role`. Run by municipal IT's admin login.
pub fn add_user(
    client: &mut Client,
    login: &str,
    role: UnitRole,
    password: &str,
) -> Result<AddedUser, UnitError> {
    let login = plain_name(login)?;
    if password.chars().count() < MIN_PASSWORD {
        return Err(UnitError::WeakPassword(MIN_PASSWORD));
    }
    let roles = UnitRoles::current(client)?;
    if [&roles.owner, &roles.caseworker, &roles.registrar].contains(&&login.to_string()) {
        return Err(UnitError::BadName(login.to_string()));
    }
    let group = match role {
        UnitRole::Caseworker => &roles.caseworker,
        UnitRole::Registrar => &roles.registrar,
    };
    let verifier = scram_verifier(password, &random_salt()?, 4096);
    let mut tx = client.transaction()?;
    let existed = tx
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&login])?
        .is_some();
    // The verifier is not a secret in the way a password is, but it is still passed as a
    // literal built by the server's own quoting, never by string pasting here.
    let verb = if existed { "ALTER" } else { "CREATE" };
    let sql: String = tx
        .query_one(
            &format!("SELECT format('{verb} ROLE %I LOGIN PASSWORD %L', $1::text, $2::text)"),
            &[&login, &verifier],
        )?
        .get(0);
    tx.batch_execute(&sql)?;
    tx.batch_execute(&format!("GRANT {group} TO {login}"))?;
    tx.commit()?;
    Ok(AddedUser {
        login: login.to_string(),
        role,
        existed,
    })
}

fn random_salt() -> Result<[u8; 16], UnitError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| UnitError::KeyStore(e.to_string()))?;
    Ok(salt)
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length; new_from_slice cannot fail for it.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// PBKDF2-HMAC-SHA-256 with one output block (RFC 5802's Hi()).
fn hi(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut block = salt.to_vec();
    block.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac(password, &block);
    let mut out = u;
    for _ in 1..iterations {
        u = hmac(password, &u);
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

/// The verifier PostgreSQL stores: `SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>`.
fn scram_verifier(password: &str, salt: &[u8], iterations: u32) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let salted = hi(password.as_bytes(), salt, iterations);
    let client_key = hmac(&salted, b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac(&salted, b"Server Key");
    format!(
        "SCRAM-SHA-256${iterations}:{}${}:{}",
        b64.encode(salt),
        b64.encode(stored_key),
        b64.encode(server_key)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677's test vector: user "user", password "pencil", 4096 iterations.
    #[test]
    fn scram_keys_match_rfc_7677() {
        use base64::Engine as _;
        let salt = base64::engine::general_purpose::STANDARD
            .decode("W22ZaJ0SNY7soEsUEjb6gQ==")
            .expect("salt");
        let salted = hi(b"pencil", &salt, 4096);
        let server_key = hmac(&salted, b"Server Key");
        // ServerSignature for the RFC's auth message, computed from our ServerKey.
        let auth = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        let sig = hmac(&server_key, auth.as_bytes());
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(sig),
            "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
        );
    }
}
