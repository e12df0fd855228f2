//! Browser tests: the app mounted in a real headless Chromium (wasm-bindgen-test).
//! Run with `cargo test --target wasm32-unknown-unknown --tests` (see README).
#![cfg(target_arch = "wasm32")]

use cc_playground::App;
use leptos::mount::mount_to;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Waits `ms` milliseconds so that the reactive system and the DOM settle.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// A fresh container in the document, so each test mounts its own app.
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn find<T: JsCast>(root: &HtmlElement, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn raw_request(root: &HtmlElement) -> String {
    find::<HtmlElement>(root, "[aria-label='Raw HTTP request']")
        .text_content()
        .unwrap_or_default()
}

fn dispatch(target: &web_sys::EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector);
    input.set_value(value);
    dispatch(&input, "input");
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
