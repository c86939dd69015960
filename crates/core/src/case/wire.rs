//! A use case's arguments on the wire, both ways.
//!
//! Arguments arrive as one JSON object: a Tauri command's arguments, or an HTTP request's
//! path parameters, query string and body merged by [`args_from_http`]. [`parse_args`]
//! deserializes it into the use case's struct, whose field types parse themselves, and
//! turns a failure into `invalid_input` naming the field at fault. A client goes the other
//! way with [`call`]: the struct's fields become the path, the query string or the body
//! its [`Route`] says, and [`answer`] parses what comes back as the use case's output.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Method, Route, UseCase};
use crate::error::{Error, Result};

/// One HTTP request for a use case, as a client sends it (under `/api/v1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The method.
    pub method: Method,
    /// The path with its parameters filled in and escaped, such as `/songs/7`.
    pub path: String,
    /// The query string's pairs, unescaped.
    pub query: Vec<(String, String)>,
    /// The JSON body, for `POST` and `PATCH` with arguments outside the path.
    pub body: Option<Value>,
}

/// Parses a use case's arguments; a bad one is `invalid_input` naming its field.
pub fn parse_args<T: DeserializeOwned>(args: Value) -> Result<T> {
    serde_path_to_error::deserialize(args).map_err(|e| {
        let field = e
            .path()
            .iter()
            .find_map(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .map(Cow::Owned);
        let message = e.into_inner().to_string();
        let field = field
            .or_else(|| missing_field(&message).map(|f| Cow::Owned(f.to_owned())))
            .unwrap_or(Cow::Borrowed("body"));
        Error::InvalidInput {
            field,
            message: friendly(&message),
        }
    })
}

/// The field serde names in "missing field `x`".
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
}

/// serde's own messages, in words a person can act on; a parser's message stays as it is.
fn friendly(message: &str) -> String {
    if let Some(field) = missing_field(message) {
        return format!("“{field}” is required.");
    }
    if message.starts_with("invalid type") {
        return format!("This value has the wrong type ({message}).");
    }
    message.to_owned()
}

/// The arguments of an HTTP request: its path parameters (as the router matched them),
/// then its query string (`GET`, `DELETE`) or its JSON body (`POST`, `PATCH`); a path
/// parameter wins over a body field of the same name. A key given twice in the query
/// string becomes a list.
pub fn args_from_http<'a>(
    method: Method,
    path: impl IntoIterator<Item = (&'a str, &'a str)>,
    query: Option<&str>,
    body: &[u8],
) -> Result<Value> {
    let mut args = Map::new();
    if method.has_body() {
        if !body.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(fields)) => args = fields,
                Ok(_) => return Err(Error::invalid("body", "The body must be a JSON object.")),
                Err(e) => {
                    return Err(Error::invalid("body", format!("The body is not JSON: {e}")));
                }
            }
        }
    } else {
        for (key, value) in query.into_iter().flat_map(query_pairs) {
            match args.get_mut(&key) {
                Some(Value::Array(list)) => list.push(Value::String(value)),
                Some(first) => {
                    let first = first.take();
                    args.insert(key, Value::Array(vec![first, Value::String(value)]));
                }
                None => {
                    args.insert(key, Value::String(value));
                }
            }
        }
    }
    for (name, value) in path {
        args.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    Ok(Value::Object(args))
}

/// The request a client sends for `case`.
pub fn call<U: UseCase>(case: &U) -> Result<Call> {
    let route: Route = U::ROUTE;
    let mut args = match serde_json::to_value(case).map_err(Error::internal)? {
        Value::Object(map) => map,
        _ => return Err(Error::internal(format!("{} is not a struct", U::NAME))),
    };
    let mut path = String::with_capacity(route.path.len() + 16);
    for (i, segment) in route.path.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let value = args.remove(name).unwrap_or(Value::Null);
                path.push_str(&escape(&scalar(name, &value)?));
            }
            None => path.push_str(segment),
        }
    }
    let (query, body) = if route.method.has_body() {
        // A `null` in a body says "clear this" (`UpdateSong`'s key); a field left out is
        // one the struct skips when serializing.
        (
            Vec::new(),
            (!args.is_empty()).then_some(Value::Object(args)),
        )
    } else {
        let mut query = Vec::new();
        for (name, value) in args {
            match value {
                // Nothing to say in a URL: the parameter is left out.
                Value::Null => {}
                Value::Array(list) => {
                    for v in list {
                        query.push((name.clone(), scalar(&name, &v)?));
                    }
                }
                v => query.push((name.clone(), scalar(&name, &v)?)),
            }
        }
        (query, None)
    };
    Ok(Call {
        method: route.method,
        path,
        query,
        body,
    })
}

/// What a server answered to `case`, parsed as its output; `Err` says why it cannot be
/// one. An empty body (204) is the unit output.
pub fn answer<U: UseCase>(case: &U, body: &[u8]) -> std::result::Result<U::Output, String> {
    let body: &[u8] = if body.is_empty() { b"null" } else { body };
    let output: U::Output = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    case.check_answer(&output)?;
    Ok(output)
}

/// A path or query value as text.
fn scalar(name: &str, value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Error::internal(format!("{name} cannot travel in a URL"))),
    }
}

/// Escapes everything but RFC 3986's unreserved characters.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The pairs of a query string, unescaped (`+` is a space).
fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query.split('&').filter(|p| !p.is_empty()).map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (unescape(k), unescape(v))
    })
}

fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_query_text() {
        assert_eq!(escape("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(unescape("a%20b%2F%C3%BC+c"), "a b/ü c");
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(unescape("%zz"), "%zz");
        let pairs: Vec<_> = query_pairs("q=ab&tag=x&tag=y&&flag").collect();
        assert_eq!(pairs.len(), 4);
        assert_eq!(pairs[3], ("flag".to_owned(), String::new()));
    }

    #[test]
    fn http_arguments_merge_path_query_and_body() {
        let path = [("band_id", "7")];
        let got = args_from_http(Method::Get, path, Some("q=an&tag=a&tag=b"), b"").unwrap();
        assert_eq!(
            got,
            serde_json::json!({"band_id": "7", "q": "an", "tag": ["a", "b"]})
        );
        let got = args_from_http(Method::Patch, path, None, br#"{"band_id":1,"name":"x"}"#);
        assert_eq!(
            got.unwrap(),
            serde_json::json!({"band_id": "7", "name": "x"})
        );
        for bad in [&b"[1]"[..], b"{", b"\"x\""] {
            let e = args_from_http(Method::Post, path, None, bad).unwrap_err();
            assert_eq!(e.field(), Some("body"));
        }
        assert_eq!(
            args_from_http(Method::Post, [], None, b"  ").unwrap(),
            serde_json::json!({})
        );
    }
}
