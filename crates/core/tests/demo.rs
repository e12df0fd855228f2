//! Demo mode's guided scenarios, played against the simulated server on the host: each one's
//! request goes through the same simulator the page uses, and the flow diagram derived from
//! the answers fails exactly at the step the scenario says (RFC 6749 §4.4, RFC 6750 §3.1).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::bearer::api_request;
use cc_core::demo::{
    AfterToken, ApiCall, FlowInput, Prepared, SCENARIOS, Scenario, Step, StepId, StepState,
    TokenAnswer, TokenExchange, api_answer, carries_token, flow_steps, request_line, token_answer,
};
use cc_core::response::parse;
use cc_core::simulator::{RESOURCE_PATH, SIMULATED_ORIGIN, Simulator, SimulatorConfig};

const NOW: u64 = 1_800_000_000_000;

/// Plays a scenario: sends its request, then (when it says so, or when `call_api_after_ms` is
/// given) calls the API with the token; returns the diagram.
fn play(scenario: &Scenario, call_api_after_ms: Option<u64>) -> [Step; 7] {
    let config = SimulatorConfig {
        token_lifetime_secs: scenario.settings.lifetime_secs,
        fault: scenario.settings.fault,
        ..SimulatorConfig::default()
    };
    let mut sim = Simulator::new(config, 7);
    let request = scenario
        .draft()
        .validate()
        .expect("the scenario's form is valid");
    let http = request.to_http();
    let response = sim.handle_bytes(&http.to_bytes(), NOW);
    let answer = token_answer(response.status, &parse(&response));
    let exchange = TokenExchange {
        request_line: request_line(&http),
        auth_method: request.auth.method().as_str().into(),
        requested_scope: request.scope.to_wire(),
        elapsed_ms: 1,
        answer,
    };
    let wait = match (call_api_after_ms, scenario.after) {
        (Some(ms), _) => Some(ms),
        (None, AfterToken::CallApi) => Some(0),
        (None, AfterToken::Nothing) => None,
    };
    let api = match (&exchange.answer, wait) {
        (TokenAnswer::Token { access_token, .. }, Some(ms)) => {
            let call = api_request(
                &format!("{SIMULATED_ORIGIN}{RESOURCE_PATH}"),
                "GET",
                access_token.expose(),
                "",
            )
            .expect("valid API URL");
            let answer = api_answer(&sim.handle_bytes(&call.to_bytes(), NOW + ms));
            Some(ApiCall {
                request_line: request_line(&call),
                current_token: carries_token(&call, access_token),
                answer,
            })
        }
        _ => None,
    };
    flow_steps(&FlowInput {
        prepared: Ok(Prepared::from_request(&request)),
        sending: false,
        exchange: Some(exchange),
        api,
        reveal: false,
    })
}

fn failed_at(steps: &[Step; 7]) -> Option<StepId> {
    steps
        .iter()
        .find(|s| s.state == StepState::Failed)
        .map(|s| s.id)
}

fn scenario(id: &str) -> &'static Scenario {
    Scenario::find(id).expect("scenario exists")
}

#[test]
fn scenarios_played_on_simulator_fail_where_they_say() {
    for s in &SCENARIOS {
        // The expired-token scenario asks the presenter to wait 10 s before calling the API.
        let wait = (s.id == "expired-token").then_some(11_000);
        let steps = play(s, wait);
        assert_eq!(
            failed_at(&steps),
            s.fails_at,
            "scenario {}: {steps:#?}",
            s.id
        );
    }
}

#[test]
fn happy_path_played_every_step_done() {
    let steps = play(scenario("happy-path"), None);
    assert!(
        steps.iter().all(|s| s.state == StepState::Done),
        "{steps:#?}"
    );
    assert!(steps[6].detail.starts_with("200 OK"));
}

#[test]
fn wrong_secret_played_validate_failed_invalid_client() {
    let steps = play(scenario("wrong-secret"), None);
    assert!(
        steps[2]
            .detail
            .contains("401 Unauthorized · invalid_client")
    );
    assert!(steps[3..].iter().all(|s| s.state == StepState::Pending));
}

#[test]
fn json_body_played_validate_failed_invalid_request() {
    let steps = play(scenario("json-body"), None);
    assert!(steps[1].detail.contains("client_secret_basic"));
    assert!(
        steps[2]
            .detail
            .contains("400 Bad Request · invalid_request"),
        "{}",
        steps[2].detail
    );
}

#[test]
fn missing_scope_played_api_validate_failed_insufficient_scope() {
    let steps = play(scenario("missing-scope"), None);
    assert_eq!(steps[3].state, StepState::Done);
    assert!(steps[3].detail.contains("inventory:read"));
    assert!(
        steps[6]
            .detail
            .contains("403 Forbidden · insufficient_scope")
    );
}

#[test]
fn expired_token_called_before_expiry_api_validate_done() {
    // The same token, used within its 10 s, is accepted: the failure is the expiry.
    let steps = play(scenario("expired-token"), Some(5_000));
    assert_eq!(steps[6].state, StepState::Done);
    assert!(steps[3].detail.contains("expires_in 10 s"));
}

#[test]
fn expired_token_called_after_expiry_api_validate_failed_invalid_token() {
    let steps = play(scenario("expired-token"), Some(11_000));
    assert!(
        steps[6].detail.contains("401 Unauthorized · invalid_token"),
        "{}",
        steps[6].detail
    );
}

#[test]
fn server_down_played_send_failed_503_validate_pending() {
    let steps = play(scenario("server-down"), None);
    assert!(steps[1].detail.contains("503 Service Unavailable"));
    assert_eq!(steps[2].state, StepState::Pending);
}
