//! Issue 16, embedded in API documentation: partial links change only what they name and keep
//! the example client working (its secret is public lesson material), the `api_url` parameter,
//! and the `resize` message the host page sizes the iframe with (HTML standard §9.3.3).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::draft::{Draft, EXAMPLE_CLIENT_SECRET};
use cc_core::prefill::{
    HostEvent, ShareOptions, embed_snippet, event_message, is_example_client, parse, post_targets,
    share_link, share_query,
};
use serde_json::json;

#[test]
fn to_draft_scope_only_keeps_example_client_and_secret() {
    let d = parse("scope=inventory:read", "").to_draft();
    assert_eq!(d.scope, "inventory:read");
    assert_eq!(
        Draft {
            scope: Draft::example().scope,
            ..d
        },
        Draft::example()
    );
}

#[test]
fn to_draft_embed_only_is_example() {
    assert_eq!(parse("embed=1", "").to_draft(), Draft::example());
}

#[test]
fn to_draft_other_client_id_drops_example_secret_keeps_token_url() {
    let d = parse("client_id=docs_client", "").to_draft();
    assert_eq!(d.client_id, "docs_client");
    assert_eq!(d.token_url, Draft::example().token_url);
    assert_eq!(d.client_secret.expose(), "");
    assert!(!is_example_client(&d));
}

#[test]
fn to_draft_other_client_fragment_secret_kept() {
    let d = parse("client_id=docs_client", "secret=typed&allow_secret=1").to_draft();
    assert_eq!(d.client_secret.expose(), "typed");
}

#[test]
fn to_draft_example_share_link_restores_example_secret() {
    // The untouched example's embed snippet: the link carries no secret, yet Send works.
    let q = share_query(
        &Draft::example(),
        &ShareOptions {
            embed: true,
            ..ShareOptions::default()
        },
    );
    assert!(!q.contains(EXAMPLE_CLIENT_SECRET), "{q}");
    let snippet = embed_snippet("https://pg.example/", &q, "t", 700);
    assert!(!snippet.contains(EXAMPLE_CLIENT_SECRET), "{snippet}");
    let d = parse(&q, "").to_draft();
    assert!(is_example_client(&d));
    assert_eq!(d.client_secret.expose(), EXAMPLE_CLIENT_SECRET);
}

#[test]
fn api_url_valid_is_read_and_round_trips() {
    let p = parse("api_url=https%3A%2F%2Fapi.example%2Forders%3Fpage%3D2", "");
    assert_eq!(p.notices, []);
    assert_eq!(
        p.api_url.as_deref(),
        Some("https://api.example/orders?page=2")
    );
    let q = share_query(
        &Draft::example(),
        &ShareOptions {
            api_url: p.api_url.clone(),
            ..ShareOptions::default()
        },
    );
    assert!(
        q.contains("api_url=https%3A%2F%2Fapi.example%2Forders%3Fpage%3D2"),
        "{q}"
    );
    assert_eq!(parse(&q, "").api_url, p.api_url);
}

#[test]
fn api_url_invalid_is_ignored_with_notice() {
    let p = parse("api_url=not a url", "");
    assert_eq!(p.api_url, None);
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].parameter, "api_url");
}

#[test]
fn api_url_with_secret_is_ignored_without_repeating_it() {
    let p = parse(
        "api_url=https%3A%2F%2Fapi.example%2F%3Faccess_token%3Dleak-1",
        "",
    );
    assert_eq!(p.api_url, None);
    assert_eq!(p.notices.len(), 1);
    assert!(!p.notices[0].message.contains("leak-1"));
}

#[test]
fn api_url_repeated_last_wins_with_notice() {
    let p = parse(
        "api_url=https://a.example/1&api_url=https://a.example/2",
        "",
    );
    assert_eq!(p.api_url.as_deref(), Some("https://a.example/2"));
    assert_eq!(p.notices.len(), 1);
}

#[test]
fn share_query_api_url_secret_parts_removed() {
    let q = share_query(
        &Draft::example(),
        &ShareOptions {
            api_url: Some("https://u:p@api.example/x?api_key=k1&a=1".into()),
            ..ShareOptions::default()
        },
    );
    assert!(!q.contains("k1") && !q.contains("u%3Ap"), "{q}");
    assert!(
        q.contains("api_url=https%3A%2F%2Fapi.example%2Fx%3Fa%3D1"),
        "{q}"
    );
}

#[test]
fn event_message_resize_shape_has_height_only() {
    assert_eq!(
        event_message(&HostEvent::Resize { height: 642 }, true),
        json!({"source": "cc-playground", "version": 1, "type": "resize", "height": 642})
    );
}

#[test]
fn post_targets_resize_only_to_allowed_origins() {
    assert_eq!(post_targets(&[], &[]), []);
    let targets = post_targets(&["https://docs.example".into(), "*".into()], &[]);
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].target_origin, "https://docs.example");
}

#[test]
fn share_link_partial_query_names_only_itself() {
    let link = share_link("https://pg.example/?x=1#y", "scope=a+b");
    assert_eq!(link, "https://pg.example/?scope=a+b");
    assert_eq!(
        parse("scope=a+b", "").to_draft().token_url,
        Draft::example().token_url
    );
}

#[test]
fn parse_frame_height_in_range_ok_else_error() {
    use cc_core::prefill::parse_frame_height;
    assert_eq!(parse_frame_height(" 700 "), Ok(700));
    assert!(parse_frame_height("199").is_err());
    assert!(parse_frame_height("4001").is_err());
    assert!(parse_frame_height("tall").is_err());
}

#[test]
fn parse_origin_list_normalises_dedups_and_refuses_wildcard() {
    use cc_core::prefill::parse_origin_list;
    let (ok, refused) =
        parse_origin_list("https://Docs.example:443/, https://docs.example  * http://a.test:8080");
    assert_eq!(ok, ["https://docs.example", "http://a.test:8080"]);
    assert_eq!(refused.len(), 1);
    assert!(refused[0].starts_with('*'), "{refused:?}");
    assert_eq!(parse_origin_list(""), (vec![], vec![]));
}
