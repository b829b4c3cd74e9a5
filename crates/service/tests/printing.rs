//! Printing through the command surface: the PDF a detail-page button produces, written where the
//! host says (its prints folder, or the place the user chose), the refusal of personal-data
//! documents to a user without the right to see them, the supervision notice the user picked, and
//! the settings the receipt and the agreement print.

mod common;

use common::{Desk, files_in, pdf_text, refused};
use minyi_core::ErrorCode;
use minyi_core::model::Category;
use minyi_core::queries::detail::PersonalData;
use minyi_core::time::now_cst;
use minyi_core::usecases::initial_review::InitialReviewInput;
use minyi_service::commands::actions::{InitialReview, IssueSupervision, RouteAppeal};
use minyi_service::commands::admin::{AddDepartment, SetSetting};
use minyi_service::commands::appeals::GetAppealDetail;
use minyi_service::commands::paper::{PrintAgreement, PrintAppeal};
use minyi_service::printing::PrintDocument;
use minyi_service::{OutputKind, Reply};
use serde_json::json;

/// An office with one walk-in complaint by 王堃 (a name with a rare character); the
/// administrator has signed the confidentiality agreement, or not.
fn signed_in_office(agreement: bool) -> (Desk, i64) {
    let desk = Desk::new(agreement);
    let reg = desk.register(json!({
        "appellant": {"name": "王堃", "phone": "13812345678"},
        "channel": "walk_in", "category": "complaint",
        "subject": "小区夜间施工噪音", "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    }));
    (desk, reg.appeal_id)
}

fn print(id: i64, document: PrintDocument, supervision: Option<&str>) -> PrintAppeal {
    PrintAppeal {
        appeal_id: id,
        document,
        supervision: supervision.map(str::to_string),
    }
}

/// The PDF behind what a print command answered.
fn printed(desk: &Desk, shown: &str) -> Vec<u8> {
    std::fs::read(desk.host.file(shown)).unwrap()
}

#[test]
fn the_archive_sheet_prints_into_the_hosts_folder_and_saves_where_asked() {
    let (desk, id) = signed_in_office(true);
    let shown = desk
        .run(print(id, PrintDocument::ArchiveSheet, None))
        .unwrap();
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::Print);
    assert_eq!(made.target.shown, shown);
    assert!(made.name.ends_with("-民意诉求登记表.pdf"), "{}", made.name);
    let path = desk.host.file(&shown);
    assert!(path.starts_with(desk.host.folder(OutputKind::Print)));
    let pdf = printed(&desk, &shown);
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&path, false, true);
    assert!(text.contains("王堃"), "the archive copy is in full: {text}");

    // The user chose where to save it: the command writes there and answers that place.
    let chosen = desk.dir().join("另存.pdf");
    desk.host.save_to(Some(&chosen));
    let shown = desk
        .run(print(id, PrintDocument::ArchiveSheet, None))
        .unwrap();
    assert_eq!(shown, chosen.to_string_lossy());
    assert!(std::fs::read(&chosen).unwrap().starts_with(b"%PDF"));
    assert_eq!(pdf_text(&chosen, false, true), text);

    // A place that cannot be written is a storage error, and nothing half-written is left.
    let bad_dir = desk.dir().join("no/such/dir");
    desk.host.save_to(Some(&bad_dir.join("x.pdf")));
    let bad = refused(
        desk.run(print(id, PrintDocument::ArchiveSheet, None)),
        ErrorCode::Storage,
    );
    assert!(bad.message.contains("x.pdf"), "{}", bad.message);
    assert!(!bad_dir.exists());
    // The transports' gate reports the same error and no change.
    let reply: Reply = desk.reply(print(id, PrintDocument::ArchiveSheet, None));
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::Storage);
    assert!(!reply.changed);
}

#[test]
fn without_a_signed_agreement_only_masked_documents_print() {
    let (desk, id) = signed_in_office(false);
    let e = refused(
        desk.run(print(id, PrintDocument::ArchiveSheet, None)),
        ErrorCode::Forbidden,
    );
    assert!(!e.message.contains("王堃"));
    assert!(
        desk.host.made().is_empty(),
        "refused before any file is made"
    );
    assert!(files_in(&desk.host.folder(OutputKind::Print)).is_empty());

    let shown = desk
        .run(print(id, PrintDocument::TransferSlip, None))
        .unwrap();
    assert!(desk.host.last_made().name.ends_with("-交办单.pdf"));
    let pdf = printed(&desk, &shown);
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&desk.host.file(&shown), false, true);
    assert!(
        !text.contains("王堃"),
        "the transfer slip is masked: {text}"
    );
}

#[test]
fn an_administrator_prints_a_staff_members_agreement() {
    let (desk, _) = signed_in_office(true);
    let shown = desk
        .run(PrintAgreement {
            user_id: desk.user_id,
            date: None,
        })
        .unwrap();
    let made = desk.host.last_made();
    assert_eq!(
        (made.kind, made.name.as_str()),
        (OutputKind::Print, "保密协议-zhangsan.pdf")
    );
    assert!(printed(&desk, &shown).starts_with(b"%PDF"));
    let missing = desk.run(PrintAgreement {
        user_id: 9999,
        date: None,
    });
    refused(missing, ErrorCode::NotFound);
}

#[test]
fn the_chosen_supervision_notice_prints_not_only_the_latest() {
    let (desk, id) = signed_in_office(true);
    let dept = desk
        .run(AddDepartment {
            name: "城市管理局".into(),
        })
        .unwrap();
    desk.run(InitialReview {
        appeal_id: id,
        seen: None,
        input: InitialReviewInput::Accept {
            category: Category::Complaint,
            major: None,
            urgency: None,
            note: None,
        },
    })
    .unwrap();
    desk.run(RouteAppeal {
        appeal_id: id,
        seen: None,
        department_id: dept,
        note: None,
    })
    .unwrap();
    let today = now_cst().date_naive();
    let numbers: Vec<String> = ["第一次督办：方案逾期。", "第二次督办：仍未报送方案。"]
        .iter()
        .enumerate()
        .map(|(i, reason)| {
            let new_due = desk
                .store()
                .calendar()
                .add_working_days(today, 3 + i as i64)
                .value;
            desk.run(IssueSupervision {
                appeal_id: id,
                seen: None,
                reason: reason.to_string(),
                new_due,
            })
            .unwrap();
            let d = desk
                .run(GetAppealDetail {
                    id,
                    personal: PersonalData::Masked,
                })
                .unwrap();
            d.supervisions.last().unwrap().number.clone()
        })
        .collect();
    let (first, latest) = (&numbers[0], &numbers[1]);

    let shown = desk
        .run(print(id, PrintDocument::SupervisionNotice, Some(first)))
        .unwrap();
    let name = desk.host.last_made().name;
    assert!(
        name.ends_with(&format!("-督办通知单-{first}.pdf")),
        "{name}"
    );
    let t = pdf_text(&desk.host.file(&shown), false, true);
    assert!(t.contains(&format!("督办编号：{first}")), "{t}");
    assert!(t.contains("第一次督办：方案逾期。"));
    assert!(t.contains("本件为第1次督办"));
    assert!(!t.contains(latest.as_str()));

    // Without a number, the latest prints (the detail page's menu).
    let shown = desk
        .run(print(id, PrintDocument::SupervisionNotice, None))
        .unwrap();
    let t = pdf_text(&desk.host.file(&shown), false, true);
    assert!(t.contains(&format!("督办编号：{latest}")), "{t}");
    assert!(t.contains("本件为第2次督办"));

    let wrong = desk.run(print(
        id,
        PrintDocument::SupervisionNotice,
        Some("DB-1999-0001"),
    ));
    refused(wrong, ErrorCode::NotFound);
}

#[test]
fn the_receipt_and_the_agreement_print_what_settings_say() {
    let (desk, id) = signed_in_office(true);
    let set = |key: &str, value: &str| {
        desk.run(SetSetting {
            key: key.into(),
            value: value.into(),
        })
        .unwrap()
    };
    set("paper.contact_phone", "0579-88123456");
    set("paper.contact_hours", "工作日 8:30—17:30");
    set(
        "paper.agreement_clauses",
        "一、不得向无关人员透露诉求人信息。\n二、离职后仍须保密。",
    );
    let shown = desk.run(print(id, PrintDocument::Receipt, None)).unwrap();
    let t = pdf_text(&desk.host.file(&shown), false, true);
    assert!(t.contains("咨询电话：0579-88123456"), "{t}");
    assert!(t.contains("接待时间：工作日8:30—17:30"), "{t}");
    assert!(!t.contains("接待地址"), "no address is set: {t}");

    let shown = desk
        .run(PrintAgreement {
            user_id: desk.user_id,
            date: None,
        })
        .unwrap();
    let t = pdf_text(&desk.host.file(&shown), false, true);
    assert!(t.contains("一、不得向无关人员透露诉求人信息。"), "{t}");
    assert!(t.contains("二、离职后仍须保密。"));
    assert!(
        !t.contains("三、"),
        "only the two clauses from settings: {t}"
    );
    // Signed on 2026-01-05: the agreement is dated so unless another date is asked for.
    assert!(t.contains("日期：2026年1月5日"), "{t}");
    let shown = desk
        .run(PrintAgreement {
            user_id: desk.user_id,
            date: Some(common::day("2026-03-02")),
        })
        .unwrap();
    let t = pdf_text(&desk.host.file(&shown), false, true);
    assert!(t.contains("日期：2026年3月2日"), "{t}");
}
