//! Speed and size of the printed documents on a demo database, and one sample of each document.
//!
//! `cargo run --release -p minyi-paper --example paper_bench [-- --samples DIR]`
//!
//! Prints the time and size of one archive sheet (font already parsed), the time of a 1,000-appeal
//! batch, and the one-off font parse. With `--samples DIR` it also writes one PDF per document.

use chrono::DateTime;
use minyi_core::Store;
use minyi_core::model::Ctx;
use minyi_core::queries::print::{PrintData, appeal_for_print, appeal_for_print_by_id};
use minyi_core::store::print_settings::ReceiptContact;
use minyi_demo::generate::{DemoOptions, generate};
use minyi_demo::seed_office;
use minyi_paper::*;
use std::time::Instant;

const ORG: &str = "云江市民意诉求管理办公室";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let samples = args
        .iter()
        .position(|a| a == "--samples")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("bench.db"))?;
    let now = DateTime::parse_from_rfc3339("2026-11-27T17:00:00+08:00")?;
    let opts = DemoOptions {
        appeals: 1_000,
        seed: 3,
        now,
    };
    generate(&mut store, &opts, &mut |_, _| {})?;
    let office = seed_office(&mut store, now)?;
    let ctx = Ctx::new(&office.office, now);
    let full = PrintData::Full {
        purpose: "性能测试",
    };

    let t = Instant::now();
    warm_up()?;
    println!("font parse (once per process): {:.1} ms", ms(t));

    let number: String = store.sql_for_tests().query_row(
        "SELECT reg_number FROM appeals WHERE status = 'closed' ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    let d = appeal_for_print(&store, &ctx, &number, full)?;
    let mut best = f64::MAX;
    let mut size = 0;
    for _ in 0..20 {
        let t = Instant::now();
        size = archive_sheet(ORG, &d)?.len();
        best = best.min(ms(t));
    }
    println!(
        "archive sheet: {best:.1} ms (best of 20), {:.1} KB",
        size as f64 / 1024.0
    );

    let ids: Vec<i64> = store
        .sql_for_tests()
        .prepare("SELECT id FROM appeals ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let t = Instant::now();
    let batch = archive_sheets(
        ORG,
        ids.iter()
            .map(|&id| appeal_for_print_by_id(&store, &ctx, id, full)),
    )?;
    println!(
        "batch of {} archive sheets: {:.2} s, {:.1} MB",
        ids.len(),
        ms(t) / 1000.0,
        batch.len() as f64 / 1024.0 / 1024.0
    );

    if let Some(out) = samples {
        std::fs::create_dir_all(&out)?;
        let sup: String = store.sql_for_tests().query_row(
            "SELECT a.reg_number FROM appeals a WHERE EXISTS (SELECT 1 FROM supervisions s WHERE s.appeal_id = a.id) ORDER BY a.id LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let routed: String = store.sql_for_tests().query_row(
            "SELECT reg_number FROM appeals WHERE status = 'routed' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )?;
        let masked = PrintData::Masked;
        let docs: Vec<(&str, Vec<u8>)> = vec![
            ("sheet", archive_sheet(ORG, &d)?),
            ("receipt", receipt(ORG, &d, &sample_contact())?),
            (
                "slip",
                transfer_slip(ORG, &appeal_for_print(&store, &ctx, &routed, masked)?)?,
            ),
            ("reply", reply(ORG, &d)?),
            (
                "notice",
                supervision_notice(ORG, &appeal_for_print(&store, &ctx, &sup, masked)?, None)?,
            ),
            (
                "agreement",
                agreement(
                    ORG,
                    &Agreement {
                        name: "李喆".into(),
                        department: "城市管理局".into(),
                        role: "承办人".into(),
                        date: now.date_naive(),
                        clauses: Vec::new(),
                    },
                )?,
            ),
        ];
        for (name, pdf) in docs {
            std::fs::write(out.join(format!("{name}.pdf")), pdf)?;
        }
        println!("samples written to {}", out.display());
    }
    Ok(())
}

/// The demo office's enquiry contact, as an office would fill it in under 设置 → 打印文书.
fn sample_contact() -> ReceiptContact {
    ReceiptContact {
        phone: "0579-88123456".into(),
        address: "云江市人民路1号市民服务中心二楼民意诉求接待窗口".into(),
        hours: "工作日 8:30—12:00，14:00—17:30".into(),
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
