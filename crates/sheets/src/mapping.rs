//! Which column of a batch holds which field of the registration form.
//!
//! Each online channel exports its own headers (网站: 留言人/联系电话/留言内容; 微信: 姓名/手机/
//! 内容; …), so every field has a list of synonyms matched against the headers after dropping
//! spaces, a trailing colon or asterisk and bracketed notes ("联系电话（必填）" → "联系电话"). The
//! result is a [`ColumnMapping`] — field → header text — that the caller may adjust before the
//! import (the app's wizard shows it as drop-downs; the CLI takes `--map 字段=表头`).

use minyi_core::CoreError;
use std::collections::BTreeMap;

/// A field of the registration form that a batch column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Phone,
    Address,
    IdNumber,
    Email,
    Organisation,
    ReceivedAt,
    Category,
    Urgency,
    Subject,
    Content,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::Name,
        Field::Phone,
        Field::Address,
        Field::IdNumber,
        Field::Email,
        Field::Organisation,
        Field::ReceivedAt,
        Field::Category,
        Field::Urgency,
        Field::Subject,
        Field::Content,
    ];

    /// The Chinese name of the field (also accepted in `--map`).
    pub fn label(self) -> &'static str {
        self.synonyms()[0]
    }

    /// A stable code for the field (the app's wizard sends its mapping by these).
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Address => "address",
            Field::IdNumber => "id_number",
            Field::Email => "email",
            Field::Organisation => "organisation",
            Field::ReceivedAt => "received_at",
            Field::Category => "category",
            Field::Urgency => "urgency",
            Field::Subject => "subject",
            Field::Content => "content",
        }
    }

    /// The field of a [`Field::code`].
    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.code() == code)
    }

    /// Header texts that mean this field, the label first.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "姓名",
                "诉求人",
                "联系人",
                "诉求人姓名",
                "留言人",
                "来信人",
                "反映人",
                "真实姓名",
            ],
            Field::Phone => &[
                "电话",
                "手机",
                "联系电话",
                "手机号",
                "手机号码",
                "电话号码",
                "联系方式",
                "联系手机",
            ],
            Field::Address => &[
                "地址",
                "联系地址",
                "住址",
                "通讯地址",
                "家庭住址",
                "详细地址",
            ],
            Field::IdNumber => &["身份证号", "身份证号码", "证件号码", "身份证"],
            Field::Email => &["邮箱", "电子邮箱", "电子邮件", "email", "e-mail"],
            Field::Organisation => &["单位", "工作单位", "所在单位", "单位名称"],
            Field::ReceivedAt => &[
                "时间",
                "提交时间",
                "留言时间",
                "收到时间",
                "发布时间",
                "来信时间",
                "创建时间",
                "日期",
                "提交日期",
            ],
            Field::Category => &["分类", "类别", "诉求类型", "类型", "诉求分类", "留言类型"],
            Field::Urgency => &["紧急程度", "缓急"],
            Field::Subject => &["标题", "主题", "诉求标题", "留言标题", "事项"],
            Field::Content => &[
                "内容",
                "诉求内容",
                "留言内容",
                "正文",
                "详细内容",
                "问题描述",
                "具体内容",
            ],
        }
    }

    /// Fields a batch cannot do without: without them no row could pass validation.
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Name | Field::Phone | Field::ReceivedAt | Field::Content
        )
    }

    /// Parses a field by any of its synonyms.
    pub fn parse(s: &str) -> Option<Field> {
        let k = normalise(s);
        Field::ALL
            .iter()
            .copied()
            .find(|f| f.synonyms().iter().any(|syn| normalise(syn) == k))
    }
}

/// A header as compared: no spaces, no bracketed note, no trailing colon or asterisk, ASCII
/// lowercased.
pub fn normalise(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in h.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_end_matches([':', '：', '*', '＊']).to_string()
}

/// Field → the header text of the column that fills it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnMapping {
    pub columns: BTreeMap<Field, String>,
}

/// A mapping resolved against one file: field → column index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub index: BTreeMap<Field, usize>,
}

impl Resolved {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.index.get(&f).copied()
    }
}

impl ColumnMapping {
    /// The mapping the synonyms give for `headers` (the first matching column wins).
    pub fn auto(headers: &[String]) -> Self {
        let mut columns = BTreeMap::new();
        for f in Field::ALL {
            let hit = f.synonyms().iter().find_map(|syn| {
                let k = normalise(syn);
                headers.iter().find(|h| normalise(h) == k)
            });
            if let Some(h) = hit {
                columns.insert(*f, h.clone());
            }
        }
        Self { columns }
    }

    /// Sets (or, with an empty header, clears) the column of one field.
    pub fn set(&mut self, field: Field, header: &str) {
        if header.trim().is_empty() {
            self.columns.remove(&field);
        } else {
            self.columns.insert(field, header.trim().to_string());
        }
    }

    /// The required fields that have no column yet, in form order.
    pub fn missing_required(&self) -> Vec<Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(|f| f.required() && !self.columns.contains_key(f))
            .collect()
    }

    /// Finds each mapped header in `headers`; fails with one message naming every missing column.
    pub fn resolve(&self, headers: &[String]) -> Result<Resolved, CoreError> {
        let mut index = BTreeMap::new();
        let mut unknown = Vec::new();
        for (f, h) in &self.columns {
            let k = normalise(h);
            match headers.iter().position(|x| normalise(x) == k) {
                Some(i) => {
                    index.insert(*f, i);
                }
                None => unknown.push(format!("{}→“{}”", f.label(), h)),
            }
        }
        if !unknown.is_empty() {
            return Err(CoreError::field(
                "mapping",
                format!(
                    "指定的列在文件的表头中找不到：{}。请核对表头文字后重试。",
                    unknown.join("、")
                ),
            ));
        }
        let missing: Vec<String> = Field::ALL
            .iter()
            .filter(|f| f.required() && !index.contains_key(f))
            .map(|f| format!("{}（如“{}”）", f.label(), f.synonyms()[1..3].join("”“")))
            .collect();
        if !missing.is_empty() {
            // The header texts are not echoed: when a file has no header row, its first row is an
            // appellant's personal data.
            return Err(CoreError::field(
                "mapping",
                format!(
                    "文件第一行（表头）中找不到这些列：{}。请确认选对了文件、第一行是表头；如果表头用的是别的名称，请在导入时指定列的对应关系（命令行：--map 电话=用户手机）。",
                    missing.join("、")
                ),
            ));
        }
        Ok(Resolved { index })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn synonyms_and_decorated_headers_are_recognised() {
        let headers = h(&[
            "序号",
            "留言人",
            "联系电话（必填）",
            "留言标题",
            "留言内容",
            "提交时间：",
        ]);
        let m = ColumnMapping::auto(&headers);
        let r = m.resolve(&headers).unwrap();
        assert_eq!(r.get(Field::Name), Some(1));
        assert_eq!(r.get(Field::Phone), Some(2));
        assert_eq!(r.get(Field::Subject), Some(3));
        assert_eq!(r.get(Field::Content), Some(4));
        assert_eq!(r.get(Field::ReceivedAt), Some(5));
        assert_eq!(r.get(Field::Address), None);
    }

    #[test]
    fn every_field_has_its_own_code() {
        for f in Field::ALL {
            assert_eq!(Field::from_code(f.code()), Some(*f));
        }
        assert_eq!(Field::from_code("姓名"), None, "codes, not labels");
    }

    #[test]
    fn missing_columns_are_named_and_a_mapping_can_be_adjusted() {
        let headers = h(&["昵称", "用户手机", "内容", "时间"]);
        let mut m = ColumnMapping::auto(&headers);
        let e = m.resolve(&headers).unwrap_err();
        assert!(
            e.message.contains("姓名") && e.message.contains("电话"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("昵称"), "headers are not echoed");
        assert_eq!(m.missing_required(), [Field::Name, Field::Phone]);
        m.set(Field::Name, "昵称");
        m.set(Field::parse("手机").unwrap(), "用户手机");
        assert!(m.missing_required().is_empty());
        let r = m.resolve(&headers).unwrap();
        assert_eq!(r.get(Field::Name), Some(0));
        assert_eq!(r.get(Field::Phone), Some(1));
    }
}
