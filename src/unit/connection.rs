//! Connecting to the unit register: the address, TLS, and where the password comes from.
//!
//! The address (`postgres://login@host:port/database`) may be stored in the data directory; the
//! password never is. It comes from `INKOM_UNIT_PASSWORD` or the OS key store (Windows
//! Credential Manager, macOS Keychain, Secret Service), and an address holding one is refused.
//! Off the machine the connection is TLS with the server's certificate checked against the OS
//! trust store (or `INKOM_UNIT_CA_FILE`) and its name against the host (`verify-full`); only a
//! loopback address or a Unix socket goes without TLS, since such traffic never leaves the PC.

use std::net::IpAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::{Client, Config, NoTls};
use zeroize::Zeroizing;

use super::UnitError;

/// The environment variable holding the login's password.
pub const PASSWORD_ENV: &str = "INKOM_UNIT_PASSWORD";
/// An optional PEM file with the CA that signed the server's certificate, for a CA that is not
/// in the OS trust store.
pub const CA_FILE_ENV: &str = "INKOM_UNIT_CA_FILE";
/// The OS key store's service name for unit register passwords.
const KEYRING_SERVICE: &str = "inkom-unit";

/// A parsed unit register address, without a password.
#[derive(Debug, Clone)]
pub struct UnitUrl {
    url: String,
    config: Config,
}

impl UnitUrl {
    /// Parses `postgres://login@host[:port]/database[?options]` (or the key=value form).
    /// Refuses an address with a password in it, and one that turns TLS off for a remote host.
    pub fn parse(url: &str) -> Result<UnitUrl, UnitError> {
        let config = Config::from_str(url).map_err(|e| UnitError::BadUrl(e.to_string()))?;
        if config.get_password().is_some() {
            return Err(UnitError::PasswordInUrl);
        }
        if config.get_user().is_none() {
            return Err(UnitError::BadUrl("no login (user) in the URL".into()));
        }
        if config.get_dbname().is_none() {
            return Err(UnitError::BadUrl("no database in the URL".into()));
        }
        if config.get_hosts().is_empty() {
            return Err(UnitError::BadUrl("no host in the URL".into()));
        }
        let parsed = UnitUrl {
            url: url.to_string(),
            config,
        };
        if !parsed.is_loopback() && parsed.config.get_ssl_mode() == SslMode::Disable {
            return Err(UnitError::BadUrl(
                "sslmode=disable is only allowed on this machine (loopback)".into(),
            ));
        }
        Ok(parsed)
    }

    /// The address as given (it holds no password).
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The login.
    pub fn login(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    /// The database, i.e. the unit.
    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// True when every host is this machine (loopback address, `localhost` or a Unix socket).
    pub fn is_loopback(&self) -> bool {
        self.config.get_hosts().iter().all(|h| match h {
            Host::Tcp(name) => {
                name == "localhost"
                    || name
                        .trim_matches(|c| c == '[' || c == ']')
                        .parse::<IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
            #[cfg(unix)]
            Host::Unix(_) => true,
        })
    }

    /// The key store entry's name: login@host:port/database.
    fn keyring_user(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("{}@{host}:{port}/{}", self.login(), self.database())
    }

    /// Saves a password in the OS key store for this address.
    pub fn save_password(&self, password: &str) -> Result<(), UnitError> {
        keyring::Entry::new(KEYRING_SERVICE, &self.keyring_user())
            .and_then(|e| e.set_password(password))
            .map_err(|e| UnitError::KeyStore(e.to_string()))
    }

    /// The password: `INKOM_UNIT_PASSWORD`, else the OS key store, else [`UnitError::NoPassword`].
    pub fn password(&self) -> Result<Zeroizing<String>, UnitError> {
        if let Ok(p) = std::env::var(PASSWORD_ENV)
            && !p.is_empty()
        {
            return Ok(Zeroizing::new(p));
        }
        match keyring::Entry::new(KEYRING_SERVICE, &self.keyring_user())
            .and_then(|e| e.get_password())
        {
            Ok(p) => Ok(Zeroizing::new(p)),
            Err(keyring::Error::NoEntry) => Err(UnitError::NoPassword),
            // No key store on this machine (e.g. a server without a session bus) is the same
            // as no password there.
            Err(keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_)) => {
                Err(UnitError::NoPassword)
            }
            Err(e) => Err(UnitError::KeyStore(e.to_string())),
        }
    }

    /// Connects with the password from [`UnitUrl::password`].
    pub fn connect(&self) -> Result<Client, UnitError> {
        let password = self.password()?;
        self.connect_with(&password)
    }

    /// Connects with the given password: TLS with verify-full unless the host is loopback.
    pub fn connect_with(&self, password: &str) -> Result<Client, UnitError> {
        let mut config = self.config.clone();
        config.password(password);
        config.application_name("inkom");
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if self.is_loopback() {
            return config.connect(NoTls).map_err(|e| connect_error(&e));
        }
        config.ssl_mode(SslMode::Require);
        config
            .connect(tls_connector()?)
            .map_err(|e| connect_error(&e))
    }
}

/// A failed connect: a refusal by the server (wrong password, no access) is not "offline",
/// and neither is a server whose certificate does not check out: that is not a network
/// hiccup to wait out but a server inkom must not talk to (or a CA IT has to hand out). Any
/// other failed TLS handshake (a server without TLS) is told apart from an unreachable host,
/// so the user hears which (issue 18).
fn connect_error(e: &postgres::Error) -> UnitError {
    // tokio-postgres keeps its error kinds private; a TLS failure's Display starts with this.
    const TLS_FAILED: &str = "error performing TLS handshake";
    if let Some(db) = e.as_db_error() {
        return UnitError::Refused {
            code: db.code().code().to_string(),
            message: db.message().to_string(),
        };
    }
    match rustls_error(e) {
        Some(tls) => UnitError::UntrustedServer {
            wrong_name: matches!(
                tls,
                rustls::Error::InvalidCertificate(
                    rustls::CertificateError::NotValidForName
                        | rustls::CertificateError::NotValidForNameContext { .. }
                )
            ),
            detail: tls.to_string(),
        },
        None if e.to_string().starts_with(TLS_FAILED) => UnitError::TlsHandshake(e.to_string()),
        None => UnitError::Unreachable(e.to_string()),
    }
}

/// The rustls error somewhere in the chain of causes (tokio-postgres wraps the handshake's
/// `io::Error`, which wraps rustls' own).
fn rustls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut cause = Some(e);
    while let Some(err) = cause {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && let Some(tls) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
        {
            return Some(tls);
        }
        cause = err.source();
    }
    None
}

/// rustls with the ring provider; roots from the OS trust store plus `INKOM_UNIT_CA_FILE`.
/// rustls always checks the certificate chain and the host name: libpq's `verify-full`.
fn tls_connector() -> Result<tokio_postgres_rustls::MakeRustlsConnect, UnitError> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for cert in native.certs {
        // A certificate the OS holds but rustls cannot parse is skipped, as browsers do.
        let _ = roots.add(cert);
    }
    if let Ok(path) = std::env::var(CA_FILE_ENV) {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let certs = CertificateDer::pem_file_iter(&path)
            .map_err(|e| UnitError::Tls(format!("{CA_FILE_ENV} {path}: {e}")))?;
        for cert in certs {
            let cert = cert.map_err(|e| UnitError::Tls(format!("{CA_FILE_ENV} {path}: {e}")))?;
            roots
                .add(cert)
                .map_err(|e| UnitError::Tls(format!("{CA_FILE_ENV} {path}: {e}")))?;
        }
    }
    if roots.is_empty() {
        return Err(UnitError::Tls("no trusted CA certificates".into()));
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| UnitError::Tls(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_refused() {
        assert!(matches!(
            UnitUrl::parse("postgres://karin:hemligt@db.example.se/sn"),
            Err(UnitError::PasswordInUrl)
        ));
    }

    #[test]
    fn loopback_is_told_apart_from_remote_hosts() {
        let local = UnitUrl::parse("postgres://karin@127.0.0.1:5433/sn").expect("parse");
        assert!(local.is_loopback());
        assert!(
            UnitUrl::parse("postgres://karin@localhost/sn")
                .expect("parse")
                .is_loopback()
        );
        let remote = UnitUrl::parse("postgres://karin@db.exempelby.se/sn").expect("parse");
        assert!(!remote.is_loopback());
        assert_eq!(remote.login(), "karin");
        assert_eq!(remote.database(), "sn");
    }

    #[test]
    fn tls_cannot_be_turned_off_for_a_remote_host() {
        assert!(UnitUrl::parse("postgres://karin@db.exempelby.se/sn?sslmode=disable").is_err());
        assert!(UnitUrl::parse("postgres://karin@127.0.0.1/sn?sslmode=disable").is_ok());
    }
}
