use crate::oauth::introspection::Introspection;
use crate::oauth::jwt::decode_access_token;
use leptos::prelude::*;
use serde_json::Value;

/// Where a token's `cnf.jkt` was read, and its value.
fn jkt_of(
    token: &str,
    introspection: Option<&Result<Introspection, String>>,
) -> Option<(&'static str, String)> {
    let from_jwt = decode_access_token(token)
        .and_then(Result::ok)
        .and_then(|jwt| jwt.claims["cnf"]["jkt"].as_str().map(str::to_string))
        .map(|jkt| ("in the token", jkt));
    from_jwt.or_else(|| match introspection? {
        Ok(Introspection::Active(members)) => members
            .iter()
            .find(|(name, _)| name == "cnf")
            .and_then(|(_, v)| serde_json::from_str::<Value>(v).ok())
            .and_then(|cnf| cnf["jkt"].as_str().map(str::to_string))
            .map(|jkt| ("from introspection", jkt)),
        _ => None,
    })
}

/// A DPoP-bound token (RFC 9449 §5, §6): what `token_type: DPoP` means, and its confirmation
/// `cnf.jkt` (read from a JWT access token, or from introspection) checked against the
/// thumbprint of this page's DPoP key.
#[component]
pub fn DpopBinding(
    /// The latest access token and its `token_type`, when one was issued.
    #[prop(into)]
    token: Signal<Option<(String, String)>>,
    /// The latest introspection answer.
    #[prop(into)]
    introspection: Signal<Option<Result<Introspection, String>>>,
    /// The RFC 7638 thumbprint of this page's DPoP key, when there is one.
    #[prop(into)]
    thumbprint: Signal<Option<String>>,
) -> impl IntoView {
    let bound = move || {
        token.with(|t| {
            t.as_ref()
                .is_some_and(|(_, ty)| ty.eq_ignore_ascii_case("DPoP"))
        })
    };
    let jkt = Memo::new(move |_| {
        token.with(|t| {
            let (token, _) = t.as_ref()?;
            introspection.with(|i| jkt_of(token, i.as_ref()))
        })
    });
    let shown = move || bound() || jkt.with(Option::is_some);
    let matches =
        move || matches!((jkt.get(), thumbprint.get()), (Some((_, a)), Some(b)) if a == b);
    let verdict = move || match (jkt.get(), thumbprint.get()) {
        (None, _) => {
            "No cnf.jkt is readable: an opaque token shows it when introspected (RFC 9449 §6.2)."
                .to_string()
        }
        (Some((_, jkt)), Some(mine)) if jkt == mine => "matches this page's DPoP key".to_string(),
        (Some(_), Some(mine)) => {
            format!("does not match this page's DPoP key ({mine}): this page cannot use the token")
        }
        (Some(_), None) => {
            "does not match: this page has no DPoP key (Use DPoP is off)".to_string()
        }
    };
    view! {
        <section class="panel" aria-labelledby="dpop-binding-title" hidden=move || !shown()>
            <header class="panel__header"><h2 id="dpop-binding-title">"Sender-constrained token (DPoP)"</h2></header>
            <p class="dpop-binding__about" hidden=move || !bound()>
                "token_type DPoP: the token is bound to a key (RFC 9449 §5). Every request with it carries Authorization: DPoP <token> and a fresh proof signed with that key, with ath = the token's hash (§7.1); a stolen copy is refused without the private key."
            </p>
            <dl class="fields">
                <dt>{move || jkt.with(|j| format!("cnf.jkt{}", j.as_ref().map(|(w, _)| format!(" ({w})")).unwrap_or_default()))}</dt>
                <dd><code data-field="cnf.jkt">{move || jkt.with(|j| j.as_ref().map(|(_, v)| v.clone()).unwrap_or_else(|| "—".into()))}</code></dd>
                <dt>"this page's key"</dt>
                <dd
                    data-testid="dpop-binding-verdict"
                    class:check--pass=matches
                    class:check--fail=move || jkt.with(Option::is_some) && !matches()
                >
                    {verdict}
                </dd>
            </dl>
        </section>
    }
}
