//! Small components shared by several panels.

mod toggle;

pub use toggle::Toggle;
