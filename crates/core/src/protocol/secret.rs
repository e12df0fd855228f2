//! One redacting wrapper for every secret-bearing value (the idea of oauth2-rs's
//! `new_secret_type!`): client secrets and assertions (RFC 6749 §2.3.1, RFC 7523 §2.2),
//! private keys (RFC 7517, RFC 5208) and access tokens (RFC 6749 §1.4, §10.3).
//!
//! [`Secret<T>`]'s `Debug` output is always `[redacted]`, so a struct holding one can
//! `#[derive(Debug)]` and a stray `{:?}` in a log never prints the value: a new secret field
//! cannot forget redaction, because the only way to the value is the explicit
//! [`Secret::expose`] (call it only where the value goes on the wire or the user asked to see
//! it). `Secret` has no `Display`, `Deref` or `AsRef`, on purpose.

use std::fmt;

/// What `Debug` prints in place of a secret.
pub const REDACTED: &str = "[redacted]";

/// A value that must never appear in `Debug` output (see the module documentation).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub fn new(value: impl Into<T>) -> Self {
        Self(value.into())
    }

    /// The value itself: call only where it goes on the wire or is revealed on request.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The value itself, mutably (e.g. for a form field bound to it).
    pub fn expose_mut(&mut self) -> &mut T {
        &mut self.0
    }

    /// Unwraps the value.
    pub fn into_exposed(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_string())
    }
}

/// Declares a named secret string type (as oauth2-rs's `new_secret_type!`): a newtype over
/// [`Secret<String>`] with `new` and `expose`, whose derived `Debug` prints
/// `Name([redacted])`. A named type keeps, say, an access token from being passed where a
/// client secret is expected.
macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name($crate::protocol::secret::Secret<String>);

        impl $name {
            /// Wraps the value.
            pub fn new(value: impl Into<String>) -> Self {
                Self($crate::protocol::secret::Secret::new(value))
            }

            /// The value itself: call only where it goes on the wire or is revealed on request.
            pub fn expose(&self) -> &str {
                self.0.expose()
            }
        }
    };
}
pub(crate) use secret_type;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_redacted() {
        let s: Secret<String> = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&s)), "Some([redacted])");
        assert_eq!(s.expose(), "hunter2");
    }

    secret_type!(
        /// A test secret.
        TestSecret
    );

    #[test]
    fn secret_type_debug_names_type_and_redacts() {
        let s = TestSecret::new("hunter2");
        assert_eq!(format!("{s:?}"), "TestSecret([redacted])");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn secret_expose_mut_changes_value() {
        let mut s: Secret<String> = "a".into();
        s.expose_mut().push('b');
        assert_eq!(s.into_exposed(), "ab");
    }

    #[test]
    fn secret_derived_debug_redacted() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            key: Secret<Vec<u8>>,
        }
        let shown = format!(
            "{:?}",
            Holder {
                key: vec![42].into()
            }
        );
        assert_eq!(shown, "Holder { key: [redacted] }");
    }
}
