//! The assessment's own records: recommendations (决策参考) move proposed → adopted → done and no
//! other way, rewards and penalties name exactly one department or person, only the appeals office
//! and management may record either, and the weights of 设置 stay usable.

mod common;

use chrono::NaiveDate;
use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::{Ctx, RecommendationStatus, RewardKind};
use minyi_core::queries::assessment_records::{
    assessment_targets, recommendations, rewards_penalties,
};
use minyi_core::store::settings::{self, SettingKey};
use minyi_core::testing::set_setting;
use minyi_core::usecases::advance_recommendation::advance_recommendation;
use minyi_core::usecases::record_recommendation::{NewRecommendation, record_recommendation};
use minyi_core::usecases::record_reward_penalty::{NewRewardPenalty, record_reward_penalty};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn proposal(office: &minyi_demo::Office) -> NewRecommendation {
    NewRecommendation {
        title: "夜间施工投诉集中，建议建立联合巡查机制".into(),
        content: "城管与住建每周联合夜查两次，结果在月度例会通报。".into(),
        basis: "11月热点问题中“夜间施工”较上月增长 60%。".into(),
        owner_department_id: Some(office.departments[0].0),
        owner_user_id: None,
    }
}

#[test]
fn a_recommendation_moves_forward_only_and_says_why_not_in_chinese() {
    let mut env = env();
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-23T09:00:00+08:00"));
    let r = record_recommendation(&mut env.store, &ctx, &proposal(&env.office)).unwrap();
    assert_eq!(r.status, RecommendationStatus::Proposed);
    assert_eq!(r.proposed_on, d("2026-11-23"));
    assert_eq!(
        r.owner_department.as_deref(),
        Some(env.office.departments[0].1.as_str())
    );
    assert_eq!(r.recorded_by, office.display_name);

    // Skipping adoption is refused.
    let e =
        advance_recommendation(&mut env.store, &ctx, r.id, RecommendationStatus::Done).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("请先登记采纳"), "{}", e.message);

    let later = Ctx::new(&office, at("2026-11-25T10:00:00+08:00"));
    let a = advance_recommendation(&mut env.store, &later, r.id, RecommendationStatus::Adopted)
        .unwrap();
    assert_eq!(a.status, RecommendationStatus::Adopted);
    assert_eq!(a.adopted_on, Some(d("2026-11-25")));
    assert_eq!(a.adopted_by.as_deref(), Some(office.display_name.as_str()));
    let e = advance_recommendation(&mut env.store, &later, r.id, RecommendationStatus::Adopted)
        .unwrap_err();
    assert!(e.message.contains("无需重复登记"), "{}", e.message);
    let e = advance_recommendation(&mut env.store, &later, r.id, RecommendationStatus::Proposed)
        .unwrap_err();
    assert!(e.message.contains("不能退回"), "{}", e.message);

    let done =
        advance_recommendation(&mut env.store, &later, r.id, RecommendationStatus::Done).unwrap();
    assert_eq!(done.done_on, Some(d("2026-11-25")));
    for to in RecommendationStatus::ALL {
        let e = advance_recommendation(&mut env.store, &later, r.id, *to).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidState);
        assert!(
            e.message.starts_with("已落实的建议不能再变更状态"),
            "{}",
            e.message
        );
    }
    // The refused moves changed nothing.
    let listed = recommendations(&env.store, &office, None).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0], done);
}

#[test]
fn a_recommendation_needs_its_fields_and_a_fitting_owner() {
    let mut env = env();
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-23T09:00:00+08:00"));
    let mut p = proposal(&env.office);
    p.title = "  ".into();
    let e = record_recommendation(&mut env.store, &ctx, &p).unwrap_err();
    assert_eq!(
        (e.field.as_deref(), e.message.as_str()),
        (Some("title"), "请填写建议标题。")
    );

    let mut p = proposal(&env.office);
    p.owner_department_id = None;
    let e = record_recommendation(&mut env.store, &ctx, &p).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("ownerDepartmentId"));
    assert!(is_chinese(&e.message));

    // A person of another department does not fit the chosen department.
    let mut p = proposal(&env.office);
    p.owner_user_id = Some(env.office.handlers[1].user_id);
    let e = record_recommendation(&mut env.store, &ctx, &p).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("ownerUserId"));
    p.owner_user_id = Some(env.office.handlers[0].user_id);
    let r = record_recommendation(&mut env.store, &ctx, &p).unwrap();
    assert_eq!(
        r.owner_user.as_deref(),
        Some(env.office.handlers[0].display_name.as_str())
    );
    assert_eq!(
        count(&env.store, "recommendations"),
        1,
        "refusals wrote nothing"
    );

    // Handlers and clerks may not record one; management may.
    for who in [env.office.handlers[0].clone(), env.office.clerk.clone()] {
        let e = record_recommendation(
            &mut env.store,
            &Ctx::new(&who, ctx.now),
            &proposal(&env.office),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Forbidden);
        assert!(e.message.contains("记录决策参考建议"), "{}", e.message);
    }
    let boss = env.office.management.clone();
    record_recommendation(
        &mut env.store,
        &Ctx::new(&boss, ctx.now),
        &proposal(&env.office),
    )
    .unwrap();
}

#[test]
fn a_reward_or_penalty_names_one_department_or_one_person() {
    let mut env = env();
    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-12-02T09:00:00+08:00"));
    let dept = env.office.departments[2].0;
    let person = env.office.handlers[3].user_id;
    let base = NewRewardPenalty {
        period_from: d("2026-11-01"),
        period_to: d("2026-11-30"),
        department_id: Some(dept),
        user_id: None,
        kind: RewardKind::Reward,
        reason: "11月按期办结率 100%，群众满意度全系统第一。".into(),
    };
    let r = record_reward_penalty(&mut env.store, &ctx, &base).unwrap();
    assert_eq!(
        r.department.as_deref(),
        Some(env.office.departments[2].1.as_str())
    );
    assert_eq!(r.kind, RewardKind::Reward);

    let both = NewRewardPenalty {
        user_id: Some(person),
        ..base.clone()
    };
    let e = record_reward_penalty(&mut env.store, &ctx, &both).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("target"));
    assert!(e.message.contains("只选其一"), "{}", e.message);
    let neither = NewRewardPenalty {
        department_id: None,
        ..base.clone()
    };
    let e = record_reward_penalty(&mut env.store, &ctx, &neither).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("target"));
    let backwards = NewRewardPenalty {
        period_to: d("2026-10-01"),
        ..base.clone()
    };
    let e = record_reward_penalty(&mut env.store, &ctx, &backwards).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("periodTo"));
    let no_reason = NewRewardPenalty {
        reason: " ".into(),
        ..base.clone()
    };
    let e = record_reward_penalty(&mut env.store, &ctx, &no_reason).unwrap_err();
    assert_eq!(e.message, "请填写奖惩事由。");

    let penalty = NewRewardPenalty {
        department_id: None,
        user_id: Some(person),
        kind: RewardKind::Penalty,
        reason: "两件督办件逾期未落实，通报批评。".into(),
        ..base.clone()
    };
    let p = record_reward_penalty(&mut env.store, &ctx, &penalty).unwrap();
    assert_eq!(
        p.user.as_deref(),
        Some(env.office.handlers[3].display_name.as_str())
    );
    assert_eq!(
        p.user_department.as_deref(),
        Some(env.office.departments[3].1.as_str())
    );

    // Listed by overlapping period; other periods do not see them.
    let nov = rewards_penalties(&env.store, &office, d("2026-11-15"), d("2026-12-31")).unwrap();
    assert_eq!(nov.iter().map(|x| x.id).collect::<Vec<_>>(), [p.id, r.id]);
    assert!(
        rewards_penalties(&env.store, &office, d("2026-12-01"), d("2026-12-31"))
            .unwrap()
            .is_empty()
    );

    // Only those who carry out assessment may record or read them.
    let h = env.office.handlers[0].clone();
    let e = record_reward_penalty(&mut env.store, &Ctx::new(&h, ctx.now), &base).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(rewards_penalties(&env.store, &h, d("2026-11-01"), d("2026-11-30")).is_err());
    assert_eq!(count(&env.store, "rewards_penalties"), 2);

    // The pickers list active departments and staff, never the built-in system account.
    let t = assessment_targets(&env.store, &office).unwrap();
    assert!(t.departments.iter().any(|x| x.id == dept));
    assert!(t.staff.iter().any(|s| s.user_id == person));
    assert!(t.staff.iter().all(|s| s.name != "系统（命令行）"));
}

#[test]
fn assessment_weights_add_up_to_100_and_may_not_all_be_zero() {
    let env = env();
    assert_eq!(
        env.store.assessment_weights().unwrap().iter().sum::<i64>(),
        100
    );
    let e = set_setting(&env.store, SettingKey::WeightQuality, "101").unwrap_err();
    assert_eq!(e.message, "考核权重：办理质量应为0到100之间的整数。");
    for key in &settings::ASSESSMENT_WEIGHTS[..5] {
        set_setting(&env.store, *key, "0").unwrap();
    }
    let e = set_setting(&env.store, SettingKey::WeightRecommendations, "0").unwrap_err();
    assert!(e.message.contains("不能全部为0"), "{}", e.message);
    assert_eq!(env.store.assessment_weights().unwrap(), [0, 0, 0, 0, 0, 10]);
}
