//! The typed token request of the client credentials grant (RFC 6749 §4.4.2) and its exact
//! HTTP rendering.

use super::assertion::ASSERTION_TYPE;
use super::dpop::DPOP_HEADER;
use super::encoding::{base64_encode, form_serialize, form_urlencode};
use super::http::{
    BodyKind, FormParam, Header, HttpRequest, is_forbidden_request_header, masked_form,
};
use super::secret::Secret;
use super::types::{AuthMethod, ClientId, ClientSecret, Scope};
use super::url::TokenUrl;

/// `grant_type` value of the client credentials grant (RFC 6749 §4.4.2).
pub const GRANT_TYPE: &str = "client_credentials";

/// How the client proves its identity; exactly one method per request (RFC 6749 §2.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientAuth {
    /// `Authorization: Basic` with form-urlencoded id and secret (RFC 6749 §2.3.1).
    Basic {
        /// The client identifier.
        id: ClientId,
        /// The client secret.
        secret: ClientSecret,
    },
    /// `client_id` and `client_secret` in the body (RFC 6749 §2.3.1).
    Post {
        /// The client identifier.
        id: ClientId,
        /// The client secret.
        secret: ClientSecret,
    },
    /// A signed JWT client assertion (RFC 7523 §2.2).
    Jwt {
        /// The client identifier (the assertion's iss and sub).
        id: ClientId,
        /// `PrivateKeyJwt` or `ClientSecretJwt`.
        method: AuthMethod,
        /// The compact JWS (a credential: `Debug` never shows it).
        assertion: Secret<String>,
    },
    /// A public client: `client_id` in the body, no secret (RFC 6749 §2.1, §3.2.1).
    None {
        /// The client identifier.
        id: ClientId,
    },
}

impl ClientAuth {
    /// The registered method name.
    pub fn method(&self) -> AuthMethod {
        match self {
            Self::Basic { .. } => AuthMethod::ClientSecretBasic,
            Self::Post { .. } => AuthMethod::ClientSecretPost,
            Self::Jwt { method, .. } => *method,
            Self::None { .. } => AuthMethod::None,
        }
    }
}

/// Deliberate mistakes a teaching mode may make (each one a classic error servers reject).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mistakes {
    /// Send `GET` with the parameters in the query string instead of a `POST` body (RFC 6749 §3.2).
    pub use_get: bool,
    /// Send a JSON body with `Content-Type: application/json` (RFC 6749 §4.4.2 requires form encoding).
    pub json_body: bool,
}

/// DPoP on a request (RFC 9449 §4.1): off, on with the proof still to be signed (the app signs a
/// fresh one for each send with WebCrypto), or the signed proof.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DpopProof {
    /// No DPoP: a bearer token is requested.
    #[default]
    Off,
    /// DPoP is on; the proof is signed when the request is sent.
    Pending,
    /// The signed proof (a compact JWS; public, single-use and bound to this request, so not a
    /// secret, RFC 9449 §11.1).
    Signed(String),
}

/// What the raw message shows for a proof not yet signed (the app signs one for each send).
pub const DPOP_PENDING_VALUE: &str = "<a fresh proof, signed when sent>";

impl DpopProof {
    /// Whether DPoP is on.
    pub fn is_on(&self) -> bool {
        !matches!(self, Self::Off)
    }

    /// The signed proof, if any.
    pub fn proof(&self) -> Option<&str> {
        match self {
            Self::Signed(p) => Some(p),
            _ => None,
        }
    }
}

/// A valid client credentials token request, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    /// The token endpoint (RFC 6749 §3.2).
    pub token_url: TokenUrl,
    /// Client authentication (RFC 6749 §2.3).
    pub auth: ClientAuth,
    /// `grant_type`: `client_credentials` except in teaching mode.
    pub grant_type: String,
    /// Requested scope; omitted from the body when empty (RFC 6749 §4.4.2, §3.3).
    pub scope: Scope,
    /// `audience` (a widespread extension, e.g. Auth0; not an RFC 6749 parameter).
    pub audience: Option<String>,
    /// `resource` indicators, each an absolute URI (RFC 8707 §2); repeated parameter.
    pub resources: Vec<String>,
    /// Extra body parameters, in order.
    pub extra_params: Vec<(String, String)>,
    /// Extra header fields, in order.
    pub extra_headers: Vec<(String, String)>,
    /// Deliberate mistakes (teaching mode only; default: none).
    pub mistakes: Mistakes,
    /// DPoP (RFC 9449): the `DPoP` header's proof, when on.
    pub dpop: DpopProof,
}

/// The `Authorization` header value for HTTP Basic client authentication: the client id and
/// secret are each `application/x-www-form-urlencoded` first, then joined by `:` and base64
/// encoded (RFC 6749 §2.3.1, RFC 7617 §2).
pub fn basic_authorization(id: &ClientId, secret: &ClientSecret) -> String {
    let pair = format!(
        "{}:{}",
        form_urlencode(id.as_str()),
        form_urlencode(secret.expose())
    );
    format!("Basic {}", base64_encode(pair.as_bytes()))
}

impl TokenRequest {
    /// A plain client credentials request: no audience, resources, extras or mistakes.
    pub fn new(token_url: TokenUrl, auth: ClientAuth, scope: Scope) -> Self {
        Self {
            token_url,
            auth,
            grant_type: GRANT_TYPE.to_string(),
            scope,
            audience: None,
            resources: Vec::new(),
            extra_params: Vec::new(),
            extra_headers: Vec::new(),
            mistakes: Mistakes::default(),
            dpop: DpopProof::Off,
        }
    }

    /// The logical parameters, in wire order: grant_type, scope, audience, resource…, extras,
    /// then the client's credentials (RFC 6749 §4.4.2, §2.3.1; RFC 8707 §2).
    pub fn params(&self) -> Vec<FormParam> {
        let mut params = vec![FormParam::new("grant_type", &self.grant_type)];
        if !self.scope.is_empty() {
            params.push(FormParam::new("scope", self.scope.to_wire()));
        }
        if let Some(audience) = &self.audience {
            params.push(FormParam::new("audience", audience));
        }
        for resource in &self.resources {
            params.push(FormParam::new("resource", resource));
        }
        for (name, value) in &self.extra_params {
            params.push(FormParam::new(name, value));
        }
        match &self.auth {
            ClientAuth::Basic { .. } => {}
            ClientAuth::Post { id, secret } => {
                params.push(FormParam::new("client_id", id.as_str()));
                params.push(FormParam::sensitive("client_secret", secret.expose()));
            }
            ClientAuth::Jwt { assertion, .. } => {
                params.push(FormParam::new("client_assertion_type", ASSERTION_TYPE));
                params.push(FormParam::sensitive("client_assertion", assertion.expose()));
            }
            ClientAuth::None { id } => params.push(FormParam::new("client_id", id.as_str())),
        }
        params
    }

    /// Renders the request exactly as it goes on the wire (RFC 6749 §4.4.2): `POST` to the
    /// token endpoint, `Host`, a form-urlencoded body, `Accept: application/json`, the client
    /// authentication, the `DPoP` proof when on (RFC 9449 §4.1), extra headers, and a
    /// `Content-Length` equal to the body's byte length.
    /// Extra headers a browser refuses to send (Fetch standard §2.2.2 forbidden request-headers)
    /// are left out of the request and kept in [`HttpRequest::unsent_headers`], so that the
    /// raw view, the exports and the simulator see what a live send puts on the wire.
    pub fn to_http(&self) -> HttpRequest {
        let params = self.params();
        let mut headers = vec![Header::new("Host", self.token_url.host_header())];
        let (method, kind) = match (self.mistakes.use_get, self.mistakes.json_body) {
            (true, _) => ("GET", BodyKind::Empty),
            (false, true) => ("POST", BodyKind::Json),
            (false, false) => ("POST", BodyKind::Form),
        };
        match kind {
            BodyKind::Form => headers.push(Header::new(
                "Content-Type",
                "application/x-www-form-urlencoded",
            )),
            BodyKind::Json => headers.push(Header::new("Content-Type", "application/json")),
            BodyKind::Empty | BodyKind::Raw => {}
        }
        headers.push(Header::new("Accept", "application/json"));
        if let ClientAuth::Basic { id, secret } = &self.auth {
            headers.push(Header::sensitive(
                "Authorization",
                basic_authorization(id, secret),
            ));
        }
        match &self.dpop {
            DpopProof::Off => {}
            DpopProof::Pending => headers.push(Header::new(DPOP_HEADER, DPOP_PENDING_VALUE)),
            DpopProof::Signed(proof) => headers.push(Header::new(DPOP_HEADER, proof)),
        }
        let mut unsent_headers = Vec::new();
        for (name, value) in &self.extra_headers {
            if is_forbidden_request_header(name, value) {
                unsent_headers.push(Header::new(name, value));
            } else {
                headers.push(Header::new(name, value));
            }
        }
        let body = HttpRequest::encode_body(kind, &params);
        if kind != BodyKind::Empty {
            headers.push(Header::new("Content-Length", body.len().to_string()));
        }
        let (target, url, masked_target) = if self.mistakes.use_get {
            self.query_target(&params)
        } else {
            (
                self.token_url.request_target(),
                self.token_url.to_string(),
                None,
            )
        };
        HttpRequest {
            method: method.to_string(),
            url,
            target,
            masked_target,
            headers,
            body,
            body_kind: kind,
            params: if kind == BodyKind::Empty {
                Vec::new()
            } else {
                params
            },
            unsent_headers,
        }
    }

    /// The same request with another client assertion (a fresh one is signed for each send).
    pub fn with_assertion(&self, new: String) -> Self {
        let mut out = self.clone();
        if let ClientAuth::Jwt { assertion, .. } = &mut out.auth {
            *assertion = Secret::new(new);
        }
        out
    }

    /// The same request with DPoP on and `proof` in its `DPoP` header (RFC 9449 §4.1; a fresh
    /// proof is signed for each send).
    pub fn with_dpop_proof(&self, proof: String) -> Self {
        let mut out = self.clone();
        out.dpop = DpopProof::Signed(proof);
        out
    }

    /// The `htm` and `htu` a proof for this request carries (RFC 9449 §4.2): the method sent
    /// (`POST`, or `GET` in teaching mode's mistake) and the token URL without its query.
    pub fn dpop_target(&self) -> (&'static str, String) {
        let htm = if self.mistakes.use_get { "GET" } else { "POST" };
        let htu = format!("{}{}", self.token_url.origin(), self.token_url.path());
        (htm, htu)
    }

    /// Target and URL with the parameters appended to the query (teaching mode's GET), and
    /// the target with credentials masked.
    fn query_target(&self, params: &[FormParam]) -> (String, String, Option<String>) {
        let base = self.token_url.request_target();
        let sep = if base.contains('?') { '&' } else { '?' };
        let pairs = params.iter().map(|p| (p.name.as_str(), p.value.as_str()));
        let target = format!("{base}{sep}{}", form_serialize(pairs));
        let masked = params
            .iter()
            .any(|p| p.sensitive)
            .then(|| format!("{base}{sep}{}", masked_form(params)));
        let url = format!("{}{target}", self.token_url.origin());
        (target, url, masked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_authorization_rfc6749_example_encodes() {
        // RFC 6749 §2.3.1 example credentials.
        let value = basic_authorization(
            &ClientId::new("s6BhdRkqt3"),
            &ClientSecret::new("gX1fBat3bV"),
        );
        assert_eq!(value, "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
    }

    #[test]
    fn basic_authorization_special_characters_urlencoded_before_base64() {
        let value = basic_authorization(&ClientId::new("id:1"), &ClientSecret::new("a b+c"));
        // base64("id%3A1:a+b%2Bc")
        assert_eq!(value, format!("Basic {}", base64_encode(b"id%3A1:a+b%2Bc")));
    }
}
