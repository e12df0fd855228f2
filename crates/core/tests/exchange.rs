//! The pure decisions of one send (moved out of the app's send action): may it go out, the
//! token it issued, its history line, and what automatic renewal remembers.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::draft::{Field, FieldError};
use cc_core::encoding::base64url_encode;
use cc_core::exchange::{
    HISTORY_LIMIT, RenewalTrack, bad_port, issued_token, not_sent, outcome_line, push_history,
};
use cc_core::http::HttpResponse;
use cc_core::renewal::Renewal;
use cc_core::response::{self, TokenOutcome};
use cc_core::token::RenewAt;

const T0: u64 = 1_750_000_000_000;

fn answer(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        reason: String::new(),
        headers: vec![cc_core::http::Header::new(
            "Content-Type",
            "application/json",
        )],
        body: body.as_bytes().to_vec(),
    }
}

fn jwt_with_exp(exp: &str) -> String {
    let header = base64url_encode(br#"{"alg":"none","typ":"at+jwt"}"#);
    let claims = base64url_encode(format!(r#"{{"sub":"c","exp":{exp}}}"#).as_bytes());
    format!("{header}.{claims}.c2ln")
}

fn token_answer(access_token: &str, expires_in: Option<u64>) -> HttpResponse {
    let lifetime = expires_in.map_or(String::new(), |s| format!(r#","expires_in":{s}"#));
    answer(
        200,
        &format!(r#"{{"access_token":"{access_token}","token_type":"Bearer"{lifetime}}}"#),
    )
}

#[test]
fn not_sent_two_errors_lists_both_in_order() {
    let errors = [
        FieldError {
            field: Field::TokenUrl,
            message: "is required.".into(),
        },
        FieldError {
            field: Field::ClientId,
            message: "is required.".into(),
        },
    ];
    assert_eq!(
        not_sent(&errors),
        "Not sent: Token URL is required.; Client ID is required.."
    );
}

#[test]
fn bad_port_live_port_6000_names_the_port() {
    let why = bad_port(Some(6000), true).expect("6000 (X11) is a bad port");
    assert!(why.starts_with("Not sent: browsers refuse to connect to port 6000"));
    assert!(why.contains("Fetch standard §2.9"));
}

#[test]
fn bad_port_simulated_or_ordinary_port_none() {
    assert_eq!(bad_port(Some(6000), false), None);
    assert_eq!(bad_port(Some(8443), true), None);
    assert_eq!(bad_port(None, true), None);
}

#[test]
fn issued_token_success_keeps_response_and_arrival() {
    let outcome = response::parse(&token_answer("opaque-1", Some(3600)));
    let issued = issued_token(Some(&outcome), T0).expect("a token");
    assert_eq!(issued.received_at_ms, T0);
    assert_eq!(issued.response.access_token.expose(), "opaque-1");
    assert_eq!(issued.jwt_exp_ms, None);
    assert_eq!(issued.expires_at_ms(), Some(T0 + 3_600_000));
}

#[test]
fn issued_token_jwt_without_expires_in_uses_exp() {
    let outcome = response::parse(&token_answer(&jwt_with_exp("1750000060"), None));
    let issued = issued_token(Some(&outcome), T0).expect("a token");
    assert_eq!(issued.jwt_exp_ms, Some(1_750_000_060_000));
    assert_eq!(issued.expires_at_ms(), Some(1_750_000_060_000));
}

#[test]
fn issued_token_exp_before_1970_clamps_to_zero() {
    let outcome = response::parse(&token_answer(&jwt_with_exp("-5"), None));
    let issued = issued_token(Some(&outcome), T0).expect("a token");
    assert_eq!(issued.jwt_exp_ms, Some(0));
}

#[test]
fn issued_token_error_or_nothing_none() {
    let refused = response::parse(&answer(401, r#"{"error":"invalid_client"}"#));
    assert!(matches!(refused, TokenOutcome::Error(_)));
    assert!(issued_token(Some(&refused), T0).is_none());
    assert!(issued_token(None, T0).is_none());
}

#[test]
fn outcome_line_each_kind_of_answer_reads_as_before() {
    let ok = token_answer("t", Some(3600));
    let outcome = response::parse(&ok);
    assert_eq!(
        outcome_line::<String>(&Ok(ok.clone()), Some(&outcome)),
        "token, expires_in 3600 s"
    );
    let no_lifetime = token_answer("t", None);
    let outcome = response::parse(&no_lifetime);
    assert_eq!(
        outcome_line::<String>(&Ok(no_lifetime), Some(&outcome)),
        "token, lifetime unknown"
    );
    let refused = answer(401, r#"{"error":"invalid_client"}"#);
    let outcome = response::parse(&refused);
    assert_eq!(
        outcome_line::<String>(&Ok(refused), Some(&outcome)),
        "invalid_client (401)"
    );
    let broken = answer(500, "<html>");
    let outcome = response::parse(&broken);
    assert_eq!(
        outcome_line::<String>(&Ok(broken), Some(&outcome)),
        "unexpected response (500)"
    );
    assert_eq!(
        outcome_line::<&str>(&Err("timed out after 15 s"), None),
        "no response: timed out after 15 s"
    );
}

#[test]
fn push_history_over_limit_keeps_newest_first() {
    let mut history = Vec::new();
    for n in 0..HISTORY_LIMIT + 5 {
        push_history(&mut history, n);
    }
    assert_eq!(history.len(), HISTORY_LIMIT);
    assert_eq!(history[0], HISTORY_LIMIT + 4);
    assert_eq!(history[HISTORY_LIMIT - 1], 5);
}

#[test]
fn renewal_track_no_token_decides_nothing() {
    let track = RenewalTrack::default();
    assert_eq!(track.decide(RenewAt::ThirtySecondsBefore, T0), None);
}

#[test]
fn renewal_track_inside_margin_renews_once_then_waits_for_answer() {
    let outcome = response::parse(&token_answer("t", Some(3600)));
    let issued = issued_token(Some(&outcome), T0).unwrap();
    let mut track = RenewalTrack::default();
    track.follow(1, Some(&issued));
    let due = T0 + 3_600_000 - 20_000;
    assert_eq!(
        track.decide(RenewAt::ThirtySecondsBefore, due),
        Some(Renewal::Now)
    );
    track.renewing(due, true);
    assert_eq!(
        track.decide(RenewAt::ThirtySecondsBefore, due + 1_000),
        Some(Renewal::Requested)
    );
}

#[test]
fn renewal_track_failed_renewal_keeps_token_and_counts_error() {
    let outcome = response::parse(&token_answer("t", Some(3600)));
    let issued = issued_token(Some(&outcome), T0).unwrap();
    let mut track = RenewalTrack::default();
    track.follow(1, Some(&issued));
    let due = T0 + 3_600_000 - 20_000;
    track.renewing(due, true);
    track.follow(2, None);
    // The same exchange seen again is not a second failure.
    track.follow(2, None);
    assert!(matches!(
        track.decide(RenewAt::ThirtySecondsBefore, due + 1_000),
        Some(Renewal::WaitUntil { at_ms, errors: 1 }) if at_ms > due + 1_000
    ));
}

#[test]
fn renewal_track_unsendable_renewal_counts_as_failed_at_once() {
    let outcome = response::parse(&token_answer("t", Some(3600)));
    let issued = issued_token(Some(&outcome), T0).unwrap();
    let mut track = RenewalTrack::default();
    track.follow(1, Some(&issued));
    let due = T0 + 3_600_000 - 20_000;
    track.renewing(due, false);
    assert!(matches!(
        track.decide(RenewAt::ThirtySecondsBefore, due + 1_000),
        Some(Renewal::WaitUntil { errors: 1, .. })
    ));
}

#[test]
fn renewal_track_new_token_starts_afresh() {
    let outcome = response::parse(&token_answer("t", Some(3600)));
    let first = issued_token(Some(&outcome), T0).unwrap();
    let mut track = RenewalTrack::default();
    track.follow(1, Some(&first));
    let due = T0 + 3_600_000 - 20_000;
    track.renewing(due, true);
    let second = issued_token(Some(&outcome), due + 500).unwrap();
    track.follow(2, Some(&second));
    assert!(matches!(
        track.decide(RenewAt::ThirtySecondsBefore, due + 1_000),
        Some(Renewal::WaitUntil { errors: 0, .. })
    ));
}
