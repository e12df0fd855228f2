//! [`flow_steps`]: the state and data of every step, from the latest token exchange and API
//! call.

use super::input::{ApiAnswer, ApiCall, FlowInput, TokenAnswer, TokenExchange};
use super::steps::{Step, StepId, StepState};
use crate::http::{MASK, reason_phrase};
use crate::types::AccessToken;

/// Whether the server processed the request at all: 5xx and 429 mean it did not get to
/// judging the credentials (RFC 9110 §15.6, RFC 6585 §4).
fn processed(status: u16) -> bool {
    status < 500 && status != 429
}

fn status_text(status: u16) -> String {
    format!("{status} {}", reason_phrase(status))
}

/// The state and data of every step, in order.
pub fn flow_steps(input: &FlowInput) -> [Step; 7] {
    // While a token request is in flight, everything after it waits for the answer.
    let exchange = if input.sending {
        None
    } else {
        input.exchange.as_ref()
    };
    let answered = answered(exchange);
    let token = issued(answered);
    // An absent `scope` means the scope requested was granted (RFC 6749 §5.1, §3.3).
    let requested = exchange.map_or("", |ex| ex.requested_scope.as_str());
    let (call, check) = api_steps(input, token.is_some());
    [
        prepare_step(input),
        send_step(input.sending, exchange),
        validate_step(answered),
        issue_step(answered, token.as_ref(), requested),
        store_step(token.as_ref(), input.reveal),
        call,
        check,
    ]
}

fn step(id: StepId, state: StepState, detail: String) -> Step {
    Step { id, state, detail }
}

fn pending(id: StepId, detail: &str) -> Step {
    step(id, StepState::Pending, detail.to_string())
}

const NOT_REACHED: &str = "Not reached.";

/// The token's `token_type`, `expires_in`, `scope` and value.
type Issued<'a> = (
    &'a String,
    &'a Option<u64>,
    &'a Option<String>,
    &'a AccessToken,
);

/// The client composes the request, or the form's problems stop it.
fn prepare_step(input: &FlowInput) -> Step {
    match &input.prepared {
        Ok(p) => step(
            StepId::Prepare,
            StepState::Done,
            format!("{} · {}", p.request_line, p.auth_method),
        ),
        Err(problems) => step(
            StepId::Prepare,
            StepState::Failed,
            format!("Not ready: {}", problems.join("; ")),
        ),
    }
}

/// The request goes to the token endpoint: waiting, no answer, or answered (failed when the
/// server did not process it).
fn send_step(sending: bool, exchange: Option<&TokenExchange>) -> Step {
    match (sending, exchange) {
        (true, _) => step(
            StepId::Send,
            StepState::Active,
            "Waiting for the token endpoint…".into(),
        ),
        (false, None) => pending(StepId::Send, "Press Send (Ctrl+Enter or Alt+N)."),
        (false, Some(ex)) => {
            let sent = format!("{} · {}", ex.request_line, ex.auth_method);
            match &ex.answer {
                TokenAnswer::NoResponse(why) => step(
                    StepId::Send,
                    StepState::Failed,
                    format!("{sent} → no answer: {why}"),
                ),
                TokenAnswer::Token { status, .. }
                | TokenAnswer::Refused { status, .. }
                | TokenAnswer::Unusable { status, .. } => {
                    let answered =
                        format!("{sent} → {} in {} ms", status_text(*status), ex.elapsed_ms);
                    if processed(*status) {
                        step(StepId::Send, StepState::Done, answered)
                    } else {
                        step(
                            StepId::Send,
                            StepState::Failed,
                            format!(
                                "{answered}: the server did not process the request; retry later"
                            ),
                        )
                    }
                }
            }
        }
    }
}

/// The token endpoint's answer when the server processed the request.
fn answered(exchange: Option<&TokenExchange>) -> Option<&TokenAnswer> {
    exchange.and_then(|ex| match &ex.answer {
        TokenAnswer::NoResponse(_) => None,
        TokenAnswer::Token { status, .. }
        | TokenAnswer::Refused { status, .. }
        | TokenAnswer::Unusable { status, .. } => processed(*status).then_some(&ex.answer),
    })
}

/// The server authenticates the client and checks the request (RFC 6749 §3.2.1, §5.2).
fn validate_step(answered: Option<&TokenAnswer>) -> Step {
    match answered {
        None => pending(StepId::Validate, NOT_REACHED),
        Some(TokenAnswer::Token { status, .. }) => step(
            StepId::Validate,
            StepState::Done,
            format!(
                "{}: client authenticated, request accepted",
                status_text(*status)
            ),
        ),
        Some(TokenAnswer::Refused {
            status,
            error,
            description,
        }) => step(
            StepId::Validate,
            StepState::Failed,
            match description {
                Some(d) => format!("{} · {error}: {d}", status_text(*status)),
                None => format!("{} · {error}", status_text(*status)),
            },
        ),
        Some(TokenAnswer::Unusable { status, problem }) => {
            if (200..300).contains(status) {
                step(StepId::Validate, StepState::Done, status_text(*status))
            } else {
                step(
                    StepId::Validate,
                    StepState::Failed,
                    format!("{}: {problem}", status_text(*status)),
                )
            }
        }
        Some(TokenAnswer::NoResponse(_)) => pending(StepId::Validate, NOT_REACHED),
    }
}

/// The token of a successful answer.
fn issued(answered: Option<&TokenAnswer>) -> Option<Issued<'_>> {
    match answered {
        Some(TokenAnswer::Token {
            token_type,
            expires_in,
            scope,
            access_token,
            ..
        }) => Some((token_type, expires_in, scope, access_token)),
        _ => None,
    }
}

/// The server issues the token (RFC 6749 §5.1).
fn issue_step(answered: Option<&TokenAnswer>, token: Option<&Issued<'_>>, requested: &str) -> Step {
    match (answered, token) {
        (_, Some((token_type, expires_in, scope, _))) => step(
            StepId::Issue,
            StepState::Done,
            format!(
                "token_type {token_type} · expires_in {} · scope {}",
                expires_in.map_or("absent".to_string(), |s| format!("{s} s")),
                match scope {
                    Some(s) => s.clone(),
                    None if requested.is_empty() => "(server default)".to_string(),
                    None => format!("{requested} (as requested)"),
                },
            ),
        ),
        (Some(TokenAnswer::Unusable { status, problem }), None) if (200..300).contains(status) => {
            step(StepId::Issue, StepState::Failed, problem.clone())
        }
        _ => pending(StepId::Issue, NOT_REACHED),
    }
}

/// The client keeps the token for its lifetime.
fn store_step(token: Option<&Issued<'_>>, reveal: bool) -> Step {
    match token {
        Some((token_type, expires_in, _, access_token)) => {
            let shown = if reveal { access_token.expose() } else { MASK };
            let scheme = if token_type.eq_ignore_ascii_case("bearer") {
                "Bearer"
            } else {
                token_type.as_str()
            };
            step(
                StepId::Store,
                StepState::Done,
                format!(
                    "Authorization: {scheme} {shown} · kept {}",
                    expires_in.map_or("until the API refuses it".to_string(), |s| format!(
                        "for {s} s, then a new token is requested"
                    ))
                ),
            )
        }
        None => pending(StepId::Store, NOT_REACHED),
    }
}

/// The API call with the token (RFC 6750 §2.1) and the API's check of it (§3.1). A call made
/// with an earlier token does not count.
fn api_steps(input: &FlowInput, has_token: bool) -> (Step, Step) {
    let api = input.api.as_ref().filter(|a| has_token && a.current_token);
    match api {
        None if has_token => (
            pending(StepId::CallApi, "Press Call API."),
            pending(StepId::ApiValidate, NOT_REACHED),
        ),
        None => (
            pending(StepId::CallApi, "Needs a token first."),
            pending(StepId::ApiValidate, NOT_REACHED),
        ),
        Some(ApiCall {
            request_line,
            answer: ApiAnswer::NoResponse(why),
            ..
        }) => (
            step(
                StepId::CallApi,
                StepState::Failed,
                format!("{request_line} → no answer: {why}"),
            ),
            pending(StepId::ApiValidate, NOT_REACHED),
        ),
        Some(ApiCall {
            request_line,
            answer:
                ApiAnswer::Answered {
                    status,
                    error,
                    description,
                },
            ..
        }) => {
            let call = step(
                StepId::CallApi,
                StepState::Done,
                format!("{request_line} · Authorization: Bearer {MASK}"),
            );
            let check = if (200..300).contains(status) {
                step(
                    StepId::ApiValidate,
                    StepState::Done,
                    format!("{}: token accepted", status_text(*status)),
                )
            } else {
                let mut text = status_text(*status);
                if let Some(e) = error {
                    text.push_str(&format!(" · {e}"));
                }
                if let Some(d) = description {
                    text.push_str(&format!(": {d}"));
                }
                step(StepId::ApiValidate, StepState::Failed, text)
            };
            (call, check)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::input::{Prepared, TokenExchange};
    use super::*;
    use crate::types::AccessToken;

    fn prepared() -> Result<Prepared, Vec<String>> {
        Ok(Prepared {
            request_line: "POST /oauth2/token HTTP/1.1".into(),
            auth_method: "client_secret_basic".into(),
        })
    }

    fn issued() -> TokenExchange {
        TokenExchange {
            request_line: "POST /oauth2/token HTTP/1.1".into(),
            auth_method: "client_secret_basic".into(),
            requested_scope: "orders:read".into(),
            elapsed_ms: 3,
            answer: TokenAnswer::Token {
                status: 200,
                token_type: "Bearer".into(),
                expires_in: Some(3600),
                scope: Some("orders:read".into()),
                access_token: AccessToken::new("tok-123"),
            },
        }
    }

    fn input(exchange: Option<TokenExchange>) -> FlowInput {
        FlowInput {
            prepared: prepared(),
            sending: false,
            exchange,
            api: None,
            reveal: false,
        }
    }

    fn states(steps: &[Step; 7]) -> Vec<StepState> {
        steps.iter().map(|s| s.state).collect()
    }

    use StepState::{Active, Done, Failed, Pending};

    #[test]
    fn flow_steps_nothing_sent_only_prepare_done() {
        let steps = flow_steps(&input(None));
        assert_eq!(
            states(&steps),
            [Done, Pending, Pending, Pending, Pending, Pending, Pending]
        );
        assert!(steps[0].detail.contains("client_secret_basic"));
    }

    #[test]
    fn flow_steps_invalid_form_prepare_failed_with_problems() {
        let mut i = input(None);
        i.prepared = Err(vec!["Client secret is required".into()]);
        let steps = flow_steps(&i);
        assert_eq!(steps[0].state, Failed);
        assert!(steps[0].detail.contains("Client secret is required"));
    }

    #[test]
    fn flow_steps_sending_send_active_rest_pending() {
        let mut i = input(Some(issued()));
        i.sending = true;
        assert_eq!(
            states(&flow_steps(&i)),
            [Done, Active, Pending, Pending, Pending, Pending, Pending]
        );
    }

    #[test]
    fn flow_steps_token_issued_token_steps_done_token_masked() {
        let steps = flow_steps(&input(Some(issued())));
        assert_eq!(
            states(&steps),
            [Done, Done, Done, Done, Done, Pending, Pending]
        );
        assert!(steps[3].detail.contains("expires_in 3600 s"));
        assert!(steps[4].detail.contains(&format!("Bearer {MASK}")));
        assert!(!steps.iter().any(|s| s.detail.contains("tok-123")));
    }

    #[test]
    fn flow_steps_revealed_store_shows_token() {
        let mut i = input(Some(issued()));
        i.reveal = true;
        assert!(flow_steps(&i)[4].detail.contains("Bearer tok-123"));
    }

    #[test]
    fn flow_steps_wrong_secret_validate_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::Refused {
            status: 401,
            error: "invalid_client".into(),
            description: Some("Bad secret".into()),
        };
        let steps = flow_steps(&input(Some(ex)));
        assert_eq!(
            states(&steps),
            [Done, Done, Failed, Pending, Pending, Pending, Pending]
        );
        assert!(
            steps[2]
                .detail
                .contains("401 Unauthorized · invalid_client")
        );
    }

    #[test]
    fn flow_steps_server_unavailable_send_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::Unusable {
            status: 503,
            problem: "not JSON".into(),
        };
        let steps = flow_steps(&input(Some(ex)));
        assert_eq!(steps[1].state, Failed);
        assert!(steps[1].detail.contains("503 Service Unavailable"));
        assert_eq!(steps[2].state, Pending);
    }

    #[test]
    fn flow_steps_no_response_send_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::NoResponse("timed out".into());
        let steps = flow_steps(&input(Some(ex)));
        assert_eq!(steps[1].state, Failed);
        assert!(steps[1].detail.contains("timed out"));
    }

    #[test]
    fn flow_steps_ok_but_not_a_token_issue_failed() {
        let mut ex = issued();
        ex.answer = TokenAnswer::Unusable {
            status: 200,
            problem: "the body is not JSON".into(),
        };
        assert_eq!(
            states(&flow_steps(&input(Some(ex)))),
            [Done, Done, Done, Failed, Pending, Pending, Pending]
        );
    }

    fn api(status: u16, error: Option<&str>, current_token: bool) -> ApiCall {
        ApiCall {
            request_line: "GET /api/orders HTTP/1.1".into(),
            current_token,
            answer: ApiAnswer::Answered {
                status,
                error: error.map(str::to_string),
                description: None,
            },
        }
    }

    #[test]
    fn flow_steps_api_ok_all_done() {
        let mut i = input(Some(issued()));
        i.api = Some(api(200, None, true));
        assert_eq!(states(&flow_steps(&i)), [Done; 7]);
    }

    #[test]
    fn flow_steps_api_insufficient_scope_api_validate_failed() {
        let mut i = input(Some(issued()));
        i.api = Some(api(403, Some("insufficient_scope"), true));
        let steps = flow_steps(&i);
        assert_eq!(steps[5].state, Done);
        assert_eq!(steps[6].state, Failed);
        assert!(
            steps[6]
                .detail
                .contains("403 Forbidden · insufficient_scope")
        );
    }

    #[test]
    fn flow_steps_api_call_with_older_token_pending() {
        let mut i = input(Some(issued()));
        i.api = Some(api(200, None, false));
        let steps = flow_steps(&i);
        assert_eq!(steps[5].state, Pending);
        assert_eq!(steps[6].state, Pending);
    }
}
