//! Which targets the relay may call: the allow-list, the `https`-only default and the SSRF rules.
//!
//! [`Policy::check`] runs before anything is sent: the allow-list, https-only, and IP literals or
//! special names outside the public ranges. The same address rule is enforced again at connect
//! time by [`crate::guard`], on the addresses the connector will actually use.

use std::collections::HashSet;

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
    /// The policy of `--allow-target` prefixes (each parsed by [`TargetPrefix::parse`]) and
    /// `--allow-private`; the first prefix that does not parse is the error.
    pub fn new(allow_targets: &[impl AsRef<str>], allow_private: bool) -> Result<Self, String> {
        Ok(Self {
            allow_targets: allow_targets
                .iter()
                .map(|t| TargetPrefix::parse(t.as_ref()))
                .collect::<Result<_, _>>()?,
            allow_private,
        })
    }

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

    /// Hosts an `--allow-target` names explicitly that are themselves non-public (an IP literal
    /// outside the public ranges, a `localhost` name): the connector may reach their addresses.
    pub fn trusted_hosts(&self) -> HashSet<Host> {
        self.allow_targets
            .iter()
            .map(TargetPrefix::host)
            .filter(|h| h.names_private())
            .cloned()
            .collect()
    }
}

pub(crate) fn private_refusal(host: &str, verb: &str, class: AddrClass) -> Refusal {
    Refusal::private_address(format!(
        "{host} {verb} {}; refused to prevent SSRF ({PRIVATE_HINT})",
        class.describe()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(targets: &[&str], allow_private: bool) -> Policy {
        Policy::new(targets, allow_private).unwrap()
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
    fn policy_trusted_hosts_are_only_explicit_non_public_hosts() {
        let p = policy(
            &[
                "http://localhost:9000",
                "https://a.example",
                "http://10.0.0.1",
            ],
            false,
        );
        let hosts = p.trusted_hosts();
        assert!(hosts.contains(&Host::Name("localhost".into())));
        assert!(hosts.contains(&Host::Ip("10.0.0.1".parse().unwrap())));
        assert_eq!(hosts.len(), 2);
    }
}
