//! Configuration by URL (src/oauth/prefill.rs), the stable contract documented in README:
//! every parameter, notices for malformed ones, the secret rules (never from the query; from
//! the fragment only with allow_secret=1), share links without secrets, the embed snippet, and
//! the postMessage shapes (HTML standard §9.3.3).
#![cfg(not(target_arch = "wasm32"))]

use cc_playground::oauth::assertion::JwtAlg;
use cc_playground::oauth::draft::{Draft, Row};
use cc_playground::oauth::prefill::{
    HostCommand, HostEvent, IncomingError, LockField, Mode, Notice, Prefill, Severity,
    ShareOptions, Theme, blank_draft, embed_snippet, event_message, is_sensitive_name, parse,
    parse_incoming, parse_origin, post_targets, secret_fragment, share_link, share_query, stripped,
};
use cc_playground::oauth::types::AuthMethod;
use serde_json::json;

fn notices_for<'a>(p: &'a Prefill, parameter: &str) -> Vec<&'a Notice> {
    p.notices
        .iter()
        .filter(|n| n.parameter == parameter)
        .collect()
}

#[test]
fn parse_every_form_parameter_read() {
    let p = parse(
        "?token_url=https%3A%2F%2Fas.example%2Ftoken&client_id=my+app&auth=client_secret_post&scope=a+b&audience=https://api.example&resource=https://r1.example&resource=https://r2.example&param.tenant=acme&header.X-Trace=1&alg=ES256&kid=k1&assertion_lifetime=120",
        "",
    );
    assert_eq!(p.notices, []);
    assert_eq!(p.token_url.as_deref(), Some("https://as.example/token"));
    assert_eq!(p.client_id.as_deref(), Some("my app"));
    assert_eq!(p.auth, Some(AuthMethod::ClientSecretPost));
    assert_eq!(p.scope.as_deref(), Some("a b"));
    assert_eq!(p.audience.as_deref(), Some("https://api.example"));
    assert_eq!(
        p.resources,
        Some(vec![
            "https://r1.example".into(),
            "https://r2.example".into()
        ])
    );
    assert_eq!(p.extra_params, Some(vec![("tenant".into(), "acme".into())]));
    assert_eq!(p.extra_headers, Some(vec![("X-Trace".into(), "1".into())]));
    assert_eq!(p.jwt_alg, Some(JwtAlg::Es256));
    assert_eq!(p.kid.as_deref(), Some("k1"));
    assert_eq!(p.assertion_lifetime.as_deref(), Some("120"));
}

#[test]
fn parse_every_page_parameter_read() {
    let p = parse(
        "mode=live&issuer=https://as.example&embed=1&theme=dark&lock=token_url,+scope&lock=auth&origin=https://Docs.Example:443&origin=http://localhost:3000",
        "",
    );
    assert_eq!(p.notices, []);
    assert_eq!(p.mode, Some(Mode::Live));
    assert_eq!(p.issuer.as_deref(), Some("https://as.example"));
    assert_eq!(p.embed, Some(true));
    assert_eq!(p.theme, Some(Theme::Dark));
    assert_eq!(
        p.lock,
        [LockField::TokenUrl, LockField::Scope, LockField::Auth]
    );
    assert_eq!(p.origins, ["https://docs.example", "http://localhost:3000"]);
}

#[test]
fn parse_every_auth_method_accepted() {
    for m in AuthMethod::ALL {
        assert_eq!(parse(&format!("auth={}", m.as_str()), "").auth, Some(m));
    }
}

#[test]
fn parse_embed_values_understood() {
    assert_eq!(parse("embed", "").embed, Some(true));
    assert_eq!(parse("embed=true", "").embed, Some(true));
    assert_eq!(parse("embed=0", "").embed, Some(false));
    assert_eq!(parse("embed=false", "").embed, Some(false));
    let p = parse("embed=yes", "");
    assert_eq!(p.embed, None);
    assert!(p.notices[0].message.contains("embed=yes is not understood"));
}

#[test]
fn parse_modes_and_themes_all_accepted() {
    assert_eq!(parse("mode=simulated", "").mode, Some(Mode::Simulated));
    for t in Theme::ALL {
        assert_eq!(parse(&format!("theme={}", t.as_str()), "").theme, Some(t));
    }
}

#[test]
fn parse_fragment_read_and_overrides_query() {
    let p = parse("?scope=a&mode=live", "#scope=b&theme=light");
    assert_eq!(p.scope.as_deref(), Some("b"));
    assert_eq!(p.mode, Some(Mode::Live));
    assert_eq!(p.theme, Some(Theme::Light));
    let repeat = notices_for(&p, "scope");
    assert_eq!(repeat.len(), 1);
    assert_eq!(
        repeat[0].message,
        "scope is given more than once; the last one is used."
    );
}

#[test]
fn parse_plain_anchor_fragment_ignored() {
    assert_eq!(parse("", "#compose"), Prefill::default());
}

#[test]
fn parse_malformed_values_give_specific_notices() {
    let cases = [
        (
            "auth=foo",
            "auth",
            "auth=foo is not a client authentication method; use one of client_secret_basic, client_secret_post, private_key_jwt, client_secret_jwt, none.",
        ),
        (
            "mode=fast",
            "mode",
            "mode=fast is not a mode; use simulated or live.",
        ),
        (
            "theme=blue",
            "theme",
            "theme=blue is not a theme; use light, dark or auto.",
        ),
        (
            "alg=HS256",
            "alg",
            "alg=HS256 is not a private_key_jwt signing algorithm; use RS256 or ES256.",
        ),
        (
            "assertion_lifetime=0",
            "assertion_lifetime",
            "assertion_lifetime=0 is not a number of seconds from 1 to 86400.",
        ),
        (
            "lock=token_url,secret",
            "lock",
            "lock: secret cannot be locked; lockable fields are token_url, client_id, auth, scope, audience, resource, params, headers, mode, issuer.",
        ),
        (
            "colour=red",
            "colour",
            "colour is not a known parameter; it was ignored.",
        ),
        (
            "client_id",
            "client_id",
            "client_id has no value (expected client_id=…); it was ignored.",
        ),
        (
            "scope=%zz",
            "scope",
            "The value of scope is malformed ('%' at position 0 is not followed by two hex digits); it was ignored.",
        ),
        (
            "param.=x",
            "param.",
            "param. has no parameter name after the dot; it was ignored.",
        ),
        (
            "resource=",
            "resource",
            "resource is empty or spans lines; give one absolute URI per resource parameter (RFC 8707 §2).",
        ),
        (
            "issuer=https://as.example?x=1",
            "issuer",
            "issuer=https://as.example?x=1 must not have a query component (RFC 8414 §2); it was ignored.",
        ),
    ];
    for (query, parameter, message) in cases {
        let p = parse(query, "");
        assert_eq!(
            p.notices,
            [Notice {
                parameter: parameter.into(),
                severity: Severity::Ignored,
                message: message.into()
            }],
            "{query}"
        );
    }
}

#[test]
fn parse_invalid_token_url_and_scope_kept_with_notice() {
    let p = parse("token_url=/token&scope=a%22b", "");
    assert_eq!(p.token_url.as_deref(), Some("/token"));
    assert_eq!(p.scope.as_deref(), Some("a\"b"));
    assert!(
        notices_for(&p, "token_url")[0]
            .message
            .starts_with("token_url must be an absolute URL")
    );
    assert!(
        notices_for(&p, "scope")[0]
            .message
            .contains("RFC 6749 §3.3")
    );
}

#[test]
fn parse_invalid_issuer_ignored_with_notice() {
    let p = parse("issuer=ftp://as.example", "");
    assert_eq!(p.issuer, None);
    assert!(
        p.notices[0]
            .message
            .starts_with("issuer uses the scheme \"ftp:\"")
    );
}

#[test]
fn parse_origin_invalid_values_ignored() {
    let p = parse(
        "origin=*&origin=https://docs.example/path&origin=docs.example&origin=null",
        "",
    );
    assert!(p.origins.is_empty());
    let messages: Vec<&str> = p.notices.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(messages.len(), 4);
    assert!(messages[0].starts_with("origin=* is not allowed"));
    assert!(messages[1].contains("has a path, query or fragment"));
    assert!(messages[1].contains("use https://docs.example"));
    assert!(messages[2].starts_with("origin=docs.example is not an origin scheme://host[:port]"));
    assert!(messages[3].starts_with("origin=null is not allowed"));
}

#[test]
fn parse_origin_trailing_slash_and_default_port_normalised() {
    assert_eq!(
        parse_origin("HTTPS://Docs.Example:443/").unwrap(),
        "https://docs.example"
    );
    assert_eq!(
        parse_origin("http://[::1]:8080").unwrap(),
        "http://[::1]:8080"
    );
}

#[test]
fn parse_secret_in_query_refused_without_echo() {
    let p = parse("secret=hunter2&allow_secret=1", "");
    assert_eq!(p.client_secret, None);
    let n = notices_for(&p, "secret");
    assert_eq!(n.len(), 1);
    assert!(n[0].message.contains("never read from the query string"));
    assert!(!format!("{p:?}").contains("hunter2"));
    assert!(p.notices.iter().all(|n| !n.message.contains("hunter2")));
    assert!(
        notices_for(&p, "allow_secret")[0]
            .message
            .contains("only counts in the #fragment")
    );
}

#[test]
fn parse_secret_in_fragment_without_opt_in_refused() {
    let p = parse("", "#secret=hunter2");
    assert_eq!(p.client_secret, None);
    assert!(p.notices[0].message.contains("add allow_secret=1"));
    assert!(!p.notices[0].message.contains("hunter2"));
}

#[test]
fn parse_secret_in_fragment_with_opt_in_read_with_warning() {
    let p = parse("client_id=a", "#secret=hun%26ter2&allow_secret=1");
    assert_eq!(p.client_secret.as_ref().unwrap().expose(), "hun&ter2");
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].severity, Severity::Warning);
    assert!(!p.notices[0].message.contains("hun"));
    assert!(!format!("{p:?}").contains("hun&ter2"));
}

#[test]
fn parse_secret_named_parameters_refused() {
    let p = parse(
        "client_secret=x1&private_key=x2&param.client_assertion=x3&header.Authorization=x4&param.api_key=x5",
        "",
    );
    assert_eq!(p.client_secret, None);
    assert_eq!(p.extra_params, None);
    assert_eq!(p.extra_headers, None);
    assert_eq!(p.notices.len(), 5);
    for n in &p.notices {
        assert!(n.message.contains("ignored"), "{n}");
        assert!(
            !n.message.contains("x1") && !n.message.contains("x4"),
            "{n}"
        );
    }
}

#[test]
fn parse_sensitive_row_in_fragment_with_opt_in_read() {
    let p = parse("", "param.api_key=k&allow_secret=true");
    assert_eq!(p.extra_params, Some(vec![("api_key".into(), "k".into())]));
    assert_eq!(p.notices[0].severity, Severity::Warning);
}

#[test]
fn parse_garbage_never_panics() {
    for q in [
        "&&&",
        "=",
        "==&=x",
        "%",
        "param.",
        "header.=",
        "lock=,,,",
        "🙂=🙂",
        "a=%F0%9F",
    ] {
        let _ = parse(q, q);
    }
}

#[test]
fn is_sensitive_name_common_secrets_detected() {
    for n in [
        "client_secret",
        "Authorization",
        "X-API-Key",
        "refresh_token",
        "password",
        "Cookie",
    ] {
        assert!(is_sensitive_name(n), "{n}");
    }
    for n in ["tenant", "X-Trace", "audience", "resource"] {
        assert!(!is_sensitive_name(n), "{n}");
    }
}

#[test]
fn apply_only_given_fields_changed() {
    let mut draft = Draft::example();
    parse("scope=write", "").apply(&mut draft);
    assert_eq!(draft.scope, "write");
    let expected = Draft {
        scope: "write".into(),
        ..Draft::example()
    };
    assert_eq!(draft, expected);
}

#[test]
fn apply_rows_replace_existing_rows() {
    let mut draft = Draft {
        extra_params: vec![Row::new(7, "old", "1")],
        ..Draft::example()
    };
    parse("param.a=1&param.b=2&resource=https://r.example", "").apply(&mut draft);
    assert_eq!(
        draft.extra_params,
        [Row::new(1, "a", "1"), Row::new(2, "b", "2")]
    );
    assert_eq!(draft.resource, "https://r.example");
}

#[test]
fn to_draft_without_form_fields_is_example() {
    assert_eq!(parse("theme=dark&embed=1", "").to_draft(), Draft::example());
}

#[test]
fn to_draft_with_form_fields_does_not_keep_example_secret() {
    let d = parse("token_url=https://as.example/t&client_id=x", "").to_draft();
    assert_eq!(d.client_secret, "");
    assert_eq!(d.scope, "");
    assert_eq!(d.assertion_lifetime, "60");
}

fn configured_draft(auth: AuthMethod) -> Draft {
    let mut disabled = Row::new(3, "off", "1");
    disabled.enabled = false;
    Draft {
        token_url: "https://as.example/oauth2/token?tenant=a&x=é".into(),
        client_id: "client id & co".into(),
        client_secret: "s3cr3t&=+".into(),
        auth,
        scope: "orders:read orders:write".into(),
        audience: "https://api.example/".into(),
        resource: "https://r1.example/x?y=1\nurn:example:inventory".into(),
        extra_params: vec![
            Row::new(1, "tenant", "acme corp/é"),
            Row::new(2, "client_assertion", "ey..."),
            disabled,
        ],
        extra_headers: vec![Row::new(1, "X-Trace", "a=b"), Row::new(2, "X-Api-Key", "k")],
        private_key: "-----BEGIN PRIVATE KEY-----".into(),
        jwt_alg: JwtAlg::Es256,
        kid: "key #1".into(),
        assertion_lifetime: "300".into(),
        ..blank_draft()
    }
}

/// The fields a share link carries, for comparison.
fn shareable(d: &Draft) -> Draft {
    let enabled = |rows: &[Row]| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r.enabled && !is_sensitive_name(&r.name))
            .map(|r| (r.name.clone(), r.value.clone()))
            .collect::<Vec<_>>()
    };
    let rows = |pairs: Vec<(String, String)>| {
        pairs
            .into_iter()
            .zip(1..)
            .map(|((n, v), id)| Row::new(id, n, v))
            .collect()
    };
    let jwt = d.auth.uses_assertion();
    Draft {
        client_secret: String::new(),
        private_key: String::new(),
        extra_params: rows(enabled(&d.extra_params)),
        extra_headers: rows(enabled(&d.extra_headers)),
        jwt_alg: if d.auth == AuthMethod::PrivateKeyJwt {
            d.jwt_alg
        } else {
            JwtAlg::default()
        },
        kid: if jwt { d.kid.clone() } else { String::new() },
        assertion_lifetime: if jwt {
            d.assertion_lifetime.clone()
        } else {
            "60".into()
        },
        ..d.clone()
    }
}

#[test]
fn share_query_round_trip_reproduces_non_secret_fields() {
    for auth in AuthMethod::ALL {
        let d = configured_draft(auth);
        let q = share_query(&d, &ShareOptions::default());
        let p = parse(&q, "");
        assert_eq!(p.notices, [], "{q}");
        assert_eq!(p.to_draft(), shareable(&d), "{q}");
        let mut onto_example = Draft::example();
        p.apply(&mut onto_example);
        assert_eq!(
            Draft {
                client_secret: String::new(),
                ..onto_example
            },
            Draft {
                teaching: Draft::example().teaching,
                ..shareable(&d)
            },
        );
        let mut onto_default = Draft::default();
        p.apply(&mut onto_default);
        assert_eq!(onto_default.token_url, d.token_url);
        assert_eq!(onto_default.resource, d.resource);
    }
}

#[test]
fn share_query_secrets_stripped() {
    let d = configured_draft(AuthMethod::ClientSecretPost);
    let q = share_query(&d, &ShareOptions::default());
    for secret in [
        "s3cr3t",
        "client_assertion",
        "ey...",
        "X-Api-Key",
        "PRIVATE",
        "off",
    ] {
        assert!(!q.contains(secret), "{secret} in {q}");
    }
    assert_eq!(
        stripped(&d),
        [
            "Client secret (secrets are never put in share links)",
            "Private key (secrets are never put in share links)",
            "Extra parameter \"client_assertion\" (its name suggests a secret)",
            "1 disabled extra parameter row(s)",
            "Extra header \"X-Api-Key\" (its name suggests a secret)",
        ]
    );
}

#[test]
fn share_query_exact_text_and_options() {
    let d = Draft {
        scope: String::new(),
        ..Draft::example()
    };
    let options = ShareOptions {
        mode: Some(Mode::Simulated),
        theme: Some(Theme::Auto),
        embed: true,
        issuer: Some("https://as.example".into()),
        lock: vec![LockField::TokenUrl, LockField::Scope],
        origins: vec!["https://docs.example".into()],
    };
    let q = share_query(&d, &options);
    assert_eq!(
        q,
        "token_url=https%3A%2F%2Fauthorization-server.example%2Foauth2%2Ftoken&client_id=my_client_id_123&auth=client_secret_basic&scope=&mode=simulated&issuer=https%3A%2F%2Fas.example&theme=auto&embed=1&lock=token_url%2Cscope&origin=https%3A%2F%2Fdocs.example"
    );
    let p = parse(&q, "");
    assert_eq!(p.notices, []);
    assert_eq!(p.mode, options.mode);
    assert_eq!(p.theme, options.theme);
    assert_eq!(p.embed, Some(true));
    assert_eq!(p.issuer, options.issuer);
    assert_eq!(p.lock, options.lock);
    assert_eq!(p.origins, options.origins);
    // An empty scope in the link clears the example's scope.
    assert_eq!(p.to_draft().scope, "");
}

#[test]
fn stripped_nothing_secret_empty() {
    let d = Draft {
        client_secret: String::new(),
        ..Draft::example()
    };
    assert!(stripped(&d).is_empty());
}

#[test]
fn secret_fragment_opt_in_round_trip() {
    let d = configured_draft(AuthMethod::ClientSecretBasic);
    let fragment = secret_fragment(&d).unwrap();
    let p = parse(&share_query(&d, &ShareOptions::default()), &fragment);
    assert_eq!(p.client_secret.unwrap().expose(), d.client_secret);
    assert_eq!(secret_fragment(&configured_draft(AuthMethod::None)), None);
}

#[test]
fn share_link_replaces_existing_query_and_fragment() {
    assert_eq!(
        share_link("https://p.example/app/?old=1#x", "a=1"),
        "https://p.example/app/?a=1"
    );
    assert_eq!(share_link("https://p.example/", ""), "https://p.example/");
}

#[test]
fn embed_snippet_attributes_and_escaping() {
    let html = embed_snippet(
        "https://p.example/?x#y",
        "scope=a&client_id=%22",
        "Try \"it\" <now> & 'here'",
        600,
    );
    assert_eq!(
        html,
        "<iframe src=\"https://p.example/?scope=a&amp;client_id=%22&amp;embed=1\" title=\"Try &quot;it&quot; &lt;now&gt; &amp; &#39;here&#39;\" width=\"100%\" height=\"600\" loading=\"lazy\" sandbox=\"allow-scripts allow-same-origin allow-forms allow-popups\" allow=\"clipboard-write\" referrerpolicy=\"no-referrer\" style=\"border:0\"></iframe>"
    );
}

#[test]
fn embed_snippet_existing_embed_kept_and_empty_query() {
    assert!(
        embed_snippet("https://p.example/", "embed=0", "t", 400).contains(
            "src=\"https://p.example/?embed=0\" title=\"t\" width=\"100%\" height=\"400\""
        )
    );
    assert!(
        embed_snippet("https://p.example/", "", "t", 600)
            .contains("src=\"https://p.example/?embed=1\"")
    );
}

fn issued() -> HostEvent {
    HostEvent::TokenIssued {
        token_type: "Bearer".into(),
        access_token: "at-123".into(),
        expires_in: Some(3600),
        scope: Some("orders:read".into()),
    }
}

#[test]
fn event_message_token_issued_without_token_unless_allowed() {
    assert_eq!(
        event_message(&issued(), false),
        json!({"source": "cc-playground", "version": 1, "type": "token-issued",
            "token_type": "Bearer", "expires_in": 3600, "scope": "orders:read"})
    );
    assert_eq!(event_message(&issued(), true)["access_token"], "at-123");
}

#[test]
fn event_message_expired_and_error_shapes() {
    assert_eq!(
        event_message(&HostEvent::TokenExpired, true),
        json!({"source": "cc-playground", "version": 1, "type": "token-expired"})
    );
    let e = HostEvent::Error {
        error: "invalid_client".into(),
        description: None,
        status: Some(401),
    };
    assert_eq!(
        event_message(&e, false),
        json!({"source": "cc-playground", "version": 1, "type": "error",
            "error": "invalid_client", "error_description": null, "status": 401})
    );
}

#[test]
fn post_targets_token_data_only_to_named_origins() {
    let none = post_targets(&[]);
    assert_eq!(none.len(), 1);
    assert_eq!(none[0].target_origin, "*");
    assert!(!none[0].token_data);
    let named = post_targets(&["https://docs.example".into()]);
    assert_eq!(named[0].target_origin, "https://docs.example");
    assert!(named[0].token_data);
}

#[test]
fn parse_incoming_allowed_origin_set_theme_accepted() {
    let allowed = vec!["https://docs.example".to_string()];
    assert_eq!(
        parse_incoming(
            "https://docs.example",
            &json!({"type": "set-theme", "theme": "dark"}),
            &allowed
        ),
        Ok(HostCommand::SetTheme(Theme::Dark))
    );
}

#[test]
fn parse_incoming_refusals_named() {
    let allowed = vec!["https://docs.example".to_string()];
    let ok_origin = "https://docs.example";
    assert_eq!(
        parse_incoming(
            "https://evil.example",
            &json!({"type": "set-theme", "theme": "dark"}),
            &allowed
        ),
        Err(IncomingError::OriginNotAllowed(
            "https://evil.example".into()
        ))
    );
    assert_eq!(
        parse_incoming(
            ok_origin,
            &json!({"type": "set-theme", "theme": "dark"}),
            &[]
        ),
        Err(IncomingError::OriginNotAllowed(ok_origin.into()))
    );
    assert_eq!(
        parse_incoming(ok_origin, &json!("set-theme"), &allowed),
        Err(IncomingError::NoType)
    );
    assert_eq!(
        parse_incoming(ok_origin, &json!({"type": "send"}), &allowed),
        Err(IncomingError::UnknownType("send".into()))
    );
    let bad = parse_incoming(
        ok_origin,
        &json!({"type": "set-theme", "theme": "pink"}),
        &allowed,
    );
    assert_eq!(bad, Err(IncomingError::BadTheme("\"pink\"".into())));
    assert!(
        bad.unwrap_err()
            .to_string()
            .contains("use \"light\", \"dark\" or \"auto\"")
    );
}
