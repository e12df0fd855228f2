//! Small components shared by several panels.

mod text_field;
mod toggle;

pub use text_field::TextField;
pub use toggle::Toggle;
