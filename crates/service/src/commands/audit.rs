//! The security log (安全日志) and the personal-data access log (个人信息访问记录), for
//! administrators: filtered pages, newest first, and the same selection as an Excel workbook. Both
//! logs are written by core inside the acts they record; here they are only read.

use crate::command::{Call, Command, Effect};
use crate::host::OutputKind;
use crate::ledger_export::ExportOutcome;
use minyi_core::Result;
use minyi_core::store::security_log::{
    AccessLogFilter, AccessLogPage, SecurityLogFilter, SecurityLogPage,
};
use minyi_core::time::now_cst;
use minyi_core::usecases::audit;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A page of the security log (administrators).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GetSecurityLog {
    #[serde(default)]
    pub filter: SecurityLogFilter,
    #[serde(default)]
    pub offset: i64,
    /// At most [`audit::MAX_PAGE`].
    pub limit: i64,
}

impl Command for GetSecurityLog {
    const NAME: &'static str = "security_log";
    const EFFECT: Effect = Effect::Read;
    type Output = SecurityLogPage;
    fn run(self, call: &Call<'_>) -> Result<SecurityLogPage> {
        call.read(|s, c| audit::security_log(s, c, &self.filter, self.offset, self.limit))
    }
}

/// A page of the personal-data access log (administrators).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct GetAccessLog {
    #[serde(default)]
    pub filter: AccessLogFilter,
    #[serde(default)]
    pub offset: i64,
    /// At most [`audit::MAX_PAGE`].
    pub limit: i64,
}

impl Command for GetAccessLog {
    const NAME: &'static str = "access_log";
    const EFFECT: Effect = Effect::Read;
    type Output = AccessLogPage;
    fn run(self, call: &Call<'_>) -> Result<AccessLogPage> {
        call.read(|s, c| audit::access_log(s, c, &self.filter, self.offset, self.limit))
    }
}

/// The quick check of the chains at start, for the workbench: the problems an administrator must
/// see (a broken or rewritten log). Empty for everyone else, and when all is well.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetIntegrityNotice {}

impl Command for GetIntegrityNotice {
    const NAME: &'static str = "integrity_notice";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<String>;
    fn run(self, call: &Call<'_>) -> Result<Vec<String>> {
        call.read(|s, c| {
            if minyi_core::access::authorize(c.actor, minyi_core::access::Action::ManageUsers, None)
                .is_err()
            {
                return Ok(Vec::new());
            }
            minyi_core::check::quick_check(s)
        })
    }
}

/// Writes the workbook of a log's selection where the host keeps exports.
fn export(
    call: &Call<'_>,
    stem: &str,
    rows: usize,
    write: impl FnOnce(&std::path::Path) -> Result<()>,
) -> Result<ExportOutcome> {
    let stamp = now_cst().format("%Y%m%d-%H%M%S");
    let to = call.output(OutputKind::Export, &format!("{stem}-{stamp}.xlsx"))?;
    write(&to.path)?;
    Ok(ExportOutcome {
        path: to.shown,
        rows: rows as u64,
        personal_data: false,
        cancelled: false,
    })
}

/// The security log of the screen's filter as an Excel workbook (administrators).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ExportSecurityLog {
    #[serde(default)]
    pub filter: SecurityLogFilter,
}

impl Command for ExportSecurityLog {
    const NAME: &'static str = "export_security_log";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let (page, described) = call.read(|s, c| audit::security_log_export(s, c, &self.filter))?;
        export(call, "安全日志", page.rows.len(), |out| {
            minyi_sheets::audit_book::write_security_log(&page.rows, &described, out)
        })
    }
}

/// The personal-data access log of the screen's filter as an Excel workbook (administrators).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ExportAccessLog {
    #[serde(default)]
    pub filter: AccessLogFilter,
}

impl Command for ExportAccessLog {
    const NAME: &'static str = "export_access_log";
    const EFFECT: Effect = Effect::Read;
    type Output = ExportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ExportOutcome> {
        let (page, described) = call.read(|s, c| audit::access_log_export(s, c, &self.filter))?;
        export(call, "个人信息访问记录", page.rows.len(), |out| {
            minyi_sheets::audit_book::write_access_log(&page.rows, &described, out)
        })
    }
}
