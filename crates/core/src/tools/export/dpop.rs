//! DPoP in the snippets (RFC 9449), honestly: a proof is single-use (its `jti`, §11.1) and
//! time-bound (its `iat`, §4.3), so the proof in the raw view works once, for about a minute.
//! Where the language has a well-kept JOSE library the snippet makes a fresh proof each run —
//! Python with PyJWT and `cryptography`, JavaScript `fetch` with `jose`, Node.js with its own
//! `node:crypto` (keeping that snippet free of dependencies), Go with `go-jose` — and the
//! `DPoP` header calls it; every other snippet keeps the current proof and says it is valid once,
//! for about a minute.
//!
//! Applied to the finished snippet: the proof is base64url and dots (or the raw view's
//! placeholder), so its string literal appears once, in the `DPoP` header, and is replaced by
//! the call; the generator goes just before the request.

use super::Language;
use super::go::go_str;
use super::js::js_str;
use super::python::py_str;
use crate::dpop::{DPOP_HEADER, normalize_htu};
use crate::http::HttpRequest;

/// The comment of a snippet that keeps the current proof.
const KEPT: [&str; 3] = [
    "DPoP (RFC 9449): the DPoP header is the proof the playground signed for this request; it is",
    "valid once, for about a minute (servers refuse a reused jti or an old iat). Send it at once, or",
    "make a fresh proof for every request with a JOSE library; the token is bound to the proof's key.",
];

/// The comment of the `oauth2` crate's snippet, which cannot add a header.
const CANNOT: [&str; 3] = [
    "DPoP (RFC 9449): the oauth2 crate cannot send the DPoP header, so this request gets no",
    "DPoP-bound token. The raw view's proof is valid once, for about a minute; use the reqwest",
    "snippet (with a fresh proof for every request) to send it.",
];

/// The comment of a snippet that makes its own proof, with the library to install.
fn generated(library: &str) -> [String; 3] {
    [
        "DPoP (RFC 9449): a proof is single-use and time-bound (a fresh jti, iat = now), so this"
            .to_string(),
        format!("snippet signs a new one for each request with {library}, with a key pair"),
        "made at start; the token is bound to that key, so keep it to call the API.".to_string(),
    ]
}

const PYTHON: &str = r#"
# DPoP key and proofs (RFC 9449 §4.2): pip install pyjwt cryptography
import json
import time
import uuid

from cryptography.hazmat.primitives.asymmetric import ec
import jwt
from jwt.algorithms import ECAlgorithm

DPOP_KEY = ec.generate_private_key(ec.SECP256R1())
DPOP_JWK = json.loads(ECAlgorithm.to_jwk(DPOP_KEY.public_key()))


def dpop_proof(htm, htu):
    """A fresh DPoP proof for one request: new jti, iat now, the public key as jwk."""
    claims = {"jti": str(uuid.uuid4()), "htm": htm, "htu": htu, "iat": int(time.time())}
    headers = {"typ": "dpop+jwt", "jwk": DPOP_JWK}
    return jwt.encode(claims, DPOP_KEY, algorithm="ES256", headers=headers)


"#;

const FETCH: &str = r#"
// DPoP key and proofs (RFC 9449 §4.2) with jose: npm install jose
import * as jose from "jose";

const dpopKey = await jose.generateKeyPair("ES256");
const dpopJwk = await jose.exportJWK(dpopKey.publicKey);
const dpopProof = (htm, htu) =>
  new jose.SignJWT({ jti: crypto.randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000) })
    .setProtectedHeader({ typ: "dpop+jwt", alg: "ES256", jwk: dpopJwk })
    .sign(dpopKey.privateKey);
"#;

const NODE: &str = r#"
// DPoP key and proofs (RFC 9449 §4.2) with node:crypto (ES256 as r || s, RFC 7518 §3.4).
import { generateKeyPairSync, randomUUID, sign } from "node:crypto";

const dpopKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const dpopJwk = dpopKey.publicKey.export({ format: "jwk" });
function dpopProof(htm, htu) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = { jti: randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000) };
  const input = part({ typ: "dpop+jwt", alg: "ES256", jwk: dpopJwk }) + "." + part(claims);
  const options = { key: dpopKey.privateKey, dsaEncoding: "ieee-p1363" };
  return input + "." + sign("sha256", Buffer.from(input), options).toString("base64url");
}
"#;

const GO: &str = r#"
// dpopKey is this run's DPoP key (RFC 9449 §4.2): the token is bound to it.
var dpopKey, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)

// dpopProof signs a fresh DPoP proof with go-jose (go get github.com/go-jose/go-jose/v4):
// new jti, iat now, the public key embedded as jwk.
func dpopProof(htm, htu string) string {
	options := (&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: dpopKey}, options)
	if err != nil {
		log.Fatal(err)
	}
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		log.Fatal(err)
	}
	claims, err := json.Marshal(map[string]any{
		"jti": hex.EncodeToString(jti), "htm": htm, "htu": htu, "iat": time.Now().Unix(),
	})
	if err != nil {
		log.Fatal(err)
	}
	jws, err := signer.Sign(claims)
	if err != nil {
		log.Fatal(err)
	}
	proof, err := jws.CompactSerialize()
	if err != nil {
		log.Fatal(err)
	}
	return proof
}
"#;

const GO_IMPORTS: [&str; 6] = [
    "crypto/ecdsa",
    "crypto/elliptic",
    "crypto/rand",
    "encoding/hex",
    "encoding/json",
    "time",
];

/// How one language makes its own proof: the library, the generator, the text it goes
/// before, the language's string literal, and the function the `DPoP` header calls.
struct Generator {
    library: &'static str,
    code: &'static str,
    before: &'static str,
    literal: fn(&str) -> String,
    call: &'static str,
}

const fn make(
    library: &'static str,
    code: &'static str,
    before: &'static str,
    literal: fn(&str) -> String,
    call: &'static str,
) -> Generator {
    Generator {
        library,
        code,
        before,
        literal,
        call,
    }
}

fn generator(language: Language) -> Option<Generator> {
    Some(match language {
        Language::PythonRequests => make(
            "PyJWT and cryptography",
            PYTHON,
            "response = requests.request(",
            py_str,
            "dpop_proof",
        ),
        Language::JsFetch => make(
            "jose",
            FETCH,
            "\nconst response = await fetch(",
            js_str,
            "await dpopProof",
        ),
        Language::Node => make(
            "node:crypto",
            NODE,
            "\nconst req = request(",
            js_str,
            "dpopProof",
        ),
        Language::GoNetHttp => make("go-jose", GO, "\nfunc main() {", go_str, "dpopProof"),
        _ => return None,
    })
}

/// The comment prefix of `language`'s snippets.
fn comment(language: Language) -> &'static str {
    match language {
        Language::Curl | Language::Httpie | Language::Wget | Language::PythonRequests => "#",
        _ => "//",
    }
}

/// `snippet` with DPoP handled as the module says; unchanged when `request` has no proof.
pub(super) fn finish(language: Language, snippet: String, request: &HttpRequest) -> String {
    let Some(proof) = request.header(DPOP_HEADER) else {
        return snippet;
    };
    let htu = normalize_htu(&request.url).unwrap_or_else(|_| request.url.clone());
    let made = generator(language).and_then(|g| {
        let literal = (g.literal)(proof);
        let at = snippet.find(g.before)?;
        if snippet.matches(&literal).count() != 1 || snippet.find(&literal)? < at {
            return None;
        }
        let call = format!(
            "{}({}, {})",
            g.call,
            (g.literal)(&request.method),
            (g.literal)(&htu)
        );
        let mut out = snippet.replacen(&literal, &call, 1);
        out.insert_str(at, g.code);
        if language == Language::GoNetHttp {
            out = go_imports(&out);
        }
        Some((out, generated(g.library)))
    });
    let (body, lines) = match made {
        Some((out, lines)) => (out, lines.to_vec()),
        None if language == Language::RustOauth2 => (snippet, CANNOT.map(String::from).to_vec()),
        None => (snippet, KEPT.map(String::from).to_vec()),
    };
    with_comment(&body, comment(language), &lines)
}

/// `snippet` with `lines` as comments after its first line (the title).
fn with_comment(snippet: &str, prefix: &str, lines: &[String]) -> String {
    let (first, rest) = snippet.split_once('\n').unwrap_or((snippet, ""));
    let mut out = String::with_capacity(snippet.len() + 300);
    out.push_str(first);
    out.push('\n');
    for line in lines {
        out.push_str(prefix);
        out.push(' ');
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(rest);
    out
}

/// The Go import block with what the generator uses added (sorted, without repeats), and
/// go-jose as its own group.
fn go_imports(snippet: &str) -> String {
    let Some(start) = snippet.find("import (\n") else {
        return snippet.to_string();
    };
    let body_start = start + "import (\n".len();
    let Some(len) = snippet[body_start..].find(")\n") else {
        return snippet.to_string();
    };
    // `&str`s, sorted as go.rs sorts its own (one sort in the bundle, not two).
    let mut imports: Vec<&str> = snippet[body_start..body_start + len]
        .lines()
        .map(|l| l.trim().trim_matches('"'))
        .filter(|l| !l.is_empty())
        .collect();
    for i in GO_IMPORTS {
        if !imports.contains(&i) {
            imports.push(i);
        }
    }
    imports.sort_unstable();
    let mut block = String::new();
    for i in &imports {
        block.push_str(&format!("\t\"{i}\"\n"));
    }
    block.push_str("\n\tjose \"github.com/go-jose/go-jose/v4\"\n");
    format!(
        "{}{block}{}",
        &snippet[..body_start],
        &snippet[body_start + len..]
    )
}
