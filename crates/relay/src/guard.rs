//! The SSRF guard at connect time: the upstream connector's resolver and connector themselves
//! refuse non-public addresses, so the rule holds on the addresses actually connected to.
//!
//! - [`GuardedResolver`] is the DNS resolver of hyper-util's `HttpConnector`: a host name is
//!   refused when **any** address it resolves to is not public (RFC 6890, see [`crate::addr`]).
//!   The connector connects only to the addresses this resolver returned, so a name that resolves
//!   (or re-resolves, DNS rebinding) to `127.0.0.1` never gets a connection.
//! - [`GuardedConnector`] wraps the `HttpConnector` and refuses IP-literal hosts (which the
//!   `HttpConnector` connects to without asking the resolver) — the same rule [`Policy::check`]
//!   applies earlier, enforced a second time where the socket is opened.
//!
//! Exceptions, in both: `--allow-private`, and hosts an `--allow-target` names that are themselves
//! non-public ([`Policy::trusted_hosts`]: a private IP literal, `localhost`).

use std::collections::{HashMap, HashSet};
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::addr;
use crate::error::Refusal;
use crate::policy::{Policy, private_refusal};
use crate::target::Host;

/// The error the guard returns for a refused address; found again in the client's error chain
/// (see [`find_address_refusal`]) to answer `private_address` rather than a generic 502.
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
type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send>>;
type Addrs = std::vec::IntoIter<SocketAddr>;

/// What the guard lets through besides public addresses.
#[derive(Clone, Debug)]
struct Exceptions {
    allow_private: bool,
    trusted: Arc<HashSet<Host>>,
}

impl Exceptions {
    fn new(policy: &Policy) -> Self {
        Exceptions {
            allow_private: policy.allow_private,
            trusted: Arc::new(policy.trusted_hosts()),
        }
    }

    /// Refuses `ips` for `host` unless all are public or an exception applies.
    fn check(&self, host: &Host, ips: &[IpAddr], verb: &str) -> Result<(), AddressRefused> {
        if self.allow_private || self.trusted.contains(host) {
            return Ok(());
        }
        match ips
            .iter()
            .map(|ip| addr::classify(*ip))
            .find(|c| !c.is_public())
        {
            Some(class) => Err(AddressRefused(private_refusal(
                &host.to_string(),
                verb,
                class,
            ))),
            None => Ok(()),
        }
    }
}

/// The DNS resolver of the upstream connector (a `tower::Service<Name>`, as hyper-util's
/// `HttpConnector::new_with_resolver` takes): the system resolver, or the fixed `overrides`
/// (tests), then the address check.
#[derive(Clone, Debug)]
pub struct GuardedResolver {
    exceptions: Exceptions,
    overrides: Arc<HashMap<String, Vec<IpAddr>>>,
}

impl GuardedResolver {
    pub fn new(policy: &Policy, overrides: HashMap<String, Vec<IpAddr>>) -> Self {
        GuardedResolver {
            exceptions: Exceptions::new(policy),
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
        let host = key.parse().map_or(Host::Name(key), Host::Ip); // `127.0.0.1.`
        self.exceptions.check(&host, &ips, "resolves to")?;
        let addrs: Vec<SocketAddr> = ips.into_iter().map(|ip| SocketAddr::new(ip, 0)).collect();
        Ok(addrs.into_iter())
    }
}

impl tower::Service<Name> for GuardedResolver {
    type Response = Addrs;
    type Error = BoxError;
    type Future = BoxFuture<Addrs>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        Box::pin(self.clone().resolve(name.as_str().to_owned()))
    }
}

/// The TCP connector under TLS: refuses non-public IP-literal hosts, then connects with the
/// `HttpConnector` (whose resolver is the [`GuardedResolver`]).
#[derive(Clone, Debug)]
pub struct GuardedConnector {
    exceptions: Exceptions,
    inner: HttpConnector<GuardedResolver>,
}

impl GuardedConnector {
    pub fn new(policy: &Policy, inner: HttpConnector<GuardedResolver>) -> Self {
        GuardedConnector {
            exceptions: Exceptions::new(policy),
            inner,
        }
    }

    fn check_literal(&self, uri: &Uri) -> Result<(), AddressRefused> {
        let host = uri.host().unwrap_or("");
        let bare = host.strip_suffix('.').unwrap_or(host);
        let bare = bare.trim_start_matches('[').trim_end_matches(']');
        match bare.parse::<IpAddr>() {
            Ok(ip) => self.exceptions.check(&Host::Ip(ip), &[ip], "is"),
            Err(_) => Ok(()),
        }
    }
}

impl tower::Service<Uri> for GuardedConnector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = BoxFuture<TokioIo<TcpStream>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        if let Err(refused) = self.check_literal(&uri) {
            return Box::pin(async move { Err(Box::new(refused) as BoxError) });
        }
        let connecting = self.inner.call(uri);
        Box::pin(async move { connecting.await.map_err(Into::into) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(targets: &[&str], allow_private: bool) -> Policy {
        Policy::new(targets, allow_private).unwrap()
    }

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[tokio::test]
    async fn resolver_name_resolving_private_is_refused() {
        let overrides = HashMap::from([
            ("rebind.test".to_owned(), ips(&["127.0.0.1"])),
            ("mixed.test".to_owned(), ips(&["8.8.8.8", "10.0.0.1"])),
            ("public.test".to_owned(), ips(&["8.8.8.8"])),
        ]);
        let r = GuardedResolver::new(&policy(&[], false), overrides);
        let err = r.clone().resolve("rebind.test".into()).await.unwrap_err();
        assert!(find_address_refusal(err.as_ref()).is_some());
        assert!(r.clone().resolve("MIXED.test.".into()).await.is_err());
        let ok: Vec<_> = r.resolve("public.test".into()).await.unwrap().collect();
        assert_eq!(ok, vec!["8.8.8.8:0".parse::<SocketAddr>().unwrap()]);
    }

    #[tokio::test]
    async fn resolver_allow_private_passes_private_addresses() {
        let overrides = HashMap::from([("in.test".to_owned(), ips(&["10.0.0.1"]))]);
        let r = GuardedResolver::new(&policy(&[], true), overrides);
        assert!(r.resolve("in.test".into()).await.is_ok());
    }

    #[tokio::test]
    async fn resolver_trusted_localhost_passes_loopback() {
        let overrides = HashMap::from([("localhost".to_owned(), ips(&["127.0.0.1"]))]);
        let r = GuardedResolver::new(&policy(&["http://localhost:9000"], false), overrides);
        assert!(r.resolve("localhost".into()).await.is_ok());
    }

    #[test]
    fn connector_private_literal_is_refused_unless_named() {
        let http = HttpConnector::new_with_resolver(GuardedResolver::new(
            &Policy::default(),
            HashMap::new(),
        ));
        let strict = GuardedConnector::new(&Policy::default(), http.clone());
        for uri in [
            "https://10.0.0.1/",
            "https://[fd00::1]:8443/",
            "http://169.254.169.254/",
        ] {
            assert!(
                strict.check_literal(&uri.parse().unwrap()).is_err(),
                "{uri}"
            );
        }
        assert!(
            strict
                .check_literal(&"https://8.8.8.8/".parse().unwrap())
                .is_ok()
        );
        assert!(
            strict
                .check_literal(&"https://login.example/".parse().unwrap())
                .is_ok()
        );
        let named = GuardedConnector::new(&policy(&["http://127.0.0.1:9000"], false), http);
        assert!(
            named
                .check_literal(&"http://127.0.0.1:9000/".parse().unwrap())
                .is_ok()
        );
        let check = |uri: &str| named.check_literal(&uri.parse().unwrap()).is_ok();
        assert!(!check("http://10.0.0.1/"));
        assert!(
            !check("http://10.0.0.1./"),
            "a trailing dot is still the literal"
        );
        assert!(check("http://127.0.0.1.:9000/"));
    }
}
