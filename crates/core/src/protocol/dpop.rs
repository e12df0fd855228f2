//! DPoP proofs (RFC 9449, OAuth 2.0 Demonstrating Proof of Possession): what a proof JWT says,
//! how its `htu` and `ath` are computed, the RFC 7638 thumbprint its key is bound by, the JWS
//! signing input to sign, and decoding a proof for display or checking.
//!
//! Like client assertions, the core builds what is signed and assembles the compact JWS
//! (RFC 7515 §7.1); the signature comes from the browser's WebCrypto in the app, so no
//! cryptography beyond SHA-256 ships in the core.

use super::encoding::{base64url_decode, base64url_encode};
use super::url::TokenUrl;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The `typ` header of a DPoP proof (RFC 9449 §4.2).
pub const DPOP_JWT_TYPE: &str = "dpop+jwt";

/// The HTTP header that carries a proof (RFC 9449 §4.1).
pub const DPOP_HEADER: &str = "DPoP";

/// The header a server sends a nonce in (RFC 9449 §8.1).
pub const DPOP_NONCE_HEADER: &str = "DPoP-Nonce";

/// The longest proof [`decode_proof`] reads: a proof is a small JWS (a P-256 proof is about
/// 500 bytes, an RSA-4096 one under 2 KiB), so anything larger is refused unread.
pub const PROOF_MAX_BYTES: usize = 8 * 1024;

/// The asymmetric algorithms a proof may use here (RFC 9449 §4.2: never `none` nor a MAC).
pub const PROOF_ALGS: [&str; 4] = ["ES256", "RS256", "PS256", "EdDSA"];

/// The claims of a DPoP proof (RFC 9449 §4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProofClaims {
    /// Unique identifier of this proof, for replay detection (§4.2, §11.1).
    pub jti: String,
    /// The HTTP method of the request the proof is for (§4.2).
    pub htm: String,
    /// The target URI without query and fragment ([`normalize_htu`], §4.2).
    pub htu: String,
    /// Creation time, seconds since the epoch (§4.2).
    pub iat: u64,
    /// Hash of the access token, on resource requests ([`access_token_hash`], §4.2, §7.1).
    pub ath: Option<String>,
    /// A server-provided nonce, when one was demanded (§4.2, §8, §9).
    pub nonce: Option<String>,
}

impl ProofClaims {
    /// The claims as a JSON object: `jti`, `htm`, `htu`, `iat`, then `ath` and `nonce` when set.
    pub fn to_json(&self) -> Value {
        let mut claims = json!({
            "jti": self.jti,
            "htm": self.htm,
            "htu": self.htu,
            "iat": self.iat,
        });
        if let Some(ath) = &self.ath {
            claims["ath"] = json!(ath);
        }
        if let Some(nonce) = &self.nonce {
            claims["nonce"] = json!(nonce);
        }
        claims
    }
}

/// htu per RFC 9449 §4.2/§4.3: the target URI without query and fragment (scheme/host
/// lower-cased, default port dropped, the path as a browser sends it). Err with a clear message
/// for a non-http(s) or unparsable URL.
pub fn normalize_htu(url: &str) -> Result<String, String> {
    let without_fragment = url.split('#').next().unwrap_or_default();
    let parsed = TokenUrl::parse(without_fragment).map_err(|e| format!("The DPoP htu URL {e}"))?;
    Ok(format!("{}{}", parsed.origin(), parsed.path()))
}

/// ath (RFC 9449 §4.2): base64url (no padding) of SHA-256 of the ASCII access token.
pub fn access_token_hash(access_token: &str) -> String {
    base64url_encode(&Sha256::digest(access_token.as_bytes()))
}

/// The required members of a JWK's thumbprint input per `kty` (RFC 7638 §3.2), already in
/// lexicographic order.
fn thumbprint_members(kty: &str) -> Option<&'static [&'static str]> {
    match kty {
        "EC" => Some(&["crv", "kty", "x", "y"]),
        "RSA" => Some(&["e", "kty", "n"]),
        "OKP" => Some(&["crv", "kty", "x"]),
        _ => None,
    }
}

/// RFC 7638 JWK thumbprint (SHA-256, base64url): EC (crv,kty,x,y), RSA (e,kty,n), OKP (crv,kty,x)
/// in lexicographic member order, no whitespace (§3.1, §3.3). Err when a required member is
/// missing or not a string, or for an unknown `kty` (symmetric `oct` keys are refused: a DPoP
/// key is asymmetric, RFC 9449 §4.2).
pub fn jwk_thumbprint(jwk: &Value) -> Result<String, String> {
    let kty = jwk
        .get("kty")
        .and_then(Value::as_str)
        .ok_or("The JWK has no \"kty\" string (RFC 7517 §4.1)")?;
    let members = thumbprint_members(kty).ok_or_else(|| {
        format!("The JWK has kty \"{kty}\"; a thumbprint is computed here for EC, RSA and OKP keys")
    })?;
    let mut input = String::from("{");
    for (i, name) in members.iter().enumerate() {
        let value = jwk.get(*name).and_then(Value::as_str).ok_or_else(|| {
            format!("The {kty} JWK has no \"{name}\" string (RFC 7638 §3.2 requires it)")
        })?;
        if i > 0 {
            input.push(',');
        }
        input.push_str(&Value::from(*name).to_string());
        input.push(':');
        input.push_str(&Value::from(value).to_string());
    }
    input.push('}');
    Ok(base64url_encode(&Sha256::digest(input.as_bytes())))
}

/// The members a public JWK may carry in a proof header (RFC 7517 §4, RFC 7518 §6.2.1, §6.3.1,
/// RFC 8037 §2); everything else (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`, `ext`, …) is
/// dropped, so a private key given by mistake never leaves in a proof (RFC 9449 §4.2: "MUST NOT
/// contain a private key").
const PUBLIC_MEMBERS: [&str; 9] = ["kty", "crv", "x", "y", "n", "e", "kid", "alg", "use"];

/// The public part of a JWK: only the members in `PUBLIC_MEMBERS`; a non-object gives `{}`.
pub fn public_jwk(jwk: &Value) -> Value {
    let mut out = Map::new();
    if let Value::Object(members) = jwk {
        for name in PUBLIC_MEMBERS {
            if let Some(v) = members.get(name) {
                out.insert(name.to_string(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// True when the JWK carries a private or symmetric member (`d`, `p`, `q`, `dp`, `dq`, `qi`,
/// `oth`, `k`): RFC 9449 §4.3 check 7 refuses such a proof.
pub fn has_private_members(jwk: &Value) -> bool {
    ["d", "p", "q", "dp", "dq", "qi", "oth", "k"]
        .iter()
        .any(|m| jwk.get(*m).is_some())
}

/// The JWS signing input `b64url(header).b64url(payload)` of a proof: header
/// `{"typ":"dpop+jwt","alg":alg,"jwk":public_jwk}` (public members only, [`public_jwk`]),
/// payload with jti, htm, htu, iat, and ath/nonce when Some (RFC 9449 §4.2).
pub fn signing_input(alg: &str, public_jwk_in: &Value, claims: &ProofClaims) -> String {
    let header = json!({
        "typ": DPOP_JWT_TYPE,
        "alg": alg,
        "jwk": public_jwk(public_jwk_in),
    });
    format!(
        "{}.{}",
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_json().to_string().as_bytes())
    )
}

/// `signing_input + "." + b64url(signature)` (for ES256 the signature is the raw 64-byte
/// r||s that WebCrypto returns, RFC 7518 §3.4).
pub fn assemble(signing_input: &str, signature: &[u8]) -> String {
    format!("{signing_input}.{}", base64url_encode(signature))
}

/// A decoded proof (RFC 7515 §7.1 compact serialisation), not verified.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedProof {
    /// The JOSE header (a JSON object).
    pub header: Value,
    /// The claims (a JSON object).
    pub claims: Value,
    /// `header.payload` exactly as received: what the signature covers.
    pub signing_input: String,
    /// The decoded signature bytes.
    pub signature: Vec<u8>,
}

/// Decodes a proof: header, claims, signing input and signature bytes; Err(message) for
/// anything that is not a compact JWS with JSON object header and payload, or over
/// [`PROOF_MAX_BYTES`].
pub fn decode_proof(proof: &str) -> Result<DecodedProof, String> {
    if proof.len() > PROOF_MAX_BYTES {
        return Err(format!(
            "The DPoP proof is {} bytes; proofs over {PROOF_MAX_BYTES} bytes are refused unread",
            proof.len()
        ));
    }
    let mut parts = proof.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        let n = proof.split('.').count();
        return Err(format!(
            "The DPoP proof has {n} segment(s); a proof is a signed JWT with three (header.payload.signature)"
        ));
    };
    let object = |part: &str, text: &str| -> Result<Value, String> {
        let bytes = base64url_decode(text)
            .map_err(|e| format!("The DPoP proof has a {part} that is not base64url ({e})"))?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ Value::Object(_)) => Ok(v),
            _ => Err(format!(
                "The DPoP proof has a {part} that is not a JSON object"
            )),
        }
    };
    let header = object("header", h)?;
    let claims = object("payload", p)?;
    let signature = base64url_decode(s)
        .map_err(|e| format!("The DPoP proof has a signature that is not base64url ({e})"))?;
    Ok(DecodedProof {
        header,
        claims,
        signing_input: format!("{h}.{p}"),
        signature,
    })
}

/// A one-line explanation of each proof header member / claim (typ, alg, jwk, jti, htm, htu,
/// iat, ath, nonce) citing RFC 9449 sections, for the raw view.
pub fn explain(name: &str) -> Option<&'static str> {
    Some(match name {
        "typ" => {
            "Type: always dpop+jwt, so a proof cannot pass for another kind of JWT (RFC 9449 §4.2)."
        }
        "alg" => "Signature algorithm: asymmetric only, never none or a MAC (RFC 9449 §4.2, §4.3).",
        "jwk" => {
            "The public key the proof is signed with; the token is bound to its thumbprint (RFC 9449 §4.2, §6.1)."
        }
        "jti" => {
            "Unique id of this proof: the server refuses one it has seen before (RFC 9449 §4.2, §11.1)."
        }
        "htm" => "HTTP method of the request this proof is for (RFC 9449 §4.2).",
        "htu" => "Target URI of the request, without query and fragment (RFC 9449 §4.2).",
        "iat" => {
            "When the proof was made; servers accept it only for a short window (RFC 9449 §4.2, §11.1)."
        }
        "ath" => {
            "base64url SHA-256 of the access token, on calls to a resource server (RFC 9449 §4.2, §7.1)."
        }
        "nonce" => {
            "A value the server demanded with DPoP-Nonce, limiting how long proofs stay usable (RFC 9449 §4.2, §8, §9)."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_proof_roundtrips_signing_input() {
        let claims = ProofClaims {
            jti: "j".into(),
            htm: "POST".into(),
            htu: "https://as.example/token".into(),
            iat: 1,
            ath: None,
            nonce: None,
        };
        let jwk = json!({"kty":"OKP","crv":"Ed25519","x":"abc"});
        let input = signing_input("EdDSA", &jwk, &claims);
        let decoded = decode_proof(&assemble(&input, &[9, 8])).unwrap();
        assert_eq!(decoded.signing_input, input);
        assert_eq!(decoded.signature, vec![9, 8]);
        assert_eq!(decoded.header["jwk"], jwk);
        assert_eq!(decoded.claims, claims.to_json());
    }
}
