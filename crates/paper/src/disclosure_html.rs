//! The disclosure report as one self-contained web page, ready to post on the office's website:
//! UTF-8, inline CSS, no script, no image, no font or link to fetch — a web editor can upload the
//! file as it is, and it reads the same offline. It lives beside the PDF in this crate because it
//! is the same document for publication (same title, period, tables and footnotes, worded by
//! [`minyi_analysis::disclosure_text`]) in another medium, and it needs no PDF machinery, so it
//! adds no dependency.
//!
//! Every text is HTML-escaped even though a [`Disclosure`] carries only counts and fixed labels:
//! the organisation name comes from settings, which anyone with the settings right may type.

use chrono::NaiveDate;
use minyi_analysis::disclosure::Disclosure;
use minyi_analysis::disclosure_text::{cn_date, count_text};
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
body{margin:0;background:#f5f6f8;color:#222;font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;line-height:1.7}\
main{max-width:760px;margin:24px auto;background:#fff;padding:40px 56px;box-shadow:0 1px 4px rgba(0,0,0,.08)}\
.org{text-align:center;font-size:16px;margin:0}\
h1{text-align:center;font-size:26px;margin:8px 0 4px;letter-spacing:2px}\
.period{text-align:center;color:#555;margin:0 0 16px}\
hr{border:0;border-top:2px solid #c00;margin:0 0 24px}\
.figures{display:flex;gap:16px;margin:0 0 24px;padding:0;list-style:none}\
.figures li{flex:1;border:1px solid #dde3ea;border-radius:4px;padding:12px;text-align:center}\
.figures .label{display:block;color:#555;font-size:14px}\
.figures .value{display:block;font-size:24px;font-weight:bold}\
h2{font-size:18px;margin:24px 0 8px}\
table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #c8d0da;padding:6px 12px}\
th{background:#eef3f9;font-weight:bold;text-align:left}\
td.n,th.n{text-align:right;width:30%}\
td.hidden{color:#888}\
.notes{margin:24px 0 0;padding:12px 0 0;border-top:1px solid #dde3ea;color:#555;font-size:13px}\
.notes p{margin:4px 0}\
.sign{text-align:right;margin:32px 0 0}\
@media print{body{background:#fff}main{box-shadow:none;margin:0;padding:0}}\
@media (max-width:600px){main{padding:20px}.figures{flex-direction:column}}";

/// The web page of disclosure `d` for the organisation `org`, dated `issued`.
pub fn disclosure_html(d: &Disclosure, org: &str, issued: NaiveDate) -> String {
    let title = escape(&Disclosure::title(org));
    let org = escape(org);
    let mut h = String::with_capacity(8 * 1024);
    // `write!` into a String cannot fail.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <p class=\"org\">{org}</p>\n<h1>民意诉求办理情况公开</h1>\n\
         <p class=\"period\">{}</p>\n<hr>\n<ul class=\"figures\">\n",
        escape(&d.period_text())
    );
    for f in d.figures() {
        let _ = writeln!(
            h,
            "<li><span class=\"label\">{}</span><span class=\"value\">{}</span></li>",
            escape(f.label),
            escape(&f.text())
        );
    }
    h.push_str("</ul>\n");
    for t in d.tables() {
        let _ = write!(
            h,
            "<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th>\
             <th scope=\"col\" class=\"n\">件数</th></tr></thead>\n<tbody>\n",
            escape(t.title),
            escape(t.label)
        );
        for c in t.cells {
            let class = if c.count.is_none() { "n hidden" } else { "n" };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"{class}\">{}</td></tr>",
                escape(&c.label),
                escape(&count_text(c))
            );
        }
        h.push_str("</tbody>\n</table>\n</section>\n");
    }
    h.push_str("<div class=\"notes\">\n");
    for (i, n) in d.footnotes().iter().enumerate() {
        let _ = writeln!(h, "<p>注{}：{}</p>", i + 1, escape(n));
    }
    let _ = write!(
        h,
        "</div>\n<p class=\"sign\">{org}<br>{}</p>\n</main>\n</body>\n</html>\n",
        escape(&cn_date(issued))
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(
            escape("<b>\"甲\" & '乙'</b>"),
            "&lt;b&gt;&quot;甲&quot; &amp; &#39;乙&#39;&lt;/b&gt;"
        );
    }
}
