//! `crash-child` (hidden): the child process of the crash test. It writes to the office in a loop
//! forever, each step a kind of write chosen at random — a registration, the next lifecycle action
//! on an open appeal, a batch import of a small CSV file, an attachment, a backup, or the upgrade
//! of an old-schema file — each done the way the app does it, through the core's use cases (the
//! same calls the service's commands make). After each write has returned (committed, renamed in
//! place), it prints one line saying what was acknowledged and flushes, so every line the parent
//! reads is a write that must survive the parent killing this process with SIGKILL at any moment.
//!
//! The lines (one word for the kind, then what identifies it):
//! - `register <reg_number>`
//! - `step <reg_number> <status>`: the appeal reached `status` (a code of [`Status`])
//! - `import <tag> <rows>`: every row of the batch whose subjects carry `tag` is registered
//! - `attach <attachment_id> <sha256>`: the row and its file
//! - `backup <folder name>`: a backup in the office's backup folder
//! - `migrate <file name> <from version>`: an old-schema file in `old/` beside the database is at
//!   this program's schema version
//!
//! Why random kinds in one process rather than a mode per kind: the kinds then interleave the way
//! they do in an office (a backup right after an import, an attachment on an appeal registered a
//! moment ago), and a kill lands in each of them and between them, in one run of the test.

mod files;
mod lifecycle;

use crate::output::{CliError, CliResult};
use crate::session::{db_path, now, open_or_create, system_actor};
use chrono::Duration;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::rng::Rng;
use minyi_demo::seed_office;
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

/// The kinds of write, and how often each is chosen (out of the sum).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Register,
    Step,
    Import,
    Attach,
    Backup,
    Migrate,
}

const KINDS: &[(Kind, u32)] = &[
    (Kind::Register, 25),
    (Kind::Step, 35),
    (Kind::Import, 10),
    (Kind::Attach, 15),
    (Kind::Backup, 5),
    (Kind::Migrate, 10),
];

/// What the child acknowledges: one flushed line per write.
struct Acks<'a> {
    out: std::io::StdoutLock<'a>,
}

impl Acks<'_> {
    fn say(&mut self, line: std::fmt::Arguments<'_>) -> CliResult {
        writeln!(self.out, "{line}")
            .and_then(|_| self.out.flush())
            .map_err(|_| CliError::Exit(0))
    }
}

/// Runs `crash-child`; returns only on an error.
pub fn run(db: Option<&Path>) -> CliResult {
    let path = db_path(db)?;
    let mut store = open_or_create(path)?;
    let actor = system_actor(&mut store)?;
    // The test seeds the office before the first child; here it is only found again.
    let office = seed_office(&mut store, now())?;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        ^ u64::from(std::process::id());
    let mut rng = Rng::new(seed);
    let mut acks = Acks {
        out: std::io::stdout().lock(),
    };
    let weights: Vec<u32> = KINDS.iter().map(|(_, w)| *w).collect();
    loop {
        match KINDS[rng.weighted(&weights)].0 {
            Kind::Register => {
                let input = synthetic(&mut rng);
                let ctx = Ctx::new(&actor, now());
                let r = register(&mut store, &ctx, &input)?;
                acks.say(format_args!("register {}", r.reg_number))?;
            }
            Kind::Step => {
                if let Some((number, status)) = lifecycle::step(&mut store, &office, &mut rng)? {
                    acks.say(format_args!("step {number} {}", status.code()))?;
                }
            }
            Kind::Import => {
                let (tag, rows) = files::import(&mut store, &office, &mut rng)?;
                acks.say(format_args!("import {tag} {rows}"))?;
            }
            Kind::Attach => {
                if let Some((id, sha)) = files::attach(&mut store, &office, &mut rng)? {
                    acks.say(format_args!("attach {id} {sha}"))?;
                }
            }
            Kind::Backup => {
                let name = files::backup(&store, path)?;
                acks.say(format_args!("backup {name}"))?;
            }
            Kind::Migrate => {
                if let Some((file, from)) = files::migrate(path)? {
                    acks.say(format_args!("migrate {file} {from}"))?;
                }
            }
        }
    }
}
