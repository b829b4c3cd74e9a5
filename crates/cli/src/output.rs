//! Output helpers shared by every command: the CLI's error type and its plain-Chinese report on
//! stderr, tables that line up Chinese text (two columns per CJK character), JSON printing, and
//! a few formatting helpers.
//!
//! Commands write to stdout through `writeln!` and propagate I/O errors with `?`, so a closed pipe
//! (`minyi-cli list | head`) ends the program quietly instead of panicking.

use minyi_core::{CoreError, ErrorCode};
use serde::Serialize;
use std::io::{self, Write};

/// Why a command failed, and with which exit code.
#[derive(Debug)]
pub enum CliError {
    /// Something the user can fix (bad input, missing file, failed check): message, exit 1.
    User(String),
    /// The command line itself is incomplete: message, exit 2 (as clap does).
    Usage(String),
    /// Already reported on stdout/stderr (or stdout was closed): exit silently with this code.
    Exit(i32),
}

impl CliError {
    /// A user error (exit 1).
    pub fn user(msg: impl Into<String>) -> Self {
        CliError::User(msg.into())
    }
}

/// A core error as one line: the core's plain-Chinese message and, for validation errors, the
/// JSON field it is about, so that whoever wrote the file can find it.
pub fn describe(e: &CoreError) -> String {
    match (&e.code, &e.field) {
        (ErrorCode::Validation, Some(f)) if !f.is_empty() && f != "file" => {
            format!("{}（字段 {f}）", e.message)
        }
        _ => e.message.clone(),
    }
}

impl From<CoreError> for CliError {
    fn from(e: CoreError) -> Self {
        CliError::User(describe(&e))
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::Exit(0)
        } else {
            CliError::User(format!("输出结果失败（{}）。", e.kind()))
        }
    }
}

/// The result type of every command.
pub type CliResult<T = ()> = Result<T, CliError>;

/// Prints the error on stderr (if it has a message) and returns the exit code.
pub fn report(err: &CliError) -> i32 {
    match err {
        CliError::User(m) => {
            eprintln!("错误：{m}");
            1
        }
        CliError::Usage(m) => {
            eprintln!("用法错误：{m}");
            eprintln!("运行 minyi-cli --help 查看用法。");
            2
        }
        CliError::Exit(code) => *code,
    }
}

/// Prints a warning line on stderr.
pub fn warn(msg: &str) {
    eprintln!("{msg}");
}

/// Writes `value` as pretty JSON and a newline.
pub fn print_json<T: Serialize>(out: &mut impl Write, value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|_| CliError::user("无法生成 JSON 输出，请联系技术支持。"))?;
    writeln!(out, "{text}")?;
    Ok(())
}

/// Terminal columns taken by one character: 2 for CJK and full-width forms, 0 for combining
/// marks and zero-width characters, 1 otherwise.
fn char_width(c: char) -> usize {
    let u = c as u32;
    match u {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Display width of a string in terminal columns.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Cuts `s` to at most `max` columns, ending with "…" when cut.
pub fn clip(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if width(&one_line) <= max {
        return one_line;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in one_line.chars() {
        let cw = char_width(c);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

fn pad(s: &str, cols: usize) -> String {
    let w = width(s);
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

/// A plain text table with a header row and aligned columns.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Self {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the table; the last column is not padded.
    pub fn print(&self, out: &mut impl Write) -> io::Result<()> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(c));
            }
        }
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate().take(n) {
                if i + 1 == n {
                    s.push_str(c);
                } else {
                    s.push_str(&pad(c, widths[i]));
                    s.push_str("  ");
                }
            }
            s.trim_end().to_string()
        };
        writeln!(out, "{}", line(&self.headers))?;
        let total: usize = widths.iter().sum::<usize>() + 2 * n.saturating_sub(1);
        writeln!(out, "{}", "-".repeat(total.min(120)))?;
        for r in &self.rows {
            writeln!(out, "{}", line(r))?;
        }
        Ok(())
    }
}

/// "3.4 MB" style size.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = bytes as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// "是" / "否".
pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_two_columns_wide() {
        assert_eq!(width("投诉ab"), 6);
        assert_eq!(clip("翠苑小区夜间施工噪音扰民", 9), "翠苑小区…");
        assert_eq!(clip("short", 9), "short");
    }

    #[test]
    fn table_columns_line_up() {
        let mut t = Table::new(&["编号", "标题"]);
        t.row(vec!["投诉".into(), "x".into()]);
        t.row(vec!["abcdef".into(), "y".into()]);
        let mut buf = Vec::new();
        t.print(&mut buf).unwrap();
        let s = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[2], "投诉    x");
        assert_eq!(lines[3], "abcdef  y");
    }

    #[test]
    fn sizes_are_human_readable() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MB");
    }
}
