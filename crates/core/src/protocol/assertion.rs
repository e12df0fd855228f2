//! JWT client assertions for `private_key_jwt` and `client_secret_jwt` (RFC 7523 §2.2, §3;
//! RFC 7521 §4.2; OpenID Connect Core §9).
//!
//! The core builds what is signed (header and claims) and assembles the JWS (RFC 7515 §7.1);
//! the signature itself comes from a [`Signer`] — the browser's WebCrypto in the app, a Rust
//! crypto crate in host tests — so no cryptography code ships in the bundle.

use super::encoding::{DecodeError, base64_decode, base64url_decode, base64url_encode};
use super::secret::Secret;
use serde_json::{Value, json};
use std::fmt;

/// `client_assertion_type` for JWT client authentication (RFC 7523 §2.2).
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Signature algorithms offered (RFC 7518 §3.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum JwtAlg {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (private_key_jwt).
    #[default]
    Rs256,
    /// ECDSA P-256 with SHA-256 (private_key_jwt).
    Es256,
    /// HMAC with SHA-256 keyed by the client secret (client_secret_jwt).
    Hs256,
}

impl JwtAlg {
    /// Algorithms for private_key_jwt.
    pub const ASYMMETRIC: [JwtAlg; 2] = [JwtAlg::Rs256, JwtAlg::Es256];

    /// The JWS `alg` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Es256 => "ES256",
            Self::Hs256 => "HS256",
        }
    }

    /// Parses a JWS `alg` value.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Rs256, Self::Es256, Self::Hs256]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// What to put in an assertion (RFC 7523 §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssertionPlan {
    /// Signature algorithm.
    pub alg: JwtAlg,
    /// `kid` header, when given.
    pub kid: Option<String>,
    /// The client id: both `iss` and `sub` (RFC 7523 §3 items 1–2).
    pub client_id: String,
    /// `aud`: the token endpoint URL (RFC 7523 §3 item 3).
    pub audience: String,
    /// Lifetime: `exp - iat`, in seconds (RFC 7523 §3 item 4).
    pub lifetime_secs: u64,
}

/// Lifetimes longer than this are flagged by the linter (a replayable credential).
pub const LONG_LIFETIME_SECS: u64 = 300;

impl AssertionPlan {
    /// The JOSE header (RFC 7515 §4).
    pub fn header(&self) -> Value {
        let mut header = json!({"alg": self.alg.as_str(), "typ": "JWT"});
        if let Some(kid) = &self.kid {
            header["kid"] = Value::from(kid.as_str());
        }
        header
    }

    /// The claims set (RFC 7523 §3): iss = sub = client id, aud = token endpoint, a unique
    /// jti, iat and exp.
    pub fn claims(&self, now_secs: u64, jti: &str) -> Value {
        json!({
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": self.audience,
            "jti": jti,
            "iat": now_secs,
            "exp": now_secs.saturating_add(self.lifetime_secs),
        })
    }

    /// `BASE64URL(header) "." BASE64URL(claims)`: the JWS signing input (RFC 7515 §5.1).
    pub fn signing_input(&self, now_secs: u64, jti: &str) -> String {
        format!(
            "{}.{}",
            base64url_encode(self.header().to_string().as_bytes()),
            base64url_encode(self.claims(now_secs, jti).to_string().as_bytes())
        )
    }

    /// Builds and signs an assertion with `signer`.
    pub async fn sign<S: Signer>(
        &self,
        key: &SigningKey,
        now_secs: u64,
        jti: &str,
        signer: &S,
    ) -> Result<String, String> {
        let input = self.signing_input(now_secs, jti);
        let signature = signer.sign(self.alg, key, input.as_bytes()).await?;
        Ok(assemble(&input, &signature))
    }
}

/// Appends the base64url signature to a signing input (JWS compact serialisation, RFC 7515 §7.1).
pub fn assemble(signing_input: &str, signature: &[u8]) -> String {
    format!("{signing_input}.{}", base64url_encode(signature))
}

/// A key ready for a [`Signer`]; its material is a [`Secret`], so `Debug` never shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigningKey {
    /// A private key as PKCS#8 DER (RFC 5208), from PEM.
    Pkcs8(Secret<Vec<u8>>),
    /// A private key as a JWK (RFC 7517): the JSON object's text, checked by
    /// [`parse_private_key`] (an object, `kty`/`crv` fit the algorithm, a private `d`).
    Jwk(Secret<String>),
    /// The client secret's UTF-8 bytes, for HS256 (RFC 7518 §3.2).
    Secret(Secret<Vec<u8>>),
}

/// Produces JWS signatures: in the app, WebCrypto; in host tests, a Rust crypto crate.
pub trait Signer {
    /// Signs `input` with `key` using `alg`; ES256 signatures are `r || s` (RFC 7518 §3.4).
    fn sign(
        &self,
        alg: JwtAlg,
        key: &SigningKey,
        input: &[u8],
    ) -> impl std::future::Future<Output = Result<Vec<u8>, String>>;
}

/// Why the "Private key" text is not a usable key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// Nothing was given.
    Empty,
    /// Neither PEM nor a JSON object.
    NotPemOrJwk,
    /// A PEM block of a kind we cannot use (e.g. a public key or a certificate).
    UnsupportedPem(String),
    /// The PEM body is not base64.
    BadPemBase64,
    /// A PEM block starts but never ends.
    UnterminatedPem,
    /// An encrypted private key (needs a passphrase).
    EncryptedPem,
    /// The JWK is not valid JSON.
    BadJson(String),
    /// The JWK does not match the algorithm (named).
    WrongJwk(String),
    /// The JWK holds only a public key.
    PublicJwk,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("is required for private_key_jwt: paste a PEM or JWK private key, or generate a demo key"),
            Self::NotPemOrJwk => f.write_str("is neither a PEM block (-----BEGIN PRIVATE KEY-----) nor a JWK JSON object"),
            Self::UnsupportedPem(label) => write!(f, "is a PEM \"{label}\"; a private key is needed (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)"),
            Self::BadPemBase64 => f.write_str("has a PEM body that is not valid base64"),
            Self::UnterminatedPem => f.write_str("has a -----BEGIN line without its -----END line"),
            Self::EncryptedPem => f.write_str("is an encrypted private key; decrypt it first (openssl pkcs8 -topk8 -nocrypt)"),
            Self::BadJson(e) => write!(f, "is not valid JSON: {e}"),
            Self::WrongJwk(why) => write!(f, "is a JWK that {why}"),
            Self::PublicJwk => f.write_str("is a public JWK (no \"d\" member); the private key is needed to sign"),
        }
    }
}

/// Parses the "Private key" field for `alg`: PEM (PKCS#8, or PKCS#1 RSA / SEC1 EC wrapped into
/// PKCS#8 for WebCrypto) or a private JWK whose `kty`/`crv` match the algorithm.
pub fn parse_private_key(text: &str, alg: JwtAlg) -> Result<SigningKey, KeyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(KeyError::Empty);
    }
    if text.starts_with('{') {
        return parse_jwk(text, alg);
    }
    let Some(rest) = text.strip_prefix("-----BEGIN ") else {
        return Err(KeyError::NotPemOrJwk);
    };
    let (label, rest) = rest.split_once("-----").ok_or(KeyError::NotPemOrJwk)?;
    let end = format!("-----END {label}-----");
    let body = rest.split(&end).next().filter(|_| rest.contains(&end));
    let body = body.ok_or(KeyError::UnterminatedPem)?;
    if body.contains("Proc-Type") || label == "ENCRYPTED PRIVATE KEY" {
        return Err(KeyError::EncryptedPem);
    }
    let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    let der = base64_decode(&b64).map_err(|_| KeyError::BadPemBase64)?;
    match label {
        "PRIVATE KEY" => Ok(SigningKey::Pkcs8(der.into())),
        "RSA PRIVATE KEY" => Ok(SigningKey::Pkcs8(wrap_pkcs8(RSA_ALG_ID, &der).into())),
        "EC PRIVATE KEY" => Ok(SigningKey::Pkcs8(wrap_pkcs8(EC_P256_ALG_ID, &der).into())),
        other => Err(KeyError::UnsupportedPem(other.to_string())),
    }
}

fn parse_jwk(text: &str, alg: JwtAlg) -> Result<SigningKey, KeyError> {
    let members =
        super::json_members::object_members(text).map_err(|e| KeyError::BadJson(e.to_string()))?;
    let kty = members.get("kty").unwrap_or("");
    let crv = members.get("crv").unwrap_or("");
    match (alg, kty) {
        (JwtAlg::Rs256, "RSA") => {}
        (JwtAlg::Es256, "EC") if crv == "P-256" => {}
        (JwtAlg::Es256, "EC") => {
            return Err(KeyError::WrongJwk(format!(
                "has crv \"{crv}\"; ES256 needs P-256"
            )));
        }
        (_, kty) => {
            return Err(KeyError::WrongJwk(format!(
                "has kty \"{kty}\"; {} needs {}",
                alg.as_str(),
                if alg == JwtAlg::Es256 { "EC" } else { "RSA" }
            )));
        }
    }
    if !members.contains("d") {
        return Err(KeyError::PublicJwk);
    }
    Ok(SigningKey::Jwk(Secret::new(text)))
}

/// AlgorithmIdentifier { rsaEncryption, NULL } (RFC 8017 Appendix A.1).
const RSA_ALG_ID: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];
/// AlgorithmIdentifier { id-ecPublicKey, prime256v1 } (RFC 5480 §2.1.1).
const EC_P256_ALG_ID: &[u8] = &[
    0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x03, 0x01, 0x07,
];

/// DER tag-length-value.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// PrivateKeyInfo { version 0, algorithm, OCTET STRING key } (RFC 5208 §5).
fn wrap_pkcs8(alg_id: &[u8], key: &[u8]) -> Vec<u8> {
    let mut content = vec![0x02, 0x01, 0x00];
    content.extend_from_slice(alg_id);
    content.extend(der(0x04, key));
    der(0x30, &content)
}

/// A JWT split and decoded for display (RFC 7519 §7.2 steps 1–7, without verification).
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedJwt {
    /// The JOSE header.
    pub header: Value,
    /// The claims.
    pub claims: Value,
}

/// Why a string is not a decodable JWS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwtDecodeError {
    /// Not three dot-separated segments (five is a JWE).
    Segments(usize),
    /// A segment is not base64url.
    Base64(&'static str, DecodeError),
    /// A segment is not a JSON object.
    Json(&'static str),
}

impl fmt::Display for JwtDecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Segments(5) => f.write_str("has five segments: it is an encrypted JWT (JWE), which cannot be read without the key"),
            Self::Segments(n) => write!(f, "has {n} segment(s); a signed JWT has three (header.payload.signature)"),
            Self::Base64(part, e) => write!(f, "has a {part} that is not base64url ({e})"),
            Self::Json(part) => write!(f, "has a {part} that is not a JSON object"),
        }
    }
}

/// Decodes a compact JWS (RFC 7515 §7.1) without verifying it.
pub fn decode(jwt: &str) -> Result<DecodedJwt, JwtDecodeError> {
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 {
        return Err(JwtDecodeError::Segments(parts.len()));
    }
    let object = |part: &'static str, text: &str| -> Result<Value, JwtDecodeError> {
        let bytes = base64url_decode(text).map_err(|e| JwtDecodeError::Base64(part, e))?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ Value::Object(_)) => Ok(v),
            _ => Err(JwtDecodeError::Json(part)),
        }
    };
    Ok(DecodedJwt {
        header: object("header", parts[0])?,
        claims: object("payload", parts[1])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> AssertionPlan {
        AssertionPlan {
            alg: JwtAlg::Es256,
            kid: Some("k1".into()),
            client_id: "c".into(),
            audience: "https://as.example/token".into(),
            lifetime_secs: 60,
        }
    }

    #[test]
    fn claims_rfc7523_members_present() {
        let c = plan().claims(1000, "j");
        assert_eq!(c["iss"], "c");
        assert_eq!(c["sub"], "c");
        assert_eq!(c["aud"], "https://as.example/token");
        assert_eq!(c["exp"], 1060);
        assert_eq!(c["iat"], 1000);
        assert_eq!(c["jti"], "j");
    }

    #[test]
    fn decode_signing_input_roundtrips() {
        let jwt = assemble(&plan().signing_input(5, "x"), &[1, 2, 3]);
        let d = decode(&jwt).unwrap();
        assert_eq!(d.header["alg"], "ES256");
        assert_eq!(d.header["kid"], "k1");
        assert_eq!(d.claims["jti"], "x");
    }

    #[test]
    fn decode_bad_shapes_named() {
        assert_eq!(decode("a.b"), Err(JwtDecodeError::Segments(2)));
        assert!(decode("a.b.c.d.e").unwrap_err().to_string().contains("JWE"));
        assert!(matches!(
            decode("!!.e30.x"),
            Err(JwtDecodeError::Base64("header", _))
        ));
        assert_eq!(decode("WzFd.e30.x"), Err(JwtDecodeError::Json("header")));
    }

    #[test]
    fn parse_private_key_inputs_classified() {
        assert_eq!(parse_private_key("  ", JwtAlg::Rs256), Err(KeyError::Empty));
        assert_eq!(
            parse_private_key("hello", JwtAlg::Rs256),
            Err(KeyError::NotPemOrJwk)
        );
        assert_eq!(
            parse_private_key(
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                JwtAlg::Rs256
            ),
            Err(KeyError::UnsupportedPem("PUBLIC KEY".into()))
        );
        assert_eq!(
            parse_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n", JwtAlg::Rs256),
            Err(KeyError::UnterminatedPem)
        );
        assert_eq!(
            parse_private_key(
                r#"{"kty":"EC","crv":"P-256","x":"a","y":"b"}"#,
                JwtAlg::Es256
            ),
            Err(KeyError::PublicJwk)
        );
        assert!(matches!(
            parse_private_key(r#"{"kty":"RSA","d":"x"}"#, JwtAlg::Es256),
            Err(KeyError::WrongJwk(_))
        ));
        assert!(matches!(
            parse_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", JwtAlg::Rs256),
            Ok(SigningKey::Pkcs8(d)) if d.expose() == &[0, 0, 0]
        ));
    }

    #[test]
    fn wrap_pkcs8_long_lengths_encoded() {
        let key = vec![7u8; 300];
        let wrapped = wrap_pkcs8(RSA_ALG_ID, &key);
        // SEQUENCE, long form with two length bytes.
        assert_eq!(&wrapped[..2], &[0x30, 0x82]);
        let len = usize::from(wrapped[2]) << 8 | usize::from(wrapped[3]);
        assert_eq!(len, wrapped.len() - 4);
        assert!(wrapped.ends_with(&key));
    }
}
