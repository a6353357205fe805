//! Connecting this store to the unit's register on PostgreSQL (issue 16), so diarium
//! registrations go to the unit's shared diary: the first-run set-up's optional last step, and
//! the same form under Inställningar for a caseworker who skipped it.
//!
//! Every rule is the core's [`crate::unit::join::join`], the same sequence `inkom unit connect`
//! runs; this module only turns the form into its arguments and its errors into Swedish the
//! app can show at the right field, without naming CLI commands or settings keys.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::session::act;
use super::{DeskError, DeskResult};
use crate::store::Store;
use crate::unit::join::{self, Password};
use crate::unit::recovery::Sealing;
use crate::unit::{UnitError, UnitUrl};

/// The unit register step as submitted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnitConnectInput {
    /// `postgres://login@host/database`, as given by IT (no password in it).
    pub url: String,
    /// The login's password. Empty: use `INKOM_UNIT_PASSWORD` or the OS key store.
    pub password: String,
}

impl std::fmt::Debug for UnitConnectInput {
    /// Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitConnectInput")
            .field("url", &self.url)
            .field("password", &if self.password.is_empty() { "" } else { "…" })
            .finish()
    }
}

/// The store is connected to the unit register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct UnitConnectView {
    /// The address as stored (no password).
    pub url: String,
    /// The unit's database, shown as the unit's name.
    pub database: String,
    /// The typed password is kept in the OS key store for later deliveries.
    pub password_saved: bool,
    /// The recovery key's fingerprint the store's data key is sealed to, when the unit has
    /// one (the archivist can then open this store if the caseworker is away).
    pub recovery_fingerprint: Option<String>,
}

/// The code of [`super::DeskError::UnitSetup`]: it tells the UI which field the message belongs
/// to (a login refusal to the password, everything else to the address).
pub fn error_code(e: &UnitError) -> &'static str {
    match e {
        // A login the server does not know, or a wrong password (28P01); no entry in
        // pg_hba.conf for this login (28000).
        UnitError::Refused { code, .. } if code == "28P01" || code == "28000" => {
            "unit_login_refused"
        }
        UnitError::Refused { code, .. } if code == "3D000" => "unit_no_database",
        other => other.code(),
    }
}

/// The Swedish message for the set-up step: what happened and what to do, in the app's words.
pub fn error_sv(e: &UnitError) -> String {
    match e {
        UnitError::BadUrl(_) => "Adressen kunde inte läsas. Den ska se ut så här: \
             postgres://inloggning@server/databas (som IT har angett)."
            .into(),
        UnitError::PasswordInUrl => {
            "Skriv inte lösenordet i adressen; skriv det i fältet Lösenord.".into()
        }
        UnitError::NoPassword => "Skriv lösenordet till din inloggning i enhetens register.".into(),
        UnitError::Unreachable(_) => "Servern går inte att nå. Kontrollera adressen och att \
             datorn är ansluten till kommunens nät, eller anslut senare under Inställningar."
            .into(),
        UnitError::Tls(_) | UnitError::TlsHandshake(_) | UnitError::UntrustedServer { .. } => {
            "Servern tog inte emot en krypterad \
             anslutning, eller dess certifikat godtogs inte (okänd utfärdare eller fel \
             servernamn). inkom ansluter aldrig okrypterat till en annan dator: kontakta IT."
                .into()
        }
        UnitError::Refused { .. } if error_code(e) == "unit_login_refused" => {
            "Fel inloggning eller lösenord. Kontrollera lösenordet (och inloggningen i \
             adressen)."
                .into()
        }
        UnitError::Refused { .. } if error_code(e) == "unit_no_database" => {
            "Databasen i adressen finns inte på servern. Kontrollera adressen med IT.".into()
        }
        UnitError::NotInitialised => {
            "Databasen är inte upprättad som enhetens register ännu. Kontakta IT.".into()
        }
        UnitError::LocalSeries => "Du har angett en egen diarieserie. Med enhetens register \
             delar registret ut diarienumren: töm fältet Diarieserie (under Inställningar, \
             eller i set-upens förra steg) och anslut igen."
            .into(),
        UnitError::KeyStore(_) => "Lösenordet kunde inte sparas i operativsystemets \
             nyckelring, så inkom skulle inte kunna skicka registreringar senare. Kontakta IT."
            .into(),
        other => other.sv(),
    }
}

/// Connects the store to the unit register in `input` (the core's [`join::join`]). An
/// empty password means the one in `INKOM_UNIT_PASSWORD` or the OS key store; a typed one is
/// proven by logging in and then kept in the OS key store. Nothing is recorded when it fails.
pub fn connect(store: &mut Store, input: &UnitConnectInput) -> DeskResult<UnitConnectView> {
    let url = UnitUrl::parse(input.url.trim()).map_err(DeskError::UnitSetup)?;
    let act = act(store.conn())?;
    let password = match input.password.as_str() {
        "" => Password::Stored { save: false },
        typed => Password::Typed(typed),
    };
    let joined = join::join(store, &url, password, &act).map_err(DeskError::UnitSetup)?;
    Ok(UnitConnectView {
        url: joined.connection.url,
        database: url.database().to_string(),
        password_saved: joined.password_saved,
        recovery_fingerprint: match joined.sealing {
            Sealing::NoUnitKey => None,
            Sealing::AlreadySealed { fingerprint } | Sealing::SealedNow { fingerprint } => {
                Some(fingerprint)
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_reaches_a_log_line() {
        let input = UnitConnectInput {
            url: "postgres://hl_lena@db.exempelby.se/sn".into(),
            password: "hemligt-lösenord-1234".into(),
        };
        let printed = format!("{input:?}");
        assert!(!printed.contains("hemligt"), "{printed}");
        assert!(printed.contains("db.exempelby.se"), "{printed}");
    }

    #[test]
    fn no_message_names_a_command_or_a_settings_key() {
        let errors = [
            UnitError::BadUrl("x".into()),
            UnitError::PasswordInUrl,
            UnitError::NoPassword,
            UnitError::Unreachable("x".into()),
            UnitError::TlsHandshake("x".into()),
            UnitError::Refused {
                code: "28P01".into(),
                message: "password authentication failed".into(),
            },
            UnitError::Refused {
                code: "3D000".into(),
                message: "database does not exist".into(),
            },
            UnitError::NotInitialised,
            UnitError::LocalSeries,
            UnitError::KeyStore("x".into()),
        ];
        for e in &errors {
            let sv = error_sv(e);
            assert!(
                !sv.contains("inkom unit") && !sv.contains("diary_prefix") && !sv.contains('`'),
                "{sv}"
            );
        }
        assert_eq!(error_code(&errors[5]), "unit_login_refused");
        assert_eq!(error_code(&errors[4]), "unit_tls");
    }
}
