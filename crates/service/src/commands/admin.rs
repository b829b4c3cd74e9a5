//! Settings: departments, users and their agreements, the settings themselves, the calendar.

use crate::command::{Call, Command, Effect};
use crate::host::FileRef;
use crate::views::{CalendarYear, SettingRow, calendar_year, settings_rows};
use chrono::NaiveDate;
use minyi_core::check::{CheckReport, check_for};
use minyi_core::model::{GrantStatus, Role};
use minyi_core::store::users::{Department, UserRecord};
use minyi_core::usecases::accounts::{self, NewUser};
use minyi_core::usecases::calendar_admin::{self, CalendarChange};
use minyi_core::usecases::grants::{self, PendingGrants};
use minyi_core::usecases::settings_admin::set_setting;
use minyi_core::{CoreError, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The departments (for routing and the user forms).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetDepartments {}

impl Command for GetDepartments {
    const NAME: &'static str = "departments";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<Department>;
    fn run(self, call: &Call<'_>) -> Result<Vec<Department>> {
        call.read(|s, _| s.departments())
    }
}

/// Adds a department; answers its id.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct AddDepartment {
    pub name: String,
}

impl Command for AddDepartment {
    const NAME: &'static str = "add_department";
    const EFFECT: Effect = Effect::Write;
    type Output = i64;
    fn run(self, call: &Call<'_>) -> Result<i64> {
        call.write(|s, c| accounts::add_department(s, c, &self.name))
    }
}

/// Renames or (de)activates a department.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct UpdateDepartment {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

impl Command for UpdateDepartment {
    const NAME: &'static str = "update_department";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| accounts::update_department(s, c, self.id, &self.name, self.active))
    }
}

/// The staff, for the administrator.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetUsers {}

impl Command for GetUsers {
    const NAME: &'static str = "users";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<UserRecord>;
    fn run(self, call: &Call<'_>) -> Result<Vec<UserRecord>> {
        call.read(accounts::list_users)
    }
}

/// Creates an account; answers its id.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CreateUser {
    pub user: NewUser,
}

impl Command for CreateUser {
    const NAME: &'static str = "create_user";
    const EFFECT: Effect = Effect::Write;
    type Output = i64;
    fn run(self, call: &Call<'_>) -> Result<i64> {
        call.write(|s, c| accounts::create_user(s, c, &self.user))
    }
}

/// Changes a staff member's name, department, roles or whether the account is active.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateUser {
    pub id: i64,
    pub display_name: String,
    pub department_id: i64,
    pub roles: Vec<Role>,
    pub active: bool,
}

impl Command for UpdateUser {
    const NAME: &'static str = "update_user";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| {
            accounts::update_user(
                s,
                c,
                self.id,
                &self.display_name,
                self.department_id,
                &self.roles,
                self.active,
            )
        })
    }
}

/// Records (or clears) the date a staff member signed the confidentiality agreement.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordAgreement {
    pub user_id: i64,
    pub signed_on: Option<NaiveDate>,
}

impl Command for RecordAgreement {
    const NAME: &'static str = "record_agreement";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| accounts::record_agreement(s, c, self.user_id, self.signed_on))
    }
}

/// The personal-data grants waiting for a second administrator (who may decide which).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetPendingGrants {}

impl Command for GetPendingGrants {
    const NAME: &'static str = "pending_grants";
    const EFFECT: Effect = Effect::Read;
    type Output = PendingGrants;
    fn run(self, call: &Call<'_>) -> Result<PendingGrants> {
        call.read(grants::pending_grants)
    }
}

/// How many personal-data grants wait for a decision (the administrators' workbench notice; 0
/// for everybody else).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetPendingGrantCount {}

impl Command for GetPendingGrantCount {
    const NAME: &'static str = "pending_grant_count";
    const EFFECT: Effect = Effect::Read;
    type Output = i64;
    fn run(self, call: &Call<'_>) -> Result<i64> {
        call.read(grants::pending_grant_count)
    }
}

/// Confirms a personal-data grant another administrator asked for; answers `confirmed`, or
/// `void` when the account changed since (the grant is then void, nothing is granted).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ConfirmGrant {
    pub id: i64,
}

impl Command for ConfirmGrant {
    const NAME: &'static str = "confirm_grant";
    const EFFECT: Effect = Effect::Write;
    type Output = GrantStatus;
    fn run(self, call: &Call<'_>) -> Result<GrantStatus> {
        call.write(|s, c| grants::confirm_grant(s, c, self.id))
    }
}

/// Rejects a personal-data grant another administrator asked for.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct RejectGrant {
    pub id: i64,
}

impl Command for RejectGrant {
    const NAME: &'static str = "reject_grant";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| grants::reject_grant(s, c, self.id))
    }
}

/// Sets a new password for a staff member.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ResetPassword {
    pub user_id: i64,
    pub password: String,
}

impl Command for ResetPassword {
    const NAME: &'static str = "reset_password";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| accounts::reset_password(s, c, self.user_id, &self.password))
    }
}

/// Every setting with its label and built-in value.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetSettings {}

impl Command for GetSettings {
    const NAME: &'static str = "settings";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<SettingRow>;
    fn run(self, call: &Call<'_>) -> Result<Vec<SettingRow>> {
        call.read(|s, _| settings_rows(s))
    }
}

/// Changes one setting.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct SetSetting {
    pub key: String,
    pub value: String,
}

impl Command for SetSetting {
    const NAME: &'static str = "set_setting";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| set_setting(s, c, &self.key, &self.value))
    }
}

/// A year of the working-day calendar.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetCalendarYear {
    pub year: i32,
}

impl Command for GetCalendarYear {
    const NAME: &'static str = "calendar_year";
    const EFFECT: Effect = Effect::Read;
    type Output = CalendarYear;
    fn run(self, call: &Call<'_>) -> Result<CalendarYear> {
        call.read(|s, _| calendar_year(s, s.calendar(), self.year))
    }
}

/// Imports the State Council's holiday notice of a year (holiday-cn JSON).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CalendarImport {
    pub file: FileRef,
}

impl Command for CalendarImport {
    const NAME: &'static str = "calendar_import";
    const EFFECT: Effect = Effect::Write;
    type Output = CalendarChange;
    fn run(self, call: &Call<'_>) -> Result<CalendarChange> {
        let path = call.host().input(&self.file)?;
        let json = std::fs::read_to_string(path).map_err(|_| {
            CoreError::field(
                "file",
                "无法读取所选文件，请选择国务院放假安排的 JSON 文件。",
            )
        })?;
        call.write(|s, c| calendar_admin::import_year(s, c, &json))
    }
}

/// Marks one day as a day off or a working day.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalendarSetDay {
    pub date: NaiveDate,
    pub is_off_day: bool,
    pub name: String,
}

impl Command for CalendarSetDay {
    const NAME: &'static str = "calendar_set_day";
    const EFFECT: Effect = Effect::Write;
    type Output = CalendarChange;
    fn run(self, call: &Call<'_>) -> Result<CalendarChange> {
        call.write(|s, c| calendar_admin::set_day(s, c, self.date, self.is_off_day, &self.name))
    }
}

/// Removes an administrator's change of one day.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CalendarClearDay {
    pub date: NaiveDate,
}

impl Command for CalendarClearDay {
    const NAME: &'static str = "calendar_clear_day";
    const EFFECT: Effect = Effect::Write;
    type Output = CalendarChange;
    fn run(self, call: &Call<'_>) -> Result<CalendarChange> {
        call.write(|s, c| calendar_admin::clear_day(s, c, self.date))
    }
}

/// The integrity check of the whole database — SQLite's own, the event log's hash chain, every
/// appeal replayed against its events, the numbering — for the administrator (who keeps the
/// backups). A report with problems is an answer, not an error: the caller decides what to do.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CheckIntegrity {}

impl Command for CheckIntegrity {
    const NAME: &'static str = "check_integrity";
    const EFFECT: Effect = Effect::Read;
    type Output = CheckReport;
    fn run(self, call: &Call<'_>) -> Result<CheckReport> {
        call.read(|s, c| check_for(s, c.actor))
    }
}
