//! The clock. This is the only place in the app that reads the time.

use leptos::prelude::*;
use std::time::Duration;

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A signal holding the current time (ms since the epoch), refreshed every `interval_ms`.
/// The interval is cleared when the calling component is unmounted.
pub fn use_now(interval_ms: u64) -> ReadSignal<u64> {
    let (now, set_now) = signal(now_ms());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(now_ms()),
        Duration::from_millis(interval_ms),
    ) {
        on_cleanup(move || handle.clear());
    }
    now
}
