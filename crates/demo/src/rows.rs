//! The rows a simulated appeal produces, buffered so that simulation and SQLite writing can run
//! on two threads (the machine this must be fast on has two cores).
//!
//! [`Rows`] mirrors the store functions the simulation needs, with the same arguments minus the
//! connection, and buffers the store's bulk rows ([`minyi_core::store::bulk::Row`]); ids that the
//! simulation must know (plans, progress reports, escalations, appellants) are predicted from the
//! tables' current maximum ([`minyi_core::store::bulk::NextIds`]), which holds because the store
//! writes the rows in order and nothing else writes while demo data is loaded. The event hash
//! chain is computed on the simulation thread, in the same order the writer inserts.

use super::spans::SpanFold;
use chrono::NaiveDate;
use minyi_core::error::Result;
use minyi_core::model::*;
use minyi_core::store::bulk::{NextIds, Row, SupervisionRow};
use minyi_core::store::events;
use minyi_core::store::search::NewEntry;

/// The buffer plus the next id of each table whose ids the simulation uses.
pub(super) struct Rows {
    pub rows: Vec<Row>,
    next_appellant: i64,
    next_plan: i64,
    next_progress: i64,
    next_escalation: i64,
    /// The event chain's head: the last event's id and hash.
    head: (i64, String),
    /// The current appeal's stage runs, folded from its events (the trigger is off meanwhile).
    spans: SpanFold,
}

impl Rows {
    /// An empty buffer whose ids continue from `ids` ([`minyi_core::store::bulk::BulkLoad::next_ids`]).
    pub fn new(ids: NextIds) -> Self {
        Self {
            rows: Vec::new(),
            next_appellant: ids.appellant,
            next_plan: ids.plan,
            next_progress: ids.progress,
            next_escalation: ids.escalation,
            head: ids.event_head,
            spans: SpanFold::default(),
        }
    }

    fn take(counter: &mut i64) -> i64 {
        let id = *counter;
        *counter += 1;
        id
    }

    pub fn insert_appellant(&mut self, a: &Appellant) -> Result<i64> {
        self.rows.push(Row::Appellant(a.clone()));
        Ok(Self::take(&mut self.next_appellant))
    }

    pub fn insert_appeal(&mut self, a: &Appeal) {
        self.rows.push(Row::Appeal(Box::new(a.clone())));
    }

    /// The stage runs of the appeal whose events were just recorded.
    pub fn insert_stage_spans(&mut self) {
        for run in self.spans.take() {
            self.rows.push(Row::StageSpan(Box::new(run)));
        }
    }

    /// The content fingerprint for duplicate lookups, hashed here on the simulation thread.
    pub fn index_sketch(&mut self, id: i64, content: &str) {
        self.rows.push(Row::Sketch {
            id,
            hashes: minyi_core::queries::duplicates::sketch(content),
        });
    }

    pub fn index_new(
        &mut self,
        id: i64,
        subject: &str,
        content: &str,
        address: &str,
        numbers: &str,
    ) {
        self.rows.push(Row::Fts(NewEntry {
            appeal_id: id,
            subject: subject.into(),
            content: content.into(),
            address: address.into(),
            numbers: numbers.into(),
        }));
    }

    /// Chains and hashes an event here, on the simulation thread; the writer only inserts it.
    pub fn event(&mut self, e: &events::NewEvent<'_>) {
        let p = events::prepare(e, self.head.0 + 1, &self.head.1);
        self.head = (p.id, p.hash.clone());
        self.spans.feed(e.appeal_id, &p.at, e.action, &e.payload);
        self.rows.push(Row::Event(Box::new(p)));
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_plan(
        &mut self,
        appeal_id: i64,
        round: i64,
        content: &PlanContent,
        by: i64,
        at: &str,
        _d: Option<i64>,
        _p: Option<&str>,
    ) -> Result<i64> {
        self.rows.push(Row::Plan {
            appeal_id,
            round,
            content: content.clone(),
            by,
            at: at.into(),
        });
        Ok(Self::take(&mut self.next_plan))
    }

    pub fn set_plan_review(&mut self, id: i64, status: &'static str) -> Result<()> {
        self.rows.push(Row::PlanReview { id, status });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_feedback(
        &mut self,
        appeal_id: i64,
        round: i64,
        method: FeedbackMethod,
        content: &'static str,
        satisfaction: Satisfaction,
        by: i64,
        at: &str,
    ) -> Result<()> {
        self.rows.push(Row::Feedback {
            appeal_id,
            round,
            method,
            content,
            satisfaction,
            by,
            at: at.into(),
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn upsert_tracking(
        &mut self,
        appeal_id: i64,
        measures: &str,
        department_id: Option<i64>,
        _responsible: Option<&str>,
        next_check: Option<NaiveDate>,
        at: &str,
    ) -> Result<()> {
        self.rows.push(Row::Tracking {
            appeal_id,
            measures: measures.into(),
            department_id,
            next_check,
            at: at.into(),
        });
        Ok(())
    }

    pub fn resolve_tracking(&mut self, appeal_id: i64, at: &str) -> Result<()> {
        self.rows.push(Row::ResolveTracking {
            appeal_id,
            at: at.into(),
        });
        Ok(())
    }

    pub fn insert_progress(
        &mut self,
        appeal_id: i64,
        at: &str,
        content: &'static str,
        by: i64,
        _d: Option<i64>,
        _p: Option<&str>,
    ) -> Result<i64> {
        self.rows.push(Row::Progress {
            appeal_id,
            at: at.into(),
            content,
            by,
        });
        Ok(Self::take(&mut self.next_progress))
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_supervision(
        &mut self,
        number: &str,
        appeal_id: i64,
        department_id: Option<i64>,
        by: i64,
        at: &str,
        reason: &str,
        stage: Option<Stage>,
        old_due: Option<NaiveDate>,
        new_due: NaiveDate,
    ) -> Result<()> {
        self.rows.push(Row::Supervision(Box::new(SupervisionRow {
            number: number.into(),
            appeal_id,
            department_id,
            by,
            at: at.into(),
            reason: reason.into(),
            stage,
            old_due,
            new_due,
        })));
        Ok(())
    }

    pub fn insert_escalation(
        &mut self,
        appeal_id: i64,
        by: i64,
        at: &str,
        reason: &str,
    ) -> Result<i64> {
        self.rows.push(Row::Escalation {
            appeal_id,
            by,
            at: at.into(),
            reason: reason.into(),
        });
        Ok(Self::take(&mut self.next_escalation))
    }

    pub fn set_instruction(&mut self, id: i64, text: &str, by: i64, at: &str) -> Result<()> {
        self.rows.push(Row::Instruction {
            id,
            text: text.into(),
            by,
            at: at.into(),
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_archive_number(
        &mut self,
        number: &str,
        appeal_id: i64,
        category: Category,
        year: i32,
        seq: i64,
        at: &str,
    ) -> Result<()> {
        self.rows.push(Row::ArchiveNumber {
            number: number.into(),
            appeal_id,
            category,
            year,
            seq,
            at: at.into(),
        });
        Ok(())
    }
}
