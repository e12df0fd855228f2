//! WebCrypto signing (`cc_playground::crypto`) in the browser: RS256/ES256 signatures that
//! WebCrypto itself verifies, PEM key formats, HS256 equal to the core's HMAC, and a bad key's error.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use cc_playground::crypto::{WebCryptoSigner, generate_demo_key};
use cc_playground::oauth::assertion::{AssertionPlan, JwtAlg, SigningKey, parse_private_key};
use cc_playground::oauth::encoding::base64url_decode;
use cc_playground::oauth::sha256::hmac_sha256;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::JsValue;

fn plan(alg: JwtAlg) -> AssertionPlan {
    AssertionPlan {
        alg,
        kid: Some("demo".into()),
        client_id: "my_client_id_123".into(),
        audience: "https://authorization-server.example/oauth2/token".into(),
        lifetime_secs: 60,
    }
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o
}

/// Verifies a JWS with WebCrypto, importing the public key as `format` ("jwk" or "spki").
async fn verify_with(alg: JwtAlg, format: &str, key_data: &Object, jws: &str) -> bool {
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let (import_alg, verify_alg) = match alg {
        JwtAlg::Rs256 => (
            obj(&[
                ("name", "RSASSA-PKCS1-v1_5".into()),
                ("hash", "SHA-256".into()),
            ]),
            obj(&[("name", "RSASSA-PKCS1-v1_5".into())]),
        ),
        _ => (
            obj(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())]),
            obj(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]),
        ),
    };
    let key = JsFuture::from(
        subtle
            .import_key_with_object(
                format,
                key_data,
                &import_alg,
                false,
                &Array::of1(&"verify".into()),
            )
            .unwrap(),
    )
    .await
    .unwrap();
    let (input, signature) = jws.rsplit_once('.').unwrap();
    let signature = Uint8Array::from(base64url_decode(signature).unwrap().as_slice());
    JsFuture::from(
        subtle
            .verify_with_object_and_buffer_source_and_u8_array(
                &verify_alg,
                &key.unchecked_into(),
                &signature,
                input.as_bytes(),
            )
            .unwrap(),
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap()
}

/// Verifies a JWS with a public JWK.
async fn verify(alg: JwtAlg, public_jwk: &str, jws: &str) -> bool {
    let jwk: Object = js_sys::JSON::parse(public_jwk).unwrap().unchecked_into();
    verify_with(alg, "jwk", &jwk, jws).await
}

/// Verifies a JWS with an SPKI PEM public key.
async fn verify_spki(alg: JwtAlg, public_pem: &str, jws: &str) -> bool {
    use cc_playground::oauth::encoding::base64_decode;
    let b64: String = public_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let der = Uint8Array::from(base64_decode(&b64).unwrap().as_slice());
    verify_with(alg, "spki", &der, jws).await
}

#[wasm_bindgen_test]
async fn webcrypto_signer_generated_keys_signatures_verify() {
    for alg in [JwtAlg::Rs256, JwtAlg::Es256] {
        let key = generate_demo_key(alg).await.unwrap();
        let signing_key = parse_private_key(&key.private_jwk, alg).unwrap();
        let jws = plan(alg)
            .sign(&signing_key, 1_800_000_000, "j1", &WebCryptoSigner)
            .await
            .unwrap();
        assert!(
            verify(alg, &key.public_jwk, &jws).await,
            "{} signature must verify",
            alg.as_str()
        );
        // A changed payload must not verify with the same signature.
        let tampered = jws.replacen(".e", ".f", 1);
        assert!(
            !verify(alg, &key.public_jwk, &tampered).await,
            "{}",
            alg.as_str()
        );
    }
}

#[wasm_bindgen_test]
async fn webcrypto_signer_pem_formats_sign_verifiably() {
    let cases = [
        (
            JwtAlg::Rs256,
            include_str!("../fixtures/rsa-pkcs1.pem"),
            include_str!("../fixtures/rsa-public.pem"),
        ),
        (
            JwtAlg::Es256,
            include_str!("../fixtures/ec-sec1.pem"),
            include_str!("../fixtures/ec-public.pem"),
        ),
        (
            JwtAlg::Es256,
            include_str!("../fixtures/ec-pkcs8.pem"),
            include_str!("../fixtures/ec-public.pem"),
        ),
    ];
    for (alg, private_pem, public_pem) in cases {
        let key = parse_private_key(private_pem, alg).unwrap();
        let jws = plan(alg)
            .sign(&key, 1_800_000_000, "j3", &WebCryptoSigner)
            .await
            .unwrap();
        assert!(
            verify_spki(alg, public_pem, &jws).await,
            "{} from {}",
            alg.as_str(),
            &private_pem[..31]
        );
    }
}

#[wasm_bindgen_test]
async fn webcrypto_hs256_matches_core_hmac() {
    let key = SigningKey::Secret(b"my_secret_456".to_vec().into());
    let plan = plan(JwtAlg::Hs256);
    let jws = plan
        .sign(&key, 1_800_000_000, "j2", &WebCryptoSigner)
        .await
        .unwrap();
    let input = plan.signing_input(1_800_000_000, "j2");
    let (_, signature) = jws.rsplit_once('.').unwrap();
    assert_eq!(
        base64url_decode(signature).unwrap(),
        hmac_sha256(b"my_secret_456", input.as_bytes())
    );
}

#[wasm_bindgen_test]
async fn webcrypto_signer_bad_jwk_reports_error() {
    let key = parse_private_key(
        r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}"#,
        JwtAlg::Es256,
    )
    .unwrap();
    let err = plan(JwtAlg::Es256)
        .sign(&key, 1, "j", &WebCryptoSigner)
        .await
        .unwrap_err();
    assert!(
        err.starts_with("the key could not be imported for ES256"),
        "{err}"
    );
}
