//! Memory test: the app mounted in headless Chromium, with a counting allocator, so that the
//! bytes each simulated send leaves behind are measured exactly (issue 8: memory growth after
//! 10 000 sends ≤ 5 MiB, i.e. well under 0.5 KiB per send). The benchmark (`cargo xtask bench`)
//! reports the WebAssembly memory itself; this test pins the cause: live heap bytes.
#![cfg(target_arch = "wasm32")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use std::time::Duration;

use cc_playground::App;
use leptos::mount::mount_to;
use leptos::task::tick;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{app_ready, container, dispatch, find, text_of, type_into, wait_until};

/// The system allocator, counting the bytes currently allocated.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to `System` with the same arguments; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How long one simulated send (WebCrypto signs the token) may take on a busy machine.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

/// The response panel's meta line ("attempt #N · …"): it changes with every send.
fn meta(root: &HtmlElement) -> String {
    text_of(root, ".response__meta")
}

/// Clicks Send and waits until that send's response is shown with `status`.
async fn send(root: &HtmlElement, status: &str) {
    let before = meta(root);
    find::<HtmlElement>(root, ".button--primary").click();
    wait_until(&format!("a new {status} response"), SEND_TIMEOUT, || {
        meta(root) != before
            && text_of(root, "[aria-label='Raw HTTP response']").starts_with(status)
    })
    .await;
}

/// Writes the configuration save still pending, at once: the app saves 300 ms after the last
/// change, and at once when the page is left (`pagehide`), which this plays. Each measurement
/// starts and ends with no save pending, so none falls inside it.
fn flush_pending_save() {
    dispatch(&web_sys::window().unwrap(), "pagehide");
}

/// Runs `step` `warm_up` times (first-use allocations; the bounded collections — history 50,
/// the simulator's 200 live tokens, the server log — filled), then `measured` times, and
/// returns the live heap bytes each measured step left behind. The debounced configuration
/// save is flushed before and after, so that it happens outside the measurement.
async fn bytes_kept_per_step(
    warm_up: usize,
    measured: usize,
    mut step: impl AsyncFnMut(),
) -> isize {
    for _ in 0..warm_up {
        step().await;
    }
    flush_pending_save();
    tick().await;
    let before = LIVE.load(Ordering::Relaxed);
    for _ in 0..measured {
        step().await;
    }
    flush_pending_save();
    tick().await;
    let after = LIVE.load(Ordering::Relaxed);
    (after - before) / measured as isize
}

/// Mounts the app, lets `prepare` change the form, and returns the bytes each send to the
/// simulated server leaves behind (200 sends after 250).
async fn bytes_kept_per_send(prepare: impl Fn(&HtmlElement), status: &str) -> isize {
    let root = container();
    let handle = mount_to(root.clone(), App);
    app_ready(&root).await;
    prepare(&root);
    let kept = bytes_kept_per_step(250, 200, async || send(&root, status).await).await;
    drop(handle);
    root.remove();
    kept
}

#[wasm_bindgen_test]
async fn app_repeated_token_sends_keep_no_memory() {
    let kept = bytes_kept_per_send(|_| {}, "HTTP/1.1 200 OK").await;
    // 0 today; a reactive node left subscribed per send costs ~72 bytes.
    assert!(kept < 32, "each send keeps {kept} bytes");
}

#[wasm_bindgen_test]
async fn app_repeated_error_sends_keep_no_memory() {
    let wrong_secret = |root: &HtmlElement| type_into(root, "#client-secret", "not-the-secret");
    let kept = bytes_kept_per_send(wrong_secret, "HTTP/1.1 401").await;
    assert!(kept < 32, "each send keeps {kept} bytes");
}

/// Types `values` in turn into the field `selector` and returns the bytes each keystroke
/// leaves behind (`rounds` rounds after as many).
async fn bytes_kept_per_keystroke(selector: &str, values: &[&str], rounds: usize) -> isize {
    let root = container();
    let handle = mount_to(root.clone(), App);
    app_ready(&root).await;
    let round = async || {
        for value in values {
            type_into(&root, selector, value);
            tick().await;
        }
    };
    let kept = bytes_kept_per_step(rounds, rounds, round).await;
    drop(handle);
    root.remove();
    kept / values.len() as isize
}

#[wasm_bindgen_test]
async fn app_repeated_keystrokes_keep_no_memory() {
    let kept = bytes_kept_per_keystroke("#client-id", &["client_a", "client_b"], 100).await;
    assert!(kept < 32, "each Client ID keystroke keeps {kept} bytes");
    // Valid and invalid in turn: the field error, the linter's findings and the raw view's
    // placeholder appear and go.
    let kept = bytes_kept_per_keystroke(
        "#token-url",
        &["https://as.example/token", "ftp://as.example/token"],
        100,
    )
    .await;
    assert!(kept < 32, "each Token URL keystroke keeps {kept} bytes");
}

/// Good and wrong secret in turn: the token panel switches between a token and an error on
/// every send, which must rebuild nothing.
#[wasm_bindgen_test]
async fn app_alternating_token_and_error_sends_keep_no_memory() {
    let root = container();
    let handle = mount_to(root.clone(), App);
    app_ready(&root).await;
    let good = find::<HtmlInputElement>(&root, "#client-secret").value();
    let pair = async || {
        type_into(&root, "#client-secret", &good);
        send(&root, "HTTP/1.1 200 OK").await;
        type_into(&root, "#client-secret", "not-the-secret");
        send(&root, "HTTP/1.1 401").await;
    };
    // Warm-up past the simulator's 200 live tokens (only the good sends issue one).
    let kept = bytes_kept_per_step(220, 100, pair).await;
    drop(handle);
    root.remove();
    assert!(
        kept < 32,
        "each token/error pair of sends keeps {kept} bytes"
    );
}
