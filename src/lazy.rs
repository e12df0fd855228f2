//! Lazily loaded features (issue 17): split points, and the component that loads one.
//!
//! A feature nobody needs at first paint (code export, OpenAPI import, demo mode, …) is reached
//! through a *split point* declared with [`split_view!`]. In release builds (`--cfg cc_split`, set by
//! `xtask/hooks/wasm-build.mjs`) the split point is a `wasm_split_helpers::wasm_split` import: the
//! splitter moves the function, and everything only it reaches, into its own `.wasm` chunk that is
//! fetched the first time the feature is shown. Every other build (`trunk serve`, the browser
//! tests, host `cargo check`) has no such import (a split point in an unsplit build would leave an
//! unresolvable `__wasm_split_placeholder__` import): the split point is a plain `async fn` there.
//!
//! Split points are `fallible`: a chunk that fails to load (offline, 404) is an error the page
//! shows with Retry ([`Lazy`]); a later call fetches again, as the loader caches no failure.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// A chunk that did not load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Declares a split point `async fn $name(args) -> Result<$ret, ChunkError>` in chunk `$chunk`,
/// with `$preload()` fetching the chunk without calling it. Arguments are passed by value (or by
/// reference) across the split: state slices and callbacks are `Copy` handles.
macro_rules! split_fn {
    ($(#[$meta:meta])* $vis:vis fn $name:ident / $preload:ident in $chunk:ident ($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(cc_split)]
        #[wasm_split_helpers::wasm_split($chunk, fallible, preload($preload))]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::lazy::ChunkError> {
            Ok($body)
        }
        $(#[$meta])*
        #[cfg(not(cc_split))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::lazy::ChunkError> {
            Ok($body)
        }
        /// Fetches the chunk of the split point (nothing to fetch in an unsplit build).
        #[cfg(not(cc_split))]
        $vis async fn $preload() -> Result<(), wasm_split_helpers::SplitLoaderError> {
            Ok(())
        }
    };
}
pub(crate) use split_fn;

/// [`split_fn!`] for a view: the body returns `impl IntoView`, the split point an `AnyView`.
macro_rules! split_view {
    ($(#[$meta:meta])* $vis:vis fn $name:ident / $preload:ident in $chunk:ident ($($arg:ident : $ty:ty),* $(,)?) $body:block) => {
        $crate::lazy::split_fn! {
            $(#[$meta])*
            $vis fn $name / $preload in $chunk($($arg: $ty),*) -> leptos::prelude::AnyView {
                leptos::prelude::IntoAny::into_any($body)
            }
        }
    };
}
pub(crate) use split_view;

/// Polls `future` once: the view of a split point whose chunk is loaded is ready at once (the
/// loader's cell is initialised), so a component can render it synchronously.
pub fn ready_now<T>(future: impl Future<Output = T>) -> Option<T> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// What the page says when its code for `what` did not download (a chunk that failed to load),
/// as a clause to start a sentence with "The page " or "Not sent: the page ".
pub fn missing_code(what: &str) -> String {
    format!(
        "could not download its code for {what} (offline, or the server no longer has this version of the page)"
    )
}

/// How long a page that is not rendered waits for a frame before starting anyway.
const NO_FRAME_AFTER: std::time::Duration = std::time::Duration::from_millis(200);

/// Runs `f` once, at the first of: the next animation frame, or [`NO_FRAME_AFTER`]. A frame
/// that is not rendered gets no animation frame at all (an embedded playground's iframe scrolled
/// out of view, a background tab): without the timeout, its chunks, its background work (the
/// `resize` messages that size the iframe) and its second frame would wait until it is seen.
fn on_next_frame(f: impl FnOnce() + 'static) {
    // Boxed: one copy of this code, whatever the closure (it is called from generic functions).
    let f: Box<dyn FnOnce()> = Box::new(f);
    let once = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let by_timer = std::rc::Rc::clone(&once);
    request_animation_frame(move || {
        if let Some(f) = once.take() {
            f();
        }
    });
    set_timeout(
        move || {
            if let Some(f) = by_timer.take() {
                f();
            }
        },
        NO_FRAME_AFTER,
    );
}

/// Runs `f` right after the first paint: the next frame (see [`on_next_frame`]), then the next
/// task.
fn after_first_paint(f: impl FnOnce() + 'static) {
    let f: Box<dyn FnOnce()> = Box::new(f);
    on_next_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// Fetches a chunk right after the first paint, so that the first use does not wait for it; a
/// failure is left for that use to report.
pub fn prefetch<P, PF>(preload: P)
where
    P: FnOnce() -> PF + 'static,
    PF: Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>> + 'static,
{
    after_first_paint(move || spawn_local(async move { _ = preload().await }));
}

thread_local! {
    /// Bumped by any Retry (and when the browser comes back online): every feature whose chunk
    /// failed tries again, so one Retry recovers the whole page.
    /// (An `ArcRwSignal`: not owned by the first reactive owner that touches it, so it outlives
    /// an unmounted app, e.g. between browser tests.)
    static RETRIES: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// Retries every lazily loaded feature whose chunk failed to load.
pub fn retry_failed() {
    RETRIES.with(|r| r.update(|n| *n = n.wrapping_add(1)));
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Load {
    Loading,
    Ready,
    Failed,
}

/// What a split point's preload function returns.
type Loading = Pin<Box<dyn Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>>>>;
/// A split point's preload function, boxed: one [`slot`] for every split point.
type Preload = std::rc::Rc<dyn Fn() -> Loading>;
/// A split point's view (through [`ready_now`]), boxed.
type Show = Arc<dyn Fn() -> Option<Result<AnyView, ChunkError>> + Send + Sync>;

fn boxed<P, PF>(preload: P) -> Preload
where
    P: Fn() -> PF + 'static,
    PF: Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>> + 'static,
{
    std::rc::Rc::new(move || Box::pin(preload()))
}

/// Shows a lazily loaded feature: "Loading <what>…" while its chunk is fetched, then the view, or
/// an error with Retry when the chunk did not load (offline, 404). Starts fetching right after the
/// first paint once mounted.
///
/// `preload` is the split point's preload function, `show` calls the split point (through
/// [`ready_now`]); both are `Copy` closures.
pub fn lazy<P, PF, S>(what: &'static str, preload: P, show: S) -> impl IntoView
where
    P: Fn() -> PF + Copy + Send + Sync + 'static,
    PF: Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>> + 'static,
    S: Fn() -> Option<Result<AnyView, ChunkError>> + Copy + Send + Sync + 'static,
{
    slot(what, boxed(preload), Arc::new(show), Notes::All)
}

/// [`lazy`] without the "Loading <what>…" note: for a part hidden until something happens (the
/// JWT fields, notices, …) and for work with nothing to show (effects that run in the
/// background from the first paint on). Nothing while its chunk is fetched, the same error with
/// Retry if it does not load. What `show` creates is owned by the slot, so it ends with it.
pub fn lazy_quiet<P, PF, S>(what: &'static str, preload: P, show: S) -> impl IntoView
where
    P: Fn() -> PF + Copy + Send + Sync + 'static,
    PF: Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>> + 'static,
    S: Fn() -> Option<Result<AnyView, ChunkError>> + Copy + Send + Sync + 'static,
{
    slot(what, boxed(preload), Arc::new(show), Notes::FailureOnly)
}

/// [`lazy_quiet`] that also says nothing when its chunk does not load: for an extra the page
/// works without, in a place an error would crowd (the embedded page's "Open full playground"
/// link and the live timeout field, in the header). The other parts of the same chunk say so, with Retry; a Retry anywhere,
/// or coming back online, loads it too.
pub fn lazy_optional<P, PF, S>(what: &'static str, preload: P, show: S) -> impl IntoView
where
    P: Fn() -> PF + Copy + Send + Sync + 'static,
    PF: Future<Output = Result<(), wasm_split_helpers::SplitLoaderError>> + 'static,
    S: Fn() -> Option<Result<AnyView, ChunkError>> + Copy + Send + Sync + 'static,
{
    slot(what, boxed(preload), Arc::new(show), Notes::None)
}

/// What a slot says while its chunk loads and when it does not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notes {
    /// "Loading <what>…", then the error with Retry if it fails.
    All,
    /// Only the error with Retry.
    FailureOnly,
    /// Nothing.
    None,
}

/// A lazily loaded slot; `notes`: what it says meanwhile and on failure. Not
/// generic (the split point's functions come boxed): one copy of this code and of its reactive
/// parts for all ~25 slots, instead of one per split point.
fn slot(what: &'static str, preload: Preload, show: Show, notes: Notes) -> AnyView {
    let state = RwSignal::new(Load::Loading);
    // `try_*`: the slot may be gone (unmounted) when a load starts or ends; a render already
    // scheduled may still run once after that (Leptos 0.8), and then shows nothing.
    let start = move || {
        if state.try_get_untracked() != Some(Load::Loading) {
            state.try_set(Load::Loading);
        }
        let loading = preload();
        spawn_local(async move {
            let loaded = loading.await.is_ok();
            // Each slot in a task of its own: the panels of one chunk arrive together, and built
            // in one go they made a single task of 110–180 ms right after the page became usable.
            set_timeout(
                move || _ = state.try_set(if loaded { Load::Ready } else { Load::Failed }),
                std::time::Duration::ZERO,
            );
        });
    };
    // After the first paint: the chunks of panels that show at once are fetched after the page is
    // usable, not before.
    after_first_paint(start.clone());
    let retries = RETRIES.with(ArcRwSignal::clone);
    Effect::new(move |seen: Option<u32>| {
        let now = retries.get();
        if seen.is_some_and(|seen| seen != now) && state.get_untracked() == Load::Failed {
            start();
        }
        now
    });
    let retry = Callback::new(move |()| retry_failed());
    let failure = move || match notes {
        Notes::None => ().into_any(),
        Notes::All | Notes::FailureOnly => failed(what, retry).into_any(),
    };
    (move || match state.try_get().unwrap_or(Load::Loading) {
        Load::Loading if notes != Notes::All => ().into_any(),
        Load::Loading => view! {
            <p class="lazy lazy--loading muted" role="status">"Loading " {what} "…"</p>
        }
        .into_any(),
        // Untracked: what the feature's view reads while it is built must not re-create the
        // whole feature when it changes (its own effects track it).
        Load::Ready => match untrack(|| show()) {
            Some(Ok(view)) => view,
            _ => failure(),
        },
        Load::Failed => failure(),
    })
    .into_any()
}

/// The error shown for a chunk that did not load, with Retry (which retries every failed one).
pub fn failed(what: &'static str, retry: Callback<()>) -> impl IntoView {
    view! {
        <p class="lazy lazy--failed notice notice--error" role="alert">
            "Could not load " {what} ": the page's code for it did not download (offline, or the server no longer has this version). "
            <button type="button" class="button button--small" on:click=move |_| retry.run(())>"Retry"</button>
        </p>
    }
}
