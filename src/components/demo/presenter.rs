//! Presenter mode: a class on `<html>` (larger type, secondary panels hidden, style/demo.css),
//! secrets kept masked, and the keyboard shortcuts shown.

use leptos::ev;
use leptos::prelude::*;

/// The class on `<html>` while presenter mode is on (see style/demo.css).
const PRESENTER_CLASS: &str = "presenter";

/// Why a reveal control is off while presenting (its title).
pub const HIDDEN_WHILE_PRESENTING: &str = "Hidden in presenter mode: secrets stay masked";

/// The "Presenter mode" switch, its shortcuts (Alt+R shown as off while presenting) and what
/// a refused shortcut says.
#[component]
pub fn PresenterControls(
    /// Presenter mode.
    presenter: RwSignal<bool>,
    /// Demo mode's disclosure, opened when presenting starts.
    details: NodeRef<leptos::html::Details>,
    /// "Reveal secrets": masked while presenting.
    reveal: RwSignal<bool>,
    /// Alt+N: request a new token.
    on_send: Callback<()>,
) -> impl IntoView {
    let notice = RwSignal::new(None::<&'static str>);
    presenter_mode(presenter, details, reveal);
    shortcuts(presenter, notice, reveal, on_send);
    view! {
        <div class="demo__presenter">
            <label class="toggle">
                <input
                    type="checkbox"
                    prop:checked=move || presenter.get()
                    on:change=move |ev| {
                        presenter.set(event_target_checked(&ev));
                        notice.set(None);
                    }
                />
                "Presenter mode"
            </label>
            <p class="muted" hidden=move || !presenter.get()>
                "Larger type, secondary panels hidden, secrets always masked."
            </p>
            <ul class="demo__keys" aria-label="Keyboard shortcuts" hidden=move || !presenter.get()>
                <li><kbd>"Ctrl"</kbd>"+"<kbd>"Enter"</kbd>" Send"</li>
                <li class="demo__key--off" title=HIDDEN_WHILE_PRESENTING>
                    <kbd>"Alt"</kbd>"+"<kbd>"R"</kbd>" Reveal / mask secrets"
                    <span class="demo__off">" (off while presenting)"</span>
                </li>
                <li><kbd>"Alt"</kbd>"+"<kbd>"N"</kbd>" New token"</li>
                <li><kbd>"Alt"</kbd>"+"<kbd>"T"</kbd>" Toggle theme"</li>
            </ul>
            <p class="muted" role="status">{move || notice.get()}</p>
        </div>
    }
}

/// Presenter mode: a class on `<html>`, the panel opened, and secrets kept masked.
fn presenter_mode(
    presenter: RwSignal<bool>,
    details: NodeRef<leptos::html::Details>,
    reveal: RwSignal<bool>,
) {
    crate::hooks::effect(move || {
        let on = presenter.get();
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force(PRESENTER_CLASS, on);
        }
        if on && let Some(d) = details.get() {
            d.set_open(true);
        }
    });
    crate::hooks::effect(move || {
        if presenter.get() && reveal.get() {
            reveal.set(false);
        }
    });
    on_cleanup(|| {
        if let Some(root) = document().document_element() {
            let _ = root.class_list().remove_1(PRESENTER_CLASS);
        }
    });
}

/// Alt+R reveals or masks secrets (never while presenting); Alt+N requests a new token.
fn shortcuts(
    presenter: RwSignal<bool>,
    notice: RwSignal<Option<&'static str>>,
    reveal: RwSignal<bool>,
    on_send: Callback<()>,
) {
    let keys = window_event_listener(ev::keydown, move |e| {
        if !e.alt_key() || e.ctrl_key() || e.meta_key() || e.repeat() {
            return;
        }
        match e.code().as_str() {
            "KeyR" => {
                e.prevent_default();
                if presenter.get_untracked() {
                    notice.set(Some("Secrets stay masked in presenter mode."));
                } else {
                    notice.set(None);
                    reveal.update(|r| *r = !*r);
                }
            }
            "KeyN" => {
                e.prevent_default();
                on_send.run(());
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
}
