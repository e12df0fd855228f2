//! The page shell's slice: theme, notices, and what the URL set up for an embedding page
//! (locked fields, the compact layout, allowed origins) and the "remember the secret" opt-in.

use crate::oauth::notices::{Counted, NOTICE_LIMIT, push_counted};
use crate::oauth::prefill::{LockField, Notice, Theme};
use leptos::prelude::*;

/// The page around the playground.
#[derive(Clone, Copy)]
pub struct ShellState {
    /// Light, dark or auto colours (`data-theme` on the root element).
    pub theme: RwSignal<Theme>,
    /// Messages about the URL, the saved configuration or host messages (dismissible), each
    /// with how often it came; add with [`ShellState::notify`] so the list stays bounded.
    pub notices: RwSignal<Vec<Counted<Notice>>>,
    /// Fields a docs author made read-only (`lock=`).
    pub locked: RwSignal<Vec<LockField>>,
    /// The compact layout for iframes (`embed=1`).
    pub embed: RwSignal<bool>,
    /// Whether the page runs in a frame (a host page embeds it), see [`is_framed`].
    pub framed: bool,
    /// Host-page origins allowed to receive token data and to send messages (`origin=`).
    pub origins: StoredValue<Vec<String>>,
    /// Keep the client secret in `sessionStorage` for this tab (opt-in).
    pub remember_secret: RwSignal<bool>,
    /// Presenter mode (demo mode): larger type, secrets always masked.
    pub presenter: RwSignal<bool>,
}

impl ShellState {
    /// Auto theme, no notices, nothing locked, not embedded.
    pub fn new() -> Self {
        Self {
            theme: RwSignal::new(Theme::Auto),
            notices: RwSignal::new(Vec::new()),
            locked: RwSignal::new(Vec::new()),
            embed: RwSignal::new(false),
            framed: is_framed(),
            origins: StoredValue::new(Vec::new()),
            remember_secret: RwSignal::new(false),
            presenter: RwSignal::new(false),
        }
    }

    /// Dismisses every notice ("Dismiss all").
    pub fn dismiss_all(self) {
        self.notices.set(Vec::new());
    }

    /// Adds a notice: a repeat raises its count, and the list stays within
    /// [`NOTICE_LIMIT`] (a host page posting message after message cannot grow it).
    pub fn notify(self, notice: Notice) {
        self.notices
            .update(|list| push_counted(list, notice, NOTICE_LIMIT));
    }

    /// Keeps `data-theme` on the root element in step with the chosen theme ("auto" removes
    /// it, so `prefers-color-scheme` decides; see style/tokens.css), and the `embed` class with
    /// `embed=1` (the compact layout for documentation iframes, style/embed.css).
    pub fn apply_to_root(self) {
        crate::hooks::effect(move || {
            let theme = self.theme.get();
            if let Some(root) = document().document_element() {
                let _ = match theme {
                    Theme::Auto => root.remove_attribute("data-theme"),
                    other => root.set_attribute("data-theme", other.as_str()),
                };
            }
        });
        crate::hooks::effect(move || {
            if let Some(root) = document().document_element() {
                let _ = root
                    .class_list()
                    .toggle_with_force("embed", self.embed.get());
            }
        });
    }

    /// The next theme in the Alt+T cycle: auto → light → dark → auto.
    pub fn cycle_theme(self) {
        self.theme.update(|t| {
            *t = match t {
                Theme::Auto => Theme::Light,
                Theme::Light => Theme::Dark,
                Theme::Dark => Theme::Auto,
            }
        });
    }
}

/// True when the page runs in a frame: its `parent` is another window (HTML standard §7.2.2.2
/// "Navigable target names": a top-level window is its own parent).
pub fn is_framed() -> bool {
    window()
        .parent()
        .ok()
        .flatten()
        .is_some_and(|parent| parent != window())
}

/// The sentence that tells why a control is read-only: the embedding page locked it
/// (`lock=` in the iframe's URL), or, opened directly, the link did.
pub fn lock_reason() -> &'static str {
    if is_framed() {
        "Locked by the page that embeds this playground."
    } else {
        "Locked by this link (lock=)."
    }
}

impl Default for ShellState {
    fn default() -> Self {
        Self::new()
    }
}
