//! Printing from the window without a window: the PDF a detail-page button produces, where it is
//! written, the refusal of personal-data documents to a user without the right to see them, the
//! supervision notice the user picked, and the settings the receipt and the agreement print.

use minyi_app::api;
use minyi_app::printing::{PrintDocument, render, render_agreement, write_for_viewer, write_to};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::{Category, Role};
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::usecases::accounts::{self, NewUser};
use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::issue_supervision::issue_supervision;
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_core::usecases::route::route;
use minyi_core::usecases::settings_admin::set_setting;
use serde_json::json;

fn signed_in_office(dir: &std::path::Path, agreement: bool) -> (AppState, i64) {
    let state = AppState::open(&dir.join("data")).unwrap();
    let input = SetupInput {
        org_name: "某市民意诉求管理办公室".into(),
        admin: NewUser {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
            password: "Secret-2026".into(),
            agreement_signed_on: agreement
                .then(|| chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
        },
        load_demo: false,
    };
    api::setup(&state, &input).unwrap();
    let appeal: RegisterInput = serde_json::from_value(json!({
        "appellant": {"name": "王堃", "phone": "13812345678"},
        "channel": "walk_in", "category": "complaint",
        "subject": "小区夜间施工噪音", "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    }))
    .unwrap();
    let reg = state.write(|s, c| register(s, c, &appeal)).unwrap();
    let id = state
        .read(|s, c| api::find_appeal(s, c, &reg.reg_number))
        .unwrap();
    (state, id)
}

#[test]
fn the_archive_sheet_prints_into_the_data_dir_and_saves_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = signed_in_office(dir.path(), true);
    let (name, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::ArchiveSheet, None))
        .unwrap();
    assert!(name.ends_with("-民意诉求登记表.pdf"), "{name}");
    assert!(pdf.starts_with(b"%PDF"));
    let path = write_for_viewer(state.data_dir(), &name, &pdf).unwrap();
    assert!(path.starts_with(dir.path().join("data").join("prints")));
    assert_eq!(std::fs::read(&path).unwrap(), pdf);

    let chosen = dir.path().join("另存.pdf");
    write_to(&chosen, &pdf).unwrap();
    assert_eq!(std::fs::read(&chosen).unwrap(), pdf);
    let bad = write_to(&dir.path().join("no/such/dir/x.pdf"), &pdf).unwrap_err();
    assert_eq!(bad.code, ErrorCode::Storage);
}

#[test]
fn without_a_signed_agreement_only_masked_documents_print() {
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = signed_in_office(dir.path(), false);
    let refused = state
        .read(|s, c| render(s, c, id, PrintDocument::ArchiveSheet, None))
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(!refused.message.contains("王堃"));
    let (name, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::TransferSlip, None))
        .unwrap();
    assert!(name.ends_with("-交办单.pdf"));
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn an_administrator_prints_a_staff_members_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = signed_in_office(dir.path(), true);
    let me = state.read(|_, c| Ok(c.actor.user_id)).unwrap();
    let (name, pdf) = state.read(|s, c| render_agreement(s, c, me)).unwrap();
    assert_eq!(name, "保密协议-zhangsan.pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let missing = state.read(|s, c| render_agreement(s, c, 9999)).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

/// The text of a PDF with whitespace removed (pdftotext), so wrapped lines join up.
fn pdf_text(dir: &std::path::Path, pdf: &[u8]) -> String {
    let path = dir.join("read-back.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn the_chosen_supervision_notice_prints_not_only_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = signed_in_office(dir.path(), true);
    let dept = state
        .write(|s, c| accounts::add_department(s, c, "城市管理局"))
        .unwrap();
    state
        .write(|s, c| {
            let accept = InitialReviewInput::Accept {
                category: Category::Complaint,
                major: None,
                urgency: None,
                note: None,
            };
            initial_review(s, c, id, &accept)?;
            route(s, c, id, dept, None)
        })
        .unwrap();
    let numbers: Vec<String> = ["第一次督办：方案逾期。", "第二次督办：仍未报送方案。"]
        .iter()
        .enumerate()
        .map(|(i, reason)| {
            state
                .write(|s, c| {
                    let due = s.calendar().add_working_days(c.today(), 3 + i as i64).value;
                    issue_supervision(s, c, id, reason, due)
                })
                .unwrap();
            let d = state
                .read(|s, c| detail(s, c, id, PersonalData::Masked))
                .unwrap();
            d.supervisions.last().unwrap().number.clone()
        })
        .collect();
    let (first, latest) = (&numbers[0], &numbers[1]);

    let (name, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::SupervisionNotice, Some(first)))
        .unwrap();
    assert!(
        name.ends_with(&format!("-督办通知单-{first}.pdf")),
        "{name}"
    );
    let t = pdf_text(dir.path(), &pdf);
    assert!(t.contains(&format!("督办编号：{first}")), "{t}");
    assert!(t.contains("第一次督办：方案逾期。"));
    assert!(t.contains("本件为第1次督办"));
    assert!(!t.contains(latest.as_str()));

    // Without a number, the latest prints (the detail page's menu).
    let (_, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::SupervisionNotice, None))
        .unwrap();
    let t = pdf_text(dir.path(), &pdf);
    assert!(t.contains(&format!("督办编号：{latest}")), "{t}");
    assert!(t.contains("本件为第2次督办"));

    let wrong = state
        .read(|s, c| {
            render(
                s,
                c,
                id,
                PrintDocument::SupervisionNotice,
                Some("DB-1999-0001"),
            )
        })
        .unwrap_err();
    assert_eq!(wrong.code, ErrorCode::NotFound);
}

#[test]
fn the_receipt_and_the_agreement_print_what_settings_say() {
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = signed_in_office(dir.path(), true);
    state
        .write(|s, c| {
            set_setting(s, c, "paper.contact_phone", "0579-88123456")?;
            set_setting(s, c, "paper.contact_hours", "工作日 8:30—17:30")?;
            set_setting(
                s,
                c,
                "paper.agreement_clauses",
                "一、不得向无关人员透露诉求人信息。\n二、离职后仍须保密。",
            )
        })
        .unwrap();
    let (_, pdf) = state
        .read(|s, c| render(s, c, id, PrintDocument::Receipt, None))
        .unwrap();
    let t = pdf_text(dir.path(), &pdf);
    assert!(t.contains("咨询电话：0579-88123456"), "{t}");
    assert!(t.contains("接待时间：工作日8:30—17:30"), "{t}");
    assert!(!t.contains("接待地址"), "no address is set: {t}");

    let me = state.read(|_, c| Ok(c.actor.user_id)).unwrap();
    let (_, pdf) = state.read(|s, c| render_agreement(s, c, me)).unwrap();
    let t = pdf_text(dir.path(), &pdf);
    assert!(t.contains("一、不得向无关人员透露诉求人信息。"), "{t}");
    assert!(t.contains("二、离职后仍须保密。"));
    assert!(
        !t.contains("三、"),
        "only the two clauses from settings: {t}"
    );
}
