//! `cargo xtask bench [ARGS]`: the side-by-side benchmark of issue 8 (figures, not pass/fail).
//!
//! Sets up the build tools, builds `dist/` in release mode, installs the benchmark's own npm
//! packages (the peers and playwright-core, pinned in `bench/package-lock.json`), runs the core
//! micro-benchmarks (`cargo bench -p cc-core --bench core`), then `node bench/run.mjs ARGS`,
//! which loads our app and the peers in headless Chromium and prints one table per section.

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use crate::pipeline;
use crate::proc::{self, Ctx, Result};
use crate::setup::{self, CHROMIUM};

const STEPS: usize = 5;

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Runs one numbered step, printing its name, the command to run it alone and how long it took.
fn step(number: usize, name: &str, rerun: &str, action: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("\n==> [{number}/{STEPS}] {name}");
    println!("    $ {rerun}");
    let started = Instant::now();
    let outcome = action();
    let took = proc::secs(started.elapsed());
    match &outcome {
        Ok(()) => println!("==> [{number}/{STEPS}] {name}: ok ({took})"),
        Err(_) => eprintln!("\n==> FAILED: step [{number}/{STEPS}] {name} (after {took})"),
    }
    outcome
}

pub fn run(ctx: &Ctx, args: &[String]) -> Result<()> {
    let build = !args.iter().any(|a| a == "--no-build");
    let script_args: Vec<&String> = args.iter().filter(|a| *a != "--no-build").collect();
    let bench_dir = ctx.root.join("bench");

    step(1, "setup", "cargo xtask setup", || {
        // The browser is only part of the full scope; ask for it only when it is missing.
        if Path::new(CHROMIUM).is_file() {
            setup::run(ctx, setup::Scope::Build)
        } else {
            setup::run(ctx, setup::Scope::All)
        }
    })?;

    let trunk_rerun = "PATH=\"$PWD/tests/e2e/node_modules/.bin:$PATH\" trunk build --release";
    if build {
        step(2, "trunk build --release", trunk_rerun, || {
            pipeline::release_build(ctx)
        })?;
    } else {
        println!("\n==> [2/{STEPS}] trunk build --release: skipped (--no-build)");
        if !ctx.root.join("dist").join("index.html").is_file() {
            return Err(format!(
                "--no-build, but {} has no index.html: run {trunk_rerun}",
                ctx.root.join("dist").display()
            ));
        }
    }

    let npm_ci = "cd bench && npm ci";
    step(3, "npm packages of bench/", npm_ci, || {
        // npm writes node_modules/.package-lock.json after installing; older than the
        // manifests means the installed tree may not match them.
        let stamp = mtime(&bench_dir.join("node_modules").join(".package-lock.json"));
        let newest_manifest = ["package.json", "package-lock.json"]
            .iter()
            .filter_map(|f| mtime(&bench_dir.join(f)))
            .max();
        if matches!((stamp, newest_manifest), (Some(s), Some(m)) if s >= m) {
            println!("ok npm packages (bench/) up to date");
            return Ok(());
        }
        proc::run(
            ctx.cmd("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&bench_dir)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        )
    })?;

    step(
        4,
        "core micro-benchmarks",
        "cargo bench -p cc-core --bench core",
        || {
            proc::run(
                ctx.cmd("cargo")
                    .args(["bench", "-p", "cc-core", "--bench", "core"]),
            )
        },
    )?;

    let mut rerun = "node bench/run.mjs".to_string();
    for arg in &script_args {
        rerun.push(' ');
        rerun.push_str(arg);
    }
    step(5, "browser benchmark (ours vs peers)", &rerun, || {
        proc::run(
            ctx.cmd("node")
                .arg(bench_dir.join("run.mjs"))
                .args(&script_args),
        )
    })
}
