//! The settings printed documents read besides the organisation's name: the clauses of the staff
//! confidentiality agreement (保密协议) and how an appellant asks about progress (咨询电话, 接待地址,
//! 接待时间 on the 受理回执).
//!
//! They live in the core, not in minyi-paper, because only the keys of [`SettingKey`] exist and
//! the core cannot depend on the paper crate: the built-in clauses are therefore defined here
//! once, stored as the setting's default, and the paper crate takes them from here. Values are checked and normalised on the way in (one clause
//! a line, numbering removed because the agreement numbers its clauses itself), so what is stored is
//! exactly what prints.

use super::settings::{self, SettingKey};
use crate::error::{CoreError, Result};
use crate::store::sql::Connection;

/// The built-in clauses, one a line: the duties of the regulation's §七(二) and of the Personal
/// Information Protection Law — no disclosure without consent, minimum use, no copies, account
/// care and reporting leaks, duties after leaving, liability.
pub const DEFAULT_AGREEMENT_CLAUSES: &str = concat!(
    "对民意诉求涉及的个人隐私、商业秘密等信息严格保密，未经诉求人同意，不得向任何单位和个人泄露。\n",
    "处理个人信息限于办理诉求所必需的范围，不得查看、使用与本人工作无关的诉求人信息，不得将个人信息用于办理诉求以外的目的。\n",
    "不得以复印、拍照、录音、下载、转发等任何方式私自留存或复制诉求材料和个人信息；因工作需要打印的材料，用毕及时归档或销毁。\n",
    "妥善保管本人账号和密码，不得转借他人使用；发现信息泄露或可能泄露的，立即报告并采取补救措施。\n",
    "调离岗位、离职或退休后，仍须履行本协议规定的保密义务，并交回全部诉求材料。\n",
    "违反本协议的，依照有关规定追究责任；给诉求人或单位造成损失的，依法承担相应的法律责任。",
);

/// At most this many clauses (the agreement numbers them 一 … 二十).
pub const MAX_CLAUSES: usize = 20;
/// At most this many characters in one clause.
pub const MAX_CLAUSE_CHARS: usize = 300;

/// How the appellant asks about progress, as printed on the receipt. Empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptContact {
    pub phone: String,
    pub address: String,
    pub hours: String,
}

impl ReceiptContact {
    /// Whether nothing is set (the receipt then prints its general sentence).
    pub fn is_empty(&self) -> bool {
        self.phone.is_empty() && self.address.is_empty() && self.hours.is_empty()
    }
}

/// The clauses in `text`: one per non-blank line, trimmed, with any leading numbering the user
/// typed ("一、", "3.", "（二）") removed.
pub fn clauses_of(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| strip_numbering(l.trim()).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The built-in clauses as a list.
pub fn default_agreement_clauses() -> Vec<String> {
    clauses_of(DEFAULT_AGREEMENT_CLAUSES)
}

/// The clauses to print: the stored setting, or the built-in ones.
pub(crate) fn agreement_clauses(conn: &Connection) -> Result<Vec<String>> {
    let clauses = clauses_of(&settings::get(conn, SettingKey::AgreementClauses)?);
    Ok(if clauses.is_empty() {
        default_agreement_clauses()
    } else {
        clauses
    })
}

/// The contact printed on the receipt.
pub(crate) fn receipt_contact(conn: &Connection) -> Result<ReceiptContact> {
    Ok(ReceiptContact {
        phone: settings::get(conn, SettingKey::ContactPhone)?,
        address: settings::get(conn, SettingKey::ContactAddress)?,
        hours: settings::get(conn, SettingKey::ContactHours)?,
    })
}

/// For a print setting, the value to store (normalised) or why it cannot be; `None` for any
/// other key.
pub(super) fn check(key: SettingKey, value: &str) -> Option<Result<String>> {
    let limit = match key {
        SettingKey::AgreementClauses => return Some(check_clauses(value)),
        SettingKey::ContactPhone => (
            40,
            "咨询电话",
            "只写号码，有分机的写成“0571-87654321转8001”",
        ),
        SettingKey::ContactAddress => (100, "接待地址", "写到能找到接待窗口为止"),
        SettingKey::ContactHours => (60, "接待时间", "例如“工作日 8:30—12:00，14:00—17:30”"),
        _ => return None,
    };
    let (max, label, how) = limit;
    let v = value.trim();
    Some(if v.contains(['\n', '\r']) {
        Err(CoreError::field(
            key.code(),
            format!("{label}请写在一行内。"),
        ))
    } else if v.chars().count() > max {
        Err(CoreError::field(
            key.code(),
            format!("{label}不能超过{max}个字，请精简：{how}。"),
        ))
    } else {
        Ok(v.to_string())
    })
}

fn check_clauses(value: &str) -> Result<String> {
    let field = |m: String| CoreError::field(SettingKey::AgreementClauses.code(), m);
    let clauses = clauses_of(value);
    if clauses.is_empty() {
        return Err(field(
            "请至少填写一条保密协议条款，或点击“恢复默认条款”。".into(),
        ));
    }
    if clauses.len() > MAX_CLAUSES {
        return Err(field(format!(
            "保密协议条款最多{MAX_CLAUSES}条，现在有{}条，请合并或删去一些。",
            clauses.len()
        )));
    }
    if let Some((i, c)) = clauses
        .iter()
        .enumerate()
        .find(|(_, c)| c.chars().count() > MAX_CLAUSE_CHARS)
    {
        return Err(field(format!(
            "第{}条有{}个字，一条最多{MAX_CLAUSE_CHARS}个字，请拆成两条或精简。",
            i + 1,
            c.chars().count()
        )));
    }
    Ok(clauses.join("\n"))
}

/// `line` without a leading "一、" / "（一）" / "1." / "1、" / "第一条".
fn strip_numbering(line: &str) -> &str {
    const CN: &str = "一二三四五六七八九十";
    let is_num = |c: char| c.is_ascii_digit() || CN.contains(c);
    if let Some(rest) = line.strip_prefix(['（', '(']) {
        let digits = rest.trim_start_matches(is_num);
        if digits.len() < rest.len()
            && let Some(after) = digits.strip_prefix(['）', ')'])
        {
            return after;
        }
        return line;
    }
    if let Some(rest) = line.strip_prefix('第') {
        let digits = rest.trim_start_matches(is_num);
        if digits.len() < rest.len()
            && let Some(after) = digits.strip_prefix('条')
        {
            return after.trim_start_matches(['、', '：', ':', ' ', '　']);
        }
        return line;
    }
    let digits = line.trim_start_matches(is_num);
    if digits.len() < line.len()
        && let Some(after) = digits.strip_prefix(['、', '.', '．', ')', '）'])
    {
        return after;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_typed_by_the_user_is_removed_but_numbers_in_the_text_stay() {
        assert_eq!(
            clauses_of(
                "一、不得泄露。\n\n  （二）不得复制。\n3. 不得转发。\n第四条 离职后仍须保密。"
            ),
            ["不得泄露。", "不得复制。", "不得转发。", "离职后仍须保密。"]
        );
        // A clause that merely starts with a number or a numeral word keeps it.
        assert_eq!(
            clauses_of("30日内交回材料。\n一律不得外传。\n（见附件）"),
            ["30日内交回材料。", "一律不得外传。", "（见附件）"]
        );
    }

    #[test]
    fn the_built_in_clauses_cover_the_duties_and_pass_their_own_check() {
        let c = default_agreement_clauses();
        assert_eq!(c.len(), 6);
        for duty in ["未经诉求人同意", "必需的范围", "复制", "离职", "法律责任"]
        {
            assert!(c.iter().any(|x| x.contains(duty)), "no clause on {duty}");
        }
        assert_eq!(
            check(SettingKey::AgreementClauses, DEFAULT_AGREEMENT_CLAUSES)
                .unwrap()
                .unwrap(),
            DEFAULT_AGREEMENT_CLAUSES
        );
    }
}
