//! The assessment workbook (考核排名.xlsx, §八): the ranking of departments and of people for a
//! period with each component score, the weighted score and the counts behind them, a native
//! column chart of the departments' scores, the weights used, and the rewards and penalties
//! recorded for the period.
//!
//! The figures come from [`minyi_analysis::assessment`], so the workbook shows exactly what the
//! 考核 page shows. It is a small workbook (one row per department or person), written in memory.
//! Staff names are not appellant data: nothing is masked or logged.

use crate::book::{self, Column, Formats, xlsx_error};
use chrono::NaiveDate;
use minyi_analysis::assessment::{Assessment, AssessmentRow, assessment_for};
use minyi_analysis::period::Period;
use minyi_core::model::Ctx;
use minyi_core::queries::assessment_records::rewards_penalties;
use minyi_core::store::rewards::RewardPenaltyRecord;
use minyi_core::{CoreError, Store};
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};
use std::path::Path;

const fn col(header: &'static str, width: f64) -> Column {
    Column { header, width }
}

/// The columns of a ranking sheet after 排名 and the name (and, for people, 所属部门).
pub const SCORE_COLUMNS: &[Column] = &[
    col("综合得分", 10.0),
    col("受理及时", 10.0),
    col("分流准确", 10.0),
    col("办理效率", 10.0),
    col("办理质量", 10.0),
    col("督办落实", 10.0),
    col("建议采纳", 10.0),
    col("初审分流按期数", 14.0),
    col("初审分流应计数", 14.0),
    col("分流次数", 10.0),
    col("被退回次数", 11.0),
    col("办理环节按期数", 14.0),
    col("办理环节应计数", 14.0),
    col("平均办理工作日", 14.0),
    col("满意数", 9.0),
    col("联系上数", 10.0),
    col("重办数", 9.0),
    col("办结或重办数", 13.0),
    col("按期落实督办数", 14.0),
    col("督办应计数", 11.0),
    col("采纳建议数", 11.0),
    col("协办按期数", 11.0),
    col("协办应计数", 11.0),
];

const REWARD_COLUMNS: &[Column] = &[
    col("类别", 8.0),
    col("对象", 16.0),
    col("所属部门", 16.0),
    col("考核时段起", 12.0),
    col("考核时段止", 12.0),
    col("事由", 50.0),
    col("登记人", 10.0),
    col("登记时间", 17.0),
];

fn columns(people: bool) -> Vec<Column> {
    let mut c = vec![
        col("排名", 6.0),
        col(if people { "姓名" } else { "部门" }, 16.0),
    ];
    if people {
        c.push(col("所属部门", 16.0));
    }
    c.extend_from_slice(SCORE_COLUMNS);
    c
}

fn ranking_sheet(
    sheet: &mut Worksheet,
    name: &str,
    rows: &[AssessmentRow],
    people: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    let cols = columns(people);
    book::start_sheet(sheet, name, &cols, f)?;
    let score = book::base().set_num_format("0.0");
    let num = |sheet: &mut Worksheet, r: u32, c: u16, v: Option<f64>| -> Result<(), XlsxError> {
        if let Some(v) = v {
            sheet.write_number_with_format(r, c, v, &score)?;
        }
        Ok(())
    };
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number(r, 0, row.rank as f64)?;
        sheet.write_string(r, 1, &row.name)?;
        let mut c: u16 = 2;
        if people {
            sheet.write_string(r, c, &row.department)?;
            c += 1;
        }
        let s = &row.scores;
        num(sheet, r, c, Some(s.weighted))?;
        for (k, v) in [
            s.intake_timeliness,
            s.intake_accuracy,
            s.efficiency,
            s.quality,
            s.supervision,
            s.recommendations,
        ]
        .into_iter()
        .enumerate()
        {
            num(sheet, r, c + 1 + k as u16, v)?;
        }
        let g = &row.figures;
        let counts = [
            g.intake_on_time,
            g.intake_measured,
            g.routed,
            g.returned,
            g.handling_on_time,
            g.handling_measured,
        ];
        let mut at = c + 7;
        for v in counts {
            sheet.write_number(r, at, v as f64)?;
            at += 1;
        }
        num(sheet, r, at, g.average_working_days)?;
        at += 1;
        for v in [
            g.satisfied,
            g.reached,
            g.reopened,
            g.closed_or_reopened,
            g.followed_through,
            g.supervised,
            g.recommendations_adopted,
            g.assists_on_time,
            g.assists_measured,
        ] {
            sheet.write_number(r, at, v as f64)?;
            at += 1;
        }
    }
    book::finish_sheet(sheet, cols.len(), rows.len() as u32)
}

/// A column chart of the departments' weighted scores, beside their table.
fn score_chart(sheet: &mut Worksheet, name: &str, n: u32) -> Result<(), XlsxError> {
    if n == 0 {
        return Ok(());
    }
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name("综合得分")
        .set_categories((name, 1, 1, n, 1))
        .set_values((name, 1, 2, n, 2));
    chart.title().set_name("各部门综合得分");
    chart.y_axis().set_min(0).set_max(100).set_name("得分");
    chart.legend().set_hidden();
    chart.set_width(760).set_height(380);
    sheet.insert_chart(n + 3, 1, &chart)?;
    Ok(())
}

fn weights_sheet(sheet: &mut Worksheet, a: &Assessment, f: &Formats) -> Result<(), XlsxError> {
    let cols = [col("考核项目", 14.0), col("权重", 8.0), col("说明", 70.0)];
    book::start_sheet(sheet, "权重与说明", &cols, f)?;
    let notes = [
        "初审、分流在期限内完成的比例（按完成初审、分流的人员及其部门计）。",
        "100 减去分流后被承办部门以“分流错误”退回的比例。",
        "处理方案、审核审批、反馈各环节在期限内完成的比例。",
        "满意率（满意数 ÷ 联系上数，联系上数为反馈时联系上的诉求人数）与（100 减重办率）的平均；未能联系上的诉求人不计入满意率。",
        "被督办的环节在督办通知规定的新期限内完成的比例；无督办的承办部门或人员计 100。",
        "本时段被采纳的决策参考建议数，与排名中最多者相比。",
    ];
    for (i, (w, note)) in a.weights.iter().zip(notes).enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &w.label)?;
        sheet.write_number(r, 1, w.weight as f64)?;
        sheet.write_string(r, 2, note)?;
    }
    let r = a.weights.len() as u32 + 2;
    sheet.write_string(
        r,
        0,
        format!("考核时段：{} 至 {}", a.period.from, a.period.to),
    )?;
    sheet.write_string(
        r + 1,
        0,
        "各项得分为0到100分；空白表示该部门或人员在此项没有可考核的业务，综合得分按其余各项的权重折算。",
    )?;
    if let Some(w) = &a.calendar_warning {
        sheet.write_string(r + 2, 0, w)?;
    }
    Ok(())
}

fn rewards_sheet(
    sheet: &mut Worksheet,
    rows: &[RewardPenaltyRecord],
    f: &Formats,
) -> Result<(), XlsxError> {
    book::start_sheet(sheet, "奖惩记录", REWARD_COLUMNS, f)?;
    for (i, x) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, x.kind.label())?;
        let (target, dept) = match (&x.department, &x.user) {
            (Some(d), _) => (d.as_str(), ""),
            (None, Some(u)) => (u.as_str(), x.user_department.as_deref().unwrap_or("")),
            (None, None) => ("", ""),
        };
        sheet.write_string(r, 1, target)?;
        sheet.write_string(r, 2, dept)?;
        sheet.write_datetime_with_format(r, 3, x.period_from, &f.date)?;
        sheet.write_datetime_with_format(r, 4, x.period_to, &f.date)?;
        sheet.write_string(r, 5, &x.reason)?;
        sheet.write_string(r, 6, &x.recorded_by)?;
        sheet.write_datetime_with_format(r, 7, x.recorded_at.naive_local(), &f.datetime)?;
    }
    book::finish_sheet(sheet, REWARD_COLUMNS.len(), rows.len() as u32)
}

/// Writes the workbook of an assessment and the rewards and penalties of its period to `out`.
pub fn write_assessment_book(
    a: &Assessment,
    rewards: &[RewardPenaltyRecord],
    out: &Path,
) -> Result<(), CoreError> {
    let mut wb = book::new_workbook(out)?;
    let f = Formats::new();
    let build = |wb: &mut rust_xlsxwriter::Workbook| -> Result<(), XlsxError> {
        let sheet = wb.add_worksheet();
        ranking_sheet(sheet, "部门考核", &a.departments, false, &f)?;
        score_chart(sheet, "部门考核", a.departments.len() as u32)?;
        ranking_sheet(wb.add_worksheet(), "人员考核", &a.people, true, &f)?;
        weights_sheet(wb.add_worksheet(), a, &f)?;
        rewards_sheet(wb.add_worksheet(), rewards, &f)
    };
    build(&mut wb).map_err(xlsx_error)?;
    book::save(&mut wb, out)
}

/// The assessment of `period` for the signed-in user (who must carry out assessment), written to
/// `out`; returns it for the caller's summary.
pub fn export_assessment(
    store: &Store,
    ctx: &Ctx<'_>,
    from: NaiveDate,
    to: NaiveDate,
    out: &Path,
) -> Result<Assessment, CoreError> {
    let period = Period::new(from, to)?;
    let a = assessment_for(store, ctx.actor, period, ctx.today())?;
    let rewards = rewards_penalties(store, ctx.actor, from, to)?;
    write_assessment_book(&a, &rewards, out)?;
    Ok(a)
}
