//! The records the use cases read and write: the acting user and the context of a use case, the
//! appellant, the appeal, and the category-specific content of a handling plan.

use super::*;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The signed-in user on whose behalf a use case runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub user_id: i64,
    pub display_name: String,
    pub department_id: i64,
    pub roles: Vec<Role>,
    pub agreement_signed_on: Option<NaiveDate>,
}

impl Actor {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The context of one user action: who acts, and when (CST).
#[derive(Debug, Clone)]
pub struct Ctx<'a> {
    pub actor: &'a Actor,
    pub now: DateTime<FixedOffset>,
    /// The appeal as the user last saw it, when they act on it from its page: the action is
    /// refused, naming who changed it since, if its latest event is no longer this one (several
    /// people work on one office's appeals at once).
    pub seen: Option<Seen>,
}

/// An appeal at the moment a user saw it: its id and the id of its latest event then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub appeal_id: i64,
    pub event_id: i64,
}

impl<'a> Ctx<'a> {
    pub fn new(actor: &'a Actor, now: DateTime<FixedOffset>) -> Self {
        Self {
            actor,
            now: crate::time::to_cst(&now),
            seen: None,
        }
    }

    /// The same context, acting on appeal `appeal_id` as it was at event `event_id`.
    pub fn seeing(mut self, appeal_id: i64, event_id: Option<i64>) -> Self {
        self.seen = event_id.map(|event_id| Seen {
            appeal_id,
            event_id,
        });
        self
    }
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }
}

/// The appellant's personal data, stored in its own columns so masking happens in one place.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct Appellant {
    pub name: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub id_number: Option<String>,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub anonymous: bool,
}

/// The current state of one appeal as stored in its row (the event log holds the history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Appeal {
    pub id: i64,
    pub reg_number: String,
    pub archive_number: Option<String>,
    pub appellant_id: i64,
    pub channel: Channel,
    pub category: Category,
    pub category_confirmed: bool,
    pub subject: String,
    pub content: String,
    pub urgency: Urgency,
    pub major: bool,
    pub received_at: DateTime<FixedOffset>,
    pub registered_at: DateTime<FixedOffset>,
    pub registered_by: i64,
    pub postmark_date: Option<NaiveDate>,
    pub call_time: Option<DateTime<FixedOffset>>,
    pub status: Status,
    pub round: i64,
    pub department_id: Option<i64>,
    pub stage: Option<Stage>,
    pub stage_started_on: Option<NaiveDate>,
    /// Working days allowed for the stage; `None` when the due date was set explicitly
    /// (supervision) and must not be recomputed from the calendar.
    pub stage_days: Option<i64>,
    pub due_date: Option<NaiveDate>,
    pub expected_feedback_date: NaiveDate,
    pub supervision_count: i64,
    pub escalated: bool,
    pub satisfaction: Option<Satisfaction>,
    pub merged_into: Option<i64>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub updated_at: DateTime<FixedOffset>,
}

/// Category-specific content of a handling plan (§四(一)2, §四(二)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum PlanContent {
    /// Complaint: investigation findings, who is responsible, what will be done.
    Complaint {
        facts_found: String,
        responsible_party: String,
        measures: String,
    },
    /// Suggestion: assessment of feasibility and value, the decision and the plan to carry it out.
    Suggestion {
        feasibility: String,
        value: String,
        adopted: bool,
        #[serde(default)]
        implementation_plan: String,
    },
    /// Help: the resources coordinated for the appellant.
    Help {
        resources_coordinated: String,
        #[serde(default)]
        measures: String,
    },
    /// Consultation or other: the answer given.
    Answer { answer: String },
}

impl PlanContent {
    /// Measures that the tracking ledger follows until carried out; empty when there is nothing to track.
    pub fn measures(&self) -> String {
        match self {
            PlanContent::Complaint { measures, .. } => measures.clone(),
            PlanContent::Suggestion {
                adopted: true,
                implementation_plan,
                ..
            } => implementation_plan.clone(),
            PlanContent::Suggestion { .. } => String::new(),
            PlanContent::Help {
                resources_coordinated,
                measures,
            } => {
                if measures.trim().is_empty() {
                    resources_coordinated.clone()
                } else {
                    measures.clone()
                }
            }
            PlanContent::Answer { .. } => String::new(),
        }
    }
    /// Whether this plan's kind fits an appeal category.
    pub fn fits(&self, category: Category) -> bool {
        matches!(
            (self, category),
            (PlanContent::Complaint { .. }, Category::Complaint)
                | (PlanContent::Suggestion { .. }, Category::Suggestion)
                | (PlanContent::Help { .. }, Category::Help)
                | (
                    PlanContent::Answer { .. },
                    Category::Consultation | Category::Other
                )
        )
    }
    /// A one-line summary of the result, for the reply letter and the ledger.
    pub fn summary(&self) -> String {
        match self {
            PlanContent::Complaint {
                facts_found,
                measures,
                ..
            } => format!("{facts_found} {measures}"),
            PlanContent::Suggestion {
                adopted,
                value,
                implementation_plan,
                ..
            } => {
                if *adopted {
                    format!("建议已采纳。{implementation_plan}")
                } else {
                    format!("建议暂不采纳。{value}")
                }
            }
            PlanContent::Help {
                resources_coordinated,
                ..
            } => resources_coordinated.clone(),
            PlanContent::Answer { answer } => answer.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse_back() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.code(), "channel").unwrap(), *c);
            assert_eq!(Channel::parse(c.label(), "channel").unwrap(), *c);
        }
        let err = Category::parse("bogus", "category").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("category"));
        assert!(err.message.contains("分类"));
    }

    #[test]
    fn stored_bytes_decode_as_the_stored_text_does() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_db_bytes(s.code().as_bytes()), *s);
        }
        for s in Status::ALL {
            assert_eq!(Status::from_db_bytes(s.code().as_bytes()), *s);
        }
        // A label (old data) still decodes, and garbage falls back as `from_db` does.
        assert_eq!(
            Category::from_db_bytes("投诉".as_bytes()),
            Category::Complaint
        );
        assert_eq!(
            Channel::from_db_bytes(b"\xffbogus"),
            Channel::from_db("bogus")
        );
        assert_eq!(Satisfaction::from_db_bytes(b"review"), Satisfaction::ALL[0]);
    }

    #[test]
    fn every_event_action_round_trips_through_its_stored_code_and_its_json() {
        let mut codes = std::collections::HashSet::new();
        for &a in EventAction::ALL {
            assert!(codes.insert(a.code()), "{} twice", a.code());
            assert_eq!(EventAction::from_code(a.code()), Some(a));
            assert_eq!(EventAction::parse(a.code(), "action").unwrap(), a);
            assert_eq!(EventAction::from_db_bytes(a.code().as_bytes()), a);
            // The JSON (the window's timeline) is the stored code, as before the type existed.
            assert_eq!(
                serde_json::to_value(a).unwrap(),
                serde_json::json!(a.code())
            );
            assert_eq!(
                serde_json::from_value::<EventAction>(serde_json::json!(a.code())).unwrap(),
                a
            );
            assert!(!a.label().is_empty());
        }
        // The stored format: these codes are in every database and in every event's hash.
        let codes: Vec<&str> = EventAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(
            codes,
            [
                "register",
                "initial_review",
                "reject",
                "answer_directly",
                "route",
                "return_misrouted",
                "submit_plan",
                "review_pass",
                "review_return",
                "approve",
                "approval_return",
                "record_feedback",
                "follow_up",
                "reopen",
                "close",
                "add_progress",
                "issue_supervision",
                "escalate",
                "instruct",
                "request_extension",
                "approve_extension",
                "refuse_extension",
                "reclassify",
                "link",
                "merge",
                "add_attachment",
                "add_assist",
                "submit_assist_opinion",
                "override_assists",
                "recompute_deadline",
                "return_visit",
                "paper_archive",
            ]
        );
        assert_eq!(EventAction::from_code("reviewed"), None);
        assert_eq!(EventAction::ReviewPass.code(), "review_pass");
        assert_eq!(EventAction::ReturnMisrouted.label(), "退回（分流有误）");
    }

    #[test]
    fn plan_json_is_tagged_camel_case() {
        let p = PlanContent::Complaint {
            facts_found: "a".into(),
            responsible_party: "b".into(),
            measures: "c".into(),
        };
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["kind"], "complaint");
        assert_eq!(v["factsFound"], "a");
        assert!(p.fits(Category::Complaint) && !p.fits(Category::Help));
    }
}
