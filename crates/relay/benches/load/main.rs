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

mod client;
mod relay_process;
mod upstream;

use std::process::ExitCode;
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use cc_relay::Limits;

use client::{Outcome, Route, phase, warm_up};
use relay_process::{Memory, RelayProcess, mib};

const ROLE_VAR: &str = "CC_RELAY_LOAD_ROLE";
const TARGET_VAR: &str = "CC_RELAY_LOAD_TARGET";
const IN_FLIGHT_VAR: &str = "CC_RELAY_LOAD_IN_FLIGHT";
const RSS_LIMIT_KIB: u64 = 50 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) const TOKEN_PATH: &str = "/oauth2/token";
pub(crate) const FORM: &str = "grant_type=client_credentials&scope=api.read";
pub(crate) const BASIC: &str = "Basic YmVuY2gtY2xpZW50OmJlbmNoLXNlY3JldA==";
/// What the upstream answers: a client-credentials token response of a few hundred bytes.
pub(crate) const TOKEN_JSON: &str = concat!(
    r#"{"access_token":"eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6ImJlbmNoIn0."#,
    r#"eyJpc3MiOiJodHRwOi8vMTI3LjAuMC4xIiwic3ViIjoiYmVuY2gtY2xpZW50IiwiYXVkIjoiYXBpIiwic2NvcGUiOiJhcGkucmVhZCIsImV4cCI6MTk5OTk5OTk5OSwiaWF0IjoxNzAwMDAwMDAwfQ."#,
    r#"c2lnbmF0dXJlLW5vdC1jaGVja2VkLWluLXRoZS1iZW5jaG1hcms","#,
    r#""token_type":"Bearer","expires_in":3600,"scope":"api.read"}"#
);

fn main() -> ExitCode {
    if std::env::var(ROLE_VAR).as_deref() == Ok("relay") {
        return relay_process::relay_child();
    }
    let args = Args::from(<Cli as clap::Parser>::parse());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(run(args))
}

/// `cargo bench -p cc-relay --bench load -- [--requests N] [--concurrency C]`.
#[derive(clap::Parser)]
#[command(name = "load")]
struct Cli {
    /// Requests per phase, direct and through the relay [default: 10000; 400 in a smoke run].
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u64).range(1..))]
    requests: Option<u64>,
    /// Requests outstanding at once [default: 200; 20 in a smoke run].
    #[arg(long, short = 'c', value_parser = clap::value_parser!(u64).range(1..))]
    concurrency: Option<u64>,
    /// Passed by `cargo bench` (not by `cargo test --benches`): a full run, not a smoke run.
    #[arg(long)]
    bench: bool,
}

struct Args {
    requests: usize,
    concurrency: usize,
    smoke: bool,
}

impl From<Cli> for Args {
    fn from(cli: Cli) -> Self {
        let smoke = !cli.bench;
        let count = |given: Option<u64>, full: usize, small: usize| {
            given.map_or(if smoke { small } else { full }, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            })
        };
        let requests = count(cli.requests, 10_000, 400);
        let concurrency = count(cli.concurrency, 200, 20);
        Args {
            requests,
            concurrency: concurrency.min(requests),
            smoke,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The report.

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
        let app = Router::new().route(TOKEN_PATH, post(upstream::token_endpoint));
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
    let expected_lines = args.requests + warm_up(args.concurrency);
    println!(
        "relay log: {log_lines} lines, {log_not_200} not 200 (expected {expected_lines} lines, all 200)"
    );

    let mut failed = false;
    if log_lines != expected_lines || log_not_200 > 0 {
        failed = true;
        println!("FAIL: the relay's log does not show one 200 line per relayed request");
    }
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
