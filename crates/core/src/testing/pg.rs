//! Throw-away PostgreSQL databases for tests (docs/decisions/0014-postgresql.md §2.6).
//!
//! Tests against PostgreSQL run when `MINYI_TEST_PG` holds the URL of a cluster the test may
//! create and drop databases in (`make test-rust-pg` starts one with `scripts/pg-cluster.sh`);
//! without it they print a notice and pass, so `cargo test` needs no PostgreSQL. Every test gets
//! a database of its own, dropped (`WITH (FORCE)`) when its [`TestDatabase`] is, so tests run in
//! parallel and leave nothing behind:
//!
//! * [`TestDatabase::migrated`] / [`fresh`]: a clone of a migrated template (`CREATE DATABASE …
//!   TEMPLATE … STRATEGY WAL_LOG`, about 60 ms, against seconds for migrating each one). The
//!   template is made once per cluster and program version: its name carries the schema version
//!   and a hash of the PostgreSQL migrations and the shipped calendar, so a cluster kept between
//!   runs never hands out a stale schema, and a session advisory lock lets one process make it
//!   while the others wait.
//! * [`TestDatabase::empty`]: an empty database in UTF-8 and `C.UTF-8` (what the deployment notes
//!   ask for), for the tests of opening and migrating themselves; [`TestDatabase::with_ctype`] the
//!   same with another character classification (the refusal of the C locale).
//!
//! Panics carry no URL: the cluster's URL holds its password.

use crate::calendar::SHIPPED;
use crate::error::Result;
use crate::store::pg as store_pg;
use postgres::{Client, NoTls};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable naming the test cluster.
pub const ENV: &str = "MINYI_TEST_PG";

/// The sentence a database whose character classification hides Chinese is refused with.
pub const LOCALE_REFUSED: &str = store_pg::LOCALE_REFUSED;

/// The test cluster's URL, if `MINYI_TEST_PG` names one.
pub fn cluster_url() -> Option<String> {
    std::env::var(ENV).ok().filter(|u| !u.trim().is_empty())
}

/// The test cluster's URL, or `None` after printing that `test` is skipped without one.
pub fn cluster_or_skip(test: &str) -> Option<String> {
    let url = cluster_url();
    if url.is_none() {
        eprintln!(
            "skipped {test}: {ENV} is not set (make test-rust-pg runs the PostgreSQL tests against a throw-away cluster)"
        );
    }
    url
}

/// Opens the database at `url` as the store does: connects, checks, migrates, seeds.
pub fn open(url: &str) -> Result<Client> {
    store_pg::open(url)
}

/// The PostgreSQL store's schema version (the SQLite store's is `store::db::schema_version`).
pub fn schema_version() -> i64 {
    store_pg::schema_version()
}

/// A plain connection to `url`, without any check or migration.
pub fn connect(url: &str) -> Client {
    Client::connect(url, NoTls)
        .unwrap_or_else(|e| panic!("connecting to the test cluster: {}", explain(&e)))
}

/// `url` with its database replaced by `database` (`postgres://…@host:port/DATABASE?…`).
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.find('?') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    format!("{}/{database}{query}", &base[..path_start])
}

/// A database of the test cluster, dropped with everything in it when this is.
pub struct TestDatabase {
    cluster: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// An empty database in UTF-8 with the `C.UTF-8` locale.
    pub fn empty(cluster: &str) -> Self {
        Self::with_ctype(cluster, "C.UTF-8")
    }

    /// An empty database in UTF-8, collated by `C.UTF-8`, classifying characters by `ctype`.
    pub fn with_ctype(cluster: &str, ctype: &str) -> Self {
        Self::with_options(
            cluster,
            &format!("ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE '{ctype}'"),
        )
    }

    /// An empty database made from `template0` with `options` (`ENCODING …`, `LC_CTYPE …`).
    pub fn with_options(cluster: &str, options: &str) -> Self {
        let name = unique_name();
        run_admin(
            cluster,
            &format!("CREATE DATABASE {name} TEMPLATE template0 {options}"),
        );
        Self::adopt(cluster, name)
    }

    /// A database at this program's schema, seeded as `open` seeds it: a clone of the template.
    pub fn migrated(cluster: &str) -> Self {
        let template = template(cluster);
        let name = unique_name();
        let strategy = if server_version(cluster) >= 150_000 {
            " STRATEGY WAL_LOG"
        } else {
            ""
        };
        run_admin(
            cluster,
            &format!("CREATE DATABASE {name} TEMPLATE {template}{strategy}"),
        );
        Self::adopt(cluster, name)
    }

    /// A database at an older schema `version` (the store's own migration runner, stopped
    /// there; nothing seeded): the fixture of a migration test, which fills it with rows of that
    /// schema and opens it with this program.
    pub fn at_version(cluster: &str, version: i64) -> Self {
        let db = Self::empty(cluster);
        store_pg::migrate_to(&mut db.connect(), version)
            .unwrap_or_else(|e| panic!("migrating to {version}: {}", e.message));
        db
    }

    fn adopt(cluster: &str, name: String) -> Self {
        Self {
            url: with_database(cluster, &name),
            cluster: cluster.to_string(),
            name,
        }
    }

    /// The database's URL (holds the password: never print it).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A plain connection to it, without any check or migration.
    pub fn connect(&self) -> Client {
        connect(&self.url)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let dropped = Client::connect(&self.cluster, NoTls).and_then(|mut c| {
            c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
        });
        if let Err(e) = dropped {
            eprintln!(
                "could not drop the test database {}: {}",
                self.name,
                explain(&e)
            );
        }
    }
}

/// A fresh migrated database when `MINYI_TEST_PG` names a cluster (see the module's docs).
pub fn fresh() -> Option<TestDatabase> {
    cluster_url().map(|cluster| TestDatabase::migrated(&cluster))
}

/// Runs `sql` on the cluster's own database (the one its URL names).
fn run_admin(cluster: &str, sql: &str) {
    connect(cluster)
        .batch_execute(sql)
        .unwrap_or_else(|e| panic!("{sql}: {}", explain(&e)));
}

/// A driver error with the server's whole message (its `Display` says only "db error").
pub fn explain(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.to_string(),
        None => e.to_string(),
    }
}

fn server_version(cluster: &str) -> i32 {
    static VERSION: OnceLock<i32> = OnceLock::new();
    *VERSION.get_or_init(|| {
        connect(cluster)
            .query_one("SELECT current_setting('server_version_num')::int", &[])
            .unwrap_or_else(|e| panic!("server_version_num: {}", explain(&e)))
            .get(0)
    })
}

/// A database name no other test, thread or process uses at the same time.
fn unique_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "t_{}_{}_{nanos:09}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The template's name: the schema version and an FNV-1a hash of what goes into it.
fn template_name() -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (version, sql) in store_pg::MIGRATIONS_PG {
        feed(&version.to_le_bytes());
        feed(sql.as_bytes());
    }
    for (year, json) in SHIPPED {
        feed(&year.to_le_bytes());
        feed(json.as_bytes());
    }
    format!("minyi_template_{}_{hash:016x}", store_pg::schema_version())
}

/// The migrated template of this program version, made if the cluster lacks it.
fn template(cluster: &str) -> String {
    static READY: OnceLock<String> = OnceLock::new();
    READY
        .get_or_init(|| {
            let name = template_name();
            let mut admin = connect(cluster);
            // Session lock: one process makes the template, the others wait and find it made.
            const TEMPLATE_LOCK: i64 = 0x6d_69_6e_79_69_74;
            admin
                .execute("SELECT pg_advisory_lock($1)", &[&TEMPLATE_LOCK])
                .unwrap_or_else(|e| panic!("template lock: {}", explain(&e)));
            let exists = admin
                .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
                .unwrap_or_else(|e| panic!("pg_database: {}", explain(&e)))
                .is_some();
            if !exists {
                // Made under a scratch name and renamed when complete: a process killed half-way
                // leaves no template that looks finished.
                let scratch = format!("{name}_new");
                // Two statements: CREATE DATABASE refuses the transaction of a multi-statement
                // batch.
                run_admin(
                    cluster,
                    &format!("DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"),
                );
                run_admin(
                    cluster,
                    &format!(
                        "CREATE DATABASE {scratch} TEMPLATE template0 ENCODING 'UTF8' \
                         LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                    ),
                );
                // The client is dropped at once: a template must have no connections to be copied.
                store_pg::open(&with_database(cluster, &scratch))
                    .unwrap_or_else(|e| panic!("migrating the template: {e}"));
                admin
                    .batch_execute(&format!("ALTER DATABASE {scratch} RENAME TO {name}"))
                    .unwrap_or_else(|e| panic!("naming the template: {}", explain(&e)));
            }
            admin
                .execute("SELECT pg_advisory_unlock($1)", &[&TEMPLATE_LOCK])
                .unwrap_or_else(|e| panic!("template lock: {}", explain(&e)));
            name
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_of_a_url_is_replaced() {
        assert_eq!(
            with_database("postgres://u:p@127.0.0.1:5432/minyi", "t_1"),
            "postgres://u:p@127.0.0.1:5432/t_1"
        );
        assert_eq!(
            with_database("postgres://u:p@h:1/minyi?connect_timeout=5", "t_1"),
            "postgres://u:p@h:1/t_1?connect_timeout=5"
        );
        assert_eq!(
            with_database("postgres://u:p@h:1", "t_1"),
            "postgres://u:p@h:1/t_1"
        );
    }
}
