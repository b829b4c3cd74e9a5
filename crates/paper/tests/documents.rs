//! Every document, read back: pdftotext gives the Chinese text that went in, pdffonts shows only
//! embedded subset fonts, the QR code on the page decodes to the appeal number.

mod common;

use common::*;
use minyi_core::store::print_settings::{ReceiptContact, default_agreement_clauses};
use minyi_core::store::settings::SettingKey;
use minyi_paper::*;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn archive_sheet_of_a_closed_appeal_has_everything() {
    let env = env();
    let number = env.number_where("a.status = 'closed' AND a.archive_number IS NOT NULL");
    let d = env.detail(&number, true);
    assert!(!d.personal_data_masked);
    let pdf = archive_sheet(ORG, &d).unwrap();
    let path = save(env.dir.path(), "sheet.pdf", &pdf);
    let t = text(&path);
    for want in [
        ORG,
        "民意诉求登记表",
        &number,
        d.appeal.archive_number.as_deref().unwrap(),
        &d.appellant.name,
        d.appellant.phone.as_deref().unwrap_or(""),
        &squash(&d.appeal.subject),
        &squash(&d.appeal.content),
        &cn_date(d.appeal.expected_feedback_date),
        "办理记录",
        "分流交办",
        "满意度",
        "办结",
        "第1页共",
    ] {
        assert!(t.contains(want), "missing {want:?} in the sheet");
    }
    assert_fonts_embedded_subset(&path);
    assert_eq!(qr_codes(&path, 1), [number]);
    // Printing with personal data wrote an access-log line.
    let logged: i64 = env
        .store
        .sql_for_tests()
        .query_row(
            "SELECT count(*) FROM access_log WHERE appeal_id = ?1 AND purpose = '打印测试'",
            [d.appeal.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
}

#[test]
fn archive_sheet_of_a_filed_appeal_names_volume_box_retention_and_date() {
    use minyi_core::model::{Ctx, Retention};
    use minyi_core::usecases::record_archive::{ArchiveInput, record_archive};
    let mut env = env();
    let number = env.number_where(
        "a.status = 'closed' AND a.archive_number IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM paper_archive p WHERE p.appeal_id = a.id)",
    );
    // Not filed yet: no archive rows on the sheet.
    let d = env.detail(&number, false);
    assert!(d.paper_archive.is_none());
    let path = save(
        env.dir.path(),
        "unfiled.pdf",
        &archive_sheet(ORG, &d).unwrap(),
    );
    assert!(!text(&path).contains("卷号"));

    let office = env.office.office.clone();
    let ctx = Ctx::new(&office, at("2026-11-28T10:00:00+08:00"));
    let input = ArchiveInput {
        volume: "2026-TS-007".into(),
        r#box: Some("第12盒".into()),
        retention: Retention::Years30,
        archived_on: Some("2026-11-28".parse().unwrap()),
    };
    record_archive(&mut env.store, &ctx, d.appeal.id, &input).unwrap();
    let d = env.detail(&number, false);
    let path = save(
        env.dir.path(),
        "filed.pdf",
        &archive_sheet(ORG, &d).unwrap(),
    );
    let t = text(&path);
    for want in [
        "卷号",
        "2026-TS-007",
        "盒号",
        "第12盒",
        "保管期限",
        "定期30年",
        "归档日期",
        "2026年11月28日",
    ] {
        assert!(t.contains(want), "missing {want:?} in the sheet");
    }
}

#[test]
fn names_outside_gb2312_print() {
    let mut env = env();
    let number = env.register_rare("小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。");
    let d = env.detail(&number, true);
    for (name, pdf) in [
        ("sheet.pdf", archive_sheet(ORG, &d).unwrap()),
        (
            "receipt.pdf",
            receipt(ORG, &d, &ReceiptContact::default()).unwrap(),
        ),
    ] {
        let path = save(env.dir.path(), name, &pdf);
        let t = text(&path);
        assert!(t.contains(RARE_NAME), "{name}: {t}");
        assert!(t.contains(&number));
        assert_fonts_embedded_subset(&path);
    }
}

#[test]
fn receipt_tells_number_dates_and_how_to_ask() {
    let mut env = env();
    let number = env.register_rare("路灯坏了三个月没人修。");
    let d = env.detail(&number, true);
    let none = ReceiptContact::default();
    let path = save(
        env.dir.path(),
        "receipt.pdf",
        &receipt(ORG, &d, &none).unwrap(),
    );
    let t = text(&path);
    for want in [
        "受理回执",
        &number,
        "2026年11月27日",
        &cn_date(d.appeal.expected_feedback_date),
        "查询办理进度",
        "办理流程",
        "到我单位接待窗口查询",
    ] {
        assert!(t.contains(want), "missing {want:?}: {t}");
    }
    assert!(!t.contains("咨询电话"), "no phone is set, none may print");
    assert_eq!(qr_codes(&path, 1), [number]);
}

#[test]
fn receipt_prints_the_contact_from_settings_and_leaves_out_what_is_not_set() {
    let mut env = env();
    let number = env.register_rare("路灯坏了三个月没人修。");
    let d = env.detail(&number, true);
    let contact = ReceiptContact {
        phone: "0579-88123456转8001".into(),
        address: "云江市人民路1号市民服务中心二楼".into(),
        hours: "工作日 8:30—12:00，14:00—17:30".into(),
    };
    let path = save(
        env.dir.path(),
        "receipt.pdf",
        &receipt(ORG, &d, &contact).unwrap(),
    );
    // Handed over as one sheet, the signature and date with the rest.
    assert_eq!(pages(&path), 1);
    let t = body_text(&path);
    for want in [
        "咨询电话：0579-88123456转8001",
        "接待地址：云江市人民路1号市民服务中心二楼",
        "接待时间：工作日8:30—12:00，14:00—17:30",
        &format!("请凭登记号{number}，通过下列方式或您提出诉求的渠道查询"),
    ] {
        assert!(t.contains(want), "missing {want:?}: {t}");
    }
    let phone_only = ReceiptContact {
        phone: "12345".into(),
        ..Default::default()
    };
    let path = save(
        env.dir.path(),
        "phone.pdf",
        &receipt(ORG, &d, &phone_only).unwrap(),
    );
    let t = body_text(&path);
    assert!(t.contains("咨询电话：12345"));
    assert!(!t.contains("接待地址") && !t.contains("接待时间"), "{t}");
}

#[test]
fn transfer_slip_reply_and_notice() {
    let env = env();
    let routed = env.number_where(
        "a.department_id IS NOT NULL AND a.due_date IS NOT NULL AND a.status = 'routed'",
    );
    let d = env.detail(&routed, false);
    let path = save(env.dir.path(), "slip.pdf", &transfer_slip(ORG, &d).unwrap());
    let t = text(&path);
    for want in [
        "民意诉求交办单",
        &routed,
        d.department_name.as_deref().unwrap(),
        &cn_date(d.appeal.due_date.unwrap()),
        "签收人",
    ] {
        assert!(t.contains(want), "slip missing {want:?}");
    }
    // The slip goes to a department: the appellant's name is masked.
    assert!(d.personal_data_masked);
    assert_eq!(qr_codes(&path, 1), [routed]);

    let closed = env.number_where(
        "a.status = 'closed' AND EXISTS (SELECT 1 FROM feedbacks f WHERE f.appeal_id = a.id)",
    );
    let d = env.detail(&closed, true);
    let path = save(env.dir.path(), "reply.pdf", &reply(ORG, &d).unwrap());
    let t = text(&path);
    let result = squash(&d.feedbacks.last().unwrap().content);
    for want in ["答复意见书", &closed, &d.appellant.name, &result] {
        assert!(t.contains(want), "reply missing {want:?}");
    }
    assert_fonts_embedded_subset(&path);

    let supervised =
        env.number_where("EXISTS (SELECT 1 FROM supervisions s WHERE s.appeal_id = a.id)");
    let d = env.detail(&supervised, false);
    let s = d.supervisions.last().unwrap();
    let path = save(
        env.dir.path(),
        "notice.pdf",
        &supervision_notice(ORG, &d, None).unwrap(),
    );
    let t = text(&path);
    for want in [
        "督办通知单",
        &supervised,
        &s.number,
        &cn_date(s.new_due_date),
        &squash(&s.reason),
    ] {
        assert!(t.contains(want), "notice missing {want:?}");
    }
    assert_eq!(qr_codes(&path, 1), [supervised]);
    let fresh =
        env.number_where("NOT EXISTS (SELECT 1 FROM supervisions s WHERE s.appeal_id = a.id)");
    assert_eq!(
        supervision_notice(ORG, &env.detail(&fresh, false), None),
        Err(PaperError::NoSupervision)
    );
}

#[test]
fn confidentiality_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let a = Agreement {
        name: "李喆".into(),
        department: "城市管理局".into(),
        role: "承办人".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        clauses: Vec::new(),
    };
    let path = save(dir.path(), "agreement.pdf", &agreement(ORG, &a).unwrap());
    let t = body_text(&path);
    for want in [
        "保密协议",
        "李喆",
        "城市管理局",
        "承办人",
        "2026年11月27日",
        "未经诉求人同意",
    ] {
        assert!(t.contains(want), "missing {want:?}");
    }
    for clause in default_agreement_clauses() {
        assert!(t.contains(&squash(&clause)), "missing clause {clause}");
    }
    assert!(t.contains("六、违反本协议的"));
    assert_fonts_embedded_subset(&path);
    let custom = Agreement {
        clauses: vec!["不得泄露诉求人信息。".into()],
        ..a.clone()
    };
    let path = save(dir.path(), "custom.pdf", &agreement(ORG, &custom).unwrap());
    let t = text(&path);
    assert!(t.contains("一、不得泄露诉求人信息。"));
    assert!(!t.contains(&squash(&default_agreement_clauses()[2])));
}

#[test]
fn agreement_prints_the_clauses_stored_in_settings_numbered_up_to_twenty() {
    let env = env();
    let conn = &env.store;
    let typed: Vec<String> = (1..=20)
        .map(|i| format!("（{i}）第{i}项保密要求：不得向无关人员透露诉求材料。"))
        .collect();
    minyi_core::testing::set_setting(conn, SettingKey::AgreementClauses, &typed.join("\n"))
        .unwrap();
    let clauses = conn.agreement_clauses().unwrap();
    assert_eq!(clauses.len(), 20);
    let a = Agreement {
        name: "赵赟".into(),
        department: "办公室".into(),
        role: "诉求管理员".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        clauses,
    };
    let path = save(
        env.dir.path(),
        "agreement.pdf",
        &agreement(ORG, &a).unwrap(),
    );
    let t = body_text(&path);
    // The numbering the user typed is gone; the agreement numbers its clauses itself.
    assert!(t.contains("一、第1项保密要求"), "{t}");
    assert!(t.contains("十九、第19项保密要求"));
    assert!(t.contains("二十、第20项保密要求"));
    assert!(!t.contains("（1）"));
    assert!(!t.contains(&squash(&default_agreement_clauses()[0])));
    assert!(t.contains("赵赟"));
}

#[test]
fn a_character_no_font_has_is_an_error_not_a_gap() {
    let mut env = env();
    let number = env.register_rare("这里有一个私用区字符\u{E000}。");
    let d = env.detail(&number, true);
    let err = archive_sheet(ORG, &d).unwrap_err();
    assert_eq!(err, PaperError::MissingGlyph(0xE000));
    assert!(err.to_string().contains("U+E000"));
    assert!(!err.to_string().contains(RARE_NAME));
}

#[test]
fn letters_are_in_fang_with_serif_titles_and_rare_names_fall_back_to_the_sans() {
    let dir = tempfile::tempdir().unwrap();
    // 㛃 (Ext-A) and 䶮 (Ext-A) are in no GB2312 font: FandolFang lacks them.
    let a = Agreement {
        name: "李㛃䶮".into(),
        department: "城市管理局".into(),
        role: "承办人".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        clauses: Vec::new(),
    };
    let path = save(dir.path(), "agreement.pdf", &agreement(ORG, &a).unwrap());
    let t = text(&path);
    assert!(t.contains("乙方：李㛃䶮（城市管理局，承办人）"), "{t}");
    assert!(t.contains("民意诉求工作保密协议"));
    assert_fonts_embedded_subset(&path);
    let fonts = font_names(&path);
    assert_eq!(fonts.len(), 3, "{fonts:?}");
    assert!(
        fonts.iter().any(|f| f.starts_with("FandolFang")),
        "{fonts:?}"
    );
    assert!(
        fonts.iter().any(|f| f.starts_with("NotoSerifCJK")),
        "{fonts:?}"
    );
    assert!(
        fonts.iter().any(|f| f.starts_with("NotoSansCJK")),
        "{fonts:?}"
    );

    // The letters about an appeal likewise; the form and its tables stay in the sans face alone.
    let mut env = env();
    let number = env.register_rare("路灯坏了三个月没人修。");
    let d = env.detail(&number, true);
    let receipt = save(
        env.dir.path(),
        "receipt.pdf",
        &receipt(ORG, &d, &ReceiptContact::default()).unwrap(),
    );
    assert!(text(&receipt).contains(RARE_NAME));
    assert_eq!(font_names(&receipt).len(), 3);
    // Three subsets, each with only the glyphs used: a one-page letter stays small.
    let bytes = std::fs::metadata(&receipt).unwrap().len();
    assert!(bytes < 120_000, "receipt is {bytes} bytes");
    let sheet = save(
        env.dir.path(),
        "sheet.pdf",
        &archive_sheet(ORG, &d).unwrap(),
    );
    let fonts = font_names(&sheet);
    assert_eq!(fonts.len(), 1, "{fonts:?}");
    assert!(fonts[0].starts_with("NotoSansCJK"), "{fonts:?}");
}

#[test]
fn the_transfer_slip_lists_the_assisting_departments() {
    use minyi_core::usecases::add_assist::{AssistInput, add_assist};
    let mut env = env();
    // Not one the demo office co-handles already.
    let routed = env.number_where(
        "a.department_id IS NOT NULL AND a.due_date IS NOT NULL AND a.status = 'routed'
         AND NOT EXISTS (SELECT 1 FROM appeal_assists s WHERE s.appeal_id = a.id)",
    );
    let id = minyi_core::testing::appeal_id(&env.store, &routed)
        .unwrap()
        .unwrap();
    let lead = minyi_core::testing::appeal(&env.store, id)
        .unwrap()
        .department_id;
    let (dept, name) = env
        .office
        .departments
        .iter()
        .find(|(d, _)| Some(*d) != lead)
        .cloned()
        .unwrap();
    let office = env.office.office.clone();
    let ctx = minyi_core::model::Ctx::new(&office, at("2026-11-28T09:00:00+08:00"));
    add_assist(
        &mut env.store,
        &ctx,
        id,
        &AssistInput {
            department_id: dept,
            part: "提出协办意见".into(),
            due_date: "2026-12-02".parse().unwrap(),
        },
    )
    .unwrap();
    let d = env.detail(&routed, false);
    let t = text(&save(
        env.dir.path(),
        "slip2.pdf",
        &transfer_slip(ORG, &d).unwrap(),
    ));
    for want in ["协办部门", name.as_str(), "提出协办意见", "2026年12月2日前"] {
        assert!(t.contains(want), "slip missing {want:?}");
    }
}
