use crate::components::HIDDEN_WHILE_PRESENTING;
use crate::hooks::use_clipboard;
use crate::oauth::draft::FieldError;
use crate::oauth::glossary::{header_note, param_note};
use crate::oauth::http::{HttpRequest, Part};
use crate::transport::Mode;
use leptos::prelude::*;

/// The exact HTTP request that Send will transmit, re-rendered on every keystroke. Secrets are
/// masked unless `reveal` is on; each header and parameter explains itself on hover or focus.
#[component]
pub fn RawRequest(
    /// The request as it will be sent, or `None` while the form is invalid.
    #[prop(into)]
    request: Signal<Option<HttpRequest>>,
    /// The field errors that prevent rendering.
    #[prop(into)]
    errors: Signal<Vec<FieldError>>,
    /// Whether secrets are revealed; the toggle writes to it.
    reveal: RwSignal<bool>,
    /// Presenter mode: the toggle is off, with the reason as its title.
    #[prop(into, optional)]
    presenting: Signal<bool>,
    /// Where Send goes (the note on browser-added headers applies to live sending).
    #[prop(into)]
    mode: Signal<Mode>,
    /// The note on the hop when live requests go through a relay ("Sent through the relay at
    /// …"), if they do.
    #[prop(into, optional)]
    relay: Signal<Option<String>>,
) -> impl IntoView {
    let segments = Memo::new(move |_| {
        let masked = !reveal.get();
        request.with(|r| r.as_ref().map(|r| annotated(r, masked)).unwrap_or_default())
    });
    let shown_text =
        move || segments.with(|s| s.iter().map(|(_, t, _)| t.as_str()).collect::<String>());
    // Extra headers a browser refuses to send: listed apart from the request, never in it.
    let unsent = Memo::new(move |_| {
        request.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.unsent_headers
                        .iter()
                        .map(|h| format!("{}: {}", h.name, h.value))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let clipboard = use_clipboard();
    view! {
        <section class="panel panel--request" aria-labelledby="raw-request-title">
            <header class="panel__header">
                <h2 id="raw-request-title">"Request"</h2>
                <div class="panel__tools">
                    // Off while presenting, and says why (secrets stay masked on a projector).
                    <label class="toggle" title=move || presenting.get().then_some(HIDDEN_WHILE_PRESENTING)>
                        <input type="checkbox" bind:checked=reveal disabled=move || presenting.get() title=move || presenting.get().then_some(HIDDEN_WHILE_PRESENTING) />
                        "Reveal secrets"
                    </label>
                    <button
                        type="button"
                        class="button button--small"
                        title="Copy the request exactly as shown"
                        disabled=move || request.with(Option::is_none)
                        on:click=move |_| clipboard.copy.run(shown_text())
                    >
                        {clipboard.label("Copy")}
                    </button>
                </div>
            </header>
            <pre class="http http--request" role="region" aria-label="Raw HTTP request" tabindex="0">
                {spans(segments)}
            </pre>
            {crate::lazy::lazy_quiet("the request's notes", crate::chunks::preload_request_notes, move || {
                crate::lazy::ready_now(crate::chunks::request_notes_view(unsent, mode, relay, errors))
            })}
        </section>
    }
}

/// The request's segments with the note each explains itself with (hover or focus).
fn annotated(request: &HttpRequest, masked: bool) -> Vec<(usize, String, Option<&'static str>)> {
    request
        .segments(masked)
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let note = match &s.part {
                Part::Header(name) => header_note(name),
                Part::Param(name) => param_note(name),
                Part::RequestLine => Some(
                    "Request line: POST to the token endpoint's path and query (RFC 6749 §3.2, §4.4.2).",
                ),
                Part::Separator | Part::Body => None,
            };
            (i, s.text, note)
        })
        .collect()
}

/// Under the request: headers the browser will not send, what live sending adds (directly, or
/// the relay hop), and the field errors that prevent rendering (the `screen` chunk,
/// [`crate::chunks::request_notes_view`]).
pub(crate) fn notes(
    unsent: Memo<Vec<String>>,
    mode: Signal<Mode>,
    relay: Signal<Option<String>>,
    errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let direct = move || relay.with(Option::is_none);
    let hop = move || relay.get();
    view! {
        <div class="notice notice--warn" hidden=move || unsent.with(Vec::is_empty)>
            <p>"Not sent by the browser (a page may not set these forbidden request-headers, Fetch standard §2.2.2); the simulated server does not receive them either:"</p>
            <ul aria-label="Headers not sent by the browser">
                {move || {
                    unsent
                        .get()
                        .into_iter()
                        .map(|line| view! { <li><del>{line}</del>" — not sent by the browser"</li> })
                        .collect_view()
                }}
            </ul>
        </div>
        <p class="muted" hidden=move || mode.get() != Mode::Live || direct()>{hop}</p>
        <p class="muted" hidden=move || mode.get() != Mode::Live || !direct()>
            "Sent live, the browser also adds headers of its own (Origin, User-Agent, Referer policy, Sec-Fetch-*, Accept-Encoding, Accept-Language) and may send a CORS preflight first; they are not shown here."
        </p>
        <ul class="notice notice--error" hidden=move || errors.with(Vec::is_empty)>
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|e| view! { <li>{e.to_string()}</li> })
                    .collect_view()
            }}
        </ul>
    }
}

/// The request's spans (each segment, with its note).
fn spans(segments: Memo<Vec<(usize, String, Option<&'static str>)>>) -> impl IntoView {
    // The spans are rebuilt only when the request's structure changes (segments added, removed
    // or changing meaning); a keystroke that edits a value changes only the text of its
    // segment (issue 8). Each structure has its own signal of texts, created and disposed with
    // its spans, and the spans' text bindings read only that signal: Leptos 0.8 never removes a
    // disposed subscriber from a signal it read, so spans subscribed to `segments` itself, or
    // `<For>` rows, would leave ~72 bytes behind per rebuilt span (tests/memory.rs).
    let texts_now =
        move || segments.with(|s| s.iter().map(|(_, t, _)| t.clone()).collect::<Vec<_>>());
    let structure = Memo::new(move |_| {
        segments.with(|s| s.iter().map(|(_, _, note)| *note).collect::<Vec<_>>())
    });
    let current = StoredValue::new(None::<RwSignal<Vec<String>>>);
    let rows = move || {
        let notes = structure.get();
        let texts = RwSignal::new(untrack(texts_now));
        current.set_value(Some(texts));
        notes
            .into_iter()
            .enumerate()
            .map(|(i, note)| {
                let text = move || texts.with(|t| t.get(i).cloned().unwrap_or_default());
                view! {
                    <span class:explained=note.is_some() title=note tabindex=note.map(|_| "0")>
                        {text}
                    </span>
                }
            })
            .collect_view()
    };
    crate::hooks::effect(move || {
        let now = texts_now();
        if let Some(Some(texts)) = current.try_get_value()
            && texts.try_with_untracked(|t| *t != now) == Some(true)
        {
            texts.set(now);
        }
    });
    rows
}
