//! minyi-service — the one command surface of Minyi (民意诉求管理系统): every operation the desktop
//! app, the office server and the command line offer, as plain functions over an [`Office`] and a
//! caller, with serde/ts-rs/schemars types in and out.
//!
//! Layout: [`office`] opens the data folder and lends connections; [`host`] is what a transport
//! lends a command (files, progress, cancel); [`command`] is the shape of one operation; the
//! operations themselves are in [`commands`], one module per screen or domain, and [`session`]
//! holds sign-in and first-run set-up, which each transport wraps in its own kind of session.
//! The one list below names every operation once: it generates [`Request`] (any operation, as a
//! transport receives it), its one dispatch, and the [`catalogue`] the TypeScript map and the
//! server's API description ([`openapi`]) are made from.
//!
//! Nothing here knows Tauri, HTTP or a terminal, and no rule lives in a transport: the Tauri
//! commands, the server's routes and the CLI's subcommands only carry requests here and answers
//! back.

pub mod assessment_export;
pub mod batch_import;
pub mod batch_print;
pub mod command;
pub mod commands;
pub mod host;
pub mod idle_lock;
pub mod ledger_export;
pub mod office;
pub mod openapi;
pub mod portal;
pub mod printing;
pub mod private;
pub mod publishing;
pub mod server_state;
pub mod session;
pub mod views;
pub mod wire;

pub use command::{Call, Command, Effect, Reply};
pub use host::{FileRef, Host, JobBoard, JobKind, JobProgress, Jobs, OutputKind, Target};
pub use office::{Caller, DB_FILE, Office, Profile};

use minyi_core::Result;

/// One line of the catalogue: an operation's name, effect, and the TypeScript and JSON Schemas of
/// its types.
pub struct Entry {
    pub name: &'static str,
    pub effect: Effect,
    /// The TypeScript names of the arguments and the output, and the files they import.
    pub typescript: fn() -> bindings::CommandTypes,
    /// The JSON Schemas of the arguments and the output, made with the given generator: named
    /// types are added to its definitions and referred to by `$ref` (see [`openapi::schemas`]).
    pub schemas: fn(&mut schemars::SchemaGenerator) -> (schemars::Schema, schemars::Schema),
}

macro_rules! surface {
    ($($module:ident :: $command:ident),+ $(,)?) => {
        /// Any operation of the surface, with its arguments.
        pub enum Request {
            $($command(commands::$module::$command),)+
        }

        impl Request {
            /// The operation called `name`, with its JSON arguments.
            pub fn parse(name: &str, args: serde_json::Value) -> Result<Self> {
                $(if name == <commands::$module::$command as Command>::NAME {
                    return command::parse_args(args).map(Request::$command);
                })+
                Err(command::unknown_command(name))
            }

            /// The effect of the operation called `name`, if there is one (a transport asks for
            /// a session before it reads the arguments).
            pub fn effect_of(name: &str) -> Option<Effect> {
                $(if name == <commands::$module::$command as Command>::NAME {
                    return Some(<commands::$module::$command as Command>::EFFECT);
                })+
                None
            }

            pub fn name(&self) -> &'static str {
                match self {
                    $(Request::$command(_) => <commands::$module::$command as Command>::NAME,)+
                }
            }

            pub fn effect(&self) -> Effect {
                match self {
                    $(Request::$command(_) => <commands::$module::$command as Command>::EFFECT,)+
                }
            }

            /// The one dispatch.
            pub fn run(self, call: &Call<'_>) -> Reply {
                match self {
                    $(Request::$command(c) => call.run(c),)+
                }
            }
        }

        /// Every operation, in the order of the list.
        pub fn catalogue() -> Vec<Entry> {
            vec![$(Entry {
                name: <commands::$module::$command as Command>::NAME,
                effect: <commands::$module::$command as Command>::EFFECT,
                typescript: bindings::command_types::<commands::$module::$command>,
                schemas: openapi::schemas::<commands::$module::$command>,
            },)+]
        }
    };
}

surface! {
    appeals::GetVocabulary,
    appeals::CheckRegistration,
    appeals::FindDuplicates,
    appeals::RegisterAppeal,
    appeals::ListAppeals,
    appeals::GetAppealDetail,
    appeals::GetAppellantHistory,
    appeals::FindAppeal,
    appeals::AddAttachment,
    appeals::AttachmentFile,
    appeals::ChangePassword,
    window::RecordWindowLock,
    window::UnlockWindow,
    actions::InitialReview,
    actions::AnswerDirectly,
    actions::RouteAppeal,
    actions::ReturnMisrouted,
    actions::SubmitPlan,
    actions::ReviewPlan,
    actions::ApprovePlan,
    actions::RecordFeedback,
    actions::FollowUp,
    actions::ReopenAppeal,
    actions::CloseAppeal,
    actions::AddProgress,
    actions::IssueSupervision,
    actions::Escalate,
    actions::Instruct,
    actions::RequestExtension,
    actions::DecideExtension,
    actions::Reclassify,
    actions::LinkAppeals,
    actions::MergeAppeals,
    assists::RouteCohandled,
    assists::AddAssist,
    assists::SubmitAssistOpinion,
    assists::OverrideAssists,
    assists::GetCoHandling,
    assists::AssistTasks,
    work::MyTasks,
    work::TrackingLedger,
    bell::GetReminders,
    bell::MarkRemindersRead,
    bell::ListStockTexts,
    bell::SaveStockText,
    bell::DeleteStockText,
    visits::ListVisits,
    visits::RecordVisit,
    queues::SlowAppeals,
    paper::PrintAppeal,
    paper::PrintAgreement,
    paper::BatchPrintCount,
    paper::BatchPrint,
    paper::CancelBatchPrint,
    batch::BatchAct,
    batch::CancelBatchAct,
    batch::RecordArchive,
    batch::GetArchiveRecord,
    exports::ExportLedger,
    exports::ExportTracking,
    exports::ExportAssessment,
    exports::ExportStats,
    exports::ExportDisclosure,
    exports::CancelExport,
    publish::PublishDisclosure,
    import::ImportChannels,
    import::InspectImport,
    import::ImportBatch,
    import::CancelImport,
    analysis::GetStatistics,
    analysis::GetWeakLinks,
    analysis::GetHotspots,
    analysis::AppealRows,
    analysis::DisclosurePreview,
    assessment::GetAssessment,
    assessment::GetDifficultIssues,
    assessment::GetAssessmentTargets,
    assessment::GetRecommendations,
    assessment::RecordRecommendation,
    assessment::AdvanceRecommendation,
    assessment::GetRewardsPenalties,
    assessment::RecordRewardPenalty,
    admin::GetDepartments,
    admin::AddDepartment,
    admin::UpdateDepartment,
    admin::GetUsers,
    admin::CreateUser,
    admin::UpdateUser,
    admin::RecordAgreement,
    admin::ResetPassword,
    admin::GetPendingGrants,
    admin::GetPendingGrantCount,
    admin::ConfirmGrant,
    admin::RejectGrant,
    admin::GetSettings,
    admin::SetSetting,
    admin::GetCalendarYear,
    admin::CalendarImport,
    admin::CalendarSetDay,
    admin::CalendarClearDay,
    admin::CheckIntegrity,
    audit::GetSecurityLog,
    audit::GetAccessLog,
    audit::GetIntegrityNotice,
    audit::ExportSecurityLog,
    audit::ExportAccessLog,
    backup::BackupNow,
    backup::ListBackups,
    backup::RestoreBackup,
    backup::BackupAlert,
}

pub mod bindings;
