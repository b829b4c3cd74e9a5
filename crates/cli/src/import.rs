//! `import FILE --channel C`: registers an online-channel batch (.xlsx or .csv in UTF-8 or GBK)
//! with the import wizard's operations — a look at the file (the proposed column mapping), then
//! the import — with progress on stderr and a one-line summary; rows that need a person (rejected,
//! likely duplicates, already imported) go to a report workbook beside the file.
//! `--map 字段=表头` adjusts the column mapping when a channel's headers are not recognised.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult};
use clap::Args;
use minyi_core::model::{Category, Channel};
use minyi_service::batch_import::{ColumnChoice, ImportPreview, ImportRequest};
use minyi_service::commands::import::{ImportBatch, InspectImport};
use minyi_sheets::mapping::Field;
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

/// The mapping the wizard proposes for the file, with the user's `--map` changes.
fn mapping(preview: &ImportPreview, pairs: &[String]) -> CliResult<Vec<ColumnChoice>> {
    let mut chosen: Vec<ColumnChoice> = preview
        .fields
        .iter()
        .filter_map(|f| {
            f.column.as_ref().map(|c| ColumnChoice {
                field: f.field.clone(),
                column: c.clone(),
            })
        })
        .collect();
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
        chosen.retain(|c| c.field != f.code());
        chosen.push(ColumnChoice {
            field: f.code().to_string(),
            column: header.trim().to_string(),
        });
    }
    Ok(chosen)
}

/// The report beside the file: `<name>-导入报告.xlsx`.
fn report_beside(file: &Path) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "导入".into());
    file.with_file_name(format!("{stem}-导入报告.xlsx"))
}

/// Runs `import`.
pub fn run(place: &Place<'_>, a: &ImportArgs) -> CliResult {
    let channel = Channel::parse(&a.channel, "channel")?;
    let category = Category::parse(&a.category, "category")?;
    let desk = Desk::open(place)?;
    let file = desk.file(&a.file)?;
    let preview = desk.run(InspectImport { file: file.clone() })?;
    let request = ImportRequest {
        file,
        channel,
        mapping: mapping(&preview, &a.map)?,
        default_category: Some(category),
    };
    let report = a.report.clone().unwrap_or_else(|| report_beside(&a.file));
    let (sum, seconds) = desk.run_to(ImportBatch { request }, &report, "正在导入")?;
    println!(
        "导入完成（{}，用时 {seconds:.1} 秒）：共 {} 行，登记 {} 件（其中疑似重复 {} 件），已导入过 {} 行，未导入 {} 行{}。",
        channel.label(),
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
    if sum.report.is_some() {
        println!(
            "导入报告：{}（未导入的行及原因、疑似重复的诉求、已导入过的行）。改正未导入的行后可再次导入同一文件，已登记的行不会重复登记。",
            report.display()
        );
    }
    Ok(())
}
