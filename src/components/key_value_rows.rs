use crate::oauth::draft::{FieldError, Row};
use leptos::prelude::*;

/// An editor of key/value rows (extra body parameters or extra headers). Rows can be disabled
/// without deleting them; errors are shown under the row they concern.
#[component]
pub fn KeyValueRows(
    /// The group's visible name, e.g. "Extra parameters".
    legend: &'static str,
    /// Singular noun for the add button, e.g. "parameter".
    noun: &'static str,
    /// The rows; the editor writes to them.
    rows: RwSignal<Vec<Row>>,
    /// Errors for these rows, matched by `belongs` to a row id.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
    /// Whether an error is about the row with this id.
    belongs: fn(&FieldError, u32) -> bool,
) -> impl IntoView {
    let add = move |_| {
        rows.update(|rs| {
            let id = rs.iter().map(|r| r.id).max().unwrap_or(0) + 1;
            rs.push(Row::new(id, "", ""));
        })
    };
    let ids = move || rows.with(|rs| rs.iter().map(|r| r.id).collect::<Vec<u32>>());
    view! {
        <fieldset class="rows">
            <legend>{legend}</legend>
            <For
                each=ids
                key=|id| *id
                children=move |id| row(rows, errors, belongs, legend, noun, id)
            />
            <button type="button" class="button button--small" on:click=add>
                {format!("Add {noun}")}
            </button>
        </fieldset>
    }
}

/// Row `id`: its send switch, name and value boxes, remove button and errors.
fn row(
    rows: RwSignal<Vec<Row>>,
    errors: Signal<Vec<FieldError>>,
    belongs: fn(&FieldError, u32) -> bool,
    legend: &'static str,
    noun: &'static str,
    id: u32,
) -> impl IntoView {
    let update = move |id: u32, f: &dyn Fn(&mut Row)| {
        rows.update(|rs| {
            if let Some(r) = rs.iter_mut().find(|r| r.id == id) {
                f(r);
            }
        })
    };
    let get = move |f: fn(&Row) -> String| {
        move || rows.with(|rs| rs.iter().find(|r| r.id == id).map(f).unwrap_or_default())
    };
    let enabled = move || rows.with(|rs| rs.iter().any(|r| r.id == id && r.enabled));
    let message = move || {
        errors.with(|es| {
            es.iter()
                .filter(|e| belongs(e, id))
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    view! {
        <div class="rows__row" class:rows__row--off=move || !enabled()>
            <input
                type="checkbox"
                aria-label=move || format!("Send {} {}", noun, get(|r| r.name.clone())())
                prop:checked=enabled
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    update(id, &|r| r.enabled = on)
                }
            />
            {cell(rows, id, "rows__name", "name", format!("{legend}: name"), |r| r.name.clone(), |r, v| r.name = v)}
            {cell(rows, id, "rows__value", "value", format!("{legend}: value"), |r| r.value.clone(), |r, v| r.value = v)}
            <button
                type="button"
                class="button button--small"
                aria-label=format!("Remove {noun}")
                on:click=move |_| rows.update(|rs| rs.retain(|r| r.id != id))
            >
                "×"
            </button>
            <p class="field__error rows__error" role="alert" hidden=move || message().is_empty()>
                {message}
            </p>
        </div>
    }
}

/// The name or value box of row `id` (`label` is its accessible name): shows `read` of the
/// row, and `write`s what is typed.
fn cell(
    rows: RwSignal<Vec<Row>>,
    id: u32,
    class: &'static str,
    placeholder: &'static str,
    label: String,
    read: fn(&Row) -> String,
    write: fn(&mut Row, String),
) -> impl IntoView {
    view! {
        <input
            type="text"
            class=class
            aria-label=label
            placeholder=placeholder
            spellcheck="false"
            autocomplete="off"
            prop:value=move || rows.with(|rs| rs.iter().find(|r| r.id == id).map(read).unwrap_or_default())
            on:input=move |ev| {
                let v = event_target_value(&ev);
                rows.update(|rs| {
                    if let Some(r) = rs.iter_mut().find(|r| r.id == id) {
                        write(r, v);
                    }
                })
            }
        />
    }
}
