//! `cargo xtask setup`: install what is missing, skip what is present at the right version.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::parse;
use crate::proc::{self, Ctx, Result};

mod python;
use python::{httpie, python_requests};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Pinned: trunk 0.22 needs Rust 1.96, this repository builds with 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const NODE_MIN_MAJOR: u32 = 20;
/// Pinned HTTPie (PyPI `httpie`): crates/core/tests/httpie.rs runs the exported HTTPie snippet with it.
pub const HTTPIE_VERSION: &str = "3.2.4";
/// Where HTTPie's Python virtual environment goes, under the repository root; crates/core/tests/httpie.rs
/// looks for `bin/http` there.
pub const HTTPIE_VENV: &str = "target/httpie";

/// Pinned wasm splitter (crate `wasm_split_cli_support`, binary `wasm-split-cli`): the release
/// build's pre_build hook (xtask/hooks/wasm-build.mjs) splits the wasm into lazily loaded chunks
/// with it, as cargo-leptos `--split` does (issue 17).
pub const WASM_SPLIT_VERSION: &str = "0.2.4";

/// What a subcommand needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everything `cargo xtask test` uses.
    All,
    /// Only what `trunk serve` / `trunk build` use (no browser).
    Build,
}

/// Something that could not be installed, and how a person gets it.
struct Missing {
    what: String,
    how: String,
}

pub fn run(ctx: &Ctx, scope: Scope) -> Result<()> {
    let mut missing = Vec::new();
    wasm_target(ctx, &mut missing);
    trunk(ctx, &mut missing);
    wasm_bindgen(ctx, &mut missing);
    wasm_split(ctx, &mut missing);
    if scope == Scope::All {
        browser(ctx, &mut missing);
        python_requests(ctx, &mut missing);
        httpie(ctx, &mut missing);
    }
    npm_packages(ctx, &mut missing);
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("\nsetup incomplete; missing:");
    for m in &missing {
        eprintln!("  - {}\n      get it with: {}", m.what, m.how);
    }
    Err(format!(
        "setup incomplete: {} thing(s) missing (see above)",
        missing.len()
    ))
}

fn wasm_target(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let installed = || {
        proc::output_of(ctx.cmd("rustup").args(["target", "list", "--installed"]))
            .map(|out| out.lines().any(|l| l.trim() == WASM_TARGET))
    };
    match installed() {
        Some(true) => println!("ok rust target {WASM_TARGET}"),
        None => missing.push(Missing {
            what: format!("rust target {WASM_TARGET} (rustup not found)"),
            how: format!("install rustup, then: rustup target add {WASM_TARGET}"),
        }),
        Some(false) => {
            println!("installing rust target {WASM_TARGET} (rustup target add {WASM_TARGET})");
            let result = proc::run(ctx.cmd("rustup").args(["target", "add", WASM_TARGET]));
            if let Err(e) = result.and_then(|()| match installed() {
                Some(true) => Ok(()),
                _ => Err("still not listed by rustup target list --installed".into()),
            }) {
                missing.push(Missing {
                    what: format!("rust target {WASM_TARGET} ({e})"),
                    how: format!("rustup target add {WASM_TARGET}"),
                });
            }
        }
    }
}

/// Version of a tool from `<program> --version` printing `<name> X.Y.Z`.
fn tool_version(ctx: &Ctx, program: &str) -> Option<String> {
    let out = proc::output_of(ctx.cmd(program).arg("--version"))?;
    parse::second_word(&out).map(str::to_string)
}

/// Ensures `program --version` reports `version`, else runs `cargo install <install_args>`.
fn cargo_tool(
    ctx: &Ctx,
    missing: &mut Vec<Missing>,
    label: &str,
    programs: &[&str],
    version: &str,
    install_args: &[&str],
    note: &str,
) {
    let install_cmd = format!("cargo install {}", install_args.join(" "));
    let check = || -> std::result::Result<(), String> {
        for program in programs {
            match tool_version(ctx, program) {
                Some(v) if v == version => {}
                Some(v) => return Err(format!("{program} {v} found, {version} needed")),
                None => return Err(format!("{program} not found")),
            }
        }
        Ok(())
    };
    // Another `cargo install` of the same crate (another terminal, an earlier interrupted
    // run) would be duplicated by ours: wait for it and look again.
    let crate_name = install_args[0].split('@').next().unwrap_or(install_args[0]);
    if check().is_err() {
        wait_for_running_install(crate_name);
    }
    match check() {
        Ok(()) => println!("ok {label} {version}"),
        Err(why) => {
            println!("installing {label} {version} ({why}): {install_cmd}{note}");
            let result = proc::run(ctx.cmd("cargo").arg("install").args(install_args));
            match result.and_then(|()| check()) {
                Ok(()) => println!("ok {label} {version} (installed)"),
                Err(e) => missing.push(Missing {
                    what: format!("{label} {version} ({e})"),
                    how: format!(
                        "{install_cmd}  (and make sure {} is on PATH)",
                        ctx.cargo_bin.display()
                    ),
                }),
            }
        }
    }
}

fn trunk(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let spec = format!("trunk@{TRUNK_VERSION}");
    cargo_tool(
        ctx,
        missing,
        "trunk",
        &["trunk"],
        TRUNK_VERSION,
        &[&spec, "--locked"],
        " (takes about 10 minutes)",
    );
}

fn wasm_bindgen(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let lock_path = ctx.root.join("Cargo.lock");
    let version = fs::read_to_string(&lock_path)
        .ok()
        .and_then(|lock| parse::lock_package_version(&lock, "wasm-bindgen"));
    let Some(version) = version else {
        missing.push(Missing {
            what: format!(
                "wasm-bindgen-cli (no `wasm-bindgen` package in {})",
                lock_path.display()
            ),
            how: "cargo generate-lockfile, then cargo xtask setup".into(),
        });
        return;
    };
    let spec = format!("wasm-bindgen-cli@{version}");
    // Not --locked: the crate's lockfile does not build with this toolchain.
    cargo_tool(
        ctx,
        missing,
        "wasm-bindgen-cli",
        &["wasm-bindgen", "wasm-bindgen-test-runner"],
        &version,
        &[&spec],
        " (takes a few minutes)",
    );
}

/// `wasm-split-cli` has no `--version`: the version is read from `cargo install --list`.
fn wasm_split(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let spec = format!("wasm_split_cli_support@{WASM_SPLIT_VERSION}");
    let install_cmd = format!("cargo install {spec} --features build-binary --locked");
    let wanted = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    let installed = || {
        proc::output_of(ctx.cmd("cargo").args(["install", "--list"]))
            .is_some_and(|list| list.lines().any(|l| l.trim() == wanted))
            && proc::output_of(ctx.cmd("wasm-split-cli").arg("--help")).is_some()
    };
    if installed() {
        println!("ok wasm-split-cli {WASM_SPLIT_VERSION}");
        return;
    }
    wait_for_running_install("wasm_split_cli_support");
    if installed() {
        println!("ok wasm-split-cli {WASM_SPLIT_VERSION}");
        return;
    }
    println!("installing wasm-split-cli {WASM_SPLIT_VERSION}: {install_cmd} (takes a few minutes)");
    let result = proc::run(ctx.cmd("cargo").args([
        "install",
        &spec,
        "--features",
        "build-binary",
        "--locked",
    ]));
    match result {
        Ok(()) if installed() => println!("ok wasm-split-cli {WASM_SPLIT_VERSION} (installed)"),
        Ok(()) => missing.push(Missing {
            what: format!("wasm-split-cli {WASM_SPLIT_VERSION} (installed but not found)"),
            how: format!(
                "{install_cmd}  (and make sure {} is on PATH)",
                ctx.cargo_bin.display()
            ),
        }),
        Err(e) => missing.push(Missing {
            what: format!("wasm-split-cli {WASM_SPLIT_VERSION} ({e})"),
            how: install_cmd,
        }),
    }
}

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|uids| uids.split_whitespace().nth(1).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn browser_versions(ctx: &Ctx) -> Option<(String, String)> {
    if !Path::new(CHROMIUM).is_file() || !Path::new(CHROMEDRIVER).is_file() {
        return None;
    }
    let chromium = proc::output_of(ctx.cmd(CHROMIUM).arg("--version"))
        .and_then(|o| parse::second_word(&o).map(str::to_string))
        .unwrap_or_else(|| "(version unknown)".into());
    let driver = proc::output_of(ctx.cmd(CHROMEDRIVER).arg("--version"))
        .and_then(|o| parse::second_word(&o).map(str::to_string))
        .unwrap_or_else(|| "(version unknown)".into());
    Some((chromium, driver))
}

fn browser(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let report = |(chromium, driver): (String, String)| {
        println!("ok chromium {chromium} ({CHROMIUM})");
        println!("ok chromedriver {driver} ({CHROMEDRIVER})");
        let major = |v: &str| v.split('.').next().unwrap_or("").to_string();
        if major(&chromium) != major(&driver) {
            println!(
                "warning: chromium {chromium} and chromedriver {driver} differ in major version"
            );
        }
    };
    if let Some(versions) = browser_versions(ctx) {
        report(versions);
        return;
    }
    let packages = "chromium chromium-driver";
    let has_apt = ctx.which("apt-get").is_some();
    if !has_apt {
        missing.push(Missing {
            what: format!("Chromium and a matching ChromeDriver at {CHROMIUM} and {CHROMEDRIVER}"),
            how: "your system's package manager (Debian/Ubuntu: apt-get install chromium chromium-driver)".into(),
        });
        return;
    }
    if !is_root() {
        missing.push(Missing {
            what: format!("Chromium and ChromeDriver ({CHROMIUM}, {CHROMEDRIVER})"),
            how: format!("sudo apt-get update && sudo apt-get install -y {packages}"),
        });
        return;
    }
    println!("installing chromium + chromedriver: apt-get update && apt-get install -y {packages}");
    let result = proc::run(ctx.cmd("apt-get").arg("update")).and_then(|()| {
        proc::run(
            ctx.cmd("apt-get")
                .args(["install", "-y", "chromium", "chromium-driver"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    });
    match result.and_then(|()| browser_versions(ctx).ok_or_else(|| "still missing".into())) {
        Ok(versions) => report(versions),
        Err(e) => missing.push(Missing {
            what: format!("Chromium and ChromeDriver ({e})"),
            how: format!(
                "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y {packages}"
            ),
        }),
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `"version": "1.2.3"` of an installed npm package.
fn npm_package_version(ctx: &Ctx, name: &str) -> Option<String> {
    let manifest = ctx
        .e2e_dir
        .join("node_modules")
        .join(name)
        .join("package.json");
    let text = fs::read_to_string(manifest).ok()?;
    let at = text.find("\"version\"")?;
    let rest = text[at + "\"version\"".len()..]
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

fn npm_packages(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let npm_ci = "cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci";
    let node_major = proc::output_of(ctx.cmd("node").arg("--version")).and_then(|v| {
        v.trim()
            .trim_start_matches('v')
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok())
    });
    match node_major {
        Some(major) if major >= NODE_MIN_MAJOR => {}
        Some(major) => {
            missing.push(Missing {
                what: format!("Node.js >= {NODE_MIN_MAJOR} (found {major})"),
                how: format!("install Node.js {NODE_MIN_MAJOR} or newer with npm, then {npm_ci}"),
            });
            return;
        }
        None => {
            missing.push(Missing {
                what: format!("Node.js >= {NODE_MIN_MAJOR} with npm (node not found)"),
                how: format!("install Node.js {NODE_MIN_MAJOR} or newer with npm, then {npm_ci}"),
            });
            return;
        }
    }
    // npm writes node_modules/.package-lock.json after installing; older than the manifests
    // means the installed tree may not match them.
    let stamp = mtime(&ctx.e2e_dir.join("node_modules").join(".package-lock.json"));
    let newest_manifest = ["package.json", "package-lock.json"]
        .iter()
        .filter_map(|f| mtime(&ctx.e2e_dir.join(f)))
        .max();
    let wasm_opt = ctx.node_bin.join("wasm-opt");
    let up_to_date =
        matches!((stamp, newest_manifest), (Some(s), Some(m)) if s >= m) && wasm_opt.is_file();
    if !up_to_date {
        println!("installing npm packages of tests/e2e: {npm_ci}");
        let result = proc::run(
            ctx.cmd("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(&ctx.e2e_dir)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        );
        if let Err(e) = result {
            missing.push(Missing {
                what: format!("npm packages of tests/e2e ({e})"),
                how: npm_ci.into(),
            });
            return;
        }
    }
    let versions: Vec<String> = ["@playwright/test", "binaryen", "oidc-provider"]
        .iter()
        .map(|name| {
            let v = npm_package_version(ctx, name).unwrap_or_else(|| "MISSING".into());
            format!("{name} {v}")
        })
        .collect();
    if versions.iter().any(|v| v.ends_with("MISSING")) || !wasm_opt.is_file() {
        missing.push(Missing {
            what: format!(
                "npm packages of tests/e2e ({}; wasm-opt at {}: {})",
                versions.join(", "),
                wasm_opt.display(),
                if wasm_opt.is_file() { "yes" } else { "no" }
            ),
            how: npm_ci.into(),
        });
        return;
    }
    println!("ok npm packages (tests/e2e): {}", versions.join(", "));
}

/// If a `cargo install <crate_name>...` is running (not us), wait until it ends.
fn wait_for_running_install(crate_name: &str) {
    let started = Instant::now();
    let mut announced = false;
    let mut last_note = Instant::now();
    while let Some(pid) = running_cargo_install(crate_name) {
        if !announced {
            println!(
                "waiting for a running `cargo install {crate_name}` (pid {pid}) to finish \
                 instead of starting a second one..."
            );
            announced = true;
        } else if last_note.elapsed() >= Duration::from_secs(60) {
            println!(
                "  still waiting for pid {pid} ({})",
                proc::secs(started.elapsed())
            );
            last_note = Instant::now();
        }
        std::thread::sleep(Duration::from_secs(5));
    }
}

fn running_cargo_install(crate_name: &str) -> Option<u32> {
    let me = std::process::id();
    let entries = fs::read_dir("/proc").ok()?;
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(cmdline) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmdline
            .split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        let is_cargo = args
            .first()
            .is_some_and(|a| a == "cargo" || a.ends_with("/cargo"));
        let installs_crate = args.iter().skip(1).any(|a| a == "install")
            && args
                .iter()
                .any(|a| a == crate_name || a.starts_with(&format!("{crate_name}@")));
        if is_cargo && installs_crate {
            return Some(pid);
        }
    }
    None
}
