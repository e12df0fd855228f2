//! The command line, a public contract (README "Command line"):
//! `cc-relay --listen 127.0.0.1:8787 [--allow-target URL-PREFIX]… [--allow-origin ORIGIN]… [--allow-private]`.

use std::net::SocketAddr;

use clap::Parser;
use http::Uri;

use crate::{Config, Limits, Policy};

/// A small relay that lets the Client Credentials Playground reach token endpoints, discovery,
/// JWKS, introspection and APIs that send no CORS headers.
#[derive(Debug, Parser)]
#[command(name = "cc-relay", version, about)]
pub struct Cli {
    /// Address to listen on (port 0 picks a free port; the chosen one is printed).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// Only relay to URLs under this scheme://host[:port][/path] prefix (repeatable). Without it,
    /// any https URL on a public address is relayed. An http prefix or one naming a loopback or
    /// private IP (or localhost) also allows that.
    #[arg(long = "allow-target", value_name = "URL-PREFIX")]
    pub allow_target: Vec<String>,
    /// A page origin (scheme://host[:port]) allowed to use the relay (repeatable); requests with
    /// any other Origin are refused and CORS answers only these.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origin: Vec<String>,
    /// Also relay to loopback, private, link-local and other non-public addresses.
    #[arg(long = "allow-private")]
    pub allow_private: bool,
}

impl Cli {
    /// The configuration these arguments describe, with the default [`Limits`].
    pub fn into_config(self) -> Result<Config, String> {
        let policy = Policy::new(&self.allow_target, self.allow_private)?;
        let allow_origins = self
            .allow_origin
            .iter()
            .map(|o| normalize_origin(o))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            policy,
            allow_origins,
            limits: Limits::default(),
            dns_overrides: Default::default(),
        })
    }
}

/// An origin as browsers serialise it (Fetch standard / RFC 6454 §6.1): `scheme://host[:port]`,
/// lower case, the scheme's default port omitted. A trailing `/` is accepted and dropped.
pub fn normalize_origin(raw: &str) -> Result<String, String> {
    let err = |why: &str| format!("--allow-origin {raw}: {why} (expected scheme://host[:port])");
    let uri: Uri = raw.parse().map_err(|_| err("not a URL"))?;
    let scheme = uri
        .scheme_str()
        .ok_or_else(|| err("no scheme"))?
        .to_ascii_lowercase();
    let authority = uri.authority().ok_or_else(|| err("no host"))?;
    if authority.as_str().contains('@') || !matches!(uri.path(), "" | "/") || uri.query().is_some()
    {
        return Err(err("an origin has no user, path or query"));
    }
    let default = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err(err("scheme is not http or https")),
    };
    let host = authority.host().to_ascii_lowercase();
    Ok(match authority.port_u16() {
        Some(port) if port != default => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let mut argv = vec!["cc-relay"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv)
            .map_err(|e| e.to_string())?
            .into_config()
    }

    #[test]
    fn cli_full_contract_parses() {
        let c = parse(&[
            "--listen",
            "127.0.0.1:8787",
            "--allow-target",
            "https://login.example/tenant",
            "--allow-target",
            "http://127.0.0.1:9000",
            "--allow-origin",
            "http://127.0.0.1:8080",
            "--allow-origin",
            "https://Docs.Example:443/",
            "--allow-private",
        ])
        .unwrap();
        assert_eq!(c.policy.allow_targets.len(), 2);
        assert!(c.policy.allow_private);
        assert_eq!(
            c.allow_origins,
            vec!["http://127.0.0.1:8080", "https://docs.example"]
        );
    }

    #[test]
    fn cli_no_flags_defaults_to_loopback_8787_and_nothing_allowed() {
        let cli = Cli::try_parse_from(["cc-relay"]).unwrap();
        assert_eq!(cli.listen, "127.0.0.1:8787".parse::<SocketAddr>().unwrap());
        let c = cli.into_config().unwrap();
        assert!(c.policy.allow_targets.is_empty() && c.allow_origins.is_empty());
        assert!(!c.policy.allow_private);
    }

    #[test]
    fn cli_bad_prefix_or_origin_is_an_error() {
        assert!(parse(&["--allow-target", "login.example"]).is_err());
        assert!(parse(&["--allow-origin", "http://app.example/path"]).is_err());
        assert!(parse(&["--allow-origin", "null"]).is_err());
        assert!(parse(&["--unknown"]).is_err());
    }
}
