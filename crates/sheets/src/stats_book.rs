//! The statistics workbook (统计分析.xlsx): the figures of one period and filter exactly as
//! [`minyi_analysis::stats::statistics`] computed them for the 统计分析 screen — headline figures
//! beside the comparison period, the four breakdowns, timeliness per stage and the trend — with
//! native Excel charts (a column chart by department, a pie by channel, the trend line against the
//! previous period) drawn from the sheet's own cells, so a manager who edits a number sees the
//! chart follow.
//!
//! It is written from a computed [`Statistics`] value, not from the database: the caller has
//! already checked the user may see statistics, and the screen, the CLI and the file then cannot
//! disagree. The workbook is small (tens of rows), so its sheets are ordinary in-memory ones —
//! charts need that anyway.

use crate::book::{self, Column, Formats, xlsx_error};
use minyi_analysis::stats::{CountRow, Statistics};
use minyi_analysis::weak_links::{WeakLinks, reasons_text};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Sheet names, in order (the charts refer to them).
pub const SUMMARY: &str = "概况";
pub const BY_CATEGORY: &str = "分类";
pub const BY_CHANNEL: &str = "渠道";
pub const BY_DEPARTMENT: &str = "部门";
pub const BY_STATUS: &str = "状态";
pub const STAGES: &str = "各环节时效";
pub const TREND: &str = "趋势";
pub const WEAK_LINKS: &str = "薄弱环节";
pub const RETURN_VISITS: &str = "回访";

struct Styles {
    base: Formats,
    percent: Format,
    days: Format,
    note: Format,
}

impl Styles {
    fn new() -> Self {
        Self {
            base: Formats::new(),
            percent: book::base().set_num_format("0.0%"),
            days: book::base().set_num_format("0.0"),
            note: book::base()
                .set_font_color(rust_xlsxwriter::Color::RGB(0x666666))
                .set_align(FormatAlign::Left),
        }
    }
}

fn opt_number(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<f64>,
    f: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => sheet.write_number_with_format(r, c, v, f).map(|_| ()),
        None => sheet.write_string(r, c, "—").map(|_| ()),
    }
}

/// Writes the statistics `s` and the weak links `w` of the same query to `out` (an .xlsx file,
/// replaced whole or not at all).
pub fn export_stats_book(
    s: &Statistics,
    w: &WeakLinks,
    out: &Path,
) -> Result<(), minyi_core::CoreError> {
    let mut wb = book::new_workbook(out)?;
    write_book(&mut wb, s, w).map_err(xlsx_error)?;
    book::save(&mut wb, out)
}

fn write_book(wb: &mut Workbook, s: &Statistics, w: &WeakLinks) -> Result<(), XlsxError> {
    let st = Styles::new();
    summary(wb.add_worksheet(), s, &st)?;
    breakdown(
        wb.add_worksheet(),
        BY_CATEGORY,
        "分类",
        &s.by_category,
        s.total,
        &st,
    )?;

    let channels = wb.add_worksheet();
    let table = breakdown(channels, BY_CHANNEL, "渠道", &s.by_channel, s.total, &st)?;
    if s.by_channel.iter().any(|r| r.count > 0) {
        let n = s.by_channel.len() as u32;
        let mut pie = Chart::new(ChartType::Pie);
        pie.title().set_name("按渠道分布");
        pie.add_series()
            .set_name("件数")
            .set_categories((BY_CHANNEL, 1, 0, n, 0))
            .set_values((BY_CHANNEL, 1, 1, n, 1))
            .set_data_label(
                rust_xlsxwriter::ChartDataLabel::new()
                    .show_percentage()
                    .show_category_name(),
            );
        pie.legend().set_position(ChartLegendPosition::Right);
        channels.insert_chart(1, 4, &pie)?;
        book::page_setup(channels, table + book::chart_chars(480), 1)?;
    }

    let departments = wb.add_worksheet();
    let table = breakdown(
        departments,
        BY_DEPARTMENT,
        "承办部门",
        &s.by_department,
        s.total,
        &st,
    )?;
    if s.by_department.iter().any(|r| r.count > 0) {
        let n = s.by_department.len() as u32;
        let mut column = Chart::new(ChartType::Column);
        column.title().set_name("按承办部门分布");
        column
            .add_series()
            .set_name("件数")
            .set_categories((BY_DEPARTMENT, 1, 0, n, 0))
            .set_values((BY_DEPARTMENT, 1, 1, n, 1));
        column.legend().set_hidden();
        column.y_axis().set_name("件");
        // Wide enough for a dozen department names under their columns.
        column.set_width(720).set_height(360);
        departments.insert_chart(1, 4, &column)?;
        book::page_setup(departments, table + book::chart_chars(720), 1)?;
    }

    breakdown(
        wb.add_worksheet(),
        BY_STATUS,
        "状态",
        &s.by_status,
        s.total,
        &st,
    )?;
    stages(wb.add_worksheet(), s, &st)?;
    trend(wb.add_worksheet(), s, &st)?;
    weak_links(wb.add_worksheet(), w, &st)?;
    return_visits(wb.add_worksheet(), s, &st)?;
    Ok(())
}

const SUMMARY_COLUMNS: &[Column] = &[
    Column {
        header: "指标",
        width: 22.0,
    },
    Column {
        header: "本期",
        width: 14.0,
    },
    Column {
        header: "上期",
        width: 14.0,
    },
    Column {
        header: "说明",
        width: 44.0,
    },
];

/// 概况: what the period is and its headline figures; the comparison period beside the figures it
/// is computed for (the received count — the rest are about this period's appeals only).
fn summary(sheet: &mut Worksheet, s: &Statistics, st: &Styles) -> Result<(), XlsxError> {
    book::start_sheet(sheet, SUMMARY, SUMMARY_COLUMNS, &st.base)?;
    let (p, prev) = (s.query.period, s.previous_period);
    let mut r = 1;
    sheet.write_string(r, 0, "时段开始")?;
    sheet.write_date_with_format(r, 1, p.from, &st.base.date)?;
    sheet.write_date_with_format(r, 2, prev.from, &st.base.date)?;
    sheet.write_string(r, 3, "按收到日期统计，起止日期均含")?;
    r += 1;
    sheet.write_string(r, 0, "时段结束")?;
    sheet.write_date_with_format(r, 1, p.to, &st.base.date)?;
    sheet.write_date_with_format(r, 2, prev.to, &st.base.date)?;
    r += 1;
    sheet.write_string(r, 0, "受理诉求（件）")?;
    sheet.write_number(r, 1, s.total as f64)?;
    sheet.write_number(r, 2, s.previous_total as f64)?;
    sheet.write_string(r, 3, "上期为对比时段，见上方日期")?;
    r += 1;
    sheet.write_string(r, 0, "较上期增减")?;
    if s.previous_total > 0 {
        // A value, not a formula: LibreOffice does not recalculate a workbook it did not save,
        // and would show a formula's empty cached result.
        let change = (s.total - s.previous_total) as f64 / s.previous_total as f64;
        sheet.write_number_with_format(r, 1, change, &st.percent)?;
    } else {
        sheet.write_string(r, 1, "—")?;
        sheet.write_string(r, 3, "上期没有诉求，无法计算增减")?;
    }
    let sat = &s.satisfaction;
    let reached = sat.satisfied + sat.basically_satisfied + sat.dissatisfied;
    let rates = [
        (
            "满意率",
            sat.rate,
            format!(
                "反馈时联系上 {reached} 人（满意与基本满意计入），未联系上 {} 人不计",
                sat.unreachable
            ),
        ),
        (
            "回访满意率",
            s.return_visits.satisfaction_rate,
            format!(
                "办结后回访评价 {} 人（满意与基本满意计入），见“回访”表",
                s.return_visits.completed
            ),
        ),
        (
            "重新办理率",
            s.reopen_rate,
            format!("重新办理 {} 件，占已办结和重新办理的诉求", s.reopened),
        ),
    ];
    for (label, v, note) in rates {
        r += 1;
        sheet.write_string(r, 0, label)?;
        opt_number(sheet, r, 1, v, &st.percent)?;
        sheet.write_string(r, 3, note)?;
    }
    let counts = [
        ("督办通知（份）", s.supervision_notices),
        ("被督办诉求（件）", s.supervised_appeals),
        ("上报管理层（件）", s.escalated_appeals),
        ("重大复杂（件）", s.major_appeals),
    ];
    for (label, v) in counts {
        r += 1;
        sheet.write_string(r, 0, label)?;
        sheet.write_number(r, 1, v as f64)?;
    }
    r += 2;
    let filter = filter_text(s);
    sheet.write_string_with_format(r, 0, format!("筛选条件：{filter}"), &st.note)?;
    if let Some(w) = &s.calendar_warning {
        r += 1;
        sheet.write_string_with_format(r, 0, w, &st.note)?;
    }
    Ok(())
}

/// The filter of the statistics in words (the department by its name in the breakdown).
pub fn filter_text(s: &Statistics) -> String {
    let q = &s.query;
    let mut parts = Vec::new();
    if let Some(c) = q.category {
        parts.push(format!("分类为{}", c.label()));
    }
    if let Some(c) = q.channel {
        parts.push(format!("渠道为{}", c.label()));
    }
    if let Some(id) = q.department_id {
        let name = s
            .by_department
            .iter()
            .find(|r| r.key == id.to_string())
            .map_or_else(|| format!("编号 {id}"), |r| r.label.clone());
        parts.push(format!("承办部门为{name}"));
    }
    if parts.is_empty() {
        "全部诉求".into()
    } else {
        parts.join("，")
    }
}

/// One breakdown as a table: label, count, share of the total. Returns the table's width (a chart
/// beside it widens the printed page).
fn breakdown(
    sheet: &mut Worksheet,
    name: &str,
    what: &'static str,
    rows: &[CountRow],
    total: i64,
    st: &Styles,
) -> Result<f64, XlsxError> {
    let columns = [
        Column {
            header: what,
            width: 20.0,
        },
        Column {
            header: "件数",
            width: 10.0,
        },
        Column {
            header: "占比",
            width: 10.0,
        },
    ];
    book::start_sheet(sheet, name, &columns, &st.base)?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &row.label)?;
        sheet.write_number(r, 1, row.count as f64)?;
        opt_number(
            sheet,
            r,
            2,
            (total > 0).then(|| row.count as f64 / total as f64),
            &st.percent,
        )?;
    }
    book::finish_sheet(sheet, columns.len(), rows.len() as u32)?;
    Ok(columns.iter().map(|c| c.width).sum())
}

const STAGE_COLUMNS: &[Column] = &[
    Column {
        header: "环节",
        width: 12.0,
    },
    Column {
        header: "已办结",
        width: 9.0,
    },
    Column {
        header: "按期",
        width: 9.0,
    },
    Column {
        header: "超期办结",
        width: 10.0,
    },
    Column {
        header: "在办已超期",
        width: 11.0,
    },
    Column {
        header: "在办未到期",
        width: 11.0,
    },
    Column {
        header: "按期率",
        width: 9.0,
    },
    Column {
        header: "平均工作日",
        width: 11.0,
    },
    Column {
        header: "中位工作日",
        width: 11.0,
    },
    Column {
        header: "督办通知",
        width: 10.0,
    },
];

fn stages(sheet: &mut Worksheet, s: &Statistics, st: &Styles) -> Result<(), XlsxError> {
    book::start_sheet(sheet, STAGES, STAGE_COLUMNS, &st.base)?;
    for (i, f) in s.stages.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &f.label)?;
        for (c, v) in [f.finished, f.on_time, f.late, f.running_late, f.running]
            .into_iter()
            .enumerate()
        {
            sheet.write_number(r, c as u16 + 1, v as f64)?;
        }
        opt_number(sheet, r, 6, f.on_time_rate, &st.percent)?;
        opt_number(sheet, r, 7, f.average_working_days, &st.days)?;
        opt_number(sheet, r, 8, f.median_working_days, &st.days)?;
        sheet.write_number(r, 9, f.supervision_notices as f64)?;
    }
    let n = s.stages.len() as u32;
    book::finish_sheet(sheet, STAGE_COLUMNS.len(), n)?;
    sheet.write_string_with_format(
        n + 2,
        0,
        "按期率 = 按期 ÷（按期 + 超期办结 + 在办已超期）；工作日不含开始当天。跟踪落实环节按检查日期推进，不计按期率。",
        &st.note,
    )?;
    Ok(())
}

const TREND_COLUMNS: &[Column] = &[
    Column {
        header: "时段",
        width: 14.0,
    },
    Column {
        header: "开始日期",
        width: 12.0,
    },
    Column {
        header: "结束日期",
        width: 12.0,
    },
    Column {
        header: "本期件数",
        width: 10.0,
    },
    Column {
        header: "上期件数",
        width: 10.0,
    },
];

fn trend(sheet: &mut Worksheet, s: &Statistics, st: &Styles) -> Result<(), XlsxError> {
    book::start_sheet(sheet, TREND, TREND_COLUMNS, &st.base)?;
    for (i, t) in s.trend.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &t.label)?;
        sheet.write_date_with_format(r, 1, t.from, &st.base.date)?;
        sheet.write_date_with_format(r, 2, t.to, &st.base.date)?;
        sheet.write_number(r, 3, t.count as f64)?;
        if let Some(p) = t.previous_count {
            sheet.write_number(r, 4, p as f64)?;
        }
    }
    let n = s.trend.len() as u32;
    book::finish_sheet(sheet, TREND_COLUMNS.len(), n)?;
    if n > 0 {
        let mut line = Chart::new(ChartType::Line);
        line.title().set_name(&format!(
            "受理趋势（按{}，与上期对比）",
            s.granularity.label()
        ));
        for (col, name) in [(3, "本期"), (4, "上期")] {
            line.add_series()
                .set_name(name)
                .set_categories((TREND, 1, 0, n, 0))
                .set_values((TREND, 1, col, n, col));
        }
        line.y_axis().set_name("件");
        line.legend().set_position(ChartLegendPosition::Bottom);
        line.set_width(720).set_height(360);
        sheet.insert_chart(1, 6, &line)?;
        // The chart starts after an empty sixth column.
        let table: f64 = TREND_COLUMNS.iter().map(|c| c.width).sum::<f64>() + 8.43;
        book::page_setup(sheet, table + book::chart_chars(720), 1)?;
    }
    Ok(())
}

const WEAK_COLUMNS: &[Column] = &[
    Column {
        header: "类别",
        width: 7.0,
    },
    Column {
        header: "排名",
        width: 6.0,
    },
    Column {
        header: "部门或环节",
        width: 18.0,
    },
    Column {
        header: "计入环节（次）",
        width: 13.0,
    },
    Column {
        header: "超期（次）",
        width: 10.0,
    },
    Column {
        header: "超期率",
        width: 9.0,
    },
    Column {
        header: "回访（人）",
        width: 10.0,
    },
    Column {
        header: "不满意（人）",
        width: 11.0,
    },
    Column {
        header: "不满意率",
        width: 9.0,
    },
    Column {
        header: "督办通知（份）",
        width: 13.0,
    },
    Column {
        header: "薄弱原因",
        width: 60.0,
    },
];

/// 薄弱环节 (§六(二)1): the departments, then the stages, each weakest first, with the reasons in
/// words; the rule and the office's own overdue rate below the table.
fn weak_links(sheet: &mut Worksheet, w: &WeakLinks, st: &Styles) -> Result<(), XlsxError> {
    book::start_sheet(sheet, WEAK_LINKS, WEAK_COLUMNS, &st.base)?;
    let mut r = 0;
    for (i, d) in w.departments.iter().enumerate() {
        r += 1;
        sheet.write_string(r, 0, "部门")?;
        sheet.write_number(r, 1, (i + 1) as f64)?;
        sheet.write_string(r, 2, &d.department)?;
        sheet.write_number(r, 3, d.measured as f64)?;
        sheet.write_number(r, 4, d.overdue as f64)?;
        opt_number(sheet, r, 5, d.overdue_rate, &st.percent)?;
        sheet.write_number(r, 6, d.reached as f64)?;
        sheet.write_number(r, 7, d.dissatisfied as f64)?;
        opt_number(sheet, r, 8, d.dissatisfaction_rate, &st.percent)?;
        sheet.write_number(r, 9, d.supervision_notices as f64)?;
        sheet.write_string(r, 10, reasons_text(&d.reasons))?;
    }
    for (i, l) in w.stages.iter().enumerate() {
        r += 1;
        sheet.write_string(r, 0, "环节")?;
        sheet.write_number(r, 1, (i + 1) as f64)?;
        sheet.write_string(r, 2, &l.label)?;
        sheet.write_number(r, 3, l.measured as f64)?;
        sheet.write_number(r, 4, l.overdue as f64)?;
        opt_number(sheet, r, 5, l.overdue_rate, &st.percent)?;
        // Satisfaction is an appeal's, not a stage's.
        for c in [6, 7, 8] {
            sheet.write_string(r, c, "—")?;
        }
        sheet.write_number(r, 9, l.supervision_notices as f64)?;
        sheet.write_string(r, 10, reasons_text(&l.reasons))?;
    }
    book::finish_sheet(sheet, WEAK_COLUMNS.len(), r)?;
    sheet.write_string_with_format(r + 2, 0, format!("排序规则：{}", w.rule), &st.note)?;
    let office = w
        .overdue_rate
        .map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0));
    sheet.write_string_with_format(
        r + 3,
        0,
        format!("全办各环节超期率：{office}。回访与不满意按诉求现在所在的承办部门计。"),
        &st.note,
    )?;
    Ok(())
}

const VISIT_COLUMNS: &[Column] = &[
    Column {
        header: "指标",
        width: 24.0,
    },
    Column {
        header: "数量",
        width: 12.0,
    },
    Column {
        header: "占比",
        width: 12.0,
    },
    Column {
        header: "说明",
        width: 44.0,
    },
];

/// 回访: the return visits of the period's appeals (issue 20 §9) — how they ended and what the
/// reached appellants said — with the feedback satisfaction of the same appeals beside them.
fn return_visits(sheet: &mut Worksheet, s: &Statistics, st: &Styles) -> Result<(), XlsxError> {
    book::start_sheet(sheet, RETURN_VISITS, VISIT_COLUMNS, &st.base)?;
    let v = &s.return_visits;
    let share = |part: i64, whole: i64| (whole > 0).then(|| part as f64 / whole as f64);
    let rows: [(&str, Option<i64>, Option<f64>, &str); 11] = [
        (
            "进入回访（件）",
            Some(v.visits),
            None,
            "办结时按设置的比例抽取（投诉默认全部）",
        ),
        (
            "已回访（件）",
            Some(v.completed),
            share(v.completed, v.visits),
            "联系上并取得满意度评价",
        ),
        (
            "未联系上（件）",
            Some(v.unreached),
            share(v.unreached, v.visits),
            "三次回访电话均未联系上",
        ),
        ("待回访（件）", Some(v.open), share(v.open, v.visits), ""),
        ("回访电话（次）", Some(v.attempts), None, ""),
        (
            "联系上率",
            None,
            v.reached_rate,
            "已回访 ÷（已回访 + 未联系上）",
        ),
        (
            "满意（人）",
            Some(v.satisfied),
            share(v.satisfied, v.completed),
            "占已回访",
        ),
        (
            "基本满意（人）",
            Some(v.basically_satisfied),
            share(v.basically_satisfied, v.completed),
            "占已回访",
        ),
        (
            "不满意（人）",
            Some(v.dissatisfied),
            share(v.dissatisfied, v.completed),
            "占已回访",
        ),
        (
            "回访满意率",
            None,
            v.satisfaction_rate,
            "（满意 + 基本满意）÷ 已回访",
        ),
        (
            "对照：反馈满意率",
            None,
            s.satisfaction.rate,
            "同一批诉求反馈时的满意率",
        ),
    ];
    let mut r = 0;
    for (label, n, rate, note) in rows {
        r += 1;
        sheet.write_string(r, 0, label)?;
        match n {
            Some(n) => sheet.write_number(r, 1, n as f64).map(|_| ())?,
            None => sheet.write_string(r, 1, "").map(|_| ())?,
        }
        if rate.is_some() || n.is_none() {
            opt_number(sheet, r, 2, rate, &st.percent)?;
        }
        sheet.write_string(r, 3, note)?;
    }
    book::finish_sheet(sheet, VISIT_COLUMNS.len(), r)?;
    Ok(())
}
