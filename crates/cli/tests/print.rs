//! `print`: each document is written as a PDF whose text (pdftotext) holds what went in; printing
//! personal data is logged; mistakes give Chinese messages and exit code 1.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn pdf_text(p: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(p)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8(o.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn print_documents_of_a_registered_appeal() {
    let (dir, db) = fresh();
    let o = register_file(dir.path(), &db, "13812345678", "翠苑小区夜间施工噪音扰民");
    ok(&o);
    let number = reg_number(&o.stdout);
    for (kind, must) in [
        ("sheet", ["民意诉求登记表", "张三丰"]),
        ("receipt", ["受理回执", "张三丰"]),
        ("slip", ["民意诉求交办单", "张*"]),
    ] {
        let out = dir.path().join(format!("{kind}.pdf"));
        let o = run(
            &db,
            &["print", kind, &number, "--out", out.to_str().unwrap()],
        );
        ok(&o);
        assert!(o.stdout.contains("已生成"), "{}", o.stdout);
        let t = pdf_text(&out);
        assert!(t.contains(&number), "{kind}");
        for m in must {
            assert!(t.contains(m), "{kind} lacks {m}");
        }
        assert!(t.contains("翠苑小区夜间施工噪音扰民"));
    }
    // The sheet and the receipt show personal data in full: two access-log lines.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM access_log WHERE purpose LIKE '打印%'"
        ),
        2
    );

    let out = dir.path().join("batch.pdf");
    ok(&run(
        &db,
        &["print", "batch", "--out", out.to_str().unwrap()],
    ));
    assert!(pdf_text(&out).contains(&number));

    let out = dir.path().join("agreement.pdf");
    add_staff(&db, "lisi", "李四");
    ok(&run(
        &db,
        &[
            "print",
            "agreement",
            "--user",
            "lisi",
            "--date",
            "2026-11-27",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let t = pdf_text(&out);
    assert!(t.contains("保密协议") && t.contains("2026年11月27日"));
}

#[test]
fn receipt_and_agreement_print_the_settings_of_the_office() {
    let (dir, db) = fresh();
    let o = register_file(dir.path(), &db, "13812345678", "路灯损坏");
    ok(&o);
    let number = reg_number(&o.stdout);
    {
        use minyi_core::store::settings::SettingKey;
        use minyi_core::testing::set_setting as set;
        let c = minyi_core::Store::open(&db).unwrap();
        set(&c, SettingKey::ContactPhone, "0579-88123456").unwrap();
        set(&c, SettingKey::ContactAddress, "云江市人民路1号").unwrap();
        set(&c, SettingKey::AgreementClauses, "1. 诉求材料不出办公室。").unwrap();
    }
    let out = dir.path().join("receipt.pdf");
    ok(&run(
        &db,
        &["print", "receipt", &number, "--out", out.to_str().unwrap()],
    ));
    let t = pdf_text(&out);
    assert!(t.contains("咨询电话：0579-88123456"), "{t}");
    assert!(t.contains("接待地址：云江市人民路1号"), "{t}");

    let out = dir.path().join("agreement.pdf");
    add_staff(&db, "lisi", "李四");
    let args = ["print", "agreement", "--user", "lisi", "--out"];
    ok(&run(&db, &[&args[..], &[out.to_str().unwrap()]].concat()));
    let t = pdf_text(&out);
    assert!(t.contains("一、诉求材料不出办公室。"), "{t}");
    assert!(!t.contains("二、"), "{t}");
}

#[test]
fn print_mistakes_are_explained() {
    let (dir, db) = fresh();
    let out = dir.path().join("x.pdf");
    let o = run(
        &db,
        &[
            "print",
            "sheet",
            "20260101-9999",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("没有找到该编号的诉求"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "print",
            "batch",
            "--from",
            "2026/01/01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("YYYY-MM-DD"), "{}", o.stderr);
    let o = run(&db, &["print", "batch", "--out", out.to_str().unwrap()]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("没有符合条件的诉求"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "print",
            "agreement",
            "--user",
            "nobody",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1);
    assert!(!out.exists());
}

#[test]
fn a_batch_reports_progress_logs_each_sheet_and_refuses_more_than_the_limit() {
    let (dir, db) = fresh();
    for phone in ["13812345678", "13912345678"] {
        ok(&register_file(
            dir.path(),
            &db,
            phone,
            "翠苑小区夜间施工噪音扰民",
        ));
    }
    let out = dir.path().join("batch.pdf");
    let o = run(
        &db,
        &[
            "print",
            "batch",
            "--limit",
            "1",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("超过 1 件") && o.stderr.contains("缩小筛选范围"),
        "{}",
        o.stderr
    );
    assert!(!out.exists());
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM access_log WHERE purpose LIKE '打印%'"
        ),
        0,
        "a refused batch logs nothing"
    );

    let o = run(&db, &["print", "batch", "--out", out.to_str().unwrap()]);
    ok(&o);
    assert!(o.stderr.contains("2/2（100%）"), "{}", o.stderr);
    assert!(o.stdout.contains("2 份登记表"), "{}", o.stdout);
    // Each sheet's title once; continuation pages carry the running head 民意诉求登记表（续）.
    let text = pdf_text(&out);
    assert_eq!(
        text.matches("民意诉求登记表").count() - text.matches("民意诉求登记表（续）").count(),
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM access_log WHERE purpose = '打印诉求登记表'"
        ),
        2
    );
}
