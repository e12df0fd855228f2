//! cc-relay next to the app: `cargo xtask serve` starts one on 127.0.0.1:8787 (allowing the
//! app's origin) and stops it on exit; `cargo xtask test` builds it for the e2e specs
//! (`CC_RELAY_BIN`, tests/e2e/specs/relay.spec.mjs).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::proc::{self, Ctx, Result};

/// Where `cargo xtask serve` starts the relay (the playground's default, `oauth::relay::DEFAULT_RELAY`).
pub const LISTEN: &str = "127.0.0.1:8787";

/// `cargo build -p cc-relay` (debug; fast to build, and what the host tests build anyway), and
/// the path of the binary.
pub fn build(ctx: &Ctx) -> Result<PathBuf> {
    proc::run(ctx.cmd("cargo").args(["build", "-p", "cc-relay"]))?;
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => ctx.root.join(dir),
        _ => ctx.root.join("target"),
    };
    let binary = target.join("debug").join("cc-relay");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "cargo built cc-relay but {} is missing",
            binary.display()
        ))
    }
}

/// A running relay, stopped (killed and reaped) when dropped.
pub struct Running {
    child: Child,
    /// `http://127.0.0.1:8787`.
    pub url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The page origins a relay for the app served at `address:port` allows: that origin, and the
/// `localhost` / `127.0.0.1` twin when it is a loopback address.
pub fn app_origins(address: &str, port: &str) -> Vec<String> {
    let mut origins = vec![format!("http://{address}:{port}")];
    match address {
        "127.0.0.1" => origins.push(format!("http://localhost:{port}")),
        "localhost" => origins.push(format!("http://127.0.0.1:{port}")),
        _ => {}
    }
    origins
}

/// Builds and starts `cc-relay --listen 127.0.0.1:8787 --allow-origin …`, waiting (up to 30 s)
/// for its `cc-relay listening on http://…` line. `Err` when it cannot start (e.g. the port is
/// taken): the caller serves the app without it.
pub fn start(ctx: &Ctx, origins: &[String], extra: &[String]) -> Result<Running> {
    let binary = build(ctx)?;
    let mut cmd = ctx.cmd(&binary);
    cmd.args(["--listen", LISTEN]);
    for origin in origins {
        cmd.args(["--allow-origin", origin]);
    }
    cmd.args(extra).stdout(Stdio::piped()).stdin(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{}: cannot start: {e}", binary.display()))?;
    let stdout = child.stdout.take();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let Some(stdout) = stdout else { return };
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            if let Some(url) = line.strip_prefix("cc-relay listening on ") {
                let _ = tx.send(url.trim().to_string());
            }
            println!("{line}");
        }
    });
    match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(url) => Ok(Running { child, url }),
        Err(_) => {
            let status = child.try_wait().ok().flatten();
            let _ = child.kill();
            let _ = child.wait();
            Err(match status {
                Some(status) => format!(
                    "cc-relay exited ({status}) before listening on {LISTEN} (is the port taken?)"
                ),
                None => format!("cc-relay did not report listening on {LISTEN} within 30 s"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_origins_loopback_adds_localhost_twin() {
        assert_eq!(
            app_origins("127.0.0.1", "8080"),
            ["http://127.0.0.1:8080", "http://localhost:8080"]
        );
        assert_eq!(app_origins("0.0.0.0", "9000"), ["http://0.0.0.0:9000"]);
    }
}
