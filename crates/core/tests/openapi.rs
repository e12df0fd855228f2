//! OpenAPI import (crates/core/src/tools/openapi/): client credentials flows (RFC 6749 §4.4) declared as
//! OpenAPI 3.x Security Scheme Objects or Swagger 2.0 security definitions, read from JSON or
//! from the YAML subset, with a precise error for every way a document can fail.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::openapi::{
    ClientCredentialsScheme, MAX_DEPTH, OpenApiError, parse, parse_with_base, parse_yaml,
};
use serde_json::json;

const SAMPLE_JSON: &str = include_str!("../../../tests/fixtures/openapi/orders-api.json");
const SAMPLE_YAML: &str = include_str!("../../../tests/fixtures/openapi/orders-api.yaml");

fn scopes(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn expected_sample() -> Vec<ClientCredentialsScheme> {
    vec![
        ClientCredentialsScheme {
            name: "ordersAuth".into(),
            token_url: "https://authorization-server.example/oauth2/token".into(),
            scopes: scopes(&[
                ("inventory:read", "Read inventory levels"),
                ("orders:read", "Read orders"),
                ("orders:write", "Create and update orders"),
            ]),
            refresh_url: Some("https://authorization-server.example/oauth2/token".into()),
            description: Some(
                "Client credentials against the authorization server.\nAsk for the scopes you need.\n"
                    .into(),
            ),
        },
        ClientCredentialsScheme {
            name: "partnerAuth".into(),
            token_url: "https://eu.api.example/oauth2/token".into(),
            scopes: scopes(&[("partner:read", "Read partner data")]),
            refresh_url: None,
            description: None,
        },
    ]
}

fn doc_with_scheme(scheme: serde_json::Value) -> String {
    json!({
        "openapi": "3.0.3",
        "servers": [{"url": "https://api.example/v2/"}],
        "components": {"securitySchemes": {"cc": scheme}}
    })
    .to_string()
}

#[test]
fn parse_sample_json_lists_client_credentials_schemes() {
    assert_eq!(parse(SAMPLE_JSON).unwrap(), expected_sample());
}

#[test]
fn parse_sample_yaml_same_as_json() {
    assert_eq!(parse(SAMPLE_YAML).unwrap(), expected_sample());
}

#[test]
fn parse_yaml_sample_whole_document_equals_json() {
    let from_yaml = parse_yaml(SAMPLE_YAML).unwrap();
    let from_json: serde_json::Value = serde_json::from_str(SAMPLE_JSON).unwrap();
    assert_eq!(from_yaml, from_json);
}

#[test]
fn parse_openapi_30_relative_token_url_resolved_against_server_path() {
    let doc = doc_with_scheme(json!({
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "../oauth/token", "scopes": {}}}
    }));
    assert_eq!(
        parse(&doc).unwrap()[0].token_url,
        "https://api.example/oauth/token"
    );
    let doc = doc_with_scheme(json!({
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "token", "scopes": {}}}
    }));
    assert_eq!(
        parse(&doc).unwrap()[0].token_url,
        "https://api.example/v2/token"
    );
}

#[test]
fn parse_relative_token_url_without_servers_errors() {
    let doc = json!({"openapi": "3.1.0", "components": {"securitySchemes": {"cc": {
        "type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {}}}
    }}}})
    .to_string();
    let e = parse(&doc).unwrap_err();
    assert_eq!(
        e,
        OpenApiError::RelativeTokenUrl {
            scheme: "cc".into(),
            token_url: "/token".into(),
            server: None
        }
    );
    assert!(e.to_string().contains("no servers[].url"));
}

#[test]
fn parse_relative_token_url_and_relative_server_errors() {
    let doc = json!({"openapi": "3.1.0", "servers": [{"url": "/api"}],
        "components": {"securitySchemes": {"cc": {
        "type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {}}}
    }}}})
    .to_string();
    let e = parse(&doc).unwrap_err();
    assert!(matches!(&e, OpenApiError::RelativeTokenUrl { server: Some(s), .. } if s == "/api"));
    assert!(e.to_string().contains("\"/api\" is relative too"));
}

#[test]
fn parse_with_base_relative_server_resolved_against_document_url() {
    let doc = json!({"openapi": "3.1.0", "servers": [{"url": "/api/"}],
        "components": {"securitySchemes": {"cc": {
        "type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "token", "scopes": {}}}
    }}}})
    .to_string();
    let got = parse_with_base(&doc, Some("https://docs.example/specs/openapi.json")).unwrap();
    assert_eq!(got[0].token_url, "https://docs.example/api/token");
}

#[test]
fn parse_swagger2_application_flow_supported() {
    let doc = "swagger: '2.0'\nhost: api.example\nbasePath: /v1\nsecurityDefinitions:\n  cc:\n    type: oauth2\n    flow: application\n    tokenUrl: /oauth/token\n    scopes:\n      read: Read\n  implicit:\n    type: oauth2\n    flow: implicit\n    authorizationUrl: https://x.example/a\n";
    let got = parse(doc).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].name, "cc");
    assert_eq!(got[0].token_url, "https://api.example/oauth/token");
    assert_eq!(got[0].scopes, scopes(&[("read", "Read")]));
}

#[test]
fn parse_swagger2_no_application_flow_lists_flows() {
    let doc = json!({"swagger": "2.0", "securityDefinitions": {
        "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://x.example/a"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
    }})
    .to_string();
    let e = parse(&doc).unwrap_err();
    assert_eq!(
        e,
        OpenApiError::NoClientCredentials {
            found: vec![
                "implicit (oauth2: flow implicit)".into(),
                "key (apiKey)".into()
            ]
        }
    );
}

#[test]
fn parse_no_client_credentials_lists_existing_schemes() {
    let doc = json!({"openapi": "3.1.0", "components": {"securitySchemes": {
        "code": {"type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": "https://a.example/a", "tokenUrl": "https://a.example/t", "scopes": {}}}},
        "bearer": {"type": "http", "scheme": "bearer"},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://a.example/.well-known/openid-configuration"}
    }}})
    .to_string();
    let e = parse(&doc).unwrap_err();
    let OpenApiError::NoClientCredentials { found } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(found[0], "bearer (http bearer)");
    assert_eq!(found[1], "code (oauth2: authorizationCode)");
    assert!(found[2].starts_with("oidc (openIdConnect https://a.example/"));
    assert!(e.to_string().starts_with(
        "No OAuth2 security scheme with a clientCredentials flow was found. The document declares: bearer (http bearer); "
    ));
}

#[test]
fn parse_no_security_schemes_errors() {
    let e = parse("openapi: 3.1.0\ninfo:\n  title: x\n").unwrap_err();
    assert_eq!(
        e,
        OpenApiError::NoSecuritySchemes {
            location: "components.securitySchemes"
        }
    );
}

#[test]
fn parse_no_openapi_field_errors() {
    assert_eq!(
        parse("{\"info\": {\"title\": \"x\"}}").unwrap_err(),
        OpenApiError::NoVersion
    );
}

#[test]
fn parse_unsupported_version_errors() {
    assert_eq!(
        parse("openapi: 2.5.0\n").unwrap_err(),
        OpenApiError::UnsupportedVersion("2.5.0".into())
    );
    assert_eq!(
        parse("swagger: '1.2'\n").unwrap_err(),
        OpenApiError::UnsupportedVersion("swagger 1.2".into())
    );
}

#[test]
fn parse_empty_and_non_object_error() {
    assert_eq!(parse("  \n ").unwrap_err(), OpenApiError::Empty);
    assert_eq!(parse("[1, 2]").unwrap_err(), OpenApiError::NotAnObject);
    assert_eq!(parse("just text").unwrap_err(), OpenApiError::NotAnObject);
}

#[test]
fn parse_bad_json_reports_line_and_column() {
    let e = parse("\n{\n  \"openapi\": \"3.1.0\",\n  \"info\": }\n").unwrap_err();
    let OpenApiError::Json { line, column, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!((*line, *column), (4, 11));
    assert!(
        e.to_string()
            .starts_with("Not valid JSON at line 4, column 11: ")
    );
}

#[test]
fn parse_missing_token_url_errors() {
    let doc =
        doc_with_scheme(json!({"type": "oauth2", "flows": {"clientCredentials": {"scopes": {}}}}));
    let e = parse(&doc).unwrap_err();
    assert!(
        matches!(&e, OpenApiError::InvalidScheme { scheme, message } if scheme == "cc" && message.contains("no tokenUrl"))
    );
}

#[test]
fn parse_oauth2_without_flows_errors() {
    let e = parse(&doc_with_scheme(json!({"type": "oauth2"}))).unwrap_err();
    assert!(e.to_string().contains("has no \"flows\" object"));
}

#[test]
fn parse_bad_scopes_and_urls_error() {
    let e = parse(&doc_with_scheme(
        json!({"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "https://a.example/t", "scopes": ["read"]}}}),
    ))
    .unwrap_err();
    assert!(e.to_string().contains("scopes must be a map"));
    let e = parse(&doc_with_scheme(
        json!({"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "ftp://a.example/t", "scopes": {}}}}),
    ))
    .unwrap_err();
    assert!(e.to_string().contains("not an http(s) URL"));
    let e = parse(&doc_with_scheme(
        json!({"type": "oauth2", "flows": {"clientCredentials": {
        "tokenUrl": "https://a.example/t#x", "scopes": {}}}}),
    ))
    .unwrap_err();
    assert!(e.to_string().contains("#fragment"));
}

#[test]
fn parse_local_ref_followed_external_ref_errors() {
    let doc = json!({"openapi": "3.1.0", "components": {
        "securitySchemes": {"cc": {"$ref": "#/components/x-shared/cc"}},
        "x-shared": {"cc": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://a.example/t", "scopes": {"a": "A"}}}}}
    }})
    .to_string();
    assert_eq!(parse(&doc).unwrap()[0].token_url, "https://a.example/t");
    let e = parse(&doc_with_scheme(json!({"$ref": "other.yaml#/cc"}))).unwrap_err();
    assert!(e.to_string().contains("only local references"));
}

#[test]
fn parse_yaml_scalars_core_schema_resolved() {
    let v = parse_yaml(
        "a: 1\nb: -2.5e3\nc: true\nd: ~\ne: null\nf: 3.0.3\ng: 'it''s'\nh: \"tab\\tu\\u00e9\"\ni: 0x1F\nj: https://x.example/a#b\nk: value # comment\nl: '#not comment'\n",
    )
    .unwrap();
    assert_eq!(
        v,
        json!({"a": 1, "b": -2500.0, "c": true, "d": null, "e": null, "f": "3.0.3",
            "g": "it's", "h": "tab\tué", "i": 31, "j": "https://x.example/a#b", "k": "value",
            "l": "#not comment"})
    );
}

#[test]
fn parse_yaml_sequences_and_flow_collections() {
    let v = parse_yaml(
        "list:\n- a\n- b: 1\n  c: [x, 'y z', {k: v}]\n-\n  - nested\nflow: {a: 1, b: [true, null]}\nmulti: [\n  one,\n  two ]\n",
    )
    .unwrap();
    assert_eq!(
        v,
        json!({"list": ["a", {"b": 1, "c": ["x", "y z", {"k": "v"}]}, ["nested"]],
            "flow": {"a": 1, "b": [true, null]}, "multi": ["one", "two"]})
    );
}

#[test]
fn parse_yaml_block_scalars_literal_folded_chomping() {
    let v = parse_yaml(
        "lit: |\n  line 1\n    indented\n\n  line 3\nfold: >-\n  a\n  b\n\n  c\nkeep: |+\n  x\n\nnext: plain\n  continued\n",
    )
    .unwrap();
    assert_eq!(
        v,
        json!({"lit": "line 1\n  indented\n\nline 3\n", "fold": "a b\nc",
            "keep": "x\n\n", "next": "plain continued"})
    );
}

#[test]
fn parse_yaml_unsupported_constructs_name_the_line() {
    let cases = [
        ("a: 1\nb: &x 2\n", 2, "anchors"),
        ("a: 1\nb: *x\n", 2, "aliases"),
        ("a: !!str 1\n", 1, "tags"),
        ("a: 1\n---\nb: 2\n", 2, "second document"),
        ("a: 1\n...\nb: 2\n", 3, "after the document end marker"),
        ("a: 1\n<<: {b: 2}\n", 2, "merge keys"),
        ("? complex\n: x\n", 1, "complex mapping keys"),
        ("a:\n\tb: 1\n", 2, "tab"),
        ("%TAG ! tag:x\n---\na: 1\n", 1, "directives"),
        ("a: 1\na: 2\n", 2, "appears twice"),
        ("a: \"open\nb: 2\n", 1, "never closed"),
        ("a: [1, 2\n", 1, "never closed"),
        ("a:\n  b: 1\n    c: 2\n", 3, "check the indentation"),
        ("a:\n  b:\n    c: 1\n   d: 2\n", 4, "indented more"),
        ("a: 1\n- b\n", 2, "sequence entry"),
        ("a: \"bad \\q\"\n", 1, "escape"),
    ];
    for (text, line, words) in cases {
        let e = parse_yaml(text).unwrap_err();
        assert_eq!(e.line, line, "{text:?}: {e}");
        assert!(e.message.contains(words), "{text:?}: {e}");
    }
}

#[test]
fn parse_yaml_error_wrapped_with_line_in_openapi_error() {
    let e = parse("openapi: 3.1.0\ncomponents: &c\n").unwrap_err();
    assert!(matches!(&e, OpenApiError::Yaml(y) if y.line == 2));
    assert!(e.to_string().contains("line 2: anchors"));
}

#[test]
fn parse_yaml_document_marker_and_comments_accepted() {
    let v = parse_yaml("%YAML 1.2\n---\n# comment\nopenapi: \"3.1.0\" # trailing\n\n").unwrap();
    assert_eq!(v, json!({"openapi": "3.1.0"}));
}

/// Deeply nested documents (a few tens of KB) would overflow the stack of the recursive
/// readers, which in wasm corrupts memory instead of panicking: every one refuses nesting
/// deeper than [`MAX_DEPTH`] with an error that names the limit.
fn assert_too_deep(text: &str, what: &str) {
    let e = parse(text).unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.contains(&format!("{MAX_DEPTH} levels")),
        "{what}: {shown}"
    );
}

const DEEP: usize = 100_000;

#[test]
fn parse_yaml_deep_flow_sequence_refused_naming_limit() {
    let text = format!("openapi: {}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    assert_too_deep(&text, "flow sequences");
    let text = format!("x: {}1{}", "{a: ".repeat(DEEP), "}".repeat(DEEP));
    assert_too_deep(&text, "flow mappings");
}

#[test]
fn parse_yaml_deep_block_sequence_on_one_line_refused_naming_limit() {
    let text = format!("{}x\n", "- ".repeat(DEEP));
    assert_too_deep(&text, "block sequence entries");
}

#[test]
fn parse_yaml_deep_block_indentation_refused_naming_limit() {
    // 2 000 levels of indentation is 2 MB of spaces; the limit is far below.
    let text: String = (0..2_000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    assert_too_deep(&text, "block mappings");
    let text: String = (0..2_000)
        .map(|i| format!("{}-\n", " ".repeat(i)))
        .collect();
    assert_too_deep(&text, "block sequences");
}

#[test]
fn parse_yaml_block_and_flow_nesting_add_up() {
    let half = MAX_DEPTH / 2 + 1;
    let block: String = (0..half)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    let text = format!(
        "{block}{}b: {}{}\n",
        " ".repeat(half),
        "[".repeat(half),
        "]".repeat(half)
    );
    assert_too_deep(&text, "block then flow");
}

#[test]
fn parse_yaml_nesting_at_the_limit_accepted() {
    let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let v = parse_yaml(&text).expect("flow sequences at the limit");
    let mut depth = 0;
    let mut at = &v;
    while let Some(items) = at.as_array() {
        depth += 1;
        match items.first() {
            Some(inner) => at = inner,
            None => break,
        }
    }
    assert_eq!(depth, MAX_DEPTH);
    let text: String = (0..MAX_DEPTH)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    parse_yaml(&text).expect("block mappings at the limit");
}

#[test]
fn parse_json_deep_refused_naming_limit() {
    assert_too_deep(&"[".repeat(DEEP), "JSON arrays");
    assert_too_deep(
        &format!("{{\"a\":{}", "{\"a\":".repeat(DEEP)),
        "JSON objects",
    );
}

/// Wide input is read in linear time: many quoted scalars on one flow line, a quoted scalar
/// or a flow collection continued over many lines (each was rescanned from its start per
/// line or per scalar, which froze the page for a document of a few MB).
#[test]
fn parse_yaml_wide_inputs_read_in_linear_time() {
    const N: usize = 100_000;
    let started = std::time::Instant::now();
    let keys: Vec<String> = (0..N).map(|i| format!("\"k{i}\": 'v'")).collect();
    let v = parse_yaml(&format!("x: {{{}}}\n", keys.join(", "))).expect("flow mapping");
    assert_eq!(v["x"].as_object().map(|m| m.len()), Some(N));
    let lines = "  more text\n".repeat(N);
    let e = parse_yaml(&format!("x: \"never closed\n{lines}")).unwrap_err();
    assert!(e.message.contains("never closed"), "{e}");
    let e = parse_yaml(&format!("x: [never closed,\n{lines}")).unwrap_err();
    assert!(e.message.contains("never closed"), "{e}");
    let items = "  a,\n".repeat(N);
    let v = parse_yaml(&format!("x: [\n{items}  b]\n")).expect("flow over many lines");
    assert_eq!(v["x"].as_array().map(Vec::len), Some(N + 1));
    let elapsed = started.elapsed();
    assert!(
        elapsed < std::time::Duration::from_secs(20),
        "took {elapsed:?}"
    );
}

#[test]
fn parse_yaml_quoted_scalars_in_flow_keep_escapes() {
    let v = parse_yaml("x: ['it''s', \"a\\\"b\", 'c', \"\\\\\"]\n").unwrap();
    assert_eq!(v, json!({"x": ["it's", "a\"b", "c", "\\"]}));
}
