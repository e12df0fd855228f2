//! Shared pieces of the form components: a labelled text field, its error line, and ids.

use crate::oauth::draft::{Field, FieldError};
use crate::oauth::prefill::LockField;
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

/// A labelled single-line text field bound to `value`, with a hint and its error line;
/// read-only while `locked` lists it (`lock=` in the URL).
pub fn text_field(
    field: Field,
    value: RwSignal<String>,
    placeholder: &'static str,
    hint: &'static str,
    errors: Signal<Vec<FieldError>>,
    locked: RwSignal<Vec<LockField>>,
) -> impl IntoView {
    let id = field_id(field);
    let readonly = move || locked.with(|l| l.iter().any(|f| f.field() == Some(field)));
    view! {
        <div class="field">
            <label for=id>{field.label()}</label>
            <input
                id=id
                type="text"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder=placeholder
                aria-invalid=invalid_attr(field, errors)
                aria-describedby=format!("{id}-error {id}-hint")
                readonly=readonly
                bind:value=value
            />
            <p class="field__hint" id=format!("{id}-hint")>{hint}{move || readonly().then_some(" Locked by the page that embeds this playground.")}</p>
            {field_error(field, errors)}
        </div>
    }
}
