//! The unit's recovery key (issue 16): the authority must be able to produce its documents
//! (TF 2 kap.) when the caseworker who holds them is away, so a store connected to the unit
//! register also keeps its data key *sealed* to the unit's recovery public key.
//!
//! * The unit's key pair is X25519 ([`RecoverySecretKey`], [`RecoveryPublicKey`]). `unit init`
//!   makes it; the public half goes into the unit register, the private half into one file the
//!   archivist keeps offline ([`RecoverySecretKey::to_file_text`]).
//! * The sealed key is libsodium's anonymous sealed box (`crypto_box_seal`: an ephemeral X25519
//!   key, XSalsa20-Poly1305) of the data key, bound to the store's id. It lives in
//!   `inkom.recovery` beside `inkom.key` ([`SEALED_FILE`]) and holds nothing usable without the
//!   private half. Only the holder of the private half can open it; the caseworker's store can
//!   write it but never read it back.
//! * The data key of a store never changes (a new passphrase re-wraps the same key), so one
//!   seal stays valid for the store's life; a changed recovery key means a new seal.
//! * [`open_recovered`] opens a store with the private half alone: no passphrase, no OS key
//!   store, nothing created, swept or migrated.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use crypto_box::{PublicKey, SecretKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::super::{DB_FILE, Opened, Store, StoreError, connect, migrations, schema_check};
use super::small_file::{self, Versioned};
use super::{DataKey, KeySource, read_key_file};

/// The sealed data key's file name inside the data directory.
pub const SEALED_FILE: &str = "inkom.recovery";

/// What the first line of a private-key file says, so a wrong file is named as such.
const SECRET_FILE_KIND: &str = "inkom unit recovery key";

/// Why sealing or opening with the recovery key failed. English for logs; the Swedish text
/// is the caller's ([`crate::recover`]). Never holds key material.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The file given as the private half is not one (or is damaged).
    #[error("not an inkom recovery key file: {0}")]
    BadSecretFile(&'static str),
    /// A stored public key is not 32 bytes of hex.
    #[error("malformed recovery public key")]
    BadPublicKey,
    /// The store has no sealed key (never connected since the unit had a recovery key).
    #[error("the store has no key sealed for recovery ({SEALED_FILE} missing)")]
    NotSealed,
    /// The sealed-key file is damaged or of an unknown kind.
    #[error("sealed key file invalid: {0}")]
    BadSealedFile(&'static str),
    /// The private half is not the one the store's key is sealed to.
    #[error("the recovery key does not open this store's sealed key")]
    WrongRecoveryKey,
    /// The local store (key file, database) failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Writing or reading a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// The unit's recovery public key: 32 bytes of X25519.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryPublicKey([u8; 32]);

impl RecoveryPublicKey {
    /// Parses 64 hex digits (as the unit register stores it).
    pub fn from_hex(text: &str) -> Result<RecoveryPublicKey, SealError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| SealError::BadPublicKey)?;
        Ok(RecoveryPublicKey(bytes))
    }

    /// 64 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// SHA-256 of the key, in hex: what the store pins and what the archivist compares with
    /// the fingerprint written on the key's envelope, so a swapped key is noticed.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"inkom unit recovery key v1\0");
        h.update(self.0);
        hex::encode(h.finalize())
    }
}

/// The private half. Zeroed when dropped; never printed.
pub struct RecoverySecretKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for RecoverySecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoverySecretKey(..)")
    }
}

/// The private-key file: JSON, so that a person reading it sees what it is and the unit's
/// name and the fingerprint without any tool.
#[derive(Serialize, Deserialize)]
struct SecretFile {
    kind: String,
    version: u32,
    /// The unit (database) the key belongs to, for the archivist's shelf.
    unit: String,
    created_at: String,
    fingerprint: String,
    public_key: String,
    secret_key: String,
}

impl RecoverySecretKey {
    /// A new random key pair.
    pub fn generate() -> Result<RecoverySecretKey, StoreError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|_| StoreError::Random)?;
        Ok(RecoverySecretKey(bytes))
    }

    fn secret(&self) -> SecretKey {
        SecretKey::from_bytes(*self.0)
    }

    /// The public half.
    pub fn public(&self) -> RecoveryPublicKey {
        RecoveryPublicKey(self.secret().public_key().to_bytes())
    }

    /// The file the archivist keeps offline.
    pub fn to_file_text(
        &self,
        unit: &str,
        created_at: &DateTime<FixedOffset>,
    ) -> Zeroizing<String> {
        let public = self.public();
        let file = SecretFile {
            kind: SECRET_FILE_KIND.to_string(),
            version: 1,
            unit: unit.to_string(),
            created_at: created_at.to_rfc3339(),
            fingerprint: public.fingerprint(),
            public_key: public.to_hex(),
            secret_key: hex::encode(self.0.as_ref()),
        };
        // A struct of strings always serialises.
        Zeroizing::new(serde_json::to_string_pretty(&file).unwrap_or_default() + "\n")
    }

    /// Reads the archivist's file; the stated public key must be the secret's own.
    pub fn from_file_text(text: &str) -> Result<RecoverySecretKey, SealError> {
        let mut file: SecretFile = serde_json::from_str(text)
            .map_err(|_| SealError::BadSecretFile("not a recovery key file"))?;
        let secret = Zeroizing::new(std::mem::take(&mut file.secret_key));
        if file.kind != SECRET_FILE_KIND || file.version != 1 {
            return Err(SealError::BadSecretFile("unknown kind or version"));
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(secret.trim(), bytes.as_mut())
            .map_err(|_| SealError::BadSecretFile("secret key is not 32 bytes of hex"))?;
        let key = RecoverySecretKey(bytes);
        if key.public().to_hex() != file.public_key.trim() {
            return Err(SealError::BadSecretFile(
                "public and secret key do not match",
            ));
        }
        Ok(key)
    }

    /// Reads the archivist's file from disk (a few hundred bytes; a large file is not ours).
    pub fn read(path: &Path) -> Result<RecoverySecretKey, SealError> {
        let io = |source| SealError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = small_file::read_bytes(path)
            .map_err(|e| match e.damage("not a recovery key file") {
                Ok(reason) => SealError::BadSecretFile(reason),
                Err(source) => io(source),
            })?
            .ok_or_else(|| io(std::io::ErrorKind::NotFound.into()))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| SealError::BadSecretFile("not a recovery key file"))?;
        RecoverySecretKey::from_file_text(text)
    }
}

/// `inkom.recovery`: the data key sealed to the unit's recovery key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SealedFile {
    version: u32,
    /// The store's id (as in `inkom.key`); also sealed inside, so a sealed key copied from
    /// another store is refused.
    store_id: String,
    /// The fingerprint of the recovery public key it is sealed to.
    fingerprint: String,
    /// The sealed box, hex.
    sealed_key: String,
    sealed_at: String,
}

/// What is sealed: a label naming the store, then the 32-byte data key.
fn sealed_plaintext(store_id: &str, key: &DataKey) -> Zeroizing<Vec<u8>> {
    let mut text = Zeroizing::new(format!("inkom sealed data key v1 {store_id}\n").into_bytes());
    text.extend_from_slice(key.bytes());
    text
}

fn sealed_path(data_dir: &Path) -> PathBuf {
    data_dir.join(SEALED_FILE)
}

impl Versioned for SealedFile {
    fn version(&self) -> u32 {
        self.version
    }
}

fn read_sealed(data_dir: &Path) -> Result<Option<SealedFile>, SealError> {
    let path = sealed_path(data_dir);
    small_file::read_json(&path).map_err(|e| match e.damage("not a sealed key") {
        Ok(reason) => SealError::BadSealedFile(reason),
        Err(source) => SealError::Io { path, source },
    })
}

/// The store's random id (from `inkom.key`): how the unit's log names a store, never by path.
pub fn store_id(data_dir: &Path) -> Result<String, SealError> {
    Ok(read_key_file(data_dir)?
        .ok_or(StoreError::KeyMissing)?
        .store_id)
}

/// The fingerprint of the recovery key this data directory's key is sealed to, if any.
pub fn sealed_fingerprint(data_dir: &Path) -> Result<Option<String>, SealError> {
    Ok(read_sealed(data_dir)?.map(|f| f.fingerprint))
}

/// Seals the open store's data key to `recipient` and writes `inkom.recovery` atomically
/// (owner-only). Replaces an earlier seal (to a key the caller has decided to trust).
pub fn seal_store_key(
    store: &Store,
    recipient: &RecoveryPublicKey,
    at: &DateTime<FixedOffset>,
) -> Result<(), SealError> {
    let data_dir = store.data_dir();
    let key_file = read_key_file(data_dir)?.ok_or(StoreError::KeyMissing)?;
    let plain = sealed_plaintext(&key_file.store_id, &store.key);
    let sealed = PublicKey::from_bytes(recipient.0)
        .seal(&mut crypto_box::aead::OsRng, &plain)
        .map_err(|_| StoreError::Random)?;
    let file = SealedFile {
        version: 1,
        store_id: key_file.store_id,
        fingerprint: recipient.fingerprint(),
        sealed_key: hex::encode(sealed),
        sealed_at: at.to_rfc3339(),
    };
    small_file::write_json(data_dir, SEALED_FILE, &file).map_err(|source| SealError::Io {
        path: sealed_path(data_dir),
        source,
    })
}

/// Opens the sealed data key of `data_dir` with the private half. Reads only.
pub fn unseal_data_key(data_dir: &Path, secret: &RecoverySecretKey) -> Result<DataKey, SealError> {
    let file = read_sealed(data_dir)?.ok_or(SealError::NotSealed)?;
    let key_file = read_key_file(data_dir)?.ok_or(StoreError::KeyMissing)?;
    if file.store_id != key_file.store_id {
        // A sealed key copied from another store, or its id edited.
        return Err(SealError::BadSealedFile("sealed for another store"));
    }
    if file.fingerprint != secret.public().fingerprint() {
        return Err(SealError::WrongRecoveryKey);
    }
    let sealed = hex::decode(&file.sealed_key).map_err(|_| SealError::BadSealedFile("not hex"))?;
    // The file says it is sealed to this very key: a box that does not open is damaged (or
    // was sealed to another key and relabelled), not a wrong key in the archivist's hand.
    let plain = Zeroizing::new(
        secret
            .secret()
            .unseal(&sealed)
            .map_err(|_| SealError::BadSealedFile("sealed box does not open"))?,
    );
    let label = format!("inkom sealed data key v1 {}\n", key_file.store_id);
    let Some(raw) = plain.strip_prefix(label.as_bytes()) else {
        // Sealed for another store (a copied inkom.recovery): not this store's key.
        return Err(SealError::BadSealedFile("sealed for another store"));
    };
    if raw.len() != 32 {
        return Err(SealError::BadSealedFile("sealed key length"));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(raw);
    Ok(DataKey(key))
}

/// Opens the store in `data_dir` with the unit's recovery key alone: for the archivist, when
/// the caseworker who holds the store is away. Nothing is created: the directory, the key
/// file, the sealed key and the database must all be there. A wrong key is refused before
/// anything is written. The store is as any other open store afterwards; the caller
/// ([`crate::recover`]) records the recovery in the audit chain and then makes the
/// connection read-only.
pub fn open_recovered(data_dir: &Path, secret: &RecoverySecretKey) -> Result<Store, SealError> {
    let key = unseal_data_key(data_dir, secret)?;
    let path = data_dir.join(DB_FILE);
    if super::DbFile::inspect(&path)? != super::DbFile::Encrypted {
        return Err(StoreError::KeyMissing.into());
    }
    let mut conn = connect(&path, &key)?;
    schema_check::verify(&conn)?;
    migrations::migrate(&mut conn)?;
    Ok(Store {
        conn,
        path,
        data_dir: data_dir.to_path_buf(),
        key,
        key_source: KeySource::RecoveryKey,
        opened: Opened {
            created: false,
            encrypted_from_plaintext: None,
            temp_files_removed: 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_file_round_trips_and_refuses_a_mismatched_public_key() {
        let key = RecoverySecretKey::generate().expect("random");
        let at = chrono::Utc::now().fixed_offset();
        let text = key.to_file_text("enhet1", &at);
        let back = RecoverySecretKey::from_file_text(&text).expect("parse");
        assert_eq!(back.public(), key.public());
        assert!(!format!("{key:?}").contains(&hex::encode(*key.0)));
        let other = RecoverySecretKey::generate().expect("random").public();
        let swapped = text.replace(&key.public().to_hex(), &other.to_hex());
        assert!(matches!(
            RecoverySecretKey::from_file_text(&swapped),
            Err(SealError::BadSecretFile(_))
        ));
        assert!(RecoverySecretKey::from_file_text("{}").is_err());
    }

    #[test]
    fn a_sealed_key_opens_only_with_its_private_half() {
        let unit = RecoverySecretKey::generate().expect("random");
        let data = DataKey::random().expect("random");
        let plain = sealed_plaintext("s1", &data);
        let sealed = PublicKey::from_bytes(unit.public().0)
            .seal(&mut crypto_box::aead::OsRng, &plain)
            .expect("seal");
        let opened = unit.secret().unseal(&sealed).expect("unseal");
        assert_eq!(opened.as_slice(), plain.as_slice());
        let stranger = RecoverySecretKey::generate().expect("random");
        assert!(stranger.secret().unseal(&sealed).is_err());
        assert_ne!(unit.public().fingerprint(), stranger.public().fingerprint());
    }
}
