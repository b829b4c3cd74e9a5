//! The statistics workbook and the disclosure report through the command surface: the files land
//! where the user chose (or in the host's exports folder with the right extension), the preview is
//! worded as the files are, no appellant's name or phone reaches any of them, and a user without
//! the permission is refused with nothing written.

mod common;

use common::{Desk, PASSWORD, day, files_in, refused};
use minyi_analysis::period::Period;
use minyi_analysis::stats::StatsQuery;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_service::OutputKind;
use minyi_service::commands::analysis::DisclosurePreview;
use minyi_service::commands::exports::{ExportDisclosure, ExportStats};
use minyi_service::publishing::DisclosureFormat;
use serde_json::json;

fn november() -> Period {
    Period::new(day("2026-11-01"), day("2026-11-30")).unwrap()
}

/// An office with six walk-in complaints, five by hotline and one letter in November 2026.
fn office() -> Desk {
    let desk = Desk::new(true);
    for i in 0..12 {
        let channel = match i {
            0..6 => "walk_in",
            6..11 => "hotline",
            _ => "letter",
        };
        desk.register(json!({
            "appellant": {"name": format!("王堃{i}"), "phone": format!("138123456{i:02}"),
                          "address": format!("云江市青石巷{i}号")},
            "channel": channel, "category": "complaint",
            "subject": format!("小区夜间施工噪音第{i}号"),
            "content": "某小区工地夜间十一点后仍在施工，影响休息。",
            "receivedAt": format!("2026-11-{:02}T09:30:00+08:00", 10 + i),
            "postmarkDate": (channel == "letter").then_some("2026-11-15"),
        }));
    }
    desk
}

fn assert_no_appellant(text: &str) {
    for i in 0..12 {
        assert!(!text.contains(&format!("王堃{i}")), "a name in {text}");
        assert!(
            !text.contains(&format!("138123456{i:02}")),
            "a phone in {text}"
        );
    }
}

#[test]
fn the_files_land_where_asked_and_the_preview_says_what_they_say() {
    let desk = office();

    let doc = desk.run(DisclosurePreview { period: november() }).unwrap();
    assert_eq!(doc.title, "某市民意诉求管理办公室民意诉求办理情况公开");
    assert_eq!(doc.threshold, 5);
    let channels = &doc.tables[1];
    let walk_in = channels
        .rows
        .iter()
        .find(|r| r.label == "现场接待")
        .unwrap();
    assert_eq!((walk_in.text.as_str(), walk_in.suppressed), ("6", false));
    let letter = channels.rows.iter().find(|r| r.label == "书信").unwrap();
    assert_eq!((letter.text.as_str(), letter.suppressed), ("—", true));
    // The lone small cell takes the next smallest with it, so it cannot be subtracted out.
    let hotline = channels
        .rows
        .iter()
        .find(|r| r.label == "客服热线")
        .unwrap();
    assert_eq!((hotline.text.as_str(), hotline.suppressed), ("—", true));
    assert!(doc.any_suppressed);
    assert_no_appellant(&serde_json::to_string(&doc).unwrap());

    for format in [
        DisclosureFormat::Pdf,
        DisclosureFormat::Xlsx,
        DisclosureFormat::Html,
    ] {
        let out = desk
            .run(ExportDisclosure {
                period: november(),
                format,
            })
            .unwrap();
        let made = desk.host.last_made();
        assert_eq!(made.kind, OutputKind::Export);
        assert!(
            made.name.starts_with("信息公开-")
                && made.name.ends_with(&format!(".{}", format.extension())),
            "{}",
            made.name
        );
        assert_eq!(out.path, made.target.shown);
        let target = desk.host.file(&out.path);
        assert!(target.starts_with(desk.host.folder(OutputKind::Export)));
        assert_eq!(out.rows, 12);
        assert!(!out.personal_data);
        let bytes = std::fs::read(&target).unwrap();
        assert!(bytes.len() > 500, "{format:?} written");
        assert!(
            !target
                .with_extension(format!("{}.part", format.extension()))
                .exists()
        );
        if format == DisclosureFormat::Html {
            let html = String::from_utf8(bytes).unwrap();
            assert!(html.contains("<td>书信</td><td class=\"n hidden\">—</td>"));
            assert_no_appellant(&html);
        }
    }
    assert_eq!(files_in(&desk.host.folder(OutputKind::Export)).len(), 3);

    // The statistics workbook, saved where the user chose.
    let book = desk.dir().join("统计.xlsx");
    desk.host.save_to(Some(&book));
    let q = StatsQuery {
        period: november(),
        category: None,
        channel: None,
        department_id: None,
        granularity: None,
    };
    let out = desk.run(ExportStats { query: q }).unwrap();
    assert_eq!(out.rows, 12);
    assert_eq!(out.path, book.to_string_lossy());
    assert_eq!(
        desk.host.last_made().name.split('-').next(),
        Some("统计分析")
    );
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
}

#[test]
fn a_clerk_may_neither_preview_nor_export_the_disclosure() {
    let mut desk = office();
    desk.add_user("jiedai", "钱小红", &[Role::IntakeClerk], true);
    desk.sign_in("jiedai", PASSWORD).unwrap();
    let e = refused(
        desk.run(DisclosurePreview { period: november() }),
        ErrorCode::Forbidden,
    );
    assert!(!e.message.is_empty());
    let target = desk.dir().join("信息公开.pdf");
    desk.host.save_to(Some(&target));
    refused(
        desk.run(ExportDisclosure {
            period: november(),
            format: DisclosureFormat::Pdf,
        }),
        ErrorCode::Forbidden,
    );
    assert!(!target.exists());
    assert!(!target.with_extension("pdf.part").exists());
}
