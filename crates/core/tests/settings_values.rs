//! Plain settings: a setting with a built-in value may not be emptied (the screen would lose
//! it), while one that is empty out of the box — the hot-spot dictionary — may be cleared again;
//! a key the settings screen sends is parsed, and one that names no setting is refused.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::Ctx;
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::settings_admin::set_setting;

#[test]
fn a_setting_empty_out_of_the_box_may_be_cleared_again_and_others_may_not() {
    let env = env();
    minyi_core::testing::set_setting(
        &env.store,
        SettingKey::HotspotUserDictionary,
        "柳浪新村、青石嘉园",
    )
    .unwrap();
    assert_eq!(
        env.store
            .setting(SettingKey::HotspotUserDictionary)
            .unwrap(),
        "柳浪新村、青石嘉园"
    );
    minyi_core::testing::set_setting(&env.store, SettingKey::HotspotUserDictionary, "  ").unwrap();
    assert_eq!(
        env.store
            .setting(SettingKey::HotspotUserDictionary)
            .unwrap(),
        ""
    );

    let e = minyi_core::testing::set_setting(&env.store, SettingKey::OrgName, " ").unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.message, "请填写单位名称。");
    assert_ne!(env.store.setting(SettingKey::OrgName).unwrap(), "");
}

#[test]
fn the_screen_sets_every_key_by_its_code_and_an_unknown_key_is_refused_in_chinese() {
    let mut env = env();
    let admin = Ctx::new(&env.office.admin, at("2026-11-28T09:00:00+08:00"));
    for &key in SettingKey::ALL {
        // Its own built-in value (or, for the settings empty out of the box, an empty value)
        // passes every check and is stored under the key's code.
        set_setting(&mut env.store, &admin, key.code(), key.default()).unwrap();
        assert_eq!(env.store.setting(key).unwrap(), key.default());
    }
    let stored = count(&env.store, "settings");
    for typo in ["org.nam", "ORG.NAME", " org.name", "assessment.weight.", ""] {
        let e = set_setting(&mut env.store, &admin, typo, "1").unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some("key"));
        assert_eq!(e.message, "没有这个设置项。");
    }
    assert_eq!(count(&env.store, "settings"), stored);
    // Someone who may not change settings learns nothing about which keys exist.
    let clerk = Ctx::new(&env.office.clerk, at("2026-11-28T09:00:00+08:00"));
    let e = set_setting(&mut env.store, &clerk, "org.nam", "1").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

#[test]
fn the_idle_lock_of_the_window_takes_1_to_240_minutes() {
    let env = env();
    assert_eq!(
        env.store.setting_i64(SettingKey::IdleLockMinutes).unwrap(),
        15
    );
    for bad in ["0", "241", "-5", "1.5", ""] {
        let e = minyi_core::testing::set_setting(&env.store, SettingKey::IdleLockMinutes, bad)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some("lockout.idle_lock_minutes"));
        assert_eq!(
            e.message,
            "无操作自动锁定窗口（分钟）应为1到240之间的整数。"
        );
    }
    for good in ["1", "240"] {
        minyi_core::testing::set_setting(&env.store, SettingKey::IdleLockMinutes, good).unwrap();
        assert_eq!(
            env.store.setting(SettingKey::IdleLockMinutes).unwrap(),
            good
        );
    }
    // The server's idle time is another setting, with the usual range.
    minyi_core::testing::set_setting(&env.store, SettingKey::SessionIdleMinutes, "300").unwrap();
}
