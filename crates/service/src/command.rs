//! The shape every operation of the surface has: a [`Command`] is a typed request (its fields are
//! its arguments) that runs against a [`Call`] and answers with a typed output; [`Effect`] says
//! whether it needs a session and whether others should hear that it changed something.
//!
//! Why it is shaped so: the desktop, the office server and the command line must offer the same
//! operations with the same rules. With one type per operation, a transport needs no code per
//! operation: it turns a name and JSON arguments into a [`crate::Request`] and runs it (one
//! dispatch, generated from the one list in `lib.rs`), or, in Rust, runs the typed command and gets
//! its typed output. The TypeScript map of names to argument and output types is generated from the
//! same list (`Commands.ts`), so the window's calls are checked by the compiler.

use crate::host::{Host, OutputKind, Target, safe_file_name};
use crate::office::{Caller, Office};
use minyi_core::model::{Actor, Ctx};
use minyi_core::time::now_cst;
use minyi_core::{CoreError, Result, Store};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// What running a command means for the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Needs no session (the vocabulary of coded values).
    Open,
    /// Reads as the signed-in user. (Showing personal data writes an access-log line: that is not
    /// a change anyone's screen shows.)
    Read,
    /// Changes what others see, in one transaction: announced after it succeeds.
    Write,
    /// Writes in chunks that commit as they go (an import): announced even when it fails part-way,
    /// since its first chunks may be in.
    WriteInChunks,
    /// Writes only what no other screen shows — the office's logs (a window locked or unlocked
    /// goes into the security log), a person's own read mark of their reminders: it needs the
    /// office like a write, but it is not announced, since every desk reloading its page because
    /// one desk locked or read its bell would be noise.
    Quiet,
}

impl Effect {
    /// Whether a call with this effect and outcome changed what others see.
    pub fn changed(self, succeeded: bool) -> bool {
        match self {
            Effect::Open | Effect::Read | Effect::Quiet => false,
            Effect::Write => succeeded,
            Effect::WriteInChunks => true,
        }
    }

    /// Whether it may change data at all (a client that cannot reach the server disables these).
    pub fn writes(self) -> bool {
        matches!(self, Effect::Write | Effect::WriteInChunks | Effect::Quiet)
    }
}

/// One operation of the surface. A server reads the command and writes its output; its clients
/// write the command and read the output: both types go both ways.
pub trait Command: Serialize + DeserializeOwned {
    /// Its name on every transport (snake_case): the Tauri command, the server's route, the map.
    const NAME: &'static str;
    const EFFECT: Effect;
    type Output: Serialize + DeserializeOwned;

    fn run(self, call: &Call<'_>) -> Result<Self::Output>;
}

/// One call: the office, the transport's host, and who calls.
pub struct Call<'a> {
    office: &'a Office,
    host: &'a dyn Host,
    caller: Caller,
}

impl<'a> Call<'a> {
    pub fn new(office: &'a Office, host: &'a dyn Host, caller: Caller) -> Self {
        Self {
            office,
            host,
            caller,
        }
    }

    pub fn office(&self) -> &'a Office {
        self.office
    }

    pub fn host(&self) -> &'a dyn Host {
        self.host
    }

    pub fn caller(&self) -> Caller {
        self.caller
    }

    /// Where to write a file the command makes, named `name` (made safe as a file name).
    pub fn output(&self, kind: OutputKind, name: &str) -> Result<Target> {
        self.host.output(kind, &safe_file_name(name))
    }

    /// Runs a read as the caller.
    pub fn read<T>(&self, f: impl FnOnce(&Store, &Ctx<'_>) -> Result<T>) -> Result<T> {
        self.office.check_idle()?;
        let store = self.office.store()?;
        let actor = self.office.actor(&store, self.caller)?;
        f(&store, &Ctx::new(&actor, now_cst()))
    }

    /// Runs a use case as the caller, in its turn among the office's writers.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store, &Ctx<'_>) -> Result<T>) -> Result<T> {
        self.office.check_idle()?;
        let _turn = self.office.write_turn();
        let mut store = self.office.store()?;
        let actor = self.office.actor(&store, self.caller)?;
        f(&mut store, &Ctx::new(&actor, now_cst()))
    }

    /// Runs a use case on appeal `appeal_id` as the caller saw it at event `seen` (see
    /// [`minyi_core::model::Seen`]).
    pub fn write_seeing<T>(
        &self,
        appeal_id: i64,
        seen: Option<i64>,
        f: impl FnOnce(&mut Store, &Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write(|s, c| f(s, &c.clone().seeing(appeal_id, seen)))
    }

    /// A connection of its own for a long job, and the caller as it knows them.
    pub fn job_store(&self) -> Result<(Store, Actor)> {
        self.office.check_idle()?;
        let store = self.office.open_job_store()?;
        let actor = self.office.actor(&store, self.caller)?;
        Ok((store, actor))
    }

    /// Runs `command` and serialises its output.
    pub fn run<C: Command>(&self, command: C) -> Reply {
        if C::EFFECT != Effect::Open && self.caller == Caller::Nobody {
            return Reply {
                result: Err(crate::office::not_signed_in()),
                changed: false,
            };
        }
        let result = command.run(self).and_then(|out| {
            serde_json::to_value(out)
                .map_err(|_| CoreError::storage("结果无法转换为 JSON，请把这条信息告诉技术支持。"))
        });
        Reply {
            changed: C::EFFECT.changed(result.is_ok()),
            result,
        }
    }
}

/// What a transport gets back from running a request.
#[derive(Debug)]
pub struct Reply {
    /// The command's output as JSON, or its error (`{code, message, field?}` on every transport).
    pub result: Result<serde_json::Value>,
    /// Whether open screens, here and at other desks, should reload.
    pub changed: bool,
}

/// Parses a command's arguments, in Chinese when they do not fit (a client's mistake, never a
/// user's: the message names the command, not the values, which may be personal data).
pub(crate) fn parse_args<C: Command>(args: serde_json::Value) -> Result<C> {
    // A command without arguments may be sent with none at all.
    let args = if args.is_null() {
        serde_json::Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| {
        let detail = scrub(&e.to_string());
        CoreError::field(
            "args",
            format!(
                "请求“{}”的参数不正确（{detail}）。请升级客户端后重试。",
                C::NAME
            ),
        )
    })
}

/// serde's message without the values it quotes (`invalid type: string "张三"`): they may be
/// personal data. Field and variant names, which serde puts in backticks, stay.
fn scrub(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '"' {
            if !quoted {
                out.push_str("\"…\"");
            }
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out.chars().take(200).collect()
}

/// The refusal of a name no command has.
pub(crate) fn unknown_command(name: &str) -> CoreError {
    let shown: String = name.chars().take(60).collect();
    CoreError::not_found(format!(
        "没有名为“{shown}”的操作。客户端与服务器的版本可能不一致，请升级后重试。"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_error_names_the_field_but_never_the_value() {
        let e: serde_json::Error = serde_json::from_str::<i64>("\"13812345678\"").unwrap_err();
        let s = scrub(&e.to_string());
        assert!(!s.contains("13812345678"), "{s}");
        assert!(s.starts_with("invalid type: string \"…\""), "{s}");
    }
}
