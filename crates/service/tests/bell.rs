//! The bell's and the stock texts' commands as a transport runs them: a new office (set up as a
//! real office is, not the demo) has no stock text; its administrator writes one, which is
//! announced to the open windows; a handler reads it but may not write; reminders and marking
//! them read need a session, and marking is announced (other windows of the person refresh).

mod common;

use common::{Desk, PASSWORD};
use minyi_core::ErrorCode;
use minyi_core::model::{Category, Role, StockTextKind};
use minyi_core::usecases::stock_texts::StockTextInput;
use minyi_service::commands::bell::{
    DeleteStockText, GetReminders, ListStockTexts, MarkRemindersRead, SaveStockText,
};

#[test]
fn a_new_office_has_no_stock_texts_and_its_administrator_writes_them() {
    let mut desk = Desk::new(true);
    let all = ListStockTexts {
        kind: None,
        category: None,
    };
    assert!(desk.run(all.clone()).unwrap().is_empty());

    let reply = desk.reply(SaveStockText {
        text: StockTextInput {
            id: None,
            kind: StockTextKind::Reply,
            category: Some(Category::Complaint),
            title: "投诉已核实整改".into(),
            body: "经核实，您反映的问题属实，已责成整改。".into(),
        },
    });
    assert!(reply.changed);
    let id = reply.result.unwrap()["id"].as_i64().unwrap();

    desk.add_user("chengban", "承办人甲", &[Role::Handler], true);
    desk.sign_in("chengban", PASSWORD).unwrap();
    let picked = desk
        .run(ListStockTexts {
            kind: Some(StockTextKind::Reply),
            category: Some(Category::Complaint),
        })
        .unwrap();
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].title, "投诉已核实整改");
    let refused = desk.reply(DeleteStockText { id });
    assert_eq!(refused.result.unwrap_err().code, ErrorCode::Forbidden);
    assert!(!refused.changed);
}

#[test]
fn reminders_need_a_session_and_marking_them_read_is_announced() {
    let desk = Desk::new(true);
    let nobody = desk.as_nobody(GetReminders { limit: 10 });
    assert!(nobody.result.is_err());
    let bell = desk.run(GetReminders { limit: 10 }).unwrap();
    assert_eq!(bell.unread, 0);
    let marked = desk.reply(MarkRemindersRead {
        up_to: bell.up_to_event,
    });
    assert!(marked.result.is_ok());
    // Only this person's bell changed: other desks are not told to reload.
    assert!(!marked.changed);
}
