//! Personal-data grants on the command surface (issue 17 §2): the administrator who creates a
//! colleague with an agreement sees the grant wait and cannot confirm it; a second administrator
//! sees the count for the workbench notice and confirms it; the colleague then sees personal data.

mod common;

use common::{Desk, PASSWORD};
use minyi_core::ErrorCode;
use minyi_core::model::{GrantStatus, Role};
use minyi_service::commands::admin::{
    ConfirmGrant, GetPendingGrantCount, GetPendingGrants, RejectGrant,
};
use minyi_service::session;

#[test]
fn a_grant_waits_for_a_second_administrator_who_confirms_it_through_the_surface() {
    let mut desk = Desk::new(true);
    let clerk = desk.add_user_unconfirmed("lisi", "李四", &[Role::IntakeClerk], true);
    let signed = session::sign_in(&desk.office, "lisi", PASSWORD).unwrap();
    assert_eq!(signed.info.agreement_signed_on, None);

    let list = desk.run(GetPendingGrants {}).unwrap();
    assert_eq!(list.other_administrators, 0);
    assert_eq!(list.rows.len(), 1);
    assert_eq!(list.rows[0].user_id, clerk);
    assert!(!list.rows[0].may_decide);
    let id = list.rows[0].id;
    let e = desk.run(ConfirmGrant { id }).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let reply = desk.reply(RejectGrant { id });
    assert!(!reply.changed, "a refused decision changes nothing");
    assert_eq!(desk.run(GetPendingGrantCount {}).unwrap(), 1);

    // The administrator's role needs no confirmation: a second one is added at once.
    desk.add_user_unconfirmed("wangwu", "王五", &[Role::Administrator], false);
    assert_eq!(
        desk.run(GetPendingGrants {}).unwrap().other_administrators,
        1
    );
    desk.sign_in("wangwu", PASSWORD).unwrap();
    assert_eq!(desk.run(GetPendingGrantCount {}).unwrap(), 1);
    assert_eq!(
        desk.run(ConfirmGrant { id }).unwrap(),
        GrantStatus::Confirmed
    );
    assert_eq!(desk.run(GetPendingGrantCount {}).unwrap(), 0);
    let signed = session::sign_in(&desk.office, "lisi", PASSWORD).unwrap();
    assert!(signed.info.agreement_signed_on.is_some());
    // Nobody else sees the count.
    desk.sign_in("lisi", PASSWORD).unwrap();
    assert_eq!(desk.run(GetPendingGrantCount {}).unwrap(), 0);
}
