//! `import FILE --channel C`: registers an online-channel batch (.xlsx or .csv in UTF-8 or GBK)
//! through `minyi-sheets`, with progress on stderr and a one-line summary; rows that need a person
//! (rejected, likely duplicates, already imported) go to a report workbook beside the file.
//! `--map 字段=表头` adjusts the column mapping when a channel's headers are not recognised.

use crate::export::plain;
use crate::job_progress::JobProgress;
use crate::output::{CliError, CliResult};
use crate::session::{now, session};
use clap::Args;
use minyi_core::model::{Category, Channel, Ctx};
use minyi_sheets::import::{ImportOptions, import_file};
use minyi_sheets::mapping::{ColumnMapping, Field};
use minyi_sheets::read::read_table;
use std::path::{Path, PathBuf};

/// Options of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// 要导入的文件（.xlsx 或 .csv）/ the batch file
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// 来源渠道：website 官网留言、wechat 微信、weibo 微博、portal 线上平台 / online channel
    #[arg(long, value_name = "C")]
    channel: String,
    /// 指定列的对应关系，可重复，如 --map 电话=用户手机 --map 姓名=昵称 / column mapping
    #[arg(long, value_name = "字段=表头")]
    map: Vec<String>,
    /// 文件中没有分类时使用的分类（默认 其他，初审时确认）/ category of rows without one
    #[arg(long, value_name = "C", default_value = "other")]
    category: String,
    /// 导入报告保存位置（默认在文件旁：<文件名>-导入报告.xlsx）/ report workbook
    #[arg(long, value_name = "FILE.xlsx")]
    report: Option<PathBuf>,
}

fn mapping(file: &Path, pairs: &[String]) -> CliResult<Option<ColumnMapping>> {
    if pairs.is_empty() {
        return Ok(None);
    }
    let table = read_table(file).map_err(plain)?;
    let mut m = ColumnMapping::auto(&table.headers);
    for p in pairs {
        let Some((field, header)) = p.split_once('=') else {
            return Err(CliError::user(
                "--map 应写成 字段=表头，例如 --map 电话=用户手机。",
            ));
        };
        let f = Field::parse(field).ok_or_else(|| {
            let all: Vec<&str> = Field::ALL.iter().map(|f| f.label()).collect();
            CliError::user(format!(
                "--map 中的字段“{}”无法识别，可用的字段有：{}。",
                field.trim(),
                all.join("、")
            ))
        })?;
        m.set(f, header);
    }
    Ok(Some(m))
}

/// Runs `import`.
pub fn run(db: Option<&Path>, a: &ImportArgs) -> CliResult {
    let channel = Channel::parse(&a.channel, "channel")?;
    let category = Category::parse(&a.category, "category")?;
    let mut s = session(db)?;
    let mut opts = ImportOptions::new(channel, &a.file);
    opts.mapping = mapping(&a.file, &a.map)?;
    opts.default_category = category;
    if let Some(r) = &a.report {
        opts.report = r.clone();
    }
    let actor = s.actor.clone();
    let ctx = Ctx::new(&actor, now());
    let mut p = JobProgress::new("正在导入");
    let result = import_file(&mut s.store, &ctx, &a.file, &opts, &mut |d, t| {
        p.update(d, t)
    });
    p.finish();
    let sum = result.map_err(plain)?;
    println!(
        "导入完成（{}，用时 {:.1} 秒）：共 {} 行，登记 {} 件（其中疑似重复 {} 件），已导入过 {} 行，未导入 {} 行{}。",
        channel.label(),
        p.seconds(),
        sum.rows,
        sum.registered,
        sum.flagged,
        sum.already_imported,
        sum.rejected,
        if sum.blank_rows > 0 {
            format!("，空行 {} 行已跳过", sum.blank_rows)
        } else {
            String::new()
        }
    );
    if let Some(r) = &sum.report {
        println!(
            "导入报告：{}（未导入的行及原因、疑似重复的诉求、已导入过的行）。改正未导入的行后可再次导入同一文件，已登记的行不会重复登记。",
            r.display()
        );
    }
    Ok(())
}
