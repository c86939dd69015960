//! The OpenAPI document: the hand-written routes' annotations (utoipa), then one operation
//! per declared use case, built from its declaration: its name, route, status, who may call
//! it, the schema of its input (split into path, query and body as the route says) and of
//! its output, with each field's constraints from the type that parses it. Responses are
//! linked to the operations that take the ids they carry ([`links`]), so a client or a
//! fuzzer can follow what it created.

mod links;

use std::any::type_name;

use rehearsalhub_core::case::{self, Visit};
use rehearsalhub_core::{UseCase, Who};
use serde_json::{Map, Value, json};
use utoipa::{IntoResponses, ToSchema};

use crate::cases::HAND_WRITTEN;
use crate::error::{Errors, Limited};

type Schemas = Vec<(
    String,
    utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
)>;

/// The whole document: `base` (the hand-written routes, the components they name, the
/// security scheme) with every declared use case added.
pub fn document(base: &utoipa::openapi::OpenApi) -> Value {
    let mut doc = serde_json::to_value(base).unwrap_or_else(|_| json!({}));
    let mut builder = Builder {
        paths: take_object(&mut doc, "paths"),
        schemas: Map::new(),
        errors: serde_json::to_value(Errors::responses()).unwrap_or_default(),
        limited: serde_json::to_value(Limited::responses()).unwrap_or_default(),
    };
    case::each(&mut builder);
    let components = doc
        .as_object_mut()
        .map(|d| d.entry("components").or_insert_with(|| json!({})));
    if let Some(Value::Object(components)) = components {
        let schemas = components.entry("schemas").or_insert_with(|| json!({}));
        if let Value::Object(schemas) = schemas {
            schemas.extend(builder.schemas);
        }
    }
    doc["paths"] = Value::Object(builder.paths);
    links::add(&mut doc);
    doc
}

fn take_object(doc: &mut Value, key: &str) -> Map<String, Value> {
    match doc.get_mut(key).map(Value::take) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

struct Builder {
    paths: Map<String, Value>,
    schemas: Map<String, Value>,
    errors: Value,
    limited: Value,
}

impl Visit for Builder {
    fn case<U: UseCase>(&mut self) {
        if HAND_WRITTEN.contains(&U::NAME) {
            return;
        }
        let operation = self.operation::<U>();
        let path = self.paths.entry(U::ROUTE.path).or_insert_with(|| json!({}));
        path[U::ROUTE.method.as_str().to_ascii_lowercase()] = operation;
    }
}

impl Builder {
    fn operation<U: UseCase>(&mut self) -> Value {
        let input = self.schema_of::<U>();
        let description = input["description"].as_str().unwrap_or(U::NAME).to_owned();
        let (parameters, body) = self.arguments::<U>(&input);
        let mut responses = Map::new();
        responses.insert(U::ROUTE.status.to_string(), self.success::<U>());
        extend(&mut responses, &self.errors);
        if U::THROTTLED {
            extend(&mut responses, &self.limited);
        }
        let mut op = json!({
            "tags": [tag::<U>()],
            "summary": first_sentence(&description),
            "description": format!("{description}\n\nWho: {}.", U::WHO.describe()),
            "operationId": U::NAME,
            "parameters": parameters,
            "responses": responses,
        });
        if let Some(body) = body {
            op["requestBody"] = body;
        }
        if U::WHO != Who::Anyone {
            op["security"] = json!([{ "bearer": [] }]);
        }
        op
    }

    /// The input's schema, with what it names added to the components.
    fn schema_of<U: UseCase>(&mut self) -> Value {
        let mut deps = Schemas::new();
        U::schemas(&mut deps);
        self.add(deps);
        serde_json::to_value(U::schema()).unwrap_or_default()
    }

    fn add(&mut self, deps: Schemas) {
        for (name, schema) in deps {
            let schema = serde_json::to_value(schema).unwrap_or_default();
            self.schemas.entry(name).or_insert(schema);
        }
    }

    /// The path and query parameters, and the JSON body, of the input's fields.
    fn arguments<U: UseCase>(&mut self, input: &Value) -> (Vec<Value>, Option<Value>) {
        let empty = Map::new();
        let props = input["properties"].as_object().unwrap_or(&empty);
        let required: Vec<&str> = input["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let in_path: Vec<&str> = U::ROUTE.params().collect();
        let mut parameters = Vec::new();
        let mut body = Map::new();
        for (name, schema) in props {
            let (schema, description) = split_description(schema);
            if in_path.contains(&name.as_str()) {
                parameters.push(param(name, "path", true, schema, description));
            } else if U::ROUTE.method.has_body() {
                body.insert(name.clone(), with_description(schema, description));
            } else {
                let needed = required.contains(&name.as_str());
                parameters.push(param(name, "query", needed, schema, description));
            }
        }
        if body.is_empty() {
            return (parameters, None);
        }
        let body_required: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| body.contains_key(*r))
            .collect();
        let name = format!("{}Request", pascal(U::NAME));
        self.schemas.insert(
            name.clone(),
            json!({
                "type": "object",
                "description": format!("The body of `{}`.", U::NAME),
                "properties": body,
                "required": body_required,
            }),
        );
        let body = json!({
            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{name}") } } },
            "required": !body_required.is_empty(),
        });
        (parameters, Some(body))
    }

    /// The success answer: the output's schema, its named type made a component.
    fn success<U: UseCase>(&mut self) -> Value {
        if U::ROUTE.status == 204 {
            return json!({ "description": "Done" });
        }
        let mut deps = Schemas::new();
        U::Output::schemas(&mut deps);
        self.add(deps);
        let mut schema = serde_json::to_value(<U::Output as utoipa::PartialSchema>::schema())
            .unwrap_or_default();
        if let Some(name) = innermost_name(type_name::<U::Output>()) {
            name_innermost(&mut schema, name, &mut self.schemas);
        }
        json!({
            "description": "Done",
            "content": { "application/json": { "schema": schema } },
        })
    }
}

fn extend(responses: &mut Map<String, Value>, more: &Value) {
    if let Some(more) = more.as_object() {
        for (k, v) in more {
            responses.insert(k.clone(), v.clone());
        }
    }
}

fn param(name: &str, place: &str, required: bool, schema: Value, description: Value) -> Value {
    let mut p = json!({ "name": name, "in": place, "required": required, "schema": schema });
    if !description.is_null() {
        p["description"] = description;
    }
    p
}

/// A property's schema without its description (which belongs to a parameter), and the
/// description.
fn split_description(schema: &Value) -> (Value, Value) {
    let mut schema = schema.clone();
    let description = schema
        .as_object_mut()
        .and_then(|o| o.remove("description"))
        .unwrap_or(Value::Null);
    (schema, description)
}

fn with_description(mut schema: Value, description: Value) -> Value {
    if !description.is_null()
        && let Some(o) = schema.as_object_mut()
    {
        o.insert("description".into(), description);
    }
    schema
}

/// The type a use case's output is made of, behind `Vec`, `Option` and `Arc`: its name is
/// its component's (`Vec<NonMember>` answers a list of `NonMember`).
fn innermost_name(full: &str) -> Option<&str> {
    let mut inner = full;
    while let Some((outer, rest)) = inner.split_once('<') {
        if !["Vec", "Option", "Arc"].iter().any(|w| outer.ends_with(w)) {
            return None;
        }
        inner = rest.strip_suffix('>')?;
    }
    let name = inner.rsplit("::").next()?;
    name.chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some(name)
}

/// Replaces the object schema inside lists and options with a reference to the component
/// `name`, which it becomes.
fn name_innermost(schema: &mut Value, name: &str, schemas: &mut Map<String, Value>) {
    if schema.get("$ref").is_some() {
        return;
    }
    if let Some(items) = schema.get_mut("items") {
        return name_innermost(items, name, schemas);
    }
    if let Some(Value::Array(choices)) = schema.get_mut("oneOf") {
        for choice in choices {
            if choice.get("type") != Some(&json!("null")) {
                name_innermost(choice, name, schemas);
            }
        }
        return;
    }
    if schema.get("properties").is_some() {
        let object = schema.take();
        schemas.entry(name.to_owned()).or_insert(object);
        *schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    }
}

/// The tag of a use case: the module of the core it is declared in.
fn tag<U>() -> &'static str {
    let full = type_name::<U>();
    full.rsplit("::").nth(1).unwrap_or("use cases")
}

fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    text[..end].replace('\n', " ")
}

fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_type_of_an_output_is_found_behind_its_containers() {
        assert_eq!(
            innermost_name("alloc::vec::Vec<a::b::NonMember>"),
            Some("NonMember")
        );
        assert_eq!(
            innermost_name("core::option::Option<a::Waveform>"),
            Some("Waveform")
        );
        assert_eq!(
            innermost_name("alloc::sync::Arc<alloc::vec::Vec<a::Comment>>"),
            Some("Comment")
        );
        assert_eq!(innermost_name("()"), None);
        assert_eq!(
            innermost_name("std::collections::HashMap<a::B, a::C>"),
            None
        );
        assert_eq!(pascal("reply_to_comment"), "ReplyToComment");
        assert_eq!(first_sentence("One. Two."), "One.");
    }
}
