//! Test servers and a tiny client.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use cc_relay::{Config, Limits, Policy};
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server task on 127.0.0.1 that the test stops.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Running {
    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

async fn local_listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// Starts a relay with `config`.
pub async fn relay(config: Config) -> Running {
    let (listener, addr) = local_listener().await;
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        cc_relay::serve(listener, config, async {
            let _ = rx.await;
        })
        .await
        .expect("relay serves");
    });
    Running {
        addr,
        stop: Some(tx),
        task: Some(task),
    }
}

/// A config with the given allow-targets and origins and test-sized limits.
pub fn config(targets: &[&str], origins: &[&str]) -> Config {
    Config {
        policy: Policy::new(targets, false).unwrap(),
        allow_origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        limits: Limits {
            max_request_bytes: 1024,
            max_response_bytes: 4096,
            upstream_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(10),
            ..Limits::default()
        },
        dns_overrides: HashMap::new(),
    }
}

/// Adds a fixed DNS answer (seen by the relay's guarded resolver).
pub fn with_dns(mut config: Config, name: &str, ip: &str) -> Config {
    config
        .dns_overrides
        .insert(name.to_owned(), vec![ip.parse::<IpAddr>().unwrap()]);
    config
}

/// What the capture upstream saw.
#[derive(Clone, Debug)]
pub struct Captured {
    pub method: Method,
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The capture upstream: records every request; answers by path.
pub struct Upstream {
    pub server: Running,
    pub seen: Arc<Mutex<Vec<Captured>>>,
}

impl Upstream {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr)
    }

    /// The allow-target prefix naming this upstream.
    pub fn origin(&self) -> String {
        format!("http://{}", self.server.addr)
    }

    pub fn seen(&self) -> Vec<Captured> {
        self.seen.lock().unwrap().clone()
    }

    pub async fn stop(self) {
        self.server.stop().await;
    }
}

/// The bytes `/echo` answers with: not UTF-8, to prove the body is relayed byte for byte.
pub const ECHO_BODY: &[u8] = b"{\"access_token\":\"t\"}\x00\xff\xfe\r\n";

async fn capture(State(seen): State<Arc<Mutex<Vec<Captured>>>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let path = parts.uri.path().to_owned();
    seen.lock().unwrap().push(Captured {
        method: parts.method,
        path_and_query: parts
            .uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        headers: parts.headers,
        body,
    });
    let builder = Response::builder();
    match path.as_str() {
        "/redirect" => builder
            .status(StatusCode::FOUND)
            .header("location", "/echo")
            .body(Body::empty()),
        "/slow" => {
            tokio::time::sleep(Duration::from_millis(1500)).await;
            builder.body(Body::from("slow"))
        }
        "/big" => builder.body(Body::from(vec![b'x'; 10_000])),
        _ => builder
            .status(StatusCode::UNAUTHORIZED)
            .header("content-type", "application/json")
            .header("www-authenticate", "Basic realm=\"t\"")
            .header("x-custom", "one")
            .header("x-custom", "two")
            .header("set-cookie", "session=1")
            .header("access-control-allow-origin", "*")
            .body(Body::from(ECHO_BODY)),
    }
    .unwrap()
}

/// Starts the capture upstream.
pub async fn upstream() -> Upstream {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new().fallback(capture).with_state(seen.clone());
    let (listener, addr) = local_listener().await;
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
            .expect("upstream serves");
    });
    Upstream {
        server: Running {
            addr,
            stop: Some(tx),
            task: Some(task),
        },
        seen,
    }
}

/// A response as the test sees it.
#[derive(Debug)]
pub struct Got {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Got {
    /// The refusing rule from the JSON body, checked against the `X-Relay-Error` header.
    pub fn rule(&self) -> Option<String> {
        let json: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        let rule = json["relay_error"].as_str()?.to_owned();
        assert_eq!(
            self.headers["x-relay-error"],
            rule.as_str(),
            "header and body agree"
        );
        assert!(
            json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "a message"
        );
        Some(rule)
    }

    pub fn message(&self) -> String {
        let json: serde_json::Value = serde_json::from_slice(&self.body).unwrap();
        json["message"].as_str().unwrap().to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// Sends one request to the relay.
pub async fn send(
    relay: &Running,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Got {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build(HttpConnector::new());
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("http://{}{path}", relay.addr));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Full::new(Bytes::copy_from_slice(body))).unwrap();
    let res = tokio::time::timeout(Duration::from_secs(20), client.request(req))
        .await
        .expect("relay answers in time")
        .expect("relay reachable");
    let (parts, body) = res.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    Got {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// `POST /relay` with `X-Relay-Target: target` and extra headers.
pub async fn relay_to(relay: &Running, target: &str, extra: &[(&str, &str)], body: &[u8]) -> Got {
    let mut headers = vec![("x-relay-target", target)];
    headers.extend_from_slice(extra);
    send(relay, Method::POST, "/relay", &headers, body).await
}
