//! The `cc-relay` binary: its command line, its startup line, its log (method, host, status,
//! duration — never a path, query, header value or body) and its graceful stop on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use crate::support::upstream;

const SECRET: &str = "s3cr3t-VALUE";

/// Starts the binary on 127.0.0.1:0 and reads the address it prints.
fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cc-relay"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cc-relay starts");
    let mut first = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .trim()
        .strip_prefix("cc-relay listening on http://")
        .unwrap_or_else(|| panic!("startup line: {first:?}"))
        .to_owned();
    (child, addr)
}

/// SIGTERM, then the exit status and everything logged on stderr.
fn stop(mut child: Child) -> (bool, String) {
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    (status.success(), log)
}

#[tokio::test]
async fn binary_log_has_method_host_status_never_secrets() {
    let up = upstream().await;
    let origin = up.origin();
    let (child, addr) = start(&[
        "--allow-target",
        &origin,
        "--allow-origin",
        "http://app.test",
    ]);
    let relay_url = format!("http://{addr}/relay");
    let client = reqwest_like::Client::new();
    let target = up.url(&format!("/echo?code={SECRET}"));
    let auth = format!("Basic {SECRET}");
    let got = client
        .post(
            &relay_url,
            &[("x-relay-target", &target), ("authorization", &auth)],
            SECRET,
        )
        .await;
    assert_eq!(got, 401, "forwarded");
    let refused = format!("https://10.0.0.1/?code={SECRET}");
    let got = client
        .post(&relay_url, &[("x-relay-target", &refused)], SECRET)
        .await;
    assert_eq!(got, 403, "refused");
    assert_eq!(
        up.seen()[0].headers["authorization"],
        auth.as_str(),
        "the secret did go upstream"
    );
    let (graceful, log) = stop(child);
    assert!(graceful, "SIGTERM stops it cleanly");
    assert!(!log.contains(SECRET), "a secret was logged: {log}");
    assert!(
        !log.contains("/echo") && !log.contains("code="),
        "a path or query was logged: {log}"
    );
    assert!(
        log.contains(&format!("cc-relay POST {} 401 ", up.server.addr)),
        "{log}"
    );
    assert!(
        log.contains("cc-relay POST 10.0.0.1 403 target_not_allowed "),
        "{log}"
    );
    up.stop().await;
}

#[test]
fn binary_bad_allow_target_exits_2_with_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_cc-relay"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--allow-target",
            "login.example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-target login.example.com"));
}

/// A minimal client over hyper-util for the binary tests.
mod reqwest_like {
    use bytes::Bytes;
    use http_body_util::Full;
    use hyper_util::client::legacy::connect::HttpConnector;
    use hyper_util::rt::TokioExecutor;

    pub struct Client(hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>);

    impl Client {
        pub fn new() -> Self {
            Client(hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build_http())
        }

        /// POSTs and returns the status code.
        pub async fn post(&self, url: &str, headers: &[(&str, &String)], body: &str) -> u16 {
            let mut req = http::Request::post(url);
            for (k, v) in headers {
                req = req.header(*k, v.as_str());
            }
            let req = req.body(Full::new(Bytes::from(body.to_owned()))).unwrap();
            self.0.request(req).await.unwrap().status().as_u16()
        }
    }
}
