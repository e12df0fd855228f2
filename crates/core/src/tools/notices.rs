//! The list of notices shown at the top of the page, kept bounded: a notice that repeats (a
//! host page posting the same disallowed message again and again) is counted, not added, and
//! the oldest notices give way once the list is full. Whatever the input, the list never holds
//! more than [`NOTICE_LIMIT`] entries.

/// How many distinct notices are kept.
pub const NOTICE_LIMIT: usize = 20;

/// An item and how many times it was added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted<T> {
    /// The item.
    pub item: T,
    /// How many times it came (at least 1; saturates at `u32::MAX`).
    pub count: u32,
}

impl<T> Counted<T> {
    /// The count as shown after a repeated item (`×3`), empty for a single one.
    pub fn repeat_label(&self) -> String {
        if self.count > 1 {
            format!("×{}", self.count)
        } else {
            String::new()
        }
    }
}

/// Adds `item` to `list`: an equal item already there has its count raised (saturating)
/// instead; beyond `limit` entries the oldest are dropped (a `limit` of 0 keeps nothing).
pub fn push_counted<T: PartialEq>(list: &mut Vec<Counted<T>>, item: T, limit: usize) {
    if let Some(existing) = list.iter_mut().find(|c| c.item == item) {
        existing.count = existing.count.saturating_add(1);
        return;
    }
    list.push(Counted { item, count: 1 });
    if list.len() > limit {
        let excess = list.len() - limit;
        list.drain(..excess);
    }
}

/// `items` as a counted list (repeats counted, at most `limit` kept, the newest).
pub fn counted<T: PartialEq>(items: impl IntoIterator<Item = T>, limit: usize) -> Vec<Counted<T>> {
    let mut list = Vec::new();
    for item in items {
        push_counted(&mut list, item, limit);
    }
    list
}
