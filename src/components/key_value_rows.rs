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
    let update = move |id: u32, f: &dyn Fn(&mut Row)| {
        rows.update(|rs| {
            if let Some(r) = rs.iter_mut().find(|r| r.id == id) {
                f(r);
            }
        })
    };
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
                children=move |id| {
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
                            <input
                                type="text"
                                class="rows__name"
                                aria-label=format!("{legend}: name")
                                placeholder="name"
                                spellcheck="false"
                                autocomplete="off"
                                prop:value=get(|r| r.name.clone())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    update(id, &|r| r.name = v.clone())
                                }
                            />
                            <input
                                type="text"
                                class="rows__value"
                                aria-label=format!("{legend}: value")
                                placeholder="value"
                                spellcheck="false"
                                autocomplete="off"
                                prop:value=get(|r| r.value.clone())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    update(id, &|r| r.value = v.clone())
                                }
                            />
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
            />
            <button type="button" class="button button--small" on:click=add>
                {format!("Add {noun}")}
            </button>
        </fieldset>
    }
}
