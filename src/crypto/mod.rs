//! The browser's WebCrypto (SubtleCrypto) behind the core's [`Signer`] trait: signing client
//! assertions and generating demo keys. No cryptography code ships in the bundle.

use crate::oauth::assertion::{JwtAlg, Signer, SigningKey};
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

pub mod dpop;
pub use dpop::{DpopKey, DpopKeySource, generate_dpop_key, import_dpop_key};

/// Signs with `crypto.subtle`.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebCryptoSigner;

fn subtle() -> Result<SubtleCrypto, String> {
    let window = web_sys::window().ok_or("no window")?;
    let crypto = window
        .crypto()
        .map_err(|_| "this browser has no WebCrypto (window.crypto)")?;
    Ok(crypto.subtle())
}

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused the operation".into())
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let obj = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    obj
}

/// The WebCrypto algorithm for importing/generating a key for `alg`.
fn key_algorithm(alg: JwtAlg) -> Object {
    match alg {
        JwtAlg::Rs256 => object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("hash", "SHA-256".into()),
        ]),
        JwtAlg::Es256 => object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
        JwtAlg::Hs256 => object(&[("name", "HMAC".into()), ("hash", "SHA-256".into())]),
    }
}

/// The WebCrypto algorithm for signing with `alg` (RFC 7518 §3.2–3.4).
fn sign_algorithm(alg: JwtAlg) -> Object {
    match alg {
        JwtAlg::Rs256 => object(&[("name", "RSASSA-PKCS1-v1_5".into())]),
        JwtAlg::Es256 => object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
        JwtAlg::Hs256 => object(&[("name", "HMAC".into())]),
    }
}

async fn await_promise(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    JsFuture::from(p.map_err(describe)?).await.map_err(describe)
}

/// Converts a JSON value into a plain JS object (not a `Map`) with serde-wasm-bindgen.
fn to_js_object(value: &serde_json::Value) -> Result<Object, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?
        .dyn_into::<Object>()
        .map_err(|_| "the JWK is not an object".to_string())
}

async fn import(alg: JwtAlg, key: &SigningKey) -> Result<CryptoKey, String> {
    import_as(alg, key, false).await
}

async fn import_as(alg: JwtAlg, key: &SigningKey, extractable: bool) -> Result<CryptoKey, String> {
    let subtle = subtle()?;
    let usages = Array::of1(&"sign".into());
    let algorithm = key_algorithm(alg);
    let promise = match key {
        SigningKey::Pkcs8(der) => subtle.import_key_with_object(
            "pkcs8",
            &Uint8Array::from(der.expose().as_slice()),
            &algorithm,
            extractable,
            &usages,
        ),
        SigningKey::Secret(bytes) => subtle.import_key_with_object(
            "raw",
            &Uint8Array::from(bytes.expose().as_slice()),
            &algorithm,
            extractable,
            &usages,
        ),
        SigningKey::Jwk(jwk) => subtle.import_key_with_object(
            "jwk",
            &js_sys::JSON::parse(jwk.expose())
                .map_err(describe)?
                .dyn_into::<Object>()
                .map_err(|_| "the JWK is not an object".to_string())?,
            &algorithm,
            extractable,
            &usages,
        ),
    };
    let key = await_promise(promise)
        .await
        .map_err(|e| format!("the key could not be imported for {}: {e}", alg.as_str()))?;
    key.dyn_into::<CryptoKey>()
        .map_err(|_| "importKey returned no key".to_string())
}

impl Signer for WebCryptoSigner {
    async fn sign(&self, alg: JwtAlg, key: &SigningKey, input: &[u8]) -> Result<Vec<u8>, String> {
        let crypto_key = import(alg, key).await?;
        let promise =
            subtle()?.sign_with_object_and_u8_array(&sign_algorithm(alg), &crypto_key, input);
        let signature = await_promise(promise).await?;
        Ok(Uint8Array::new(&signature).to_vec())
    }
}

/// A freshly generated demo key pair, as JWK JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoKey {
    /// The private JWK (goes into the "Private key" field; never stored).
    pub private_jwk: String,
    /// The public JWK (to register with the authorization server).
    pub public_jwk: String,
}

/// Generates a key pair for `alg` (RS256: RSA 2048; ES256: P-256) in the browser.
pub async fn generate_demo_key(alg: JwtAlg) -> Result<DemoKey, String> {
    let subtle = subtle()?;
    let algorithm = key_algorithm(alg);
    if alg == JwtAlg::Rs256 {
        let _ = Reflect::set(&algorithm, &"modulusLength".into(), &2048.into());
        let _ = Reflect::set(
            &algorithm,
            &"publicExponent".into(),
            &Uint8Array::from(&[1u8, 0, 1][..]),
        );
    }
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = await_promise(subtle.generate_key_with_object(&algorithm, true, &usages)).await?;
    let export = |name: &str| -> Result<CryptoKey, String> {
        Reflect::get(&pair, &name.into())
            .map_err(describe)?
            .dyn_into::<CryptoKey>()
            .map_err(|_| format!("generateKey returned no {name}"))
    };
    let jwk_text = |key: JsValue| -> Result<String, String> {
        js_sys::JSON::stringify(&key)
            .map(String::from)
            .map_err(describe)
    };
    let private = await_promise(subtle.export_key("jwk", &export("privateKey")?)).await?;
    let public = await_promise(subtle.export_key("jwk", &export("publicKey")?)).await?;
    Ok(DemoKey {
        private_jwk: jwk_text(private)?,
        public_jwk: jwk_text(public)?,
    })
}

/// The public JWK (RFC 7517 §4; RFC 7518 §6.2.1, §6.3.1) of a private key, as the client
/// would register it with its authorization server: WebCrypto exports the private key as a
/// JWK and the private members are dropped.
pub async fn public_jwk(alg: JwtAlg, key: &SigningKey) -> Result<serde_json::Value, String> {
    let crypto_key = import_as(alg, key, true).await?;
    let exported = await_promise(subtle()?.export_key("jwk", &crypto_key)).await?;
    let mut jwk: serde_json::Value =
        serde_wasm_bindgen::from_value(exported).map_err(|e| e.to_string())?;
    if let Some(map) = jwk.as_object_mut() {
        map.retain(|k, _| matches!(k.as_str(), "kty" | "crv" | "x" | "y" | "n" | "e"));
    }
    Ok(jwk)
}

/// A random `jti` (RFC 7519 §4.1.7) from `crypto.randomUUID()`.
pub fn random_jti() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", (js_sys::Math::random() * 1e16) as u64))
}

/// WebCrypto import and verify algorithms for a JWS `alg` (RFC 7518 §3.1, RFC 8037 §3.1).
fn verify_algorithms(alg: &str) -> Option<(Object, Object)> {
    let hash = |bits: &str| JsValue::from_str(&format!("SHA-{bits}"));
    Some(match alg {
        "RS256" | "RS384" | "RS512" => {
            let h = hash(&alg[2..]);
            (
                object(&[("name", "RSASSA-PKCS1-v1_5".into()), ("hash", h)]),
                object(&[("name", "RSASSA-PKCS1-v1_5".into())]),
            )
        }
        "PS256" | "PS384" | "PS512" => {
            let bits: u32 = alg[2..].parse().ok()?;
            (
                object(&[("name", "RSA-PSS".into()), ("hash", hash(&alg[2..]))]),
                object(&[
                    ("name", "RSA-PSS".into()),
                    ("saltLength", (bits / 8).into()),
                ]),
            )
        }
        "ES256" | "ES384" | "ES512" => {
            let curve = match alg {
                "ES256" => "P-256",
                "ES384" => "P-384",
                _ => "P-521",
            };
            (
                object(&[("name", "ECDSA".into()), ("namedCurve", curve.into())]),
                object(&[("name", "ECDSA".into()), ("hash", hash(&alg[2..]))]),
            )
        }
        "EdDSA" | "Ed25519" => (
            object(&[("name", "Ed25519".into())]),
            object(&[("name", "Ed25519".into())]),
        ),
        _ => return None,
    })
}

/// Verifies a compact JWS with a public JWK using WebCrypto. `Ok(false)` is a bad signature;
/// `Err` says why verification could not run.
pub async fn verify_jws(jws: &str, alg: &str, jwk: &serde_json::Value) -> Result<bool, String> {
    let (import_alg, verify_alg) =
        verify_algorithms(alg).ok_or_else(|| format!("{alg} cannot be verified here"))?;
    let (input, signature) = jws
        .rsplit_once('.')
        .ok_or("the token has no signature segment")?;
    let signature = crate::oauth::encoding::base64url_decode(signature)
        .map_err(|e| format!("the signature is not base64url ({e})"))?;
    let subtle = subtle()?;
    // Only the public parts matter; private members are dropped. `alg`, `use` and `key_ops`
    // stay: WebCrypto's JWK import refuses a key whose alg, use or key_ops do not fit the
    // verification (WebCrypto §14.3.9, RFC 7517 §4.2–4.4), as `jwt::choose_key` already checked.
    let mut public = jwk.clone();
    if let Some(map) = public.as_object_mut() {
        for member in ["d", "p", "q", "dp", "dq", "qi"] {
            map.remove(member);
        }
        map.insert("ext".into(), serde_json::Value::Bool(true));
    }
    let key = await_promise(subtle.import_key_with_object(
        "jwk",
        &to_js_object(&public)?,
        &import_alg,
        false,
        &Array::of1(&"verify".into()),
    ))
    .await
    .map_err(|e| format!("the JWKS key could not be imported: {e}"))?
    .dyn_into::<CryptoKey>()
    .map_err(|_| "importKey returned no key".to_string())?;
    let ok = await_promise(subtle.verify_with_object_and_buffer_source_and_u8_array(
        &verify_alg,
        &key,
        &Uint8Array::from(signature.as_slice()),
        input.as_bytes(),
    ))
    .await?;
    Ok(ok.as_bool().unwrap_or(false))
}

/// Waits `ms` milliseconds (a timer promise), e.g. while a key is being generated.
pub async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
