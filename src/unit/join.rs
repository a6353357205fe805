//! Connecting this store to the unit register: the one sequence both `inkom unit connect` and
//! the app's first-run step run, so the two can never differ in what they check or store.
//!
//! In order: log in (which proves the address, TLS and the password), check the register's
//! schema, refuse a store that keeps its own diary series, keep the password where later
//! deliveries find it (the OS key store), record the connection in the store, and seal the
//! store's data key to the unit's recovery key. A failure before the connection is recorded
//! leaves the store as it was.

use serde::Serialize;
use zeroize::Zeroizing;

use super::outbox::{self, Connection};
use super::recovery::{self, Sealing};
use super::{UnitError, UnitUrl, schema};
use crate::model::Act;
use crate::store::Store;

/// Where the login's password comes from.
pub enum Password<'a> {
    /// `INKOM_UNIT_PASSWORD`, else the OS key store ([`UnitUrl::password`]); `save` copies it
    /// into the OS key store (the CLI's `--save-password`).
    Stored {
        /// Save the password found in the OS key store once it has been proven.
        save: bool,
    },
    /// Typed by the user (the app): proven by logging in, then saved in the OS key store,
    /// because later deliveries run without the user at hand.
    Typed(&'a str),
}

impl std::fmt::Debug for Password<'_> {
    /// Never prints a typed password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Password::Stored { save } => f.debug_struct("Stored").field("save", save).finish(),
            Password::Typed(_) => f.write_str("Typed(…)"),
        }
    }
}

/// The store is connected.
#[derive(Debug, Clone, Serialize)]
pub struct Joined {
    /// The recorded connection.
    pub connection: Connection,
    /// Where the store's data key stands with the unit's recovery key.
    pub sealing: Sealing,
    /// The password was written to the OS key store in this call.
    pub password_saved: bool,
}

/// Connects `store` to the unit register at `url` (see the module documentation for the
/// order of steps).
pub fn join(
    store: &mut Store,
    url: &UnitUrl,
    password: Password<'_>,
    act: &Act,
) -> Result<Joined, UnitError> {
    let (password, save) = match password {
        Password::Stored { save } => (url.password()?, save),
        Password::Typed(p) => (Zeroizing::new(p.to_string()), true),
    };
    let mut client = url.connect_with(&password)?;
    schema::check_version(&mut client)?;
    // Before the password is kept anywhere: a refusal leaves nothing behind.
    outbox::refuse_local_series(store.conn())?;
    if save {
        url.save_password(&password)?;
    }
    let connection = outbox::connect(store, url, act)?;
    let sealing = recovery::ensure_sealed(store, &mut client, act)?;
    Ok(Joined {
        connection,
        sealing,
        password_saved: save,
    })
}
