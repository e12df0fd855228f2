//! The relay's HTTP surface: the router, its layers and the `POST /relay` handler.
//!
//! Layers, outermost first: the origin guard (refuses an `Origin` not in `--allow-origin`), CORS
//! (tower-http, answering only the allowed origins, Fetch standard §3.2 CORS protocol, with
//! Private Network Access so a public page may call a relay on 127.0.0.1), JSON for tower-http's
//! bare 408/413, the request timeout; on `/relay` only: the per-client rate limit, load shedding
//! over the concurrency limit, the request body limit.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{BoxError, Router};
use http::{HeaderValue, Method, StatusCode, header};
use http_body_util::Full;
use tower::ServiceBuilder;
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::error::{Refusal, X_RELAY_ERROR};
use crate::headers::{self, X_RELAY_METHOD, X_RELAY_TARGET};
use crate::policy::Policy;
use crate::ratelimit::RateLimiter;
use crate::target::Target;
use crate::upstream::{self, UpstreamClient};
use crate::{Config, Limits};

struct App {
    policy: Policy,
    origins: Vec<String>,
    limits: Limits,
    client: UpstreamClient,
    limiter: RateLimiter,
}

type Shared = Arc<App>;

/// The relay's router (see the module docs for its layers). Serve it with connect info
/// (`into_make_service_with_connect_info::<SocketAddr>()`) so the rate limit sees client addresses.
pub fn router(config: Config) -> Router {
    let limits = config.limits.clone();
    let app: Shared = Arc::new(App {
        client: upstream::client(&config.policy, config.dns_overrides, limits.connect_timeout),
        limiter: RateLimiter::new(
            limits.rate_per_second,
            limits.rate_burst,
            limits.max_clients,
        ),
        policy: config.policy,
        origins: config.allow_origins,
        limits: limits.clone(),
    });
    let relay_route = post(relay)
        .fallback(|| async { Refusal::method_not_allowed("use POST /relay".into()) })
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn_with_state(app.clone(), rate_limit))
                .layer(HandleErrorLayer::new(overloaded))
                .load_shed()
                .concurrency_limit(limits.max_in_flight.max(1))
                .layer(RequestBodyLimitLayer::new(limits.max_request_bytes)),
        );
    let origins: Vec<HeaderValue> = app
        .origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(AllowHeaders::mirror_request())
        .allow_private_network(true)
        .max_age(Duration::from_secs(600));
    Router::new()
        .route("/relay", relay_route)
        .route("/healthz", get(|| async { "ok" }))
        .route("/", get(info))
        .fallback(|| async { Refusal::not_found("the relay endpoint is POST /relay".into()) })
        .with_state(app.clone())
        .layer(TimeoutLayer::new(limits.request_timeout))
        .layer(middleware::map_response(json_for_bare_errors))
        .layer(cors)
        .layer(middleware::from_fn_with_state(app, origin_guard))
}

async fn info() -> impl IntoResponse {
    let body = serde_json::json!({
        "relay": "cc-relay",
        "version": env!("CARGO_PKG_VERSION"),
        "endpoint": "POST /relay with X-Relay-Target: <absolute URL>",
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
}

/// Refuses a request whose `Origin` is not one of `--allow-origin` (a request without `Origin`,
/// from a non-browser client, passes: it gains nothing from the relay it could not do directly,
/// and every target rule still applies).
async fn origin_guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let allowed = origin
            .to_str()
            .is_ok_and(|o| app.origins.iter().any(|a| a.eq_ignore_ascii_case(o)));
        if !allowed {
            let shown = String::from_utf8_lossy(origin.as_bytes()).into_owned();
            log_refusal(req.method().as_str(), "origin_not_allowed");
            return Refusal::origin_not_allowed(format!(
                "origin {shown} is not allowed by this relay (start it with --allow-origin {shown})"
            ))
            .into_response();
        }
    }
    next.run(req).await
}

/// The per-client token bucket (see [`RateLimiter`]).
async fn rate_limit(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(Err(wait)) = peer.map(|ip| app.limiter.check(ip, Instant::now())) {
        log_refusal("-", "rate_limited");
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        return Refusal::rate_limited(format!(
            "too many requests from this client; retry in {secs} s"
        ))
        .retry_after(secs)
        .into_response();
    }
    next.run(req).await
}

async fn overloaded(err: BoxError) -> Response {
    if err.is::<tower::load_shed::error::Overloaded>() {
        log_refusal("-", "concurrency_limit");
        Refusal::concurrency_limit(
            "the relay has too many requests in flight; retry shortly".into(),
        )
        .retry_after(1)
        .into_response()
    } else {
        (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response()
    }
}

/// tower-http's limit and timeout layers answer 413 / 408 with a plain body; the page gets the
/// same JSON as every other refusal.
async fn json_for_bare_errors(res: Response) -> Response {
    if res.headers().contains_key(X_RELAY_ERROR) {
        return res;
    }
    match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large_refusal().into_response(),
        StatusCode::REQUEST_TIMEOUT => {
            Refusal::request_timeout("the request was not completed in time".into()).into_response()
        }
        _ => res,
    }
}

fn too_large_refusal() -> Refusal {
    Refusal::request_too_large("the request body is larger than this relay forwards".into())
}

/// `POST /relay`: check, forward, answer. Logs method, host, status and duration only.
async fn relay(State(app): State<Shared>, req: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let method = headers::control(&parts.headers, X_RELAY_METHOD)
        .unwrap_or("POST")
        .parse::<Method>()
        .map_or_else(|_| "-".to_owned(), |m| m.to_string());
    let target = parse_target(&parts.headers);
    let host = target
        .as_ref()
        .map_or_else(|_| "-".to_owned(), Target::host_for_log);
    let outcome = match target.and_then(|t| prepare(&app.policy, &parts.headers, t)) {
        Err(refusal) => Err(refusal),
        Ok((m, target)) => forward(&app, &parts, body, m, &target).await,
    };
    let res = outcome.unwrap_or_else(IntoResponse::into_response);
    let rule = res
        .headers()
        .get(X_RELAY_ERROR)
        .and_then(|v| v.to_str().ok());
    log_line(&method, &host, res.status(), rule, started.elapsed());
    res
}

/// Reads `X-Relay-Target`.
fn parse_target(incoming: &http::HeaderMap) -> Result<Target, Refusal> {
    let raw = headers::control(incoming, X_RELAY_TARGET)
        .ok_or_else(|| Refusal::bad_target("X-Relay-Target: <absolute URL> is required".into()))?;
    Target::parse(raw)
        .map_err(|e| Refusal::bad_target(format!("X-Relay-Target is not relayed: {e}")))
}

/// Reads `X-Relay-Method` and applies the target policy.
fn prepare(
    policy: &Policy,
    incoming: &http::HeaderMap,
    target: Target,
) -> Result<(Method, Target), Refusal> {
    let raw_method = headers::control(incoming, X_RELAY_METHOD).unwrap_or("POST");
    let method = Method::from_bytes(raw_method.as_bytes())
        .ok()
        .filter(|m| *m != Method::CONNECT && *m != Method::TRACE)
        .ok_or_else(|| {
            Refusal::bad_method(format!("X-Relay-Method '{raw_method}' is not relayed"))
        })?;
    policy.check(&target)?;
    Ok((method, target))
}

async fn forward(
    app: &App,
    parts: &http::request::Parts,
    body: Body,
    method: Method,
    target: &Target,
) -> Result<Response, Refusal> {
    let body = axum::body::to_bytes(body, app.limits.max_request_bytes)
        .await
        .map_err(|e| {
            if is_length_limit(&e) {
                too_large_refusal()
            } else {
                Refusal::request_timeout(format!("the request body could not be read: {e}"))
            }
        })?;
    let mut up = http::Request::new(Full::new(body));
    *up.method_mut() = method;
    *up.uri_mut() = target.uri().clone();
    *up.headers_mut() =
        headers::upstream_request_headers(&parts.headers, headers::keep_origin(&parts.headers));
    let answer = upstream::call(
        &app.client,
        up,
        app.limits.max_response_bytes,
        app.limits.upstream_timeout,
    )
    .await?;
    let mut res = Response::new(Body::from(answer.body));
    *res.status_mut() = answer.head.status;
    *res.headers_mut() = headers::page_response_headers(&answer.head.headers);
    Ok(res)
}

fn is_length_limit(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cur = e.source();
    }
    false
}

/// The only log output: method, target host, status (and refusing rule), duration. Never a path,
/// query string, header value or body (the signature cannot receive them).
fn log_line(method: &str, host: &str, status: StatusCode, rule: Option<&str>, took: Duration) {
    let rule = rule.map(|r| format!(" {r}")).unwrap_or_default();
    eprintln!(
        "cc-relay {method} {host} {}{rule} {}ms",
        status.as_u16(),
        took.as_millis()
    );
}

fn log_refusal(method: &str, rule: &str) {
    eprintln!("cc-relay {method} - refused {rule}");
}
