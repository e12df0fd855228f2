//! The fields a docs author can lock with `lock=` (see the table in [`super`]).

use crate::draft::Field;

/// A field a docs author can make read-only with `lock=` (names are the parameter names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockField {
    /// `token_url`: "Token URL".
    TokenUrl,
    /// `client_id`: "Client ID".
    ClientId,
    /// `auth`: "Client authentication".
    Auth,
    /// `scope`: "Scope".
    Scope,
    /// `audience`: "Audience".
    Audience,
    /// `resource`: "Resource".
    Resource,
    /// `params`: the extra parameter rows.
    Params,
    /// `headers`: the extra header rows.
    Headers,
    /// `mode`: the simulated/live switch.
    Mode,
    /// `issuer`: the issuer and Discover.
    Issuer,
}

impl LockField {
    /// Every lockable field, in form order.
    pub const ALL: [LockField; 10] = [
        Self::TokenUrl,
        Self::ClientId,
        Self::Auth,
        Self::Scope,
        Self::Audience,
        Self::Resource,
        Self::Params,
        Self::Headers,
        Self::Mode,
        Self::Issuer,
    ];

    /// The name used in `lock=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TokenUrl => "token_url",
            Self::ClientId => "client_id",
            Self::Auth => "auth",
            Self::Scope => "scope",
            Self::Audience => "audience",
            Self::Resource => "resource",
            Self::Params => "params",
            Self::Headers => "headers",
            Self::Mode => "mode",
            Self::Issuer => "issuer",
        }
    }

    /// Parses a `lock=` name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The form field it locks, when it is one of the draft's labelled fields.
    pub fn field(self) -> Option<Field> {
        match self {
            Self::TokenUrl => Some(Field::TokenUrl),
            Self::ClientId => Some(Field::ClientId),
            Self::Scope => Some(Field::Scope),
            Self::Audience => Some(Field::Audience),
            Self::Resource => Some(Field::Resource),
            Self::Auth | Self::Params | Self::Headers | Self::Mode | Self::Issuer => None,
        }
    }
}
