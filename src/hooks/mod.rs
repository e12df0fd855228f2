//! Small reusable reactive helpers.

mod use_clipboard;
mod use_now;

pub use use_clipboard::{UseClipboardReturn, use_clipboard};
pub use use_now::{now_ms, use_now};
