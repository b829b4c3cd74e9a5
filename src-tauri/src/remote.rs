//! 联网 mode: the window's requests go to the office server through minyi-client — the same
//! forwarding as `minyi-cli --server` ([`minyi_client::Client::forward`]) — and the server's
//! events come back as the window's own events. Nothing here runs against the local office.
//!
//! A request's files land where 单机 mode would have written them ([`crate::files::place`]), so
//! the window opens them the same way. The event listener is a thread per session: it re-emits
//! `data-changed` and the jobs' progress, tells the window how the connection stands
//! ([`CONNECTION_STATE`]) and reconnects by itself with a growing pause. A server that comes back
//! without the session (restarted) locks the window ([`SESSION_ENDED`]) rather than sending it to
//! the sign-in page: what was typed stays, and the password signs in again.

use crate::commands::Wire;
use crate::connection::{CONNECTION_STATE, ConnectionState};
use crate::desktop::{DATA_CHANGED, progress_event};
use minyi_client::Client;
use minyi_core::access::Action;
use minyi_core::{CoreError, ErrorCode, Result};
use minyi_service::commands::window::{RecordWindowLock, UnlockWindow};
use minyi_service::idle_lock::{Gate, IdleClock, IdleState, Moment, window_locked};
use minyi_service::office::not_signed_in;
use minyi_service::views::{AppStatus, SessionInfo};
use minyi_service::wire::ServerEvent;
use minyi_service::{OutputKind, Request};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Emitter};

/// The window's event when the server no longer knows this desk's session (its idle time ran out,
/// or it was removed on the server; a restart keeps sessions since issue 22) while someone is
/// signed in here: the window locks over
/// the page (a form keeps its input) and the password signs in again ([`Remote::unlock`]).
pub const SESSION_ENDED: &str = "session-ended";

/// What the window says then, and what a call answers until the password is given again.
pub fn session_ended() -> CoreError {
    CoreError::new(
        ErrorCode::WindowLocked,
        "办公室服务器上的登录已结束（长时间无操作，或登录已在服务器上被清除）。请输入密码继续，已填写的内容会保留；或切换用户。",
    )
}

/// Where the window's events go: the window itself, or a test's list.
pub type Events = Arc<dyn Fn(&'static str, serde_json::Value) + Send + Sync>;

/// The window's events of `app`.
pub fn window_events(app: AppHandle) -> Events {
    Arc::new(move |name, payload| {
        let _ = app.emit(name, payload);
    })
}

/// The office server this desktop works on, and its session.
pub struct Remote {
    events: Events,
    server: String,
    fingerprint: String,
    /// The client of the current session (a new one per sign-in; calls hold their own `Arc`, so a
    /// long export does not block a sign-out).
    client: Mutex<Arc<Client>>,
    /// Bumped on sign-in, sign-out and stop: a listener of an older session ends.
    session: Arc<AtomicU64>,
    state: Arc<Mutex<ConnectionState>>,
    /// Who is signed in (their login name), to unlock the window with their password.
    user: Mutex<Option<String>>,
    /// What the signed-in person may do, as the server answered at sign-in.
    permissions: Mutex<Vec<Action>>,
    /// The idle lock of this desk's session: the same rule as 单机 mode's (`IdleClock`), with
    /// the office's idle time as the server said at sign-in; unlocking signs in again there.
    clock: Mutex<Option<IdleClock>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Remote {
    pub fn new(events: Events, server: &str, fingerprint: &str) -> Result<Remote> {
        let client = Client::new(server, Some(fingerprint))?;
        Ok(Remote {
            events,
            server: client.base().to_string(),
            fingerprint: minyi_client::pin::normalise(fingerprint),
            client: Mutex::new(Arc::new(client)),
            session: Arc::new(AtomicU64::new(0)),
            state: Arc::new(Mutex::new(ConnectionState::Connected)),
            user: Mutex::new(None),
            permissions: Mutex::new(Vec::new()),
            clock: Mutex::new(None),
        })
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Whether the person signed in through this desk may do `action` (as the server said at
    /// sign-in; the server still checks every call).
    pub fn may(&self, action: Action) -> bool {
        lock(&self.permissions).contains(&action)
    }

    /// Asks the clock at `now` with `ask` (a check or an input); a lock that happens just now is
    /// written to the office's security log, as 单机 mode writes it into its own.
    fn clock_at(
        &self,
        now: Moment,
        ask: impl FnOnce(&mut IdleClock, Moment) -> Gate,
    ) -> Result<(Gate, IdleState)> {
        let (gate, state, minutes) = {
            let mut guard = lock(&self.clock);
            let clock = guard.as_mut().ok_or_else(not_signed_in)?;
            let gate = ask(clock, now);
            (
                gate,
                IdleState::of(clock, now),
                clock.limit().as_secs() / 60,
            )
        };
        if gate == Gate::JustLocked {
            self.record_lock(minutes);
        }
        Ok((gate, state))
    }

    /// Writes the lock to the office's security log. A failure to write it does not open the
    /// window: the refusal matters more than its entry.
    fn record_lock(&self, minutes: u64) {
        let idle_minutes = u32::try_from(minutes).unwrap_or(u32::MAX);
        let _ = self.client().call(&RecordWindowLock { idle_minutes });
    }

    /// The gate every request of the window passes, as in 单机 mode: refused with
    /// `window_locked` once the idle time has run out (nobody signed in: the server answers).
    fn admit(&self, now: Moment) -> Result<()> {
        match self.clock_at(now, IdleClock::check) {
            Ok((Gate::Locked | Gate::JustLocked, _)) => Err(window_locked()),
            Ok(_) | Err(_) => Ok(()),
        }
    }

    /// The user used the window: the deadline moves (refused once it has passed).
    pub fn input(&self, now: Moment) -> Result<IdleState> {
        match self.clock_at(now, IdleClock::input)? {
            (Gate::Open, state) => Ok(state),
            _ => Err(window_locked()),
        }
    }

    /// Whether the window is locked and how long until it locks.
    pub fn idle_state(&self, now: Moment) -> Result<IdleState> {
        Ok(self.clock_at(now, IdleClock::check)?.1)
    }

    /// Locks the window now (the user leaves the desk).
    pub fn lock_now(&self) -> Result<()> {
        let (newly, minutes) = {
            let mut guard = lock(&self.clock);
            let clock = guard.as_mut().ok_or_else(not_signed_in)?;
            (clock.lock(), clock.limit().as_secs() / 60)
        };
        if newly {
            self.record_lock(minutes);
        }
        Ok(())
    }

    pub fn state(&self) -> ConnectionState {
        *lock(&self.state)
    }

    fn client(&self) -> Arc<Client> {
        lock(&self.client).clone()
    }

    /// Ends the listener (switching modes, closing).
    pub fn stop(&self) {
        self.session.fetch_add(1, Ordering::SeqCst);
    }

    /// Notes how a call went: a server that did not answer is 无法连接 until one answers again.
    fn observe<T>(&self, r: &Result<T>) {
        let state = match r {
            Err(e) if e.code == ErrorCode::Unreachable => ConnectionState::Unreachable,
            Err(e) if e.code == ErrorCode::Untrusted => ConnectionState::Untrusted,
            Err(_) | Ok(_) => ConnectionState::Connected,
        };
        set_state(&self.events, &self.state, state);
    }

    /// Runs one request of the window on the server, its files placed as 单机 mode would place
    /// them under `data_dir` (or at `save_to`). Answers the reply, whether it changed data, and
    /// the files to open.
    pub fn call(
        &self,
        request: Wire,
        data_dir: &Path,
        save_to: Option<PathBuf>,
    ) -> (Result<serde_json::Value>, bool, Vec<(PathBuf, OutputKind)>) {
        let Some(effect) = Request::effect_of(&request.command) else {
            // The same refusal as 单机 mode's, without asking the server.
            let e = Request::parse(&request.command, request.args).err();
            return (
                Err(e.unwrap_or_else(|| CoreError::storage("未知的操作。"))),
                false,
                Vec::new(),
            );
        };
        if let Err(e) = self.admit(Moment::now()) {
            return (Err(e), false, Vec::new());
        }
        let place = |kind: OutputKind, name: &str| {
            crate::files::place(data_dir, save_to.as_deref(), kind, name)
        };
        let result = self
            .client()
            .forward(&request.command, request.args, &place)
            .map_err(|e| self.ended(e));
        self.observe(&result);
        let changed = effect.changed(result.is_ok())
            && !matches!(&result, Err(e) if e.code == ErrorCode::Unreachable);
        match result {
            Ok(f) => {
                let to_open = if save_to.is_some() {
                    Vec::new()
                } else {
                    f.made
                        .into_iter()
                        .filter(|(p, k)| *k != OutputKind::ImportReport && p.is_file())
                        .collect()
                };
                (Ok(f.value), changed, to_open)
            }
            Err(e) => (Err(e), changed, Vec::new()),
        }
    }

    /// A call refused because the server no longer knows the session, while someone is signed
    /// in at this desk: the window locks (`window_locked`) instead of leaving the page for the
    /// sign-in screen, so what was typed stays; the password signs in again.
    fn ended(&self, e: CoreError) -> CoreError {
        if e.code == ErrorCode::NotSignedIn && lock(&self.user).is_some() {
            session_ended()
        } else {
            e
        }
    }

    /// Whether the office needs its first start, and who is signed in at this desk.
    pub fn status(&self, data_dir: &Path) -> Result<AppStatus> {
        let r = self.client().status();
        self.observe(&r);
        let mut status = match r {
            // A server not answering or refused goes to the sign-in screen, which shows the
            // state and offers to reconnect or go back to 单机 (rather than a start-up error).
            Err(e) if matches!(e.code, ErrorCode::Unreachable | ErrorCode::Untrusted) => {
                AppStatus {
                    needs_setup: false,
                    org_name: String::new(),
                    session: None,
                    data_dir: None,
                }
            }
            r => r?,
        };
        // Made files are kept on this computer, in its data folder.
        status.data_dir = Some(data_dir.display().to_string());
        Ok(status)
    }

    /// Signs in on the server and starts listening to its events for this session.
    pub fn sign_in(&self, username: &str, password: &str) -> Result<SessionInfo> {
        let mut client = Client::new(&self.server, Some(&self.fingerprint))?;
        let r = client.sign_in(username, password);
        self.observe(&r);
        let info = r?;
        *lock(&self.user) = Some(info.username.clone());
        *lock(&self.permissions) = info.permissions.clone();
        self.start_clock(&info);
        let token = client.token().map(str::to_string);
        let old = std::mem::replace(&mut *lock(&self.client), Arc::new(client));
        end_session(old);
        let session = self.session.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(token) = token {
            self.listen(session, token);
        }
        Ok(info)
    }

    /// Unlocks the window with the signed-in user's password, checked by the server under the
    /// lockout rule (and in its security log, as 单机 mode's unlock). When the server's session
    /// ended meanwhile, the password signs in again instead, so the window keeps what was typed.
    /// Too many wrong passwords lock the account: the session ends here too and the window goes
    /// to sign-in (as in 单机 mode).
    pub fn unlock(&self, password: &str) -> Result<SessionInfo> {
        let user = lock(&self.user)
            .clone()
            .ok_or_else(|| CoreError::new(ErrorCode::NotSignedIn, "请先登录。"))?;
        let r = match self.client().call(&UnlockWindow {
            password: password.to_string(),
        }) {
            Err(e) if e.code == ErrorCode::NotSignedIn => self.sign_in(&user, password),
            Ok(info) => {
                self.start_clock(&info);
                Ok(info)
            }
            Err(e) => Err(e),
        };
        self.observe(&r);
        if matches!(&r, Err(e) if matches!(e.code, ErrorCode::Locked | ErrorCode::NotSignedIn)) {
            let _ = self.sign_out();
        }
        r
    }

    /// The idle clock of a session that starts (a sign-in, an unlock) with the office's idle time.
    fn start_clock(&self, info: &SessionInfo) {
        let limit = Duration::from_secs(u64::from(info.idle_lock_minutes.clamp(1, 240)) * 60);
        *lock(&self.clock) = Some(IdleClock::new(limit, Moment::now()));
    }

    /// Signs out on the server (the listener ends with the session).
    pub fn sign_out(&self) -> Result<()> {
        *lock(&self.user) = None;
        lock(&self.permissions).clear();
        *lock(&self.clock) = None;
        self.session.fetch_add(1, Ordering::SeqCst);
        let fresh = Client::new(&self.server, Some(&self.fingerprint))?;
        let old = std::mem::replace(&mut *lock(&self.client), Arc::new(fresh));
        end_session(old);
        Ok(())
    }

    /// The listener of session number `session`: re-emits the server's events until the session
    /// ends, reconnecting after a pause of 1, 2, 4 … 15 s when the stream breaks.
    fn listen(&self, session: u64, token: String) {
        let app = self.events.clone();
        let current = self.session.clone();
        let state = self.state.clone();
        let (server, fingerprint) = (self.server.clone(), self.fingerprint.clone());
        std::thread::spawn(move || {
            let live = || current.load(Ordering::SeqCst) == session;
            let mut failures = 0u32;
            while live() {
                let events = Client::new(&server, Some(&fingerprint)).and_then(|mut c| {
                    c.set_token(Some(token.clone()));
                    c.events()
                });
                match events {
                    Ok(events) => {
                        if failures > 0 {
                            // What changed while the stream was down is reloaded.
                            app(DATA_CHANGED, serde_json::Value::Null);
                        }
                        failures = 0;
                        // Said on every (re)connection, so the window knows the stream is live.
                        *lock(&state) = ConnectionState::Connected;
                        app(
                            CONNECTION_STATE,
                            serde_json::to_value(ConnectionState::Connected).unwrap_or_default(),
                        );
                        for e in events {
                            if !live() {
                                return;
                            }
                            emit(&app, e);
                        }
                    }
                    // The server answers but no longer knows the session (it was restarted, or
                    // the idle time ended it): connected again, and the window locks until the
                    // password signs in again. Nothing more to listen to on this session.
                    Err(e) if matches!(e.code, ErrorCode::NotSignedIn | ErrorCode::Auth) => {
                        if live() {
                            set_state(&app, &state, ConnectionState::Connected);
                            app(
                                SESSION_ENDED,
                                serde_json::Value::String(session_ended().message),
                            );
                        }
                        return;
                    }
                    // Another certificate: never accepted here; said so, and asked again slowly
                    // (the old one may come back, e.g. a wrong machine answered on that address).
                    Err(e) if e.code == ErrorCode::Untrusted => {
                        set_state(&app, &state, ConnectionState::Untrusted);
                        std::thread::sleep(backoff(u32::MAX));
                        continue;
                    }
                    Err(_) => {}
                }
                if !live() {
                    return;
                }
                failures += 1;
                // 无法连接 after a few attempts, or at once when a call of the window already
                // found the server away (never back to 正在重连 then: the header would flap).
                let away = *lock(&state) == ConnectionState::Unreachable;
                set_state(
                    &app,
                    &state,
                    if failures >= 3 || away {
                        ConnectionState::Unreachable
                    } else {
                        ConnectionState::Reconnecting
                    },
                );
                std::thread::sleep(backoff(failures));
            }
        });
    }
}

/// Ends a session on the server in the background (a sign-out must not wait for the network).
fn end_session(old: Arc<Client>) {
    if old.token().is_none() {
        return;
    }
    std::thread::spawn(move || {
        if let Ok(mut c) = Client::new(old.base(), old.pinned()) {
            c.set_token(old.token().map(str::to_string));
            let _ = c.sign_out();
        }
    });
}

/// The pause before the `failures`-th reconnection.
pub fn backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(4)).min(Duration::from_secs(15))
}

fn set_state(events: &Events, state: &Mutex<ConnectionState>, to: ConnectionState) {
    let mut s = lock(state);
    if *s != to {
        *s = to;
        events(
            CONNECTION_STATE,
            serde_json::to_value(to).unwrap_or_default(),
        );
    }
}

/// A server's event as the window's own.
fn emit(events: &Events, e: ServerEvent) {
    match e {
        ServerEvent::DataChanged { .. } => events(DATA_CHANGED, serde_json::Value::Null),
        ServerEvent::Progress(p) => {
            events(
                progress_event(p.job),
                serde_json::to_value(p).unwrap_or_default(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnection_pauses_grow_to_fifteen_seconds() {
        let pauses: Vec<u64> = (1..=7).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(pauses, vec![1, 2, 4, 8, 15, 15, 15]);
    }
}
