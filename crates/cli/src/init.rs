//! `init`: creates the database file (or migrates an older one) and the built-in `system` account
//! the command line acts as, then says where the file is.

use crate::output::{CliError, CliResult};
use crate::session::{db_path, now, open_or_create};
use minyi_core::store::db;
use minyi_core::usecases::accounts::ensure_system_user;
use std::io::Write;
use std::path::Path;

/// Runs `init`.
pub fn run(db: Option<&Path>) -> CliResult {
    let path = db_path(db)?;
    if path.is_dir() {
        return Err(CliError::user(format!(
            "{} 是一个文件夹。请指定数据库文件的完整路径，例如 {}。",
            path.display(),
            path.join("minyi.db").display()
        )));
    }
    let existed = path.exists();
    let mut store = open_or_create(path)?;
    let had_system = store.system_user_id()?.is_some();
    let actor = ensure_system_user(&mut store, now())?;
    drop(store);
    let shown = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = std::io::stdout().lock();
    if existed {
        writeln!(
            out,
            "数据库已就绪（已是最新数据版本 {}）：",
            db::schema_version()
        )?;
    } else {
        writeln!(out, "已创建数据库（数据版本 {}）：", db::schema_version())?;
    }
    writeln!(out, "  {}", shown.display())?;
    writeln!(
        out,
        "内置账号 system {}，命令行以它的身份（{}）操作。",
        if had_system { "已存在" } else { "已建立" },
        actor.display_name
    )?;
    Ok(())
}
