//! Small reusable reactive helpers.

mod use_now;

pub use use_now::{now_ms, use_now};
