// The simulated authorization server fed raw bytes, as a server socket would be.
use cc_core::http::HttpRequest;
use cc_core::simulator::{Fault, Simulator, SimulatorConfig};

/// The clock the simulator is given (2025-06-15, seconds since the epoch × 1000).
const NOW_MS: u64 = 1_750_000_000_000;

/// The first byte picks the configured fault and token kind; the rest is the request, sent
/// twice (the second time the server has state: issued tokens, seen `jti`s). Every answer must
/// have a status code in 100–599 and a `Content-Length` equal to the body length.
pub fn run(data: &[u8]) {
    let (config_byte, bytes) = data.split_first().map_or((0, data), |(b, r)| (*b, r));
    let config = SimulatorConfig {
        fault: Fault::ALL[usize::from(config_byte) % Fault::ALL.len()],
        opaque_tokens: config_byte & 0x80 != 0,
        ..SimulatorConfig::default()
    };
    let mut simulator = Simulator::new(config, u64::from(config_byte));
    for now_ms in [NOW_MS, NOW_MS + 1_000] {
        let response = simulator.handle_bytes(bytes, now_ms);
        assert!(
            (100..=599).contains(&response.status),
            "status {}",
            response.status
        );
        let length = response
            .header("content-length")
            .unwrap_or_else(|| panic!("no Content-Length in {response:?}"));
        assert_eq!(length, response.body.len().to_string(), "{response:?}");
        if HttpRequest::parse(bytes).is_err() {
            assert_eq!(response.status, 400, "malformed request not refused");
        }
    }
}
