// Token endpoint response bodies (RFC 6749 §5.1, §5.2) and introspection responses
// (RFC 7662 §2.2).
use cc_core::http::{Header, HttpResponse, MASK};
use cc_core::response::{TokenOutcome, mask_secrets, parse, secret_values};
use cc_core::token::{IssuedToken, RenewAt};
use cc_core::{introspection, response};

/// When the response arrived (2025-06-15, ms since the epoch).
const RECEIVED_MS: u64 = 1_750_000_000_000;

/// The first two bytes are the status code (folded into 100–599), the rest the body.
pub fn run(data: &[u8]) {
    let (status, body) = match data {
        [a, b, rest @ ..] => (100 + u16::from_be_bytes([*a, *b]) % 500, rest),
        _ => (200, data),
    };
    let http = HttpResponse::new(
        status,
        vec![Header::new("Content-Type", "application/json")],
        body.to_vec(),
    );
    match parse(&http) {
        TokenOutcome::Token(token) => {
            let _ = response::scope_difference(&["orders:read".into()], token.scope.as_deref());
            // Expiry arithmetic on whatever `expires_in` the server sent (RFC 6749 §5.1).
            let issued = IssuedToken {
                response: token,
                received_at_ms: RECEIVED_MS,
                jwt_exp_ms: None,
            };
            for now_ms in [0, RECEIVED_MS, RECEIVED_MS + 3_600_000, u64::MAX] {
                for policy in RenewAt::ALL {
                    let _ = issued.state_for(now_ms, policy);
                }
                if let Some(fraction) = issued.fraction_left(now_ms) {
                    assert!((0.0..=1.0).contains(&fraction), "fraction {fraction}");
                }
            }
        }
        TokenOutcome::Error(error) => {
            assert_eq!(error.status, status);
            let _ = error.explanation();
        }
        TokenOutcome::Problem(problem) => {
            let _ = problem.to_string();
        }
    }
    let secrets = secret_values(body);
    assert!(secrets.iter().all(|s| !s.is_empty()), "empty secret listed");
    let masked = mask_secrets(&http.body_text(), &secrets);
    for secret in &secrets {
        // A secret that is part of the mask itself (or of another secret's mask) can remain.
        if !MASK.contains(secret.as_str()) {
            assert!(!masked.contains(secret.as_str()), "secret left unmasked");
        }
    }
    match introspection::parse(status, body) {
        Ok(introspection::Introspection::Active(members)) => {
            assert!(members.iter().all(|(name, _)| name != "active"));
        }
        Ok(introspection::Introspection::Inactive) | Err(_) => {}
    }
}
