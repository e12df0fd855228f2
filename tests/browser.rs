//! Browser tests: the app mounted in a real headless Chromium (wasm-bindgen-test).
//! Run with `cargo test --target wasm32-unknown-unknown --tests` (see README).
#![cfg(target_arch = "wasm32")]

use cc_playground::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{container, dispatch, find, sleep, type_into};

fn raw_request(root: &HtmlElement) -> String {
    find::<HtmlElement>(root, "[aria-label='Raw HTTP request']")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_first_open_shows_example_request() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    sleep(20).await;
    let raw = raw_request(&root);
    assert!(raw.starts_with("POST /oauth2/token HTTP/1.1\n"), "{raw}");
    assert!(
        raw.contains("Host: authorization-server.example\n"),
        "{raw}"
    );
    assert!(raw.contains("Authorization: Basic ••••••••\n"), "{raw}");
    assert!(
        !raw.contains("my_secret_456"),
        "secret shown while masked: {raw}"
    );
    let labels = root.text_content().unwrap_or_default();
    for label in [
        "Token URL",
        "Client ID",
        "Client secret",
        "Client authentication",
        "Scope",
    ] {
        assert!(labels.contains(label), "missing label {label}");
    }
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn client_id_typing_updates_raw_request() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    sleep(20).await;

    // Switch to client_secret_post: the client id is visible in the body.
    let select: HtmlSelectElement = find(&root, "#client-auth");
    select.set_value("client_secret_post");
    dispatch(&select, "change");
    type_into(&root, "#client-id", "abc def");
    sleep(20).await;
    let raw = raw_request(&root);
    assert!(
        raw.contains("&client_id=abc+def&client_secret=••••••••"),
        "{raw}"
    );
    assert!(!raw.contains("Authorization:"), "{raw}");
    // Content-Length is the byte length of the real (unmasked) body.
    let body_len = "grant_type=client_credentials&scope=orders%3Aread&client_id=abc+def&client_secret=my_secret_456".len();
    assert!(
        raw.contains(&format!("Content-Length: {body_len}\n")),
        "{raw}"
    );

    // Every keystroke re-renders.
    type_into(&root, "#client-id", "abc defg");
    sleep(20).await;
    assert!(raw_request(&root).contains("client_id=abc+defg&"));
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn invalid_token_url_shows_field_error_and_keeps_input() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    sleep(20).await;
    type_into(&root, "#token-url", "javascript:alert(1)");
    sleep(20).await;
    let error = find::<HtmlElement>(&root, "#token-url-error");
    assert!(!error.hidden());
    let message = error.text_content().unwrap_or_default();
    assert!(
        message.starts_with("Token URL uses the scheme \"javascript:\""),
        "{message}"
    );
    let input: HtmlInputElement = find(&root, "#token-url");
    assert_eq!(input.value(), "javascript:alert(1)");
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn send_simulated_shows_token_and_timer() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    sleep(20).await;
    let button: HtmlElement = find(&root, ".button--primary");
    button.click();
    sleep(50).await;
    let timer: HtmlElement = find(&root, "[role='timer']");
    let text = timer.text_content().unwrap_or_default();
    assert!(
        text.starts_with("Expires in 1:00:00") || text.starts_with("Expires in 59:5"),
        "{text}"
    );
    let response = find::<HtmlElement>(&root, "[aria-label='Raw HTTP response']")
        .text_content()
        .unwrap_or_default();
    assert!(response.starts_with("HTTP/1.1 200 OK\n"), "{response}");
    drop(handle);
    root.remove();
}

mod webcrypto {
    use super::*;
    use cc_playground::crypto::{WebCryptoSigner, generate_demo_key};
    use cc_playground::oauth::assertion::{AssertionPlan, JwtAlg, SigningKey, parse_private_key};
    use cc_playground::oauth::encoding::base64url_decode;
    use cc_playground::oauth::sha256::hmac_sha256;
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::JsValue;

    fn plan(alg: JwtAlg) -> AssertionPlan {
        AssertionPlan {
            alg,
            kid: Some("demo".into()),
            client_id: "my_client_id_123".into(),
            audience: "https://authorization-server.example/oauth2/token".into(),
            lifetime_secs: 60,
        }
    }

    fn obj(pairs: &[(&str, JsValue)]) -> Object {
        let o = Object::new();
        for (k, v) in pairs {
            Reflect::set(&o, &(*k).into(), v).unwrap();
        }
        o
    }

    /// Verifies a JWS with WebCrypto, importing the public key as `format` ("jwk" or "spki").
    async fn verify_with(alg: JwtAlg, format: &str, key_data: &Object, jws: &str) -> bool {
        let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
        let (import_alg, verify_alg) = match alg {
            JwtAlg::Rs256 => (
                obj(&[
                    ("name", "RSASSA-PKCS1-v1_5".into()),
                    ("hash", "SHA-256".into()),
                ]),
                obj(&[("name", "RSASSA-PKCS1-v1_5".into())]),
            ),
            _ => (
                obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
                obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
            ),
        };
        let key = JsFuture::from(
            subtle
                .import_key_with_object(
                    format,
                    key_data,
                    &import_alg,
                    false,
                    &Array::of1(&"verify".into()),
                )
                .unwrap(),
        )
        .await
        .unwrap();
        let (input, signature) = jws.rsplit_once('.').unwrap();
        let signature = Uint8Array::from(base64url_decode(signature).unwrap().as_slice());
        JsFuture::from(
            subtle
                .verify_with_object_and_buffer_source_and_u8_array(
                    &verify_alg,
                    &key.unchecked_into(),
                    &signature,
                    input.as_bytes(),
                )
                .unwrap(),
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
    }

    /// Verifies a JWS with a public JWK.
    async fn verify(alg: JwtAlg, public_jwk: &str, jws: &str) -> bool {
        let jwk: Object = js_sys::JSON::parse(public_jwk).unwrap().unchecked_into();
        verify_with(alg, "jwk", &jwk, jws).await
    }

    /// Verifies a JWS with an SPKI PEM public key.
    async fn verify_spki(alg: JwtAlg, public_pem: &str, jws: &str) -> bool {
        use cc_playground::oauth::encoding::base64_decode;
        let b64: String = public_pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        let der = Uint8Array::from(base64_decode(&b64).unwrap().as_slice());
        verify_with(alg, "spki", &der, jws).await
    }

    #[wasm_bindgen_test]
    async fn webcrypto_signer_generated_keys_signatures_verify() {
        for alg in [JwtAlg::Rs256, JwtAlg::Es256] {
            let key = generate_demo_key(alg).await.unwrap();
            let signing_key = parse_private_key(&key.private_jwk, alg).unwrap();
            let jws = plan(alg)
                .sign(&signing_key, 1_800_000_000, "j1", &WebCryptoSigner)
                .await
                .unwrap();
            assert!(
                verify(alg, &key.public_jwk, &jws).await,
                "{} signature must verify",
                alg.as_str()
            );
            // A changed payload must not verify with the same signature.
            let tampered = jws.replacen(".e", ".f", 1);
            assert!(
                !verify(alg, &key.public_jwk, &tampered).await,
                "{}",
                alg.as_str()
            );
        }
    }

    #[wasm_bindgen_test]
    async fn webcrypto_signer_pem_formats_sign_verifiably() {
        let cases = [
            (
                JwtAlg::Rs256,
                include_str!("fixtures/rsa-pkcs1.pem"),
                include_str!("fixtures/rsa-public.pem"),
            ),
            (
                JwtAlg::Es256,
                include_str!("fixtures/ec-sec1.pem"),
                include_str!("fixtures/ec-public.pem"),
            ),
            (
                JwtAlg::Es256,
                include_str!("fixtures/ec-pkcs8.pem"),
                include_str!("fixtures/ec-public.pem"),
            ),
        ];
        for (alg, private_pem, public_pem) in cases {
            let key = parse_private_key(private_pem, alg).unwrap();
            let jws = plan(alg)
                .sign(&key, 1_800_000_000, "j3", &WebCryptoSigner)
                .await
                .unwrap();
            assert!(
                verify_spki(alg, public_pem, &jws).await,
                "{} from {}",
                alg.as_str(),
                &private_pem[..31]
            );
        }
    }

    #[wasm_bindgen_test]
    async fn webcrypto_hs256_matches_core_hmac() {
        let key = SigningKey::Secret(b"my_secret_456".to_vec().into());
        let plan = plan(JwtAlg::Hs256);
        let jws = plan
            .sign(&key, 1_800_000_000, "j2", &WebCryptoSigner)
            .await
            .unwrap();
        let input = plan.signing_input(1_800_000_000, "j2");
        let (_, signature) = jws.rsplit_once('.').unwrap();
        assert_eq!(
            base64url_decode(signature).unwrap(),
            hmac_sha256(b"my_secret_456", input.as_bytes())
        );
    }

    #[wasm_bindgen_test]
    async fn webcrypto_signer_bad_jwk_reports_error() {
        let key = parse_private_key(
            r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}"#,
            JwtAlg::Es256,
        )
        .unwrap();
        let err = plan(JwtAlg::Es256)
            .sign(&key, 1, "j", &WebCryptoSigner)
            .await
            .unwrap_err();
        assert!(
            err.starts_with("the key could not be imported for ES256"),
            "{err}"
        );
    }
}

#[wasm_bindgen_test]
async fn panic_banner_shown_above_page_input_kept() {
    let root = container();
    let _handle = mount_to(root.clone(), App);
    sleep(50).await;
    type_into(&root, "#client-id", "typed_before_the_crash");
    cc_playground::panic_banner::show_banner("panicked at src/example.rs:1:1: boom");
    cc_playground::panic_banner::show_banner("panicked again: second");
    let document = web_sys::window().unwrap().document().unwrap();
    let body = document.body().unwrap().inner_html();
    assert_eq!(
        body.matches("id=\"panic-banner\"").count(),
        1,
        "one banner, however many panics"
    );
    let banner = document.get_element_by_id("panic-banner").unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let details = document
        .get_element_by_id("panic-details")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(details.contains("panicked again: second"), "{details}");
    assert!(
        banner
            .query_selector("button[data-copy-panic]")
            .unwrap()
            .is_some()
    );
    let input: HtmlInputElement = find(&root, "#client-id");
    assert_eq!(input.value(), "typed_before_the_crash");
    banner.remove();
}

#[wasm_bindgen_test]
async fn persist_typing_saved_once_typing_pauses() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    sleep(400).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = || {
        storage
            .get_item(cc_playground::oauth::persist::STORAGE_KEY)
            .unwrap()
            .unwrap_or_default()
    };
    assert!(
        saved().contains("client_id="),
        "saved at start: {}",
        saved()
    );
    type_into(&root, "#client-id", "typed_just_now");
    sleep(20).await;
    assert!(
        !saved().contains("typed_just_now"),
        "saved on the keystroke itself"
    );
    sleep(400).await;
    assert!(
        saved().contains("typed_just_now"),
        "not saved after the pause: {}",
        saved()
    );
    drop(handle);
    root.remove();
}

/// Issue 14, defect 17: a host page posting the same disallowed message a thousand times gives
/// one notice row with its count, and the list never grows past its cap.
#[wasm_bindgen_test]
async fn notices_repeated_notice_one_row_counted_and_list_capped() {
    use cc_playground::components::Notices;
    use cc_playground::oauth::notices::{NOTICE_LIMIT, push_counted};
    use cc_playground::oauth::prefill::{Notice, Severity};
    use leptos::prelude::*;

    // One "Dismiss" button per row.
    let rows = |root: &HtmlElement| {
        root.text_content()
            .unwrap_or_default()
            .matches("Dismiss")
            .count() as u32
    };
    let root = container();
    let notices = RwSignal::new(Vec::new());
    let handle = mount_to(root.clone(), move || view! { <Notices notices=notices /> });
    let host = |message: String| Notice {
        parameter: "postMessage".into(),
        severity: Severity::Warning,
        message,
    };
    for _ in 0..1000 {
        notices.update(|n| push_counted(n, host("from https://evil.example".into()), NOTICE_LIMIT));
    }
    sleep(20).await;
    assert_eq!(rows(&root), 1);
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("×1000"), "{text}");

    for i in 0..500 {
        notices
            .update(|n| push_counted(n, host(format!("from https://{i}.example")), NOTICE_LIMIT));
    }
    sleep(20).await;
    assert_eq!(rows(&root), NOTICE_LIMIT as u32);

    let dismiss: HtmlElement = find(&root, "li button");
    dismiss.click();
    sleep(20).await;
    assert_eq!(rows(&root), NOTICE_LIMIT as u32 - 1);
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn toggle_ticked_or_set_box_and_signal_agree() {
    use cc_playground::components::Toggle;
    use leptos::prelude::*;
    let root = container();
    let on = RwSignal::new(false);
    let handle = mount_to(root.clone(), move || {
        view! { <Toggle checked=on label="Reveal secrets" /> }
    });
    sleep(20).await;
    let label: HtmlElement = find(&root, "label.toggle");
    assert_eq!(label.text_content().unwrap_or_default(), "Reveal secrets");
    let input: HtmlInputElement = find(&root, "label.toggle > input[type='checkbox']");
    assert!(!input.checked());
    // A click ticks the box and fires `change`: the signal follows.
    input.click();
    sleep(10).await;
    assert!(on.get_untracked(), "ticking the box did not set the signal");
    // Setting the signal elsewhere clears the box.
    on.set(false);
    sleep(10).await;
    assert!(!input.checked(), "clearing the signal left the box ticked");
    drop(handle);
    root.remove();
}
