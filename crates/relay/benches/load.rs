//! Load benchmark for `cc-relay` (issue 18, "Tests and measurements"): N token requests at C
//! concurrent, first straight to a local upstream, then through the relay to the same upstream;
//! 0 errors, the relay's latency overhead over direct, and the relay's peak RSS under 50 MiB.
//!
//! ```sh
//! cargo bench -p cc-relay --bench load       # 10 000 requests, 200 concurrent
//! cargo bench -p cc-relay --bench load -- --requests 20000 --concurrency 100
//! ```
//!
//! Design:
//! - **The relay is embedded, in a child process.** The command line's limits (10 requests/s per
//!   client, bursts of 60) would refuse a load test from one address (`rate_limited`) and the
//!   binary has no flag to change them, so the benchmark serves [`cc_relay::serve`] with its own
//!   [`Config`]: the rate limit effectively off (the limiter still runs on every request), at least
//!   256 requests in flight, and `--allow-target http://127.0.0.1:<upstream port>` (no
//!   `--allow-private`). It does so in a child process — this same executable started again with
//!   `CC_RELAY_LOAD_ROLE=relay` — so the relay's RSS is its own (`VmHWM`/`VmRSS` in
//!   `/proc/<pid>/status`), not mixed with the load generator's, and its one log line per request
//!   goes to a log file (counted at the end: one line per request, all 200).
//! - **The upstream** is a token-endpoint-like axum handler in this process: it checks the form
//!   body and `Authorization`, and answers a fixed 200 JSON body of a few hundred bytes.
//! - **The client** is hyper-util's pooled HTTP/1.1 client with a fixed number of workers (the
//!   concurrency), each sending its next request when the previous one is answered; keep-alive
//!   pool, `TCP_NODELAY`. An error is a transport error, a timeout (10 s), any status but 200, or a
//!   body that differs from the upstream's. Each phase starts with a warm-up of 2 × C requests (at
//!   least 200: opening the connections; errors counted, latencies not).
//!
//! Exits non-zero if any request failed or the relay's peak RSS reached 50 MiB. Run without
//! `--bench` (as `cargo test --benches` does) it makes a short smoke run instead.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::post;
use bytes::Bytes;
use cc_relay::{Config, Limits, Policy};
use http::{HeaderMap, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

const ROLE_VAR: &str = "CC_RELAY_LOAD_ROLE";
const TARGET_VAR: &str = "CC_RELAY_LOAD_TARGET";
const IN_FLIGHT_VAR: &str = "CC_RELAY_LOAD_IN_FLIGHT";
const RSS_LIMIT_KIB: u64 = 50 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

const TOKEN_PATH: &str = "/oauth2/token";
const FORM: &str = "grant_type=client_credentials&scope=api.read";
const BASIC: &str = "Basic YmVuY2gtY2xpZW50OmJlbmNoLXNlY3JldA==";
/// What the upstream answers: a client-credentials token response of a few hundred bytes.
const TOKEN_JSON: &str = concat!(
    r#"{"access_token":"eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImJlbmNoIn0."#,
    r#"eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xIiwic3ViIjoiYmVuY2gtY2xpZW50IiwiYXVkIjoiYXBpIiwic2NvcGUiOiJhcGkucmVhZCIsImV4cCI6MTk5OTk5OTk5OSwiaWF0IjoxNzAwMDAwMDAwfQ."#,
    r#"c2lnbmF0dXJlLW5vdC1jaGVja2VkLWluLXRoZS1iZW5jaG1hcms","#,
    r#""token_type":"Bearer","expires_in":3600,"scope":"api.read"}"#
);

fn main() -> ExitCode {
    if std::env::var(ROLE_VAR).as_deref() == Ok("relay") {
        return relay_child();
    }
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "load: {e}\nusage: cargo bench -p cc-relay --bench load -- [--requests N] [--concurrency C]"
            );
            return ExitCode::from(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(run(args))
}

struct Args {
    requests: usize,
    concurrency: usize,
    smoke: bool,
}

impl Args {
    fn parse(mut it: impl Iterator<Item = String>) -> Result<Self, String> {
        let (mut requests, mut concurrency, mut bench) = (None, None, false);
        while let Some(arg) = it.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (arg, None),
            };
            let mut value = |n: &str| -> Result<usize, String> {
                let v = inline
                    .clone()
                    .or_else(|| it.next())
                    .ok_or(format!("{n} needs a value"))?;
                v.parse::<usize>()
                    .ok()
                    .filter(|&v| v > 0)
                    .ok_or(format!("{n} {v}: not a positive number"))
            };
            match name.as_str() {
                // cargo bench passes --bench; cargo test --benches does not.
                "--bench" => bench = true,
                "--requests" | "-n" => requests = Some(value("--requests")?),
                "--concurrency" | "-c" => concurrency = Some(value("--concurrency")?),
                other => return Err(format!("unknown argument {other}")),
            }
        }
        let smoke = !bench;
        let requests = requests.unwrap_or(if smoke { 400 } else { 10_000 });
        let concurrency = concurrency.unwrap_or(if smoke { 20 } else { 200 });
        Ok(Args {
            requests,
            concurrency: concurrency.min(requests),
            smoke,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The relay child: cc_relay::serve with the benchmark's Config, until its stdin closes.

fn relay_child() -> ExitCode {
    let target = std::env::var(TARGET_VAR).expect("CC_RELAY_LOAD_TARGET");
    let in_flight: usize = std::env::var(IN_FLIGHT_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let config = Config {
        policy: Policy::new(&[target], false).expect("allow-target prefix"),
        allow_origins: Vec::new(),
        limits: Limits {
            max_in_flight: in_flight,
            rate_per_second: 1e9,
            rate_burst: u32::MAX,
            ..Limits::default()
        },
        dns_overrides: HashMap::new(),
    };
    // Same runtime as the binary's #[tokio::main]: multi-threaded, one worker per core.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        println!("listening {}", listener.local_addr().expect("local addr"));
        std::io::stdout().flush().expect("stdout");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            let _ = tx.send(());
        });
        cc_relay::serve(listener, config, async {
            let _ = rx.await;
        })
        .await
        .expect("relay serves");
    });
    ExitCode::SUCCESS
}

/// The relay child as seen from the load generator.
struct RelayProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    addr: SocketAddr,
    log_path: std::path::PathBuf,
}

impl RelayProcess {
    fn start(target: &str, in_flight: usize) -> Self {
        let exe = std::env::current_exe().expect("current exe");
        // The relay's stderr (one line per request) goes to a file, as a deployment's would to
        // its log: a pipe read by this process could fill and stall the relay.
        let log_path =
            std::env::temp_dir().join(format!("cc-relay-load-{}.log", std::process::id()));
        let mut child = Command::new(exe)
            .env(ROLE_VAR, "relay")
            .env(TARGET_VAR, target)
            .env(IN_FLIGHT_VAR, in_flight.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(
                std::fs::File::create(&log_path).expect("create the relay log file"),
            ))
            .spawn()
            .expect("start the relay child");
        let stdin = child.stdin.take();
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("child stdout"))
            .read_line(&mut line)
            .expect("relay child's first line");
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("relay child said {line:?}"));
        RelayProcess {
            child,
            stdin,
            addr,
            log_path,
        }
    }

    fn memory(&self) -> Option<Memory> {
        Memory::of(&format!("/proc/{}/status", self.child.id()))
    }

    /// Closes the child's stdin (graceful shutdown), waits up to 5 s (then kills it), and
    /// returns its log: lines `cc-relay POST 127.0.0.1:PORT 200 0ms` (one per relayed request)
    /// and how many of them are not 200; anything else in it is shown.
    fn stop(mut self) -> (usize, usize) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut exited = false;
        while !exited && Instant::now() < deadline {
            exited = matches!(self.child.try_wait(), Ok(Some(_)));
            std::thread::sleep(Duration::from_millis(20));
        }
        if !exited {
            eprintln!("relay child did not stop in 5 s; killing it");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        let _ = std::fs::remove_file(&self.log_path);
        let (mut lines, mut not_200) = (0, 0);
        for line in log.lines() {
            if line.starts_with("cc-relay ") {
                lines += 1;
                if !line.contains(" 200 ") {
                    not_200 += 1;
                }
            } else {
                eprintln!("relay child: {line}");
            }
        }
        (lines, not_200)
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `VmHWM` (peak resident set) and `VmRSS` from `/proc/<pid>/status`, in KiB.
#[derive(Clone, Copy)]
struct Memory {
    peak_kib: u64,
    now_kib: u64,
}

impl Memory {
    fn of(status_path: &str) -> Option<Self> {
        let text = std::fs::read_to_string(status_path).ok()?;
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        };
        Some(Memory {
            peak_kib: field("VmHWM:")?,
            now_kib: field("VmRSS:")?,
        })
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

// ---------------------------------------------------------------------------------------------
// The upstream: a token endpoint answering a fixed JSON body.

async fn token_endpoint(headers: HeaderMap, body: Bytes) -> (StatusCode, HeaderMap, &'static str) {
    let mut out = HeaderMap::new();
    out.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    out.insert(header::CACHE_CONTROL, "no-store".parse().unwrap());
    let authorized = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v == BASIC);
    if body != FORM.as_bytes() || !authorized {
        return (
            StatusCode::BAD_REQUEST,
            out,
            r#"{"error":"invalid_request"}"#,
        );
    }
    (StatusCode::OK, out, TOKEN_JSON)
}

// ---------------------------------------------------------------------------------------------
// The bounded client.

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
enum Route {
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

struct Outcome {
    latencies: Vec<Duration>,
    errors: usize,
    first_error: Option<String>,
    wall: Duration,
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
fn warm_up(concurrency: usize) -> usize {
    (2 * concurrency).max(200)
}

/// Warm-up (latencies dropped, errors counted) then the measured run.
async fn phase(route: &Route, args: &Args) -> (Outcome, usize) {
    let client = http_client(args.concurrency);
    let warm = drive(&client, route, warm_up(args.concurrency), args.concurrency).await;
    if let Some(e) = &warm.first_error {
        eprintln!("warm-up error: {e}");
    }
    let measured = drive(&client, route, args.requests, args.concurrency).await;
    (measured, warm.errors)
}

/// Nearest-rank percentile of sorted latencies.
fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn overhead(relay: Duration, direct: Duration) -> String {
    let diff = relay.as_secs_f64() - direct.as_secs_f64();
    format!("{:+.3} ms", diff * 1e3)
}

// ---------------------------------------------------------------------------------------------

async fn run(args: Args) -> ExitCode {
    // The upstream, in this process.
    let upstream_listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let upstream_addr = upstream_listener.local_addr().expect("local addr");
    let (stop_upstream, stopped) = tokio::sync::oneshot::channel::<()>();
    let upstream = tokio::spawn(async move {
        let app = Router::new().route(TOKEN_PATH, post(token_endpoint));
        axum::serve(upstream_listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .expect("upstream serves");
    });
    let upstream_prefix = format!("http://{upstream_addr}");
    let token_url = format!("{upstream_prefix}{TOKEN_PATH}");

    // The relay, in a child process.
    let in_flight = args.concurrency.max(Limits::default().max_in_flight);
    let relay = RelayProcess::start(&upstream_prefix, in_flight);
    let relay_idle = relay.memory();

    println!(
        "cc-relay load benchmark{}: {} requests, {} concurrent (+{} warm-up each), direct then through the relay",
        if args.smoke {
            " (smoke run: no --bench argument)"
        } else {
            ""
        },
        args.requests,
        args.concurrency,
        warm_up(args.concurrency)
    );
    println!(
        "upstream  http://{upstream_addr}{TOKEN_PATH}  (axum, fixed {} B JSON token response, in this process)",
        TOKEN_JSON.len()
    );
    println!(
        "relay     http://{}/relay  (pid {}: cc_relay::serve embedded in a child process with the benchmark's Config —",
        relay.addr,
        relay.child.id()
    );
    println!(
        "          rate limit effectively off (1e9/s, burst {}), max in flight {in_flight}, allow-target {upstream_prefix};",
        u32::MAX
    );
    println!(
        "          the CLI's defaults, 10 req/s per client with bursts of 60, would refuse a load test from one address)"
    );

    let direct = Route::Direct {
        url: token_url.clone(),
    };
    let (d, d_warm_errors) = phase(&direct, &args).await;
    let through = Route::Relay {
        url: format!("http://{}/relay", relay.addr),
        target: token_url,
    };
    let (r, r_warm_errors) = phase(&through, &args).await;
    let relay_after = relay.memory();
    let self_memory = Memory::of("/proc/self/status");

    // Servers stopped.
    let (log_lines, log_not_200) = relay.stop();
    let _ = stop_upstream.send(());
    let _ = tokio::time::timeout(Duration::from_secs(5), upstream).await;

    let errors = d.errors + r.errors + d_warm_errors + r_warm_errors;
    let rps = |o: &Outcome| {
        format!(
            "{:.0} req/s",
            o.latencies.len() as f64 / o.wall.as_secs_f64()
        )
    };
    println!();
    println!("| | direct | through cc-relay | relay overhead |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| requests (concurrency) | {} ({}) | {} ({}) | |",
        args.requests, args.concurrency, args.requests, args.concurrency
    );
    println!(
        "| errors (warm-up) | {} ({}) | {} ({}) | |",
        d.errors, d_warm_errors, r.errors, r_warm_errors
    );
    for (name, p) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0)] {
        let (dp, rp) = (pct(&d.latencies, p), pct(&r.latencies, p));
        println!(
            "| latency {name} | {} | {} | {} |",
            ms(dp),
            ms(rp),
            overhead(rp, dp)
        );
    }
    let (dmax, rmax) = (pct(&d.latencies, 100.0), pct(&r.latencies, 100.0));
    println!(
        "| latency max | {} | {} | {} |",
        ms(dmax),
        ms(rmax),
        overhead(rmax, dmax)
    );
    println!("| throughput | {} | {} | |", rps(&d), rps(&r));
    println!(
        "| wall time | {:.2} s | {:.2} s | |",
        d.wall.as_secs_f64(),
        r.wall.as_secs_f64()
    );
    let rss_peak = relay_after.map(|m| m.peak_kib);
    match (relay_idle, relay_after) {
        (Some(idle), Some(after)) => println!(
            "| relay RSS | | idle {}, peak (VmHWM) **{}**, after {} | limit {} |",
            mib(idle.now_kib),
            mib(after.peak_kib),
            mib(after.now_kib),
            mib(RSS_LIMIT_KIB)
        ),
        _ => println!(
            "| relay RSS | | n/a (no /proc/<pid>/status) | limit {} |",
            mib(RSS_LIMIT_KIB)
        ),
    }
    if let Some(m) = self_memory {
        println!(
            "| load generator + upstream RSS | peak {} (not the relay's) | | |",
            mib(m.peak_kib)
        );
    }
    println!();
    println!(
        "relay log: {log_lines} lines, {log_not_200} not 200 (expected {} lines, all 200)",
        args.requests + warm_up(args.concurrency)
    );

    let mut failed = false;
    if errors > 0 {
        failed = true;
        let first = d.first_error.or(r.first_error).unwrap_or_default();
        println!("FAIL: {errors} errors (first: {first})");
    }
    if let Some(peak) = rss_peak
        && peak >= RSS_LIMIT_KIB
    {
        failed = true;
        println!(
            "FAIL: relay peak RSS {} ≥ {}",
            mib(peak),
            mib(RSS_LIMIT_KIB)
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        println!(
            "ok: 0 errors, relay peak RSS {} < {}",
            rss_peak.map_or("n/a".into(), mib),
            mib(RSS_LIMIT_KIB)
        );
        ExitCode::SUCCESS
    }
}
