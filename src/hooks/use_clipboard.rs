//! Copying text to the clipboard, with a short-lived "copied" state for feedback.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen_futures::JsFuture;

/// What [`use_clipboard`] returns.
#[derive(Clone, Copy)]
pub struct UseClipboardReturn {
    /// `Some(true)` for two seconds after a successful copy, `Some(false)` after a failure.
    pub copied: ReadSignal<Option<bool>>,
    /// Copies the text.
    pub copy: Callback<String>,
}

impl UseClipboardReturn {
    /// The button text: `idle` normally, then "Copied" or "Copy failed" for two seconds.
    pub fn label(self, idle: &'static str) -> impl Fn() -> &'static str + Copy {
        move || match self.copied.get() {
            Some(true) => "Copied",
            Some(false) => "Copy failed",
            None => idle,
        }
    }
}

/// Copies text with `navigator.clipboard.writeText` and reports the outcome.
pub fn use_clipboard() -> UseClipboardReturn {
    let (copied, set_copied) = signal(None::<bool>);
    let copy = Callback::new(move |text: String| {
        let Some(window) = web_sys::window() else {
            set_copied.set(Some(false));
            return;
        };
        let promise = window.navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            let ok = JsFuture::from(promise).await.is_ok();
            set_copied.set(Some(ok));
            set_timeout(move || set_copied.set(None), Duration::from_secs(2));
        });
    });
    UseClipboardReturn { copied, copy }
}
