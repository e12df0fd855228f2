//! Micro-benchmarks of the pure core: prints nanoseconds per call (median of several runs).
//! Run with `cargo bench -p cc-core --bench core`. Figures, not pass/fail: they are compared by a person.

use cc_core::assertion::decode;
use cc_core::draft::{Draft, Row};
use cc_core::lint::lint;
use cc_core::response::parse;
use cc_core::simulator::{Simulator, SimulatorConfig};
use cc_core::types::AuthMethod;
use std::hint::black_box;
use std::time::Instant;

/// Runs `f` in batches until about 50 ms pass, five times; returns the median ns per call.
fn measure(mut f: impl FnMut()) -> f64 {
    let mut samples = Vec::new();
    for _ in 0..5 {
        let mut iterations = 0u64;
        let start = Instant::now();
        while start.elapsed().as_millis() < 50 {
            for _ in 0..100 {
                f();
            }
            iterations += 100;
        }
        samples.push(start.elapsed().as_nanos() as f64 / iterations as f64);
    }
    samples.sort_by(f64::total_cmp);
    samples[2]
}

fn main() {
    let example = Draft::example();
    let full = Draft {
        auth: AuthMethod::ClientSecretPost,
        client_secret: "p@ss w/rd+&:%=é".into(),
        audience: "https://api.example".into(),
        resource: "https://api.example/orders\nurn:example:inventory".into(),
        extra_params: vec![Row::new(1, "tenant", "a&b")],
        extra_headers: vec![Row::new(2, "X-Request-Id", "42")],
        ..Draft::example()
    };
    let request = example.validate().unwrap().to_http();
    let bytes = request.to_bytes();
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    let response = sim.handle_bytes(&bytes, 0);
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    let rows: Vec<(&str, f64)> = vec![
        (
            "draft → validate → to_http → bytes (example)",
            measure(|| {
                black_box(black_box(&example).validate().unwrap().to_http().to_bytes());
            }),
        ),
        (
            "draft → validate → to_http → bytes (all parameters)",
            measure(|| {
                black_box(black_box(&full).validate().unwrap().to_http().to_bytes());
            }),
        ),
        (
            "raw view text per keystroke (validate, to_http, render masked)",
            measure(|| {
                black_box(black_box(&full).validate().unwrap().to_http().render(true));
            }),
        ),
        (
            "lint (all parameters)",
            measure(|| {
                let r = full.validate().ok();
                black_box(lint(black_box(&full), r.as_ref()));
            }),
        ),
        (
            "simulator handle_bytes (token issued)",
            measure(|| {
                black_box(sim.handle_bytes(black_box(&bytes), 0));
            }),
        ),
        (
            "response parse (token)",
            measure(|| {
                black_box(parse(black_box(&response)));
            }),
        ),
        (
            "JWT decode",
            measure(|| {
                black_box(decode(black_box(jwt)).unwrap());
            }),
        ),
    ];
    println!("{:<66} {:>12}", "core operation", "ns per call");
    println!("{}", "-".repeat(79));
    for (name, ns) in rows {
        println!("{name:<66} {ns:>12.0}");
    }
}
