//! `import FILE --channel C` through the real binary: the summary line counts every row, the
//! report lands beside the file, a second run registers nothing, and `--map` adjusts the columns.

mod common;

use common::*;

fn batch(dir: &std::path::Path, name: &str, header: &str) -> std::path::PathBuf {
    let received = minyi_core::time::now_cst() - chrono::Duration::hours(2);
    let t = received.format("%Y-%m-%d %H:%M");
    let text = format!(
        "{header}\n张三,13812345678,夜间施工噪音,小区旁工地每天夜里十一点以后还在施工。,{t}\n李四,12345,路灯不亮,学院路中段路灯已经坏了两个星期。,{t}\n"
    );
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn import_reports_counts_and_a_second_run_registers_nothing() {
    let (dir, db) = fresh();
    let file = batch(dir.path(), "微信.csv", "姓名,电话,标题,内容,时间");
    let f = file.to_str().unwrap();
    let o = run(&db, &["import", f, "--channel", "wechat"]);
    ok(&o);
    assert!(o.stdout.contains("共 2 行，登记 1 件"), "{}", o.stdout);
    assert!(o.stdout.contains("未导入 1 行"), "{}", o.stdout);
    assert!(dir.path().join("微信-导入报告.xlsx").exists());
    let o = run(&db, &["import", f, "--channel", "微信"]);
    ok(&o);
    assert!(o.stdout.contains("登记 0 件"), "{}", o.stdout);
    assert!(o.stdout.contains("已导入过 1 行"), "{}", o.stdout);
    assert_eq!(count(&db, "SELECT count(*) FROM appeals"), 1);
}

#[test]
fn unknown_headers_need_a_mapping_and_offline_channels_are_refused() {
    let (dir, db) = fresh();
    let file = batch(dir.path(), "web.csv", "昵称,用户手机,标题,内容,时间");
    let f = file.to_str().unwrap();
    let o = run(&db, &["import", f, "--channel", "website"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("--map"), "{}", o.stderr);
    let o = run(
        &db,
        &[
            "import",
            f,
            "--channel",
            "website",
            "--map",
            "姓名=昵称",
            "--map",
            "手机=用户手机",
        ],
    );
    ok(&o);
    assert!(o.stdout.contains("登记 1 件"), "{}", o.stdout);
    let o = run(&db, &["import", f, "--channel", "letter"]);
    assert!(o.stderr.contains("不是线上渠道"), "{}", o.stderr);
    let o = run(&db, &["import", f, "--channel", "website", "--map", "昵称"]);
    assert!(o.stderr.contains("字段=表头"), "{}", o.stderr);
}
