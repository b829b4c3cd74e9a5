//! The public portal against a real server on loopback (decision 0012), through its JSON API
//! (`/public-api/v1`): its own listener with only portal routes and the embedded app, anonymous
//! submission through the office's registration (channel 线上平台, 待初审, duplicate hints), the
//! receipt, lookup by number and query code without personal data, the per-address limits and
//! captcha, citizen accounts, 我的诉求 and rating, attachments, and bad input of every kind.

mod common;

use common::{TestOffice, any_filter, config, set_up};
use minyi_core::Store;
use minyi_core::store::settings::SettingKey;
use minyi_server::portal::{CSP, PortalConfig, app};
use serde_json::{Value, json};
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

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    }

    /// The error's code (the answer must be a portal error).
    fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or("").to_string()
    }
}

/// One HTTP/1.1 request to the portal (`Connection: close`); POSTs carry the portal's own
/// `Origin`. `content_type` is sent when given.
fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: Option<&str>,
    body: &[u8],
    extra: &[(&str, &str)],
) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if method == "POST" && !extra.iter().any(|(k, _)| *k == "Origin" || *k == "Referer") {
        req.push_str(&format!("Origin: http://{addr}\r\n"));
    }
    if let Some(ct) = content_type {
        req.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    // A body over the limit may be refused before it is read whole.
    let _ = s.write_all(body);
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

fn get(addr: SocketAddr, path: &str, extra: &[(&str, &str)]) -> Answer {
    request(addr, "GET", path, None, b"", extra)
}

/// A JSON POST.
fn post(addr: SocketAddr, path: &str, body: &Value, extra: &[(&str, &str)]) -> Answer {
    request(
        addr,
        "POST",
        path,
        Some("application/json"),
        body.to_string().as_bytes(),
        extra,
    )
}

const SUBMIT: &str = "/public-api/v1/appeals";
const LOOKUP: &str = "/public-api/v1/lookup";
const REGISTER: &str = "/public-api/v1/account/register";
const SIGN_IN: &str = "/public-api/v1/account/sign-in";
const SIGN_OUT: &str = "/public-api/v1/account/sign-out";
const MINE: &str = "/public-api/v1/mine";
const RATE: &str = "/public-api/v1/mine/rate";
const INFO: &str = "/public-api/v1/portal";

const CONTENT: &str = "小区门口的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修好。";

fn submission(phone: &str, subject: &str, content: &str) -> Value {
    json!({
        "category": "complaint",
        "subject": subject,
        "content": content,
        "name": "王五",
        "phone": phone,
        "address": "云江市西湖区学院路88号",
    })
}

/// The registration number and query code of a 201 submission.
fn receipt_of(a: &Answer) -> (String, String) {
    assert_eq!(a.status, 201, "{}", a.body);
    let r = &a.json()["receipt"]["submitted"];
    (
        r["regNumber"].as_str().unwrap().to_string(),
        r["queryCode"].as_str().unwrap().to_string(),
    )
}

fn appeal_id(office: &TestOffice, reg: &str) -> i64 {
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    minyi_core::testing::appeal_id(&store, reg)
        .unwrap()
        .unwrap()
}

#[test]
fn the_portal_listener_answers_no_staff_route_and_serves_the_app() {
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
        let a = request(portal, method, path, Some("application/json"), b"{}", &[]);
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

    // The app: its page for `/` and for every route of its own, never cached, under the CSP.
    let index = String::from_utf8(app::file("index.html").unwrap().to_vec()).unwrap();
    for path in [
        "/",
        "/submit",
        "/lookup",
        "/mine",
        "/account",
        "/disclosure",
    ] {
        let page = get(portal, path, &[]);
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.body, index, "{path}");
        assert_eq!(page.header("cache-control").unwrap(), "no-store");
        assert!(
            page.header("content-type")
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(page.header("content-security-policy").unwrap(), CSP);
        assert_eq!(page.header("x-frame-options").unwrap(), "DENY");
    }
    assert!(CSP.contains("default-src 'none'") && CSP.contains("script-src 'self'"));
    assert!(!CSP.contains("unsafe"));
    // Its built files, cached for good (their names change with their content).
    for path in app::paths().filter(|p| p.starts_with("assets/")) {
        let a = get(portal, &format!("/{path}"), &[]);
        assert_eq!(a.status, 200, "{path}");
        assert_eq!(
            a.header("cache-control").unwrap(),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(a.header("content-type").unwrap(), app::content_type(path));
        assert_eq!(
            a.header("content-length").unwrap(),
            app::file(path).unwrap().len().to_string()
        );
    }
    assert_eq!(get(portal, "/assets/missing-1234.js", &[]).status, 404);
    // An unknown API path is a JSON refusal, not the page.
    let unknown = get(portal, "/public-api/v1/nothing", &[]);
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.code(), "not_found");
    // The portal's own document names its operations only.
    let doc = get(portal, "/public-api/openapi.json", &[]).json();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/public-api/v1/appeals"));
    assert!(paths.keys().all(|p| p.starts_with("/public-api/")));
}

#[test]
fn the_portal_says_what_the_page_needs() {
    let (office, portal) = start(&[(SettingKey::ContactPhone, "0571-12345")]);
    let info = get(portal, INFO, &[]).json();
    assert_eq!(info["orgName"], "某市民意诉求管理办公室");
    assert_eq!(
        info["categories"][1],
        json!({"code": "complaint", "label": "投诉"})
    );
    assert_eq!(info["captchaNeeded"], false);
    assert_eq!(info["maxFiles"], 3);
    assert_eq!(info["maxFileMb"], 5);
    assert_eq!(info["contact"]["phone"], "0571-12345");
    assert_eq!(info["signedIn"], Value::Null);
    let _ = office;
}

#[test]
fn an_anonymous_submission_is_registered_by_the_office_rules() {
    let (office, portal) = start(&[]);
    let a = post(
        portal,
        SUBMIT,
        &submission("13812345678", "路灯不亮", CONTENT),
        &[],
    );
    let (reg, code) = receipt_of(&a);
    assert_eq!(code.len(), 8);
    // The receipt is the office's: the same sentences as the printed 受理回执.
    let receipt = &a.json()["receipt"];
    assert_eq!(receipt["orgName"], "某市民意诉求管理办公室");
    assert_eq!(receipt["salutation"], "王五：");
    let paragraphs = receipt["paragraphs"].to_string();
    assert!(paragraphs.contains("办理流程：我单位先对诉求进行初审"));
    assert!(paragraphs.contains(&format!("登记号为{reg}")));
    assert!(paragraphs.contains("预计反馈日期："));
    assert!(receipt["submitted"]["expectedFeedbackDate"].is_string());

    // The office sees it in its list: channel 线上平台, 待初审.
    let admin = office.admin();
    let list = admin
        .call_value("list_appeals", json!({ "filter": any_filter() }))
        .unwrap();
    let row = &list["rows"][0];
    assert_eq!(row["regNumber"], reg.as_str(), "{list}");
    assert_eq!(row["channel"], "portal");
    assert_eq!(row["status"], "registered");

    // Only the query code's hash is kept.
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let kept: String = store
        .sql_for_tests()
        .query_row("SELECT query_code_hash FROM portal_appeals", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept.len(), 64);
    assert!(!kept.contains(&code) && !kept.contains(&code.to_lowercase()));

    // The same person again with the same matter: registered, with the first as a likely
    // duplicate on the registration event for the appeals office.
    let b = post(
        portal,
        SUBMIT,
        &submission("13812345678", "路灯还是不亮", CONTENT),
        &[],
    );
    let (second_reg, _) = receipt_of(&b);
    let second = appeal_id(&office, &second_reg);
    let first = appeal_id(&office, &reg);
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
}

#[test]
fn a_bad_form_is_refused_with_each_problem_beside_its_field_and_nothing_stored() {
    let (office, portal) = start(&[]);
    let before = office.count("appeals");
    let a = post(
        portal,
        SUBMIT,
        &json!({ "subject": "<script>alert(1)</script>", "phone": "12345" }),
        &[],
    );
    assert_eq!(a.status, 422, "{}", a.body);
    let e = a.json();
    assert_eq!(e["code"], "validation");
    let fields = e["fields"].as_object().unwrap();
    assert!(
        fields["category"]
            .as_str()
            .unwrap()
            .contains("请选择诉求分类")
    );
    assert!(
        fields["phone"]
            .as_str()
            .unwrap()
            .contains("电话号码格式不正确")
    );
    assert!(fields.contains_key("content") && fields.contains_key("name"));
    assert!(!fields.contains_key("subject"), "{e}");
    assert!(e["message"].as_str().unwrap().contains("处需要修改"));
    // The refusal does not echo what was typed.
    assert!(!a.body.contains("script"));
    assert_eq!(office.count("appeals"), before);
    assert_eq!(office.count("portal_appeals"), 0);
}

#[test]
fn script_in_every_field_is_stored_as_text_and_returned_as_the_same_text() {
    let (office, portal) = start(&[]);
    let cookie = session_cookie(&post(
        portal,
        REGISTER,
        &json!({"phone": "13912345678", "password": "Citizen-2026"}),
        &[],
    ));
    let signed = [("Cookie", cookie.as_str())];
    let evil = "<img src=x onerror=alert(1)>";
    let a = post(
        portal,
        SUBMIT,
        &json!({
            "category": "suggestion",
            "subject": evil,
            "content": format!("{evil}{CONTENT}"),
            "name": evil,
            "phone": "13912345678",
            "address": evil,
            "email": "a@example.com",
        }),
        &signed,
    );
    let (reg, _) = receipt_of(&a);
    // JSON, not HTML: the page shows it as text.
    assert!(
        a.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let receipt = &a.json()["receipt"];
    assert_eq!(receipt["salutation"], format!("{evil}："));
    assert!(receipt["paragraphs"][0].as_str().unwrap().contains(evil));
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let stored = minyi_core::testing::appeal(&store, appeal_id(&office, &reg)).unwrap();
    assert_eq!(stored.subject, evil);
    assert!(stored.content.starts_with(evil));
    let mine = get(portal, MINE, &signed).json();
    assert_eq!(mine["appeals"][0]["subject"], evil);
}

#[test]
fn lookup_needs_number_and_code_and_shows_no_personal_data() {
    let (_office, portal) = start(&[]);
    let a = post(
        portal,
        SUBMIT,
        &submission("13812345678", "路灯不亮", CONTENT),
        &[],
    );
    let (reg, code) = receipt_of(&a);
    let found = post(
        portal,
        LOOKUP,
        &json!({"regNumber": reg, "queryCode": code.to_lowercase()}),
        &[],
    );
    assert_eq!(found.status, 200, "{}", found.body);
    let status = &found.json()["status"];
    assert_eq!(status["stage"], "已收到，等待初审");
    assert_eq!(status["regNumber"], reg.as_str());
    assert_eq!(status["category"], "投诉");
    assert_eq!(status["subject"], Value::Null);
    assert_eq!(status["reply"], Value::Null);
    assert_eq!(status["canRate"], false);
    for private in ["王五", "13812345678", "学院路", "路灯不亮", "小区门口"] {
        assert!(
            !found.body.contains(private),
            "{private} shown by the lookup"
        );
    }
    // A wrong code and a wrong number get the same answer.
    let wrong_code = post(
        portal,
        LOOKUP,
        &json!({"regNumber": reg, "queryCode": "AAAAAAAA"}),
        &[],
    );
    assert_eq!(wrong_code.status, 404);
    assert_eq!(wrong_code.code(), "not_found");
    assert!(wrong_code.body.contains("登记号或查询码不正确"));
    let wrong_number = post(
        portal,
        LOOKUP,
        &json!({"regNumber": "20200101-9999", "queryCode": code}),
        &[],
    );
    assert_eq!(wrong_number.status, 404);
    assert_eq!(wrong_number.body, wrong_code.body);
}

#[test]
fn wrong_codes_from_one_address_are_paused() {
    let (_office, portal) = start(&[(SettingKey::LockoutAddressFailures, "5")]);
    let guess = json!({"regNumber": "20261201-0001", "queryCode": "AAAAAAAA"});
    for _ in 0..5 {
        assert_eq!(post(portal, LOOKUP, &guess, &[]).status, 404);
    }
    let paused = post(portal, LOOKUP, &guess, &[]);
    assert_eq!(paused.status, 429);
    assert_eq!(paused.code(), "paused");
    assert!(paused.body.contains("已暂停"));
    // Another address (behind the proxy) is not paused.
    let other = post(
        portal,
        LOOKUP,
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
    assert_eq!(
        get(portal, INFO, &[]).json()["captchaNeeded"],
        false,
        "no captcha for the first"
    );
    let ok = post(
        portal,
        SUBMIT,
        &submission("13812345678", "路灯不亮", CONTENT),
        &[],
    );
    receipt_of(&ok);
    // The second needs one: without it nothing is stored.
    assert_eq!(get(portal, INFO, &[]).json()["captchaNeeded"], true);
    let refused = post(
        portal,
        SUBMIT,
        &submission("13912345678", "道路积水", CONTENT),
        &[],
    );
    assert_eq!(refused.status, 428, "{}", refused.body);
    assert_eq!(refused.code(), "captcha_required");
    assert!(
        refused.json()["fields"]["captcha"]
            .as_str()
            .unwrap()
            .contains("验证码")
    );
    // A new captcha: its image is a PNG; a wrong answer is refused (and uses it up).
    let captcha = request(portal, "POST", "/public-api/v1/captcha", None, b"", &[]).json();
    let id = captcha["id"].as_str().unwrap();
    let image = captcha["image"].as_str().unwrap();
    assert_eq!(image, format!("/captcha/{id}.png"));
    let png = get(portal, image, &[]);
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type").unwrap(), "image/png");
    let mut wrong = submission("13912345678", "道路积水", CONTENT);
    wrong["captchaId"] = id.into();
    wrong["captcha"] = "????".into();
    let refused = post(portal, SUBMIT, &wrong, &[]);
    assert_eq!(refused.status, 428);
    assert!(
        refused.json()["fields"]["captcha"]
            .as_str()
            .unwrap()
            .contains("验证码不正确")
    );
    // A bad form and no captcha: every problem at once, the captcha among them.
    let bad = post(portal, SUBMIT, &json!({"phone": "1"}), &[]);
    assert_eq!(bad.status, 422);
    assert!(bad.json()["fields"]["captcha"].is_string());
    assert_eq!(office.count("portal_appeals"), 1);
    // Another address is not asked.
    let elsewhere = post(
        portal,
        SUBMIT,
        &submission("13912345678", "道路积水", CONTENT),
        &[("X-Forwarded-For", "198.51.100.7")],
    );
    receipt_of(&elsewhere);
    assert_eq!(office.count("portal_appeals"), 2);
}

#[test]
fn beyond_the_hourly_limit_an_address_is_refused() {
    let (office, portal) = start(&[
        (SettingKey::PortalCaptchaAfter, "10"),
        (SettingKey::PortalHourlyLimit, "2"),
    ]);
    for subject in ["噪音", "积水"] {
        let a = post(
            portal,
            SUBMIT,
            &submission("13912345678", subject, CONTENT),
            &[],
        );
        receipt_of(&a);
    }
    let limited = post(
        portal,
        SUBMIT,
        &submission("13912345678", "噪音", CONTENT),
        &[],
    );
    assert_eq!(limited.status, 429);
    assert_eq!(limited.code(), "too_many");
    assert!(limited.body.contains("提交的诉求过多"));
    assert_eq!(office.count("portal_appeals"), 2);
}

#[test]
fn bad_requests_get_their_own_refusal_and_store_nothing() {
    let (office, portal) = start(&[]);
    // Oversized: the submission's JSON, and any other body.
    let big = "a".repeat(minyi_server::portal::BODY_LIMIT + 10);
    let mut huge = submission("13812345678", "路灯不亮", CONTENT);
    huge["content"] = big.clone().into();
    let a = post(portal, SUBMIT, &huge, &[]);
    assert_eq!(a.status, 413);
    assert_eq!(a.code(), "too_large");
    let a = post(
        portal,
        LOOKUP,
        &json!({"regNumber": big, "queryCode": "x"}),
        &[],
    );
    assert_eq!(a.status, 413);
    assert_eq!(a.code(), "too_large");
    // Malformed JSON, or JSON of another shape.
    for body in [&b"{\"category\": "[..], b"[1,2]", b"{\"subject\": 5}", b""] {
        let a = request(portal, "POST", SUBMIT, Some("application/json"), body, &[]);
        assert_eq!(a.status, 400, "{}", String::from_utf8_lossy(body));
        assert_eq!(a.code(), "malformed");
    }
    // Not JSON.
    for ct in [
        Some("application/x-www-form-urlencoded"),
        Some("text/plain"),
        None,
    ] {
        let a = request(portal, "POST", SUBMIT, ct, b"category=complaint", &[]);
        assert_eq!(a.status, 415, "{ct:?}");
        assert_eq!(a.code(), "unsupported_media_type");
        let a = request(portal, "POST", SIGN_IN, ct, b"phone=1", &[]);
        assert_eq!(a.status, 415, "{ct:?}");
    }
    // A POST from another site's page is refused before it is read (Origin, else Referer).
    let body = submission("13812345678", "路灯不亮", CONTENT);
    for header in [
        ("Origin", "https://evil.example"),
        ("Referer", "https://evil.example/form"),
    ] {
        let a = post(portal, SUBMIT, &body, &[header]);
        assert_eq!(a.status, 403, "{header:?}");
        assert_eq!(a.code(), "cross_origin");
    }
    assert_eq!(office.count("appeals"), 0);
    assert_eq!(office.count("portal_appeals"), 0);
}

fn session_cookie(a: &Answer) -> String {
    let line = a
        .head
        .lines()
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: portal_session=")
        })
        .unwrap_or_else(|| panic!("no session cookie: {} {}", a.head, a.body));
    assert!(line.contains("HttpOnly") && line.contains("SameSite=Strict"));
    let v = line.split_once(": ").unwrap().1;
    v.split(';').next().unwrap().to_string()
}

#[test]
fn a_citizen_account_sees_its_own_appeals_and_is_locked_after_wrong_passwords() {
    let (_office, portal) = start(&[(SettingKey::LockoutMaxFailures, "3")]);
    let creds = json!({"phone": "13700001111", "password": "Citizen-2026"});
    let reg = post(portal, REGISTER, &creds, &[]);
    assert_eq!(reg.status, 201, "{}", reg.body);
    assert_eq!(reg.json()["phone"], "137****1111");
    let cookie = session_cookie(&reg);
    let again = post(portal, REGISTER, &creds, &[]);
    assert_eq!(again.status, 422);
    assert!(
        again.json()["fields"]["phone"]
            .as_str()
            .unwrap()
            .contains("已经注册过")
    );
    let weak = post(
        portal,
        REGISTER,
        &json!({"phone": "13700009999", "password": "123"}),
        &[],
    );
    assert_eq!(weak.status, 422);
    assert!(weak.json()["fields"]["password"].is_string());

    // Submitted while signed in: on 我的诉求 with its subject; one submitted anonymously is not.
    let signed = [("Cookie", cookie.as_str())];
    assert_eq!(
        get(portal, INFO, &signed).json()["signedIn"],
        json!({"phone": "137****1111"})
    );
    receipt_of(&post(
        portal,
        SUBMIT,
        &submission("13700001111", "电梯故障", CONTENT),
        &signed,
    ));
    receipt_of(&post(
        portal,
        SUBMIT,
        &submission("13700001111", "别人的诉求", CONTENT),
        &[],
    ));
    let mine = get(portal, MINE, &signed);
    assert_eq!(mine.status, 200);
    let mine = mine.json();
    assert_eq!(mine["phone"], "137****1111");
    let appeals = mine["appeals"].as_array().unwrap();
    assert_eq!(appeals.len(), 1, "{mine}");
    assert_eq!(appeals[0]["subject"], "电梯故障");
    assert_eq!(appeals[0]["stage"], "已收到，等待初审");

    // Signed out: the cookie no longer works.
    let out = request(portal, "POST", SIGN_OUT, None, b"", &signed);
    assert_eq!(out.status, 204);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let gone = get(portal, MINE, &signed);
    assert_eq!(gone.status, 401);
    assert_eq!(gone.code(), "signed_out");
    assert_eq!(get(portal, INFO, &signed).json()["signedIn"], Value::Null);

    // Sign in again; an unknown number and a wrong password get the same answer; wrong
    // passwords lock the account.
    let ok = post(portal, SIGN_IN, &creds, &[]);
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json()["phone"], "137****1111");
    session_cookie(&ok);
    let unknown = post(
        portal,
        SIGN_IN,
        &json!({"phone": "13600000000", "password": "wrong-password"}),
        &[],
    );
    let wrong = json!({"phone": "13700001111", "password": "wrong-password"});
    for _ in 0..2 {
        let a = post(portal, SIGN_IN, &wrong, &[]);
        assert_eq!(a.status, 401);
        assert_eq!(a.code(), "sign_in_failed");
        assert!(a.body.contains("手机号码或密码不正确"));
        assert_eq!(a.body, unknown.body);
    }
    let locked = post(portal, SIGN_IN, &wrong, &[]);
    assert_eq!(locked.status, 423, "{}", locked.body);
    assert_eq!(locked.code(), "locked");
    assert!(locked.body.contains("账号已锁定"));
    let still = post(portal, SIGN_IN, &creds, &[]);
    assert_eq!(still.status, 423);
    assert!(still.body.contains("账号已锁定"));
}

#[test]
fn a_thousand_wrong_passwords_from_one_address_are_throttled() {
    let (_office, portal) = start(&[]);
    let creds = json!({"phone": "13700004444", "password": "Citizen-2026"});
    assert_eq!(post(portal, REGISTER, &creds, &[]).status, 201);
    let mut statuses = std::collections::BTreeMap::new();
    let started = std::time::Instant::now();
    for i in 0..1000 {
        let a = post(
            portal,
            SIGN_IN,
            &json!({"phone": format!("1360000{i:04}"), "password": "guess-guess"}),
            &[("X-Forwarded-For", "192.0.2.50")],
        );
        *statuses.entry(a.status).or_insert(0) += 1;
    }
    // The office's default: 20 failures per address, then a pause of 15 minutes.
    assert_eq!(statuses.get(&401), Some(&20), "{statuses:?}");
    assert_eq!(statuses.get(&429), Some(&980), "{statuses:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
    // Even the right password waits from that address; another address signs in.
    let paused = post(
        portal,
        SIGN_IN,
        &creds,
        &[("X-Forwarded-For", "192.0.2.50")],
    );
    assert_eq!(paused.status, 429);
    assert_eq!(paused.code(), "paused");
    let elsewhere = post(
        portal,
        SIGN_IN,
        &creds,
        &[("X-Forwarded-For", "192.0.2.51")],
    );
    assert_eq!(elsewhere.status, 200);
}

#[test]
fn the_reply_is_shown_on_my_appeals_and_rated_online_as_its_feedback() {
    let (office, portal) = start(&[]);
    let creds = json!({"phone": "13700002222", "password": "Citizen-2026"});
    let cookie = session_cookie(&post(portal, REGISTER, &creds, &[]));
    let signed = [("Cookie", cookie.as_str())];
    let body = json!({
        "category": "consultation",
        "subject": "办理居住证需要哪些材料",
        "content": "请问在本市办理居住证需要准备哪些材料，在哪里办理？",
        "name": "赵六",
        "phone": "13700002222",
    });
    let (reg, code) = receipt_of(&post(portal, SUBMIT, &body, &signed));
    let mine = get(portal, MINE, &signed).json();
    assert_eq!(mine["appeals"][0]["canRate"], false, "nothing to rate yet");
    assert_eq!(mine["appeals"][0]["reply"], Value::Null);

    // The office answers and records its reply; it has not heard the appellant's view yet.
    let admin = office.admin();
    let id = appeal_id(&office, &reg);
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
    let mine = get(portal, MINE, &signed).json();
    let appeal = &mine["appeals"][0];
    assert!(appeal["reply"].as_str().unwrap().contains("便民服务中心"));
    assert_eq!(appeal["canRate"], true);
    assert!(appeal["repliedOn"].is_string());
    // The lookup by code shows that it was answered, not the reply.
    let looked = post(
        portal,
        LOOKUP,
        &json!({"regNumber": reg, "queryCode": code}),
        &[],
    );
    assert_eq!(looked.status, 200);
    assert!(looked.json()["status"]["repliedOn"].is_string());
    assert!(!looked.body.contains("便民服务中心"));

    // Signed out, another account, a value that is no rating: refused.
    let rating = json!({"regNumber": reg, "satisfaction": "satisfied"});
    let out = post(portal, RATE, &rating, &[]);
    assert_eq!(out.status, 401);
    assert_eq!(out.code(), "signed_out");
    let other = json!({"phone": "13700003333", "password": "Citizen-2026"});
    let other_cookie = session_cookie(&post(portal, REGISTER, &other, &[]));
    let refused = post(portal, RATE, &rating, &[("Cookie", other_cookie.as_str())]);
    assert_eq!(refused.status, 409);
    assert_eq!(refused.code(), "cannot_rate");
    let bad = post(
        portal,
        RATE,
        &json!({"regNumber": reg, "satisfaction": "great"}),
        &signed,
    );
    assert_eq!(bad.status, 422);
    assert!(bad.json()["fields"]["satisfaction"].is_string());

    // Dissatisfied: recorded as the appeal's feedback, and the office's follow-up starts.
    let rating = json!({"regNumber": reg, "satisfaction": "dissatisfied"});
    let rated = post(portal, RATE, &rating, &signed);
    assert_eq!(rated.status, 204, "{}", rated.body);
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let a = minyi_core::testing::appeal(&store, id).unwrap();
    assert_eq!(a.status, minyi_core::model::Status::FollowUp);
    assert_eq!(
        a.satisfaction,
        Some(minyi_core::model::Satisfaction::Dissatisfied)
    );
    let mine = get(portal, MINE, &signed).json();
    assert_eq!(mine["appeals"][0]["satisfaction"], "不满意");
    assert_eq!(mine["appeals"][0]["canRate"], false);
    let again = post(portal, RATE, &rating, &signed);
    assert_eq!(again.status, 409, "once");
}

#[test]
fn a_published_disclosure_report_is_listed_on_the_portal() {
    let (office, portal) = start(&[]);
    let empty = get(portal, "/public-api/v1/disclosures", &[]).json();
    assert_eq!(empty, json!({"reports": []}));
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
    let list = get(portal, "/public-api/v1/disclosures", &[]).json();
    let reports = list["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 1, "{list}");
    assert!(
        reports[0]["title"]
            .as_str()
            .unwrap()
            .ends_with("民意诉求办理情况公开（2026-11-01 至 2026-11-30）"),
        "{list}"
    );
    assert_eq!(reports[0]["period"], "2026-11-01 至 2026-11-30");
    let id = reports[0]["id"].as_i64().unwrap();
    assert_eq!(id, published["id"].as_i64().unwrap());
    let page = get(portal, &format!("/disclosure/{id}"), &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("统计时段"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("style-src 'unsafe-inline'") && !csp.contains("script-src"));
    assert_eq!(get(portal, "/disclosure/999", &[]).status, 404);
    assert_eq!(get(portal, "/disclosure/x", &[]).status, 404);
    // Publishing needs the staff side and the right to compile the disclosure.
    assert!(
        office
            .client()
            .call_value("publish_disclosure", json!({ "period": period }))
            .is_err()
    );
}

/// A `multipart/form-data` body of the submission with `files` (name, bytes), as a browser
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

/// POSTs a multipart body to the submission.
fn post_files(addr: SocketAddr, body: &[u8], content_type: &str) -> Answer {
    request(addr, "POST", SUBMIT, Some(content_type), body, &[])
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
    let (reg, _) = receipt_of(&a);
    assert_eq!(
        a.json()["receipt"]["attachments"],
        json!(["门口路灯.png", "情况说明.pdf"])
    );
    // Stored as the office's attachments of the appeal, added by the portal account.
    let id = appeal_id(&office, &reg);
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
    let store = Store::open(&office.dir.path().join("minyi.db")).unwrap();
    let events = minyi_core::testing::events(&store, id).unwrap();
    assert_eq!(events.len(), 3, "registered, then two attachments");
}

#[test]
fn a_file_of_another_type_or_too_large_is_refused_in_chinese_and_nothing_is_stored() {
    let (office, portal) = start(&[]);
    let files_error = |a: &Answer| -> String {
        assert_eq!(a.status, 422, "{}", a.body);
        assert_eq!(a.code(), "validation");
        a.json()["fields"]["files"].as_str().unwrap().to_string()
    };
    // A program named as a photo: its bytes say what it is.
    let (body, ct) = multipart(&form_fields(), &[("照片.jpg", b"MZ\x90\0not a photo")]);
    assert!(files_error(&post_files(portal, &body, &ct)).contains("不是图片或PDF文件"));
    let (body, ct) = multipart(&form_fields(), &[("说明.txt", b"%PDF-1.4 but a text file")]);
    assert!(files_error(&post_files(portal, &body, &ct)).contains("不是图片或PDF文件"));
    // Over the portal's 5 MB: refused, however the office's own limit is set.
    let mut big = PNG.to_vec();
    big.resize(5 * 1024 * 1024 + 1, 0);
    let (body, ct) = multipart(&form_fields(), &[("大图.png", &big)]);
    assert!(files_error(&post_files(portal, &body, &ct)).contains("超过5MB的大小上限"));
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
    assert!(files_error(&post_files(portal, &body, &ct)).contains("最多可以上传3个附件"));
    // A good file with a bad form: nothing stored either; the form's problem beside its field.
    let mut fields = form_fields();
    fields[4] = ("phone", "12345");
    let (body, ct) = multipart(&fields, &[("门口.png", PNG)]);
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 422);
    assert!(a.json()["fields"]["phone"].is_string());
    // Beyond the route's raised limit: refused before it is read.
    let huge = vec![0u8; minyi_server::portal::SUBMIT_BODY_LIMIT + 10];
    let (body, ct) = multipart(&form_fields(), &[("巨大.pdf", &huge)]);
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 413);
    // A broken multipart body, and text parts that are not UTF-8.
    let a = post_files(portal, b"--x\r\nbroken", "multipart/form-data; boundary=x");
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "malformed");
    let (body, ct) = multipart(&[("subject", "\u{1}")], &[]);
    let body: Vec<u8> = body
        .into_iter()
        .map(|b| if b == 1 { 0xff } else { b })
        .collect();
    assert_eq!(post_files(portal, &body, &ct).status, 400);
    assert_eq!(office.count("appeals"), 0);
    assert_eq!(office.count("attachments"), 0);
    assert_eq!(stored_files(&office), 0);
}

#[test]
fn the_office_smaller_attachment_limit_holds_on_the_portal() {
    let (office, portal) = start(&[(SettingKey::AttachmentMaxMb, "1")]);
    assert_eq!(get(portal, INFO, &[]).json()["maxFileMb"], 1);
    let mut big = PNG.to_vec();
    big.resize(1024 * 1024 + 1, 0);
    let (body, ct) = multipart(&form_fields(), &[("大图.png", &big)]);
    let a = post_files(portal, &body, &ct);
    assert_eq!(a.status, 422);
    assert!(a.body.contains("超过1MB的大小上限"), "{}", a.body);
    assert_eq!(office.count("appeals"), 0);
    assert_eq!(stored_files(&office), 0);
}

/// The server as an office runs it (the binary, its log on stderr at the default level): a
/// submission, an account, a wrong password, a lookup and 我的诉求 leave nothing personal in it.
#[test]
fn no_personal_data_reaches_the_server_log() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    set_up(dir.path());
    let log = dir.path().join("server.log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_minyi-server"))
        .args(["--data-dir"])
        .arg(dir.path())
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--portal-listen",
            "127.0.0.1:0",
            "--portal-behind-proxy",
        ])
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut portal = None;
    for _ in 0..20 {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        if let Some(addr) = line.trim().strip_prefix("网上平台（面向公众）已开放：") {
            portal = Some(addr.parse::<SocketAddr>().unwrap());
            break;
        }
    }
    let portal = portal.expect("the portal's address on stdout");

    let name = "欧阳秀英";
    let phone = "13655558888";
    let address = "云江市滨江区春晓路77号";
    let email = "ouyang.xy@example.com";
    let password = "Secret-Pass-77";
    let cookie = session_cookie(&post(
        portal,
        REGISTER,
        &json!({"phone": phone, "password": password}),
        &[],
    ));
    let signed = [("Cookie", cookie.as_str())];
    let a = post(
        portal,
        SUBMIT,
        &json!({
            "category": "help", "subject": "独居老人需要帮助",
            "content": format!("{name}，住{address}，行动不便，希望社区上门帮助。"),
            "name": name, "phone": phone, "address": address, "email": email,
        }),
        &signed,
    );
    let (reg, code) = receipt_of(&a);
    assert_eq!(
        post(
            portal,
            SIGN_IN,
            &json!({"phone": phone, "password": "wrong-pass-1"}),
            &[]
        )
        .status,
        401
    );
    assert_eq!(
        post(
            portal,
            LOOKUP,
            &json!({"regNumber": reg, "queryCode": code}),
            &[]
        )
        .status,
        200
    );
    assert_eq!(get(portal, MINE, &signed).status, 200);
    let captcha = request(portal, "POST", "/public-api/v1/captcha", None, b"", &[]).json();
    let captcha_id = captcha["id"].as_str().unwrap().to_string();
    assert_eq!(
        get(portal, &format!("/captcha/{captcha_id}.png"), &[]).status,
        200
    );
    let _ = child.kill();
    let _ = child.wait();

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("/public-api/v1/appeals"),
        "the log names routes: {text}"
    );
    let token = cookie.split_once('=').unwrap().1;
    for private in [
        name,
        phone,
        address,
        email,
        password,
        "wrong-pass-1",
        &code,
        token,
        &captcha_id,
        "独居老人",
    ] {
        assert!(!text.contains(private), "{private:?} in the server's log");
    }
}
