//! The portal's own OpenAPI 3.1 document (`GET /public-api/openapi.json`): the operations of
//! [`super::api`] and nothing of the staff API, whose document is the staff listener's. Built like
//! the staff one (`minyi_service::openapi`): the schemas come from the request and answer types
//! themselves through the same schemars generator, every named type once under
//! `components/schemas`, so the document cannot drift from what the handlers read and write.
//! schemathesis fuzzes the portal against it (`tests/api/fuzz.sh`).
//!
//! Each operation lists the error answers it can give, by HTTP status, each naming its
//! [`PortalErrorCode`]s; every error body is a [`PortalError`].

use super::api::*;
use super::{BODY_LIMIT, SUBMIT_BODY_LIMIT};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The codes every POST with a JSON body may answer besides its own.
const BODY_CODES: [PortalErrorCode; 4] = [
    PortalErrorCode::Malformed,
    PortalErrorCode::TooLarge,
    PortalErrorCode::UnsupportedMediaType,
    PortalErrorCode::CrossOrigin,
];

fn code_name(code: PortalErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The schemas of the requests and answers, each from its type.
struct Schemas {
    error: Value,
    info: Value,
    captcha: Value,
    submission: Value,
    submitted: Value,
    lookup_input: Value,
    lookup_answer: Value,
    credentials: Value,
    signed_in: Value,
    mine: Value,
    rate: Value,
    disclosures: Value,
}

/// The portal's OpenAPI document.
pub fn openapi() -> Value {
    let mut generator = minyi_service::openapi::generator();
    let mut schema =
        |f: fn(&mut schemars::SchemaGenerator) -> schemars::Schema| f(&mut generator).to_value();
    let s = Schemas {
        error: schema(|g| g.subschema_for::<PortalError>()),
        info: schema(|g| g.subschema_for::<PortalInfo>()),
        captcha: schema(|g| g.subschema_for::<NewCaptcha>()),
        submission: schema(|g| g.subschema_for::<SubmissionInput>()),
        submitted: schema(|g| g.subschema_for::<Submitted>()),
        lookup_input: schema(|g| g.subschema_for::<LookupInput>()),
        lookup_answer: schema(|g| g.subschema_for::<LookupAnswer>()),
        credentials: schema(|g| g.subschema_for::<Credentials>()),
        signed_in: schema(|g| g.subschema_for::<SignedIn>()),
        mine: schema(|g| g.subschema_for::<MyAppeals>()),
        rate: schema(|g| g.subschema_for::<RateInput>()),
        disclosures: schema(|g| g.subschema_for::<Disclosures>()),
    };
    let definitions = generator.take_definitions(true);
    let responses = error_responses(&s.error);
    let mut paths = Map::new();
    reading_paths(&s, &mut paths);
    submission_paths(&s, &mut paths);
    account_paths(&s, &mut paths);

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Minyi public portal (民意诉求网上平台)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of an office's public portal, on the portal's own \
                listener: submit an appeal, look one up by registration number and query code, \
                a citizen's account and its appeals, the published disclosure reports. Errors \
                are `{ code, message, fields? }` with a stable `code` and a message in Chinese. \
                Every POST must come from the portal's own origin (`Origin`, else `Referer`).",
        },
        "tags": [
            {"name": "portal", "description": "The portal itself."},
            {"name": "submit", "description": "Submitting an appeal."},
            {"name": "look-up", "description": "Looking an appeal up without an account."},
            {"name": "account", "description": "Citizens' accounts and 我的诉求."},
            {"name": "disclosure", "description": "信息公开."},
        ],
        "paths": paths,
        "components": {
            "schemas": definitions,
            "responses": responses,
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "portal_session",
                    "description": "The session cookie set by register or sign-in (HttpOnly, SameSite=Strict).",
                },
            },
        },
    })
}

/// Every error answer, described once under `components/responses`, named by its status.
fn error_responses(error: &Value) -> Map<String, Value> {
    let mut by_status: BTreeMap<u16, Vec<PortalErrorCode>> = BTreeMap::new();
    for code in PortalErrorCode::ALL {
        by_status
            .entry(code.status().as_u16())
            .or_default()
            .push(code);
    }
    by_status
        .iter()
        .map(|(status, codes)| {
            let names: Vec<String> = codes.iter().map(|c| code_name(*c)).collect();
            (
                format!("Error{status}"),
                json_response(
                    &format!("Refused or failed: `code` is {}.", names.join(" or ")),
                    error,
                ),
            )
        })
        .collect()
}

/// `answers` with a reference to the error answer of each of `codes` (and of a failure).
fn with_errors(mut answers: Value, codes: &[PortalErrorCode]) -> Value {
    for code in codes.iter().chain([&PortalErrorCode::Unavailable]) {
        let status = code.status().as_u16().to_string();
        answers[status.as_str()] = json!({"$ref": format!("#/components/responses/Error{status}")});
    }
    answers
}

/// `codes` and those every POST with a body may answer.
fn posted(codes: &[PortalErrorCode]) -> Vec<PortalErrorCode> {
    BODY_CODES.iter().chain(codes).copied().collect()
}

/// The submission as multipart: the same fields as text parts, and the files.
fn multipart_submission_schema() -> Value {
    let mut multipart_schema = json!({"type": "object", "properties": {}});
    for name in [
        "category",
        "subject",
        "content",
        "name",
        "phone",
        "address",
        "email",
        "captchaId",
        "captcha",
    ] {
        multipart_schema["properties"][name] = json!({"type": "string"});
    }
    multipart_schema["properties"]["files"] = json!({
        "type": "array",
        "maxItems": 3,
        "items": {"type": "string", "format": "binary"},
        "description": "Photos (JPG, PNG, GIF, WebP) or PDF files: the type is read from the bytes.",
    });
    multipart_schema
}

/// What anyone may read: this document, the portal's facts, a lookup, the published reports.
fn reading_paths(s: &Schemas, paths: &mut Map<String, Value>) {
    paths.insert(
        "/public-api/openapi.json".into(),
        json!({"get": {
            "operationId": "portal_openapi_document",
            "summary": "This document.",
            "tags": ["portal"],
            "responses": {"200": json_response(
                "The portal's API described for tools (OpenAPI 3.1).",
                &json!({"type": "object"}),
            )},
        }}),
    );
    paths.insert(
        "/public-api/v1/portal".into(),
        json!({"get": {
            "operationId": "portal_info",
            "summary": "What the page needs to draw itself: the office, the categories, the limits, whether a captcha is needed and who is signed in.",
            "tags": ["portal"],
            "responses": with_errors(json!({"200": json_response("The portal's facts.", &s.info)}), &[]),
        }}),
    );
    paths.insert(
        "/public-api/v1/lookup".into(),
        json!({"post": {
            "operationId": "look_up_appeal",
            "summary": "Where an appeal stands, by its registration number and query code; no personal data.",
            "description": "A wrong number and a wrong code get the same answer; too many wrong \
                answers from one address pause it for `lockout.minutes`.",
            "tags": ["look-up"],
            "requestBody": json_body(&s.lookup_input),
            "responses": with_errors(
                json!({"200": json_response("The appeal's stage and dates.", &s.lookup_answer)}),
                &posted(&[PortalErrorCode::NotFound, PortalErrorCode::Paused]),
            ),
        }}),
    );
    paths.insert(
        "/public-api/v1/disclosures".into(),
        json!({"get": {
            "operationId": "published_disclosures",
            "summary": "信息公开: the disclosure reports the office published; each one's page is `/disclosure/{id}`.",
            "tags": ["disclosure"],
            "responses": with_errors(
                json!({"200": json_response("The reports, newest period first.", &s.disclosures)}),
                &[],
            ),
        }}),
    );
}

/// Submitting an appeal, and the captcha it may need.
fn submission_paths(s: &Schemas, paths: &mut Map<String, Value>) {
    paths.insert(
        "/public-api/v1/captcha".into(),
        json!({"post": {
            "operationId": "new_captcha",
            "summary": "A new captcha (one answer, 10 minutes): its id and its image's path.",
            "tags": ["submit"],
            "responses": with_errors(
                json!({"200": json_response("The captcha.", &s.captcha)}),
                &[PortalErrorCode::CrossOrigin],
            ),
        }}),
    );
    paths.insert(
        "/public-api/v1/appeals".into(),
        json!({"post": {
            "operationId": "submit_appeal",
            "summary": "Submits an appeal (with or without an account): its receipt.",
            "description": format!(
                "JSON, or `multipart/form-data` with the same fields as text parts and up to 3 \
                 `files`. The text is held to {BODY_LIMIT} bytes, the whole body to \
                 {SUBMIT_BODY_LIMIT}. Every problem of the form is answered at once under \
                 `fields`. Once the address has submitted a few appeals within the hour \
                 (`captchaNeeded`), `captchaId` and `captcha` must answer a captcha of \
                 `POST /public-api/v1/captcha`; a captcha is used up by the submission that \
                 carries it. Nothing is stored from a refused submission."
            ),
            "tags": ["submit"],
            "requestBody": {
                "required": true,
                "content": {
                    "application/json": {"schema": s.submission},
                    "multipart/form-data": {"schema": multipart_submission_schema()},
                },
            },
            "responses": with_errors(
                json!({"201": json_response("Registered: the receipt.", &s.submitted)}),
                &posted(&[
                    PortalErrorCode::Validation,
                    PortalErrorCode::CaptchaRequired,
                    PortalErrorCode::TooMany,
                ]),
            ),
        }}),
    );
}

/// Citizens' accounts and 我的诉求.
fn account_paths(s: &Schemas, paths: &mut Map<String, Value>) {
    paths.insert(
        "/public-api/v1/account/register".into(),
        json!({"post": {
            "operationId": "register_account",
            "summary": "Opens an account (mobile number and password) and signs it in (a session cookie).",
            "tags": ["account"],
            "requestBody": json_body(&s.credentials),
            "responses": with_errors(
                json!({"201": json_response("Registered and signed in.", &s.signed_in)}),
                &posted(&[PortalErrorCode::Validation, PortalErrorCode::TooMany]),
            ),
        }}),
    );
    paths.insert(
        "/public-api/v1/account/sign-in".into(),
        json!({"post": {
            "operationId": "sign_in_account",
            "summary": "Signs an account in (a session cookie).",
            "description": "An unknown number and a wrong password get the same answer; wrong \
                passwords lock the account, and too many from one address pause it.",
            "tags": ["account"],
            "requestBody": json_body(&s.credentials),
            "responses": with_errors(
                json!({"200": json_response("Signed in.", &s.signed_in)}),
                &posted(&[
                    PortalErrorCode::SignInFailed,
                    PortalErrorCode::Locked,
                    PortalErrorCode::Paused,
                ]),
            ),
        }}),
    );
    paths.insert(
        "/public-api/v1/account/sign-out".into(),
        json!({"post": {
            "operationId": "sign_out_account",
            "summary": "Signs out: the session ends and its cookie is cleared.",
            "tags": ["account"],
            "security": [{}, {"session": []}],
            "responses": with_errors(
                json!({"204": {"description": "Signed out."}}),
                &[PortalErrorCode::CrossOrigin],
            ),
        }}),
    );
    paths.insert(
        "/public-api/v1/mine".into(),
        json!({"get": {
            "operationId": "my_appeals",
            "summary": "我的诉求: the signed-in account's appeals with their subjects and replies.",
            "tags": ["account"],
            "security": [{"session": []}],
            "responses": with_errors(
                json!({"200": json_response("The account's appeals, newest first.", &s.mine)}),
                &[PortalErrorCode::SignedOut],
            ),
        }}),
    );
    paths.insert(
        "/public-api/v1/mine/rate".into(),
        json!({"post": {
            "operationId": "rate_reply",
            "summary": "Rates the office's reply to one of the account's appeals; recorded as its feedback.",
            "tags": ["account"],
            "security": [{"session": []}],
            "requestBody": json_body(&s.rate),
            "responses": with_errors(
                json!({"204": {"description": "Recorded."}}),
                &posted(&[
                    PortalErrorCode::SignedOut,
                    PortalErrorCode::Validation,
                    PortalErrorCode::CannotRate,
                ]),
            ),
        }}),
    );
}

fn json_body(schema: &Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

fn json_response(description: &str, schema: &Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_has_the_portal_operations_only() {
        let doc = openapi();
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths.keys().all(|p| p.starts_with("/public-api/")));
        assert_eq!(paths.len(), 11);
        let submit = &doc["paths"]["/public-api/v1/appeals"]["post"];
        assert!(submit["responses"]["201"].is_object());
        assert!(submit["responses"]["422"]["$ref"].is_string());
        assert!(submit["requestBody"]["content"]["multipart/form-data"].is_object());
        let statuses: Vec<&String> = doc["components"]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert!(statuses.iter().any(|s| *s == "Error428"), "{statuses:?}");
        assert!(
            doc["components"]["schemas"]["PortalReceipt"].is_object(),
            "{}",
            doc["components"]["schemas"]
        );
    }
}
