//! The office server's API described for tools: an OpenAPI 3.1 document of exactly the routes
//! listed in [`crate::wire`], made from the [`catalogue`] and the types themselves, so that it
//! cannot drift from what the server runs. The server answers it at `GET /api/openapi.json`;
//! schemathesis fuzzes the server against it.
//!
//! Why it is shaped so:
//! - One path per command (`POST /api/commands/route_appeal`), not one path with a name
//!   parameter: each command has its own argument and output schema, and tools show them apart.
//! - Every named type is described once, under `components/schemas`, and referred to by `$ref`:
//!   one schemars generator makes them all (JSON Schema 2020-12, the dialect of OpenAPI 3.1), so a
//!   type forty commands use is one schema.
//! - The schemas say what serde accepts (schemars' deserialize contract, which reads the same
//!   `#[serde]` attributes as the derives): a field with a default, or an `Option`, may be left out
//!   of a request. Outputs are read by clients with the same `Deserialize`, and what the server
//!   writes always fits it (every field present).
//! - A command's body may be left out when its arguments all have defaults (the server reads an
//!   empty body as no arguments); otherwise it is required.
//! - Errors are the core's `{ code, message, field? }` under the HTTP status of
//!   [`wire::status_of`]; the statuses listed are exactly those of the codes the server answers
//!   with ([`wire::answered_by_server`]).
//! - A session's token (`Authorization: Bearer …`) is required everywhere except the health
//!   check, this document, sign-in, the first start and the commands that need no session
//!   ([`Effect::Open`]); the status and sign-out take one when it is sent.

use crate::command::Command;
use crate::views::{AppStatus, SetupInput};
use crate::wire::{self, Health, ServerEvent, SessionToken, SignIn, Uploaded};
use crate::{Effect, Request, catalogue};
use minyi_core::{CoreError, ErrorCode};
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Where named schemas are kept in the document.
const COMPONENTS: &str = "/components/schemas";

/// A generator of JSON Schema 2020-12 whose `$ref`s point into the document's
/// `components/schemas` (take its definitions and put them there).
pub fn generator() -> SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = COMPONENTS.into();
    settings.meta_schema = None;
    settings
        .transforms
        .push(Box::new(RecursiveTransform(bound_integers)));
    settings.into_generator()
}

/// Gives an integer the bounds of its Rust type, which schemars names only as a `format`: a
/// number beyond them is refused by serde, so the schema must not offer it (a fuzzer would).
fn bound_integers(schema: &mut Schema) {
    let (min, max): (i64, u64) = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => (i32::MIN.into(), i32::MAX as u64),
        Some("int64") => (i64::MIN, i64::MAX as u64),
        Some("uint32") => (0, u32::MAX.into()),
        Some("uint64") => (0, u64::MAX),
        Some("uint") => (0, usize::MAX as u64),
        _ => return,
    };
    if schema.get("minimum").is_none() {
        schema.insert("minimum".into(), min.into());
    }
    if schema.get("maximum").is_none() {
        schema.insert("maximum".into(), max.into());
    }
}

/// The schemas of a command's arguments and output ([`crate::Entry::schemas`]). The generator's
/// transforms reach the named schemas when their definitions are taken; these two, which may be
/// inline (an `i64`, a `Vec<…>`), get them here.
pub(crate) fn schemas<C>(generator: &mut SchemaGenerator) -> (Schema, Schema)
where
    C: Command + JsonSchema,
    C::Output: JsonSchema,
{
    let mut args = generator.subschema_for::<C>();
    let mut output = generator.subschema_for::<C::Output>();
    for transform in generator.transforms_mut() {
        transform.transform(&mut args);
        transform.transform(&mut output);
    }
    (args, output)
}

/// The OpenAPI 3.1 document of the office server.
pub fn openapi() -> Value {
    let mut generator = generator();
    let error = generator.subschema_for::<CoreError>().to_value();
    let health = generator.subschema_for::<Health>().to_value();
    let status = generator.subschema_for::<AppStatus>().to_value();
    let sign_in = generator.subschema_for::<SignIn>().to_value();
    let token = generator.subschema_for::<SessionToken>().to_value();
    let setup = generator.subschema_for::<SetupInput>().to_value();
    let uploaded = generator.subschema_for::<Uploaded>().to_value();
    let event = generator.subschema_for::<ServerEvent>().to_value();
    let commands: Vec<_> = catalogue()
        .into_iter()
        .map(|entry| {
            let (args, output) = (entry.schemas)(&mut generator);
            (entry, args.to_value(), output.to_value())
        })
        .collect();
    let definitions = generator.take_definitions(true);
    // The error answers are described once, under `components/responses`.
    let errors = error_responses(&error);
    let with_errors = |mut responses: Value| {
        for status in errors.keys() {
            responses[status.as_str()] = error_ref(status);
        }
        responses
    };

    let mut paths = Map::new();
    paths.insert(
        "/healthz".into(),
        json!({"get": {
            "operationId": "server_health",
            "summary": "Whether the server is up, its version and its database's schema version.",
            "tags": ["server"],
            "security": [],
            "responses": {"200": json_response("The server is up.", &health)},
        }}),
    );
    paths.insert(
        "/api/status".into(),
        json!({"get": {
            "operationId": "get_status",
            "summary": "Whether the office needs its first start, its name, and who the token's session is.",
            "description": "Needs no session; `session` is filled when a valid token is sent.",
            "tags": ["session"],
            "security": [{}, {"bearer": []}],
            "responses": with_errors(json!({"200": json_response("The office's status.", &status)})),
        }}),
    );
    paths.insert(
        "/api/session".into(),
        json!({
            "post": {
                "operationId": "sign_in",
                "summary": "Signs in with a username and password: a session's token.",
                "tags": ["session"],
                "security": [],
                "requestBody": json_body(&sign_in),
                "responses": with_errors(json!({"200": json_response("The session begun.", &token)})),
            },
            "delete": {
                "operationId": "sign_out",
                "summary": "Signs out: the token sent is no longer valid.",
                "description": "Answers 204 whether or not a valid token was sent.",
                "tags": ["session"],
                "security": [{}, {"bearer": []}],
                "responses": {"204": {"description": "Signed out."}},
            },
        }),
    );
    paths.insert(
        "/api/setup".into(),
        json!({"post": {
            "operationId": "first_setup",
            "summary": "The first start: the organisation and its first administrator, who is then signed in.",
            "description": "Accepted from the server machine only, and only while the office has no account.",
            "tags": ["session"],
            "security": [],
            "requestBody": json_body(&setup),
            "responses": with_errors(json!({"200": json_response("The administrator's session.", &token)})),
        }}),
    );
    for (entry, args, output) in &commands {
        let described = description(&definitions, args);
        // The server reads an empty body as no arguments.
        let mut body = json_body(args);
        body["required"] = Request::parse(entry.name, Value::Null).is_err().into();
        let mut operation = json!({
            "operationId": entry.name,
            "summary": described.map(summary).unwrap_or_else(|| entry.name.to_string()),
            "tags": ["commands"],
            "x-effect": entry.effect,
            "requestBody": body,
            "responses": with_errors(json!({"200": json_response("The command's output.", output)})),
        });
        if let Some(d) = described {
            operation["description"] = d.into();
        }
        if entry.effect == Effect::Open {
            operation["security"] = json!([]);
        }
        paths.insert(
            format!("/api/commands/{}", entry.name),
            json!({ "post": operation }),
        );
    }
    paths.insert(
        "/api/uploads".into(),
        json!({"post": {
            "operationId": "upload_file",
            "summary": "Uploads a file a command is to read (an attachment, an import, a calendar): its reference.",
            "description": "A command takes the answered `file` as its file argument; the server accepts only its own uploads.",
            "tags": ["files"],
            "parameters": [{
                "name": "name",
                "in": "query",
                "required": false,
                "description": "The file's name as the user knows it (its extension decides how it is read).",
                "schema": {"type": "string"},
            }],
            "requestBody": {
                "required": true,
                "content": {"application/octet-stream": {"schema": binary()}},
            },
            "responses": with_errors(json!({"200": json_response("The upload's reference.", &uploaded)})),
        }}),
    );
    paths.insert(
        "/api/files/{token}".into(),
        json!({"get": {
            "operationId": "download_file",
            "summary": "Downloads a file a command made (a PDF, a workbook, a report, an attachment).",
            "tags": ["files"],
            "parameters": [{
                "name": "token",
                "in": "path",
                "required": true,
                "description": "What the command answered as the file's place.",
                "schema": {"type": "string"},
            }],
            "responses": with_errors(json!({"200": {
                "description": "The file's bytes, with the Content-Type of its extension \
                    (application/pdf, the xlsx type, text/html, text/csv, images; \
                    application/octet-stream otherwise) and its name in Content-Disposition.",
                "content": {"*/*": {"schema": {}}},
            }})),
        }}),
    );
    paths.insert(
        "/api/events".into(),
        json!({"get": {
            "operationId": "event_stream",
            "summary": "The events pushed to this session, as server-sent events.",
            "description": "Each event is named after its kind (`data_changed`, `progress`) and its \
                `data` is one `ServerEvent` as JSON.",
            "tags": ["events"],
            "responses": with_errors(json!({"200": {
                "description": "A stream of server-sent events.",
                "content": {"text/event-stream": {
                    "schema": {"type": "string"},
                    "x-item-schema": event,
                }},
            }})),
        }}),
    );
    paths.insert(
        "/api/openapi.json".into(),
        json!({"get": {
            "operationId": "openapi_document",
            "summary": "This document.",
            "tags": ["server"],
            "security": [],
            "responses": with_errors(json!({"200": json_response(
                "The API described for tools (OpenAPI 3.1).",
                &json!({"type": "object"}),
            )})),
        }}),
    );

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Minyi office server (民意诉求管理系统)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The staff API of a Minyi office server: every operation of the command \
                surface as `POST /api/commands/{name}`, with sign-in, the first start, file transfer \
                and pushed events. Errors are `{ code, message, field? }` with a stable `code`.",
        },
        "tags": [
            {"name": "session", "description": "Sign-in, sign-out, the first start and the office's status."},
            {"name": "commands", "description": "The operations of the command surface."},
            {"name": "files", "description": "Files in (uploads) and out (what commands made)."},
            {"name": "events", "description": "What the server pushes to a signed-in client."},
            {"name": "server", "description": "The server itself."},
        ],
        "paths": paths,
        "components": {
            "schemas": definitions,
            "responses": errors
                .into_iter()
                .map(|(status, response)| (format!("Error{status}"), response))
                .collect::<Map<String, Value>>(),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The token of `POST /api/session` (or `POST /api/setup`).",
                },
            },
        },
        "security": [{"bearer": []}],
    })
}

fn json_body(schema: &Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": schema}}})
}

fn json_response(description: &str, schema: &Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// The error answer of `status` (see [`error_responses`]).
fn error_ref(status: &str) -> Value {
    json!({"$ref": format!("#/components/responses/Error{status}")})
}

fn binary() -> Value {
    json!({"type": "string", "format": "binary"})
}

/// One response per HTTP status the server answers an error code with, naming its codes.
fn error_responses(error: &Value) -> BTreeMap<String, Value> {
    let mut codes: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for code in error_codes() {
        let parsed: ErrorCode = serde_json::from_value(Value::String(code.clone()))
            .expect("the schema of ErrorCode names its values");
        if wire::answered_by_server(parsed) {
            codes.entry(wire::status_of(parsed)).or_default().push(code);
        }
    }
    codes
        .into_iter()
        .map(|(status, codes)| {
            let description = format!("Refused or failed: `code` is {}.", codes.join(" or "));
            (status.to_string(), json_response(&description, error))
        })
        .collect()
}

/// Every error code, read from its own schema (so none is left out when one is added).
fn error_codes() -> Vec<String> {
    let schema = SchemaGenerator::default().into_root_schema_for::<ErrorCode>();
    let mut found = Vec::new();
    collect_strings(schema.as_value(), &mut found);
    found
}

/// The string values an enum's schema admits (`enum`, `const`, and those of `oneOf`).
fn collect_strings(schema: &Value, found: &mut Vec<String>) {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        found.extend(values.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(value) = schema.get("const").and_then(Value::as_str) {
        found.push(value.to_string());
    }
    for variant in schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect_strings(variant, found);
    }
}

/// The doc comment of a command's type, which schemars keeps as its schema's description.
fn description<'a>(definitions: &'a Map<String, Value>, schema: &'a Value) -> Option<&'a str> {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => definitions.get(r.strip_prefix(&format!("#{COMPONENTS}/"))?)?,
        None => schema,
    };
    schema.get("description").and_then(Value::as_str)
}

/// The first sentence of a doc comment, on one line.
fn summary(doc: &str) -> String {
    let paragraph = doc.split("\n\n").next().unwrap_or(doc).replace('\n', " ");
    let mut end = paragraph.len();
    for (i, _) in paragraph.match_indices(". ") {
        let before = &paragraph[..i];
        if !before.ends_with("e.g") && !before.ends_with("i.e") {
            end = i + 1;
            break;
        }
    }
    paragraph[..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_the_first_sentence() {
        assert_eq!(summary("Registers an appeal."), "Registers an appeal.");
        assert_eq!(
            summary(
                "Prints `document` of an appeal. Documents with the appellant's data\nin full."
            ),
            "Prints `document` of an appeal."
        );
        assert_eq!(
            summary("The id of the appeal (e.g. ZX-1) or\nits number.\n\nMore."),
            "The id of the appeal (e.g. ZX-1) or its number."
        );
    }

    #[test]
    fn every_error_code_is_answered_with_its_status() {
        let codes = error_codes();
        assert!(codes.contains(&"not_signed_in".to_string()), "{codes:?}");
        let responses = error_responses(&json!({}));
        let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(statuses, ["400", "401", "403", "404", "409", "423", "500"]);
        let conflict = responses["409"]["description"].as_str().unwrap();
        assert!(conflict.contains("invalid_state or conflict"), "{conflict}");
    }
}
