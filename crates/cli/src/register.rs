//! `register --json FILE`: registers the appeal a JSON object describes (the registration form's
//! fields, camelCase, as `minyi_core::usecases::register::RegisterInput`), with the same validation
//! as the form, and prints the registration number, the expected feedback date, the initial-review
//! due date and any likely duplicates.
//!
//! The input is checked in full (the registration form's check) before anything is written, so a
//! bad file writes nothing and every problem is listed at once.

use crate::desk::{Desk, Place};
use crate::output::{CliError, CliResult, clip, describe};
use clap::Args;
use minyi_core::time::fmt_date;
use minyi_core::usecases::register::{RegisterInput, Registered};
use minyi_service::commands::appeals::{CheckRegistration, RegisterAppeal};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The long help of `register`, with the JSON shape.
pub const LONG_HELP: &str = "按 JSON 文件登记一件诉求，校验规则与登记表相同。\n\
Register the appeal a JSON object describes (same validation as the form).\n\n\
JSON 示例 / example:\n\
{\n  \"appellant\": {\"name\": \"张三\", \"phone\": \"13812345678\", \"address\": \"云江市西湖区学院路88号\"},\n  \
\"channel\": \"walk_in\", \"category\": \"complaint\",\n  \
\"subject\": \"夜间施工噪音扰民\", \"content\": \"……\",\n  \
\"receivedAt\": \"2026-11-20T09:30:00+08:00\"\n}\n\n\
可选字段 / optional: appellant.idNumber, appellant.email, appellant.organisation, appellant.anonymous,\n\
urgency (normal/urgent/very_urgent), major (true/false), postmarkDate (YYYY-MM-DD), callTime.\n\
channel: website wechat weibo portal hotline letter walk_in（也可写中文，如 现场接待）\n\
category: consultation complaint suggestion help other（也可写中文，如 投诉）";

/// Options of `register`.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// 诉求 JSON 文件，"-" 表示从标准输入读取 / JSON file, "-" for stdin
    #[arg(long = "json", value_name = "FILE")]
    file: PathBuf,
}

fn read_input(file: &Path) -> CliResult<String> {
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|_| CliError::user("无法从标准输入读取诉求内容。"))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| {
            CliError::user(match e.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("找不到文件 {}，请检查文件名和路径。", file.display())
                }
                _ => format!(
                    "无法读取文件 {}（{}），请检查文件权限。",
                    file.display(),
                    e.kind()
                ),
            })
        })?;
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::user("文件不是 UTF-8 编码的文本。请用记事本等编辑器另存为 UTF-8 编码后重试。")
    })?;
    // Windows editors like to start UTF-8 files with a byte-order mark.
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// Parses the JSON, naming the line of the first problem in Chinese (values are never echoed:
/// they may be personal data).
pub fn parse_input(text: &str) -> CliResult<RegisterInput> {
    if text.trim().is_empty() {
        return Err(CliError::user(
            "诉求 JSON 是空的。请提供一个 JSON 对象，格式见 minyi-cli register --help。",
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        use serde_json::error::Category;
        let place = format!("第{}行第{}列", e.line(), e.column());
        CliError::user(match e.classify() {
            Category::Syntax => {
                format!("JSON 格式不正确（{place}）：请检查该处附近的引号、逗号、冒号和括号。")
            }
            Category::Eof => format!(
                "JSON 内容不完整（在{place}意外结束）：可能缺少右括号、右引号，或文件没有保存完整。"
            ),
            Category::Data => format!(
                "JSON 字段的值类型不正确（{place}）：整体应为一个对象；文字要用双引号括起来，\
                 major、anonymous 应为 true 或 false。格式见 minyi-cli register --help。"
            ),
            Category::Io => "读取诉求 JSON 失败。".to_string(),
        })
    })
}

fn print_registered(out: &mut impl Write, r: &Registered) -> std::io::Result<()> {
    writeln!(out, "{}", r.message)?;
    writeln!(out, "登记号：      {}", r.reg_number)?;
    writeln!(out, "预计反馈日期：{}", fmt_date(r.expected_feedback_date))?;
    writeln!(out, "初审期限：    {}", fmt_date(r.initial_review_due))?;
    if r.likely_duplicates.is_empty() {
        writeln!(out, "疑似重复：    无")?;
    } else {
        writeln!(
            out,
            "疑似重复：    {} 件，请核对是否为同一诉求：",
            r.likely_duplicates.len()
        )?;
        for h in &r.likely_duplicates {
            let mut why = Vec::new();
            if h.same_phone {
                why.push("同一联系电话".to_string());
            }
            if let Some(s) = h.similarity {
                why.push(format!("内容相似度 {:.0}%", s * 100.0));
            }
            writeln!(
                out,
                "  {}  {}  收到于 {}  （{}）",
                h.reg_number,
                clip(&h.subject, 40),
                h.received_at.format("%Y-%m-%d %H:%M"),
                why.join("，")
            )?;
        }
    }
    Ok(())
}

/// Runs `register`.
pub fn run(place: &Place<'_>, args: &RegisterArgs) -> CliResult {
    let input = parse_input(&read_input(&args.file)?)?;
    let desk = Desk::open(place)?;
    let problems = desk.run(CheckRegistration {
        input: input.clone(),
    })?;
    if !problems.is_empty() {
        let lines: Vec<String> = problems.iter().map(describe).collect();
        let footer = if lines.len() > 1 {
            format!("共 {} 处需要修改，诉求未登记。", lines.len())
        } else {
            "诉求未登记，请修改后重试。".to_string()
        };
        return Err(CliError::user(format!(
            "{}\n{footer}",
            lines.join("\n错误：")
        )));
    }
    let r = desk.run(RegisterAppeal { input })?;
    let mut out = std::io::stdout().lock();
    print_registered(&mut out, &r)?;
    if let Some(w) = &r.calendar_warning {
        crate::output::warn(w);
    }
    Ok(())
}
