//! The relay under load, in a child process: this same executable started again with
//! `CC_RELAY_LOAD_ROLE=relay` serves [`cc_relay::serve`] with the benchmark's `Config` until its
//! stdin closes, so that its memory (`/proc/<pid>/status`) is its own.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use cc_relay::{Config, Limits, Policy};

use crate::{IN_FLIGHT_VAR, ROLE_VAR, TARGET_VAR};

pub(crate) fn relay_child() -> ExitCode {
    let target = std::env::var(TARGET_VAR).expect("CC_RELAY_LOAD_TARGET");
    let in_flight: usize = std::env::var(IN_FLIGHT_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let config = Config {
        policy: Policy::new(&[target], false).expect("allow-target prefix"),
        allow_origins: Vec::new(),
        limits: Limits {
            max_in_flight: in_flight,
            rate_per_second: 1e9,
            rate_burst: u32::MAX,
            ..Limits::default()
        },
        dns_overrides: HashMap::new(),
    };
    // Same runtime as the binary's #[tokio::main]: multi-threaded, one worker per core.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        println!("listening {}", listener.local_addr().expect("local addr"));
        std::io::stdout().flush().expect("stdout");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            let _ = tx.send(());
        });
        cc_relay::serve(listener, config, async {
            let _ = rx.await;
        })
        .await
        .expect("relay serves");
    });
    ExitCode::SUCCESS
}

/// The relay child as seen from the load generator.
pub(crate) struct RelayProcess {
    pub(crate) child: Child,
    stdin: Option<ChildStdin>,
    pub(crate) addr: SocketAddr,
    log_path: std::path::PathBuf,
}

impl RelayProcess {
    pub(crate) fn start(target: &str, in_flight: usize) -> Self {
        let exe = std::env::current_exe().expect("current exe");
        // The relay's stderr (one line per request) goes to a file, as a deployment's would to
        // its log: a pipe read by this process could fill and stall the relay.
        let log_path =
            std::env::temp_dir().join(format!("cc-relay-load-{}.log", std::process::id()));
        let mut child = Command::new(exe)
            .env(ROLE_VAR, "relay")
            .env(TARGET_VAR, target)
            .env(IN_FLIGHT_VAR, in_flight.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(
                std::fs::File::create(&log_path).expect("create the relay log file"),
            ))
            .spawn()
            .expect("start the relay child");
        let stdin = child.stdin.take();
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("child stdout"))
            .read_line(&mut line)
            .expect("relay child's first line");
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("relay child said {line:?}"));
        RelayProcess {
            child,
            stdin,
            addr,
            log_path,
        }
    }

    pub(crate) fn memory(&self) -> Option<Memory> {
        Memory::of(&format!("/proc/{}/status", self.child.id()))
    }

    /// Closes the child's stdin (graceful shutdown), waits up to 5 s (then kills it), and
    /// returns its log: lines `cc-relay POST 127.0.0.1:PORT 200 0ms` (one per relayed request)
    /// and how many of them are not 200; anything else in it is shown.
    pub(crate) fn stop(mut self) -> (usize, usize) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut exited = false;
        while !exited && Instant::now() < deadline {
            exited = matches!(self.child.try_wait(), Ok(Some(_)));
            std::thread::sleep(Duration::from_millis(20));
        }
        if !exited {
            eprintln!("relay child did not stop in 5 s; killing it");
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let log = std::fs::read_to_string(&self.log_path).unwrap_or_default();
        let _ = std::fs::remove_file(&self.log_path);
        let (mut lines, mut not_200) = (0, 0);
        for line in log.lines() {
            if line.starts_with("cc-relay ") {
                lines += 1;
                if !line.contains(" 200 ") {
                    not_200 += 1;
                }
            } else {
                eprintln!("relay child: {line}");
            }
        }
        (lines, not_200)
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `VmHWM` (peak resident set) and `VmRSS` from `/proc/<pid>/status`, in KiB.
#[derive(Clone, Copy)]
pub(crate) struct Memory {
    pub(crate) peak_kib: u64,
    pub(crate) now_kib: u64,
}

impl Memory {
    pub(crate) fn of(status_path: &str) -> Option<Self> {
        let text = std::fs::read_to_string(status_path).ok()?;
        let field = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        };
        Some(Memory {
            peak_kib: field("VmHWM:")?,
            now_kib: field("VmRSS:")?,
        })
    }
}

pub(crate) fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}
