//! Which targets the relay may call: the allow-list, the `https`-only default and the SSRF guard.
//!
//! Two checks, one rule. Before anything is sent, [`Policy::check`] applies the allow-list and
//! refuses IP literals and special names outside the public ranges. Host names are then checked
//! again where it matters, on the **resolved** addresses, by [`GuardedResolver`], which the
//! upstream connector uses for every lookup: the connector connects only to addresses the guard
//! returned, so a name that resolves (or re-resolves, DNS rebinding) to `127.0.0.1` is refused.

use std::collections::{HashMap, HashSet};
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::dns::Name;

use crate::addr::{self, AddrClass};
use crate::error::Refusal;
use crate::target::{Host, Scheme, Target, TargetPrefix};

const PRIVATE_HINT: &str =
    "start cc-relay with --allow-private, or with an --allow-target naming that address";

/// The target rules, built from `--allow-target` and `--allow-private`.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// `--allow-target` prefixes; empty means "any https target on a public address".
    pub allow_targets: Vec<TargetPrefix>,
    /// `--allow-private`: non-public addresses are reachable.
    pub allow_private: bool,
}

impl Policy {
    /// Applies the allow-list, the https-only default and the literal/special-name SSRF rules.
    ///
    /// Refusals: `target_not_allowed` (not under any `--allow-target`), `https_only` (plain http
    /// without an `--allow-target` naming it), `private_address` (an IP literal or special name
    /// outside the public ranges).
    pub fn check(&self, target: &Target) -> Result<(), Refusal> {
        let matched = if self.allow_targets.is_empty() {
            None
        } else {
            let found = self.allow_targets.iter().find(|p| p.matches(target));
            Some(found.ok_or_else(|| {
                Refusal::target_not_allowed(format!(
                    "{} is not under any --allow-target prefix of this relay",
                    target.host_for_log()
                ))
            })?)
        };
        if matched.is_none() && target.scheme() != Scheme::Https {
            return Err(Refusal::https_only(
                "only https targets are relayed unless an --allow-target names the http URL".into(),
            ));
        }
        let named = matched.is_some_and(|p| p.host().names_private());
        if self.allow_private || named {
            return Ok(());
        }
        match target.host() {
            Host::Ip(ip) => {
                let class = addr::classify(*ip);
                if class.is_public() {
                    Ok(())
                } else {
                    Err(private_refusal(&target.host().to_string(), "is", class))
                }
            }
            Host::Name(name) if addr::is_metadata_name(name) => {
                Err(private_refusal(name, "is", AddrClass::CloudMetadata))
            }
            Host::Name(_) => Ok(()),
        }
    }

    /// Host names whose resolved addresses may be non-public: `localhost` names that an
    /// `--allow-target` names explicitly.
    pub fn trusted_names(&self) -> HashSet<String> {
        self.allow_targets
            .iter()
            .filter_map(|p| match p.host() {
                Host::Name(name) if p.host().names_private() => Some(name.clone()),
                _ => None,
            })
            .collect()
    }
}

fn private_refusal(host: &str, verb: &str, class: AddrClass) -> Refusal {
    Refusal::private_address(format!(
        "{host} {verb} {}; refused to prevent SSRF ({PRIVATE_HINT})",
        class.describe()
    ))
}

/// The error a [`GuardedResolver`] returns when a name resolves to a refused address; found again
/// in the connector's error chain to answer `private_address` rather than a generic 502.
#[derive(Debug)]
pub struct AddressRefused(pub Refusal);

impl fmt::Display for AddressRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl StdError for AddressRefused {}

/// Walks an error's source chain for an [`AddressRefused`].
pub fn find_address_refusal<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a AddressRefused> {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(found) = e.downcast_ref::<AddressRefused>() {
            return Some(found);
        }
        cur = e.source();
    }
    None
}

type BoxError = Box<dyn StdError + Send + Sync>;
type Addrs = std::vec::IntoIter<SocketAddr>;

/// The DNS resolver of the upstream connector (a `tower::Service<Name>`, as hyper-util's
/// `HttpConnector::new_with_resolver` takes): resolves with the system resolver (or the fixed
/// `overrides`, used by tests) and refuses the name when **any** resolved address is not public,
/// unless `--allow-private` or the name is trusted (see [`Policy::trusted_names`]).
#[derive(Clone, Debug)]
pub struct GuardedResolver {
    allow_private: bool,
    trusted: Arc<HashSet<String>>,
    overrides: Arc<HashMap<String, Vec<IpAddr>>>,
}

impl GuardedResolver {
    pub fn new(policy: &Policy, overrides: HashMap<String, Vec<IpAddr>>) -> Self {
        GuardedResolver {
            allow_private: policy.allow_private,
            trusted: Arc::new(policy.trusted_names()),
            overrides: Arc::new(overrides),
        }
    }

    async fn resolve(self, host: String) -> Result<Addrs, BoxError> {
        let key = host.strip_suffix('.').unwrap_or(&host).to_ascii_lowercase();
        let ips: Vec<IpAddr> = match self.overrides.get(&key) {
            Some(ips) => ips.clone(),
            None => tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect(),
        };
        if !(self.allow_private || self.trusted.contains(&key)) {
            if let Some(class) = ips
                .iter()
                .map(|ip| addr::classify(*ip))
                .find(|c| !c.is_public())
            {
                return Err(Box::new(AddressRefused(private_refusal(
                    &key,
                    "resolves to",
                    class,
                ))));
            }
        }
        let addrs: Vec<SocketAddr> = ips.into_iter().map(|ip| SocketAddr::new(ip, 0)).collect();
        Ok(addrs.into_iter())
    }
}

impl tower::Service<Name> for GuardedResolver {
    type Response = Addrs;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Addrs, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        Box::pin(self.clone().resolve(name.as_str().to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(targets: &[&str], allow_private: bool) -> Policy {
        Policy {
            allow_targets: targets
                .iter()
                .map(|t| TargetPrefix::parse(t).unwrap())
                .collect(),
            allow_private,
        }
    }

    fn rule(p: &Policy, target: &str) -> Option<&'static str> {
        p.check(&Target::parse(target).unwrap())
            .err()
            .map(|r| r.rule)
    }

    #[test]
    fn policy_open_public_https_is_allowed() {
        assert_eq!(
            rule(&policy(&[], false), "https://login.example/token"),
            None
        );
        assert_eq!(rule(&policy(&[], false), "https://8.8.8.8/"), None);
    }

    #[test]
    fn policy_open_plain_http_is_https_only() {
        assert_eq!(
            rule(&policy(&[], false), "http://login.example/"),
            Some("https_only")
        );
        assert_eq!(
            rule(&policy(&[], true), "http://10.0.0.1/"),
            Some("https_only")
        );
    }

    #[test]
    fn policy_open_private_literals_are_refused() {
        let p = policy(&[], false);
        for t in [
            "https://127.0.0.1/",
            "https://10.1.2.3/",
            "https://169.254.169.254/latest/meta-data/",
            "https://[fd00::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://metadata.google.internal/",
        ] {
            assert_eq!(rule(&p, t), Some("private_address"), "{t}");
        }
    }

    #[test]
    fn policy_allow_private_permits_private_literals() {
        assert_eq!(rule(&policy(&[], true), "https://10.1.2.3/"), None);
    }

    #[test]
    fn policy_allow_target_outside_list_is_refused() {
        let p = policy(&["https://a.example/tenant"], false);
        assert_eq!(rule(&p, "https://a.example/tenant/token"), None);
        assert_eq!(
            rule(&p, "https://a.example/other"),
            Some("target_not_allowed")
        );
        assert_eq!(
            rule(&p, "https://a.example.evil.com/tenant"),
            Some("target_not_allowed")
        );
    }

    #[test]
    fn policy_allow_target_naming_loopback_permits_it() {
        let p = policy(&["http://127.0.0.1:9000"], false);
        assert_eq!(rule(&p, "http://127.0.0.1:9000/token"), None);
        assert_eq!(
            rule(&p, "http://127.0.0.1:9001/token"),
            Some("target_not_allowed")
        );
    }

    #[test]
    fn policy_trusted_names_are_only_explicit_localhost_targets() {
        let p = policy(
            &[
                "http://localhost:9000",
                "https://a.example",
                "http://10.0.0.1",
            ],
            false,
        );
        let names = p.trusted_names();
        assert!(names.contains("localhost"));
        assert_eq!(names.len(), 1);
    }

    #[tokio::test]
    async fn resolver_name_resolving_private_is_refused() {
        let overrides = HashMap::from([
            ("rebind.test".to_owned(), vec!["127.0.0.1".parse().unwrap()]),
            (
                "mixed.test".to_owned(),
                vec!["8.8.8.8".parse().unwrap(), "10.0.0.1".parse().unwrap()],
            ),
            ("public.test".to_owned(), vec!["8.8.8.8".parse().unwrap()]),
        ]);
        let r = GuardedResolver::new(&Policy::default(), overrides);
        let err = r.clone().resolve("rebind.test".into()).await.unwrap_err();
        assert!(find_address_refusal(err.as_ref()).is_some());
        assert!(r.clone().resolve("MIXED.test.".into()).await.is_err());
        let ok: Vec<_> = r.resolve("public.test".into()).await.unwrap().collect();
        assert_eq!(ok, vec!["8.8.8.8:0".parse::<SocketAddr>().unwrap()]);
    }

    #[tokio::test]
    async fn resolver_allow_private_passes_private_addresses() {
        let overrides = HashMap::from([("in.test".to_owned(), vec!["10.0.0.1".parse().unwrap()])]);
        let r = GuardedResolver::new(&policy(&[], true), overrides);
        assert!(r.resolve("in.test".into()).await.is_ok());
    }
}
