//! Where the HTTP API serves a use case: a method, a path template with `{name}`
//! parameters (fields of the input of the same name), and the status of a success.

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// A read.
    Get,
    /// A creation, or an action.
    Post,
    /// A partial change.
    Patch,
    /// A removal.
    Delete,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether the arguments that are not in the path travel as a JSON body (else in the
    /// query string).
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Patch)
    }
}

/// A method, a path under `/api/v1` and the status of a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The method.
    pub method: Method,
    /// The path template, such as `/songs/{song_id}`.
    pub path: &'static str,
    /// 200, 201 (created) or 204 (no content: the output is `()`).
    pub status: u16,
}

impl Route {
    const fn new(method: Method, path: &'static str, status: u16) -> Self {
        Route {
            method,
            path,
            status,
        }
    }

    /// `GET path`, answering 200.
    pub const fn get(path: &'static str) -> Self {
        Self::new(Method::Get, path, 200)
    }

    /// `POST path`, answering 200.
    pub const fn post(path: &'static str) -> Self {
        Self::new(Method::Post, path, 200)
    }

    /// `PATCH path`, answering 200.
    pub const fn patch(path: &'static str) -> Self {
        Self::new(Method::Patch, path, 200)
    }

    /// `DELETE path`, answering 204.
    pub const fn delete(path: &'static str) -> Self {
        Self::new(Method::Delete, path, 204)
    }

    /// The same route answering 201 Created.
    pub const fn created(self) -> Self {
        Self::new(self.method, self.path, 201)
    }

    /// The same route answering 204 No Content.
    pub const fn no_content(self) -> Self {
        Self::new(self.method, self.path, 204)
    }

    /// The names of the path's parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> + use<> {
        let path = self.path;
        path.split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_read_from_the_template() {
        let r = Route::delete("/bands/{band_id}/members/{member_id}");
        assert_eq!(r.params().collect::<Vec<_>>(), ["band_id", "member_id"]);
        assert_eq!(r.status, 204);
        assert_eq!(Route::post("/bands").created().status, 201);
        assert_eq!(Route::get("/me").params().count(), 0);
    }
}
