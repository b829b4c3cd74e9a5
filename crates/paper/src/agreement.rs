//! 保密协议 — the confidentiality agreement every staff member who handles appeals signs
//! (regulation §七(二)2). The clauses come from the caller (the setting `paper.agreement_clauses`);
//! the built-in text is the core's
//! [`DEFAULT_AGREEMENT_CLAUSES`](minyi_core::store::print_settings::DEFAULT_AGREEMENT_CLAUSES), which
//! covers §七(二) and the Personal Information Protection Law: no disclosure without consent,
//! minimum use, no copies, duties after leaving, liability. It is kept in the core, the one place
//! that knows settings, so that the default the settings screen shows is the text that prints.

use crate::PaperError;
use crate::common::{LETTER_LH, body, cn_date, letter_head, plain};
use crate::layout::{Align, Doc, SIZE_BODY};
use chrono::NaiveDate;
use minyi_core::store::print_settings::default_agreement_clauses;

/// The staff member who signs, and the clauses (none, or only blank ones: the built-in clauses).
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    pub name: String,
    pub department: String,
    pub role: String,
    pub date: NaiveDate,
    pub clauses: Vec<String>,
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numeral(i: usize) -> String {
    match i {
        1..=10 => NUMERALS[i - 1].to_string(),
        11..=19 => format!("十{}", NUMERALS[i - 11]),
        20 => "二十".to_string(),
        _ => i.to_string(),
    }
}

/// The agreement for one staff member.
pub fn agreement(org: &str, a: &Agreement) -> Result<Vec<u8>, PaperError> {
    let mut doc = Doc::letter("保密协议")?;
    doc.begin_section(None);
    letter_head(&mut doc, org, "民意诉求工作保密协议", None)?;
    plain(&mut doc, &format!("甲方：{org}"))?;
    plain(
        &mut doc,
        &format!("乙方：{}（{}，{}）", a.name, a.department, a.role),
    )?;
    body(
        &mut doc,
        "为保护诉求人的个人信息和其他应当保密的信息，根据《中华人民共和国个人信息保护法》和本单位民意诉求管理制度关于保密的规定，乙方作为参与民意诉求处理的工作人员，承诺遵守以下条款：",
    )?;
    let defaults: Vec<String>;
    let clauses: &[String] = if a.clauses.iter().all(|c| c.trim().is_empty()) {
        defaults = default_agreement_clauses();
        &defaults
    } else {
        &a.clauses
    };
    for (i, c) in clauses.iter().filter(|c| !c.trim().is_empty()).enumerate() {
        body(&mut doc, &format!("{}、{}", numeral(i + 1), c.trim()))?;
    }
    body(
        &mut doc,
        "本协议一式两份，甲乙双方各执一份，自签署之日起生效。",
    )?;
    doc.ensure(LETTER_LH * 5.0);
    doc.gap(LETTER_LH);
    let (l, r) = (doc.left(), doc.right());
    let mid = (l + r) / 2.0;
    let lines = [
        ("甲方（盖章）：", "乙方（签名）："),
        ("", ""),
        ("日期：", &*format!("日期：{}", cn_date(a.date))),
    ];
    for (left, right) in lines {
        let top = doc.y;
        doc.line_in(left, SIZE_BODY, (l, mid), top, Align::Left)?;
        doc.line_in(right, SIZE_BODY, (mid, r), top, Align::Left)?;
        doc.gap(LETTER_LH);
    }
    doc.finish()
}
