//! The statistics carry the return visits (回访) of the period's appeals beside the feedback
//! satisfaction: how many, reached rate, what the reached appellants said; a category filter
//! applies to them as to every other figure.

use chrono::DateTime;
use minyi_analysis::period::Period;
use minyi_analysis::stats::{StatsQuery, statistics};
use minyi_core::Store;
use minyi_core::model::{Category, Ctx, FeedbackMethod, Satisfaction, VisitStatus};
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::record_visit::{VisitCall, record_visit};
use minyi_core::usecases::register::{RegisterInput, register};

#[test]
fn the_statistics_show_the_return_visits_beside_the_feedback_satisfaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("minyi.db")).unwrap();
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let office = minyi_demo::seed_office(&mut store, t("2026-11-02T08:00:00+08:00")).unwrap();
    let ctx = Ctx::new(&office.office, t("2026-11-20T10:00:00+08:00"));
    let close = |store: &mut Store, feedback: Satisfaction| {
        let id = register(
            store,
            &ctx,
            &RegisterInput {
                appellant: minyi_core::model::Appellant {
                    name: "张三丰".into(),
                    phone: Some("13812345678".into()),
                    ..Default::default()
                },
                channel: "hotline".into(),
                category: "complaint".into(),
                subject: "夜间施工噪音".into(),
                content: "小区旁工地夜里十一点以后还在施工。".into(),
                received_at: "2026-11-20T09:30:00+08:00".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .appeal_id;
        initial_review(
            store,
            &ctx,
            id,
            &InitialReviewInput::Reject {
                reason: "不属于本单位受理范围".into(),
            },
        )
        .unwrap();
        record_feedback(
            store,
            &ctx,
            id,
            &FeedbackInput {
                method: FeedbackMethod::PhoneCall,
                content: "已电话告知".into(),
                satisfaction: feedback,
                responsible: None,
            },
        )
        .unwrap();
        id
    };
    close(&mut store, Satisfaction::Satisfied);
    close(&mut store, Satisfaction::BasicallySatisfied);
    close(&mut store, Satisfaction::Satisfied);
    // Visits 1–3: dissatisfied at the visit, three calls nobody answered, still open.
    let call = |reached: bool, s: Option<Satisfaction>| VisitCall {
        reached,
        satisfaction: s,
        remark: None,
    };
    let o = record_visit(
        &mut store,
        &ctx,
        1,
        &call(true, Some(Satisfaction::Dissatisfied)),
    );
    assert_eq!(o.unwrap().status, VisitStatus::Completed);
    for _ in 0..3 {
        record_visit(&mut store, &ctx, 2, &call(false, None)).unwrap();
    }
    record_visit(&mut store, &ctx, 3, &call(false, None)).unwrap();

    let mut q = StatsQuery {
        period: Period::new("2026-11-01".parse().unwrap(), "2026-11-30".parse().unwrap()).unwrap(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let today = "2026-11-30".parse().unwrap();
    let s = statistics(&store, &q, today).unwrap();
    // The feedback said satisfied; the visit found otherwise — both are there to compare.
    assert_eq!(s.satisfaction.satisfied, 2);
    assert_eq!(s.satisfaction.rate, Some(1.0));
    let v = &s.return_visits;
    assert_eq!((v.visits, v.completed, v.unreached, v.open), (3, 1, 1, 1));
    assert_eq!((v.dissatisfied, v.attempts), (1, 5));
    assert_eq!(v.reached_rate, Some(0.5));
    assert_eq!(v.satisfaction_rate, Some(0.0));

    q.category = Some(Category::Suggestion);
    assert_eq!(
        statistics(&store, &q, today).unwrap().return_visits.visits,
        0
    );
}
