//! Browser tests: the app mounted in a real headless Chromium (wasm-bindgen-test).
//! Run with `cargo test --target wasm32-unknown-unknown --tests` (see README).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use cc_playground::App;
use leptos::mount::mount_to;
use leptos::task::tick;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
#[path = "browser/dpop.rs"]
mod dpop;
#[path = "browser/webcrypto.rs"]
mod webcrypto;
use common::{app_ready, container, dispatch, find, text_of, type_into, wait_until};

fn raw_request(root: &HtmlElement) -> String {
    find::<HtmlElement>(root, "[aria-label='Raw HTTP request']")
        .text_content()
        .unwrap_or_default()
}

/// How long a simulated send (WebCrypto signs the token) may take on a busy machine.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

#[wasm_bindgen_test]
async fn app_first_open_shows_example_request() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    app_ready(&root).await;
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
    app_ready(&root).await;

    // Switch to client_secret_post: the client id is visible in the body.
    let select: HtmlSelectElement = find(&root, "#client-auth");
    select.set_value("client_secret_post");
    dispatch(&select, "change");
    type_into(&root, "#client-id", "abc def");
    tick().await;
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
    tick().await;
    assert!(raw_request(&root).contains("client_id=abc+defg&"));
    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn invalid_token_url_shows_field_error_and_keeps_input() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    app_ready(&root).await;
    type_into(&root, "#token-url", "javascript:alert(1)");
    tick().await;
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
    app_ready(&root).await;
    let button: HtmlElement = find(&root, ".button--primary");
    button.click();
    // The simulated server signs the token with WebCrypto: real asynchronous work.
    wait_until("the simulated send's response", SEND_TIMEOUT, || {
        text_of(&root, "[aria-label='Raw HTTP response']").starts_with("HTTP/1.1 ")
    })
    .await;
    tick().await;
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

#[wasm_bindgen_test]
async fn panic_banner_shown_above_page_input_kept() {
    let root = container();
    let _handle = mount_to(root.clone(), App);
    app_ready(&root).await;
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

/// The configuration is saved 300 ms after the last change (`state/config.rs`); this much of
/// the pause must have passed before the save shows (timers never fire early).
const SAVE_PAUSE_AT_LEAST: Duration = Duration::from_millis(250);

#[wasm_bindgen_test]
async fn persist_typing_saved_once_typing_pauses() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = || {
        storage
            .get_item(cc_playground::oauth::persist::STORAGE_KEY)
            .unwrap()
            .unwrap_or_default()
    };
    // The first save is immediate once the background work has started (right after the first
    // paint: `AppState::start_background`).
    wait_until(
        "the configuration saved at start",
        Duration::from_secs(2),
        || saved().contains("client_id="),
    )
    .await;
    type_into(&root, "#client-id", "typed_just_now");
    tick().await;
    assert!(
        !saved().contains("typed_just_now"),
        "saved on the keystroke itself"
    );
    let took = wait_until(
        "the typed Client ID in the saved configuration",
        Duration::from_secs(2),
        || saved().contains("typed_just_now"),
    )
    .await;
    assert!(
        took >= SAVE_PAUSE_AT_LEAST,
        "saved {took:?} after the keystroke, before the pause was over"
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

    // One "Dismiss" button per row (the list's own; "Dismiss all" is outside it).
    let rows = |root: &HtmlElement| {
        find::<HtmlElement>(root, "ul")
            .text_content()
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
    tick().await;
    assert_eq!(rows(&root), 1);
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("×1000"), "{text}");

    for i in 0..500 {
        notices
            .update(|n| push_counted(n, host(format!("from https://{i}.example")), NOTICE_LIMIT));
    }
    tick().await;
    assert_eq!(rows(&root), NOTICE_LIMIT as u32);

    let dismiss: HtmlElement = find(&root, "li button");
    dismiss.click();
    tick().await;
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
    tick().await;
    let label: HtmlElement = find(&root, "label.toggle");
    assert_eq!(label.text_content().unwrap_or_default(), "Reveal secrets");
    let input: HtmlInputElement = find(&root, "label.toggle > input[type='checkbox']");
    assert!(!input.checked());
    // A click ticks the box and fires `change`: the signal follows.
    input.click();
    tick().await;
    assert!(on.get_untracked(), "ticking the box did not set the signal");
    // Setting the signal elsewhere clears the box.
    on.set(false);
    tick().await;
    assert!(!input.checked(), "clearing the signal left the box ticked");
    drop(handle);
    root.remove();
}

/// The countdown on its own, with the clock as a plain signal: as time passes only its text, its
/// phase (valid → renew soon → expired) and its bar change, in the same element.
#[wasm_bindgen_test]
async fn countdown_time_passes_text_and_phase_follow() {
    use cc_playground::components::Countdown;
    use cc_playground::oauth::http::HttpResponse;
    use cc_playground::oauth::response::{TokenOutcome, parse};
    use cc_playground::oauth::token::{IssuedToken, RenewAt};
    use leptos::prelude::*;

    const RECEIVED_MS: u64 = 1_800_000_000_000;
    let body = r#"{"access_token":"t","token_type":"Bearer","expires_in":3600}"#;
    let TokenOutcome::Token(response) = parse(&HttpResponse::new(200, Vec::new(), body)) else {
        panic!("not a token response: {body}");
    };
    let issued = RwSignal::new(Some(IssuedToken {
        response,
        received_at_ms: RECEIVED_MS,
        jwt_exp_ms: None,
    }));
    let now = RwSignal::new(RECEIVED_MS);
    let renew_at = RwSignal::new(RenewAt::LastTenPercent);
    let root = container();
    let handle = mount_to(root.clone(), move || {
        view! { <Countdown issued=issued now=now renew_at=renew_at /> }
    });
    tick().await;
    let timer: HtmlElement = find(&root, "[role='timer']");
    let phase = || find::<HtmlElement>(&root, ".countdown").class_name();
    let bar = || {
        find::<HtmlElement>(&root, ".countdown__fill")
            .get_attribute("style")
            .unwrap_or_default()
    };
    assert_eq!(
        timer.text_content().unwrap_or_default(),
        "Expires in 1:00:00"
    );
    assert_eq!(phase(), "countdown countdown--valid");
    assert!(bar().contains("scaleX(1)"), "{}", bar());

    // 50 s left: inside the last 10 % (at most 60 s), renewal is due.
    now.set(RECEIVED_MS + 3_550_000);
    tick().await;
    assert_eq!(
        timer.text_content().unwrap_or_default(),
        "Expires in 0:50 — renew soon"
    );
    assert_eq!(phase(), "countdown countdown--expiring");
    assert!(bar().contains("scaleX(0.014)"), "{}", bar());
    assert!(
        text_of(&root, "[aria-live='polite']").contains("expires soon"),
        "the phase change is not announced"
    );

    now.set(RECEIVED_MS + 3_602_000);
    tick().await;
    assert_eq!(timer.text_content().unwrap_or_default(), "Expired 0:02 ago");
    assert_eq!(phase(), "countdown countdown--expired");
    let same: HtmlElement = find(&root, "[role='timer']");
    assert!(same.is_same_node(Some(&timer)), "the timer was rebuilt");
    drop(handle);
    root.remove();
}

/// The token panel on its own, with its own signals: the access token is masked until revealed,
/// a token and an error replace each other in place (the same elements, hidden or shown), and
/// "Renew now" reaches its callback.
#[wasm_bindgen_test]
async fn token_view_reveal_and_outcome_switch_update_in_place() {
    use cc_playground::components::TokenView;
    use cc_playground::oauth::http::HttpResponse;
    use cc_playground::oauth::response::parse;
    use cc_playground::oauth::token::{IssuedToken, RenewAt};
    use leptos::prelude::*;

    const NOW_MS: u64 = 1_800_000_000_000;
    let token_body = r#"{"access_token":"at-visible-only-when-revealed","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-visible-only-when-revealed","ext_expires_in":3600}"#;
    let token = parse(&HttpResponse::new(200, Vec::new(), token_body));
    let issued = match &token {
        cc_playground::oauth::response::TokenOutcome::Token(response) => IssuedToken {
            response: response.clone(),
            received_at_ms: NOW_MS,
            jwt_exp_ms: None,
        },
        _ => panic!("not a token response: {token_body}"),
    };
    let error_body = r#"{"error":"invalid_client","error_description":"bad secret"}"#;
    let error = parse(&HttpResponse::new(401, Vec::new(), error_body));

    let outcome = RwSignal::new(Some((token.clone(), Some(issued.clone()), None::<String>)));
    let reveal = RwSignal::new(false);
    let renewed = RwSignal::new(0);
    let root = container();
    let handle = mount_to(root.clone(), move || {
        view! {
            <TokenView
                outcome=outcome
                now=RwSignal::new(NOW_MS)
                reveal=reveal
                auto_renew=RwSignal::new(false)
                on_renew=move |()| renewed.update(|n| *n += 1)
                renew_at=RwSignal::new(RenewAt::LastTenPercent)
                clock_skew=RwSignal::new(None::<i64>)
            />
        }
    });
    tick().await;
    let field = |name: &str| text_of(&root, &format!("[data-field='{name}']"));
    let title = || text_of(&root, "#token-title");
    let alert: HtmlElement = find(&root, "[role='alert']");
    let access_token: HtmlElement = find(&root, "[data-field='access_token']");
    assert_eq!(title(), "Access token");
    assert_eq!(field("access_token"), "••••••••");
    assert_eq!(field("token_type"), "Bearer");
    assert_eq!(field("expires_in"), "3600 s");
    assert!(alert.hidden(), "an error shown beside a token");
    assert_eq!(text_of(&root, "[role='timer']"), "Expires in 1:00:00");

    // Extra members: a credential (refresh_token) masked like the access token, others shown.
    let text = root.text_content().unwrap_or_default();
    assert!(!text.contains("rt-visible-only-when-revealed"), "{text}");
    assert!(text.contains("ext_expires_in"), "{text}");

    reveal.set(true);
    tick().await;
    assert_eq!(field("access_token"), "at-visible-only-when-revealed");
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("rt-visible-only-when-revealed"), "{text}");

    find::<HtmlElement>(&root, ".renew button").click();
    tick().await;
    assert_eq!(
        renewed.get_untracked(),
        1,
        "Renew now did not reach on_renew"
    );

    outcome.set(Some((error, None, None)));
    tick().await;
    assert_eq!(title(), "Error response");
    assert!(!alert.hidden(), "the error is hidden");
    let explained = alert.text_content().unwrap_or_default();
    assert!(explained.contains("invalid_client"), "{explained}");
    assert!(explained.contains("bad secret"), "{explained}");
    assert_eq!(field("access_token"), "", "the previous token still shown");

    outcome.set(Some((token, Some(issued), None)));
    tick().await;
    assert_eq!(title(), "Access token");
    assert!(alert.hidden(), "the error stayed after a new token");
    let same: HtmlElement = find(&root, "[data-field='access_token']");
    assert!(
        same.is_same_node(Some(&access_token)),
        "the token fields were rebuilt"
    );
    assert_eq!(field("access_token"), "at-visible-only-when-revealed");
    drop(handle);
    root.remove();
}
