//! The unit's shared register on PostgreSQL (issue 16): one diary series for many caseworkers,
//! one queue for the registrar.
//!
//! Each caseworker's encrypted SQLite store stays the only place that holds a document's raw
//! content. What the unit shares is the diarium: the 5 kap. 2 § OSL facts of each registration,
//! its registration sheet until the registrar has filed the printout, the registrar's actions
//! and a hash-chained audit log. The server decides who sees what (PostgreSQL roles and
//! row-level security, [`schema`]); this client only connects ([`connection`]), sets up
//! ([`schema`], [`users`]), publishes ([`caseworker`], through the local [`outbox`]) and reads
//! ([`registrar`], [`audit`]).

pub mod audit;
pub mod caseworker;
pub mod connection;
pub mod diarielista;
pub mod join;
pub mod outbox;
pub mod publish;
pub mod recovery;
pub mod registrar;
pub mod schema;
pub mod users;

pub use connection::UnitUrl;

/// What can go wrong talking to the unit register. The Swedish text ([`UnitError::sv`]) is for
/// the user; the English Display is for logs. Neither holds document content or passwords.
#[derive(Debug, thiserror::Error)]
pub enum UnitError {
    /// The address could not be parsed.
    #[error("invalid unit register URL: {0}")]
    BadUrl(String),
    /// The address carries a password, which would then be stored with it.
    #[error("the unit register URL must not contain a password")]
    PasswordInUrl,
    /// No password in the environment or the OS key store.
    #[error("no password for the unit register (INKOM_UNIT_PASSWORD or the OS key store)")]
    NoPassword,
    /// A login, role or database name that is not a plain identifier.
    #[error("not a plain name (a-z, 0-9, _; starting with a letter): {0}")]
    BadName(String),
    /// The server could not be reached (it may be down, or the machine offline).
    #[error("unit register unreachable: {0}")]
    Unreachable(String),
    /// TLS could not be set up (trust store, CA file).
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// The server was reached but the TLS handshake failed: it offers no TLS, or its
    /// certificate is not trusted or not for this host name. Treated like an unreachable
    /// server by the outbox (IT may fix the server), but named as what it is.
    #[error("TLS handshake with the unit register failed: {0}")]
    TlsHandshake(String),
    /// The server's certificate did not check out (unknown CA, or not issued for the host
    /// name in the address): inkom does not talk to it, and nothing was sent.
    #[error("the unit register's TLS certificate was refused: {detail}")]
    UntrustedServer {
        /// True when the certificate is for another name than the address's host.
        wrong_name: bool,
        /// rustls' reason (English, for logs).
        detail: String,
    },
    /// The server refused: missing privilege, broken rule, unknown registration.
    #[error("unit register refused ({code}): {message}")]
    Refused {
        /// The SQLSTATE.
        code: String,
        /// The server's message (English, from our functions; never document content).
        message: String,
    },
    /// The server's schema is newer than this inkom knows.
    #[error("unit register schema version {found} is newer than this inkom ({supported})")]
    TooNew {
        /// Version on the server.
        found: i32,
        /// Newest this build knows.
        supported: i32,
    },
    /// The unit register has not been set up (`inkom unit init`).
    #[error("the unit register has no inkom schema (run `inkom unit init`)")]
    NotInitialised,
    /// The local store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The OS key store failed.
    #[error("OS key store: {0}")]
    KeyStore(String),
    /// This store is not connected to a unit register.
    #[error("not connected to a unit register (inkom unit connect)")]
    NotConnected,
    /// A local item cannot be published (wrong class or state).
    #[error("item {id} cannot be published: {why}")]
    NotPublishable {
        /// Item id.
        id: i64,
        /// Why, in English.
        why: &'static str,
    },
    /// The store keeps its own diary series; connecting would give documents two numbers.
    #[error("the store has its own diary series (diary_prefix); unset it before connecting")]
    LocalSeries,
    /// A new login's password is too short.
    #[error("password shorter than {0} characters")]
    WeakPassword(usize),
    /// Registration facts could not be encoded or decoded (a bug or a damaged outbox row).
    #[error("registration facts: {0}")]
    Encoding(String),
    /// The sheet fetched from the server does not match its registered hash.
    #[error("sheet of registration {0} does not match its SHA-256")]
    SheetMismatch(i64),
    /// The unit register's recovery key is not the one this store sealed its key to (or its
    /// row does not match its own fingerprint): it was swapped, and is not trusted.
    #[error("the unit's recovery key differs from the one this store pinned")]
    RecoveryKeyChanged,
    /// Sealing the data key to the recovery key failed (issue 16).
    #[error("recovery key: {0}")]
    Seal(#[from] crate::store::keys::SealError),
}

impl UnitError {
    /// A stable code for `--json` and the app.
    pub fn code(&self) -> &'static str {
        match self {
            UnitError::BadUrl(_) | UnitError::PasswordInUrl | UnitError::BadName(_) => {
                "invalid_input"
            }
            UnitError::NoPassword => "no_password",
            UnitError::Unreachable(_) => "unit_unreachable",
            UnitError::Tls(_) | UnitError::TlsHandshake(_) | UnitError::UntrustedServer { .. } => {
                "unit_tls"
            }
            UnitError::Refused { code, .. } if code == "42501" => "unit_forbidden",
            UnitError::Refused { code, .. } if code == "P0002" => "not_found",
            UnitError::Refused { .. } => "unit_refused",
            UnitError::TooNew { .. } => "unit_too_new",
            UnitError::NotInitialised => "unit_not_initialised",
            UnitError::Store(_) => "store",
            UnitError::KeyStore(_) => "keystore",
            UnitError::NotConnected => "unit_not_connected",
            UnitError::NotPublishable { .. } => "not_publishable",
            UnitError::SheetMismatch(_) => "sheet_mismatch",
            UnitError::LocalSeries => "local_series",
            UnitError::WeakPassword(_) => "invalid_input",
            UnitError::Encoding(_) => "encoding",
            UnitError::RecoveryKeyChanged => "recovery_key_changed",
            UnitError::Seal(crate::store::keys::SealError::BadSealedFile(_)) => "bad_sealed_file",
            UnitError::Seal(_) => "recovery_seal",
        }
    }

    /// The message for the user, in Swedish.
    pub fn sv(&self) -> String {
        match self {
            UnitError::BadUrl(_) => {
                "Adressen till enhetens register kunde inte läsas (postgres://användare@värd/databas)."
                    .into()
            }
            UnitError::PasswordInUrl => {
                "Adressen får inte innehålla lösenordet. Ange det i INKOM_UNIT_PASSWORD eller \
                 spara det i operativsystemets nyckelring."
                    .into()
            }
            UnitError::NoPassword => {
                "Lösenord till enhetens register saknas (INKOM_UNIT_PASSWORD eller nyckelringen)."
                    .into()
            }
            UnitError::BadName(n) => format!(
                "Namnet {n:?} går inte att använda: bara a–z, 0–9 och _, och det ska börja med en bokstav."
            ),
            UnitError::Unreachable(_) => {
                "Enhetens register går inte att nå just nu. Arbetet fortsätter lokalt; \
                 registreringarna skickas när registret går att nå igen."
                    .into()
            }
            UnitError::Tls(_) => "Krypterad anslutning till enhetens register kunde inte \
                 upprättas (certifikat)."
                .into(),
            UnitError::TlsHandshake(_) => "Enhetens register tog inte emot en krypterad \
                 anslutning, eller dess certifikat godtogs inte (okänd utfärdare eller fel \
                 värdnamn). inkom ansluter aldrig okrypterat till en annan dator: kontakta IT."
                .into(),
            UnitError::UntrustedServer { wrong_name: true, .. } => {
                "Enhetens register kunde inte styrkas: serverns certifikat gäller inte för \
                 adressen du anslöt till. Anslutningen avbröts och inget skickades. Kontrollera \
                 adressen (servernamnet) med IT."
                    .into()
            }
            UnitError::UntrustedServer { .. } => "Enhetens register kunde inte styrkas: \
                 serverns certifikat är inte utfärdat av någon betrodd utfärdare. Anslutningen \
                 avbröts och inget skickades. Be IT om enhetens CA-certifikat \
                 (INKOM_UNIT_CA_FILE) eller om att installera det på datorn."
                .into(),
            UnitError::Refused { code, .. } if code == "42501" => {
                "Du har inte behörighet till detta i enhetens register.".into()
            }
            UnitError::Refused { code, .. } if code == "P0002" => {
                "Registreringen finns inte i enhetens register (eller är redan rensad).".into()
            }
            UnitError::Refused { message, .. } => {
                format!("Enhetens register nekade åtgärden: {}", refusal_sv(message))
            }
            UnitError::TooNew { .. } => {
                "Enhetens register är nyare än denna version av inkom. Uppdatera inkom.".into()
            }
            UnitError::NotInitialised => {
                "Enhetens register är inte upprättat ännu (inkom unit init).".into()
            }
            UnitError::Store(e) => e.sv(),
            UnitError::KeyStore(_) => "Operativsystemets nyckelring gick inte att använda.".into(),
            UnitError::NotConnected => {
                "Denna dator är inte ansluten till enhetens register (inkom unit connect).".into()
            }
            UnitError::NotPublishable { id, .. } => format!(
                "Objekt {id} kan inte skickas till enhetens register (bara registrerade \
                 diarieföringar skickas)."
            ),
            UnitError::LocalSeries => "Denna dator har en egen diarieserie (inställningen \
                 diary_prefix). Ta bort den först: enhetens register håller diarieserien."
                .into(),
            UnitError::WeakPassword(n) => format!("Lösenordet måste ha minst {n} tecken."),
            UnitError::Encoding(_) => "Uppgifterna om registreringen kunde inte läsas.".into(),
            UnitError::SheetMismatch(id) => format!(
                "Registreringsbladet för registrering {id} stämmer inte med sin kontrollsumma."
            ),
            UnitError::RecoveryKeyChanged => "Enhetens återställningsnyckel i registret är inte \
                 den som denna databas redan har låst sin nyckel till. Nyckeln kan ha bytts ut; \
                 databasens nyckel förseglas inte till den. Kontakta enhetens arkivarie och IT."
                .into(),
            // A damaged or planted inkom.recovery (issue 17): said as such, with the way out.
            UnitError::Seal(crate::store::keys::SealError::BadSealedFile(_)) => {
                "Den förseglade nyckeln (inkom.recovery) är skadad eller hör till en annan \
                 databas. Ingenting ändrades. Ta bort filen: nästa synkronisering med enhetens \
                 register förseglar databasens nyckel på nytt."
                    .into()
            }
            UnitError::Seal(_) => "Databasens nyckel kunde inte förseglas till enhetens \
                 återställningsnyckel."
                .into(),
        }
    }

    /// True when the server could not be reached (or its TLS handshake failed): the outbox
    /// keeps the item and tries again.
    pub fn is_transient(&self) -> bool {
        matches!(self, UnitError::Unreachable(_) | UnitError::TlsHandshake(_))
    }
}

/// Our own server functions' refusals, in Swedish.
pub(crate) fn refusal_sv(message: &str) -> String {
    let known: &[(&str, &str)] = &[
        (
            "personnummer",
            "ärendemeningen ser ut att innehålla ett personnummer",
        ),
        ("in the future", "inkomstdatumet ligger i framtiden"),
        (
            "already has diary number",
            "registreringen har redan ett diarienummer",
        ),
        (
            "already entered",
            "registreringen är redan införd i diariet",
        ),
        ("has no diary number", "registreringen saknar diarienummer"),
        ("never printed", "registreringsbladet har inte skrivits ut"),
        (
            "idempotency key",
            "registreringen har redan skickats med annat innehåll",
        ),
        ("duplicate key", "diarienumret används redan"),
        ("empty or too long", "diarienumret är tomt eller för långt"),
    ];
    known
        .iter()
        .find(|(en, _)| message.contains(en))
        .map(|(_, sv)| (*sv).to_string())
        .unwrap_or_else(|| "okänt skäl (se loggen)".to_string())
}

impl From<postgres::Error> for UnitError {
    fn from(e: postgres::Error) -> UnitError {
        match e.as_db_error() {
            Some(db) => UnitError::Refused {
                code: db.code().code().to_string(),
                message: db.message().to_string(),
            },
            None => UnitError::Unreachable(e.to_string()),
        }
    }
}

impl From<rusqlite::Error> for UnitError {
    fn from(e: rusqlite::Error) -> UnitError {
        UnitError::Store(e.into())
    }
}

/// Checks that a name can stand unquoted in SQL as a role or database name.
pub(crate) fn plain_name(name: &str) -> Result<&str, UnitError> {
    let ok = (1..=40).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(UnitError::BadName(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_lowercase_identifiers() {
        assert!(plain_name("karin_test2").is_ok());
        for bad in ["", "Karin", "2karin", "karin-x", "a\"; DROP", "å"] {
            assert!(plain_name(bad).is_err(), "{bad:?} accepted");
        }
    }
}
