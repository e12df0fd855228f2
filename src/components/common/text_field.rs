use super::{LockIcon, LockNote};
use crate::components::fields::{field_error, field_id, invalid_attr};
use crate::oauth::draft::Field;
use crate::state::FieldContext;
use leptos::prelude::*;

/// A labelled single-line text field of the token request form, bound to `value`, with its
/// hint and its error line. The label is the field's own ([`Field::label`]) and the input's id
/// [`field_id`]; the errors and the lock (`lock=` in the URL makes it read-only) come from the
/// [`FieldContext`] context, so a new field needs only this line.
#[component]
pub fn TextField(
    /// Which form field.
    field: Field,
    /// The text as typed.
    value: RwSignal<String>,
    /// An example shown while empty.
    placeholder: &'static str,
    /// One sentence under the field (`{id}-hint`).
    hint: &'static str,
) -> impl IntoView {
    let FieldContext { errors, locked } = use_context().expect("FieldContext");
    let id = field_id(field);
    let readonly =
        Signal::derive(move || locked.with(|l| l.iter().any(|f| f.field() == Some(field))));
    view! {
        <div class="field" class:field--locked=readonly>
            <label for=id>{field.label()}{move || readonly.get().then(|| view! { " " <LockIcon /> })}</label>
            <input
                id=id
                type="text"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                placeholder=placeholder
                aria-invalid=invalid_attr(field, errors)
                aria-describedby=format!("{id}-error {id}-hint")
                readonly=move || readonly.get()
                bind:value=value
            />
            <p class="field__hint" id=format!("{id}-hint")>{hint}<LockNote locked=readonly /></p>
            {field_error(field, errors)}
        </div>
    }
}
