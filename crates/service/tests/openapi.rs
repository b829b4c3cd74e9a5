//! The office server's OpenAPI document: every command of the catalogue once, exactly the routes
//! of `wire.rs`, every `$ref` found, the bearer token required where a session is, and schemas
//! that accept what serde accepts and refuse what it refuses (checked with real requests).

mod common;

use common::{assert_fits, command_schemas, complaint_form, openapi, validator};
use minyi_core::queries::list::ListFilter;
use minyi_core::usecases::register::RegisterInput;
use minyi_service::commands::appeals::{ListAppeals, RegisterAppeal};
use minyi_service::{Effect, Request, catalogue};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

fn commands_in(doc: &Value) -> Vec<&str> {
    doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter_map(|p| p.strip_prefix("/api/commands/"))
        .collect()
}

#[test]
fn the_document_is_openapi_3_1_with_every_command_once() {
    let doc = openapi();
    let text = serde_json::to_string(doc).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(&parsed, doc);
    assert_eq!(doc["openapi"], "3.1.0");

    let names: Vec<&str> = catalogue().iter().map(|e| e.name).collect();
    let mut described = commands_in(doc);
    described.sort();
    let mut expected = names.clone();
    expected.sort();
    assert_eq!(described, expected);

    let mut operation_ids = HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            if let Some(other) = operation_ids.insert(id, format!("{method} {path}")) {
                panic!("operationId {id} is used twice ({other}, {method} {path})");
            }
        }
    }
    for name in &names {
        let post = &doc["paths"][format!("/api/commands/{name}")]["post"];
        assert_eq!(post["operationId"], *name);
        assert!(
            post["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}"
        );
        // Required unless the server can read an empty body (no arguments) as the command.
        let optional = Request::parse(name, Value::Null).is_ok();
        assert_eq!(post["requestBody"]["required"], !optional, "{name}");
    }
    let body = |name: &str| {
        doc["paths"][format!("/api/commands/{name}")]["post"]["requestBody"]["required"].clone()
    };
    assert_eq!(body("route_appeal"), true);
    assert_eq!(body("vocabulary"), false);
    let route = &doc["paths"]["/api/commands/route_appeal"]["post"];
    assert_eq!(
        route["summary"],
        "Routes an accepted appeal to a department."
    );
    assert_eq!(route["x-effect"], "write");

    // Exactly the routes of wire.rs.
    let routes: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(path, _)| !path.starts_with("/api/commands/"))
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    let wire: BTreeSet<String> = [
        "GET /healthz",
        "GET /api/status",
        "POST /api/session",
        "DELETE /api/session",
        "POST /api/setup",
        "POST /api/uploads",
        "GET /api/files/{token}",
        "GET /api/events",
        "GET /api/openapi.json",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(routes, wire);
}

/// Every `$ref` in `value`, with where it is.
fn refs<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    found.push((at.clone(), v.as_str().expect("a $ref is a string")));
                } else {
                    refs(v, format!("{at}/{k}"), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves_and_every_schema_is_json_schema_2020_12() {
    let doc = openapi();
    let mut found = Vec::new();
    refs(doc, String::new(), &mut found);
    assert!(found.len() > 500, "{} refs", found.len());
    for (at, reference) in &found {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: {reference} points outside the document"));
        assert!(
            doc.pointer(pointer).is_some(),
            "{at}: {reference} resolves to nothing"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.len() > 150, "{} schemas", schemas.len());
    for (name, schema) in schemas {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "{name} is not a valid component name"
        );
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            panic!("{name} is not a valid JSON Schema: {e}");
        }
    }
    // Each reaches a type that is described.
    for name in ["AppealRowPage", "AppealDetail", "CoreError", "ServerEvent"] {
        assert!(schemas.contains_key(name), "{name}");
    }
}

#[test]
fn a_token_is_required_wherever_a_session_is() {
    let doc = openapi();
    assert_eq!(doc["security"], json!([{"bearer": []}]));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let security = |path: &str, method: &str| doc["paths"][path][method].get("security").cloned();
    for (path, method) in [
        ("/healthz", "get"),
        ("/api/session", "post"),
        ("/api/setup", "post"),
    ] {
        assert_eq!(security(path, method), Some(json!([])), "{method} {path}");
    }
    for (path, method) in [("/api/status", "get"), ("/api/session", "delete")] {
        assert_eq!(
            security(path, method),
            Some(json!([{}, {"bearer": []}])),
            "{method} {path} takes a token when one is sent"
        );
    }
    for (path, method) in [
        ("/api/uploads", "post"),
        ("/api/files/{token}", "get"),
        ("/api/events", "get"),
    ] {
        assert_eq!(security(path, method), None, "{method} {path}");
    }
    for entry in catalogue() {
        let expected = (entry.effect == Effect::Open).then(|| json!([]));
        assert_eq!(
            security(&format!("/api/commands/{}", entry.name), "post"),
            expected,
            "{}",
            entry.name
        );
    }
}

#[test]
fn errors_are_the_cores_json_under_their_status() {
    let doc = openapi();
    let responses = &doc["paths"]["/api/commands/route_appeal"]["post"]["responses"];
    let statuses: Vec<&str> = responses
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        statuses,
        ["200", "400", "401", "403", "404", "409", "423", "500"]
    );
    let conflict = &doc["components"]["responses"]["Error409"];
    let schema = &conflict["content"]["application/json"]["schema"];
    assert_fits(
        "an error",
        schema,
        &json!({"code": "conflict", "message": "该部门名称已存在。"}),
    );
    assert_fits(
        "an error",
        schema,
        &json!({"code": "validation", "message": "联系电话格式不正确。", "field": "appellant.phone"}),
    );
    assert!(!validator(schema).is_valid(&json!({"code": "oops", "message": "?"})));
    assert!(!validator(schema).is_valid(&json!({"message": "no code"})));
}

/// Whether serde and the schema agree about `args` for `name`.
#[track_caller]
fn agree(name: &str, args: Value, accepted: bool) {
    let (schema, _) = command_schemas(name);
    let fits = validator(&schema).is_valid(&args);
    let parses = Request::parse(name, args.clone()).is_ok();
    assert_eq!(parses, accepted, "serde on {name} {args}");
    assert_eq!(fits, accepted, "the schema of {name} on {args}");
}

#[test]
fn the_schemas_accept_what_serde_accepts_and_refuse_what_it_refuses() {
    let input: RegisterInput = serde_json::from_value(complaint_form()).unwrap();
    let register = serde_json::to_value(RegisterAppeal { input }).unwrap();
    agree("register_appeal", register, true);
    agree("register_appeal", json!({"input": complaint_form()}), true);
    agree("register_appeal", json!({"input": {}}), true);
    agree(
        "register_appeal",
        json!({"input": {"appellant": {"name": 5}}}),
        false,
    );
    agree("register_appeal", json!({}), false);

    let list = serde_json::to_value(ListAppeals {
        filter: ListFilter::default(),
    })
    .unwrap();
    agree("list_appeals", list, true);
    agree("list_appeals", json!({"filter": {}}), true);
    agree(
        "list_appeals",
        json!({"filter": {"statuses": ["routed", "closed"], "from": "2026-01-01", "sort": "due_asc"}}),
        true,
    );
    agree("list_appeals", json!({"filter": {"sort": "random"}}), false);
    agree(
        "list_appeals",
        json!({"filter": {"statuses": ["lost"]}}),
        false,
    );

    agree(
        "appeal_detail",
        json!({"id": 7, "personal": "masked"}),
        true,
    );
    agree(
        "appeal_detail",
        json!({"id": "13812345678", "personal": "masked"}),
        false,
    );
    agree(
        "route_appeal",
        json!({"appealId": 1, "departmentId": 2}),
        true,
    );
    agree("route_appeal", json!({"appealId": 1}), false);

    let accept = json!({"decision": "accept", "category": "complaint", "major": null});
    agree(
        "initial_review",
        json!({"appealId": 1, "input": accept}),
        true,
    );
    agree(
        "initial_review",
        json!({"appealId": 1, "input": {"decision": "reject", "reason": "不属于受理范围"}}),
        true,
    );
    agree(
        "initial_review",
        json!({"appealId": 1, "input": {"decision": "maybe"}}),
        false,
    );
    agree(
        "submit_plan",
        json!({"appealId": 1, "plan": {"kind": "help", "resourcesCoordinated": "社区"}}),
        true,
    );
    agree(
        "submit_plan",
        json!({"appealId": 1, "plan": {"kind": "complaint", "factsFound": "属实"}}),
        false,
    );
    agree("vocabulary", json!({}), true);
    agree(
        "statistics",
        json!({"query": {"period": {"from": "2026-01-01", "to": "2026-12-31"}, "granularity": "week"}}),
        true,
    );
    agree(
        "statistics",
        json!({"query": {"period": {"from": "2026-01-01"}}}),
        false,
    );
    agree(
        "statistics",
        json!({"query": {"period": {"from": "2026-02-30", "to": "2026-12-31"}}}),
        false,
    );
    // Integers within their Rust type only.
    agree("calendar_year", json!({"year": 2026}), true);
    agree("calendar_year", json!({"year": 4_294_967_296_i64}), false);
    agree("my_tasks", json!({"limit": i64::MAX}), true);
    agree("my_tasks", json!({"limit": u64::MAX}), false);
}
