//! The database key: a random 256-bit data key that SQLCipher encrypts every page with, and
//! where it is kept.
//!
//! * **OS credential store** (Windows Credential Manager, macOS Keychain, Secret Service on
//!   Linux): the data key itself lives there, under service `inkom` and an entry named after the
//!   store's random id. A copy of the data directory on another machine or user account has no
//!   such entry, so it cannot be opened.
//! * **Passphrase**: the data key is wrapped (XChaCha20-Poly1305) under a key derived from the
//!   passphrase with Argon2id. Salt, parameters, nonce and the wrapped key are in the key file.
//!   Changing the passphrase rewrites only the key file, never the database.
//!
//! The key file `inkom.key` beside the database says which of the two a store uses, so opening
//! never guesses (and never probes the OS store of a passphrase store). It holds no secret.
//!
//! Which one a *new* store gets: `INKOM_KEYSTORE=os` (the OS store or an error),
//! `INKOM_KEYSTORE=passphrase` (never the OS store), unset or `auto` (the OS store when one
//! answers, else a passphrase). The passphrase comes from the app's unlock screen
//! ([`super::Store::open_with_passphrase`]) or from `INKOM_PASSPHRASE`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::StoreError;

mod sealed;
mod small_file;
pub use sealed::{
    RecoveryPublicKey, RecoverySecretKey, SEALED_FILE, SealError, open_recovered, seal_store_key,
    sealed_fingerprint, store_id, unseal_data_key,
};

/// The key file's name inside the data directory.
pub const KEY_FILE: &str = "inkom.key";

/// Environment variable holding the passphrase for unattended use (CI, scripts, a headless box).
pub const PASSPHRASE_ENV: &str = "INKOM_PASSPHRASE";

/// Environment variable choosing where a new store's key goes: `os`, `passphrase` or `auto`.
pub const KEYSTORE_ENV: &str = "INKOM_KEYSTORE";

/// The shortest passphrase a new store accepts. Argon2id slows guessing; it cannot save a
/// four-letter word.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// Argon2id cost for new key files: RFC 9106's second recommended option (64 MiB, 3 passes;
/// one lane, as the unlock runs on one thread). The key file can be attacked offline on a
/// stolen laptop, so this is a key-derivation cost, not a login-hash floor (19 MiB, t=2, what
/// inkom used before). Unlocking costs about 0.2 s here (README). Stored per file: an older
/// file still opens and is re-wrapped with these at its next unlock ([`resolve`]).
pub const ARGON2_M_KIB: u32 = 64 * 1024;
/// Argon2id passes, see [`ARGON2_M_KIB`].
pub const ARGON2_T: u32 = 3;
const ARGON2_P: u32 = 1;

/// Test builds only: with this set to `1`, new key files get a cheap Argon2id cost, so a test
/// suite that starts inkom hundreds of times stays fast. The code reading it exists only with
/// `debug_assertions`, so a release build (what ships) cannot select it at all; the cost used
/// is written in the key file, and a release build re-wraps such a file at its next unlock.
pub const TEST_ONLY_CHEAP_KDF_ENV: &str = "INKOM_TEST_ONLY_CHEAP_KDF";

/// The Argon2id memory (KiB) and passes new key files get.
fn current_cost() -> (u32, u32) {
    #[cfg(debug_assertions)]
    if std::env::var_os(TEST_ONLY_CHEAP_KDF_ENV).is_some_and(|v| v == "1") {
        return (8 * 1024, 1);
    }
    (ARGON2_M_KIB, ARGON2_T)
}
/// Upper bounds for parameters read from a key file, so a hostile file cannot make inkom
/// allocate gigabytes or spin for minutes.
const ARGON2_MAX_M_KIB: u32 = 1024 * 1024;
const ARGON2_MAX_T: u32 = 16;

/// How long inkom waits for the OS credential store before falling back: a Secret Service that
/// waits for a password prompt nobody sees must not hang the command line.
const OS_STORE_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the key of an open store came from; the CLI and the app say it to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// The operating system's credential store.
    OsKeystore,
    /// A passphrase typed by the user (the app's unlock screen).
    Passphrase,
    /// A passphrase from `INKOM_PASSPHRASE`.
    Env,
    /// The unit's recovery key (`inkom recover`, issue 16). Never an app session, so not in
    /// the app's types.
    #[cfg_attr(feature = "ts", ts(skip))]
    RecoveryKey,
}

impl KeySource {
    /// The Swedish sentence telling the user how the database is unlocked.
    pub fn sv(self) -> &'static str {
        match self {
            KeySource::OsKeystore => {
                "Databasen är krypterad; nyckeln finns i operativsystemets nyckelring."
            }
            KeySource::Passphrase => "Databasen är krypterad och låses upp med lösenfras.",
            KeySource::Env => {
                "Databasen är krypterad och låses upp med lösenfrasen i INKOM_PASSPHRASE."
            }
            KeySource::RecoveryKey => {
                "Databasen är öppnad med enhetens återställningsnyckel, bara för läsning."
            }
        }
    }
}

/// The 256-bit data key. Zeroed when dropped; never printed.
pub struct DataKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    pub(crate) fn random() -> Result<DataKey, StoreError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut()).map_err(|_| StoreError::Random)?;
        Ok(DataKey(key))
    }

    fn from_hex(text: &str) -> Option<DataKey> {
        let mut key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), key.as_mut()).ok()?;
        Some(DataKey(key))
    }

    fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    /// The raw key bytes, for code that must read the database file itself (tests that decrypt
    /// pages to prove a purge, diagnostics). Keep the borrow short.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The value for SQLCipher's `PRAGMA key`: a raw key (`x'…'`), so SQLCipher uses it as is
    /// instead of running its own key derivation on every open.
    pub fn sqlcipher_key(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }

    /// A subkey for one purpose (HKDF-SHA256), so the audit trail's MAC key is never the
    /// encryption key itself.
    pub(crate) fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        let hk = Hkdf::<Sha256>::new(None, self.0.as_ref());
        // 32 bytes is always a valid HKDF-SHA256 output length.
        if hk.expand(purpose.as_bytes(), out.as_mut()).is_err() {
            unreachable!("HKDF-SHA256 can always produce 32 bytes");
        }
        out
    }
}

/// The key file: which protection the store uses, and for a passphrase the wrapped key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFile {
    version: u32,
    /// Random id naming the OS store entry and binding the wrapped key to this store.
    store_id: String,
    #[serde(flatten)]
    protection: Protection,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "protection", rename_all = "snake_case")]
enum Protection {
    OsKeystore,
    Passphrase(Wrapped),
}

/// A data key wrapped under an Argon2id-derived key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Wrapped {
    kdf: String,
    m_kib: u32,
    t: u32,
    p: u32,
    salt: String,
    nonce: String,
    wrapped_key: String,
}

/// What is on disk where the database should be; decides whether a key may be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DbFile {
    /// No database yet (or an empty file).
    Missing,
    /// An unencrypted SQLite file from an earlier inkom.
    Plaintext,
    /// Anything else: an encrypted database.
    Encrypted,
}

impl DbFile {
    pub(crate) fn inspect(path: &Path) -> Result<DbFile, StoreError> {
        use std::io::Read;
        let mut head = [0u8; 16];
        let read = match std::fs::File::open(path) {
            Ok(mut f) => f.read(&mut head),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DbFile::Missing),
            Err(e) => Err(e),
        };
        let n = read.map_err(|source| StoreError::DataDir {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(match n {
            0 => DbFile::Missing,
            _ if &head[..n] == b"SQLite format 3\0" => DbFile::Plaintext,
            _ => DbFile::Encrypted,
        })
    }
}

/// How the caller offers a passphrase.
#[derive(Clone, Copy)]
pub(crate) enum Offered<'a> {
    /// Nothing: use the OS store, or `INKOM_PASSPHRASE`.
    Nothing,
    /// Typed by the user.
    Passphrase(&'a str),
}

/// Finds (or, for a new store, creates) the data key for `data_dir`.
pub(crate) fn resolve(
    data_dir: &Path,
    db: DbFile,
    offered: Offered<'_>,
) -> Result<(DataKey, KeySource), StoreError> {
    match read_key_file(data_dir)? {
        Some(file) => {
            let (key, source) = unlock(&file, offered)?;
            let (m_kib, t) = current_cost();
            if let Protection::Passphrase(w) = &file.protection
                && (w.m_kib < m_kib || w.t < t)
            {
                upgrade(data_dir, file.clone(), &key, offered);
            }
            Ok((key, source))
        }
        None if db == DbFile::Encrypted => Err(StoreError::KeyMissing),
        None => create(data_dir, offered),
    }
}

/// Re-wraps a key file made with weaker Argon2id parameters (an older inkom) under the
/// current ones, with the passphrase that just unlocked it. A failure (a read-only directory)
/// leaves the old file, which still opens; it is logged, not fatal.
fn upgrade(data_dir: &Path, mut file: KeyFile, key: &DataKey, offered: Offered<'_>) {
    let result = passphrase(offered).and_then(|(passphrase, _)| {
        file.protection = Protection::Passphrase(wrap_key(key, &file.store_id, &passphrase)?);
        write_key_file(data_dir, &file)
    });
    match result {
        Ok(()) => tracing::info!("key file re-wrapped with the current Argon2id parameters"),
        Err(e) => tracing::warn!("key file not re-wrapped: {e}"),
    }
}

/// Unlocks a passphrase store's data key: for tests and tools that read the database file
/// directly (an in-process [`super::Store`] is the normal way in).
pub fn unlock_with_passphrase(data_dir: &Path, passphrase: &str) -> Result<DataKey, StoreError> {
    let file = read_key_file(data_dir)?.ok_or(StoreError::KeyMissing)?;
    unlock(&file, Offered::Passphrase(passphrase)).map(|(key, _)| key)
}

fn unlock(file: &KeyFile, offered: Offered<'_>) -> Result<(DataKey, KeySource), StoreError> {
    match &file.protection {
        Protection::OsKeystore => {
            let key = os_store::get(&file.store_id)?.ok_or(StoreError::KeyMissing)?;
            Ok((key, KeySource::OsKeystore))
        }
        Protection::Passphrase(wrapped) => {
            let (passphrase, source) = passphrase(offered)?;
            let key = unwrap_key(wrapped, &file.store_id, &passphrase)?;
            Ok((key, source))
        }
    }
}

fn passphrase(offered: Offered<'_>) -> Result<(Zeroizing<String>, KeySource), StoreError> {
    match offered {
        Offered::Passphrase(p) => Ok((Zeroizing::new(p.to_string()), KeySource::Passphrase)),
        Offered::Nothing => match std::env::var(PASSPHRASE_ENV) {
            Ok(p) if !p.is_empty() => Ok((Zeroizing::new(p), KeySource::Env)),
            _ => Err(StoreError::NeedsPassphrase),
        },
    }
}

/// Which key store a new store should use, from `INKOM_KEYSTORE`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Auto,
    Os,
    Passphrase,
}

fn choice() -> Result<Choice, StoreError> {
    match std::env::var(KEYSTORE_ENV).as_deref() {
        Err(_) | Ok("") | Ok("auto") => Ok(Choice::Auto),
        Ok("os") => Ok(Choice::Os),
        Ok("passphrase") => Ok(Choice::Passphrase),
        Ok(other) => Err(StoreError::BadKeystoreChoice(other.to_string())),
    }
}

fn create(data_dir: &Path, offered: Offered<'_>) -> Result<(DataKey, KeySource), StoreError> {
    let key = DataKey::random()?;
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|_| StoreError::Random)?;
    let store_id = hex::encode(id);
    let choice = choice()?;
    // A passphrase typed into the app is the user's explicit choice.
    let try_os = matches!(offered, Offered::Nothing) && choice != Choice::Passphrase;
    if try_os {
        match os_store::set(&store_id, &key) {
            Ok(()) => {
                let file = KeyFile {
                    version: 1,
                    store_id,
                    protection: Protection::OsKeystore,
                };
                write_key_file(data_dir, &file)?;
                return Ok((key, KeySource::OsKeystore));
            }
            Err(e) if choice == Choice::Os => return Err(e),
            Err(e) => tracing::info!("OS credential store not used: {e}"),
        }
    }
    let (passphrase, source) = passphrase(offered)?;
    check_new_passphrase(&passphrase)?;
    let wrapped = wrap_key(&key, &store_id, &passphrase)?;
    let file = KeyFile {
        version: 1,
        store_id,
        protection: Protection::Passphrase(wrapped),
    };
    write_key_file(data_dir, &file)?;
    Ok((key, source))
}

/// A passphrase change made but not yet written: the key file as it is and as it will be, so
/// the change can be written inside the transaction that records it and undone if that
/// transaction does not commit.
pub struct Rewrapped {
    data_dir: PathBuf,
    before: KeyFile,
    after: KeyFile,
}

impl Rewrapped {
    /// Writes the key file wrapped under the new passphrase (atomically: a crash leaves the old
    /// or the new file, never half of one).
    pub(crate) fn write(&self) -> Result<(), StoreError> {
        write_key_file(&self.data_dir, &self.after)
    }

    /// Writes the key file back as it was.
    pub(crate) fn undo(&self) -> Result<(), StoreError> {
        write_key_file(&self.data_dir, &self.before)
    }
}

/// Re-wraps the data key under `new` once `current` is proven to unwrap this very key; the
/// database is not touched. Refuses a store whose key is in the OS key store, a wrong current
/// passphrase, a weak new one, and a new one equal to the current.
pub(crate) fn rewrap(
    data_dir: &Path,
    key: &DataKey,
    current: &str,
    new: &str,
) -> Result<Rewrapped, StoreError> {
    let before = read_key_file(data_dir)?.ok_or(StoreError::KeyMissing)?;
    let Protection::Passphrase(wrapped) = &before.protection else {
        return Err(StoreError::NotPassphraseProtected);
    };
    let proven = unwrap_key(wrapped, &before.store_id, current)?;
    if proven.bytes() != key.bytes() {
        return Err(StoreError::WrongKey);
    }
    check_new_passphrase(new)?;
    if new == current {
        return Err(StoreError::PassphraseUnchanged);
    }
    let after = KeyFile {
        protection: Protection::Passphrase(wrap_key(key, &before.store_id, new)?),
        ..before.clone()
    };
    Ok(Rewrapped {
        data_dir: data_dir.to_path_buf(),
        before,
        after,
    })
}

/// Passwords people choose first; a passphrase that is one of them (ignoring case, spaces and
/// trailing digits or signs, as in "Sommar2026!") is refused for a new key.
const COMMON_PASSWORDS: &[&str] = &[
    "losenord",
    "lösenord",
    "password",
    "passord",
    "qwerty",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghij",
    "abcdefg",
    "abc",
    "sommar",
    "vinter",
    "varen",
    "våren",
    "hosten",
    "hösten",
    "hemligt",
    "hemlig",
    "valkommen",
    "välkommen",
    "welcome",
    "inkom",
    "admin",
    "letmein",
    "iloveyou",
    "sverige",
    "stockholm",
    "goteborg",
    "göteborg",
    "malmo",
    "malmö",
    "socialtjansten",
    "socialtjänsten",
    "kommunen",
    "changeme",
    "test",
    "testtest",
    "hejhej",
    "monkey",
    "dragon",
    "football",
    "superman",
    "batman",
    "trustno",
    "master",
    "solsken",
];

/// Refuses a passphrase for a new key that is too short or trivial: Argon2id makes each guess
/// slow, but a guess from the top of a list still comes first.
fn check_new_passphrase(passphrase: &str) -> Result<(), StoreError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(StoreError::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    if is_trivial(passphrase) {
        return Err(StoreError::PassphraseTrivial);
    }
    Ok(())
}

/// Repeated characters or a repeated short pattern, digits only, or a common password with
/// digits or signs after it.
fn is_trivial(passphrase: &str) -> bool {
    let folded: Vec<char> = passphrase
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let distinct: std::collections::BTreeSet<char> = folded.iter().copied().collect();
    if distinct.len() <= 3 {
        return true;
    }
    let repeats = (1..=folded.len() / 2)
        .any(|n| folded.len().is_multiple_of(n) && folded.chunks(n).all(|c| c == &folded[..n]));
    let base: String = folded
        .iter()
        .collect::<String>()
        .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation())
        .to_string();
    repeats || base.is_empty() || COMMON_PASSWORDS.contains(&base.as_str())
}

fn kek(
    passphrase: &str,
    salt: &[u8],
    m: u32,
    t: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    if m > ARGON2_MAX_M_KIB || t > ARGON2_MAX_T || p == 0 || p > 16 {
        return Err(StoreError::BadKeyFile("argon2 parameters out of range"));
    }
    let params = argon2::Params::new(m, t, p, Some(32))
        .map_err(|_| StoreError::BadKeyFile("argon2 parameters"))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|_| StoreError::BadKeyFile("argon2 input"))?;
    Ok(out)
}

/// Binds the wrapped key to its store and format, so a wrapped key cannot be moved between
/// key files unnoticed.
fn aad(store_id: &str) -> Vec<u8> {
    format!("inkom data key v1 {store_id}").into_bytes()
}

fn wrap_key(key: &DataKey, store_id: &str, passphrase: &str) -> Result<Wrapped, StoreError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut salt).map_err(|_| StoreError::Random)?;
    getrandom::fill(&mut nonce).map_err(|_| StoreError::Random)?;
    let (m_kib, t) = current_cost();
    let kek = kek(passphrase, &salt, m_kib, t, ARGON2_P)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let wrapped = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.bytes(),
                aad: &aad(store_id),
            },
        )
        .map_err(|_| StoreError::BadKeyFile("wrapping failed"))?;
    Ok(Wrapped {
        kdf: "argon2id".to_string(),
        m_kib,
        t,
        p: ARGON2_P,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        wrapped_key: hex::encode(wrapped),
    })
}

fn unwrap_key(w: &Wrapped, store_id: &str, passphrase: &str) -> Result<DataKey, StoreError> {
    if w.kdf != "argon2id" {
        return Err(StoreError::BadKeyFile("unknown kdf"));
    }
    let bad = |_| StoreError::BadKeyFile("not hex");
    let salt = hex::decode(&w.salt).map_err(bad)?;
    let nonce = hex::decode(&w.nonce).map_err(bad)?;
    let wrapped = hex::decode(&w.wrapped_key).map_err(bad)?;
    if nonce.len() != 24 || salt.len() < 8 {
        return Err(StoreError::BadKeyFile("salt or nonce length"));
    }
    let kek = kek(passphrase, &salt, w.m_kib, w.t, w.p)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &wrapped,
                    aad: &aad(store_id),
                },
            )
            .map_err(|_| StoreError::WrongPassphrase)?,
    );
    let mut key = Zeroizing::new([0u8; 32]);
    if plain.len() != key.len() {
        return Err(StoreError::BadKeyFile("wrapped key length"));
    }
    key.copy_from_slice(&plain);
    Ok(DataKey(key))
}

fn key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_FILE)
}

impl small_file::Versioned for KeyFile {
    fn version(&self) -> u32 {
        self.version
    }
}

fn read_key_file(data_dir: &Path) -> Result<Option<KeyFile>, StoreError> {
    let path = key_path(data_dir);
    small_file::read_json(&path).map_err(|e| match e.damage("not a key file") {
        Ok(reason) => StoreError::BadKeyFile(reason),
        Err(source) => StoreError::DataDir { path, source },
    })
}

/// Writes the key file atomically (temporary file, fsync, rename), readable by the owner only.
fn write_key_file(data_dir: &Path, file: &KeyFile) -> Result<(), StoreError> {
    small_file::write_json(data_dir, KEY_FILE, file).map_err(|source| StoreError::DataDir {
        path: key_path(data_dir),
        source,
    })
}

/// The OS credential store, reached through the `keyring` crate, each call on its own thread
/// with a time limit.
mod os_store {
    use super::{DataKey, OS_STORE_TIMEOUT, StoreError};
    use zeroize::Zeroizing;

    #[cfg(any(target_os = "windows", target_os = "macos", target_os = "linux"))]
    const SERVICE: &str = "inkom";

    #[cfg(any(target_os = "windows", target_os = "macos", target_os = "linux"))]
    fn entry_name(store_id: &str) -> String {
        format!("database-key-{store_id}")
    }

    /// Whether it is worth asking at all: on Linux the Secret Service needs a session bus, and
    /// without one libdbus would try to start one.
    fn reachable() -> bool {
        if cfg!(target_os = "linux") {
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
        } else {
            cfg!(any(target_os = "windows", target_os = "macos"))
        }
    }

    /// Runs `f` on a thread and gives up after [`OS_STORE_TIMEOUT`].
    fn with_timeout<T: Send + 'static>(
        f: impl FnOnce() -> Result<T, String> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        match rx.recv_timeout(OS_STORE_TIMEOUT) {
            Ok(r) => r.map_err(StoreError::OsKeystore),
            Err(_) => Err(StoreError::OsKeystore(
                "the credential store did not answer in time".to_string(),
            )),
        }
    }

    /// The key stored for this store id; `None` when the store has no such entry.
    pub(super) fn get(store_id: &str) -> Result<Option<DataKey>, StoreError> {
        if !reachable() {
            return Err(StoreError::OsKeystore(
                "no OS credential store reachable (on Linux: no D-Bus session)".to_string(),
            ));
        }
        let id = store_id.to_string();
        let secret: Option<Zeroizing<String>> = with_timeout(move || get_blocking(&id))?;
        match secret {
            None => Ok(None),
            Some(s) => DataKey::from_hex(&s)
                .map(Some)
                .ok_or_else(|| StoreError::OsKeystore("stored key is malformed".to_string())),
        }
    }

    /// Stores the key and reads it back, so a store that accepts but does not keep (a session
    /// keyring that forgets at logout) is caught now rather than after the data is written.
    pub(super) fn set(store_id: &str, key: &DataKey) -> Result<(), StoreError> {
        if !reachable() {
            return Err(StoreError::OsKeystore(
                "no OS credential store reachable (on Linux: no D-Bus session)".to_string(),
            ));
        }
        let id = store_id.to_string();
        let secret = key.to_hex();
        let stored = secret.clone();
        with_timeout(move || set_blocking(&id, &stored))?;
        match get(store_id)? {
            Some(back) if back.bytes() == key.bytes() => Ok(()),
            _ => Err(StoreError::OsKeystore(
                "the credential store did not keep the key".to_string(),
            )),
        }
    }

    #[cfg(any(target_os = "windows", target_os = "macos", target_os = "linux"))]
    fn get_blocking(store_id: &str) -> Result<Option<Zeroizing<String>>, String> {
        let entry =
            keyring::Entry::new(SERVICE, &entry_name(store_id)).map_err(|e| e.to_string())?;
        match entry.get_password() {
            Ok(p) => Ok(Some(Zeroizing::new(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    #[cfg(any(target_os = "windows", target_os = "macos", target_os = "linux"))]
    fn set_blocking(store_id: &str, secret: &str) -> Result<(), String> {
        let entry =
            keyring::Entry::new(SERVICE, &entry_name(store_id)).map_err(|e| e.to_string())?;
        entry.set_password(secret).map_err(|e| e.to_string())
    }

    #[cfg(not(any(target_os = "windows", target_os = "macos", target_os = "linux")))]
    fn get_blocking(_: &str) -> Result<Option<Zeroizing<String>>, String> {
        Err("no OS credential store on this platform".to_string())
    }

    #[cfg(not(any(target_os = "windows", target_os = "macos", target_os = "linux")))]
    fn set_blocking(_: &str, _: &str) -> Result<(), String> {
        Err("no OS credential store on this platform".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_key_opens_only_with_its_passphrase_and_store() {
        let key = DataKey::random().expect("random");
        let w = wrap_key(&key, "store-a", "rätt lösenfras").expect("wrap");
        let back = unwrap_key(&w, "store-a", "rätt lösenfras").expect("unwrap");
        assert_eq!(back.bytes(), key.bytes());
        assert!(matches!(
            unwrap_key(&w, "store-a", "fel lösenfras"),
            Err(StoreError::WrongPassphrase)
        ));
        // The wrapped key moved into another store's key file does not unwrap.
        assert!(matches!(
            unwrap_key(&w, "store-b", "rätt lösenfras"),
            Err(StoreError::WrongPassphrase)
        ));
        assert!(!format!("{key:?}").contains(&hex::encode(key.bytes())));
    }

    #[test]
    fn hostile_key_file_parameters_are_refused_before_any_work() {
        let key = DataKey::random().expect("random");
        let mut w = wrap_key(&key, "s", "lösenfras 123").expect("wrap");
        w.m_kib = u32::MAX;
        assert!(matches!(
            unwrap_key(&w, "s", "lösenfras 123"),
            Err(StoreError::BadKeyFile(_))
        ));
        w.m_kib = ARGON2_M_KIB;
        w.t = 1_000_000;
        assert!(matches!(
            unwrap_key(&w, "s", "lösenfras 123"),
            Err(StoreError::BadKeyFile(_))
        ));
    }

    #[test]
    fn trivial_passphrases_are_refused_and_real_ones_kept() {
        for trivial in [
            "aaaaaaaaaaaa",
            "ababababab",
            "abcabcabcabc",
            "1234567890",
            "Lösenord123",
            "Sommar2026!",
            "qwertyuiop",
            "P a s s w o r d 1 2",
            "välkommen!!",
        ] {
            assert!(
                matches!(
                    check_new_passphrase(trivial),
                    Err(StoreError::PassphraseTrivial)
                ),
                "{trivial:?} accepted"
            );
        }
        for fine in [
            "korrekt häst batteri häftklammer",
            "en helt annan lösenfras",
            "exempelby-demo-lösenfras",
            "golden test passphrase",
        ] {
            assert!(check_new_passphrase(fine).is_ok(), "{fine:?} refused");
        }
        assert!(matches!(
            check_new_passphrase("kort"),
            Err(StoreError::PassphraseTooShort { .. })
        ));
    }

    #[test]
    fn subkeys_differ_by_purpose_and_from_the_key() {
        let key = DataKey::random().expect("random");
        let a = key.derive("inkom audit chain v1");
        let b = key.derive("something else");
        assert_ne!(*a, *b);
        assert_ne!(*a, *key.bytes());
    }
}
