//! Opening an import's error report (or saving a copy of it). The report lists the rows that were
//! refused, with the appellants' names and phones as typed: it is personal data, so it needs the
//! right to import, and every opening is written to the personal-data access log.

use crate::access::{Action, authorize};
use crate::error::Result;
use crate::model::Ctx;
use crate::store::{Store, registry};
use crate::usecases::now_text;

/// Why the report is opened, as the access log shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportUse {
    Open,
    SaveCopy,
}

/// Checks `ctx.actor` may open import reports and logs that they did.
pub fn open_import_report(store: &Store, ctx: &Ctx<'_>, used: ReportUse) -> Result<()> {
    authorize(ctx.actor, Action::Import, None)?;
    let purpose = match used {
        ReportUse::Open => "打开导入错误报告",
        ReportUse::SaveCopy => "另存导入错误报告",
    };
    registry::log_access(
        store.conn(),
        &now_text(ctx),
        ctx.actor.user_id,
        None,
        crate::model::AccessKind::ImportReport,
        purpose,
    )
}
