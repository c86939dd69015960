//! OpenAPI links: what an answer carries that another operation takes in its path. A band
//! just created links to every operation on `/bands/{band_id}…` with `band_id` taken from
//! its `id`; a member to the operations on `{band_id}` and `{member_id}`; a created token
//! invite to the preview and redemption of its `token`. A client (or a fuzzer's stateful
//! phase) follows them instead of guessing ids that do not exist.
//!
//! A path parameter is filled from a field of the answer that has its name, or from an
//! `id` of the same id type, found at the top of the answer, one object deeper, or in the
//! first element of a list.

use serde_json::{Map, Value, json};

/// Where a value can be read in an answer: its JSON pointer, its field name and the
/// component its schema refers to (an id type), if any.
struct Found {
    pointer: String,
    field: String,
    kind: Option<String>,
}

/// What a target operation needs: its id, and its path parameters with their types.
struct Target {
    operation: String,
    params: Vec<(String, Option<String>)>,
}

/// Adds the links to every success answer of `doc`.
pub fn add(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].clone();
    let targets = targets(doc);
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(responses) = op["responses"].as_object_mut() else {
                continue;
            };
            for (status, response) in responses.iter_mut() {
                if !status.starts_with('2') {
                    continue;
                }
                let schema = &response["content"]["application/json"]["schema"];
                if schema.is_null() {
                    continue;
                }
                let mut found = Vec::new();
                walk(schema, &schemas, "", 0, &mut found);
                let links = links_for(&found, &targets);
                if !links.is_empty() {
                    response["links"] = Value::Object(links);
                }
            }
        }
    }
}

fn targets(doc: &Value) -> Vec<Target> {
    let mut out = Vec::new();
    let Some(paths) = doc["paths"].as_object() else {
        return out;
    };
    for item in paths.values() {
        let Some(item) = item.as_object() else {
            continue;
        };
        for op in item.values() {
            let params: Vec<(String, Option<String>)> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| Some((p["name"].as_str()?.to_owned(), ref_name(&p["schema"]))))
                .collect();
            if let (Some(id), false) = (op["operationId"].as_str(), params.is_empty()) {
                out.push(Target {
                    operation: id.to_owned(),
                    params,
                });
            }
        }
    }
    out
}

/// The component a schema refers to, directly or as the non-null choice of an option.
fn ref_name(schema: &Value) -> Option<String> {
    if let Some(r) = schema["$ref"].as_str() {
        return r.rsplit('/').next().map(str::to_owned);
    }
    schema["oneOf"]
        .as_array()?
        .iter()
        .find_map(|c| c["$ref"].as_str())
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_owned)
}

/// The fields of the answer `schema` describes, two objects deep.
fn walk(schema: &Value, schemas: &Value, pointer: &str, depth: usize, found: &mut Vec<Found>) {
    if depth > 2 {
        return;
    }
    let resolved = match ref_name(schema) {
        Some(name) => &schemas[name.as_str()],
        None => schema,
    };
    if resolved["type"] == "array" {
        return walk(
            &resolved["items"],
            schemas,
            &format!("{pointer}/0"),
            depth,
            found,
        );
    }
    let Some(props) = resolved["properties"].as_object() else {
        return;
    };
    for (field, prop) in props {
        let here = format!("{pointer}/{field}");
        found.push(Found {
            pointer: here.clone(),
            field: field.clone(),
            kind: ref_name(prop),
        });
        walk(prop, schemas, &here, depth + 1, found);
    }
}

fn links_for(found: &[Found], targets: &[Target]) -> Map<String, Value> {
    let mut links = Map::new();
    for t in targets {
        let mut parameters = Map::new();
        for (name, kind) in &t.params {
            let by_name = found.iter().find(|f| &f.field == name);
            let by_id = || {
                found
                    .iter()
                    .find(|f| f.field == "id" && kind.is_some() && &f.kind == kind)
            };
            if let Some(f) = by_name.or_else(by_id) {
                parameters.insert(name.clone(), json!(format!("$response.body#{}", f.pointer)));
            }
        }
        if parameters.len() == t.params.len() {
            links.insert(
                t.operation.clone(),
                json!({ "operationId": t.operation, "parameters": parameters }),
            );
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_links_to_the_operations_its_ids_fill() {
        let mut doc = json!({
            "components": { "schemas": {
                "BandId": { "type": "integer" },
                "Band": { "type": "object", "properties": {
                    "id": { "$ref": "#/components/schemas/BandId" },
                    "name": { "type": "string" } } }
            } },
            "paths": {
                "/bands": { "post": { "operationId": "create_band", "responses": {
                    "201": { "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Band" } } } } } },
                    "get": { "operationId": "list_my_bands", "responses": {
                    "200": { "content": { "application/json": {
                        "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Band" } } } } } } } },
                "/bands/{band_id}": { "get": { "operationId": "view_band",
                    "parameters": [{ "name": "band_id", "in": "path",
                        "schema": { "$ref": "#/components/schemas/BandId" } }],
                    "responses": {} } }
            }
        });
        add(&mut doc);
        let created = &doc["paths"]["/bands"]["post"]["responses"]["201"]["links"]["view_band"];
        assert_eq!(created["parameters"]["band_id"], "$response.body#/id");
        let listed = &doc["paths"]["/bands"]["get"]["responses"]["200"]["links"]["view_band"];
        assert_eq!(listed["parameters"]["band_id"], "$response.body#/0/id");
    }
}
