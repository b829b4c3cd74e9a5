//! `minyi-cli visits`: the return-visit list (masked unless `--personal-data`, which is logged)
//! and one call recorded at a time, on a real file through the real binary.

mod common;

use common::*;
use minyi_core::model::{Ctx, FeedbackMethod, Satisfaction};
use minyi_core::usecases::accounts::ensure_system_user;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};

/// Closes the file's appeal `id` (rejected, the appellant told and satisfied) as the office would.
fn close(db: &std::path::Path, id: i64) {
    let mut store = minyi_core::Store::open(db).unwrap();
    let now = minyi_core::time::now_cst();
    let system = ensure_system_user(&mut store, now).unwrap();
    let ctx = Ctx::new(&system, now);
    initial_review(
        &mut store,
        &ctx,
        id,
        &InitialReviewInput::Reject {
            reason: "不属于本单位受理范围".into(),
        },
    )
    .unwrap();
    record_feedback(
        &mut store,
        &ctx,
        id,
        &FeedbackInput {
            method: FeedbackMethod::PhoneCall,
            content: "已电话告知".into(),
            satisfaction: Satisfaction::Satisfied,
            responsible: None,
        },
    )
    .unwrap();
}

#[test]
fn visits_are_listed_masked_and_recorded_call_by_call() {
    let (dir, db) = fresh();
    ok(&register_file(
        dir.path(),
        &db,
        "13812345678",
        "小区夜间施工噪音",
    ));
    close(&db, 1);

    let o = run(&db, &["visits", "list"]);
    ok(&o);
    assert!(o.stdout.contains("待回访，共 1 件"), "{}", o.stdout);
    assert!(o.stdout.contains("138****5678"), "{}", o.stdout);
    assert!(!o.stdout.contains("13812345678"));
    let logged = count(
        &db,
        "SELECT count(*) FROM access_log WHERE what = 'return_visit_list'",
    );
    assert_eq!(logged, 0);
    let o = run(&db, &["visits", "list", "--personal-data"]);
    ok(&o);
    assert!(o.stdout.contains("13812345678"), "{}", o.stdout);
    let logged = count(
        &db,
        "SELECT count(*) FROM access_log WHERE what = 'return_visit_list'",
    );
    assert_eq!(logged, 1);

    let o = run(
        &db,
        &[
            "visits",
            "record",
            "1",
            "--unreached",
            "--remark",
            "无人接听",
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("第 1 次未联系上"), "{}", o.stdout);
    // Satisfaction without reaching anyone is refused by the rule, in Chinese, nothing written.
    let o = run(
        &db,
        &[
            "visits",
            "record",
            "1",
            "--unreached",
            "--satisfaction",
            "满意",
        ],
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("没有联系上诉求人时不能填写满意度"),
        "{}",
        o.stderr
    );
    let o = run(
        &db,
        &[
            "visits",
            "record",
            "1",
            "--reached",
            "--satisfaction",
            "满意",
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("回访已完成：满意"), "{}", o.stdout);
    let o = run(&db, &["visits", "list", "--status", "completed", "--json"]);
    ok(&o);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["rows"][0]["attempts"], 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM events WHERE action = 'return_visit'"
        ),
        2
    );
    // A finished visit takes no more calls: a plain-Chinese error, exit 1.
    let o = run(&db, &["visits", "record", "1", "--unreached"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("该回访已结束"), "{}", o.stderr);
}
