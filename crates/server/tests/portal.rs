//! The public portal against a real server on loopback (decision 0012): its own listener with
//! only portal routes, anonymous submission through the office's registration (channel 线上平台,
//! 待初审, duplicate hints), the receipt, lookup by number and query code without personal data,
//! the per-address limits and captcha, citizen accounts, and bad input.

mod common;

use common::{ADMIN, PASSWORD, TestOffice, any_filter, config, set_up};
use minyi_core::Store;
use minyi_core::store::settings::SettingKey;
use minyi_server::portal::PortalConfig;
use serde_json::json;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

/// A server with the portal in plain HTTP (as behind the office's proxy), after `settings`.
fn start(settings: &[(SettingKey, &str)]) -> (TestOffice, SocketAddr) {
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    {
        let store = Store::open(&dir.path().join("minyi.db")).unwrap();
        for (k, v) in settings {
            minyi_core::testing::set_setting(&store, *k, v).unwrap();
        }
    }
    let server = minyi_server::spawn_with_portal(
        config(dir.path()),
        Some(PortalConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            behind_proxy: true,
        }),
    )
    .unwrap();
    let portal = server.started.portal_addr.unwrap();
    (
        TestOffice {
            dir,
            server: Some(server),
        },
        portal,
    )
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

/// One HTTP/1.1 request to the portal (`Connection: close`), with same-origin headers for POST.
fn http(addr: SocketAddr, method: &str, path: &str, body: &str, extra: &[(&str, &str)]) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if method == "POST" {
        req.push_str(&format!("Origin: http://{addr}\r\n"));
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

fn submission(phone: &str, subject: &str, content: &str) -> String {
    form(&[
        ("category", "complaint"),
        ("subject", subject),
        ("content", content),
        ("name", "王五"),
        ("phone", phone),
        ("address", "云江市西湖区学院路88号"),
    ])
}

/// The text of the element with `data-testid="{id}"` (no nested tags).
fn testid(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("data-testid=\"{id}\""))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    Some(rest[start..end].to_string())
}

const CONTENT: &str = "小区门口的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修好。";

#[test]
fn the_portal_listener_answers_no_staff_route() {
    let (office, portal) = start(&[]);
    for (method, path) in [
        ("GET", "/healthz"),
        ("GET", "/api/status"),
        ("GET", "/api/openapi.json"),
        ("GET", "/api/events"),
        ("POST", "/api/session"),
        ("POST", "/api/setup"),
        ("POST", "/api/commands/list_appeals"),
        ("POST", "/api/commands/get_vocabulary"),
        ("POST", "/api/uploads"),
        ("GET", "/api/files/x"),
    ] {
        let a = http(portal, method, path, "", &[]);
        assert_eq!(a.status, 404, "{method} {path} answered on the portal");
        assert!(!a.body.contains("\"code\""), "{path}: a staff-API answer");
    }
    // The staff side still works, on its own port.
    let admin = office.admin();
    assert!(
        admin
            .call_value("list_appeals", json!({ "filter": any_filter() }))
            .is_ok()
    );
    let home = http(portal, "GET", "/", "", &[]);
    assert_eq!(home.status, 200);
    assert!(home.body.contains("民意诉求网上平台"));
    let csp = home
        .head
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("content-security-policy:")
        })
        .unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"));
}

#[test]
fn an_anonymous_submission_is_registered_by_the_office_rules() {
    let (office, portal) = start(&[]);
    let a = http(
        portal,
        "POST",
        "/submit",
        &submission("13812345678", "路灯不亮", CONTENT),
        &[],
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let reg = testid(&a.body, "reg-number").unwrap();
    let code = testid(&a.body, "query-code").unwrap();
    assert_eq!(code.len(), 8);
    // The receipt is the office's: the same sentences as the printed 受理回执.
    assert!(a.body.contains("受理回执"));
    assert!(a.body.contains("办理流程：我单位先对诉求进行初审"));
    assert!(a.body.contains(&format!("登记号为{reg}")));
    assert!(a.body.contains("预计反馈日期："));

    // The office sees it in its list: channel 线上平台, 待初审.
    let admin = office.admin();
    let list = admin
        .call_value("list_appeals", json!({ "filter": any_filter() }))
        .unwrap();
    let row = &list["rows"][0];
    assert_eq!(row["regNumber"], reg.as_str(), "{list}");
    assert_eq!(row["channel"], "portal");
    assert_eq!(row["status"], "registered");

    // The same person again with the same matter: registered, with the first as a likely
    // duplicate on the registration event for the appeals office.
    let b = http(
        portal,
        "POST",
        "/submit",
        &submission("13812345678", "路灯还是不亮", CONTENT),
        &[],
    );
    assert_eq!(b.status, 200);
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let second = minyi_core::testing::appeal_id(&store, &testid(&b.body, "reg-number").unwrap())
        .unwrap()
        .unwrap();
    let first = minyi_core::testing::appeal_id(&store, &reg)
        .unwrap()
        .unwrap();
    let events = minyi_core::testing::events(&store, second).unwrap();
    let hints = &events[0].payload["likelyDuplicates"];
    assert_eq!(hints, &json!([first]), "{:?}", events[0].payload);
    // Registered by the built-in portal account, which cannot sign in.
    let by = minyi_core::testing::appeal(&store, first)
        .unwrap()
        .registered_by;
    assert_eq!(
        store.user(by).unwrap().username,
        minyi_core::usecases::portal_submit::PORTAL_USERNAME
    );
    assert!(office.client().sign_in("portal", "!").is_err());
    let _ = (ADMIN, PASSWORD);
}

#[test]
fn a_bad_form_is_shown_again_with_each_problem_and_nothing_stored() {
    let (office, portal) = start(&[]);
    let before = office.count("appeals");
    let a = http(
        portal,
        "POST",
        "/submit",
        &form(&[("subject", "<script>alert(1)</script>"), ("phone", "12345")]),
        &[],
    );
    assert_eq!(a.status, 400);
    assert!(a.body.contains("请选择诉求分类"));
    assert!(a.body.contains("电话号码格式不正确"));
    assert!(a.body.contains("aria-invalid=\"true\""));
    assert!(!a.body.contains("<script>alert(1)</script>"));
    assert!(
        a.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "kept and escaped"
    );
    assert_eq!(office.count("appeals"), before);
    assert_eq!(office.count("portal_appeals"), 0);
}

#[test]
fn script_in_every_field_is_stored_as_text_and_shown_escaped() {
    let (office, portal) = start(&[]);
    let evil = "<img src=x onerror=alert(1)>";
    let a = http(
        portal,
        "POST",
        "/submit",
        &form(&[
            ("category", "suggestion"),
            ("subject", evil),
            ("content", &format!("{evil}{CONTENT}")),
            ("name", evil),
            ("phone", "13912345678"),
            ("address", evil),
        ]),
        &[],
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(!a.body.contains("<img src=x"));
    assert!(a.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let id = minyi_core::testing::appeal_id(&store, &testid(&a.body, "reg-number").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(
        minyi_core::testing::appeal(&store, id).unwrap().subject,
        evil
    );
}

#[test]
fn lookup_needs_number_and_code_and_shows_no_personal_data() {
    let (_office, portal) = start(&[]);
    let a = http(
        portal,
        "POST",
        "/submit",
        &submission("13812345678", "路灯不亮", CONTENT),
        &[],
    );
    let reg = testid(&a.body, "reg-number").unwrap();
    let code = testid(&a.body, "query-code").unwrap();
    let found = http(
        portal,
        "POST",
        "/lookup",
        &form(&[("regNumber", &reg), ("queryCode", &code.to_lowercase())]),
        &[],
    );
    assert_eq!(found.status, 200);
    assert_eq!(testid(&found.body, "stage").unwrap(), "已收到，等待初审");
    for private in ["王五", "13812345678", "学院路", "路灯不亮", "小区门口"] {
        assert!(
            !found.body.contains(private),
            "{private} shown by the lookup"
        );
    }
    let wrong = http(
        portal,
        "POST",
        "/lookup",
        &form(&[("regNumber", &reg), ("queryCode", "AAAAAAAA")]),
        &[],
    );
    assert_eq!(wrong.status, 404);
    assert!(wrong.body.contains("登记号或查询码不正确"));
}

#[test]
fn wrong_codes_from_one_address_are_paused() {
    let (_office, portal) = start(&[(SettingKey::LockoutAddressFailures, "5")]);
    let guess = form(&[("regNumber", "20261201-0001"), ("queryCode", "AAAAAAAA")]);
    for _ in 0..5 {
        assert_eq!(http(portal, "POST", "/lookup", &guess, &[]).status, 404);
    }
    let paused = http(portal, "POST", "/lookup", &guess, &[]);
    assert_eq!(paused.status, 429);
    assert!(paused.body.contains("已暂停"));
    // Another address (behind the proxy) is not paused.
    let other = http(
        portal,
        "POST",
        "/lookup",
        &guess,
        &[("X-Forwarded-For", "203.0.113.9")],
    );
    assert_eq!(other.status, 404);
}

#[test]
fn a_captcha_is_asked_after_a_few_submissions_and_the_hourly_limit_holds() {
    let (office, portal) = start(&[
        (SettingKey::PortalCaptchaAfter, "1"),
        (SettingKey::PortalHourlyLimit, "2"),
    ]);
    let first = http(portal, "GET", "/submit", "", &[]);
    assert!(
        !first.body.contains("data-testid=\"captcha\""),
        "no captcha for the first"
    );
    let ok = http(
        portal,
        "POST",
        "/submit",
        &submission("13812345678", "路灯不亮", CONTENT),
        &[],
    );
    assert_eq!(ok.status, 200);
    // The second asks for one: without it nothing is stored, and the page shows a new image.
    let page = http(portal, "GET", "/submit", "", &[]);
    assert!(page.body.contains("data-testid=\"captcha\""));
    let refused = http(
        portal,
        "POST",
        "/submit",
        &submission("13912345678", "道路积水", CONTENT),
        &[],
    );
    assert_eq!(refused.status, 400);
    assert!(refused.body.contains("验证码不正确"));
    let img = refused.body.split("src=\"/captcha/").nth(1).unwrap();
    let img = &img[..img.find('"').unwrap()];
    let png = http(portal, "GET", &format!("/captcha/{img}"), "", &[]);
    assert_eq!(png.status, 200);
    assert!(png.head.contains("image/png"));
    assert_eq!(office.count("portal_appeals"), 1);
    // Another address is not asked.
    let elsewhere = http(
        portal,
        "POST",
        "/submit",
        &submission("13912345678", "道路积水", CONTENT),
        &[("X-Forwarded-For", "198.51.100.7")],
    );
    assert_eq!(elsewhere.status, 200);
    assert_eq!(office.count("portal_appeals"), 2);
}

#[test]
fn beyond_the_hourly_limit_an_address_is_refused() {
    let (office, portal) = start(&[
        (SettingKey::PortalCaptchaAfter, "10"),
        (SettingKey::PortalHourlyLimit, "2"),
    ]);
    for subject in ["噪音", "积水"] {
        let a = http(
            portal,
            "POST",
            "/submit",
            &submission("13912345678", subject, CONTENT),
            &[],
        );
        assert_eq!(a.status, 200);
    }
    let limited = http(
        portal,
        "POST",
        "/submit",
        &submission("13912345678", "噪音", CONTENT),
        &[],
    );
    assert_eq!(limited.status, 429);
    assert!(limited.body.contains("提交的诉求过多"));
    assert_eq!(office.count("portal_appeals"), 2);
}

#[test]
fn bad_requests_store_nothing() {
    let (office, portal) = start(&[]);
    let big = "a".repeat(minyi_server::portal::BODY_LIMIT + 10);
    assert_eq!(
        http(portal, "POST", "/submit", &format!("content={big}"), &[]).status,
        413
    );
    let bad = http(portal, "POST", "/submit", "%%%=&&==", &[]);
    assert!(bad.status == 400, "{}", bad.status);
    // A form posted from another site is refused before it is read.
    let mut s = TcpStream::connect(portal).unwrap();
    let body = submission("13812345678", "路灯不亮", CONTENT);
    write!(
        s,
        "POST /submit HTTP/1.1\r\nHost: {portal}\r\nOrigin: https://evil.example\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");
    assert_eq!(office.count("appeals"), 0);
}

fn session_cookie(a: &Answer) -> String {
    let line = a
        .head
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: portal_session=")
        })
        .unwrap_or_else(|| panic!("no session cookie: {}", a.head));
    assert!(line.contains("HttpOnly") && line.contains("SameSite=Strict"));
    let v = line.split_once(": ").unwrap().1;
    v.split(';').next().unwrap().to_string()
}

#[test]
fn a_citizen_account_sees_its_own_appeals_and_is_locked_after_wrong_passwords() {
    let (_office, portal) = start(&[(SettingKey::LockoutMaxFailures, "3")]);
    let creds = form(&[("phone", "13700001111"), ("password", "Citizen-2026")]);
    let reg = http(portal, "POST", "/account/register", &creds, &[]);
    assert_eq!(reg.status, 303, "{}", reg.body);
    let cookie = session_cookie(&reg);
    let again = http(portal, "POST", "/account/register", &creds, &[]);
    assert!(again.body.contains("已经注册过"));

    // Submitted while signed in: on 我的诉求 with its subject; one submitted anonymously is not.
    let signed = [("Cookie", cookie.as_str())];
    let mine_sub = http(
        portal,
        "POST",
        "/submit",
        &submission("13700001111", "电梯故障", CONTENT),
        &signed,
    );
    assert_eq!(mine_sub.status, 200);
    let _ = http(
        portal,
        "POST",
        "/submit",
        &submission("13700001111", "别人的诉求", CONTENT),
        &[],
    );
    let mine = http(portal, "GET", "/mine", "", &signed);
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains("电梯故障"));
    assert!(!mine.body.contains("别人的诉求"));
    assert!(mine.body.contains("137****1111"));

    // Signed out: the cookie no longer works.
    let out = http(portal, "POST", "/account/sign-out", "", &signed);
    assert_eq!(out.status, 303);
    let gone = http(portal, "GET", "/mine", "", &signed);
    assert_eq!(gone.status, 303);

    // Sign in again; wrong passwords lock the account.
    let ok = http(portal, "POST", "/account/sign-in", &creds, &[]);
    assert_eq!(ok.status, 303);
    let wrong = form(&[("phone", "13700001111"), ("password", "wrong-password")]);
    for _ in 0..2 {
        let a = http(portal, "POST", "/account/sign-in", &wrong, &[]);
        assert_eq!(a.status, 401);
        assert!(a.body.contains("手机号码或密码不正确"));
    }
    let locked = http(portal, "POST", "/account/sign-in", &wrong, &[]);
    assert!(locked.body.contains("账号已锁定"), "{}", locked.body);
    let still = http(portal, "POST", "/account/sign-in", &creds, &[]);
    assert!(still.body.contains("账号已锁定"));
}

#[test]
fn the_reply_is_shown_on_my_appeals_and_rated_online_as_its_feedback() {
    let (office, portal) = start(&[]);
    let creds = form(&[("phone", "13700002222"), ("password", "Citizen-2026")]);
    let cookie = session_cookie(&http(portal, "POST", "/account/register", &creds, &[]));
    let signed = [("Cookie", cookie.as_str())];
    let body = form(&[
        ("category", "consultation"),
        ("subject", "办理居住证需要哪些材料"),
        (
            "content",
            "请问在本市办理居住证需要准备哪些材料，在哪里办理？",
        ),
        ("name", "赵六"),
        ("phone", "13700002222"),
    ]);
    let sub = http(portal, "POST", "/submit", &body, &signed);
    let reg = testid(&sub.body, "reg-number").unwrap();
    let mine = http(portal, "GET", "/mine", "", &signed);
    assert!(
        !mine.body.contains("data-testid=\"rate-form\""),
        "nothing to rate yet"
    );

    // The office answers and records its reply; it has not heard the appellant's view yet.
    let admin = office.admin();
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let id = minyi_core::testing::appeal_id(&store, &reg)
        .unwrap()
        .unwrap();
    admin
        .call_value(
            "answer_directly",
            json!({ "appealId": id, "answer": "携带身份证和居住证明到街道便民服务中心办理。" }),
        )
        .unwrap();
    admin
        .call_value(
            "record_feedback",
            json!({ "appealId": id, "input": {
                "method": "message", "satisfaction": "unreachable",
                "content": "您好，办理居住证请携带身份证和居住证明到所在街道便民服务中心办理。"
            }}),
        )
        .unwrap();
    let mine = http(portal, "GET", "/mine", "", &signed);
    assert!(
        testid(&mine.body, "reply")
            .unwrap()
            .contains("便民服务中心")
    );
    assert!(mine.body.contains("data-testid=\"rate-form\""));
    // The lookup by code shows that it was answered, not the reply.
    assert!(
        !http(portal, "GET", "/lookup", "", &[])
            .body
            .contains("便民服务中心")
    );

    // Another account cannot rate it.
    let other = form(&[("phone", "13700003333"), ("password", "Citizen-2026")]);
    let other_cookie = session_cookie(&http(portal, "POST", "/account/register", &other, &[]));
    let rating = form(&[("regNumber", &reg), ("satisfaction", "satisfied")]);
    let refused = http(
        portal,
        "POST",
        "/mine/rate",
        &rating,
        &[("Cookie", other_cookie.as_str())],
    );
    assert_eq!(refused.status, 400);

    // Dissatisfied: recorded as the appeal's feedback, and the office's follow-up starts.
    let rating = form(&[("regNumber", &reg), ("satisfaction", "dissatisfied")]);
    assert_eq!(
        http(portal, "POST", "/mine/rate", &rating, &signed).status,
        303
    );
    let a = minyi_core::testing::appeal(&store, id).unwrap();
    assert_eq!(a.status, minyi_core::model::Status::FollowUp);
    assert_eq!(
        a.satisfaction,
        Some(minyi_core::model::Satisfaction::Dissatisfied)
    );
    let mine = http(portal, "GET", "/mine", "", &signed);
    assert_eq!(testid(&mine.body, "rated").unwrap(), "不满意");
    assert!(!mine.body.contains("data-testid=\"rate-form\""));
    assert_eq!(
        http(portal, "POST", "/mine/rate", &rating, &signed).status,
        400,
        "once"
    );
}

#[test]
fn a_published_disclosure_report_is_listed_on_the_portal() {
    let (office, portal) = start(&[]);
    let empty = http(portal, "GET", "/disclosure", "", &[]);
    assert!(empty.body.contains("还没有发布的公开报告"));
    let admin = office.admin();
    let period = json!({ "from": "2026-11-01", "to": "2026-11-30" });
    let published = admin
        .call_value("publish_disclosure", json!({ "period": period }))
        .unwrap();
    assert_eq!(published["period"], "2026-11-01 至 2026-11-30");
    // Publishing the period again replaces its report.
    admin
        .call_value("publish_disclosure", json!({ "period": period }))
        .unwrap();
    let list = http(portal, "GET", "/disclosure", "", &[]);
    assert_eq!(
        list.body.matches("/disclosure/").count(),
        1,
        "{}",
        list.body
    );
    assert!(
        list.body
            .contains("民意诉求办理情况公开（2026-11-01 至 2026-11-30）")
    );
    let id = published["id"].as_i64().unwrap();
    let page = http(portal, "GET", &format!("/disclosure/{id}"), "", &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("统计时段"));
    assert!(page.head.contains("style-src 'unsafe-inline'") && !page.head.contains("script-src"));
    assert_eq!(http(portal, "GET", "/disclosure/999", "", &[]).status, 404);
    // Publishing needs the staff side and the right to compile the disclosure.
    assert!(
        office
            .client()
            .call_value("publish_disclosure", json!({ "period": period }))
            .is_err()
    );
}

/// A `multipart/form-data` body of the submission form with `files` (name, bytes), as a browser
/// sends it, and its content type.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (Vec<u8>, String) {
    let b = "----minyiPortalBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend_from_slice(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    (body, format!("multipart/form-data; boundary={b}"))
}

/// POSTs a multipart body to `/submit`.
fn post_files(addr: SocketAddr, body: &[u8], content_type: &str) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST /submit HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Answer {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn form_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("category", "complaint"),
        ("subject", "路灯不亮"),
        ("content", CONTENT),
        ("name", "王五"),
        ("phone", "13812345678"),
    ]
}

/// The files below the data directory's `attachments` folder.
fn stored_files(office: &TestOffice) -> usize {
    let root = office.dir.path().join("attachments");
    let Ok(dirs) = std::fs::read_dir(root) else {
        return 0;
    };
    dirs.flatten()
        .filter_map(|d| std::fs::read_dir(d.path()).ok())
        .map(|f| f.count())
        .sum()
}

#[test]
fn photos_and_a_pdf_go_with_the_form_as_the_office_attachments_and_the_receipt_names_them() {
    let (office, portal) = start(&[]);
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let (body, ct) = multipart(
        &form_fields(),
        &[("门口路灯.png", PNG), ("情况说明.pdf", &pdf), ("", b"")],
    );
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body.contains("随诉求收到附件2个"), "{}", a.body);
    assert!(a.body.contains("<li>门口路灯.png</li>") && a.body.contains("<li>情况说明.pdf</li>"));
    // Stored as the office's attachments of the appeal, added by the portal account.
    let reg = testid(&a.body, "reg-number").unwrap();
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let id = minyi_core::testing::appeal_id(&store, &reg)
        .unwrap()
        .unwrap();
    let admin = office.admin();
    let detail = admin
        .call_value("appeal_detail", json!({ "id": id, "personal": "masked" }))
        .unwrap();
    let list = &detail["attachments"];
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["fileName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["门口路灯.png", "情况说明.pdf"], "{list}");
    assert_eq!(stored_files(&office), 2);
    let events = minyi_core::testing::events(&store, id).unwrap();
    assert_eq!(events.len(), 3, "registered, then two attachments");
    // The form offers the field, and posts as multipart.
    let page = http(portal, "GET", "/submit", "", &[]);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(page.body.contains("data-testid=\"files\""));
}

#[test]
fn a_file_of_another_type_or_too_large_is_refused_in_chinese_and_nothing_is_stored() {
    let (office, portal) = start(&[]);
    // A program named as a photo: its bytes say what it is.
    let (body, ct) = multipart(&form_fields(), &[("照片.jpg", b"MZ\x90\0not a photo")]);
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 400, "{}", a.body);
    assert!(a.body.contains("不是图片或PDF文件"), "{}", a.body);
    assert!(
        a.body
            .contains("aria-invalid=\"true\" aria-describedby=\"f-files-hint f-files-err\"")
    );
    // The form's text is kept; the files are chosen again.
    assert!(a.body.contains("路灯不亮"));
    let (body, ct) = multipart(&form_fields(), &[("说明.txt", b"%PDF-1.4 but a text file")]);
    assert!(
        post_files(portal, &body, &ct)
            .body
            .contains("不是图片或PDF文件")
    );
    // Over the portal's 5 MB: refused, however the office's own limit is set.
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let (body, ct) = multipart(&form_fields(), &[("大图.png", &big)]);
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 400);
    assert!(a.body.contains("超过5MB的大小上限"), "{}", a.body);
    // Too many files.
    let (body, ct) = multipart(
        &form_fields(),
        &[
            ("1.png", PNG),
            ("2.png", PNG),
            ("3.png", PNG),
            ("4.png", PNG),
        ],
    );
    assert!(
        post_files(portal, &body, &ct)
            .body
            .contains("最多可以上传3个附件")
    );
    // A good file with a bad form: nothing stored either.
    let mut fields = form_fields();
    fields[4] = ("phone", "12345");
    let (body, ct) = multipart(&fields, &[("门口.png", PNG)]);
    assert_eq!(post_files(portal, &body, &ct).status, 400);
    // Beyond the route's raised limit: refused before it is read.
    let huge = vec![0u8; minyi_server::portal::SUBMIT_BODY_LIMIT + 10];
    let (body, ct) = multipart(&form_fields(), &[("巨大.pdf", &huge)]);
    assert_eq!(post_files(portal, &body, &ct).status, 413);
    // A broken multipart body.
    assert_eq!(
        post_files(portal, b"--x\r\nbroken", "multipart/form-data; boundary=x").status,
        400
    );
    assert_eq!(office.count("appeals"), 0);
    assert_eq!(office.count("attachments"), 0);
    assert_eq!(stored_files(&office), 0);
}

#[test]
fn the_office_smaller_attachment_limit_holds_on_the_portal() {
    let (office, portal) = start(&[(SettingKey::AttachmentMaxMb, "1")]);
    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let (body, ct) = multipart(&form_fields(), &[("大图.png", &big)]);
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 400);
    assert!(a.body.contains("超过1MB的大小上限"), "{}", a.body);
    assert_eq!(office.count("appeals"), 0);
    assert_eq!(stored_files(&office), 0);
}
