//! Small reusable reactive helpers.

mod use_clipboard;
mod use_now;

pub use use_clipboard::{UseClipboardReturn, use_clipboard};
pub use use_now::{now_ms, use_now};

/// Creates an effect that runs `f` now and whenever a signal it read changes (Leptos's
/// `Effect::new`), through one boxed closure type: every closure given to `Effect::new` compiles
/// its own copy of the effect's scheduling code (~0.7 KB of wasm each, issue 17), boxed they all
/// share one. The effect is owned by the current reactive owner, as `Effect::new`'s is.
pub fn effect(f: impl Fn() + 'static) {
    let f: Box<dyn Fn()> = Box::new(f);
    leptos::prelude::Effect::new(move |_| f());
}
