//! The dashboard: the built single-page app (`web/dist`, `SEKISHO_WEB_DIR`) served at `/`.
//! A GET for any path that is neither a file nor one of the server's own paths answers
//! `index.html`, so that the app's client-side routes (`/orders/…`, `/admin/audit`) survive a
//! reload. The server's paths (`/v1`, `/admin/v1`, `/docs`, …) are never shadowed: an unknown
//! path under them still gets the API's JSON 404. When the directory has no `index.html`, `/`
//! answers a short page saying how to build the dashboard. None of this is in the OpenAPI
//! document: it is registered on the actix `App` after the documented routes.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::guard::{self, GuardContext};
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use actix_web::{HttpResponse, web};

/// Path prefixes that belong to the server, never to the dashboard.
const SERVER_PATHS: &[&str] = &[
    "/v1",
    "/admin/v1",
    "/docs",
    "/openapi.json",
    "/metrics",
    "/healthz",
    "/readyz",
    "/tag.js",
    "/device-tag",
];

/// Whether `path` is one of the server's own (the prefix itself or anything below it).
pub fn is_server_path(path: &str) -> bool {
    SERVER_PATHS.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

fn dashboard_request(ctx: &GuardContext<'_>) -> bool {
    let head = ctx.head();
    (head.method == actix_web::http::Method::GET || head.method == actix_web::http::Method::HEAD)
        && !is_server_path(head.uri.path())
}

const BUILD_HINT: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sekisho</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#0f172a}
code,pre{background:#f1f5f9;border-radius:4px;padding:.1em .3em}pre{padding:.8em}</style></head>
<body><h1>Sekisho 関所</h1>
<p>The API is running, but the dashboard has not been built (no <code>index.html</code> in
<code>SEKISHO_WEB_DIR</code>, default <code>web/dist</code>).</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>then reload this page; <code>scripts/start</code> does both. The API documentation is at
<a href="/docs/">/docs/</a>.</p></body></html>
"#;

async fn build_hint() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(BUILD_HINT)
}

/// Registers the dashboard on the app: the files of `dir` when it holds a build, else the build
/// hint at `/`.
pub fn configure(cfg: &mut web::ServiceConfig, dir: Option<&Path>) {
    let index = dir.map(|dir| dir.join("index.html"));
    match (dir, index) {
        (Some(dir), Some(index)) if index.is_file() => {
            cfg.service(files(dir.to_path_buf(), index));
        }
        _ => {
            cfg.route("/", web::get().to(build_hint));
        }
    }
}

fn files(dir: PathBuf, index: PathBuf) -> Files {
    Files::new("/", dir)
        .index_file("index.html")
        .guard(guard::fn_guard(dashboard_request))
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                // A missing build asset is a real 404, not the app.
                if req.path().starts_with("/assets/") {
                    return Ok(ServiceResponse::new(req, HttpResponse::NotFound().finish()));
                }
                let mut response = NamedFile::open(&index)?.into_response(&req);
                // The app shell must be revalidated, so that a new build is picked up at once.
                response
                    .headers_mut()
                    .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                if !response.headers().contains_key(CONTENT_TYPE) {
                    response.headers_mut().insert(
                        CONTENT_TYPE,
                        HeaderValue::from_static("text/html; charset=utf-8"),
                    );
                }
                Ok(ServiceResponse::new(req, response))
            }
        }))
}

#[cfg(test)]
mod tests {
    use super::is_server_path;

    #[test]
    fn server_paths_are_never_the_dashboard() {
        for path in [
            "/v1",
            "/v1/orders",
            "/admin/v1/tenants",
            "/docs",
            "/docs/",
            "/openapi.json",
            "/metrics",
            "/healthz",
            "/readyz",
            "/tag.js",
            "/device-tag/",
            "/device-tag/collect",
        ] {
            assert!(is_server_path(path), "{path}");
        }
        for path in [
            "/",
            "/orders/SK-1",
            "/admin",
            "/admin/audit",
            "/v1x",
            "/docs-help",
            "/assets/index.js",
        ] {
            assert!(!is_server_path(path), "{path}");
        }
    }
}
