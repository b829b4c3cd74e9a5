//! Plain settings: a setting with a built-in value may not be emptied (the screen would lose
//! it), while one that is empty out of the box — the hot-spot dictionary — may be cleared again.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::store::settings;

#[test]
fn a_setting_empty_out_of_the_box_may_be_cleared_again_and_others_may_not() {
    let env = env();
    let conn = env.store.conn();
    settings::set(conn, "hotspot.user_dictionary", "柳浪新村、青石嘉园").unwrap();
    assert_eq!(
        settings::get(conn, "hotspot.user_dictionary").unwrap(),
        "柳浪新村、青石嘉园"
    );
    settings::set(conn, "hotspot.user_dictionary", "  ").unwrap();
    assert_eq!(settings::get(conn, "hotspot.user_dictionary").unwrap(), "");

    let e = settings::set(conn, "org.name", " ").unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.message, "请填写单位名称。");
    assert_ne!(settings::get(conn, "org.name").unwrap(), "");
}
