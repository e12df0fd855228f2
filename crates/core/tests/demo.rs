//! Demo mode's guided scenarios, played against the simulated server on the host: each one's
//! request goes through the same simulator the page uses, and the flow diagram derived from
//! the answers fails exactly at the step the scenario says (RFC 6749 §4.4, RFC 6750 §3.1).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::bearer::api_request;
use cc_core::demo::{
    AfterToken, ApiCall, FlowInput, Prepared, SCENARIOS, Scenario, ScenarioOverride, Step, StepId,
    StepState, TokenAnswer, TokenExchange, api_answer, carries_token, current_step, flow_steps,
    request_line, token_answer,
};
use cc_core::dpop::{ProofClaims, assemble, signing_input};
use cc_core::persist::SimulatorSettings;
use cc_core::response::parse;
use cc_core::simulator::{RESOURCE_PATH, SIMULATED_ORIGIN, Simulator, SimulatorConfig};
use serde_json::json;

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
    // As the app does when "Use DPoP" is on: a proof signed for this request (the signature's
    // verdict is left to the app; the simulator notes it was not verified here).
    let request = if request.dpop.is_on() {
        let (htm, htu) = request.dpop_target();
        let claims = ProofClaims {
            jti: "demo-proof".into(),
            htm: htm.into(),
            htu,
            iat: NOW / 1000,
            ath: None,
            nonce: None,
        };
        let jwk = json!({"kty": "EC", "crv": "P-256", "x": "x", "y": "y"});
        request.with_dpop_proof(assemble(&signing_input("ES256", &jwk, &claims), &[1; 64]))
    } else {
        request
    };
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
        (None, AfterToken::CallApi | AfterToken::CallApiWithoutKey) => Some(0),
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
fn stolen_dpop_token_played_api_refuses_bearer_use_invalid_token() {
    let s = scenario("stolen-dpop-token");
    assert!(s.draft().dpop);
    let steps = play(s, None);
    assert_eq!(failed_at(&steps), Some(StepId::ApiValidate), "{steps:#?}");
    let api = steps.iter().find(|s| s.id == StepId::ApiValidate).unwrap();
    assert!(api.detail.contains("401"), "{api:#?}");
    assert!(api.detail.contains("invalid_token"), "{api:#?}");
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

#[test]
fn arrows_every_step_between_or_on_the_three_lifelines() {
    use cc_core::demo::Party;
    let arrows: Vec<_> = StepId::ALL.iter().map(|s| s.arrow()).collect();
    // The token request goes to the authorization server and its answer comes back; the API
    // call goes to the resource server and its answer comes back.
    assert_eq!(arrows[1].from, Party::Client);
    assert_eq!(arrows[1].to, Party::AuthorizationServer);
    assert_eq!(arrows[3].from, Party::AuthorizationServer);
    assert_eq!(arrows[3].to, Party::Client);
    assert_eq!(arrows[5].to, Party::ResourceServer);
    assert_eq!(arrows[6].from, Party::ResourceServer);
    assert!(arrows[0].is_self() && arrows[2].is_self() && arrows[4].is_self());
    assert_eq!(arrows[1].text(), "Client → Authorization server");
    assert_eq!(arrows[2].text(), "Authorization server, on its own");
    assert_eq!(arrows[6].id(), "rs-client");
}

fn steps_in(states: [StepState; 7]) -> Vec<Step> {
    StepId::ALL
        .iter()
        .zip(states)
        .map(|(&id, state)| Step {
            id,
            state,
            detail: String::new(),
        })
        .collect()
}

#[test]
fn current_step_active_failed_or_last_done() {
    use StepState::{Active, Done, Failed, Pending};
    let sending = steps_in([Done, Active, Pending, Pending, Pending, Pending, Pending]);
    assert_eq!(current_step(&sending), Some(StepId::Send));
    let refused = steps_in([Done, Done, Failed, Pending, Pending, Pending, Pending]);
    assert_eq!(current_step(&refused), Some(StepId::Validate));
    let stored = steps_in([Done, Done, Done, Done, Done, Pending, Pending]);
    assert_eq!(current_step(&stored), Some(StepId::Store));
    assert_eq!(current_step(&steps_in([Pending; 7])), None);
    // Played: the happy path ends at the API's answer, wrong secret at validation.
    assert_eq!(
        current_step(&play(scenario("happy-path"), None)),
        Some(StepId::ApiValidate)
    );
    assert_eq!(
        current_step(&play(scenario("wrong-secret"), None)),
        Some(StepId::Validate)
    );
}

fn settings(fault: &str, latency: &str, lifetime: &str) -> SimulatorSettings {
    SimulatorSettings {
        fault: fault.into(),
        latency: latency.into(),
        lifetime: lifetime.into(),
        profile: "strict".into(),
        skew: "0".into(),
        register_key: true,
        ..SimulatorSettings::default()
    }
}

fn server_down() -> ScenarioOverride {
    ScenarioOverride {
        id: "server-down",
        set: settings("503", "2000", "3600"),
        before: settings("none", "300", "3600"),
        auto_renew_before: None,
    }
}

#[test]
fn override_without_unchanged_settings_back_to_before() {
    let o = server_down();
    // What is saved while the scenario is on: never its 503.
    assert_eq!(o.without(&o.set), o.before);
}

#[test]
fn override_without_setting_changed_by_hand_kept() {
    let o = server_down();
    let current = settings("503", "50", "3600");
    let back = o.without(&current);
    assert_eq!(back.fault, "none");
    assert_eq!(back.latency, "50", "typed after the scenario started: kept");
}

#[test]
fn override_changes_names_what_is_in_force() {
    let o = server_down();
    assert_eq!(
        o.changes(&o.set, false),
        ["fault: 503 with Retry-After", "latency 2000 ms"]
    );
    // The latency typed by hand is no longer the scenario's.
    assert_eq!(
        o.changes(&settings("503", "50", "3600"), false),
        ["fault: 503 with Retry-After"]
    );
    assert!(o.changes(&o.before, false).is_empty());
}

#[test]
fn override_changes_auto_renewal_turned_off() {
    let o = ScenarioOverride {
        id: "expired-token",
        set: settings("none", "0", "10"),
        before: settings("none", "0", "3600"),
        auto_renew_before: Some(true),
    };
    assert_eq!(
        o.changes(&o.set, false),
        ["token lifetime 10 s", "automatic renewal off"]
    );
    assert_eq!(o.changes(&o.set, true), ["token lifetime 10 s"]);
}
