//! Repository paths, the PATH given to child processes, and helpers to run them.

use std::env;
use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

pub type Result<T> = std::result::Result<T, String>;

/// Where things are, and the environment every child process gets.
pub struct Ctx {
    /// Repository root (the directory holding the root Cargo.toml).
    pub root: PathBuf,
    /// `tests/e2e`: Playwright project and npm-provided build tools.
    pub e2e_dir: PathBuf,
    /// `tests/e2e/node_modules/.bin` (npm's `wasm-opt`, `playwright`).
    pub node_bin: PathBuf,
    /// Where `cargo install` puts binaries (`$CARGO_HOME/bin`, usually `~/.cargo/bin`).
    pub cargo_bin: PathBuf,
    /// PATH for children: node_modules/.bin first (so Trunk picks npm's wasm-opt over any
    /// system one), then ~/.cargo/bin if it was not on PATH already, then the inherited PATH.
    path_env: OsString,
}

impl Ctx {
    pub fn new() -> Result<Ctx> {
        let root = repo_root()?;
        let e2e_dir = root.join("tests").join("e2e");
        let node_bin = e2e_dir.join("node_modules").join(".bin");
        let cargo_home = match env::var_os("CARGO_HOME") {
            Some(home) if !home.is_empty() => PathBuf::from(home),
            _ => PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo"),
        };
        let cargo_bin = cargo_home.join("bin");
        let inherited: Vec<PathBuf> =
            env::split_paths(&env::var_os("PATH").unwrap_or_default()).collect();
        let mut parts = vec![node_bin.clone()];
        if !inherited.contains(&cargo_bin) {
            parts.push(cargo_bin.clone());
        }
        parts.extend(inherited.into_iter().filter(|p| *p != node_bin));
        let path_env =
            env::join_paths(parts).map_err(|e| format!("cannot build PATH for children: {e}"))?;
        Ok(Ctx {
            root,
            e2e_dir,
            node_bin,
            cargo_bin,
            path_env,
        })
    }

    /// A command run from the repository root with the xtask PATH.
    /// (On Unix the child's PATH is also the one used to find `program`.)
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("PATH", &self.path_env).current_dir(&self.root);
        cmd
    }

    /// Full path of `program` as found on the xtask PATH.
    pub fn which(&self, program: &str) -> Option<PathBuf> {
        env::split_paths(&self.path_env)
            .map(|dir| dir.join(program))
            .find(|candidate| is_executable(candidate))
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

fn repo_root() -> Result<PathBuf> {
    // `cargo run` sets CARGO_MANIFEST_DIR at run time too; fall back to the build-time value.
    let xtask_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = xtask_dir
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| format!("{} has no parent directory", xtask_dir.display()))?;
    if root.join("Cargo.toml").is_file() {
        Ok(root)
    } else {
        Err(format!(
            "cannot find the repository root (no Cargo.toml in {})",
            root.display()
        ))
    }
}

/// `program arg1 arg2` for messages.
pub fn describe(cmd: &Command) -> String {
    let mut text = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        text.push(' ');
        if arg.is_empty() || arg.contains(char::is_whitespace) {
            text.push_str(&format!("'{arg}'"));
        } else {
            text.push_str(&arg);
        }
    }
    text
}

fn status_error(cmd: &Command, status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("`{}` exited with code {code}", describe(cmd)),
        None => format!("`{}` was killed by a signal ({status})", describe(cmd)),
    }
}

fn spawn_error(cmd: &Command, err: std::io::Error) -> String {
    if err.kind() == std::io::ErrorKind::NotFound {
        format!(
            "`{}`: {} not found on PATH",
            describe(cmd),
            cmd.get_program().to_string_lossy()
        )
    } else {
        format!("`{}`: cannot start: {err}", describe(cmd))
    }
}

/// Runs `cmd` with inherited stdin/stdout/stderr; Err unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().map_err(|e| spawn_error(cmd, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(status_error(cmd, status))
    }
}

/// Runs `cmd`, echoing its stdout line by line as it comes while keeping a copy; stderr is
/// inherited. Returns the captured stdout and, separately, whether the command succeeded, so
/// that counts can be read from the output of a failing run too.
pub fn run_tee(cmd: &mut Command) -> Result<(String, Result<()>)> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(cmd, e))?;
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        let mut reader = BufReader::new(stdout);
        let mut line = Vec::new();
        let out = std::io::stdout();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {
                    let mut out = out.lock();
                    // Echo failures (closed terminal) must not stop us draining the pipe.
                    let _ = out.write_all(&line);
                    let _ = out.flush();
                    captured.push_str(&String::from_utf8_lossy(&line));
                }
                Err(e) => {
                    eprintln!("warning: reading output of `{}`: {e}", describe(cmd));
                    break;
                }
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("`{}`: wait failed: {e}", describe(cmd)))?;
    let outcome = if status.success() {
        Ok(())
    } else {
        Err(status_error(cmd, status))
    };
    Ok((captured, outcome))
}

/// Stdout of `cmd` if it could be started and exited 0; stderr is discarded.
pub fn output_of(cmd: &mut Command) -> Option<String> {
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Seconds with one decimal, for step durations.
pub fn secs(duration: std::time::Duration) -> String {
    let s = duration.as_secs_f64();
    if s >= 60.0 {
        format!("{}m{:04.1}s", (s / 60.0).floor() as u64, s % 60.0)
    } else {
        format!("{s:.1}s")
    }
}
