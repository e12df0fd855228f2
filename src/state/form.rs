//! The composer's slice: one signal per form field, the [`Draft`] and validated
//! [`TokenRequest`] derived from them, the client assertion preview and "Show secrets".

use super::simulator::ComposerKey;
use crate::crypto::{WebCryptoSigner, random_jti};
use crate::hooks::now_ms;
use crate::oauth::assertion::JwtAlg;
use crate::oauth::draft::{AssertionState, Draft, FieldError, Row, Teaching};
use crate::oauth::prefill::LockField;
use crate::oauth::request::TokenRequest;
use crate::oauth::types::AuthMethod;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The form as typed, and what it means.
#[derive(Clone, Copy)]
pub struct FormState {
    /// "Token URL" as typed.
    pub token_url: RwSignal<String>,
    /// "Client ID" as typed.
    pub client_id: RwSignal<String>,
    /// "Client secret" as typed (never persisted).
    pub client_secret: RwSignal<String>,
    /// "Client authentication".
    pub auth: RwSignal<AuthMethod>,
    /// "Scope" as typed.
    pub scope: RwSignal<String>,
    /// "Audience" as typed.
    pub audience: RwSignal<String>,
    /// "Resource" as typed (one URI per line).
    pub resource: RwSignal<String>,
    /// "Extra parameters" rows.
    pub extra_params: RwSignal<Vec<Row>>,
    /// "Extra headers" rows.
    pub extra_headers: RwSignal<Vec<Row>>,
    /// Teaching mode settings.
    pub teaching: RwSignal<Teaching>,
    /// "Private key" (PEM or JWK; never persisted).
    pub private_key: RwSignal<String>,
    /// "Signing algorithm" for private_key_jwt.
    pub jwt_alg: RwSignal<JwtAlg>,
    /// "Assertion lifetime" as typed.
    pub assertion_lifetime: RwSignal<String>,
    /// "Key ID (kid)" as typed.
    pub kid: RwSignal<String>,
    /// The latest signed client assertion (preview; each send signs a fresh one).
    pub assertion: RwSignal<AssertionState>,
    /// The public JWK of the last generated demo key.
    pub demo_public_jwk: RwSignal<Option<String>>,
    /// The whole form as typed.
    pub draft: Memo<Draft>,
    /// The validated request, or the field errors.
    pub validated: Memo<Result<TokenRequest, Vec<FieldError>>>,
    /// Whether secrets are shown in clear.
    pub reveal: RwSignal<bool>,
}

impl FormState {
    /// The form filled from `draft` (the built-in example on first open).
    pub fn new(draft: Draft) -> Self {
        let token_url = RwSignal::new(draft.token_url);
        let client_id = RwSignal::new(draft.client_id);
        let client_secret = RwSignal::new(draft.client_secret.into_exposed());
        let auth = RwSignal::new(draft.auth);
        let scope = RwSignal::new(draft.scope);
        let audience = RwSignal::new(draft.audience);
        let resource = RwSignal::new(draft.resource);
        let extra_params = RwSignal::new(draft.extra_params);
        let extra_headers = RwSignal::new(draft.extra_headers);
        let teaching = RwSignal::new(draft.teaching);
        let private_key = RwSignal::new(draft.private_key.into_exposed());
        let jwt_alg = RwSignal::new(draft.jwt_alg);
        let assertion_lifetime = RwSignal::new(draft.assertion_lifetime);
        let kid = RwSignal::new(draft.kid);
        let assertion = RwSignal::new(draft.assertion);
        let draft = Memo::new(move |_| Draft {
            token_url: token_url.get(),
            client_id: client_id.get(),
            client_secret: client_secret.get().into(),
            auth: auth.get(),
            scope: scope.get(),
            audience: audience.get(),
            resource: resource.get(),
            extra_params: extra_params.get(),
            extra_headers: extra_headers.get(),
            teaching: teaching.get(),
            private_key: private_key.get().into(),
            jwt_alg: jwt_alg.get(),
            assertion_lifetime: assertion_lifetime.get(),
            kid: kid.get(),
            assertion: assertion.get(),
        });
        let validated = Memo::new(move |_| draft.with(Draft::validate));
        Self {
            token_url,
            client_id,
            client_secret,
            auth,
            scope,
            audience,
            resource,
            extra_params,
            extra_headers,
            teaching,
            private_key,
            jwt_alg,
            assertion_lifetime,
            kid,
            assertion,
            demo_public_jwk: RwSignal::new(None),
            draft,
            validated,
            reveal: RwSignal::new(false),
        }
    }

    /// The fields the simulated server registers the composer's key from.
    pub fn composer_key(self) -> ComposerKey {
        ComposerKey {
            client_id: self.client_id,
            auth: self.auth,
            jwt_alg: self.jwt_alg,
            private_key: self.private_key,
            kid: self.kid,
        }
    }

    /// Puts `draft` into the form fields.
    pub fn load_draft(self, draft: Draft) {
        self.token_url.set(draft.token_url);
        self.client_id.set(draft.client_id);
        self.client_secret.set(draft.client_secret.into_exposed());
        self.auth.set(draft.auth);
        self.scope.set(draft.scope);
        self.audience.set(draft.audience);
        self.resource.set(draft.resource);
        self.extra_params.set(draft.extra_params);
        self.extra_headers.set(draft.extra_headers);
        self.teaching.set(draft.teaching);
        self.private_key.set(draft.private_key.into_exposed());
        self.jwt_alg.set(draft.jwt_alg);
        self.assertion_lifetime.set(draft.assertion_lifetime);
        self.kid.set(draft.kid);
    }

    /// Empties the client secret, the private key and the demo key's public half.
    pub fn forget_secrets(self) {
        self.client_secret.set(String::new());
        self.private_key.set(String::new());
        self.demo_public_jwk.set(None);
    }

    /// The current validation errors, for display beside the fields.
    pub fn errors(self) -> Signal<Vec<FieldError>> {
        let validated = self.validated;
        Signal::derive(move || validated.with(|v| v.as_ref().err().cloned().unwrap_or_default()))
    }

    /// Keeps the previewed client assertion signed for the current form (JWT methods only).
    /// Call once, from the component that owns the state.
    pub fn sign_assertions(self) {
        let draft = self.draft;
        let plan = Memo::new(move |_| draft.with(Draft::assertion_plan));
        let version = StoredValue::new(0u64);
        Effect::new(move |_| {
            let Some(Ok((plan, key))) = plan.get() else {
                return;
            };
            let mine = version.get_value() + 1;
            version.set_value(mine);
            spawn_local(async move {
                let result = plan
                    .sign(&key, now_ms() / 1000, &random_jti(), &WebCryptoSigner)
                    .await;
                if version.get_value() == mine {
                    self.assertion.set(match result {
                        Ok(jws) => AssertionState::Signed(jws.into()),
                        Err(e) => AssertionState::Failed(e),
                    });
                }
            });
        });
    }

    /// Generates a demo key pair in the browser for the chosen algorithm and puts the private
    /// JWK in the "Private key" field (nothing is stored).
    pub fn generate_demo_key(self) {
        let alg = self.jwt_alg.get_untracked();
        spawn_local(async move {
            match crate::crypto::generate_demo_key(alg).await {
                Ok(key) => {
                    self.private_key.set(key.private_jwk);
                    self.demo_public_jwk.set(Some(key.public_jwk));
                }
                Err(e) => self.assertion.set(AssertionState::Failed(format!(
                    "the browser could not generate a key: {e}"
                ))),
            }
        });
    }
}

/// What every form field reads from context: the current validation errors and the fields a
/// docs author made read-only (`lock=`). Provided once by the app.
#[derive(Clone, Copy)]
pub struct FieldContext {
    /// The validation errors of the whole form.
    pub errors: Signal<Vec<FieldError>>,
    /// The locked fields.
    pub locked: RwSignal<Vec<LockField>>,
}

impl FieldContext {
    /// Whether `field` is read-only.
    pub fn is_locked(self, field: LockField) -> bool {
        self.locked.with(|l| l.contains(&field))
    }
}
