//! The notices list (issue 14, defect 17): a notice that repeats is counted ("×3"), not added
//! again, and the list is capped, so a host page posting disallowed messages cannot grow it.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::notices::{Counted, NOTICE_LIMIT, counted, push_counted};
use cc_core::prefill::{Notice, Severity};

fn host(message: &str) -> Notice {
    Notice {
        parameter: "postMessage".into(),
        severity: Severity::Warning,
        message: message.into(),
    }
}

#[test]
fn push_counted_thousand_disallowed_messages_one_row_counted() {
    let mut list = Vec::new();
    for _ in 0..1000 {
        push_counted(
            &mut list,
            host("Host page: a message from https://evil.example is ignored."),
            NOTICE_LIMIT,
        );
    }
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].count, 1000);
    assert_eq!(list[0].repeat_label(), "×1000");
    // Ten thousand different origins: never more than the limit, the newest kept.
    for i in 0..10_000 {
        push_counted(
            &mut list,
            host(&format!("from https://{i}.example")),
            NOTICE_LIMIT,
        );
    }
    assert_eq!(list.len(), NOTICE_LIMIT);
    assert_eq!(
        list.last().unwrap().item.message,
        "from https://9999.example"
    );
}

#[test]
fn push_counted_repeats_counted_and_list_capped() {
    let mut list = Vec::new();
    for _ in 0..1000 {
        push_counted(
            &mut list,
            "postMessage from https://evil.example",
            NOTICE_LIMIT,
        );
    }
    assert_eq!(
        list,
        vec![Counted {
            item: "postMessage from https://evil.example",
            count: 1000
        }]
    );
    assert_eq!(list[0].repeat_label(), "×1000");
    for i in 0..100 {
        push_counted(&mut list, if i % 2 == 0 { "a" } else { "b" }, 3);
    }
    assert_eq!(list.len(), 3);
    assert_eq!(
        list.iter().map(|c| c.count).collect::<Vec<_>>(),
        [1000, 50, 50]
    );
    for i in 0..10_000 {
        push_counted(&mut list, format!("{i}").leak() as &str, NOTICE_LIMIT);
    }
    assert_eq!(list.len(), NOTICE_LIMIT);
    assert_eq!(list.last().unwrap().item, "9999");
    assert_eq!(
        counted(["x", "y", "x"], NOTICE_LIMIT)[0].repeat_label(),
        "×2"
    );
    assert_eq!(counted(["x"], 0), []);
    let mut full = vec![Counted {
        item: 1,
        count: u32::MAX,
    }];
    push_counted(&mut full, 1, 5);
    assert_eq!(full[0].count, u32::MAX);
}
