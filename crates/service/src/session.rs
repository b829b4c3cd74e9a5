//! Signing in and the first start: what every transport wraps in its own kind of session (the
//! window keeps one signed-in user; the server hands out tokens), so these answer with the user's
//! id beside what the window shows.

use crate::office::{Caller, Office};
use crate::views::{AppStatus, SessionInfo, SetupInput};
use minyi_core::Result;
use minyi_core::time::now_cst;
use minyi_core::usecases::accounts;
use minyi_demo::generate::{DemoOptions, generate};
use minyi_demo::office::DEMO_PASSWORD;

/// A session just begun: the user's id (the transport keeps it) and what the window shows.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub info: SessionInfo,
}

/// Whether the office needs its first-run set-up, its name, and who `caller` is (if anyone).
/// `data_dir` is shown on the desktop only.
pub fn status(office: &Office, caller: Caller, data_dir: Option<String>) -> Result<AppStatus> {
    let store = office.store()?;
    let needs_setup = accounts::needs_setup(&store)?;
    let session = match office.actor(&store, caller) {
        Ok(actor) => Some(SessionInfo::of(&store, &actor)?),
        Err(_) => None,
    };
    Ok(AppStatus {
        needs_setup,
        org_name: store.org_name()?,
        session,
        data_dir,
    })
}

/// Creates the organisation and its first administrator, who is then signed in. Refused once an
/// account exists (the core checks).
pub fn setup(office: &Office, input: &SetupInput) -> Result<SignedIn> {
    let _turn = office.write_turn();
    let mut store = office.store()?;
    let actor = accounts::bootstrap(&mut store, now_cst(), &input.org_name, &input.admin)?;
    Ok(SignedIn {
        user_id: actor.user_id,
        info: SessionInfo::of(&store, &actor)?,
    })
}

/// Checks a user's password (counting failures and locking the account after too many). It does
/// not wait for the writers' turn: the password check takes a good part of a second by design, and
/// the other writers should not wait for it (its one small write waits in SQLite instead).
pub fn sign_in(office: &Office, username: &str, password: &str) -> Result<SignedIn> {
    office.check_idle()?;
    let mut store = office.store()?;
    let actor = accounts::sign_in(&mut store, username, password, now_cst())?;
    Ok(SignedIn {
        user_id: actor.user_id,
        info: SessionInfo::of(&store, &actor)?,
    })
}

/// How many appeals "load demo data" generates at the first start: enough to explore every
/// screen, quick enough (a few seconds) to wait for.
pub const FIRST_RUN_DEMO_APPEALS: u64 = 3000;

/// Fills a new office with demo data, telling `progress` how far it got; every other call is
/// refused meanwhile (the generator bulk-loads with the store to itself). Answers the sentence the
/// first-run screen shows.
pub fn load_demo(
    office: &Office,
    appeals: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String> {
    office.begin_busy()?;
    let result = office.store().and_then(|mut store| {
        generate(
            &mut store,
            &DemoOptions {
                appeals,
                seed: 1,
                now: now_cst(),
            },
            progress,
        )
    });
    office.end_busy();
    let s = result?;
    Ok(format!(
        "已生成 {} 件演示诉求。演示账号的密码均为 {}。",
        s.appeals, DEMO_PASSWORD
    ))
}

/// Records that the office server paused sign-ins from the computer at `address` after
/// `failures` failed sign-ins within `minutes` (the security log's entry; the pause itself is the
/// server's, in memory).
pub fn address_paused(office: &Office, address: &str, failures: usize, minutes: u64) -> Result<()> {
    let _turn = office.write_turn();
    let mut store = office.store()?;
    minyi_core::usecases::office_acts::address_locked_out(
        &mut store,
        now_cst(),
        address,
        failures,
        minutes,
    )
}

/// The office server's sign-in rules (idle time, lockout of a desk), from settings.
pub fn server_rules(office: &Office) -> Result<minyi_core::store::settings::SessionRules> {
    let store = office.store()?;
    store.session_rules()
}
