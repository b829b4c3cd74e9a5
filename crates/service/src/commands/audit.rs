//! The security log (安全日志) and the personal-data access log (个人信息访问记录), for
//! administrators: filtered pages, newest first. Both logs are written by core inside the acts
//! they record; here they are only read.

use crate::command::{Call, Command, Effect};
use minyi_core::Result;
use minyi_core::store::security_log::{
    AccessLogFilter, AccessLogPage, SecurityLogFilter, SecurityLogPage,
};
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
