//! What crosses between the office server and its clients besides the commands themselves:
//! sign-in and its token, uploads, the health answer and the events the server pushes. The server
//! (`minyi-server`) and its clients (`minyi-client`: the CLI, the desktop in 联网 mode) both use
//! these types, so the two ends cannot drift apart.
//!
//! The routes (all under HTTPS; `Authorization: Bearer <token>` on every one that needs a
//! session):
//! - `GET /healthz` → [`Health`] (no session)
//! - `GET /api/status` → `AppStatus` (no session; its `session` is filled when a valid token is sent)
//! - `POST /api/session` [`SignIn`] → [`SessionToken`]; `DELETE /api/session` signs out
//! - `POST /api/setup` `SetupInput` → [`SessionToken`] (the first start, from the server machine only)
//! - `POST /api/commands/{name}` the command's arguments → its output (see `Commands.ts`)
//! - `POST /api/uploads?name=<file name>` the file's bytes → [`Uploaded`]
//! - `GET /api/files/{token}` → a file a command made
//! - `GET /api/events` → a stream of [`ServerEvent`] (server-sent events)
//! - `GET /api/openapi.json` → the API described for tools (no session) ([`crate::openapi::openapi`])
//!
//! Errors are the core's `{ code, message, field? }` with the HTTP status of [`status_of`].

use crate::host::JobProgress;
use crate::views::SessionInfo;
use minyi_core::ErrorCode;
use serde::{Deserialize, Serialize};

/// `POST /api/session`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// A session begun: the token to send with every request, and what the window shows.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SessionToken {
    pub token: String,
    pub session: SessionInfo,
}

/// An upload received: the reference a command takes as its file.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Uploaded {
    pub file: String,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
    /// The database's schema version.
    pub schema: i64,
}

/// What the server pushes to a signed-in client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ServerEvent {
    /// Someone (perhaps this client) changed data: open lists and the workbench reload.
    DataChanged {
        /// The operation that changed it.
        command: String,
    },
    /// A long job of this session moved on.
    Progress(JobProgress),
}

/// The HTTP status an error code is answered with.
pub fn status_of(code: ErrorCode) -> u16 {
    match code {
        ErrorCode::Validation => 400,
        ErrorCode::NotSignedIn | ErrorCode::Auth => 401,
        ErrorCode::Forbidden => 403,
        ErrorCode::NotFound => 404,
        ErrorCode::InvalidState | ErrorCode::Conflict => 409,
        ErrorCode::Locked => 423,
        ErrorCode::NewerDatabase | ErrorCode::Storage => 500,
        // Only clients raise these (the server never answers with them).
        ErrorCode::Unreachable => 503,
        ErrorCode::Untrusted => 495,
        // The desktop's idle lock (the server's own sessions end after their idle time instead).
        ErrorCode::WindowLocked => 423,
    }
}

/// Whether the server ever answers with `code` (the others are raised by its clients or the
/// desktop only).
pub fn answered_by_server(code: ErrorCode) -> bool {
    !matches!(
        code,
        ErrorCode::Unreachable | ErrorCode::Untrusted | ErrorCode::WindowLocked
    )
}
