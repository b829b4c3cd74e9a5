//! Types that exist only at the surface: what a window needs about the session, the vocabulary,
//! and a few wrappers that give tuples and generics a name TypeScript can import. Everything else
//! crossing the surface is a type of the crate that computes it (core, analysis, sheets).

use minyi_core::access::{Action, authorize};
use minyi_core::calendar::WorkCalendar;
use minyi_core::model::*;
use minyi_core::queries::ledger::LedgerRow;
use minyi_core::queries::list::{AppealRow, Page};
use minyi_core::store::calendar::ListedDay;
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::accounts::NewUser;
use minyi_core::{Result, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether the app needs its first-run set-up, and who is signed in.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppStatus {
    pub needs_setup: bool,
    pub org_name: String,
    pub session: Option<SessionInfo>,
    /// The data folder on this computer (the desktop alone; a server keeps its folder to itself).
    pub data_dir: Option<String>,
}

/// The signed-in user, with what they may do (the UI shows only those pages and buttons; the
/// core checks again on every call).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SessionInfo {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub department_id: i64,
    pub department_name: String,
    pub roles: Vec<Role>,
    pub agreement_signed_on: Option<chrono::NaiveDate>,
    pub org_name: String,
    pub permissions: Vec<Action>,
    /// The office's idle lock (minutes without input): a desk in 联网 mode keeps its own idle
    /// clock with it. The window asks `idle_state` instead, so it is not in the TypeScript type.
    #[serde(default = "default_idle_lock_minutes")]
    #[ts(skip)]
    pub idle_lock_minutes: u32,
}

fn default_idle_lock_minutes() -> u32 {
    15
}

impl SessionInfo {
    pub fn of(store: &Store, actor: &Actor) -> Result<Self> {
        let user = store.user(actor.user_id)?;
        let permissions = Action::ALL
            .iter()
            .copied()
            .filter(|a| authorize(actor, *a, Some(actor.department_id)).is_ok())
            .collect();
        Ok(Self {
            user_id: actor.user_id,
            username: user.username,
            display_name: actor.display_name.clone(),
            department_id: actor.department_id,
            department_name: user.department_name,
            roles: actor.roles.clone(),
            agreement_signed_on: actor.agreement_signed_on,
            org_name: store.org_name()?,
            permissions,
            idle_lock_minutes: (crate::idle_lock::idle_limit(store)?.as_secs() / 60) as u32,
        })
    }
}

/// The first-run form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct SetupInput {
    pub org_name: String,
    pub admin: NewUser,
    pub load_demo: bool,
}

/// One code and its Chinese label.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v).to_string(),
            label: label(*v).to_string(),
        })
        .collect()
}

/// Every coded value with its label, so the UI never repeats a label the core defines.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Vocabulary {
    pub channels: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub stages: Vec<Choice>,
    pub roles: Vec<Choice>,
    pub urgencies: Vec<Choice>,
    pub satisfactions: Vec<Choice>,
    pub feedback_methods: Vec<Choice>,
    pub link_kinds: Vec<Choice>,
    /// What the security log records (日志审计).
    pub security_actions: Vec<Choice>,
    /// What the personal-data access log records.
    pub access_kinds: Vec<Choice>,
}

impl Vocabulary {
    pub fn build() -> Self {
        Self {
            channels: choices(Channel::ALL, Channel::code, Channel::label),
            categories: choices(Category::ALL, Category::code, Category::label),
            statuses: choices(Status::ALL, Status::code, Status::label),
            stages: choices(Stage::ALL, Stage::code, Stage::label),
            roles: choices(Role::ALL, Role::code, Role::label),
            urgencies: choices(Urgency::ALL, Urgency::code, Urgency::label),
            satisfactions: choices(Satisfaction::ALL, Satisfaction::code, Satisfaction::label),
            feedback_methods: choices(
                FeedbackMethod::ALL,
                FeedbackMethod::code,
                FeedbackMethod::label,
            ),
            link_kinds: choices(LinkKind::ALL, LinkKind::code, LinkKind::label),
            security_actions: choices(
                SecurityAction::ALL,
                SecurityAction::code,
                SecurityAction::label,
            ),
            access_kinds: choices(AccessKind::ALL, AccessKind::code, AccessKind::label),
        }
    }
}

/// A page of the appeal list.
pub type AppealPage = Page<AppealRow>;

/// A page of the tracking ledger.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LedgerPage {
    pub rows: Vec<LedgerRow>,
    pub total: i64,
}

/// One setting with its label and its built-in value (what "恢复默认" puts back).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
    pub label: String,
    pub default_value: String,
}

pub fn settings_rows(store: &Store) -> Result<Vec<SettingRow>> {
    SettingKey::ALL
        .iter()
        .map(|&key| {
            Ok(SettingRow {
                key: key.code().to_string(),
                value: store.setting(key)?,
                label: key.label().to_string(),
                default_value: key.default().to_string(),
            })
        })
        .collect()
}

/// A year of the working-day calendar: the listed days (holidays, make-up days, admin edits) and
/// whether the year has official data (else Monday–Friday is assumed).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CalendarYear {
    pub year: i32,
    pub known: bool,
    pub days: Vec<ListedDay>,
}

pub fn calendar_year(store: &Store, cal: &WorkCalendar, year: i32) -> Result<CalendarYear> {
    minyi_core::calendar::check_year(year)?;
    Ok(CalendarYear {
        year,
        known: cal.is_known_year(year),
        days: store.listed_days(year)?,
    })
}
