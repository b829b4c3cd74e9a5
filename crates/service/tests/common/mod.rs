//! The test harness of the command surface: a [`TestHost`] that lends commands files the way a
//! transport does (inputs are paths; outputs go into a folder per kind, or to the one path a test
//! chose, as a save dialog does), records every progress event and has its own jobs; and a
//! [`Desk`], an office in a temporary folder set up on first run and signed in, that runs typed
//! commands as its user (or as nobody) exactly as the desktop, the server and the CLI run them.
//!
//! Each test binary uses a different part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use minyi_core::model::Role;
use minyi_core::usecases::accounts::NewUser;
use minyi_core::usecases::register::{RegisterInput, Registered};
use minyi_core::{ErrorCode, Result};
use minyi_service::commands::admin::CreateUser;
use minyi_service::commands::appeals::RegisterAppeal;
use minyi_service::office::Lent;
use minyi_service::session::{self, SignedIn};
use minyi_service::views::SetupInput;
use minyi_service::{
    Call, Caller, Command, FileRef, Host, JobKind, JobProgress, Jobs, Office, OutputKind, Profile,
    Reply, Target,
};
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::{Arc, Mutex, MutexGuard};

pub const ORG: &str = "某市民意诉求管理办公室";
pub const PASSWORD: &str = "Secret-2026";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs when a job reports progress (a test's "the user presses 取消 now").
type ProgressHook = Box<dyn Fn(&dyn Host, JobProgress) + Send>;

/// One file a command asked the host for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub kind: OutputKind,
    /// The (safe) name the command suggested.
    pub name: String,
    pub target: Target,
}

/// A transport for tests.
pub struct TestHost {
    root: PathBuf,
    save_to: Mutex<Option<PathBuf>>,
    made: Mutex<Vec<Made>>,
    events: Mutex<Vec<JobProgress>>,
    hook: Mutex<Option<ProgressHook>>,
    jobs: Jobs,
}

impl TestHost {
    /// A host whose outputs go into folders under `root`.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            save_to: Mutex::new(None),
            made: Mutex::new(Vec::new()),
            events: Mutex::new(Vec::new()),
            hook: Mutex::new(None),
            jobs: Jobs::default(),
        }
    }

    /// The folder outputs of `kind` go to (unless a test chose a path).
    pub fn folder(&self, kind: OutputKind) -> PathBuf {
        self.root.join(folder_name(kind))
    }

    /// From now on every output goes to `path` (the user chose it in a save dialog); `None`
    /// goes back to the folders.
    pub fn save_to(&self, path: Option<&Path>) {
        *lock(&self.save_to) = path.map(Path::to_path_buf);
    }

    /// The file behind what a command answered (`Target.shown`).
    pub fn file(&self, shown: &str) -> PathBuf {
        lock(&self.made)
            .iter()
            .rev()
            .find(|m| m.target.shown == shown)
            .unwrap_or_else(|| panic!("the host made no file shown as {shown}"))
            .target
            .path
            .clone()
    }

    /// Every file commands asked for, in order.
    pub fn made(&self) -> Vec<Made> {
        lock(&self.made).clone()
    }

    /// The last file commands asked for.
    pub fn last_made(&self) -> Made {
        lock(&self.made)
            .last()
            .cloned()
            .expect("a command asked the host for a file")
    }

    /// The progress events of `job`, as (done, total).
    pub fn progress_of(&self, job: JobKind) -> Vec<(u64, u64)> {
        lock(&self.events)
            .iter()
            .filter(|p| p.job == job)
            .map(|p| (p.done, p.total))
            .collect()
    }

    pub fn clear_progress(&self) {
        lock(&self.events).clear();
    }

    /// This host's running jobs (as [`Host::jobs`], without naming the trait).
    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    /// Runs `hook` on every progress event from now on.
    pub fn on_progress(&self, hook: impl Fn(&dyn Host, JobProgress) + Send + 'static) {
        *lock(&self.hook) = Some(Box::new(hook));
    }
}

fn folder_name(kind: OutputKind) -> &'static str {
    match kind {
        OutputKind::Print => "prints",
        OutputKind::Export => "exports",
        OutputKind::Attachment => "attachments",
        OutputKind::ImportReport => "imports",
    }
}

impl Host for TestHost {
    fn input(&self, file: &FileRef) -> Result<PathBuf> {
        Ok(PathBuf::from(file))
    }

    fn output(&self, kind: OutputKind, name: &str) -> Result<Target> {
        let target = match lock(&self.save_to).clone() {
            Some(path) => Target {
                shown: path.to_string_lossy().into_owned(),
                path,
            },
            None => {
                let dir = self.folder(kind);
                std::fs::create_dir_all(&dir).unwrap();
                Target {
                    path: dir.join(name),
                    // Not the path: what a caller is told may be a download token.
                    shown: format!("{}/{name}", folder_name(kind)),
                }
            }
        };
        lock(&self.made).push(Made {
            kind,
            name: name.to_string(),
            target: target.clone(),
        });
        Ok(target)
    }

    fn progress(&self, progress: JobProgress) {
        lock(&self.events).push(progress);
        if let Some(hook) = lock(&self.hook).as_ref() {
            hook(self, progress);
        }
    }

    fn jobs(&self) -> &Jobs {
        &self.jobs
    }
}

/// The first administrator of a new office (张三, who may register and manage users).
pub fn admin(agreement_signed: bool) -> NewUser {
    NewUser {
        username: "zhangsan".into(),
        display_name: "张三".into(),
        department_id: 0,
        roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
        password: PASSWORD.into(),
        agreement_signed_on: agreement_signed.then(|| day("2026-01-05")),
    }
}

pub fn setup_input(admin: NewUser) -> SetupInput {
    SetupInput {
        org_name: ORG.into(),
        admin,
        load_demo: false,
    }
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// One desk of an office in a temporary folder, signed in.
pub struct Desk {
    pub host: TestHost,
    pub office: Arc<Office>,
    pub caller: Caller,
    /// The signed-in user's id.
    pub user_id: i64,
    /// The session as the window received it at sign-in.
    pub signed_in: SignedIn,
    /// The office's PostgreSQL database, when the suite runs there (dropped after the office).
    pub pg: Option<minyi_core::testing::pg::TestDatabase>,
    /// Dropped last: the office's files are in it.
    dir: tempfile::TempDir,
}

impl Desk {
    /// A new office whose administrator has signed the confidentiality agreement (or not).
    pub fn new(agreement_signed: bool) -> Self {
        Self::with_admin(admin(agreement_signed))
    }

    /// A new office set up with `admin`, who is then signed in with their password: on an SQLite
    /// file, or on a fresh PostgreSQL database when the suite runs there (`MINYI_TEST_PG`,
    /// `make test-rust-pg`).
    pub fn with_admin(admin: NewUser) -> Self {
        Self::open(admin, minyi_core::testing::pg::fresh())
    }

    /// A new office on an SQLite file whatever the suite runs on: for what only an SQLite office
    /// does (its backups) or what a test does to its file.
    pub fn new_on_sqlite(agreement_signed: bool) -> Self {
        Self::open(admin(agreement_signed), None)
    }

    fn open(admin: NewUser, pg: Option<minyi_core::testing::pg::TestDatabase>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let office = Arc::new(
            match &pg {
                Some(db) => Office::open_postgres(&data, db.url(), Profile::DESKTOP),
                None => Office::open(&data, Profile::DESKTOP),
            }
            .unwrap(),
        );
        let (username, password) = (admin.username.clone(), admin.password.clone());
        let set_up = session::setup(&office, &setup_input(admin)).unwrap();
        let signed_in = session::sign_in(&office, &username, &password).unwrap();
        assert_eq!(signed_in.user_id, set_up.user_id);
        Self {
            host: TestHost::new(&dir.path().join("host")),
            caller: Caller::Session(signed_in.user_id),
            user_id: signed_in.user_id,
            signed_in,
            office,
            pg,
            dir,
        }
    }

    /// The temporary folder (the office is in `data/`, the host's files in `host/`).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A call as the signed-in user.
    pub fn call(&self) -> Call<'_> {
        Call::new(&self.office, &self.host, self.caller)
    }

    /// Runs a typed command as the signed-in user.
    pub fn run<C: Command>(&self, command: C) -> Result<C::Output> {
        command.run(&self.call())
    }

    /// Runs a command as a transport does (JSON out, and whether it changed anything).
    pub fn reply<C: Command>(&self, command: C) -> Reply {
        self.call().run(command)
    }

    /// Runs a command as a transport does with nobody signed in.
    pub fn as_nobody<C: Command>(&self, command: C) -> Reply {
        Call::new(&self.office, &self.host, Caller::Nobody).run(command)
    }

    /// Signs in as someone else at this desk (the host and its jobs stay).
    pub fn sign_in(&mut self, username: &str, password: &str) -> Result<SignedIn> {
        let s = session::sign_in(&self.office, username, password)?;
        self.caller = Caller::Session(s.user_id);
        self.user_id = s.user_id;
        self.signed_in = s.clone();
        Ok(s)
    }

    /// Creates a colleague in the administrator's department. Their personal-data grant (a role
    /// that sees it with an agreement) is applied as if a second administrator had confirmed it:
    /// these tests are about something else (`tests/grants.rs` confirms through the commands).
    pub fn add_user(&self, username: &str, name: &str, roles: &[Role], agreement: bool) -> i64 {
        let id = self.add_user_unconfirmed(username, name, roles, agreement);
        minyi_core::testing::confirm_grants_directly(&mut self.store()).unwrap();
        id
    }

    /// Creates a colleague in the administrator's department; a personal-data grant waits.
    pub fn add_user_unconfirmed(
        &self,
        username: &str,
        name: &str,
        roles: &[Role],
        agreement: bool,
    ) -> i64 {
        self.run(CreateUser {
            user: NewUser {
                username: username.into(),
                display_name: name.into(),
                department_id: self.signed_in.info.department_id,
                roles: roles.to_vec(),
                password: PASSWORD.into(),
                agreement_signed_on: agreement.then(|| day("2026-01-05")),
            },
        })
        .unwrap()
    }

    /// Registers an appeal from the registration form's JSON.
    pub fn register(&self, form: serde_json::Value) -> Registered {
        let input: RegisterInput = serde_json::from_value(form).unwrap();
        self.run(RegisterAppeal { input }).unwrap()
    }

    /// A connection of the office, to look at what commands wrote. Drop it before the next
    /// command: the desktop profile has one connection.
    pub fn store(&self) -> Lent<'_> {
        self.office.store().unwrap()
    }

    /// The one number `sql` counts.
    pub fn count(&self, sql: &str) -> i64 {
        self.store()
            .sql_layer_for_tests()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }
}

/// Asserts that `result` is an error with `code`, and returns the error.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(result: Result<T>, code: ErrorCode) -> minyi_core::CoreError {
    let e = result.expect_err("the call is refused");
    assert_eq!(e.code, code, "{}", e.message);
    e
}

/// The text of a PDF file (pdftotext; `raw` keeps the content stream order), with whitespace
/// removed when `squeeze`, so that wrapped lines join up.
pub fn pdf_text(path: &Path, raw: bool, squeeze: bool) -> String {
    let mut cmd = Process::new("pdftotext");
    if raw {
        cmd.arg("-raw");
    }
    let out = cmd
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext read {}", path.display());
    let text = String::from_utf8(out.stdout).unwrap();
    if squeeze {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        text
    }
}

/// The files in `dir` (none when it does not exist).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// A form as the registration screen sends it: a walk-in complaint of 2026-11-20.
pub fn complaint_form() -> serde_json::Value {
    serde_json::json!({
        "appellant": {"name": "王堃", "phone": "13812345678", "address": "学院路 12 号"},
        "channel": "walk_in", "category": "complaint",
        "subject": "小区夜间施工噪音",
        "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    })
}

/// An office with one appeal registered, accepted and routed to a new department (城管科): what
/// the appeal was registered as, and the department's id.
pub fn routed_appeal(desk: &Desk) -> (Registered, i64) {
    use minyi_core::model::Category;
    use minyi_core::usecases::initial_review::InitialReviewInput;
    use minyi_service::commands::actions::{InitialReview, RouteAppeal};
    use minyi_service::commands::admin::AddDepartment;

    let registered = desk.register(complaint_form());
    let department = desk
        .run(AddDepartment {
            name: "城管科".into(),
        })
        .unwrap();
    desk.run(InitialReview {
        appeal_id: registered.appeal_id,
        seen: None,
        input: InitialReviewInput::Accept {
            category: Category::Complaint,
            major: Some(true),
            urgency: None,
            note: Some("情况属实".into()),
        },
    })
    .unwrap();
    desk.run(RouteAppeal {
        appeal_id: registered.appeal_id,
        seen: None,
        department_id: department,
        note: None,
    })
    .unwrap();
    (registered, department)
}

/// The OpenAPI document, made once per test binary.
pub fn openapi() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(minyi_service::openapi::openapi)
}

/// A validator of `schema`, a schema of the OpenAPI document (its `$ref`s point into the
/// document's components), checking formats (dates, times) too.
pub fn validator(schema: &serde_json::Value) -> jsonschema::Validator {
    let mut root = match schema {
        serde_json::Value::Object(_) => schema.clone(),
        other => serde_json::json!({ "allOf": [other] }),
    };
    root["components"] = openapi()["components"].clone();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema {schema} compiles: {e}"))
}

/// The argument and output schemas of the command called `name`, as the document has them.
pub fn command_schemas(name: &str) -> (serde_json::Value, serde_json::Value) {
    let post = &openapi()["paths"][format!("/api/commands/{name}")]["post"];
    assert!(post.is_object(), "the document describes {name}");
    (
        post["requestBody"]["content"]["application/json"]["schema"].clone(),
        post["responses"]["200"]["content"]["application/json"]["schema"].clone(),
    )
}

/// Asserts that `instance` fits `schema`, listing every mismatch.
#[track_caller]
pub fn assert_fits(what: &str, schema: &serde_json::Value, instance: &serde_json::Value) {
    let v = validator(schema);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not fit its schema: {errors:#?}"
    );
}
