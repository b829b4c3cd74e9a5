//! Benchmark of a batch import: writes a .xlsx of N rows (default 100,000) of realistic demo text
//! (names, mobile phones, addresses, subjects and contents from the demo generator; receipt times
//! spread over the last two weeks), imports it into the given database as the `system` account,
//! then imports the same file again (every row already imported). Prints the figures; asserts
//! nothing. The database gains N appeals: run it on a copy.
//!
//! ```sh
//! cargo bench -p minyi-sheets --bench import -- /path/to/copy.db [ROWS] [SEED]
//! ```

use minyi_core::model::{Channel, Ctx};
use minyi_core::{CoreError, Store};
use minyi_demo::rng::Rng;
use minyi_demo::text::{TextCategory, address, appeal_text, mobile_phone, person_name};
use minyi_sheets::import::{ImportOptions, import_file};
use rust_xlsxwriter::{Format, Workbook};
use std::time::Instant;

fn main() -> Result<(), CoreError> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(db) = args.first() else {
        eprintln!("用法 / usage: cargo bench -p minyi-sheets --bench import -- DB [ROWS] [SEED]");
        return Ok(());
    };
    let n: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| minyi_core::time::now_cst().timestamp() as u64);
    let dir = std::path::Path::new(db)
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    let file = dir.join(format!("bench-import-{seed}.xlsx"));

    let t = Instant::now();
    let mut rng = Rng::new(seed);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in ["姓名", "手机", "地址", "标题", "留言内容", "提交时间"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h)
            .map_err(minyi_sheets::book::xlsx_error)?;
    }
    let now = minyi_core::time::now_cst().naive_local();
    let cats = [
        TextCategory::Complaint,
        TextCategory::Consultation,
        TextCategory::Suggestion,
        TextCategory::Help,
    ];
    for r in 1..=n {
        let cat = *rng.pick(&cats);
        let text = appeal_text(&mut rng, cat);
        let at = now - chrono::Duration::minutes(rng.range(60, 14 * 24 * 60));
        let cells = [
            person_name(&mut rng),
            mobile_phone(&mut rng),
            address(&mut rng),
            text.subject,
            text.content,
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v)
                .map_err(minyi_sheets::book::xlsx_error)?;
        }
        ws.write_datetime_with_format(r, 5, at, &when)
            .map_err(minyi_sheets::book::xlsx_error)?;
    }
    wb.save(&file).map_err(minyi_sheets::book::xlsx_error)?;
    let make_s = t.elapsed().as_secs_f64();

    let mut store = Store::open(std::path::Path::new(db))?;
    let id = store.system_user_id()?.ok_or_else(|| {
        CoreError::not_found("数据库中没有 system 账号，请先运行 minyi-cli init。")
    })?;
    let actor = store.actor(id)?;
    let ctx = Ctx::new(&actor, minyi_core::time::now_cst());
    let opts = ImportOptions::new(Channel::Wechat, &file);

    let t = Instant::now();
    let cpu = (cpu_seconds("thread-self"), cpu_seconds("self"));
    let first = import_file(&mut store, &ctx, &file, &opts, &mut |_, _| {})?;
    let first_s = t.elapsed().as_secs_f64();
    let cpu = (
        cpu_seconds("thread-self").zip(cpu.0).map(|(b, a)| b - a),
        cpu_seconds("self").zip(cpu.1).map(|(b, a)| b - a),
    );
    let t = Instant::now();
    let again = import_file(&mut store, &ctx, &file, &opts, &mut |_, _| {})?;
    let again_s = t.elapsed().as_secs_f64();

    println!("批量导入（{n} 行 .xlsx，{db}，种子 {seed}）");
    println!("  生成测试文件（不计入）                        {make_s:8.1} s");
    println!(
        "  首次导入：读文件、校验、查重、登记            {first_s:8.1} s   {:.0} 行/秒   登记 {}，疑似重复 {}，未导入 {}",
        f64::from(n) / first_s,
        first.registered,
        first.flagged,
        first.rejected
    );
    if let (Some(writer), Some(all)) = cpu {
        println!(
            "    其中 CPU：写入线程 {writer:.1} s，全部线程 {all:.1} s（机器繁忙时墙钟时间不可比，CPU 时间可比）"
        );
    }
    println!(
        "  再次导入同一文件（全部已导入过）              {again_s:8.1} s   登记 {}，已导入过 {}",
        again.registered, again.already_imported
    );
    let _ = std::fs::remove_file(&file);
    if let Some(r) = first.report.as_ref().or(again.report.as_ref()) {
        let _ = std::fs::remove_file(r);
    }
    Ok(())
}

/// CPU seconds (user + system) of this thread (`thread-self`: the one that writes, since the
/// import's writer is the calling thread) or of the whole process (`self`), from `/proc` on Linux;
/// `None` elsewhere. On a shared machine the wall-clock time includes waiting for a core, and the
/// CPU time of the writing thread is what the pipeline's wall time follows on an idle one.
fn cpu_seconds(who: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{who}/stat")).ok()?;
    // Fields after the command name (which may hold spaces): state is the first, utime the 12th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // USER_HZ: 100 on Linux whatever the kernel's own tick rate.
    Some(ticks / 100.0)
}
