//! Masking credentials in what the page shows and copies: token response bodies compared by
//! the decoded JSON value (RFC 8259 §7), and the simulated server's log of request targets and
//! headers (RFC 6749 §2.3.1, RFC 9110 §11.6.2).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::http::MASK;
use cc_core::mask::{decode_literal, mask_log_text, mask_query};
use cc_core::response::{mask_secrets, secret_values};
use cc_core::simulator::{Simulator, SimulatorConfig};
use proptest::prelude::*;

/// The body as "Raw body" and "Copy body" show it while secrets are masked.
fn shown(body: &str) -> String {
    mask_secrets(body, &secret_values(body.as_bytes()))
}

#[test]
fn mask_secrets_escaped_slash_token_hidden() {
    // PHP's json_encode writes `/` as `\/` by default.
    let body = r#"{"access_token":"eyJh.abc\/def+ghi","token_type":"Bearer","expires_in":3600}"#;
    let text = shown(body);
    assert!(!text.contains("abc"), "{text}");
    assert!(!text.contains("def+ghi"), "{text}");
    assert!(
        text.contains(&format!(r#""access_token":"{MASK}""#)),
        "{text}"
    );
    assert!(text.contains(r#""token_type":"Bearer""#), "{text}");
}

#[test]
fn mask_secrets_unicode_escape_token_hidden() {
    let body = r#"{"token_type":"Bearer","access_token":"X\u0041Y-secret-token"}"#;
    let text = shown(body);
    assert!(!text.contains("secret-token"), "{text}");
    assert!(!text.contains(r"X\u0041Y"), "{text}");
}

#[test]
fn mask_secrets_mixed_escapes_in_refresh_and_id_token_hidden() {
    let body = r#"{"access_token":"plain-AT","refresh_token":"r\u0065fresh\/token\/1","id_token":"id\/\u0074ok","token_type":"Bearer"}"#;
    let text = shown(body);
    for leak in ["plain-AT", "\\u0065fresh", "token\\/1", "\\u0074ok"] {
        assert!(!text.contains(leak), "{leak} in {text}");
    }
}

#[test]
fn mask_secrets_surrogate_pair_token_hidden() {
    let body = r#"{"access_token":"smile-\ud83d\ude00-token-xyz","token_type":"Bearer"}"#;
    let text = shown(body);
    assert!(!text.contains("token-xyz"), "{text}");
    // A lone surrogate is not valid for serde; masking by member name still hides it.
    let lone = r#"{"access_token":"lone-\ud83d-token-xyz","token_type":"Bearer"}"#;
    assert!(!shown(lone).contains("token-xyz"), "{}", shown(lone));
}

#[test]
fn mask_secrets_secret_inside_other_member_hidden() {
    // The token quoted in another member, escaped differently from the member itself.
    let body =
        r#"{"access_token":"abc/def","debug":"issued abc\/def to you","token_type":"Bearer"}"#;
    let text = shown(body);
    assert!(!text.contains("abc"), "{text}");
    assert!(text.contains("Bearer"), "{text}");
}

#[test]
fn mask_secrets_invalid_json_masked_conservatively() {
    // Not JSON serde accepts (an invalid escape, trailing garbage): member names still decide.
    for body in [
        r#"{"access_token":"abc\/def\q","token_type":"Bearer"}"#,
        r#"{"access_token":"abc\/def","token_type":"Bearer"} trailing"#,
        r#"{"access_token" : "abc\/def""#,
        r#"{"access_token":"abc\/def"#,
        r#"{"access_token":"abc\/def\"#,
        r#"{"access_token":"abc\/def":"x"}"#,
        r#"{"ACCESS_TOKEN":"abc\/def"}"#,
    ] {
        let text = shown(body);
        assert!(!text.contains("abc"), "{body} shown as {text}");
    }
}

#[test]
fn mask_secrets_known_secret_in_html_page_hidden() {
    let secrets = vec!["tok/en-1".to_string()];
    let text = mask_secrets("<html><p>tok/en-1 and tok\\/en-1</p></html>", &secrets);
    assert!(!text.contains("en-1"), "{text}");
}

#[test]
fn mask_secrets_non_secret_members_kept() {
    let body = r#"{"access_token":"AT-1234","token_type":"Bearer","scope":"a\/b","expires_in":60}"#;
    let text = shown(body);
    assert!(text.contains(r#""scope":"a\/b""#), "{text}");
    assert!(text.contains(r#""expires_in":60"#), "{text}");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_ok(),
        "{text}"
    );
}

#[test]
fn mask_secrets_huge_body_masked_in_linear_time() {
    let filler = "\\/".repeat(2_000_000);
    let body = format!(
        r#"{{"pad":"{filler}","nest":{}{}, "access_token":"huge\/token\/value"}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let started = std::time::Instant::now();
    let text = shown(&body);
    assert!(!text.contains("huge"), "token shown");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn decode_literal_escapes_decoded() {
    assert_eq!(decode_literal(r"a\/b"), "a/b");
    assert_eq!(decode_literal(r"\u0041\u00e9"), "Aé");
    assert_eq!(decode_literal(r"\ud83d\ude00"), "😀");
    assert_eq!(decode_literal(r"\ud83d"), "\u{FFFD}");
    assert_eq!(decode_literal(r"\ude00x"), "\u{FFFD}x");
    assert_eq!(decode_literal(r"\q\u00zz\"), r"\q\u00zz\");
    assert_eq!(decode_literal(r#"\"\\\b\f\n\r\t"#), "\"\\\u{8}\u{c}\n\r\t");
    assert_eq!(decode_literal(r"é\é"), r"é\é");
}

#[test]
fn mask_query_credentials_masked_by_decoded_name() {
    assert_eq!(
        mask_query("grant_type=client_credentials&client_secret=s3cr%2Ft&client%5Fassertion=x.y.z"),
        format!("grant_type=client_credentials&client_secret={MASK}&client%5Fassertion={MASK}")
    );
    assert_eq!(mask_query("scope=a&bad=%zz"), "scope=a&bad=%zz");
}

#[test]
fn mask_log_text_target_and_authorization_masked() {
    let line = "Parsed the request: GET /token?grant_type=client_credentials&client_id=app&client_secret=s3cret-value (0 bytes of body)";
    let text = mask_log_text(line);
    assert!(!text.contains("s3cret-value"), "{text}");
    assert!(text.contains("client_id=app"), "{text}");
    assert!(text.ends_with("(0 bytes of body)"), "{text}");
    let header = mask_log_text("Authorization: Basic YXBwOnMzY3JldA==\nnext");
    assert_eq!(header, format!("Authorization: Basic {MASK}\nnext"));
    assert_eq!(
        mask_log_text("authorization:tok"),
        format!("authorization:{MASK}")
    );
    assert_eq!(mask_log_text("Is it? Yes."), "Is it? Yes.");
}

/// A teaching-mode GET with `client_secret_post` puts the secret in the query (RFC 6749 §2.3.1
/// forbids it; the simulator refuses and logs the request line).
#[test]
fn mask_log_text_simulator_log_of_get_with_secret_hides_it() {
    let mut sim = Simulator::new(SimulatorConfig::default(), 1);
    let request = "GET /token?grant_type=client_credentials&client_id=demo-client&client%5Fsecret=top%2Fsecret-42 HTTP/1.1\r\nHost: authorization-server.example\r\n\r\n";
    sim.handle_bytes(request.as_bytes(), 1_750_000_000_000);
    let raw: Vec<&str> = sim.last_log().iter().map(|l| l.text.as_str()).collect();
    assert!(
        raw.iter().any(|l| l.contains("secret-42")),
        "the log names the target: {raw:?}"
    );
    for line in sim.last_log() {
        let text = mask_log_text(&line.text);
        assert!(!text.contains("secret-42"), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the escapes chosen for each character, a token is never shown.
    #[test]
    fn mask_secrets_any_escaping_token_hidden(
        token in "[A-Za-z0-9/+._~-]{12,40}",
        escape in proptest::collection::vec(0u8..3, 40),
        other in "[ -~]{0,30}",
    ) {
        let mut literal = String::new();
        for (i, c) in token.chars().enumerate() {
            match (escape[i % escape.len()], c) {
                (1, '/') => literal.push_str("\\/"),
                (1, _) | (2, _) => literal.push_str(&format!("\\u{:04x}", c as u32)),
                _ => literal.push(c),
            }
        }
        let other = serde_json::Value::from(other).to_string();
        let body = format!(r#"{{"note":{other},"access_token":"{literal}","token_type":"Bearer"}}"#);
        let text = shown(&body);
        prop_assert!(!text.contains(&token), "{}", text);
        prop_assert!(!text.contains(&literal), "{}", text);
    }

    /// Any text: masking never panics and never grows the text beyond the masks it adds.
    #[test]
    fn mask_secrets_arbitrary_text_no_panic(text in "\\PC{0,200}", secret in "\\PC{0,8}") {
        let masked = mask_secrets(&text, &[secret]);
        prop_assert!(masked.len() <= text.len().saturating_mul(MASK.len() + 2) + MASK.len() + 2);
        let _ = mask_log_text(&text);
    }
}
