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

/// Declares the form's typed fields once: each becomes a signal of [`FormState`], is filled
/// from a [`Draft`] by [`FormState::new`] and [`FormState::load_draft`], and is read back into
/// the [`FormState::draft`] memo. A `secret` field is a [`Secret`](crate::oauth::secret::Secret)
/// in the draft and a plain `String` signal (the input's value) here. A field added to
/// [`Draft`] and not listed here fails to compile (the memo builds a whole `Draft`).
macro_rules! form_fields {
    (
        plain { $( $(#[doc = $pd:literal])* $p:ident: $pt:ty, )* }
        secret { $( $(#[doc = $sd:literal])* $s:ident, )* }
    ) => {
        /// The form as typed, and what it means.
        #[derive(Clone, Copy)]
        pub struct FormState {
            $( $(#[doc = $pd])* pub $p: RwSignal<$pt>, )*
            $( $(#[doc = $sd])* pub $s: RwSignal<String>, )*
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
                $( let $p = RwSignal::new(draft.$p); )*
                $( let $s = RwSignal::new(draft.$s.into_exposed()); )*
                let assertion = RwSignal::new(draft.assertion);
                let draft = Memo::new(move |_| Draft {
                    $( $p: $p.get(), )*
                    $( $s: $s.get().into(), )*
                    assertion: assertion.get(),
                });
                let validated = Memo::new(move |_| draft.with(Draft::validate));
                Self {
                    $( $p, )*
                    $( $s, )*
                    assertion,
                    demo_public_jwk: RwSignal::new(None),
                    draft,
                    validated,
                    reveal: RwSignal::new(false),
                }
            }

            /// Puts `draft` into the form fields (the signed assertion follows by itself).
            pub fn load_draft(self, draft: Draft) {
                $( self.$p.set(draft.$p); )*
                $( self.$s.set(draft.$s.into_exposed()); )*
            }
        }
    };
}

form_fields! {
    plain {
        /// "Token URL" as typed.
        token_url: String,
        /// "Client ID" as typed.
        client_id: String,
        /// "Client authentication".
        auth: AuthMethod,
        /// "Scope" as typed.
        scope: String,
        /// "Audience" as typed.
        audience: String,
        /// "Resource" as typed (one URI per line).
        resource: String,
        /// "Extra parameters" rows.
        extra_params: Vec<Row>,
        /// "Extra headers" rows.
        extra_headers: Vec<Row>,
        /// Teaching mode settings.
        teaching: Teaching,
        /// "Signing algorithm" for private_key_jwt.
        jwt_alg: JwtAlg,
        /// "Assertion lifetime" as typed.
        assertion_lifetime: String,
        /// "Key ID (kid)" as typed.
        kid: String,
        /// "Use DPoP (RFC 9449)".
        dpop: bool,
    }
    secret {
        /// "Client secret" as typed (never persisted).
        client_secret,
        /// "Private key" (PEM or JWK; never persisted).
        private_key,
    }
}

impl FormState {
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
        crate::hooks::effect(move || {
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
