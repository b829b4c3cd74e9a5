//! `crash-child` (hidden): the child process of the crash test. It registers synthetic appeals in
//! a loop forever and, after each committed registration, prints the registration number on stdout
//! and flushes — so every number the parent reads is an acknowledged, committed write that must
//! survive the parent killing this process with SIGKILL at any moment.

use crate::output::{CliError, CliResult};
use crate::session::{db_path, now, open_or_create, system_actor};
use chrono::Duration;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::rng::Rng;
use minyi_demo::text::{self, TextCategory};
use std::io::Write;
use std::path::Path;

const CATEGORIES: &[(&str, TextCategory)] = &[
    ("consultation", TextCategory::Consultation),
    ("complaint", TextCategory::Complaint),
    ("suggestion", TextCategory::Suggestion),
    ("help", TextCategory::Help),
    ("other", TextCategory::Other),
];

const CHANNELS: &[&str] = &["walk_in", "hotline", "website", "wechat", "portal"];

/// One synthetic walk-in/hotline/online appeal received a few minutes ago.
fn synthetic(rng: &mut Rng) -> RegisterInput {
    let (code, cat) = *rng.pick(CATEGORIES);
    let t = text::appeal_text(rng, cat);
    let minutes = rng.range(1, 600);
    RegisterInput {
        appellant: Appellant {
            name: text::person_name(rng),
            phone: Some(text::mobile_phone(rng)),
            address: Some(text::address(rng)),
            ..Default::default()
        },
        channel: (*rng.pick(CHANNELS)).to_string(),
        category: code.to_string(),
        subject: t.subject,
        content: t.content,
        received_at: minyi_core::time::fmt_ts(&(now() - Duration::minutes(minutes))),
        ..Default::default()
    }
}

/// Runs `crash-child`; returns only on an error.
pub fn run(db: Option<&Path>) -> CliResult {
    let path = db_path(db)?;
    let mut store = open_or_create(path)?;
    let actor = system_actor(&mut store)?;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        ^ u64::from(std::process::id());
    let mut rng = Rng::new(seed);
    let mut out = std::io::stdout().lock();
    loop {
        let input = synthetic(&mut rng);
        let ctx = Ctx::new(&actor, now());
        let r = register(&mut store, &ctx, &input)?;
        writeln!(out, "{}", r.reg_number)
            .and_then(|_| out.flush())
            .map_err(|_| CliError::Exit(0))?;
    }
}
