//! The wording of a published disclosure — its title, period line, table headings, how a
//! suppressed number is shown and the footnote that explains it — shared by the three forms it is
//! published in (PDF, Excel, web page) and the app's preview, so that what the office previews is
//! word for word what goes out.
//!
//! A suppressed count is shown as "—", never as "<5": a cell hidden only so that a small one
//! cannot be subtracted out of the total is not below the threshold, and the page must not say it
//! is.

use crate::disclosure::{Disclosure, DisclosureCell};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How a suppressed number is shown.
pub const SUPPRESSED: &str = "—";

/// One published table: its heading, the heading of its label column, its cells.
#[derive(Debug, Clone, Copy)]
pub struct DisclosureTable<'a> {
    pub title: &'static str,
    pub label: &'static str,
    pub cells: &'a [DisclosureCell],
}

/// One headline figure: a count (件) or a rate (0–1); `None` when not published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub label: &'static str,
    pub value: Option<f64>,
    pub percent: bool,
}

impl Figure {
    /// "1,234 件", "92.3%", or [`SUPPRESSED`].
    pub fn text(&self) -> String {
        match self.value {
            None => SUPPRESSED.into(),
            Some(v) if self.percent => format!("{:.1}%", v * 100.0),
            Some(v) => format!("{} 件", grouped(v as i64)),
        }
    }
}

/// 12,345.
fn grouped(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A date as published: 2026年11月27日.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// One published line: a label and its value as printed; `suppressed` when the value is hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PublishedLine {
    pub label: String,
    pub text: String,
    pub suppressed: bool,
}

/// One published table as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PublishedTable {
    pub title: String,
    pub label: String,
    pub rows: Vec<PublishedLine>,
}

/// The whole disclosure as it will be published, for the app's preview: the same words, in the
/// same order, as the PDF, the workbook and the web page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureDocument {
    pub org: String,
    pub title: String,
    pub period_text: String,
    pub threshold: i64,
    pub figures: Vec<PublishedLine>,
    pub tables: Vec<PublishedTable>,
    pub footnotes: Vec<String>,
    pub any_suppressed: bool,
}

/// A published count, or [`SUPPRESSED`].
pub fn count_text(c: &DisclosureCell) -> String {
    c.count.map_or_else(|| SUPPRESSED.into(), grouped)
}

impl Disclosure {
    /// The disclosure as published by the organisation `org`.
    pub fn document(&self, org: &str) -> DisclosureDocument {
        DisclosureDocument {
            org: org.to_string(),
            title: Disclosure::title(org),
            period_text: self.period_text(),
            threshold: self.threshold,
            figures: self
                .figures()
                .iter()
                .map(|f| PublishedLine {
                    label: f.label.to_string(),
                    text: f.text(),
                    suppressed: f.value.is_none(),
                })
                .collect(),
            tables: self
                .tables()
                .iter()
                .map(|t| PublishedTable {
                    title: t.title.to_string(),
                    label: t.label.to_string(),
                    rows: t
                        .cells
                        .iter()
                        .map(|c| PublishedLine {
                            label: c.label.clone(),
                            text: count_text(c),
                            suppressed: c.count.is_none(),
                        })
                        .collect(),
                })
                .collect(),
            footnotes: self.footnotes(),
            any_suppressed: self.any_suppressed(),
        }
    }

    /// The document title for the organisation `org`.
    pub fn title(org: &str) -> String {
        format!("{org}民意诉求办理情况公开")
    }

    /// 统计时段：2026年11月1日至2026年11月30日
    pub fn period_text(&self) -> String {
        format!(
            "统计时段：{}至{}（按收到日期）",
            cn_date(self.period.from),
            cn_date(self.period.to)
        )
    }

    /// The headline figures, in order.
    pub fn figures(&self) -> [Figure; 3] {
        [
            Figure {
                label: "受理诉求总数",
                value: self.total.map(|t| t as f64),
                percent: false,
            },
            Figure {
                label: "按期办理率",
                value: self.on_time_rate,
                percent: true,
            },
            Figure {
                label: "满意率",
                value: self.satisfaction_rate,
                percent: true,
            },
        ]
    }

    /// The published tables, in order.
    pub fn tables(&self) -> [DisclosureTable<'_>; 4] {
        [
            DisclosureTable {
                title: "一、按诉求类型",
                label: "诉求类型",
                cells: &self.by_category,
            },
            DisclosureTable {
                title: "二、按受理渠道",
                label: "受理渠道",
                cells: &self.by_channel,
            },
            DisclosureTable {
                title: "三、办理结果",
                label: "办理结果",
                cells: &self.results,
            },
            DisclosureTable {
                title: "四、回访满意度",
                label: "回访结果",
                cells: &self.satisfaction,
            },
        ]
    }

    /// Whether any number of this disclosure is suppressed.
    pub fn any_suppressed(&self) -> bool {
        self.total.is_none()
            || self
                .tables()
                .iter()
                .any(|t| t.cells.iter().any(|c| c.count.is_none()))
            || self.figures().iter().any(|f| f.value.is_none())
    }

    /// The notes printed under the tables: what the rates count, and why a number shows as "—".
    pub fn footnotes(&self) -> Vec<String> {
        let t = self.threshold;
        let mut notes = vec![
            "按期办理率：初审至反馈各环节中，在规定期限内完成的比例；满意率：回访联系上的诉求人中，表示满意或基本满意的比例。".to_string(),
        ];
        if t > 1 {
            let small = if t == 2 {
                "1 件".to_string()
            } else {
                format!("1 至 {} 件", t - 1)
            };
            notes.push(format!(
                "为保护诉求人隐私，{small}的数字不予公开，以“{SUPPRESSED}”表示；同一表中只有一项不予公开时，另一项最小的数字也一并隐去，以免由合计推算得出。所依据的件数或人数少于 {t} 的比率，以及所依据的数字中有不予公开的比率，同样不予公开。"
            ));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_published() {
        let f = |value, percent| Figure {
            label: "x",
            value,
            percent,
        };
        assert_eq!(f(Some(12345.0), false).text(), "12,345 件");
        assert_eq!(f(Some(0.9234), true).text(), "92.3%");
        assert_eq!(f(None, true).text(), "—");
        assert_eq!(
            cn_date(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
            "2026年11月27日"
        );
    }
}
