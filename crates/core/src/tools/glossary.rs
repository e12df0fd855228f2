//! What each part of a token request is for, with the section that defines it. Shown when the
//! user hovers or focuses a line of the raw request.

/// The explanation of a request header, by case-insensitive name.
pub fn header_note(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "host" => "Host: the authority of the token URL; the browser sets it (RFC 9110 §7.2).",
        "content-type" => {
            "Content-Type: token requests are application/x-www-form-urlencoded (RFC 6749 §4.4.2, Appendix B)."
        }
        "accept" => "Accept: the token response is JSON (RFC 6749 §5.1).",
        "authorization" => {
            "Authorization: HTTP Basic client authentication, base64(urlencode(client_id) \":\" urlencode(client_secret)) (RFC 6749 §2.3.1, RFC 7617)."
        }
        "content-length" => {
            "Content-Length: the body's length in bytes (UTF-8), set by the browser (RFC 9110 §8.6)."
        }
        _ => return None,
    })
}

/// The explanation of a body parameter.
pub fn param_note(name: &str) -> Option<&'static str> {
    Some(match name {
        "grant_type" => {
            "grant_type=client_credentials selects the client credentials grant (RFC 6749 §4.4.2)."
        }
        "scope" => {
            "scope: the space-separated access the client asks for; omitted when empty (RFC 6749 §3.3)."
        }
        "audience" => {
            "audience: the API the token is for; a provider extension (e.g. Auth0), not in RFC 6749."
        }
        "resource" => "resource: an absolute URI of the target API; may repeat (RFC 8707 §2).",
        "client_id" => {
            "client_id: the client identifier, in the body for client_secret_post and public clients (RFC 6749 §2.3.1, §3.2.1)."
        }
        "client_secret" => {
            "client_secret: the client's password in the body — NOT RECOMMENDED by RFC 6749 §2.3.1; prefer HTTP Basic."
        }
        "client_assertion" => {
            "client_assertion: a signed JWT proving the client's identity (RFC 7523 §2.2)."
        }
        "client_assertion_type" => {
            "client_assertion_type: urn:ietf:params:oauth:client-assertion-type:jwt-bearer (RFC 7523 §2.2)."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_note_case_insensitive_found() {
        assert!(
            header_note("AUTHORIZATION")
                .unwrap()
                .contains("RFC 6749 §2.3.1")
        );
        assert!(header_note("X-Custom").is_none());
    }

    #[test]
    fn param_note_known_params_cite_rfc() {
        for p in ["grant_type", "scope", "resource", "client_secret"] {
            assert!(param_note(p).unwrap().contains("RFC"), "{p}");
        }
    }
}
