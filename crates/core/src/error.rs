//! The one error type of the core.
//!
//! Every error a user can meet carries a stable machine `code` (for the UI and tests), a plain-Chinese
//! `message` that says what is wrong and what to do, and, for validation errors, the `field` it is
//! about (a camelCase path such as `appellant.phone`) so a form can put the message next to it.
//! Messages never contain personal data: callers build them from field names and rules, not values.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable error codes; the UI switches on these, so they are part of the public contract.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An input field is missing or malformed.
    Validation,
    /// The record asked for does not exist (or is not visible to this user).
    NotFound,
    /// The acting user's role or department does not allow the action.
    Forbidden,
    /// The appeal is not in a state that allows the action.
    InvalidState,
    /// The action conflicts with existing data (duplicate name, pending request, …).
    Conflict,
    /// Sign-in failed.
    Auth,
    /// The account is locked after repeated failures.
    Locked,
    /// The database file was written by a newer version of the program.
    NewerDatabase,
    /// The desktop session has ended (or never began): sign in again.
    NotSignedIn,
    /// The database or file system failed.
    Storage,
    /// The office server cannot be reached (network, server restarting): nothing was done; the
    /// client may try again.
    Unreachable,
    /// The office server presented a certificate the client does not trust (unknown or changed
    /// fingerprint): nothing was sent.
    Untrusted,
    /// The desktop window locked itself after the idle time (`lockout.idle_lock_minutes`):
    /// nothing was done; the signed-in user unlocks it with their password (or signs out).
    WindowLocked,
}

/// An error returned by any core function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct CoreError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

/// Result alias used throughout the core.
pub type Result<T> = std::result::Result<T, CoreError>;

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }
    /// A validation error about one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Validation,
            message: message.into(),
            field: Some(field.to_string()),
        }
    }
    pub fn invalid_state(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidState, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn storage(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Storage, message)
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CoreError {}

impl From<crate::store::sql::Error> for CoreError {
    fn from(e: crate::store::sql::Error) -> Self {
        // Database messages name tables and constraints, never row values, so they are safe to
        // keep for diagnosis; the leading sentence is what the user reads.
        use crate::store::sql::{Failure, failure};
        match failure(&e) {
            Failure::Busy => Self::storage("数据库正被其他程序占用，请稍后重试。"),
            Failure::DiskFull => Self::storage("磁盘空间已满，数据未保存。请清理磁盘空间后重试。"),
            Failure::Disconnected => Self::storage("数据库连接中断，请稍后重试。"),
            // A unique violation the code did not foresee reads like any other refusal.
            Failure::Unique | Failure::Other => Self::storage(format!(
                "数据库操作失败，数据未保存。请重试或联系系统管理员。（{e}）"
            )),
        }
    }
}

impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        Self::storage(format!(
            "读写文件失败，请检查磁盘空间和文件权限。（{}）",
            e.kind()
        ))
    }
}

impl From<serde_json::Error> for CoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::storage(format!("内部数据格式错误，请联系系统管理员。（{e}）"))
    }
}
