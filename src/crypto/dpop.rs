//! The DPoP key (RFC 9449 §2): a key pair this page proves possession of. Generated here with
//! WebCrypto (ES256, P-256; the private key is not extractable and lives only in this page's
//! memory, a reload makes a new one) or imported from a private JWK the user pastes. What is
//! signed (the proof's header and claims) is the core's (`oauth::dpop`); this file only signs.

use super::{await_promise, describe, key_algorithm, sign_algorithm, subtle};
use crate::oauth::assertion::{JwtAlg, SigningKey, parse_private_key};
use crate::oauth::dpop::public_jwk;
use js_sys::{Array, Reflect, Uint8Array};
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::CryptoKey;

/// Where the DPoP key came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DpopKeySource {
    /// Generated in this page (non-extractable private key).
    Generated,
    /// Imported from the "DPoP private key (JWK)" field.
    Imported,
}

/// A DPoP key ready to sign proofs. `Debug` shows only the public half.
#[derive(Clone)]
pub struct DpopKey {
    /// The JWS `alg` of its proofs (RFC 9449 §4.2: an asymmetric algorithm).
    pub alg: JwtAlg,
    /// The public JWK that goes into each proof's header (RFC 9449 §4.2 `jwk`): its public
    /// members only (`oauth::dpop::public_jwk`).
    pub public_jwk: Value,
    /// Generated here or imported.
    pub source: DpopKeySource,
    private: CryptoKey,
}

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DpopKey")
            .field("alg", &self.alg)
            .field("public_jwk", &self.public_jwk)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl DpopKey {
    /// Signs a proof's signing input (RFC 7515 §5.1); ES256 signatures are `r || s`.
    pub async fn sign(&self, input: &[u8]) -> Result<Vec<u8>, String> {
        let promise = subtle()?.sign_with_object_and_u8_array(
            &sign_algorithm(self.alg),
            &self.private,
            input,
        );
        let signature = await_promise(promise).await?;
        Ok(Uint8Array::new(&signature).to_vec())
    }

    /// Whether the private key could be exported from the page (false for a generated key).
    pub fn extractable(&self) -> bool {
        self.private.extractable()
    }
}

/// Generates an ES256 (P-256) DPoP key pair: the private key is not extractable (WebCrypto
/// §14.3.6 `extractable: false`); the public key is exported as a JWK for the proof header.
pub async fn generate_dpop_key() -> Result<DpopKey, String> {
    let subtle = subtle()?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = await_promise(subtle.generate_key_with_object(
        &key_algorithm(JwtAlg::Es256),
        false,
        &usages,
    ))
    .await?;
    let half = |name: &str| -> Result<CryptoKey, String> {
        Reflect::get(&pair, &name.into())
            .map_err(describe)?
            .dyn_into::<CryptoKey>()
            .map_err(|_| format!("generateKey returned no {name}"))
    };
    let exported = await_promise(subtle.export_key("jwk", &half("publicKey")?)).await?;
    let jwk: Value = serde_wasm_bindgen::from_value(exported).map_err(|e| e.to_string())?;
    Ok(DpopKey {
        alg: JwtAlg::Es256,
        public_jwk: public_jwk(&jwk),
        source: DpopKeySource::Generated,
        private: half("privateKey")?,
    })
}

/// Imports the "DPoP private key (JWK)" text: an EC P-256 (ES256) or RSA (RS256) private JWK.
/// The private key is imported non-extractable; the text itself is the caller's to forget.
pub async fn import_dpop_key(text: &str) -> Result<DpopKey, String> {
    let text = text.trim();
    if !text.starts_with('{') {
        return Err("is not a JWK: paste a private JWK JSON object ({\"kty\": \"EC\", …})".into());
    }
    let parsed = serde_json::from_str::<Value>(text);
    let kty = parsed
        .as_ref()
        .ok()
        .and_then(|v| v.get("kty").and_then(Value::as_str));
    let alg = match kty {
        Some("RSA") => JwtAlg::Rs256,
        _ => JwtAlg::Es256,
    };
    let key = parse_private_key(text, alg).map_err(|e| e.to_string())?;
    if !matches!(key, SigningKey::Jwk(_)) {
        return Err("is not a JWK".into());
    }
    // The text `parse_private_key` checked (both trim it), read once for the public half.
    let jwk = parsed.map_err(|e| format!("is not valid JSON: {e}"))?;
    let public_jwk = public_jwk(&jwk);
    let private = super::import_as(alg, &key, false).await?;
    Ok(DpopKey {
        alg,
        public_jwk,
        source: DpopKeySource::Imported,
        private,
    })
}
