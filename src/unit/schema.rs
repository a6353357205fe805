//! Setting up a unit register: its group roles, its schema and the migrations, tracked in
//! `inkom.schema_migrations` from version 1.
//!
//! One PostgreSQL database per unit. Roles are cluster-wide, so the unit's group roles carry the
//! database's name: `<db>_owner` (NOLOGIN; owns every object; the SECURITY DEFINER functions act
//! as it), `<db>_caseworker` and `<db>_registrar` (NOLOGIN groups the logins join, see
//! [`super::users`]). A login of another unit's database cannot even connect here.

use postgres::{Client, Transaction};
use serde::Serialize;

use super::{UnitError, plain_name};

/// The migrations, in order; index + 1 is the version. `__UNIT__` stands for the role prefix.
/// Never edit one that has shipped: add a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("schema_v1.sql"),
    // 2 (issue 16): the unit's recovery key, written once, and its events in the unit's log.
    include_str!("schema_v2.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The unit's group roles.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRoles {
    /// Owns the schema; NOLOGIN.
    pub owner: String,
    /// Caseworkers' group.
    pub caseworker: String,
    /// Registrars' group.
    pub registrar: String,
}

impl UnitRoles {
    /// The roles of the unit whose database is `database`.
    pub fn for_database(database: &str) -> Result<UnitRoles, UnitError> {
        let prefix = plain_name(database)?;
        Ok(UnitRoles {
            owner: format!("{prefix}_owner"),
            caseworker: format!("{prefix}_caseworker"),
            registrar: format!("{prefix}_registrar"),
        })
    }

    /// The unit's roles, read from the database the client is connected to.
    pub fn current(client: &mut Client) -> Result<UnitRoles, UnitError> {
        let db: String = client.query_one("SELECT current_database()", &[])?.get(0);
        UnitRoles::for_database(&db)
    }
}

/// What `unit init` did.
#[derive(Debug, Clone, Serialize)]
pub struct Initialised {
    /// The database (the unit).
    pub database: String,
    /// Its group roles.
    pub roles: UnitRoles,
    /// The schema version before (0 for a new unit).
    pub from_version: i32,
    /// The schema version now.
    pub to_version: i32,
    /// The diary series' prefix, if inkom hands out the numbers.
    pub diary_prefix: Option<String>,
}

/// Creates (or brings up to date) the unit register in the database `client` is connected to.
/// Needs a role that may create roles and owns the database (municipal IT's admin login).
/// Safe to run again: roles and migrations already there are left as they are.
pub fn init(client: &mut Client, diary_prefix: Option<&str>) -> Result<Initialised, UnitError> {
    let roles = UnitRoles::current(client)?;
    let database: String = client.query_one("SELECT current_database()", &[])?.get(0);
    let mut tx = client.transaction()?;
    // One init at a time per database.
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('inkom unit init'))",
        &[],
    )?;
    for role in [&roles.owner, &roles.caseworker, &roles.registrar] {
        let exists = tx
            .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[role])?
            .is_some();
        if !exists {
            tx.batch_execute(&format!("CREATE ROLE {role} NOLOGIN"))?;
        }
    }
    tx.batch_execute(&format!(
        "GRANT {owner} TO CURRENT_USER;
         REVOKE ALL ON DATABASE {database} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {database} TO {cw}, {reg};
         CREATE SCHEMA IF NOT EXISTS inkom AUTHORIZATION {owner};
         REVOKE ALL ON SCHEMA inkom FROM PUBLIC;
         SET LOCAL ROLE {owner};
         CREATE TABLE IF NOT EXISTS inkom.schema_migrations (
             version    integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now()
         );",
        owner = roles.owner,
        cw = roles.caseworker,
        reg = roles.registrar,
    ))?;
    let from_version = version(&mut tx)?;
    if from_version > SCHEMA_VERSION {
        return Err(UnitError::TooNew {
            found: from_version,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from_version as usize) {
        let sql = sql.replace("__UNIT__", plain_name(&database)?);
        tx.batch_execute(&sql)?;
        tx.execute(
            "INSERT INTO inkom.schema_migrations (version) VALUES ($1)",
            &[&(i as i32 + 1)],
        )?;
    }
    tx.batch_execute(&format!(
        "GRANT SELECT ON inkom.schema_migrations TO {}, {}",
        roles.caseworker, roles.registrar
    ))?;
    if let Some(prefix) = diary_prefix {
        tx.execute(
            "UPDATE inkom.unit_settings SET diary_prefix = $1",
            &[&prefix],
        )?;
    }
    let diary_prefix: Option<String> = tx
        .query_one("SELECT diary_prefix FROM inkom.unit_settings", &[])?
        .get(0);
    tx.commit()?;
    Ok(Initialised {
        database,
        roles,
        from_version,
        to_version: SCHEMA_VERSION,
        diary_prefix,
    })
}

fn version(tx: &mut Transaction<'_>) -> Result<i32, UnitError> {
    Ok(tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM inkom.schema_migrations",
            &[],
        )?
        .get(0))
}

/// Checks that the register a client reached is set up and not newer than this build.
pub fn check_version(client: &mut Client) -> Result<i32, UnitError> {
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('inkom.schema_migrations') IS NOT NULL",
            &[],
        )?
        .get(0);
    if !exists {
        return Err(UnitError::NotInitialised);
    }
    let found: i32 = client
        .query_one(
            "SELECT coalesce(max(version), 0) FROM inkom.schema_migrations",
            &[],
        )?
        .get(0);
    if found > SCHEMA_VERSION {
        return Err(UnitError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}
