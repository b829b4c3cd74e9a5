//! Two people acting on the same appeal: the second, acting on the appeal as their page showed it
//! before the first acted, is refused with a sentence naming who did what when, and nothing of
//! theirs is written. Acting on the appeal as it is now, or without a version (the command line),
//! works as always.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::{Category, Ctx, Status};
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::usecases::answer_directly::answer_directly;
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};

#[test]
fn the_second_of_two_acting_on_what_they_saw_is_told_who_changed_it() {
    let mut env = env();
    let id = registered(&mut env, "consultation", false);
    let clerk = env.office.clerk.clone();
    let office = env.office.office.clone();
    let t0 = at("2026-11-20T10:30:00+08:00");
    // Both open the appeal's page.
    let seen = detail(&env.store, &Ctx::new(&clerk, t0), id, PersonalData::Masked)
        .unwrap()
        .version;
    assert!(seen > 0);

    // The clerk accepts it …
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:31:00+08:00")).seeing(id, Some(seen));
    let accept = InitialReviewInput::Accept {
        category: Category::Consultation,
        major: None,
        urgency: None,
        note: None,
    };
    initial_review(&mut env.store, &ctx, id, &accept).unwrap();
    let events = count(&env.store, "events");

    // … and the office, still looking at the page as it was, answers it directly.
    let ctx = Ctx::new(&office, at("2026-11-20T10:32:00+08:00")).seeing(id, Some(seen));
    let e = answer_directly(&mut env.store, &ctx, id, "请到社区服务中心办理。").unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message.starts_with(&format!(
            "此诉求已由{}于11月20日 10:31初审受理",
            clerk.display_name
        )),
        "{}",
        e.message
    );
    assert!(e.message.ends_with("请刷新后再操作。"), "{}", e.message);
    assert_eq!(count(&env.store, "events"), events, "nothing written");

    // Reloaded, the page shows the new version, and the answer goes through.
    let now = detail(&env.store, &Ctx::new(&office, t0), id, PersonalData::Masked).unwrap();
    assert_eq!(now.appeal.status, Status::Accepted);
    assert!(now.version > seen);
    let ctx = Ctx::new(&office, at("2026-11-20T10:33:00+08:00")).seeing(id, Some(now.version));
    answer_directly(&mut env.store, &ctx, id, "请到社区服务中心办理。").unwrap();
}

#[test]
fn without_a_version_or_on_another_appeal_nothing_is_compared() {
    let mut env = env();
    let id = registered(&mut env, "consultation", false);
    let other = registered(&mut env, "consultation", false);
    let clerk = env.office.clerk.clone();
    let accept = InitialReviewInput::Accept {
        category: Category::Consultation,
        major: None,
        urgency: None,
        note: None,
    };
    // A stale version of *another* appeal does not concern this one.
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:31:00+08:00")).seeing(other, Some(1));
    initial_review(&mut env.store, &ctx, id, &accept).unwrap();
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:32:00+08:00"));
    initial_review(&mut env.store, &ctx, other, &accept).unwrap();
}
