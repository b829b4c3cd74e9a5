//! What crosses between the office server and its clients, with real values of an office that has
//! registered and routed an appeal: a client writes a command and the server reads it, the server
//! writes the output and the client reads it. Each way the JSON must come out exactly as it went
//! in (the window and the tests depend on that JSON), and both must fit the schemas of the OpenAPI
//! document the server publishes.

mod common;

use chrono::NaiveDate;
use common::{Desk, assert_fits, command_schemas, complaint_form, routed_appeal};
use minyi_analysis::hotspots::HotspotQuery;
use minyi_analysis::period::Period;
use minyi_analysis::stats::StatsQuery;
use minyi_core::queries::detail::PersonalData;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_core::usecases::register::RegisterInput;
use minyi_service::commands::admin::{GetCalendarYear, GetDepartments, GetSettings, GetUsers};
use minyi_service::commands::analysis::{
    DisclosurePreview, GetHotspots, GetStatistics, GetWeakLinks,
};
use minyi_service::commands::appeals::{
    CheckRegistration, FindDuplicates, GetAppealDetail, GetAppellantHistory, GetVocabulary,
    ListAppeals, RegisterAppeal,
};
use minyi_service::commands::assessment::{
    GetAssessment, GetAssessmentTargets, GetDifficultIssues,
};
use minyi_service::commands::import::ImportChannels;
use minyi_service::commands::paper::BatchPrintCount;
use minyi_service::commands::work::{MyTasks, TrackingLedger};
use minyi_service::wire::{ServerEvent, SessionToken};
use minyi_service::{Caller, Command, JobKind, JobProgress, session};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// `value` as JSON, after checking that reading that JSON back and writing it again gives the
/// same JSON.
#[track_caller]
fn round_trip<T: Serialize + DeserializeOwned>(what: &str, value: &T) -> Value {
    let json = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{what} cannot be read back: {e}\n{json:#}"));
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        json,
        "{what} changes when read back"
    );
    json
}

/// Runs `command` as a client of the server would: the command crosses one way, its output the
/// other, each checked against its schema. Answers the output as the client reads it.
#[track_caller]
fn exchange<C: Command>(desk: &Desk, command: C) -> C::Output {
    let (args_schema, output_schema) = command_schemas(C::NAME);
    let args = round_trip(C::NAME, &command);
    assert_fits(&format!("{} (arguments)", C::NAME), &args_schema, &args);
    let output = desk
        .run(command)
        .unwrap_or_else(|e| panic!("{} failed: {}", C::NAME, e.message));
    let json = round_trip(&format!("{} (output)", C::NAME), &output);
    assert_fits(&format!("{} (output)", C::NAME), &output_schema, &json);
    serde_json::from_value(json).unwrap()
}

fn year_2026() -> Period {
    Period {
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    }
}

#[test]
fn the_outputs_of_a_working_office_cross_both_ways_and_fit_their_schemas() {
    let desk = Desk::new(true);
    let (registered, department) = routed_appeal(&desk);
    round_trip("Registered", &registered);

    // A second appeal from the same phone: registered with a likely duplicate.
    let input: RegisterInput = serde_json::from_value(complaint_form()).unwrap();
    let again = exchange(&desk, RegisterAppeal { input });
    assert!(!again.likely_duplicates.is_empty());

    let detail = exchange(
        &desk,
        GetAppealDetail {
            id: registered.appeal_id,
            personal: PersonalData::Full,
        },
    );
    assert!(detail.timeline.len() >= 3, "registered, accepted, routed");
    assert_eq!(detail.appeal.department_id, Some(department));
    assert!(!detail.allowed_actions.is_empty());
    exchange(
        &desk,
        GetAppealDetail {
            id: registered.appeal_id,
            personal: PersonalData::Masked,
        },
    );
    // The same caller's second appeal (same phone) is in the first one's history.
    let history = exchange(
        &desk,
        GetAppellantHistory {
            id: registered.appeal_id,
        },
    );
    assert!(history.is_some_and(|h| !h.appeals.is_empty()));

    let page = exchange(
        &desk,
        ListAppeals {
            filter: ListFilter::default(),
        },
    );
    assert_eq!(page.rows.len(), 2);
    let searched = exchange(
        &desk,
        ListAppeals {
            filter: ListFilter {
                text: Some("噪音".into()),
                page_size: 1,
                ..Default::default()
            },
        },
    );
    assert!(searched.has_more || searched.total.is_none());

    let workbench = exchange(&desk, MyTasks { limit: 10 });
    assert!(!workbench.tasks.is_empty());

    let statistics = exchange(
        &desk,
        GetStatistics {
            query: StatsQuery {
                period: year_2026(),
                category: None,
                channel: None,
                department_id: None,
                granularity: None,
            },
        },
    );
    assert_eq!(statistics.total, 2);
    exchange(
        &desk,
        GetHotspots {
            query: HotspotQuery {
                period: year_2026(),
                category: None,
                channel: None,
                department_id: Some(department),
                limit: Some(5),
            },
        },
    );
    let weak = exchange(
        &desk,
        GetWeakLinks {
            query: StatsQuery {
                period: year_2026(),
                category: None,
                channel: None,
                department_id: None,
                granularity: None,
            },
        },
    );
    assert!(!weak.rule.is_empty());
    exchange(
        &desk,
        GetAssessment {
            period: year_2026(),
        },
    );
    exchange(
        &desk,
        GetDifficultIssues {
            period: year_2026(),
        },
    );
    exchange(
        &desk,
        DisclosurePreview {
            period: year_2026(),
        },
    );
    exchange(&desk, GetAssessmentTargets {});
    exchange(
        &desk,
        TrackingLedger {
            filter: LedgerFilter::default(),
        },
    );
    exchange(
        &desk,
        BatchPrintCount {
            filter: ListFilter::default(),
        },
    );
    exchange(&desk, GetDepartments {});
    exchange(&desk, GetUsers {});
    exchange(&desk, GetSettings {});
    exchange(&desk, GetCalendarYear { year: 2026 });

    // A form with problems: the answer is a list of errors (with and without a field).
    let problems = exchange(
        &desk,
        CheckRegistration {
            input: RegisterInput::default(),
        },
    );
    assert!(problems.iter().any(|e| e.field.is_some()));
    let input: RegisterInput = serde_json::from_value(complaint_form()).unwrap();
    assert!(!exchange(&desk, FindDuplicates { input }).is_empty());

    // What the server answers outside the commands.
    let info = desk.signed_in.info.clone();
    round_trip("SessionInfo", &info);
    let status = session::status(&desk.office, Caller::Session(desk.user_id), None).unwrap();
    assert!(status.session.is_some());
    round_trip("AppStatus", &status);
    round_trip(
        "SessionToken",
        &SessionToken {
            token: "t0k3n".into(),
            session: info,
        },
    );
    round_trip(
        "ServerEvent",
        &ServerEvent::DataChanged {
            command: "route_appeal".into(),
        },
    );
    let progress = round_trip(
        "ServerEvent",
        &ServerEvent::Progress(JobProgress {
            job: JobKind::Import,
            done: 2000,
            total: 5000,
        }),
    );
    assert_eq!(
        progress,
        json!({"event": "progress", "job": "import", "done": 2000, "total": 5000})
    );
}

#[test]
fn the_vocabulary_is_the_same_json_as_before() {
    let desk = Desk::new(false);
    let vocabulary = exchange(&desk, GetVocabulary {});
    let json = serde_json::to_value(&vocabulary).unwrap();
    assert_eq!(
        json["channels"][0],
        json!({"code": "website", "label": "官网留言"})
    );
    assert_eq!(
        json["linkKinds"][2],
        json!({"code": "related", "label": "相关诉求"})
    );
    let channels = exchange(&desk, ImportChannels {});
    assert_eq!(channels.len(), 4);
}
