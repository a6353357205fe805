//! The unit's recovery key on the register's side (issue 16): `unit init` makes the key pair
//! and keeps the public half; every connected store seals its data key to it and pins its
//! fingerprint; a recovery is written to the unit's log.
//!
//! The cryptography and the sealed file are the store's ([`crate::store::keys`]); this module
//! decides when to seal and talks to PostgreSQL.

use chrono::{DateTime, FixedOffset};
use postgres::Client;
use serde::Serialize;
use serde_json::json;

use super::UnitError;
use super::schema::UnitRoles;
use crate::audit::{self, Action};
use crate::model::Act;
use crate::store::Store;
use crate::store::keys::{self, RecoveryPublicKey, RecoverySecretKey};
use crate::store::outbox as store_outbox;

/// The unit's recovery key as the register holds it.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRecoveryKey {
    /// SHA-256 fingerprint of the public half (hex), for the archivist's envelope.
    pub fingerprint: String,
    /// When it was created.
    pub created_at: DateTime<FixedOffset>,
    /// True when this call created it (and wrote the private half).
    pub created: bool,
}

/// The unit's recovery key, if it has one (a register of schema version 1 has none).
pub fn unit_key(
    client: &mut Client,
) -> Result<Option<(RecoveryPublicKey, UnitRecoveryKey)>, UnitError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('inkom.recovery_key') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let Some(row) = client.query_opt(
        "SELECT public_key, fingerprint, created_at FROM inkom.recovery_key",
        &[],
    )?
    else {
        return Ok(None);
    };
    let public = RecoveryPublicKey::from_hex(row.get(0))?;
    let fingerprint: String = row.get(1);
    // A row whose fingerprint is not its key's was written outside inkom: not trusted.
    if public.fingerprint() != fingerprint {
        return Err(UnitError::RecoveryKeyChanged);
    }
    let created_at: DateTime<chrono::Utc> = row.get(2);
    Ok(Some((
        public,
        UnitRecoveryKey {
            fingerprint,
            created_at: created_at.fixed_offset(),
            created: false,
        },
    )))
}

/// Creates the unit's recovery key pair unless the unit has one (then nothing changes and
/// `write_secret` is not called). `write_secret` must have the private half safely on disk
/// before it returns: the public half is committed only afterwards, so the register never
/// holds a public key whose private half was lost. Run by `unit init` (admin login).
pub fn create_key<E: From<UnitError>>(
    client: &mut Client,
    write_secret: impl FnOnce(&RecoverySecretKey) -> Result<(), E>,
) -> Result<UnitRecoveryKey, E> {
    let pg = |e: postgres::Error| E::from(UnitError::from(e));
    let roles = UnitRoles::current(client)?;
    let mut tx = client.transaction().map_err(pg)?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('inkom unit init'))",
        &[],
    )
    .map_err(pg)?;
    tx.batch_execute(&format!("SET LOCAL ROLE {}", roles.owner))
        .map_err(pg)?;
    let existing = tx
        .query_opt(
            "SELECT fingerprint, created_at FROM inkom.recovery_key",
            &[],
        )
        .map_err(pg)?;
    if let Some(row) = existing {
        let created_at: DateTime<chrono::Utc> = row.get(1);
        return Ok(UnitRecoveryKey {
            fingerprint: row.get(0),
            created_at: created_at.fixed_offset(),
            created: false,
        });
    }
    let secret = RecoverySecretKey::generate().map_err(|e| E::from(UnitError::from(e)))?;
    write_secret(&secret)?;
    let public = secret.public();
    tx.execute(
        "SELECT inkom.add_recovery_key($1, $2)",
        &[&public.to_hex(), &public.fingerprint()],
    )
    .map_err(pg)?;
    let created_at: DateTime<chrono::Utc> = tx
        .query_one("SELECT created_at FROM inkom.recovery_key", &[])
        .map_err(pg)?
        .get(0);
    tx.commit().map_err(pg)?;
    Ok(UnitRecoveryKey {
        fingerprint: public.fingerprint(),
        created_at: created_at.fixed_offset(),
        created: true,
    })
}

/// Where a connected store stands with the unit's recovery key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Sealing {
    /// The unit register has no recovery key yet (a unit set up before issue 16; `unit init`
    /// again with `--recovery-key-out` makes one).
    NoUnitKey,
    /// The data key was already sealed to this key.
    AlreadySealed {
        /// The recovery key's fingerprint.
        fingerprint: String,
    },
    /// The data key was sealed now.
    SealedNow {
        /// The recovery key's fingerprint.
        fingerprint: String,
    },
}

/// True when the store is connected and its key is not (or no longer) sealed to the key it
/// pinned: a store connected before the unit had a recovery key, or whose `inkom.recovery`
/// went missing. Local only, no network.
pub fn needs_sealing(store: &Store) -> Result<bool, UnitError> {
    let pinned = store_outbox::recovery_fingerprint(store.conn())?;
    let on_disk = keys::sealed_fingerprint(store.data_dir())?;
    Ok(pinned.is_none() || pinned != on_disk)
}

/// Seals the store's data key to the unit's recovery key if it is not sealed to it yet, pins
/// the key's fingerprint in the encrypted store at the first seal, and records it in the
/// local audit chain and the unit's log. A key that differs from the pinned one is refused
/// ([`UnitError::RecoveryKeyChanged`]): the store never seals its key to a swapped key.
pub fn ensure_sealed(
    store: &mut Store,
    client: &mut Client,
    act: &Act,
) -> Result<Sealing, UnitError> {
    let Some((public, _)) = unit_key(client)? else {
        return Ok(Sealing::NoUnitKey);
    };
    let fingerprint = public.fingerprint();
    let pinned = store_outbox::recovery_fingerprint(store.conn())?;
    if pinned.as_deref().is_some_and(|p| p != fingerprint) {
        return Err(UnitError::RecoveryKeyChanged);
    }
    let on_disk = keys::sealed_fingerprint(store.data_dir())?;
    if pinned.as_deref() == Some(fingerprint.as_str())
        && on_disk.as_deref() == Some(fingerprint.as_str())
    {
        return Ok(Sealing::AlreadySealed { fingerprint });
    }
    keys::seal_store_key(store, &public, &act.at)?;
    let tx = store.write()?;
    store_outbox::pin_recovery_fingerprint(&tx, &fingerprint)?;
    audit::append(
        &tx,
        act,
        None,
        Action::SealedForRecovery,
        json!({ "fingerprint": fingerprint, "file": keys::SEALED_FILE }),
    )?;
    tx.commit().map_err(crate::store::StoreError::from)?;
    // The unit's log says which stores the archivist can open. The seal is done and pinned
    // whatever the log says; a refusal (a login without the grant) is logged, not fatal.
    let store_id = keys::store_id(store.data_dir())?;
    if let Err(e) = client.execute(
        "SELECT inkom.store_sealed($1, $2)",
        &[&store_id, &fingerprint],
    ) {
        tracing::warn!(error = %e, "recording the seal in the unit's log");
    }
    Ok(Sealing::SealedNow { fingerprint })
}

/// What was read in a recovery, for the unit's log.
pub fn record_recovery(
    client: &mut Client,
    store_id: &str,
    fingerprint: &str,
    reading: &str,
    item: Option<i64>,
) -> Result<(), UnitError> {
    client.execute(
        "SELECT inkom.store_recovered($1, $2, $3, $4)",
        &[&store_id, &fingerprint, &reading, &item],
    )?;
    Ok(())
}
