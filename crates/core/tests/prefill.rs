//! Configuration by URL (crates/core/src/contract/prefill.rs), the stable contract documented in README:
//! every parameter, notices for malformed ones, the secret rules (never from the query; from
//! the fragment only with allow_secret=1), share links without secrets (also none inside the
//! Token URL), the embed snippet, the postMessage shapes and targets (HTML standard §9.3.3:
//! nothing to "*", the token only to an origin the user confirmed), and the remembered secret's
//! binding to its Token URL, Client ID and issuer (crates/core/src/contract/persist.rs).
#![cfg(not(target_arch = "wasm32"))]

use cc_core::assertion::JwtAlg;
use cc_core::draft::{Draft, Row};
use cc_core::persist::{
    RememberedSecret, SECRET_KEY, decode_secret, encode_secret, restore_secret,
};
use cc_core::prefill::{
    HostCommand, HostEvent, IncomingError, LockField, Mode, Notice, PostTarget, Prefill, Severity,
    ShareOptions, Theme, blank_draft, embed_snippet, event_message, is_sensitive_name, parse,
    parse_incoming, parse_origin, post_targets, secret_fragment, share_link, share_query,
    strip_url_secrets, stripped, token_offers,
};
use cc_core::types::AuthMethod;
use serde_json::json;

fn notices_for<'a>(p: &'a Prefill, parameter: &str) -> Vec<&'a Notice> {
    p.notices
        .iter()
        .filter(|n| n.parameter == parameter)
        .collect()
}

/// The app starts without loading the URL reader when there is nothing to read
/// (`Startup::example` in src/state/config.rs, issue 17): that must be what reading nothing gives.
#[test]
fn parse_nothing_given_is_the_example_and_no_notice() {
    for (query, fragment) in [("", ""), ("?", "#"), ("?", ""), ("", "#")] {
        let p = parse(query, fragment);
        assert_eq!(p, Prefill::default(), "{query:?} {fragment:?}");
        assert_eq!(p.to_draft(), Draft::example());
        assert!(p.notices.is_empty());
        assert_eq!(p.mode, None);
    }
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
    // Issue 16: a link changes what it names and nothing else (the example's scope stays), but
    // the example's secret never goes with another Token URL or Client ID.
    let d = parse("token_url=https://as.example/t&client_id=x", "").to_draft();
    assert_eq!(d.client_secret.expose(), "");
    assert_eq!(d.scope, Draft::example().scope);
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
        client_secret: Default::default(),
        private_key: Default::default(),
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
                client_secret: Default::default(),
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
        relay: None,
        api_url: None,
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
        client_secret: Default::default(),
        ..Draft::example()
    };
    assert!(stripped(&d).is_empty());
}

#[test]
fn secret_fragment_opt_in_round_trip() {
    let d = configured_draft(AuthMethod::ClientSecretBasic);
    let fragment = secret_fragment(&d).unwrap();
    let p = parse(&share_query(&d, &ShareOptions::default()), &fragment);
    assert_eq!(p.client_secret.unwrap().expose(), d.client_secret.expose());
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
fn post_targets_without_allowed_origins_posts_nothing() {
    // Issue 14 defect 10: events without an allowed origin went to "*"; now nothing is posted.
    assert_eq!(post_targets(&[], &[]), []);
    // A confirmation without an allowed origin releases nothing either.
    assert_eq!(post_targets(&[], &["https://docs.example".into()]), []);
}

#[test]
fn post_targets_allowed_origin_without_confirmation_no_token_data() {
    // Issue 14 defect 10: the embedding page writes origin= itself, so naming an origin alone
    // must not release the token.
    let named = post_targets(&["https://docs.example".into()], &[]);
    assert_eq!(
        named,
        [PostTarget {
            target_origin: "https://docs.example".into(),
            token_data: false,
        }]
    );
}

#[test]
fn post_targets_confirmed_origin_only_that_origin_gets_token_data() {
    let allowed = vec![
        "https://docs.example".to_string(),
        "https://blog.example".to_string(),
    ];
    let targets = post_targets(&allowed, &["https://blog.example".into()]);
    assert_eq!(
        targets,
        [
            PostTarget {
                target_origin: "https://docs.example".into(),
                token_data: false,
            },
            PostTarget {
                target_origin: "https://blog.example".into(),
                token_data: true,
            },
        ]
    );
    // A confirmation for an origin that is not allowed adds no target.
    let stray = post_targets(&allowed[..1], &["https://evil.example".into()]);
    assert_eq!(stray.len(), 1);
    assert!(!stray[0].token_data);
}

#[test]
fn post_targets_wildcard_or_unnormalised_values_never_targets() {
    let hostile: Vec<String> = [
        "*",
        "null",
        "",
        "https://docs.example/path",
        "HTTPS://DOCS.EXAMPLE",
    ]
    .map(String::from)
    .to_vec();
    let targets = post_targets(&hostile, &hostile);
    assert_eq!(targets, [], "{targets:?}");
}

#[test]
fn token_offers_only_when_framed_and_without_repeats() {
    let allowed = vec![
        "https://docs.example".to_string(),
        "*".to_string(),
        "https://docs.example".to_string(),
    ];
    assert_eq!(token_offers(&allowed, true), ["https://docs.example"]);
    assert_eq!(token_offers(&allowed, false), Vec::<String>::new());
    assert_eq!(token_offers(&[], true), Vec::<String>::new());
    // The offer is made from origin= values, which the embedding page controls: it is a
    // question to the user, never a grant (post_targets without confirmation has no token).
    assert!(post_targets(&allowed, &[]).iter().all(|t| !t.token_data));
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

#[test]
fn share_query_token_url_secret_parameters_stripped_and_listed() {
    // Issue 14 defect 11: a client_secret inside the Token URL's query went into share links
    // (and so into localStorage, which stores the share query) without being listed.
    let d = Draft {
        token_url: "https://as.example/token?tenant=a&client_secret=tu-s3cret&client%5Fassertion=ey.tu&Access_Token=at-tu&b=2".into(),
        client_secret: Default::default(),
        ..Draft::example()
    };
    let q = share_query(&d, &ShareOptions::default());
    for secret in [
        "tu-s3cret",
        "ey.tu",
        "at-tu",
        "client_secret%3D",
        "assertion",
        "Access_Token",
    ] {
        assert!(!q.contains(secret), "{secret} in {q}");
    }
    assert_eq!(
        parse(&q, "").token_url.as_deref(),
        Some("https://as.example/token?tenant=a&b=2")
    );
    let left_out = stripped(&d);
    for name in ["client_secret", "client%5Fassertion", "Access_Token"] {
        assert!(
            left_out
                .iter()
                .any(|s| s.starts_with("Token URL query parameter") && s.contains(name)),
            "{name} not listed in {left_out:?}"
        );
    }
    assert!(left_out.iter().all(|s| !s.contains("tu-s3cret")));
}

#[test]
fn strip_url_secrets_userinfo_fragment_and_separators_removed() {
    let cases = [
        // (typed, kept, how many parts were listed)
        ("https://as.example/token", "https://as.example/token", 0),
        ("https://as.example/token?", "https://as.example/token?", 0),
        (
            "https://as.example/token?client_secret=x",
            "https://as.example/token",
            1,
        ),
        (
            "https://as.example/token?a=1&&b=2",
            "https://as.example/token?a=1&&b=2",
            0,
        ),
        (
            "https://u:p@as.example:8443/t?a=1",
            "https://as.example:8443/t?a=1",
            1,
        ),
        ("https://a@b\\@c/t", "https://b\\@c/t", 1),
        (
            "https://as.example/p@x?y=1",
            "https://as.example/p@x?y=1",
            0,
        ),
        (
            "https://as.example/t?a=1;client_secret=x&b=2",
            "https://as.example/t?b=2",
            1,
        ),
        (
            "https://as.example/t?client%5Fsecret=x&c=%zz",
            "https://as.example/t?c=%zz",
            1,
        ),
        (
            "https://as.example/t?x=1#access_token=y",
            "https://as.example/t?x=1",
            1,
        ),
        ("https://as.example/t#frag", "https://as.example/t#frag", 0),
        (
            "https://as.example/t?password&API_KEY=k&Token=t",
            "https://as.example/t",
            3,
        ),
        ("as.example/t?client_assertion=ey", "as.example/t", 1),
        ("", "", 0),
    ];
    for (typed, kept, listed) in cases {
        let s = strip_url_secrets(typed);
        assert_eq!(s.url, kept, "{typed}");
        assert_eq!(s.removed.len(), listed, "{typed}: {:?}", s.removed);
    }
    assert_eq!(
        strip_url_secrets("https://u:pw-value@as.example/t?client_secret=v").removed,
        [
            "Token URL user name and password (credentials in a URL are never put in share links)",
            "Token URL query parameter \"client_secret\" (its name suggests a secret)",
        ]
    );
}

#[test]
fn strip_url_secrets_many_parameters_listed_bounded() {
    let mut url = "https://as.example/t?keep=1".to_string();
    for i in 0..5_000 {
        url.push_str(&format!("&secret{i}=v&client_secret=v"));
    }
    let s = strip_url_secrets(&url);
    assert_eq!(s.url, "https://as.example/t?keep=1");
    assert_eq!(s.removed.len(), 11, "{:?}", s.removed);
    assert_eq!(
        s.removed.last().unwrap(),
        "4991 more Token URL parameter(s) whose names suggest a secret"
    );
}

#[test]
fn share_query_token_url_userinfo_not_shared_and_listed() {
    let d = Draft {
        token_url: "https://alice:pw-s3cret@as.example/token".into(),
        ..Draft::example()
    };
    let q = share_query(&d, &ShareOptions::default());
    assert!(!q.contains("pw-s3cret") && !q.contains("alice"), "{q}");
    assert!(
        stripped(&d)
            .iter()
            .any(|s| s.contains("user name and password"))
    );
}

const DOCS_TOKEN_URL: &str = "https://as.example/oauth2/token";

fn remembered() -> String {
    encode_secret(&RememberedSecret::new(
        DOCS_TOKEN_URL,
        "docs_client",
        "",
        "rem-s3cret",
    ))
}

#[test]
fn restore_secret_same_token_url_and_client_id_restored() {
    let secret = restore_secret(&remembered(), DOCS_TOKEN_URL, "docs_client", None).unwrap();
    assert_eq!(secret.expose(), "rem-s3cret");
    assert_eq!(SECRET_KEY, "cc-playground.secret");
}

#[test]
fn restore_secret_other_token_url_withheld_with_notice() {
    // Issue 14 defect 11: a link to an attacker's token URL arrived with the secret filled in.
    for other in [
        "https://attacker.example/oauth2/token",
        "https://as.example/oauth2/token/",
        "https://as.example:444/oauth2/token",
        "http://as.example/oauth2/token",
        "https://AS.example/oauth2/token",
        "https://as.example/oauth2/token?tenant=x",
        "https://as.example/oauth2/token?client_secret=x",
        "",
    ] {
        let why = restore_secret(&remembered(), other, "docs_client", None).unwrap_err();
        assert!(
            why.starts_with("The client secret remembered in this tab was not filled in"),
            "{why}"
        );
        assert!(why.contains(DOCS_TOKEN_URL), "{why}");
        assert!(!why.contains("rem-s3cret"), "{why}");
    }
}

#[test]
fn restore_secret_other_client_id_withheld_with_notice() {
    let why = restore_secret(&remembered(), DOCS_TOKEN_URL, "other_client", None).unwrap_err();
    assert!(why.contains("Client ID docs_client"), "{why}");
    assert!(!why.contains("rem-s3cret"), "{why}");
}

#[test]
fn restore_secret_bare_or_malformed_record_withheld() {
    for text in [
        "rem-s3cret",
        "{}",
        r#"{"version":2,"token_url":"a","client_id":"b","secret":"c"}"#,
        r#"{"version":1,"token_url":"a","client_id":"b"}"#,
        r#"{"version":1,"token_url":5,"client_id":"b","secret":"rem-s3cret"}"#,
        r#"{"version":1,"token_url":"a","client_id":"b","issuer":"","secret":""}"#,
        r#"{"version":1,"token_url":"a","client_id":"b","secret":"rem-s3cret"}"#,
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "",
    ] {
        let why = restore_secret(text, "a", "b", None).unwrap_err();
        assert!(
            why.starts_with("The client secret remembered"),
            "{text}: {why}"
        );
        assert!(!why.contains("rem-s3cret"), "{text}: {why}");
    }
}

#[test]
fn remembered_secret_bound_to_token_url_without_its_secrets() {
    // The binding is stored in sessionStorage: it keeps the Token URL as the saved
    // configuration has it (secret-bearing query parameters removed), so the secret is
    // restored after a reload, and the record holds no second secret.
    let r = RememberedSecret::new(
        "https://as.example/t?tenant=a&client_secret=in-url",
        "c",
        "",
        "s",
    );
    assert_eq!(r.token_url, "https://as.example/t?tenant=a");
    let text = encode_secret(&r);
    assert!(!text.contains("in-url"), "{text}");
    assert_eq!(decode_secret(&text), Ok(r.clone()));
    let saved = parse(
        &share_query(
            &Draft {
                token_url: "https://as.example/t?tenant=a&client_secret=in-url".into(),
                client_id: "c".into(),
                ..blank_draft()
            },
            &ShareOptions::default(),
        ),
        "",
    )
    .to_draft();
    assert_eq!(
        restore_secret(&text, &saved.token_url, &saved.client_id, None)
            .unwrap()
            .expose(),
        "s"
    );
    assert!(!format!("{r:?}").contains("\"s\""));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Whatever is typed: stripping twice changes nothing more, what is left has no
    /// credentials and no query or fragment pair with a secret-looking name, and it never
    /// panics.
    #[test]
    fn strip_url_secrets_any_url_idempotent_and_clean(
        url in proptest::prop_oneof![
            proptest::prelude::any::<String>(),
            "(https?://)?([a-z:]{0,6}@){0,2}[a-z.]{0,8}(/[a-z@\\\\]{0,6}){0,2}(\\?([a-z_%5F;]{0,12}(=[a-z]{0,3})?&?){0,4})?(#[a-z_=&]{0,12})?",
        ],
    ) {
        let once = strip_url_secrets(&url);
        let twice = strip_url_secrets(&once.url);
        proptest::prop_assert_eq!(&twice.url, &once.url);
        proptest::prop_assert!(twice.removed.is_empty(), "{:?}", twice.removed);
        proptest::prop_assert!(once.url.len() <= url.len());
    }
}

#[test]
fn restore_secret_link_discovering_other_issuer_withheld() {
    // The link names the right Token URL and Client ID, but issuer= makes the page run
    // discovery, which replaces the Token URL with whatever the metadata says.
    let why = restore_secret(
        &remembered(),
        DOCS_TOKEN_URL,
        "docs_client",
        Some("https://attacker.example"),
    )
    .unwrap_err();
    assert!(
        why.contains("https://attacker.example") && why.contains("without an issuer"),
        "{why}"
    );
    assert!(!why.contains("rem-s3cret"), "{why}");
    // Remembered with an issuer: a link (or reload) discovering the same issuer gets it back,
    // and so does one without issuer= (no discovery runs).
    let with_issuer = encode_secret(&RememberedSecret::new(
        DOCS_TOKEN_URL,
        "docs_client",
        "https://as.example",
        "rem-s3cret",
    ));
    for discovers in [Some("https://as.example"), None] {
        let secret = restore_secret(&with_issuer, DOCS_TOKEN_URL, "docs_client", discovers);
        assert_eq!(secret.unwrap().expose(), "rem-s3cret");
    }
    let why = restore_secret(
        &with_issuer,
        DOCS_TOKEN_URL,
        "docs_client",
        Some("https://as.example/"),
    )
    .unwrap_err();
    assert!(why.contains("with the issuer https://as.example"), "{why}");
}
