//! `inkom unit …` and `inkom registrar …`: the unit's shared register on PostgreSQL (issue 16).
//! Kept apart from the main command table; every rule lives in `inkom::unit` and on the server.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use serde_json::json;
use zeroize::Zeroizing;

use inkom::model::Act;
use inkom::output_file;
use inkom::store::keys;
use inkom::unit::users::{self, UnitRole};
use inkom::unit::{
    UnitError, UnitUrl, audit, diarielista, join, outbox, recovery, registrar, schema,
};
use inkom::{path_text, terminal};

use super::failure::{Failure, invalid, json_failure};
use super::open::{act, data_dir, open_store};
use super::out_file::write_output_beside;
use super::print::{print_json, say};
use super::secret;

/// The environment variable with a new login's password (`unit add-user`).
const NEW_PASSWORD_ENV: &str = "INKOM_UNIT_NEW_PASSWORD";
/// The unit register's address for registrar commands, when not given with --url.
const URL_ENV: &str = "INKOM_UNIT_URL";

#[derive(Debug, Subcommand)]
pub(super) enum UnitCommand {
    /// Create (or bring up to date) the unit register: schema, migrations and roles. Run by
    /// municipal IT with an admin login (password in INKOM_UNIT_PASSWORD).
    Init {
        /// postgres://admin@host/database — one database per unit.
        #[arg(long, value_name = "URL")]
        url: String,
        /// The diary series' prefix (e.g. SN): the register hands out `SN 2026/0001`… Without
        /// it the registrar records numbers from the paper diary (registrar set-dnr).
        #[arg(long, value_name = "PREFIX")]
        series: Option<String>,
        /// Where to write the private half of the unit's new recovery key, once, for the
        /// archivist to keep offline (never inside a data directory, never over an existing
        /// file). Needed the first time; a unit that has a key keeps it.
        #[arg(long, value_name = "FILE")]
        recovery_key_out: Option<PathBuf>,
    },
    /// Create a login (or set its password) for a caseworker or registrar. The new password
    /// comes from INKOM_UNIT_NEW_PASSWORD or a prompt.
    AddUser {
        /// The login name (a-z, 0-9, _).
        login: String,
        /// caseworker (handläggare) or registrar (registrator).
        #[arg(long)]
        role: RoleArg,
        /// The admin's postgres://admin@host/database.
        #[arg(long, value_name = "URL")]
        url: String,
    },
    /// Publish this store's diarium registrations to the unit register from now on.
    Connect {
        /// postgres://login@host/database (no password in it).
        #[arg(long, value_name = "URL")]
        url: String,
        /// Save the password (from INKOM_UNIT_PASSWORD) in the OS key store.
        #[arg(long)]
        save_password: bool,
    },
    /// Connected? How many registrations wait in the outbox?
    Status,
    /// Deliver the outbox now.
    Sync,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum RoleArg {
    Caseworker,
    Registrar,
}

#[derive(Debug, Subcommand)]
pub(super) enum RegistrarCommand {
    /// The unit's registrations not yet entered in the diary, oldest first.
    Queue {
        /// Rows per page.
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// Show the page after this registration id.
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[command(flatten)]
        url: UrlArg,
    },
    /// Take a registration to handle.
    Assign {
        /// Registration id in the unit register.
        reg_id: i64,
        #[command(flatten)]
        url: UrlArg,
    },
    /// Record a number from the paper diary (only where the register has none).
    SetDnr {
        /// Registration id in the unit register.
        reg_id: i64,
        /// The diary number, e.g. "SN 2026/0042".
        number: String,
        #[command(flatten)]
        url: UrlArg,
    },
    /// Write the registration sheet (PDF) to a file for printing.
    Print {
        /// Registration id in the unit register.
        reg_id: i64,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        url: UrlArg,
    },
    /// Införd i diariet: the printed sheet is filed; the register purges the PDF.
    Entered {
        /// Registration id in the unit register.
        reg_id: i64,
        #[command(flatten)]
        url: UrlArg,
    },
    /// The unit's diarielista for a period, as PDF.
    List {
        /// First day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: chrono::NaiveDate,
        /// Last day, inclusive (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: chrono::NaiveDate,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        url: UrlArg,
    },
    /// Walk the unit's audit log and name the first broken event.
    VerifyLog {
        #[command(flatten)]
        url: UrlArg,
    },
}

#[derive(Debug, clap::Args)]
pub(super) struct UrlArg {
    /// postgres://login@host/database (default: INKOM_UNIT_URL, else this store's connection).
    #[arg(long, value_name = "URL")]
    url: Option<String>,
}

/// Runs `inkom unit …`. `init` and `add-user` need no local store (municipal IT's PC).
pub(super) fn run_unit(
    command: UnitCommand,
    dir: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode, Failure> {
    match command {
        UnitCommand::Init {
            url,
            series,
            recovery_key_out,
        } => {
            let url = UnitUrl::parse(&url)?;
            let mut client = url.connect()?;
            let done = schema::init(&mut client, series.as_deref())?;
            let key = init_recovery_key(&mut client, &done.database, recovery_key_out, dir)?;
            if json {
                let mut v = serde_json::to_value(&done).map_err(json_failure)?;
                v["recovery_key"] = serde_json::to_value(&key).map_err(json_failure)?;
                print_json(&v)?;
            } else {
                say!(
                    "Enhetens register i databasen {} är upprättat (schemaversion {}).",
                    done.database,
                    done.to_version
                );
                say!(
                    "Roller: {} (handläggare), {} (registratorer), {} (ägare, utan inloggning).",
                    done.roles.caseworker,
                    done.roles.registrar,
                    done.roles.owner
                );
                match &done.diary_prefix {
                    Some(p) => say!("Diarieserie: {p} (numren delas ut av registret)."),
                    None => say!("Ingen diarieserie: registratorn anger nummer ur pappersdiariet."),
                }
                say_recovery_key(key.as_ref());
            }
        }
        UnitCommand::AddUser { login, role, url } => {
            let url = UnitUrl::parse(&url)?;
            let password = new_password(json)?;
            let mut client = url.connect()?;
            let role = match role {
                RoleArg::Caseworker => UnitRole::Caseworker,
                RoleArg::Registrar => UnitRole::Registrar,
            };
            let added = users::add_user(&mut client, &login, role, &password)?;
            if json {
                print_json(&added)?;
            } else {
                let what = match added.role {
                    UnitRole::Caseworker => "handläggare",
                    UnitRole::Registrar => "registrator",
                };
                let verb = if added.existed {
                    "uppdaterad"
                } else {
                    "skapad"
                };
                say!("Inloggningen {} är {verb} ({what}).", added.login);
            }
        }
        UnitCommand::Connect { url, save_password } => {
            let url = UnitUrl::parse(&url)?;
            let mut store = open_store(&data_dir(dir)?, json)?;
            let act = act(&store)?;
            // The same sequence as the app's first-run step (issue 18): log in, check the
            // schema, save the password if asked, record the connection, seal the data key to
            // the unit's recovery key (issue 16).
            let joined = join::join(
                &mut store,
                &url,
                join::Password::Stored {
                    save: save_password,
                },
                &act,
            )?;
            let (conn, sealing) = (joined.connection, joined.sealing);
            if json {
                let mut v = serde_json::to_value(&conn).map_err(json_failure)?;
                v["recovery"] = serde_json::to_value(&sealing).map_err(json_failure)?;
                print_json(&v)?;
            } else {
                say!(
                    "Ansluten till enhetens register {}. Diarieföringar som registreras \
                     från och med nu skickas dit.",
                    conn.url
                );
                say_sealing(&sealing);
            }
        }
        UnitCommand::Status => {
            let store = open_store(&data_dir(dir)?, json)?;
            let status = outbox::status(&store)?;
            let recovery_fingerprint =
                keys::sealed_fingerprint(store.data_dir()).map_err(UnitError::from)?;
            let reachable = match &status.connection {
                Some(c) => Some(UnitUrl::parse(&c.url)?.connect().is_ok()),
                None => None,
            };
            if json {
                print_json(&json!({
                    "connected": status.connection.is_some(),
                    "url": status.connection.as_ref().map(|c| &c.url),
                    "reachable": reachable,
                    "waiting": status.waiting,
                    "delivered": status.delivered,
                    "last_error": status.last_error,
                    "dnr_conflicts": status.dnr_conflicts,
                    "recovery_fingerprint": recovery_fingerprint,
                }))?;
            } else {
                match &status.connection {
                    None => say!("Inte ansluten till något enhetsregister."),
                    Some(c) => say!(
                        "Ansluten till {} ({}).",
                        c.url,
                        if reachable == Some(true) {
                            "nås"
                        } else {
                            "nås inte just nu"
                        }
                    ),
                }
                say!(
                    "Väntar på att skickas: {}. Skickade: {}.",
                    status.waiting,
                    status.delivered
                );
                say_dnr_conflicts(&status.dnr_conflicts);
                match &recovery_fingerprint {
                    Some(f) => say!("Nyckeln är förseglad till återställningsnyckeln {f}."),
                    None => say!("Nyckeln är inte förseglad till någon återställningsnyckel."),
                }
            }
        }
        UnitCommand::Sync => {
            let mut store = open_store(&data_dir(dir)?, json)?;
            let act = act(&store)?;
            let report = outbox::sync(&mut store, &act)?;
            if json {
                print_json(&report)?;
            } else {
                for d in &report.delivered {
                    say!(
                        "Objekt {} skickat (registrering {}{}).",
                        d.item_id,
                        d.registration_id,
                        d.dnr
                            .as_deref()
                            .map(|n| format!(", diarienummer {n}"))
                            .unwrap_or_default()
                    );
                }
                if report.offline.is_some() {
                    say!(
                        "Enhetens register nås inte just nu; {} väntar och skickas senare.",
                        report.waiting
                    );
                } else {
                    say!("Väntar på att skickas: {}.", report.waiting);
                }
                for d in &report.dnrs_received {
                    say!(
                        "Objekt {} har fått diarienummer {} från registratorn.",
                        d.item_id,
                        d.dnr.as_deref().unwrap_or_default()
                    );
                }
                say_dnr_conflicts(&report.dnr_conflicts);
                if let Some(sealing) = &report.recovery {
                    say_sealing(sealing);
                }
                if let Some(refused) = &report.recovery_refused {
                    say!("{refused}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The unit's recovery key at `unit init`: kept when the unit has one; else made now, its
/// private half written to `out` (checked and claimed first: never inside the data
/// directory, never over an existing file, even with --force). Without `out` the unit stays
/// without one, and the caller says so.
fn init_recovery_key(
    client: &mut postgres::Client,
    database: &str,
    out: Option<PathBuf>,
    dir: Option<PathBuf>,
) -> Result<Option<recovery::UnitRecoveryKey>, Failure> {
    if let Some((_, key)) = recovery::unit_key(client)? {
        return Ok(Some(key));
    }
    let Some(out) = out else {
        return Ok(None);
    };
    let target = output_file::Target::claim(&out, &data_dir(dir)?, false)?;
    let now = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .fixed_offset();
    let key = recovery::create_key(client, |secret| -> Result<(), Failure> {
        target.write(secret.to_file_text(database, &now).as_bytes())?;
        Ok(())
    })?;
    Ok(Some(key))
}

fn say_recovery_key(key: Option<&recovery::UnitRecoveryKey>) {
    match key {
        Some(k) if k.created => {
            say!(
                "Enhetens återställningsnyckel är skapad. Fingeravtryck: {}",
                k.fingerprint
            );
            say!(
                "Den privata nyckeln är skriven till filen som angavs, en gång. Lämna den till \
                 arkivarien att förvaras offline (t.ex. i kassaskåp) och skriv fingeravtrycket \
                 på kuvertet; radera filen från denna dator."
            );
        }
        Some(k) => say!(
            "Enheten har redan en återställningsnyckel (fingeravtryck {}); den behålls.",
            k.fingerprint
        ),
        None => eprintln!(
            "inkom: enheten har ingen återställningsnyckel. Kör `inkom unit init` igen med \
             --recovery-key-out FIL, så att enhetens handlingar kan läsas när en handläggare \
             är borta."
        ),
    }
}

fn say_sealing(sealing: &recovery::Sealing) {
    match sealing {
        recovery::Sealing::NoUnitKey => say!(
            "Enheten har ingen återställningsnyckel ännu; databasens nyckel förseglas när \
             den finns (vid nästa anslutning eller synkronisering)."
        ),
        recovery::Sealing::AlreadySealed { fingerprint } => say!(
            "Databasens nyckel är förseglad till enhetens återställningsnyckel ({fingerprint})."
        ),
        recovery::Sealing::SealedNow { fingerprint } => say!(
            "Databasens nyckel är nu förseglad till enhetens återställningsnyckel \
             ({fingerprint}); arkivarien kan öppna den om du är borta."
        ),
    }
}

/// Diary numbers from the unit register that the local items do not carry: the registrar
/// must reconcile the two diaries (a number, once recorded, is never changed).
fn say_dnr_conflicts(conflicts: &[outbox::DnrConflict]) {
    for c in conflicts {
        match &c.local_dnr {
            Some(local) => say!(
                "Objekt {} har diarienummer {} här men {} i enhetens register (registrering \
                 {}). Numret här ändras inte; registratorn behöver stämma av diarierna.",
                c.item_id,
                terminal::line(local),
                terminal::line(&c.unit_dnr),
                c.registration_id
            ),
            None => say!(
                "Diarienumret {} från enhetens register (registrering {}) kunde inte föras in \
                 på objekt {}; registratorn behöver rätta det.",
                terminal::line(&c.unit_dnr),
                c.registration_id,
                c.item_id
            ),
        }
    }
}

/// A new login's password: INKOM_UNIT_NEW_PASSWORD, else asked twice at a terminal.
fn new_password(json: bool) -> Result<Zeroizing<String>, Failure> {
    secret::new_twice(
        NEW_PASSWORD_ENV,
        json,
        ("Nytt lösenord: ", "Samma lösenord igen: "),
        "Lösenordet",
        "Ange det nya lösenordet i INKOM_UNIT_NEW_PASSWORD.",
        "Lösenorden är olika.",
    )
}

/// The registrar's address: --url, INKOM_UNIT_URL, else the local store's connection.
fn registrar_url(given: &UrlArg, dir: Option<PathBuf>, json: bool) -> Result<UnitUrl, Failure> {
    if let Some(u) = given.url.clone().or_else(|| std::env::var(URL_ENV).ok()) {
        return Ok(UnitUrl::parse(&u)?);
    }
    let store = open_store(&data_dir(dir)?, json)?;
    let conn = outbox::connection(&store)?.ok_or(UnitError::NotConnected)?;
    Ok(UnitUrl::parse(&conn.url)?)
}

/// The person acting, for printed lists: the login (the register records the same).
fn registrar_act(url: &UnitUrl) -> Act {
    Act::new(
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Stockholm)
            .fixed_offset(),
        url.login(),
    )
}

/// Runs `inkom registrar …`.
pub(super) fn run_registrar(
    command: RegistrarCommand,
    dir: Option<PathBuf>,
    json: bool,
    force: bool,
) -> Result<ExitCode, Failure> {
    // Outputs never land in the data directory (issue 17), even without a store open.
    let home = data_dir(dir.clone())?;
    match command {
        RegistrarCommand::Queue { limit, after, url } => {
            let url = registrar_url(&url, dir, json)?;
            let rows = registrar::queue(&mut url.connect()?, limit.clamp(1, 1000), after)?;
            if json {
                print_json(&rows)?;
            } else if rows.is_empty() {
                say!("Inga registreringar väntar.");
            } else {
                say!(
                    "{:>7}  {:<12} {:<19} {:<16} {:<10} ärendemening",
                    "id",
                    "handläggare",
                    "inkom",
                    "diarienummer",
                    "status"
                );
                for r in &rows {
                    say!(
                        "{:>7}  {:<12} {:<19} {:<16} {:<10} {}",
                        r.id,
                        r.caseworker,
                        inkom::model::local_time(&r.received_at),
                        r.dnr.as_deref().unwrap_or("–"),
                        diarielista::state_sv(&r.state),
                        r.arendemening
                    );
                }
            }
        }
        RegistrarCommand::Assign { reg_id, url } => {
            registrar::assign(&mut registrar_url(&url, dir, json)?.connect()?, reg_id)?;
            done(
                json,
                reg_id,
                &format!("Registrering {reg_id} är tilldelad dig."),
            )?;
        }
        RegistrarCommand::SetDnr {
            reg_id,
            number,
            url,
        } => {
            registrar::set_dnr(
                &mut registrar_url(&url, dir, json)?.connect()?,
                reg_id,
                &number,
            )?;
            done(
                json,
                reg_id,
                &format!("Registrering {reg_id} har diarienummer {}.", number.trim()),
            )?;
        }
        RegistrarCommand::Print { reg_id, out, url } => {
            let pdf = registrar::sheet_for_print(
                &mut registrar_url(&url, dir, json)?.connect()?,
                reg_id,
            )?;
            write_output_beside(&home, &out, force, &pdf)?;
            done(
                json,
                reg_id,
                &format!(
                    "Registreringsbladet för registrering {reg_id} är skrivet till {}.",
                    path_text::display(&out)
                ),
            )?;
        }
        RegistrarCommand::Entered { reg_id, url } => {
            registrar::entered(&mut registrar_url(&url, dir, json)?.connect()?, reg_id)?;
            done(
                json,
                reg_id,
                &format!(
                    "Registrering {reg_id} är införd i diariet; registreringsbladet är \
                     rensat ur enhetens register."
                ),
            )?;
        }
        RegistrarCommand::List { from, to, out, url } => {
            if to < from {
                return Err(invalid(
                    "Periodens slut ligger före dess början.",
                    "period ends before it starts",
                ));
            }
            let url = registrar_url(&url, dir, json)?;
            let rows = registrar::list(&mut url.connect()?, from, to)?;
            write_list(&home, force, &out, &rows, &url, from, to)?;
            if json {
                print_json(&json!({ "rows": rows.len(), "out": out, "from": from, "to": to }))?;
            } else {
                say!(
                    "Diarielistan {from} – {to} ({} handlingar) är skriven till {}.",
                    rows.len(),
                    terminal::line(&path_text::display(&out))
                );
            }
        }
        RegistrarCommand::VerifyLog { url } => {
            let v = audit::verify(&mut registrar_url(&url, dir, json)?.connect()?)?;
            if json {
                print_json(&v)?;
            } else {
                match &v.first_broken {
                    None => say!("Enhetens logg är hel ({} händelser).", v.events),
                    Some(b) => say!(
                        "Enhetens logg är bruten vid händelse {} ({}).",
                        b.event_id,
                        b.reason
                    ),
                }
            }
            if v.first_broken.is_some() {
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn done(json: bool, reg_id: i64, message: &str) -> Result<(), Failure> {
    if json {
        print_json(&json!({ "registration_id": reg_id, "ok": true }))
    } else {
        say!("{message}");
        Ok(())
    }
}

fn write_list(
    home: &Path,
    force: bool,
    out: &Path,
    rows: &[registrar::QueueRow],
    url: &UnitUrl,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<(), Failure> {
    let pdf = diarielista::pdf(
        rows,
        None,
        Some(url.database()),
        from,
        to,
        &registrar_act(url),
    )
    .map_err(|e| Failure {
        code: "pdf",
        message: e.sv(),
        detail: e.to_string(),
    })?;
    write_output_beside(home, out, force, &pdf)
}
