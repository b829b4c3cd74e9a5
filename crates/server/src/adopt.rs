//! `minyi-server adopt PATH/minyi.db`: an office that worked on one desktop (单机) moves to the
//! server. The desktop's database is copied consistently (it may even be open), upgraded if the
//! desktop ran an older version, checked in full — the event log's chains, every appeal against
//! its events, the numbering — and only then becomes the server's, with its attachments beside it.
//! The desktop's own files are not touched: the office can go back to them.

use minyi_core::check::check;
use minyi_core::store::copy::vacuum_into;
use minyi_service::DB_FILE;
use std::path::Path;

/// What was adopted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adopted {
    pub appeals: i64,
    pub events: i64,
    pub attachments: u64,
}

/// Takes the desktop database `source` (with the `attachments/` folder beside it) as the database
/// of the server's `data_dir`, which must not have one yet.
pub fn adopt(data_dir: &Path, source: &Path) -> Result<Adopted, String> {
    if !source.is_file() {
        return Err(format!(
            "找不到数据库文件 {}。单机版的数据库通常在数据目录中，名为 minyi.db（见客户端“帮助”页）。",
            source.display()
        ));
    }
    let target = data_dir.join(DB_FILE);
    if target.exists() {
        return Err(format!(
            "服务器的数据目录 {} 中已有数据库，为免覆盖，不能接收。请换一个空的数据目录，或先把原有的 minyi.db 移走。",
            data_dir.display()
        ));
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|_| format!("无法创建数据目录 {}，请检查权限。", data_dir.display()))?;
    let staging = data_dir.join(format!("{DB_FILE}.adopting"));
    let _ = std::fs::remove_file(&staging);
    vacuum_into(source, &staging).map_err(|e| e.message)?;
    let report = {
        let store = minyi_core::Store::open(&staging).map_err(|e| {
            let _ = std::fs::remove_file(&staging);
            e.message
        })?;
        check(&store).map_err(|e| e.message)?
    };
    if !report.ok() {
        remove_with_journal(&staging);
        return Err(format!(
            "数据库完整性检查未通过（{} 个问题），没有接收。请先在单机版上运行 minyi-cli --db {} check 查看问题，并联系技术支持。",
            report.problems.len(),
            source.display()
        ));
    }
    let from = source
        .parent()
        .unwrap_or(Path::new("."))
        .join("attachments");
    let attachments = copy_tree(&from, &data_dir.join("attachments"))?;
    // The upgraded copy's write-ahead log was checkpointed when its store closed; the rename
    // makes it the server's database in one step.
    std::fs::rename(&staging, &target).map_err(|_| {
        remove_with_journal(&staging);
        format!("无法把数据库放入 {}，请检查权限。", data_dir.display())
    })?;
    Ok(Adopted {
        appeals: report.appeals,
        events: report.events,
        attachments,
    })
}

fn remove_with_journal(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// Copies the files under `from` into `to` (created), answering how many; a missing `from` is an
/// office without attachments.
fn copy_tree(from: &Path, to: &Path) -> Result<u64, String> {
    if !from.is_dir() {
        return Ok(0);
    }
    let failed = |p: &Path| format!("复制附件 {} 失败，请检查磁盘空间和权限。", p.display());
    std::fs::create_dir_all(to).map_err(|_| failed(to))?;
    let mut n = 0;
    for entry in std::fs::read_dir(from).map_err(|_| failed(from))? {
        let entry = entry.map_err(|_| failed(from))?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            n += copy_tree(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|_| failed(&path))?;
            n += 1;
        }
    }
    Ok(n)
}
