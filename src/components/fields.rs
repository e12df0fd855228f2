//! Shared pieces of the form fields: ids, the error line and `aria-invalid` (the labelled text
//! field itself is [`super::TextField`]).

use crate::oauth::draft::{Field, FieldError};
use leptos::prelude::*;

/// The element id of a field's input.
pub fn field_id(field: Field) -> &'static str {
    match field {
        Field::TokenUrl => "token-url",
        Field::ClientId => "client-id",
        Field::ClientSecret => "client-secret",
        Field::Scope => "scope",
        Field::Audience => "audience",
        Field::Resource => "resource",
        Field::ExtraParam(_) => "extra-params",
        Field::ExtraHeader(_) => "extra-headers",
        Field::GrantType => "grant-type",
        Field::PrivateKey => "private-key",
        Field::AssertionLifetime => "assertion-lifetime",
    }
}

/// The error line under a field (`role="alert"`, hidden when there is no error).
pub fn field_error(field: Field, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let id = format!("{}-error", field_id(field));
    let message = Memo::new(move |_| {
        errors.with(|es| {
            es.iter()
                .filter(|e| e.field == field)
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
    });
    view! {
        <p class="field__error" id=id role="alert" hidden=move || message.with(String::is_empty)>
            {message}
        </p>
    }
}

/// `aria-invalid="true"` while the field has an error.
pub fn invalid_attr(
    field: Field,
    errors: Signal<Vec<FieldError>>,
) -> impl Fn() -> Option<&'static str> + Copy {
    move || {
        errors
            .with(|es| es.iter().any(|e| e.field == field))
            .then_some("true")
    }
}

/// The `<option>`s of a select over `items`: `value` on the wire, `label` shown, the one
/// `selected` says marked.
pub fn options<T: Copy + Send + Sync + 'static>(
    items: impl IntoIterator<Item = T>,
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    selected: impl Fn(T) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    items
        .into_iter()
        .map(|item| {
            view! { <option value=value(item) selected=move || selected(item)>{label(item)}</option> }
        })
        .collect_view()
}
