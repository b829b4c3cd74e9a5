//! `calendar`: the mainland-China working-day calendar of a database.
//!
//! - `add-working-days DATE N` prints only the resulting `YYYY-MM-DD` (the start day is not
//!   counted); a year without holiday data adds the Chinese warning on stderr.
//! - `import FILE.json` imports a year's State Council notice in the holiday-cn schema.
//! - `show YEAR` lists that year's holidays and make-up working days.
//!
//! Without `--db`, `add-working-days` and `show` use the holiday data shipped with the program.

use crate::output::{CliError, CliResult, print_json, warn};
use crate::session::{now, open_existing, session};
use chrono::{Datelike, NaiveDate, Weekday};
use clap::Subcommand;
use minyi_core::Store;
use minyi_core::model::Ctx;
use minyi_core::store::calendar::ListedDay;
use minyi_core::time::fmt_date;
use minyi_core::usecases::calendar_admin::import_year;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `calendar` subcommands.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// 推算某日之后第 N 个工作日（不含当天），只输出 YYYY-MM-DD / the date N working days after DATE
    AddWorkingDays {
        /// 起始日期 YYYY-MM-DD（不计入）/ start date, not counted
        #[arg(value_name = "DATE", value_parser = parse_date_arg)]
        date: NaiveDate,
        /// 工作日数，可为负数 / working days (may be negative)
        #[arg(value_name = "N", allow_negative_numbers = true,
              value_parser = clap::value_parser!(i64).range(-3650..=3650))]
        n: i64,
    },
    /// 导入某年国务院放假通知（holiday-cn JSON 格式）/ import a year's holidays (holiday-cn JSON)
    Import {
        /// holiday-cn 格式的 JSON 文件，如 2027.json / holiday-cn JSON file
        #[arg(value_name = "FILE.json")]
        file: PathBuf,
    },
    /// 列出某年的节假日和调休上班日 / list a year's holidays and make-up working days
    Show {
        /// 年份，如 2026 / year
        #[arg(value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1900..=2200))]
        year: i32,
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
    },
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    minyi_core::time::parse_date(s)
        .ok_or_else(|| "日期格式不正确，应为 YYYY-MM-DD，例如 2026-02-13".to_string())
}

/// The store whose calendar to use: the given database, or the shipped data in memory.
fn calendar_store(db: Option<&Path>) -> CliResult<Store> {
    match db {
        Some(p) => open_existing(p),
        None => Ok(Store::open_in_memory(Path::new("."))?),
    }
}

/// 星期一 … 星期日.
pub fn weekday_zh(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// Consecutive dates as ranges: "2026-02-15 至 2026-02-23（9天）".
fn ranges(days: &[NaiveDate]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j].succ_opt().unwrap_or(days[j]) {
            j += 1;
        }
        if i == j {
            out.push(format!("{}（{}）", fmt_date(days[i]), weekday_zh(days[i])));
        } else {
            out.push(format!(
                "{} 至 {}（{}天）",
                fmt_date(days[i]),
                fmt_date(days[j]),
                j - i + 1
            ));
        }
        i = j + 1;
    }
    out
}

/// Lines "元旦：放假 …；调休上班 …", one per holiday, in calendar order.
pub fn describe_year(days: &[ListedDay]) -> Vec<String> {
    // Order holidays by their first day off (a make-up day may come weeks before its holiday).
    let mut names: Vec<(NaiveDate, &str)> = Vec::new();
    for d in days {
        let key = if d.is_off_day { d.date } else { NaiveDate::MAX };
        match names.iter_mut().find(|(_, n)| *n == d.name) {
            Some(entry) => entry.0 = entry.0.min(key),
            None => names.push((key, &d.name)),
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|(_, name)| {
            let of_name = days.iter().filter(|d| d.name == name);
            let off: Vec<NaiveDate> = of_name
                .clone()
                .filter(|d| d.is_off_day)
                .map(|d| d.date)
                .collect();
            let work: Vec<String> = of_name
                .clone()
                .filter(|d| !d.is_off_day)
                .map(|d| format!("{}（{}）", fmt_date(d.date), weekday_zh(d.date)))
                .collect();
            let mut parts = Vec::new();
            if !off.is_empty() {
                parts.push(format!("放假 {}", ranges(&off).join("、")));
            }
            if !work.is_empty() {
                parts.push(format!("调休上班 {}", work.join("、")));
            }
            let manual = if of_name.clone().any(|d| d.admin) {
                "（管理员设置）"
            } else {
                ""
            };
            format!("{name}{manual}：{}", parts.join("；"))
        })
        .collect()
}

fn add_working_days(db: Option<&Path>, date: NaiveDate, n: i64) -> CliResult {
    let store = calendar_store(db)?;
    let r = store.calendar().add_working_days(date, n);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", fmt_date(r.value))?;
    out.flush()?;
    if let Some(w) = r.warning() {
        warn(&w);
    }
    Ok(())
}

fn import(db: Option<&Path>, file: &Path) -> CliResult {
    let mut s = session(db)?;
    let json = std::fs::read(file).map_err(|e| {
        CliError::user(match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("找不到文件 {}，请检查文件名和路径。", file.display())
            }
            k => format!("无法读取文件 {}（{k}），请检查文件权限。", file.display()),
        })
    })?;
    let json = String::from_utf8(json).map_err(|_| {
        CliError::user("节假日文件不是 UTF-8 编码的文本，请另存为 UTF-8 编码后重试。")
    })?;
    let ctx = Ctx::new(&s.actor, now());
    let change = import_year(&mut s.store, &ctx, json.trim_start_matches('\u{feff}'))?;
    writeln!(std::io::stdout().lock(), "{}", change.message)?;
    Ok(())
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct YearJson<'a> {
    year: i32,
    known: bool,
    days: &'a [ListedDay],
}

fn show(db: Option<&Path>, year: i32, json: bool) -> CliResult {
    let store = calendar_store(db)?;
    let days = store.listed_days(year)?;
    let known = store.calendar().is_known_year(year);
    let mut out = std::io::stdout().lock();
    if json {
        return print_json(
            &mut out,
            &YearJson {
                year,
                known,
                days: &days,
            },
        );
    }
    if !known {
        warn(&format!(
            "注意：工作日历中没有{year}年的节假日安排，该年按周一至周五为工作日计算。\
             请用 minyi-cli calendar import 导入该年度的国务院放假通知。"
        ));
    }
    writeln!(out, "{year}年节假日安排")?;
    if days.is_empty() {
        writeln!(out, "  （没有登记任何节假日或调休上班日）")?;
    }
    for line in describe_year(&days) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// Runs a `calendar` subcommand.
pub fn run(db: Option<&Path>, cmd: &CalendarCommand) -> CliResult {
    match cmd {
        CalendarCommand::AddWorkingDays { date, n } => add_working_days(db, *date, *n),
        CalendarCommand::Import { file } => import(db, file),
        CalendarCommand::Show { year, json } => show(db, *year, *json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str, off: bool, name: &str) -> ListedDay {
        ListedDay {
            date: minyi_core::time::parse_date(s).unwrap(),
            is_off_day: off,
            name: name.into(),
            admin: false,
        }
    }

    #[test]
    fn holidays_are_grouped_into_ranges() {
        let days = vec![
            day("2026-02-14", false, "春节"),
            day("2026-02-15", true, "春节"),
            day("2026-02-16", true, "春节"),
            day("2026-02-17", true, "春节"),
            day("2026-02-28", false, "春节"),
        ];
        let lines = describe_year(&days);
        assert_eq!(
            lines,
            vec![
                "春节：放假 2026-02-15 至 2026-02-17（3天）；调休上班 2026-02-14（星期六）、2026-02-28（星期六）"
            ]
        );
    }
}
