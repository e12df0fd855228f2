use crate::hooks::use_clipboard;
use crate::oauth::prefill::{
    EMBED_HEIGHT, FRAME_HEIGHTS, LockField, Mode, ShareOptions, Theme, embed_snippet,
    parse_frame_height, parse_origin_list,
};
use leptos::prelude::*;

/// The iframe's accessible name in the snippet.
const FRAME_TITLE: &str = "OAuth 2.0 client credentials playground";

/// "Embed in documentation": controls for the frame's theme, initial mode, locked fields,
/// allowed host origins and height, and the live `<iframe>` snippet they make (the share link
/// of the form, secrets left out, plus `embed=1`; HTML standard §4.8.5). The controls start
/// from the page's current settings and change only the snippet, never this page.
#[component]
pub fn EmbedBuilder(
    /// The page's URL without query or fragment.
    page: StoredValue<String>,
    /// The page's current share options (read reactively).
    current: impl Fn() -> ShareOptions + Copy + Send + Sync + 'static,
    /// The share query of the form with these options.
    query: impl Fn(&ShareOptions) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let start = untrack(current);
    let theme = RwSignal::new(start.theme.unwrap_or(Theme::Auto));
    let mode = RwSignal::new(start.mode.unwrap_or_default());
    // The initial mode follows the page's switch until chosen here.
    crate::hooks::effect(move || mode.set(current().mode.unwrap_or_default()));
    let locks = RwSignal::new(start.lock.clone());
    let origins_text = RwSignal::new(start.origins.join(" "));
    let height_text = RwSignal::new(EMBED_HEIGHT.to_string());
    // Plain derived closures (cheap to recompute; no new signal types in the bundle).
    let origins = move || origins_text.with(|t| parse_origin_list(t));
    let height = move || height_text.with(|t| parse_frame_height(t));
    let snippet = Memo::new(move |_| {
        let options = ShareOptions {
            theme: Some(theme.get()).filter(|t| *t != Theme::Auto),
            mode: Some(mode.get()),
            lock: locks.get(),
            origins: origins().0,
            embed: true,
            ..current()
        };
        let height = height().unwrap_or(EMBED_HEIGHT);
        page.with_value(|p| embed_snippet(p, &query(&options), FRAME_TITLE, height))
    });
    let copy = use_clipboard();
    view! {
        <fieldset class="plain embed-builder">
            <legend>"Embed in documentation"</legend>
            <div class="embed-builder__grid">
                {frame_selects(theme, mode)}
                <div class="field">
                    <label for="embed-height">"Frame height (px)"</label>
                    <input id="embed-height" type="number" inputmode="numeric" min=*FRAME_HEIGHTS.start() max=*FRAME_HEIGHTS.end() step="10"
                        aria-invalid=move || height().is_err().then_some("true") aria-describedby="embed-height-hint" bind:value=height_text />
                    <p class="field__hint" id="embed-height-hint">{move || height().err().unwrap_or_else(|| "700 fits Send and the answer; the host script in README resizes it to the content.".into())}</p>
                </div>
            </div>
            {lock_buttons(locks)}
            <div class="field">
                <label for="embed-origins">"Host page origins (origin=)"</label>
                <input id="embed-origins" type="text" spellcheck="false" placeholder="https://docs.example" aria-describedby="embed-origins-hint" bind:value=origins_text />
                <p class="field__hint" id="embed-origins-hint">
                    {move || origins().1.iter().map(|r| format!("Left out: {r}. ")).collect::<String>()}
                    "The pages allowed to receive events (resize, token-issued without the token, error) and to send set-theme; the token only after the reader confirms in the frame."
                </p>
            </div>
            <div class="field">
                <label for="embed-snippet">"Embed in documentation (iframe)"</label>
                <textarea id="embed-snippet" rows="5" readonly spellcheck="false" prop:value=move || snippet.get()></textarea>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| copy.copy.run(snippet.get_untracked())>
                        {copy.label("Copy snippet")}
                    </button>
                </div>
            </div>
        </fieldset>
    }
}

/// The theme and initial-mode selects of the snippet.
fn frame_selects(theme: RwSignal<Theme>, mode: RwSignal<Mode>) -> impl IntoView {
    let theme_label = |t: Theme| match t {
        Theme::Auto => "Follow the reader",
        Theme::Light => "Light",
        Theme::Dark => "Dark",
    };
    view! {
        <div class="field">
            <label for="embed-theme">"Colours in the frame"</label>
            <select id="embed-theme" on:change=move |ev| theme.set(Theme::parse(&event_target_value(&ev)).unwrap_or(Theme::Auto))>
                {Theme::ALL.map(|t| view! { <option value=t.as_str() selected=move || theme.get() == t>{theme_label(t)}</option> })}
            </select>
        </div>
        <div class="field">
            <label for="embed-mode">"Starts in"</label>
            <select id="embed-mode" on:change=move |ev| mode.set(Mode::parse(&event_target_value(&ev)).unwrap_or_default())>
                <option value="simulated" selected=move || mode.get() == Mode::Simulated>"Simulated"</option>
                <option value="live" selected=move || mode.get() == Mode::Live>"Live"</option>
            </select>
        </div>
    }
}

/// One toggle button per lockable field (`lock=`), pressed when locked in the snippet.
fn lock_buttons(locks: RwSignal<Vec<LockField>>) -> impl IntoView {
    let toggle = move |f: LockField| {
        locks.update(|l| match l.iter().position(|x| *x == f) {
            Some(i) => {
                l.remove(i);
            }
            None => l.push(f),
        })
    };
    view! {
        <div class="field">
            <p class="field__label" id="embed-locks">"Locked in the frame (lock=)"</p>
            <div class="embed-builder__locks" role="group" aria-labelledby="embed-locks">
                {LockField::ALL.map(|f| view! {
                    <button type="button" class="button button--small chip" aria-pressed=move || locks.with(|l| l.contains(&f)).to_string() on:click=move |_| toggle(f)>
                        <code>{f.as_str()}</code>
                    </button>
                })}
            </div>
        </div>
    }
}
