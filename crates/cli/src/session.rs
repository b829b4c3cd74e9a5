//! Opening the database the way every command does: the path from `--db` / `MINYI_DB`, a clear
//! message when it is missing, and the built-in `system` account the command line acts as.

use crate::output::{CliError, CliResult};
use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::Actor;
use minyi_core::usecases::accounts::ensure_system_user;
use minyi_core::usecases::audit::{console_label, os_user};
use std::path::{Path, PathBuf};

/// An open database and the account the command acts as.
pub struct Session {
    pub store: Store,
    pub actor: Actor,
    pub path: PathBuf,
}

/// The current time in China Standard Time (every real command uses this).
pub fn now() -> DateTime<FixedOffset> {
    minyi_core::time::now_cst()
}

/// The database file's path, or a usage error saying how to give one. A PostgreSQL URL is refused
/// here (see [`file_only`]); the commands that take one use [`db_path_or_url`].
pub fn db_path(db: Option<&Path>) -> CliResult<&Path> {
    file_only(db_path_or_url(db)?)
}

/// The database path or PostgreSQL URL `--db` gives (`demo` and `bench`, which fill or measure
/// either store), or a usage error saying how to give one.
pub fn db_path_or_url(db: Option<&Path>) -> CliResult<&Path> {
    db.ok_or_else(|| {
        CliError::Usage("没有指定数据库文件。请用 --db PATH 指定，或设置环境变量 MINYI_DB。".into())
    })
}

/// `path` itself, unless it is a PostgreSQL URL: the commands that work on a file would take the
/// URL for a file name (`init` made folders named after it), so they refuse it, saying where a
/// PostgreSQL office is worked with. The URL holds a password: the refusal does not repeat it.
fn file_only(path: &Path) -> CliResult<&Path> {
    if postgres_url(path).is_some() {
        return Err(CliError::Usage(
            "这个命令只能直接操作数据库文件，不能直接连接 PostgreSQL 数据库。\
             PostgreSQL 上的办公室请通过办公室服务器操作：加 --server 服务器地址 --user 登录名；\
             数据库由 minyi-server serve --database 在启动时建立和升级。"
                .into(),
        ));
    }
    Ok(path)
}

/// Opens (creating and migrating if needed) the database file at `path`.
pub fn open_or_create(path: &Path) -> CliResult<Store> {
    Ok(Store::open(file_only(path)?)?)
}

/// Opens an existing database; a missing file is an error (only `init` and `demo` create one).
pub fn open_existing(path: &Path) -> CliResult<Store> {
    let path = file_only(path)?;
    if !path.exists() {
        return Err(CliError::user(format!(
            "找不到数据库文件 {}。如需新建，请先运行：minyi-cli init --db {}",
            path.display(),
            path.display()
        )));
    }
    if path.is_dir() {
        return Err(CliError::user(format!(
            "{} 是一个文件夹，不是数据库文件。",
            path.display()
        )));
    }
    open_or_create(path)
}

/// The built-in `system` account, created if this database does not have it yet, labelled with
/// the operating-system user running the command (the security log records that name).
pub fn system_actor(store: &mut Store) -> CliResult<Actor> {
    let mut actor = match store.system_user_id()? {
        Some(id) => store.actor(id)?,
        None => ensure_system_user(store, now())?,
    };
    actor.display_name = console_label(&os_user());
    Ok(actor)
}

/// The PostgreSQL URL `--db` names, if it names one (`postgres://…` or `postgresql://…`) rather
/// than a file. The URL holds a password: it is never printed.
pub fn postgres_url(path: &Path) -> Option<&str> {
    path.to_str()
        .filter(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// Opens an existing database as the `system` account: a file, or for the commands that measure
/// or fill either store (`bench`, `demo`) also a PostgreSQL URL (attachments, which those
/// commands do not write, would go to the current folder).
pub fn session_on_any_store(db: Option<&Path>) -> CliResult<Session> {
    let path = db_path_or_url(db)?.to_path_buf();
    let Some(url) = postgres_url(&path) else {
        return session(db);
    };
    let mut store = Store::open_url(url, Path::new("."))?;
    let actor = system_actor(&mut store)?;
    Ok(Session { store, actor, path })
}

/// Opens an existing database as the `system` account.
pub fn session(db: Option<&Path>) -> CliResult<Session> {
    let path = db_path(db)?.to_path_buf();
    let mut store = open_existing(&path)?;
    let actor = system_actor(&mut store)?;
    Ok(Session { store, actor, path })
}
