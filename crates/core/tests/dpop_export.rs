//! Code export with DPoP on (RFC 9449): every snippet carries the DPoP header and says a proof
//! is single-use and time-bound; Python, fetch, Node.js and Go make a fresh proof each run, the
//! others keep the current one "valid once, for about a minute". The Python and JavaScript
//! snippets are compiled by their own tools when those are installed.
#![cfg(not(target_arch = "wasm32"))]

use cc_core::draft::Draft;
use cc_core::export::{Language, SecretStyle, export};
use cc_core::http::HttpRequest;
use std::process::Command;

const PROOF: &str = "eyJ0eXAiOiJkcG9wK2p3dCJ9.eyJqdGkiOiJ4In0.c2ln";

fn request(proof: Option<&str>) -> HttpRequest {
    let draft = Draft {
        dpop: true,
        token_url: "https://as.example/oauth2/token?tenant=a".into(),
        ..Draft::example()
    };
    let request = draft.validate().unwrap();
    match proof {
        Some(p) => request.with_dpop_proof(p.into()).to_http(),
        None => request.to_http(),
    }
}

fn generates(language: Language) -> bool {
    matches!(
        language,
        Language::PythonRequests | Language::JsFetch | Language::Node | Language::GoNetHttp
    )
}

#[test]
fn export_dpop_every_language_header_and_honest_comment() {
    let request = request(Some(PROOF));
    for language in Language::ALL {
        for style in SecretStyle::ALL {
            let snippet = export(&request, language, style);
            let id = language.id();
            assert!(snippet.contains("DPoP (RFC 9449)"), "{id}:\n{snippet}");
            assert!(snippet.contains("DPoP"), "{id}");
            if generates(language) {
                assert!(
                    snippet.contains("single-use and time-bound"),
                    "{id}:\n{snippet}"
                );
                assert!(
                    !snippet.contains(PROOF),
                    "{id} kept the old proof:\n{snippet}"
                );
            } else {
                assert!(
                    snippet.contains("valid once, for about a minute"),
                    "{id}:\n{snippet}"
                );
                if language == Language::RustOauth2 {
                    // The crate cannot add a header, and says so.
                    assert!(snippet.contains("cannot send the DPoP header"), "{snippet}");
                    assert!(snippet.contains("(DPoP; the crate cannot add headers)"));
                } else {
                    assert!(snippet.contains(PROOF), "{id}:\n{snippet}");
                }
            }
        }
    }
}

#[test]
fn export_dpop_generated_proof_call_in_header() {
    let request = request(Some(PROOF));
    let htu = "\"https://as.example/oauth2/token\"";
    let cases = [
        (
            Language::PythonRequests,
            format!("\"DPoP\": dpop_proof(\"POST\", {htu}),"),
        ),
        (
            Language::JsFetch,
            format!("[\"DPoP\", await dpopProof(\"POST\", {htu})],"),
        ),
        (
            Language::Node,
            format!("\"DPoP\": dpopProof(\"POST\", {htu}),"),
        ),
        (
            Language::GoNetHttp,
            format!("req.Header[\"DPoP\"], dpopProof(\"POST\", {htu}))\n"),
        ),
    ];
    for (language, call) in cases {
        let snippet = export(&request, language, SecretStyle::EnvVars);
        assert!(snippet.contains(&call), "{}:\n{snippet}", language.id());
    }
    let go = export(&request, Language::GoNetHttp, SecretStyle::EnvVars);
    assert!(go.contains("\t\"crypto/ecdsa\"\n"), "{go}");
    assert!(
        go.contains("\tjose \"github.com/go-jose/go-jose/v4\"\n"),
        "{go}"
    );
    assert_eq!(go.matches("\t\"log\"\n").count(), 1, "{go}");
    assert!(go.find("func dpopProof").unwrap() < go.find("func main()").unwrap());
}

#[test]
fn export_dpop_off_snippets_unchanged() {
    let request = Draft::example().validate().unwrap().to_http();
    for language in Language::ALL {
        let snippet = export(&request, language, SecretStyle::EnvVars);
        assert!(!snippet.contains("DPoP"), "{}", language.id());
    }
}

#[test]
fn export_dpop_pending_proof_generated_or_placeholder_kept() {
    let request = request(None);
    let python = export(&request, Language::PythonRequests, SecretStyle::EnvVars);
    assert!(python.contains("dpop_proof(\"POST\""), "{python}");
    let curl = export(&request, Language::Curl, SecretStyle::EnvVars);
    assert!(curl.contains("valid once, for about a minute"), "{curl}");
}

/// Writes `snippet` to a temporary file named `name` and runs `tool args… file`; `None` when
/// the tool is not installed.
fn check(tool: &str, args: &[&str], name: &str, snippet: &str) -> Option<String> {
    // One directory per call (tests run in parallel), removed once the tool has run.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("cc-dpop-export-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, snippet).unwrap();
    let out = Command::new(tool).args(args).arg(&path).output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out.ok()?;
    assert!(
        out.status.success(),
        "{tool} refused {name}: {}\n{snippet}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn export_dpop_python_and_javascript_snippets_compile() {
    let request = request(Some(PROOF));
    for style in SecretStyle::ALL {
        let python = export(&request, Language::PythonRequests, style);
        check("python3", &["-m", "py_compile"], "token.py", &python);
        let fetch = export(&request, Language::JsFetch, style);
        check("node", &["--check"], "fetch.mjs", &fetch);
        let node = export(&request, Language::Node, style);
        check("node", &["--check"], "node.mjs", &node);
    }
}

#[test]
fn export_dpop_node_proof_verifies_with_node_crypto() {
    // The Node snippet's generator alone, run: its proof has the RFC 9449 header and claims and
    // verifies with the embedded jwk.
    let snippet = export(&request(Some(PROOF)), Language::Node, SecretStyle::EnvVars);
    let start = snippet.find("import { generateKeyPairSync").unwrap();
    let end = snippet.find("\nconst req = request(").unwrap();
    let script = format!(
        "{}\nimport {{ createPublicKey, verify }} from \"node:crypto\";\n\
         const proof = dpopProof(\"POST\", \"https://as.example/t\");\n\
         const [h, p, s] = proof.split(\".\");\n\
         const header = JSON.parse(Buffer.from(h, \"base64url\"));\n\
         const claims = JSON.parse(Buffer.from(p, \"base64url\"));\n\
         const ok = verify(\"sha256\", Buffer.from(h + \".\" + p), {{ key: createPublicKey({{ key: header.jwk, format: \"jwk\" }}), dsaEncoding: \"ieee-p1363\" }}, Buffer.from(s, \"base64url\"));\n\
         console.log(JSON.stringify({{ typ: header.typ, alg: header.alg, d: \"d\" in header.jwk, htm: claims.htm, htu: claims.htu, jti: typeof claims.jti, iat: typeof claims.iat, ok }}));\n",
        &snippet[start..end]
    );
    let Some(out) = check("node", &[], "proof.mjs", &script) else {
        return;
    };
    assert_eq!(
        out.trim(),
        r#"{"typ":"dpop+jwt","alg":"ES256","d":false,"htm":"POST","htu":"https://as.example/t","jti":"string","iat":"number","ok":true}"#
    );
}
