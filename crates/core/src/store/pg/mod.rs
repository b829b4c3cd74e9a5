//! A PostgreSQL database as Minyi's store (docs/decisions/0014-postgresql.md §2.3): connecting,
//! refusing a server or database the program cannot work with, migrating it, seeding it — the
//! PostgreSQL counterpart of `db::open`, written against the plain `postgres` client so that it
//! needs nothing of the SQLite side. The driver layer (`store::sql`) wraps the client this opens.
//!
//! Why each refusal, before any table is touched or in the migration's own transaction (so that a
//! refused database is left exactly as it was):
//!
//! * **cannot connect** — said in plain Chinese by cause (login refused, no such database, server
//!   full, unreachable), never with the URL or the server's raw message: a URL holds the password;
//! * **server older than PostgreSQL 13** — what the schema and the tests rely on (trusted
//!   extensions, `DROP DATABASE … WITH (FORCE)`);
//! * **database not in UTF-8**, or **a character classification (`LC_CTYPE`) under which pg_trgm
//!   sees no Chinese** (`show_trgm('中文检索')` empty, as under the plain C locale): every search
//!   would silently find nothing;
//! * **a newer schema** than this program knows — the same sentence as the SQLite store's;
//! * **a database that holds other tables but is not Minyi's** — the baseline would otherwise
//!   fail half-way on a name another program uses.
//!
//! Migrations are `MIGRATIONS_PG`: `(version, SQL)`, the version each brings the database to. The
//! first, the baseline, is the SQLite schema at version 16 and so counts as versions 1–16 at once
//! (no PostgreSQL database predates it); every later SQLite migration N gets a PostgreSQL one
//! numbered N, and a test checks both stores reach the same version. They run in one transaction
//! under `pg_advisory_xact_lock(WRITE_LOCK)`: several server processes may start at once on a new
//! database, and the one that waited finds the work done when it gets the lock. The version is
//! the one row of `schema_version` (SQLite keeps it in `PRAGMA user_version`).
//!
//! Connections are plain unless the URL asks for TLS (`sslmode=require|verify-ca|verify-full`,
//! `sslrootcert=PATH`): then the server's certificate is always checked (`tls`).

pub(crate) mod guards;
pub mod notify;
pub(crate) mod pending;
mod tls;

use crate::calendar::{SHIPPED, parse_holiday_file};
use crate::error::{CoreError, Result};
use crate::store::db;
use crate::time::fmt_date;
use postgres::error::SqlState;
use postgres::{Client, Config, GenericClient};
use std::collections::BTreeMap;
use std::time::Duration;

/// The PostgreSQL migrations, in order: the schema version each brings the database to, and its
/// SQL. The last version must equal the SQLite store's (`db::schema_version`).
pub(crate) const MIGRATIONS_PG: &[(i64, &str)] = &[
    (16, include_str!("../migrations/pg/016_baseline.sql")),
    (17, include_str!("../migrations/pg/017_server_state.sql")),
    (18, include_str!("../migrations/pg/018_search_gin.sql")),
    (19, include_str!("../migrations/pg/019_search_merge.sql")),
    (20, include_str!("../migrations/pg/020_pairs_collation.sql")),
    (21, include_str!("../migrations/pg/021_recent_appeals.sql")),
];

/// The key of the office's one write lock (`pg_advisory_xact_lock`, §2.5 of the decision): the
/// migrations take it, the calendar seeding takes it, and the driver's `write` takes the same, so
/// that a migration never runs beside a write. The bytes of "minyi".
pub(crate) const WRITE_LOCK: i64 = 0x6d_69_6e_79_69;

/// The oldest PostgreSQL server this program works with (`server_version_num`).
const MIN_SERVER_VERSION: i32 = 130_000;

/// How long a connection attempt may take when the URL does not say (`connect_timeout`): an
/// address that drops packets would otherwise hang for the operating system's TCP timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Settings of every connection, sent with the connection's start-up (no round trip).
///
/// `plan_cache_mode = force_custom_plan`: a statement is planned with its parameters' values at
/// every execution. The store keeps its statements prepared (`store::sql`), and PostgreSQL would
/// otherwise switch a statement to a generic plan, chosen without the values, after five
/// executions whenever that plan's estimated cost is not worse — freezing the search's choice
/// between a trigram bitmap and a newest-first scan, which depends on how common the term is
/// (decision 0014 §3.2), at whatever the first terms suggested. Planning the store's other,
/// simple statements afresh costs a fraction of a millisecond each.
///
/// The others are for the machine that dies mid-transaction (a power cut, a pulled cable — not a
/// killed process, whose socket the kernel closes at once): its session would sit "idle in
/// transaction" holding the office's write lock (`WRITE_LOCK`) until TCP noticed, after two hours
/// by default, and every other server's writes would give up meanwhile. The server's keepalive
/// probes (30 s idle, then every 10 s, three missed) and the unacknowledged-data timeout end such
/// a session within about a minute; the idle-in-transaction limit ends one whose peer still
/// answers but whose program hangs. Our transactions are one action each, never idle for long:
/// five minutes leaves the slowest export's pauses alone.
const SESSION_OPTIONS: &str = "-c plan_cache_mode=force_custom_plan -c tcp_keepalives_idle=30 \
     -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3 -c tcp_user_timeout=60000 \
     -c idle_in_transaction_session_timeout=5min";

/// The sentence for a database whose character classification hides Chinese from pg_trgm.
pub(crate) const LOCALE_REFUSED: &str =
    "数据库的字符分类设置（LC_CTYPE）不支持中文检索，请按部署说明以 C.UTF-8 创建数据库。";

/// The schema version the PostgreSQL migrations bring a database to.
pub(crate) fn schema_version() -> i64 {
    MIGRATIONS_PG.last().map_or(0, |(v, _)| *v)
}

/// Connects to the database at `url` (`postgres://user:password@host:port/database`), checks the
/// server and the database, migrates it to this program's schema and seeds the shipped calendar.
pub(crate) fn open(url: &str) -> Result<Client> {
    let mut client = connect(url)?;
    check_server(&mut client)?;
    migrate(&mut client)?;
    seed_shipped_calendar(&mut client)?;
    Ok(client)
}

/// Connects, without a word of the URL in any error.
pub(crate) fn connect(url: &str) -> Result<Client> {
    let target = tls::Target::parse(url);
    let mut config: Config = target.url.parse().map_err(|_| {
        CoreError::storage(
            "数据库地址的格式不正确，应为 postgres://用户名:密码@主机:端口/数据库名，请检查配置。",
        )
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("minyi");
    }
    // After the URL's own options, so that the program's settings hold.
    let options = match config.get_options() {
        Some(o) if !o.trim().is_empty() => format!("{o} {SESSION_OPTIONS}"),
        _ => SESSION_OPTIONS.to_string(),
    };
    config.options(&options);
    tls::connect(&config, &target)
}

/// Why a connection failed, in Chinese, by cause.
fn connect_failed(e: &postgres::Error) -> CoreError {
    let message = match e.code() {
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            "数据库拒绝登录：用户名或密码不正确，或该用户不允许从本机连接。请检查数据库地址中的用户名和密码。"
        }
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => {
            "数据库服务器上没有这个数据库。请先按部署说明创建数据库，或检查数据库地址中的数据库名。"
        }
        Some(c) if *c == SqlState::TOO_MANY_CONNECTIONS => {
            "数据库服务器的连接数已满，请稍后重试，或请数据库管理员调大 max_connections。"
        }
        Some(c) if *c == SqlState::CANNOT_CONNECT_NOW => "数据库服务器正在启动或关闭，请稍后重试。",
        _ => {
            "无法连接数据库服务器。请检查数据库地址中的主机和端口、网络，以及数据库服务器是否已启动。"
        }
    };
    CoreError::storage(message)
}

/// What went wrong in a statement while opening, for the end of a Chinese sentence: the
/// SQLSTATE and the server's primary message (names of objects, never row values — the DETAIL
/// line, which may quote values, is left out).
fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    }
}

/// A statement failed while opening the database.
fn open_failed(e: postgres::Error) -> CoreError {
    if e.is_closed() {
        return CoreError::storage("数据库连接中断，请稍后重试。");
    }
    CoreError::storage(format!(
        "打开数据库时出错，数据未被改动。请重试或联系系统管理员。（{}）",
        describe(&e)
    ))
}

/// Refuses a server older than PostgreSQL 13 and a database not encoded in UTF-8.
fn check_server(client: &mut Client) -> Result<()> {
    let row = client
        .query_one(
            "SELECT current_setting('server_version_num')::int, current_setting('server_encoding')",
            &[],
        )
        .map_err(open_failed)?;
    let version: i32 = row.get(0);
    let encoding: String = row.get(1);
    if version < MIN_SERVER_VERSION {
        return Err(CoreError::storage(format!(
            "数据库服务器的版本过低（PostgreSQL {}），本系统需要 PostgreSQL 13 或更新的版本。请升级数据库服务器。",
            version / 10_000
        )));
    }
    if encoding != "UTF8" {
        return Err(CoreError::storage(format!(
            "数据库的字符编码是 {encoding}，不是 UTF-8，无法保存中文。请按部署说明以 UTF8 编码、C.UTF-8 区域设置创建数据库。"
        )));
    }
    Ok(())
}

/// Refuses a database whose character classification hides Chinese from pg_trgm (needs pg_trgm,
/// which the baseline creates).
fn check_chinese_search(client: &mut impl GenericClient) -> Result<()> {
    let trigrams: i32 = client
        .query_one("SELECT cardinality(show_trgm('中文检索'))", &[])
        .map_err(open_failed)?
        .get(0);
    if trigrams == 0 {
        return Err(CoreError::storage(LOCALE_REFUSED));
    }
    Ok(())
}

/// The database's schema version (0: no Minyi schema yet); refuses a newer one.
fn current_version(client: &mut impl GenericClient) -> Result<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])
        .map_err(open_failed)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let current: i64 = client
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
        .map_err(open_failed)?
        .get(0);
    let target = schema_version();
    if current > target {
        return Err(db::newer_database(current, target));
    }
    Ok(current)
}

/// Applies every migration the database lacks, all in one transaction under the write lock, and
/// checks in it that pg_trgm sees Chinese (a refused database keeps nothing of the attempt).
pub(crate) fn migrate(client: &mut Client) -> Result<()> {
    migrate_to(client, schema_version())
}

/// Brings the database to schema `target` (this program's, or an older one for a migration
/// test's fixture: `testing::pg::TestDatabase::at_version`).
pub(crate) fn migrate_to(client: &mut Client, target: i64) -> Result<()> {
    if current_version(client)? == target {
        return check_chinese_search(client);
    }
    let mut tx = client.transaction().map_err(open_failed)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        .map_err(open_failed)?;
    // Another process may have migrated the database while this one waited for the lock.
    let current = current_version(&mut tx)?;
    if current == 0 {
        refuse_foreign(&mut tx)?;
        tx.batch_execute("CREATE TABLE schema_version (version bigint NOT NULL)")
            .map_err(|e| migration_failed(target, &e))?;
    }
    for (version, sql) in MIGRATIONS_PG
        .iter()
        .filter(|(v, _)| *v > current && *v <= target)
    {
        tx.batch_execute(sql)
            .map_err(|e| migration_failed(*version, &e))?;
    }
    check_chinese_search(&mut tx)?;
    tx.execute("DELETE FROM schema_version", &[])
        .map_err(open_failed)?;
    tx.execute(
        "INSERT INTO schema_version(version) VALUES ($1)",
        &[&target],
    )
    .map_err(open_failed)?;
    tx.commit().map_err(open_failed)
}

/// Refuses to lay Minyi's schema over another program's tables.
fn refuse_foreign(tx: &mut impl GenericClient) -> Result<()> {
    let tables: i64 = tx
        .query_one(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
            &[],
        )
        .map_err(open_failed)?
        .get(0);
    if tables > 0 {
        return Err(CoreError::storage(
            "该数据库里已有其他程序的数据表，不是民意诉求管理系统的数据库。请按部署说明为本系统新建一个空数据库，数据未被改动。",
        ));
    }
    Ok(())
}

/// A migration failed (its transaction is rolled back).
fn migration_failed(version: i64, e: &postgres::Error) -> CoreError {
    if e.is_closed() {
        return CoreError::storage("数据库连接中断，数据库升级未完成，数据未被改动。请稍后重试。");
    }
    match e.code() {
        Some(c) if *c == SqlState::UNDEFINED_FILE => CoreError::storage(
            "数据库服务器缺少 pg_trgm 扩展（PostgreSQL 的 contrib 组件），数据未被改动。请数据库管理员安装后重试。",
        ),
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => CoreError::storage(
            "数据库用户无权建表或创建扩展，数据未被改动。请以数据库的所有者连接来完成建库和升级（见部署说明）。",
        ),
        _ => CoreError::storage(format!(
            "数据库升级到版本 {version} 失败，数据未被改动。（{}）",
            describe(e)
        )),
    }
}

/// Copies the shipped holiday data into the calendar tables, leaving the administrator's rows
/// alone — what `calendar::seed_shipped` does on SQLite at every open (so an upgrade brings
/// corrected data), with the same upsert, in one statement per table instead of one per day (a
/// round trip each to a server). A day listed twice in the shipped files takes its last listing,
/// as the SQLite store's day-by-day upserts do. `tests/pg_schema.rs` checks both stores hold the
/// same calendar afterwards.
pub(crate) fn seed_shipped_calendar(client: &mut Client) -> Result<()> {
    let mut days: BTreeMap<String, (i64, String)> = BTreeMap::new();
    let mut years: Vec<i64> = Vec::new();
    for (year, json) in SHIPPED {
        let (_, rows) = parse_holiday_file(json)?;
        for (date, off, name) in rows {
            days.insert(fmt_date(date), (i64::from(off), name));
        }
        years.push(i64::from(*year));
    }
    let dates: Vec<&str> = days.keys().map(String::as_str).collect();
    let offs: Vec<i64> = days.values().map(|(off, _)| *off).collect();
    let names: Vec<&str> = days.values().map(|(_, name)| name.as_str()).collect();
    let mut tx = client.transaction().map_err(open_failed)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        .map_err(open_failed)?;
    tx.execute(
        "INSERT INTO calendar_days(date, is_off_day, name, source)
         SELECT d, o, n, 'shipped' FROM unnest($1::text[], $2::bigint[], $3::text[]) AS s(d, o, n)
         ON CONFLICT(date) DO UPDATE SET is_off_day = excluded.is_off_day, name = excluded.name
         WHERE calendar_days.source = 'shipped'
           AND (calendar_days.is_off_day IS DISTINCT FROM excluded.is_off_day
                OR calendar_days.name IS DISTINCT FROM excluded.name)",
        &[&dates, &offs, &names],
    )
    .map_err(open_failed)?;
    tx.execute(
        "INSERT INTO calendar_years(year, source)
         SELECT y, 'shipped' FROM unnest($1::bigint[]) AS s(y) ON CONFLICT DO NOTHING",
        &[&years],
    )
    .map_err(open_failed)?;
    tx.commit().map_err(open_failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    /// The refusal `open(url)` answers (the client has no `Debug` for `unwrap_err`).
    fn refusal(url: &str) -> CoreError {
        match open(url) {
            Ok(_) => panic!("opened a database that should have been refused"),
            Err(e) => e,
        }
    }

    #[test]
    fn both_stores_reach_the_same_schema_version() {
        assert_eq!(
            schema_version(),
            db::schema_version(),
            "a migration is missing on one side: every SQLite migration N needs a PostgreSQL \
             migration numbered N in MIGRATIONS_PG (store/migrations/pg/)"
        );
    }

    #[test]
    fn migrations_are_numbered_upwards() {
        assert!(MIGRATIONS_PG.first().is_some_and(|(v, _)| *v >= 1));
        for pair in MIGRATIONS_PG.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn an_unreachable_server_is_refused_without_the_url() {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        let e = refusal("postgres://minyi:s3cret-pw@127.0.0.1:1/minyi");
        assert_eq!(e.code, ErrorCode::Storage);
        assert!(
            e.message.starts_with("无法连接数据库服务器"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("s3cret-pw") && !e.message.contains("127.0.0.1"));
    }

    #[test]
    fn a_malformed_url_is_refused_without_echoing_it() {
        let e = refusal("postgres://minyi:s3cret-pw@127.0.0.1:notaport/minyi");
        assert!(
            e.message.starts_with("数据库地址的格式不正确"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("s3cret-pw"));
    }

    #[test]
    fn an_unknown_sslmode_is_a_malformed_url() {
        let e = refusal("postgres://minyi:s3cret-pw@127.0.0.1:1/minyi?sslmode=verify-everything");
        assert!(
            e.message.starts_with("数据库地址的格式不正确"),
            "{}",
            e.message
        );
    }
}
