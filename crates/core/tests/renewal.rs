//! Automatic renewal (RFC 6749 §4.4.3: client credentials renews with a new token request):
//! once per token, never faster than the minimum interval, backing off after failures, and
//! never for a token whose lifetime fits in the renewal margin.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::renewal::{
    MAX_BACKOFF_MS, MAX_ERRORS, MIN_INTERVAL_MS, Renewal, RenewalInput, backoff_ms, decide,
    margin_secs, message,
};
use cc_core::token::RenewAt;
use proptest::prelude::*;

const T0: u64 = 1_750_000_000_000;

fn token(lifetime_ms: u64, policy: RenewAt) -> RenewalInput {
    RenewalInput {
        issued_at_ms: T0,
        expires_at_ms: Some(T0 + lifetime_ms),
        policy,
        now_ms: T0,
        last_attempt_ms: None,
        attempts: 0,
        errors: 0,
    }
}

#[test]
fn decide_ten_second_token_thirty_second_margin_too_short_lived() {
    let input = token(10_000, RenewAt::ThirtySecondsBefore);
    for now in [T0, T0 + 5_000, T0 + 10_000, T0 + 60_000] {
        assert_eq!(
            decide(&RenewalInput {
                now_ms: now,
                ..input
            }),
            Renewal::TooShortLived {
                lifetime_secs: 10,
                margin_secs: 30
            }
        );
    }
    let text = message(&decide(&input)).expect("a message");
    assert!(text.contains("Too short-lived") && text.contains("10 s") && text.contains("30 s"));
}

#[test]
fn decide_expires_in_zero_to_four_default_margin_too_short_lived() {
    for secs in 0..=4 {
        assert!(
            matches!(
                decide(&token(secs * 1000, RenewAt::LastTenPercent)),
                Renewal::TooShortLived { .. }
            ),
            "expires_in {secs}"
        );
    }
    // Already expired on arrival (a JWT exp in the past).
    let expired = RenewalInput {
        expires_at_ms: Some(T0 - 1),
        ..token(0, RenewAt::EightyPercent)
    };
    assert!(matches!(decide(&expired), Renewal::TooShortLived { .. }));
}

#[test]
fn decide_normal_token_waits_for_margin_then_renews_once() {
    let input = token(3_600_000, RenewAt::LastTenPercent);
    assert_eq!(
        decide(&input),
        Renewal::WaitUntil {
            at_ms: T0 + 3_540_000,
            errors: 0
        }
    );
    let due = RenewalInput {
        now_ms: T0 + 3_540_000,
        ..input
    };
    assert_eq!(decide(&due), Renewal::Now);
    // Sent: the same token is not renewed again, however long the answer takes.
    let sent = RenewalInput {
        last_attempt_ms: Some(T0 + 3_540_000),
        attempts: 1,
        now_ms: T0 + 3_700_000,
        ..input
    };
    assert_eq!(decide(&sent), Renewal::Requested);
}

#[test]
fn decide_next_token_inside_margin_waits_minimum_interval() {
    // A 31 s token with a 30 s margin is due one second after it arrives; the previous
    // renewal was just sent, so the next waits for the minimum interval.
    let input = RenewalInput {
        last_attempt_ms: Some(T0 - 100),
        ..token(31_000, RenewAt::ThirtySecondsBefore)
    };
    assert_eq!(
        decide(&input),
        Renewal::WaitUntil {
            at_ms: T0 - 100 + MIN_INTERVAL_MS,
            errors: 0
        }
    );
}

#[test]
fn decide_after_errors_backs_off_then_gives_up() {
    let base = RenewalInput {
        now_ms: T0 + 3_550_000,
        last_attempt_ms: Some(T0 + 3_540_000),
        attempts: 1,
        errors: 1,
        ..token(3_600_000, RenewAt::LastTenPercent)
    };
    assert_eq!(
        decide(&base),
        Renewal::WaitUntil {
            at_ms: T0 + 3_540_000 + 20_000,
            errors: 1
        }
    );
    assert!(
        message(&decide(&base))
            .unwrap()
            .contains("failed (1 in a row)")
    );
    assert_eq!(
        decide(&RenewalInput {
            now_ms: T0 + 3_560_000,
            ..base
        }),
        Renewal::Now
    );
    let gave_up = RenewalInput {
        attempts: MAX_ERRORS,
        errors: MAX_ERRORS,
        ..base
    };
    assert_eq!(decide(&gave_up), Renewal::GaveUp { errors: MAX_ERRORS });
    assert!(message(&decide(&gave_up)).unwrap().contains("Renew now"));
}

#[test]
fn decide_unknown_lifetime_never_renews() {
    let input = RenewalInput {
        expires_at_ms: None,
        ..token(0, RenewAt::LastTenPercent)
    };
    assert_eq!(decide(&input), Renewal::UnknownLifetime);
    assert_eq!(message(&Renewal::UnknownLifetime), None);
}

#[test]
fn backoff_ms_doubles_and_is_capped() {
    assert_eq!(backoff_ms(0), MIN_INTERVAL_MS);
    assert_eq!(backoff_ms(1), 2 * MIN_INTERVAL_MS);
    assert_eq!(backoff_ms(3), 8 * MIN_INTERVAL_MS);
    assert_eq!(backoff_ms(64), MAX_BACKOFF_MS);
    assert_eq!(backoff_ms(u32::MAX), MAX_BACKOFF_MS);
}

/// A simulated run: the server issues `lifetime_ms` tokens instantly; the renewal loop is
/// evaluated every 500 ms for ten minutes. Returns how many renewals were sent.
fn simulate(lifetime_ms: u64, policy: RenewAt) -> u32 {
    let mut issued_at = T0;
    let mut last_attempt = None;
    let mut sent = 0;
    let mut now = T0;
    while now < T0 + 600_000 {
        let input = RenewalInput {
            issued_at_ms: issued_at,
            expires_at_ms: Some(issued_at + lifetime_ms),
            policy,
            now_ms: now,
            last_attempt_ms: last_attempt,
            attempts: 0,
            errors: 0,
        };
        if decide(&input) == Renewal::Now {
            sent += 1;
            last_attempt = Some(now);
            issued_at = now; // the answer comes at once, as in the simulated mode
            continue; // evaluated again at once, as the effect reruns on the new exchange
        }
        now += 500;
    }
    sent
}

#[test]
fn decide_simulated_run_short_tokens_bounded_renewals() {
    assert_eq!(simulate(10_000, RenewAt::ThirtySecondsBefore), 0);
    for secs in 0..=4 {
        assert_eq!(simulate(secs * 1000, RenewAt::LastTenPercent), 0);
    }
    // Renewed, but never more often than the minimum interval.
    let limit = (600_000 / MIN_INTERVAL_MS) as u32 + 1;
    assert!(simulate(31_000, RenewAt::ThirtySecondsBefore) <= limit);
    assert!(simulate(3_000, RenewAt::EightyPercent) <= limit);
    assert_eq!(simulate(3_600_000, RenewAt::LastTenPercent), 0);
    assert_eq!(simulate(100_000, RenewAt::LastTenPercent), 6);
}

fn policy() -> impl Strategy<Value = RenewAt> {
    prop_oneof![
        Just(RenewAt::LastTenPercent),
        Just(RenewAt::EightyPercent),
        Just(RenewAt::ThirtySecondsBefore)
    ]
}

prop_compose! {
    fn any_input()(
        issued_at_ms in any::<u64>(),
        expires_at_ms in proptest::option::of(any::<u64>()),
        policy in policy(),
        now_ms in any::<u64>(),
        last_attempt_ms in proptest::option::of(any::<u64>()),
        attempts in any::<u32>(),
        errors in any::<u32>(),
    ) -> RenewalInput {
        RenewalInput { issued_at_ms, expires_at_ms, policy, now_ms, last_attempt_ms, attempts, errors }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any input, including `u64::MAX` times: no overflow panic, and the answer is coherent.
    #[test]
    fn decide_any_input_no_overflow_and_coherent(input in any_input()) {
        let decision = decide(&input);
        let _ = message(&decision);
        match decision {
            Renewal::WaitUntil { at_ms, .. } => prop_assert!(at_ms > input.now_ms),
            Renewal::Now => {
                prop_assert!(input.attempts <= input.errors && input.errors < MAX_ERRORS);
                if let Some(last) = input.last_attempt_ms {
                    prop_assert!(input.now_ms >= last.saturating_add(MIN_INTERVAL_MS));
                }
            }
            _ => {}
        }
    }

    /// Once renewal is due it stays due as time passes (monotonic in `now`).
    #[test]
    fn decide_now_monotonic_in_time(input in any_input(), later in any::<u64>()) {
        if decide(&input) == Renewal::Now {
            let later = RenewalInput { now_ms: input.now_ms.saturating_add(later), ..input };
            prop_assert_eq!(decide(&later), Renewal::Now);
        }
    }

    /// A later previous attempt, or more errors, never brings a renewal forward.
    #[test]
    fn decide_wait_monotonic_in_attempt_and_errors(input in any_input(), extra in 0u64..1_000_000, more in 0u32..3) {
        let at = |i: &RenewalInput| match decide(i) {
            Renewal::Now => Some(0),
            Renewal::WaitUntil { at_ms, .. } => Some(at_ms),
            _ => None,
        };
        let base = RenewalInput { attempts: input.errors.min(MAX_ERRORS - 3), errors: input.errors.min(MAX_ERRORS - 3), ..input };
        if let (Some(before), Some(last)) = (at(&base), base.last_attempt_ms) {
            let later = RenewalInput { last_attempt_ms: Some(last.saturating_add(extra)), ..base };
            if let Some(after) = at(&later) {
                prop_assert!(after >= before);
            }
            let failed = RenewalInput { attempts: base.attempts + more, errors: base.errors + more, ..base };
            if let Some(after) = at(&failed) {
                prop_assert!(after >= before);
            }
        }
    }

    /// The margin never overflows and the backoff never exceeds its cap.
    #[test]
    fn margin_and_backoff_saturate(lifetime in any::<u64>(), errors in any::<u32>(), policy in policy()) {
        let margin = margin_secs(policy, lifetime);
        prop_assert!(margin <= lifetime.max(60));
        let b = backoff_ms(errors);
        prop_assert!((MIN_INTERVAL_MS..=MAX_BACKOFF_MS).contains(&b));
        prop_assert!(backoff_ms(errors.saturating_add(1)) >= b);
    }
}
