//! The bounded client: hyper-util's pooled HTTP/1.1 client with a fixed number of workers, each
//! with one request outstanding; an error is a transport error, a timeout, a status but 200, or a
//! body that differs from the upstream's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::{Args, BASIC, FORM, REQUEST_TIMEOUT, TOKEN_JSON};

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn http_client(concurrency: usize) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .pool_idle_timeout(Duration::from_secs(30))
        .build(connector)
}

/// How one phase (direct or through the relay) builds its request.
#[derive(Clone)]
pub(crate) enum Route {
    Direct { url: String },
    Relay { url: String, target: String },
}

impl Route {
    fn request(&self) -> Request<Full<Bytes>> {
        let builder = Request::post(match self {
            Route::Direct { url } | Route::Relay { url, .. } => url.as_str(),
        })
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::AUTHORIZATION, BASIC);
        let builder = match self {
            Route::Direct { .. } => builder,
            Route::Relay { target, .. } => builder
                .header("x-relay-target", target.as_str())
                .header("x-relay-headers", "content-type, accept, authorization"),
        };
        builder
            .body(Full::new(Bytes::from_static(FORM.as_bytes())))
            .expect("request")
    }
}

/// One request, timed to the last byte of the body; `Err` says why it counts as an error.
async fn one(client: &HttpClient, route: &Route) -> Result<Duration, String> {
    let started = Instant::now();
    let exchange = async {
        let res = client
            .request(route.request())
            .await
            .map_err(|e| format!("transport: {e}"))?;
        let status = res.status();
        let body = res
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        if status != StatusCode::OK {
            return Err(format!(
                "status {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            ));
        }
        if body != TOKEN_JSON.as_bytes() {
            return Err("body differs from the upstream's".into());
        }
        Ok(())
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, exchange).await {
        Ok(Ok(())) => Ok(started.elapsed()),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(format!("no answer within {REQUEST_TIMEOUT:?}")),
    }
}

pub(crate) struct Outcome {
    pub(crate) latencies: Vec<Duration>,
    pub(crate) errors: usize,
    pub(crate) first_error: Option<String>,
    pub(crate) wall: Duration,
}

/// Sends `total` requests with `concurrency` workers, each with one request outstanding.
async fn drive(client: &HttpClient, route: &Route, total: usize, concurrency: usize) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let (client, route, next) = (client.clone(), route.clone(), next.clone());
        workers.spawn(async move {
            let mut latencies = Vec::with_capacity(total / concurrency + 1);
            let (mut errors, mut first_error) = (0, None);
            while next.fetch_add(1, Ordering::Relaxed) < total {
                match one(&client, &route).await {
                    Ok(took) => latencies.push(took),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, errors, first_error)
        });
    }
    let mut outcome = Outcome {
        latencies: Vec::with_capacity(total),
        errors: 0,
        first_error: None,
        wall: Duration::ZERO,
    };
    while let Some(done) = workers.join_next().await {
        let (latencies, errors, first_error) = done.expect("worker task");
        outcome.latencies.extend(latencies);
        outcome.errors += errors;
        if outcome.first_error.is_none() {
            outcome.first_error = first_error;
        }
    }
    outcome.wall = started.elapsed();
    outcome.latencies.sort_unstable();
    outcome
}

/// Warm-up requests before each measured run: 2 × concurrency, at least 200.
pub(crate) fn warm_up(concurrency: usize) -> usize {
    (2 * concurrency).max(200)
}

/// Warm-up (latencies dropped, errors counted) then the measured run.
pub(crate) async fn phase(route: &Route, args: &Args) -> (Outcome, usize) {
    let client = http_client(args.concurrency);
    let warm = drive(&client, route, warm_up(args.concurrency), args.concurrency).await;
    if let Some(e) = &warm.first_error {
        eprintln!("warm-up error: {e}");
    }
    let measured = drive(&client, route, args.requests, args.concurrency).await;
    (measured, warm.errors)
}
