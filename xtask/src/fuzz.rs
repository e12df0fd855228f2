//! `cargo xtask fuzz [SECONDS_PER_TARGET] [TARGET...]`: runs every cargo-fuzz target of `fuzz/`
//! for a bounded time and prints a table of executions and crashes. A benchmark-style command,
//! not part of `cargo xtask test`: CI replays the regression corpus instead
//! (`crates/core/tests/fuzz_regressions.rs`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

use crate::proc::{self, Ctx, Result};

/// Seconds per target when none are given.
const DEFAULT_SECONDS: u64 = 30;
/// libFuzzer is built with this toolchain (cargo-fuzz needs nightly `-Z` flags).
const TOOLCHAIN: &str = "+nightly";
/// The core is safe Rust: AddressSanitizer finds nothing that overflow checks and panics do
/// not, and costs build time and speed.
const SANITIZER: &str = "none";

struct Outcome {
    target: String,
    seconds: f64,
    executions: Option<u64>,
    crashes: u64,
    artifact: Option<String>,
    log: PathBuf,
}

pub fn run(ctx: &Ctx, args: &[String]) -> Result<()> {
    let (seconds, only) = match args.split_first() {
        Some((first, rest)) if first.bytes().all(|b| b.is_ascii_digit()) => {
            let seconds = first
                .parse::<u64>()
                .ok()
                .filter(|s| *s > 0)
                .ok_or_else(|| format!("`{first}` is not a positive number of seconds"))?;
            (seconds, rest)
        }
        _ => (DEFAULT_SECONDS, args),
    };
    let fuzz_dir = ctx.root.join("fuzz");
    ensure_cargo_fuzz(ctx)?;
    let all = list_targets(ctx, &fuzz_dir)?;
    let targets: Vec<String> = if only.is_empty() {
        all
    } else {
        for name in only {
            if !all.contains(name) {
                return Err(format!(
                    "unknown fuzz target `{name}` (targets: {})",
                    all.join(", ")
                ));
            }
        }
        only.to_vec()
    };
    println!(
        "Building {} fuzz targets (cargo {TOOLCHAIN} fuzz build)…",
        targets.len()
    );
    proc::run(
        ctx.cmd("cargo")
            .args([TOOLCHAIN, "fuzz", "build", "--sanitizer", SANITIZER])
            .current_dir(&fuzz_dir),
    )?;
    let logs = fuzz_dir.join("target").join("xtask-fuzz-logs");
    fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let mut outcomes = Vec::new();
    for target in &targets {
        println!("fuzzing {target} for {seconds} s…");
        outcomes.push(run_target(ctx, &fuzz_dir, &logs, target, seconds)?);
    }
    print_table(&outcomes);
    let crashed: Vec<&Outcome> = outcomes.iter().filter(|o| o.crashes > 0).collect();
    if crashed.is_empty() {
        return Ok(());
    }
    for o in &crashed {
        println!(
            "{}: crash input {}; full log {}. Minimise it (cargo +nightly fuzz tmin -s none {} <input>), \
             add it to crates/core/tests/corpus/{}/ and fix the parser.",
            o.target,
            o.artifact.as_deref().unwrap_or("(not found in the log)"),
            o.log.display(),
            o.target,
            o.target
        );
    }
    Err(format!("{} fuzz target(s) found a crash", crashed.len()))
}

fn ensure_cargo_fuzz(ctx: &Ctx) -> Result<()> {
    if ctx.which("cargo-fuzz").is_some() {
        return Ok(());
    }
    println!("cargo-fuzz is missing: cargo install cargo-fuzz --locked");
    proc::run(ctx.cmd("cargo").args(["install", "cargo-fuzz", "--locked"]))
}

fn list_targets(ctx: &Ctx, fuzz_dir: &Path) -> Result<Vec<String>> {
    let out = proc::output_of(
        ctx.cmd("cargo")
            .args([TOOLCHAIN, "fuzz", "list"])
            .current_dir(fuzz_dir),
    )
    .ok_or_else(|| {
        format!(
            "`cargo {TOOLCHAIN} fuzz list` failed in {} (is the nightly toolchain installed? \
             rustup toolchain install nightly)",
            fuzz_dir.display()
        )
    })?;
    let targets: Vec<String> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    if targets.is_empty() {
        return Err(format!("no fuzz targets in {}", fuzz_dir.display()));
    }
    Ok(targets)
}

/// One bounded run: the working corpus `fuzz/corpus/<target>` (grows) plus the regression
/// corpus `crates/core/tests/corpus/<target>` (seeds, read only).
fn run_target(
    ctx: &Ctx,
    fuzz_dir: &Path,
    logs: &Path,
    target: &str,
    seconds: u64,
) -> Result<Outcome> {
    let work = fuzz_dir.join("corpus").join(target);
    fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut cmd = ctx.cmd("cargo");
    cmd.args([TOOLCHAIN, "fuzz", "run", "--sanitizer", SANITIZER, target])
        .arg(&work);
    let seeds = ctx.root.join("crates/core/tests/corpus").join(target);
    if seeds.is_dir() {
        cmd.arg(&seeds);
    }
    cmd.args([
        "--".to_string(),
        format!("-max_total_time={seconds}"),
        "-print_final_stats=1".to_string(),
    ])
    .current_dir(fuzz_dir)
    .stdin(Stdio::null());
    let started = Instant::now();
    let output = cmd
        .output()
        .map_err(|e| format!("`{}`: cannot start: {e}", proc::describe(&cmd)))?;
    let elapsed = started.elapsed().as_secs_f64();
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    let log = logs.join(format!("{target}.log"));
    fs::write(&log, &text).map_err(|e| format!("{}: {e}", log.display()))?;
    let artifact = crash_artifact(&text);
    let crashes = u64::from(artifact.is_some() || !output.status.success());
    if crashes > 0 {
        // The end of the log says what failed (panic message, stack).
        let tail: Vec<&str> = text.lines().rev().take(25).collect();
        for line in tail.into_iter().rev() {
            eprintln!("  {line}");
        }
    }
    Ok(Outcome {
        target: target.to_string(),
        seconds: elapsed,
        executions: executions(&text),
        crashes,
        artifact,
        log,
    })
}

/// Executions from libFuzzer's final statistics (`stat::number_of_executed_units: N`), else
/// from its `Done N runs in S second(s)` line, else from the last status line (`#N ...`).
fn executions(log: &str) -> Option<u64> {
    let stat = log.lines().rev().find_map(|l| {
        l.trim()
            .strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse().ok())
    });
    let done = || {
        log.lines().rev().find_map(|l| {
            l.trim()
                .strip_prefix("Done ")
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
    };
    let status = || {
        log.lines().rev().find_map(|l| {
            l.strip_prefix('#')
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
        })
    };
    stat.or_else(done).or_else(status)
}

/// The path in libFuzzer's `Test unit written to <path>` line for a crash, leak, timeout or
/// out-of-memory input.
fn crash_artifact(log: &str) -> Option<String> {
    log.lines().find_map(|l| {
        let path = l.split("Test unit written to ").nth(1)?.trim();
        let name = Path::new(path).file_name()?.to_string_lossy().into_owned();
        ["crash-", "leak-", "timeout-", "oom-"]
            .iter()
            .any(|p| name.starts_with(p))
            .then(|| path.to_string())
    })
}

fn print_table(rows: &[Outcome]) {
    let width = rows
        .iter()
        .map(|r| r.target.len())
        .chain(["target".len()])
        .max()
        .unwrap_or(6);
    println!();
    println!(
        "{:<width$}  {:>8}  {:>14}  {:>9}  {:>7}",
        "target", "seconds", "executions", "exec/s", "crashes"
    );
    let mut total = 0;
    for r in rows {
        let (runs, rate) = match r.executions {
            Some(n) => {
                total += n;
                (
                    n.to_string(),
                    format!("{:.0}", n as f64 / r.seconds.max(0.001)),
                )
            }
            None => ("?".to_string(), "?".to_string()),
        };
        println!(
            "{:<width$}  {:>8.1}  {:>14}  {:>9}  {:>7}",
            r.target, r.seconds, runs, rate, r.crashes
        );
    }
    let crashes: u64 = rows.iter().map(|r| r.crashes).sum();
    println!(
        "{:<width$}  {:>8}  {:>14}  {:>9}  {:>7}",
        "total", "", total, "", crashes
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executions_final_stats_preferred() {
        let log = "#1024\tpulse  cov: 10\nDone 5000 runs in 2 second(s)\n\
                   stat::number_of_executed_units: 5001\nstat::average_exec_per_sec:     2500\n";
        assert_eq!(executions(log), Some(5001));
    }

    #[test]
    fn executions_done_line_when_no_stats() {
        assert_eq!(executions("Done 42 runs in 1 second(s)\n"), Some(42));
        assert_eq!(executions("#77\tNEW    cov: 3 ft: 4\n"), Some(77));
        assert_eq!(executions("nothing here"), None);
    }

    #[test]
    fn crash_artifact_found_only_for_failures() {
        let log = "==1== ERROR: libFuzzer: deadly signal\n\
                   artifact_prefix='/f/artifacts/jwt/'; Test unit written to /f/artifacts/jwt/crash-abc\n";
        assert_eq!(
            crash_artifact(log).as_deref(),
            Some("/f/artifacts/jwt/crash-abc")
        );
        assert_eq!(
            crash_artifact("Test unit written to /tmp/minimized-from-x"),
            None
        );
    }
}
