use super::fields::{field_error, invalid_attr};
use crate::components::{KeyValueRows, TextField};
use crate::oauth::draft::{Field, FieldError, Teaching};
use crate::oauth::prefill::LockField;
use crate::oauth::request::Mistakes;
use crate::state::{FieldContext, FormState};
use leptos::prelude::*;

/// Optional parameters (Audience, Resource, extra parameters and headers) and teaching mode,
/// in a disclosure that starts open whenever one of them is in use.
#[component]
pub fn MoreParameters(
    /// The form whose signals the fields read and write (errors and locks come from the
    /// [`FieldContext`] context).
    form: FormState,
) -> impl IntoView {
    let fields = use_context::<FieldContext>().expect("FieldContext");
    let errors = fields.errors;
    let FormState {
        audience,
        resource,
        extra_params,
        extra_headers,
        teaching,
        ..
    } = form;
    let in_use = audience.with_untracked(|a| !a.is_empty())
        || resource.with_untracked(|r| !r.is_empty())
        || extra_params.with_untracked(|r| !r.is_empty())
        || extra_headers.with_untracked(|r| !r.is_empty());
    view! {
        <details class="more" open=in_use>
            <summary>"More parameters"<span class="muted">" — audience, resource, extras, teaching mode"</span></summary>
            <div class="form">
            <TextField field=Field::Audience value=audience placeholder="https://api.example" hint="The API the token is for (a provider extension, e.g. Auth0); left out when empty." />
            {resource_field(resource, fields)}
            <fieldset class="plain" disabled=move || fields.is_locked(LockField::Params)>
            <KeyValueRows
                legend="Extra parameters"
                noun="parameter"
                rows=extra_params
                errors=errors
                belongs=|e, id| e.field == Field::ExtraParam(id)
            />
            </fieldset>
            <fieldset class="plain" disabled=move || fields.is_locked(LockField::Headers)>
            <KeyValueRows
                legend="Extra headers"
                noun="header"
                rows=extra_headers
                errors=errors
                belongs=|e, id| e.field == Field::ExtraHeader(id)
            />
            </fieldset>
            {teaching_mode(teaching, errors)}
            </div>
        </details>
    }
}

/// "Resource": one absolute URI per line (RFC 8707 §2).
fn resource_field(resource: RwSignal<String>, fields: FieldContext) -> impl IntoView {
    view! {
        <div class="field">
            <label for="resource">"Resource"</label>
            <textarea
                id="resource"
                rows="2"
                spellcheck="false"
                placeholder="https://api.example/orders"
                readonly=move || fields.is_locked(LockField::Resource)
                aria-invalid=invalid_attr(Field::Resource, fields.errors)
                aria-describedby="resource-error resource-hint"
                prop:value=move || resource.get()
                on:input=move |ev| resource.set(event_target_value(&ev))
            ></textarea>
            <p class="field__hint" id="resource-hint">"One absolute URI per line; each becomes a resource parameter (RFC 8707 §2)."</p>
            {field_error(Field::Resource, fields.errors)}
        </div>
    }
}

/// Teaching mode (RFC 6749 §4.4.2 done wrong on purpose): its switch, `grant_type` as typed,
/// and the deliberate mistakes.
fn teaching_mode(teaching: RwSignal<Teaching>, errors: Signal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <details class="teaching" prop:open=move || teaching.with(|t| t.enabled)>
            <summary>"Teaching mode: make the classic mistakes on purpose"</summary>
            <label class="toggle">
                <input
                    type="checkbox"
                    prop:checked=move || teaching.with(|t| t.enabled)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        teaching.update(|t| t.enabled = on)
                    }
                />
                "Enable teaching mode"
            </label>
            <div class="field">
                <label for="grant-type">"grant_type"</label>
                <input
                    id="grant-type"
                    type="text"
                    list="grant-types"
                    spellcheck="false"
                    disabled=move || !teaching.with(|t| t.enabled)
                    prop:value=move || teaching.with(|t| t.grant_type.clone())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        teaching.update(|t| t.grant_type = v)
                    }
                />
                <datalist id="grant-types">
                    <option value="client_credentials"></option>
                    <option value="authorization_code"></option>
                    <option value="password"></option>
                    <option value="refresh_token"></option>
                </datalist>
                {field_error(Field::GrantType, errors)}
            </div>
            {mistake(teaching, "GET with the parameters in the query string", |m| &mut m.use_get)}
            {mistake(teaching, "JSON body (Content-Type: application/json)", |m| &mut m.json_body)}
        </details>
    }
}

/// The switch of one deliberate mistake (`flag` picks it), usable only in teaching mode.
fn mistake(
    teaching: RwSignal<Teaching>,
    label: &'static str,
    flag: fn(&mut Mistakes) -> &mut bool,
) -> impl IntoView {
    view! {
        <label class="toggle">
            <input
                type="checkbox"
                disabled=move || !teaching.with(|t| t.enabled)
                prop:checked=move || {
                    teaching.with(|t| {
                        let mut mistakes = t.mistakes;
                        *flag(&mut mistakes)
                    })
                }
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    teaching.update(|t| *flag(&mut t.mistakes) = on)
                }
            />
            {label}
        </label>
    }
}
