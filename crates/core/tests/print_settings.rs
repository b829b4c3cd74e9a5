//! The settings of printed documents (设置 → 打印文书): the agreement's clauses and the receipt's
//! contact are checked with Chinese messages under their field, stored normalised, read back as
//! the documents need them, and changed by administrators only.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::Ctx;
use minyi_core::store::print_settings::{self, ReceiptContact, default_agreement_clauses};
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::settings_admin::set_setting;

const NOW: &str = "2026-11-28T09:00:00+08:00";

#[test]
fn untouched_settings_give_the_built_in_clauses_and_no_contact() {
    let env = env();
    assert_eq!(
        env.store.agreement_clauses().unwrap(),
        default_agreement_clauses()
    );
    assert_eq!(
        env.store.receipt_contact().unwrap(),
        ReceiptContact::default()
    );
    // The settings screen shows the built-in text as the value to edit.
    assert_eq!(
        env.store.setting(SettingKey::AgreementClauses).unwrap(),
        print_settings::DEFAULT_AGREEMENT_CLAUSES
    );
}

#[test]
fn clauses_are_stored_one_a_line_without_the_numbers_typed() {
    let mut env = env();
    let ctx = Ctx::new(&env.office.admin, at(NOW));
    set_setting(
        &mut env.store,
        &ctx,
        SettingKey::AgreementClauses.code(),
        "  一、不得泄露诉求人信息。\n\n\n2. 不得私自复制材料。  \n",
    )
    .unwrap();
    assert_eq!(
        env.store.setting(SettingKey::AgreementClauses).unwrap(),
        "不得泄露诉求人信息。\n不得私自复制材料。"
    );
    assert_eq!(
        env.store.agreement_clauses().unwrap(),
        ["不得泄露诉求人信息。", "不得私自复制材料。"]
    );
}

#[test]
fn bad_clauses_are_refused_with_a_chinese_message_under_the_field() {
    let mut env = env();
    let ctx = Ctx::new(&env.office.admin, at(NOW));
    let long = "保".repeat(301);
    let many = (1..=21)
        .map(|i| format!("第{i}项要求。"))
        .collect::<Vec<_>>()
        .join("\n");
    for (value, says) in [
        (" \n \n".to_string(), "请至少填写一条保密协议条款"),
        (format!("不得泄露。\n{long}"), "第2条有301个字"),
        (many, "最多20条，现在有21条"),
    ] {
        let e = set_setting(
            &mut env.store,
            &ctx,
            SettingKey::AgreementClauses.code(),
            &value,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(
            e.field.as_deref(),
            Some(SettingKey::AgreementClauses.code())
        );
        assert!(e.message.contains(says), "{}", e.message);
    }
    // Exactly the limits pass.
    let twenty = (1..=20)
        .map(|_| "保".repeat(300))
        .collect::<Vec<_>>()
        .join("\n");
    set_setting(
        &mut env.store,
        &ctx,
        SettingKey::AgreementClauses.code(),
        &twenty,
    )
    .unwrap();
    assert_eq!(env.store.agreement_clauses().unwrap().len(), 20);
}

#[test]
fn the_contact_may_be_empty_but_not_too_long_or_on_two_lines() {
    let mut env = env();
    let ctx = Ctx::new(&env.office.admin, at(NOW));
    set_setting(
        &mut env.store,
        &ctx,
        SettingKey::ContactPhone.code(),
        " 0579-88123456转8001 ",
    )
    .unwrap();
    set_setting(
        &mut env.store,
        &ctx,
        SettingKey::ContactAddress.code(),
        "云江市人民路1号",
    )
    .unwrap();
    set_setting(
        &mut env.store,
        &ctx,
        SettingKey::ContactHours.code(),
        "工作日 8:30—17:30",
    )
    .unwrap();
    assert_eq!(
        env.store.receipt_contact().unwrap(),
        ReceiptContact {
            phone: "0579-88123456转8001".into(),
            address: "云江市人民路1号".into(),
            hours: "工作日 8:30—17:30".into(),
        }
    );
    // Clearing a field is allowed: the receipt then leaves the line out.
    set_setting(
        &mut env.store,
        &ctx,
        SettingKey::ContactAddress.code(),
        "  ",
    )
    .unwrap();
    assert_eq!(env.store.receipt_contact().unwrap().address, "");
    for (key, value, says) in [
        (
            SettingKey::ContactPhone,
            "1".repeat(41),
            "咨询电话不能超过40个字",
        ),
        (
            SettingKey::ContactAddress,
            "路".repeat(101),
            "接待地址不能超过100个字",
        ),
        (
            SettingKey::ContactHours,
            "时".repeat(61),
            "接待时间不能超过60个字",
        ),
        (
            SettingKey::ContactHours,
            "上午8:30\n下午14:00".into(),
            "请写在一行内",
        ),
    ] {
        let e = set_setting(&mut env.store, &ctx, key.code(), &value).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(key.code()));
        assert!(e.message.contains(says), "{}: {}", key.code(), e.message);
    }
    // A refused value leaves the stored one as it was.
    assert_eq!(
        env.store.receipt_contact().unwrap().hours,
        "工作日 8:30—17:30"
    );
}

#[test]
fn only_administrators_change_them() {
    let mut env = env();
    let clerk = Ctx::new(&env.office.clerk, at(NOW));
    let e = set_setting(
        &mut env.store,
        &clerk,
        SettingKey::ContactPhone.code(),
        "12345",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(env.store.receipt_contact().unwrap().phone, "");
}
