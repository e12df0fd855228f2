use super::*;

#[test]
fn validate_example_ok() {
    assert!(Draft::example().validate().is_ok());
}

#[test]
fn validate_everything_wrong_reports_each_field() {
    let draft = Draft {
        token_url: "/token".into(),
        client_id: String::new(),
        client_secret: "a\nb".into(),
        auth: AuthMethod::ClientSecretPost,
        scope: "ok bad\"".into(),
        resource: "https://ok.example\nrelative/path".into(),
        extra_headers: vec![Row::new(1, "X Bad", "v"), Row::new(2, "X-Ok", "a\r\nb")],
        ..Draft::default()
    };
    let errors = draft.validate().unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            Field::TokenUrl,
            Field::ClientId,
            Field::ClientSecret,
            Field::Scope,
            Field::Resource,
            Field::ExtraHeader(1),
            Field::ExtraHeader(2),
        ]
    );
    assert!(
        errors[0]
            .to_string()
            .starts_with("Token URL must be an absolute URL")
    );
    assert!(errors[2].to_string().contains("U+000A"));
    assert!(errors[4].to_string().contains("line 2 \"relative/path\""));
    assert!(errors[5].to_string().contains("U+0020"));
    assert!(errors[6].to_string().contains("inject headers"));
}

#[test]
fn validate_none_auth_secret_not_required() {
    let draft = Draft {
        auth: AuthMethod::None,
        client_secret: Secret::default(),
        ..Draft::example()
    };
    assert!(draft.validate().is_ok());
}

#[test]
fn validate_disabled_and_blank_rows_skipped() {
    let mut disabled = Row::new(1, "X Bad", "\n");
    disabled.enabled = false;
    let draft = Draft {
        extra_headers: vec![disabled, Row::new(2, "", "")],
        extra_params: vec![Row::new(3, " ", "")],
        ..Draft::example()
    };
    let request = draft.validate().unwrap();
    assert!(request.extra_headers.is_empty());
    assert!(request.extra_params.is_empty());
}

#[test]
fn validate_second_authorization_with_basic_rejected() {
    let draft = Draft {
        extra_headers: vec![Row::new(1, "authorization", "Bearer x")],
        ..Draft::example()
    };
    let errors = draft.validate().unwrap_err();
    assert!(errors[0].message.contains("RFC 6749 §2.3"));
}

#[test]
fn draft_debug_secret_redacted() {
    assert!(!format!("{:?}", Draft::example()).contains(EXAMPLE_CLIENT_SECRET));
}
