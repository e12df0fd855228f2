use super::Interpreted;
use crate::oauth::response::TokenOutcome;
use leptos::prelude::*;

/// The kind of outcome the token panel shows.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Shape {
    /// A token response; `issued` when it gave a usable token.
    Token { issued: bool },
    /// An error response (RFC 6749 §5.2).
    Error,
    /// Something else.
    Problem,
}

/// The kind of `outcome`, changing only when the kind does.
pub(super) fn shape_of(outcome: Signal<Option<Interpreted>>) -> Memo<Option<Shape>> {
    Memo::new(move |_| {
        outcome.with(|o| {
            o.as_ref().map(|(outcome, issued, _)| match outcome {
                TokenOutcome::Token(_) => Shape::Token {
                    issued: issued.is_some(),
                },
                TokenOutcome::Error(_) => Shape::Error,
                TokenOutcome::Problem(_) => Shape::Problem,
            })
        })
    })
}
