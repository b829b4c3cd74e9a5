//! The portal's pages: server-rendered HTML, phone first, in Chinese, 适老化 — large type (a larger
//! mode one tap away), strong contrast, a visible label on every field, errors written beside
//! their field and announced to screen readers, nothing that needs a script (the one script only
//! adds a print button). No external fonts, styles or scripts: the CSP allows only this origin.
//! Every value from a person or the database goes through [`esc`].

use minyi_core::CoreError;
use minyi_core::model::Category;
use minyi_core::queries::portal::PortalStatus;
use minyi_core::usecases::portal_attach::{MAX_FILE_MB, MAX_FILES};
use minyi_core::usecases::portal_submit::PortalForm;
use minyi_paper::cn_date;
use minyi_service::portal::PortalReceipt;

/// HTML-escapes text for element content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What every page shares.
pub struct Frame<'a> {
    pub org: &'a str,
    pub large: bool,
    pub signed_in: bool,
}

pub fn page(f: &Frame<'_>, title: &str, body: &str) -> String {
    let account = if f.signed_in {
        r#"<a href="/mine">我的诉求</a>"#
    } else {
        r#"<a href="/account">登录</a>"#
    };
    let size = if f.large {
        "标准字号"
    } else {
        "大字模式"
    };
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {org}</title>
<link rel="stylesheet" href="/portal.css">
<script src="/portal.js" defer></script>
</head>
<body class="{class}">
<header class="top"><a class="home" href="/">{org}<br><small>民意诉求网上平台</small></a>
<form method="post" action="/text-size" class="size"><button type="submit" data-testid="text-size">{size}</button></form></header>
<nav aria-label="主要功能"><a href="/submit">我要留言</a><a href="/lookup">查询进度</a>{account}<a href="/disclosure">信息公开</a></nav>
<main id="main">
<h1>{title}</h1>
{body}
</main>
<footer>本平台仅用于向{org}提出咨询、投诉、建议和求助。紧急情况请拨打 110、120、119。</footer>
</body></html>"#,
        title = esc(title),
        org = esc(f.org),
        class = if f.large { "large" } else { "" },
    )
}

pub fn home(f: &Frame<'_>) -> String {
    let body = r#"<p class="lead">您可以在这里向我们反映问题、提出建议，并随时查询办理进度。</p>
<ul class="cards">
<li><a href="/submit" data-testid="go-submit"><strong>我要留言</strong><span>不用注册，填写后即可提交，得到登记号和查询码</span></a></li>
<li><a href="/lookup" data-testid="go-lookup"><strong>查询进度</strong><span>凭登记号和查询码查询办理情况</span></a></li>
<li><a href="/account"><strong>登录 / 注册</strong><span>用手机号码注册，查看我的全部诉求和答复</span></a></li>
<li><a href="/disclosure"><strong>信息公开</strong><span>民意诉求办理情况的定期公开报告</span></a></li>
</ul>"#;
    page(f, "民意诉求网上平台", body)
}

/// The message of each field, from the office's validation (`appellant.phone` → `phone`).
fn field_errors(errors: &[CoreError]) -> (Vec<(String, String)>, Vec<String>) {
    let mut by_field = Vec::new();
    let mut other = Vec::new();
    for e in errors {
        match e.field.as_deref() {
            Some(f) => {
                let f = f.strip_prefix("appellant.").unwrap_or(f);
                by_field.push((f.to_string(), e.message.clone()));
            }
            None => other.push(e.message.clone()),
        }
    }
    (by_field, other)
}

fn error_list(messages: &[String]) -> String {
    if messages.is_empty() {
        return String::new();
    }
    let items: String = messages
        .iter()
        .map(|m| format!("<li>{}</li>", esc(m)))
        .collect();
    format!(
        r#"<div class="errors" role="alert" data-testid="errors"><p>请修改以下内容后再提交：</p><ul>{items}</ul></div>"#
    )
}

struct Field<'a> {
    name: &'a str,
    label: &'a str,
    value: &'a str,
    required: bool,
    kind: &'a str,
    hint: &'a str,
}

fn field(f: &Field<'_>, errors: &[(String, String)]) -> String {
    let err = errors
        .iter()
        .find(|(n, _)| n == f.name)
        .map(|(_, m)| m.as_str());
    let id = format!("f-{}", f.name);
    let described = if err.is_some() {
        format!(r#" aria-invalid="true" aria-describedby="{id}-err""#)
    } else if !f.hint.is_empty() {
        format!(r#" aria-describedby="{id}-hint""#)
    } else {
        String::new()
    };
    let req = if f.required {
        r#" required aria-required="true""#
    } else {
        ""
    };
    let mark = if f.required {
        r#"<span class="req">（必填）</span>"#
    } else {
        r#"<span class="opt">（选填）</span>"#
    };
    let input = match f.kind {
        "textarea" => format!(
            r#"<textarea id="{id}" name="{n}" rows="8" maxlength="5000"{req}{described}>{v}</textarea>"#,
            n = f.name,
            v = esc(f.value)
        ),
        kind => format!(
            r#"<input id="{id}" name="{n}" type="{kind}" value="{v}"{req}{described} autocomplete="{ac}">"#,
            n = f.name,
            v = esc(f.value),
            ac = match f.name {
                "name" => "name",
                "phone" => "tel",
                "email" => "email",
                "address" => "street-address",
                _ => "off",
            }
        ),
    };
    let hint = if f.hint.is_empty() {
        String::new()
    } else {
        format!(r#"<p class="hint" id="{id}-hint">{}</p>"#, esc(f.hint))
    };
    let err = err
        .map(|m| format!(r#"<p class="field-error" id="{id}-err">{}</p>"#, esc(m)))
        .unwrap_or_default();
    format!(
        r#"<div class="field"><label for="{id}">{label}{mark}</label>{hint}{input}{err}</div>"#,
        label = esc(f.label)
    )
}

/// The captcha of a form, when one is asked.
fn captcha_field(captcha: Option<&str>, error: Option<&str>) -> String {
    let Some(id) = captcha else {
        return String::new();
    };
    let err = error
        .map(|m| {
            format!(
                r#"<p class="field-error" id="f-captcha-err">{}</p>"#,
                esc(m)
            )
        })
        .unwrap_or_default();
    format!(
        r#"<div class="field"><label for="f-captcha">验证码<span class="req">（必填）</span></label>
<p class="hint" id="f-captcha-hint">请输入图片中的字母和数字（不区分大小写）。看不清可刷新本页换一张。</p>
<img class="captcha" src="/captcha/{id}.png" alt="验证码图片" width="200" height="70">
<input type="hidden" name="captchaId" value="{id}">
<input id="f-captcha" name="captcha" type="text" required autocomplete="off" aria-describedby="f-captcha-hint" data-testid="captcha">{err}</div>"#,
        id = esc(id)
    )
}

/// The attachments field: photos or a PDF, with every problem of the files sent beside it. A
/// browser cannot fill a file input again, so after a refusal the files are chosen anew.
fn files_field(errors: &[(String, String)]) -> String {
    let problems: Vec<&str> = errors
        .iter()
        .filter(|(n, _)| n == "files")
        .map(|(_, m)| m.as_str())
        .collect();
    let (described, err) = if problems.is_empty() {
        (
            r#" aria-describedby="f-files-hint""#.to_string(),
            String::new(),
        )
    } else {
        (
            r#" aria-invalid="true" aria-describedby="f-files-hint f-files-err""#.to_string(),
            format!(
                r#"<p class="field-error" id="f-files-err">{}</p>"#,
                problems
                    .iter()
                    .map(|m| esc(m))
                    .collect::<Vec<_>>()
                    .join("<br>")
            ),
        )
    };
    format!(
        r#"<div class="field"><label for="f-files">附件<span class="opt">（选填）</span></label>
<p class="hint" id="f-files-hint">可上传照片或PDF文件，最多{n}个，每个不超过{mb}MB。{again}</p>
<input id="f-files" name="files" type="file" multiple accept="image/jpeg,image/png,image/gif,image/webp,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.pdf" data-testid="files"{described}>{err}</div>"#,
        n = MAX_FILES,
        mb = MAX_FILE_MB,
        again = if problems.is_empty() {
            ""
        } else {
            "请重新选择附件。"
        },
    )
}

pub fn submit_form(
    f: &Frame<'_>,
    form: &PortalForm,
    errors: &[CoreError],
    captcha: Option<&str>,
    captcha_error: Option<&str>,
) -> String {
    let (by_field, other) = field_errors(errors);
    let mut all: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
    if let Some(m) = captcha_error {
        all.push(m.to_string());
    }
    let _ = other;
    let cat_err = by_field
        .iter()
        .find(|(n, _)| n == "category")
        .map(|(_, m)| {
            format!(
                r#"<p class="field-error" id="f-category-err">{}</p>"#,
                esc(m)
            )
        })
        .unwrap_or_default();
    let options: String = Category::ALL
        .iter()
        .map(|c| {
            let checked = if form.category == c.code() {
                " checked"
            } else {
                ""
            };
            format!(
                r#"<label class="choice"><input type="radio" name="category" value="{code}"{checked} required> {label}</label>"#,
                code = c.code(),
                label = c.label()
            )
        })
        .collect();
    let fields = [
        Field {
            name: "subject",
            label: "标题",
            value: &form.subject,
            required: true,
            kind: "text",
            hint: "用一句话概括，例如“某小区门口路灯不亮”。",
        },
        Field {
            name: "content",
            label: "具体内容",
            value: &form.content,
            required: true,
            kind: "textarea",
            hint: "请写清时间、地点、经过和您的诉求。",
        },
        Field {
            name: "name",
            label: "姓名",
            value: &form.name,
            required: true,
            kind: "text",
            hint: "",
        },
        Field {
            name: "phone",
            label: "联系电话",
            value: &form.phone,
            required: true,
            kind: "tel",
            hint: "用于告知办理结果，不会公开。",
        },
        Field {
            name: "address",
            label: "联系地址",
            value: form.address.as_deref().unwrap_or(""),
            required: false,
            kind: "text",
            hint: "",
        },
        Field {
            name: "email",
            label: "电子邮箱",
            value: form.email.as_deref().unwrap_or(""),
            required: false,
            kind: "email",
            hint: "",
        },
    ];
    let fields: String = fields.iter().map(|x| field(x, &by_field)).collect();
    let body = format!(
        r#"{errors}<p>带“必填”的项目请务必填写。您的个人信息仅用于办理本诉求，未经您同意不会对外提供。</p>
<form method="post" action="/submit" enctype="multipart/form-data" novalidate data-testid="submit-form">
<fieldset class="field"><legend>诉求类别<span class="req">（必填）</span></legend>{options}{cat_err}</fieldset>
{fields}{files}{captcha}
<button type="submit" class="primary" data-testid="submit">提交</button>
</form>"#,
        errors = error_list(&all),
        files = files_field(&by_field),
        captcha = captcha_field(captcha, captcha_error),
    );
    page(f, "我要留言", &body)
}

pub fn receipt(f: &Frame<'_>, r: &PortalReceipt) -> String {
    let paragraphs: String = r
        .paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", esc(p)))
        .collect();
    let body = format!(
        r#"<div class="done" role="status"><p>提交成功。请记下登记号和查询码，凭它们可随时查询办理进度。</p>
<dl class="codes"><dt>登记号</dt><dd data-testid="reg-number">{reg}</dd><dt>查询码</dt><dd data-testid="query-code">{code}</dd></dl>
<p class="hint">查询码只显示这一次，请截图、打印或抄写保存。</p></div>
<p class="noprint"><button type="button" id="print" class="primary" hidden>打印或保存回执</button></p>
<article class="receipt" data-testid="receipt" aria-label="受理回执">
<h2>{org}<br>受理回执</h2>
<p class="center">登记号：{reg}</p>
<p>{salutation}</p>
{paragraphs}
{files}<p class="sign">{org}<br>{date}</p>
</article>"#,
        files = receipt_files(&r.attachments),
        reg = esc(&r.submitted.reg_number),
        code = esc(&r.submitted.query_code),
        org = esc(&r.org_name),
        salutation = esc(&r.salutation),
        date = esc(&cn_date(r.date)),
    );
    page(f, "提交成功", &body)
}

/// The files received with the submission, named on the receipt.
fn receipt_files(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let items: String = names
        .iter()
        .map(|n| format!("<li>{}</li>", esc(n)))
        .collect();
    format!(
        r#"<p>随诉求收到附件{count}个：</p><ul data-testid="receipt-files">{items}</ul>"#,
        count = names.len()
    )
}

pub fn lookup_form(
    f: &Frame<'_>,
    reg: &str,
    error: Option<&str>,
    result: Option<&PortalStatus>,
) -> String {
    let err = error
        .map(|m| {
            format!(
                r#"<div class="errors" role="alert" data-testid="errors"><p>{}</p></div>"#,
                esc(m)
            )
        })
        .unwrap_or_default();
    let found = result.map(status_card).unwrap_or_default();
    let body = format!(
        r#"{err}{found}<form method="post" action="/lookup" data-testid="lookup-form">
<div class="field"><label for="f-reg">登记号<span class="req">（必填）</span></label><p class="hint" id="f-reg-hint">在受理回执上，例如 20261201-0001。</p><input id="f-reg" name="regNumber" type="text" inputmode="numeric" value="{reg}" required aria-describedby="f-reg-hint"></div>
<div class="field"><label for="f-code">查询码<span class="req">（必填）</span></label><input id="f-code" name="queryCode" type="text" required autocomplete="off" autocapitalize="characters"></div>
<button type="submit" class="primary" data-testid="lookup">查询</button>
</form>"#,
        reg = esc(reg)
    );
    page(f, "查询办理进度", &body)
}

/// One appeal's state as a card.
pub fn status_card(s: &PortalStatus) -> String {
    let subject = s
        .subject
        .as_deref()
        .map(|t| format!("<dt>标题</dt><dd>{}</dd>", esc(t)))
        .unwrap_or_default();
    let replied = match (&s.replied_on, &s.reply) {
        (Some(d), Some(reply)) => format!(
            r#"<dt>答复（{}）</dt><dd class="reply" data-testid="reply">{}</dd>"#,
            esc(&cn_date(*d)),
            esc(reply)
        ),
        (Some(d), None) => format!("<dt>答复日期</dt><dd>{}</dd>", esc(&cn_date(*d))),
        _ => String::new(),
    };
    let rated = s
        .satisfaction
        .as_deref()
        .map(|v| {
            format!(
                r#"<dt>我的评价</dt><dd data-testid="rated">{}</dd>"#,
                esc(v)
            )
        })
        .unwrap_or_default();
    let rate = if s.can_rate {
        format!(
            r#"<form method="post" action="/mine/rate" class="rate" data-testid="rate-form">
<input type="hidden" name="regNumber" value="{reg}">
<fieldset class="field"><legend>您对答复满意吗？</legend>
<label class="choice"><input type="radio" name="satisfaction" value="satisfied" required> 满意</label>
<label class="choice"><input type="radio" name="satisfaction" value="basically_satisfied"> 基本满意</label>
<label class="choice"><input type="radio" name="satisfaction" value="dissatisfied"> 不满意</label></fieldset>
<p class="hint">选择“不满意”的，我们会与您联系沟通。</p>
<button type="submit" class="primary" data-testid="rate">提交评价</button></form>"#,
            reg = esc(&s.reg_number)
        )
    } else {
        String::new()
    };
    format!(
        r#"<section class="status" data-testid="status" aria-label="登记号 {reg}"><dl>
<dt>登记号</dt><dd>{reg}</dd>{subject}
<dt>类别</dt><dd>{cat}</dd>
<dt>收到日期</dt><dd>{received}</dd>
<dt>办理情况</dt><dd class="stage" data-testid="stage">{stage}</dd>
<dt>预计反馈日期</dt><dd>{expected}</dd>{replied}{rated}
</dl>{rate}</section>"#,
        reg = esc(&s.reg_number),
        cat = esc(&s.category),
        received = esc(&cn_date(s.received_on)),
        stage = esc(&s.stage),
        expected = esc(&cn_date(s.expected_feedback_date)),
    )
}

pub fn account(f: &Frame<'_>, error: Option<&str>, phone: &str) -> String {
    let err = error
        .map(|m| {
            format!(
                r#"<div class="errors" role="alert" data-testid="errors"><p>{}</p></div>"#,
                esc(m)
            )
        })
        .unwrap_or_default();
    let body = format!(
        r#"{err}<p>用手机号码注册后，在本平台提交的诉求和答复都可以在“我的诉求”中查看。</p>
<section aria-labelledby="h-in"><h2 id="h-in">登录</h2>
<form method="post" action="/account/sign-in" data-testid="sign-in-form">
<div class="field"><label for="f-in-phone">手机号码</label><input id="f-in-phone" name="phone" type="tel" value="{phone}" required autocomplete="tel"></div>
<div class="field"><label for="f-in-pw">密码</label><input id="f-in-pw" name="password" type="password" required autocomplete="current-password"></div>
<button type="submit" class="primary" data-testid="sign-in">登录</button></form></section>
<section aria-labelledby="h-up"><h2 id="h-up">注册</h2>
<form method="post" action="/account/register" data-testid="register-form">
<div class="field"><label for="f-up-phone">手机号码</label><input id="f-up-phone" name="phone" type="tel" required autocomplete="tel"></div>
<div class="field"><label for="f-up-pw">设置密码</label><p class="hint" id="f-up-pw-hint">至少8位，建议字母和数字混合。</p><input id="f-up-pw" name="password" type="password" required autocomplete="new-password" aria-describedby="f-up-pw-hint"></div>
<button type="submit" data-testid="register">注册并登录</button></form></section>"#,
        phone = esc(phone)
    );
    page(f, "登录 / 注册", &body)
}

pub fn mine(f: &Frame<'_>, phone: &str, appeals: &[PortalStatus]) -> String {
    let list: String = if appeals.is_empty() {
        r#"<p>还没有诉求。<a href="/submit">我要留言</a></p>"#.to_string()
    } else {
        appeals.iter().map(status_card).collect()
    };
    let body = format!(
        r#"<p>账号：{phone}</p>{list}
<form method="post" action="/account/sign-out"><button type="submit" data-testid="sign-out">退出登录</button></form>"#,
        phone = esc(&mask_phone(phone))
    );
    page(f, "我的诉求", &body)
}

pub fn disclosure(f: &Frame<'_>, reports: &[minyi_core::store::portal::PublishedReport]) -> String {
    let list = if reports.is_empty() {
        "<p>目前还没有发布的公开报告。</p>".to_string()
    } else {
        let items: String = reports
            .iter()
            .map(|r| {
                format!(
                    r#"<li><a href="/disclosure/{id}"><strong>{title}</strong><span>发布于 {at}</span></a></li>"#,
                    id = r.id,
                    title = esc(&r.title),
                    at = esc(r.published_at.get(..10).unwrap_or(&r.published_at)),
                )
            })
            .collect();
        format!(r#"<ul class="cards" data-testid="reports">{items}</ul>"#)
    };
    page(
        f,
        "信息公开",
        &format!("<p>我单位定期公开民意诉求的办理情况（按统计时段）。</p>{list}"),
    )
}

/// 138****5678: the account's number on screen (someone may look over the shoulder).
fn mask_phone(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    if chars.len() < 7 {
        return p.to_string();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// A page that only says something (a refusal, a pause).
pub fn message(f: &Frame<'_>, title: &str, text: &str) -> String {
    page(
        f,
        title,
        &format!(
            r#"<p class="errors" role="alert" data-testid="errors">{}</p><p><a href="/">返回首页</a></p>"#,
            esc(text)
        ),
    )
}

pub const CSS: &str = include_str!("portal.css");
pub const JS: &str = include_str!("portal.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
    }

    #[test]
    fn phones_are_masked() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
    }
}
