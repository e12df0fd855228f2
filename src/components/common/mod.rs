//! Small components shared by several panels.

mod lock_icon;
mod lock_note;
mod text_field;
mod toggle;

pub use lock_icon::LockIcon;
pub use lock_note::LockNote;
pub use text_field::TextField;
pub use toggle::Toggle;
