//! The move verified with the program's own code, not trusted: the three chains walked and every
//! hash recomputed (the source's before anything is written, the target's after the copy), every
//! copied table's count against the source's, then the integrity check of the moved office
//! (`check::check_copy`). The walks go in keyset batches (`store::walk`), so that verifying a
//! city's tens of millions of events keeps the memory of a batch.

use crate::check::{self, CheckReport};
use crate::error::{CoreError, Result};
use crate::store::sql::Connection;
use crate::store::{Store, events, security_log};

/// The first chain of `conn` that does not hold: its Chinese name and the id where it breaks.
pub(super) fn broken_chain(conn: &Connection) -> Result<Option<(&'static str, i64)>> {
    if let Some(id) = events::verify_chain(conn)? {
        return Ok(Some(("事件日志", id)));
    }
    if let Some(id) = security_log::verify_security_chain(conn)? {
        return Ok(Some(("安全日志", id)));
    }
    Ok(security_log::verify_access_chain(conn)?.map(|id| ("个人信息访问记录", id)))
}

/// The moved office against its source: the counts of every copied table, the chains, `check`.
/// Answers the clean check; any problem is an error (the move is then rolled back).
pub(super) fn moved(
    source: &Connection,
    target: &Store,
    copied: &[(String, i64)],
) -> Result<CheckReport> {
    compare_counts(source, target.conn(), copied)?;
    if let Some((name, id)) = broken_chain(target.conn())? {
        return Err(CoreError::storage(format!(
            "迁移后的{name}在第{id}条处校验失败，迁移已撤销，目标数据库未被改动。请联系技术支持。"
        )));
    }
    let check = check::check_copy(target)?;
    if !check.ok() {
        return Err(CoreError::storage(format!(
            "迁移后的完整性检查发现问题，迁移已撤销，目标数据库未被改动：{}",
            check.problems.join("；")
        )));
    }
    Ok(check)
}

/// Every copied table holds as many rows as the source's.
fn compare_counts(
    source: &Connection,
    target: &Connection,
    copied: &[(String, i64)],
) -> Result<()> {
    for (table, moved) in copied {
        let sql = format!("SELECT count(*) FROM \"{table}\"");
        let have: i64 = source.query_row(&sql, [], |r| r.get(0))?;
        let got: i64 = target.query_row(&sql, [], |r| r.get(0))?;
        if have != got || have != *moved {
            return Err(CoreError::storage(format!(
                "数据表 {table} 迁移后的行数（{got}）与原数据库（{have}）不一致，迁移已撤销，目标数据库未被改动。"
            )));
        }
    }
    Ok(())
}
