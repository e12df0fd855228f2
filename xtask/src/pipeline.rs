//! `cargo xtask test`: every check, in order, stopping at the first failure.

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use crate::parse::{self, PlaywrightStats, TestCounts};
use crate::proc::{self, Ctx, Result};
use crate::profiles;
use crate::setup::{self, CHROMEDRIVER, WASM_TARGET};
use crate::size;

const STEPS: usize = 9;

#[derive(Default)]
struct Totals {
    host: TestCounts,
    browser: TestCounts,
    e2e: Option<PlaywrightStats>,
}

struct Pipeline<'a> {
    ctx: &'a Ctx,
    passed: usize,
    totals: Totals,
}

impl Pipeline<'_> {
    /// Runs one numbered step; on failure prints what failed and how to re-run it alone.
    fn step(
        &mut self,
        name: &str,
        rerun: &str,
        action: impl FnOnce(&Ctx, &mut Totals) -> Result<()>,
    ) -> Result<()> {
        let number = self.passed + 1;
        println!("\n==> [{number}/{STEPS}] {name}");
        println!("    $ {rerun}");
        let started = Instant::now();
        let outcome = action(self.ctx, &mut self.totals);
        let took = proc::secs(started.elapsed());
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("==> [{number}/{STEPS}] {name}: ok ({took})");
                Ok(())
            }
            Err(e) => {
                eprintln!("\n==> FAILED: step [{number}/{STEPS}] {name} (after {took})");
                eprintln!("    {e}");
                eprintln!("    re-run this step alone with: {rerun}");
                println!("{}", self.summary(1));
                // Already reported: main prints nothing more.
                Err(String::new())
            }
        }
    }

    fn summary(&self, failed_steps: usize) -> String {
        let t = &self.totals;
        let e2e = t.e2e.unwrap_or_default();
        let e2e_passed = e2e.expected + e2e.flaky;
        let passed = t.host.passed + t.browser.passed + e2e_passed;
        let failed = t.host.failed + t.browser.failed + e2e.unexpected;
        let skipped = t.host.ignored + t.browser.ignored + e2e.skipped;
        let not_run = STEPS - self.passed - failed_steps;
        // Two lines: the details, then a last line of only the counts, which tools can read.
        let mut detail = format!("steps: {} passed, {failed_steps} failed", self.passed);
        if not_run > 0 {
            detail.push_str(&format!(" ({not_run} not run)"));
        }
        detail.push_str(&format!(
            "; tests by tier: host {}, browser {}, e2e {e2e_passed}",
            t.host.passed, t.browser.passed
        ));
        let mut line = format!("{detail}\nSUMMARY: {passed} passed, {failed} failed");
        if skipped > 0 {
            line.push_str(&format!(", {skipped} skipped"));
        }
        line
    }
}

/// Parsed counts are kept even when the command failed, then the failure is returned.
fn counted(cmd: &mut std::process::Command, what: &str, into: &mut TestCounts) -> Result<()> {
    let (output, outcome) = proc::run_tee(cmd)?;
    let counts = parse::sum_test_results(&output);
    into.add(counts);
    outcome?;
    if counts.failed > 0 {
        return Err(format!("{} {what} test(s) failed", counts.failed));
    }
    if counts.results == 0 {
        return Err(format!(
            "no `test result:` line in the output of `{}`",
            proc::describe(cmd)
        ));
    }
    Ok(())
}

fn playwright_report(ctx: &Ctx) -> PathBuf {
    ctx.root
        .join("target")
        .join("xtask")
        .join("playwright-report.json")
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let started = Instant::now();
    let mut p = Pipeline {
        ctx,
        passed: 0,
        totals: Totals::default(),
    };

    p.step("setup", "cargo xtask setup", |ctx, _| {
        setup::run(ctx, setup::Scope::All)
    })?;

    p.step("rustfmt", "cargo fmt --all --check", |ctx, _| {
        proc::run(ctx.cmd("cargo").args(["fmt", "--all", "--check"]))
            .map_err(|e| format!("{e}\n    fix formatting with: cargo fmt --all"))
    })?;

    p.step(
        "clippy (host)",
        "cargo clippy --workspace --all-targets -- -D warnings",
        |ctx, _| {
            proc::run(ctx.cmd("cargo").args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;

    p.step(
        "clippy (wasm32)",
        "cargo clippy --all-targets --target wasm32-unknown-unknown -p cc-playground -- -D warnings",
        |ctx, _| {
            proc::run(ctx.cmd("cargo").args([
                "clippy",
                "--all-targets",
                "--target",
                WASM_TARGET,
                "-p",
                "cc-playground",
                "--",
                "-D",
                "warnings",
            ]))
        },
    )?;

    p.step("tests (host)", "cargo test --workspace", |ctx, totals| {
        counted(
            ctx.cmd("cargo").args(["test", "--workspace"]),
            "host",
            &mut totals.host,
        )
    })?;

    let browser_rerun = format!(
        "CHROMEDRIVER={CHROMEDRIVER} WASM_BINDGEN_TEST_TIMEOUT=120 \
         cargo test -p cc-playground --target {WASM_TARGET} --tests"
    );
    p.step("tests (browser, wasm32)", &browser_rerun, |ctx, totals| {
        // --tests: unit and integration tests; doctests already ran on the host.
        // The runner (wasm-bindgen-test-runner, from .cargo/config.toml) starts
        // $CHROMEDRIVER itself on a free port and reads browser capabilities from
        // webdriver.json; chromedriver gives each session a fresh temporary profile.
        let mut cmd = ctx.cmd("cargo");
        cmd.args([
            "test",
            "-p",
            "cc-playground",
            "--target",
            WASM_TARGET,
            "--tests",
        ])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            ctx.root.join("webdriver.json"),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        // Default is 5 s for chromedriver to bind its port: too tight on a busy 2-core box.
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "60");
        let tmp = std::env::temp_dir();
        let before = profiles::snapshot(&tmp);
        let outcome = counted(&mut cmd, "browser", &mut totals.browser);
        let (count, bytes) = profiles::remove_leaked(&tmp, &before);
        if count > 0 {
            println!(
                "removed {count} Chromium profile(s) ChromeDriver left in {} ({} MB)",
                tmp.display(),
                bytes / 1_000_000
            );
        }
        outcome
    })?;

    p.step(
        "trunk build --release",
        "PATH=\"$PWD/tests/e2e/node_modules/.bin:$PATH\" trunk build --release",
        |ctx, _| release_build(ctx),
    )?;

    p.step("size budget", "cargo xtask size", |ctx, _| size::run(ctx))?;

    p.step(
        "e2e (Playwright)",
        "cargo build -p cc-relay && cd tests/e2e && CC_RELAY_BIN=../../target/debug/cc-relay npx playwright test",
        |ctx, totals| {
            let report = playwright_report(ctx);
            if let Some(dir) = report.parent() {
                fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            let _ = fs::remove_file(&report);
            // relay.spec.mjs starts this cc-relay binary (CC_RELAY_BIN).
            let relay_bin = crate::relay::build(ctx)?;
            let outcome = proc::run(
                ctx.cmd(ctx.node_bin.join("playwright"))
                    .args(["test", "--reporter=list,json"])
                    .current_dir(&ctx.e2e_dir)
                    .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
                    .env("CC_RELAY_BIN", &relay_bin)
                    .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
            );
            let stats = fs::read_to_string(&report)
                .ok()
                .and_then(|json| parse::playwright_stats(&json));
            totals.e2e = stats;
            outcome?;
            match stats {
                None => Err(format!(
                    "Playwright exited 0 but wrote no readable stats to {}",
                    report.display()
                )),
                Some(s) if s.unexpected > 0 => Err(format!("{} e2e test(s) failed", s.unexpected)),
                Some(s) if s.expected + s.flaky == 0 => Err("Playwright ran no test".into()),
                Some(_) => Ok(()),
            }
        },
    )?;

    println!(
        "\nall {STEPS} steps passed in {}",
        proc::secs(started.elapsed())
    );
    println!("{}", p.summary(0));
    Ok(())
}

/// `trunk build --release` with npm's wasm-opt (binaryen 132) first on PATH: Debian's wasm-opt
/// 108 produces wasm that fails at runtime.
pub fn release_build(ctx: &proc::Ctx) -> proc::Result<()> {
    let wasm_opt = ctx.which("wasm-opt");
    if wasm_opt.as_deref() != Some(ctx.node_bin.join("wasm-opt").as_path()) {
        return Err(format!(
            "wasm-opt on PATH is {:?}, expected npm's {} (run cargo xtask setup)",
            wasm_opt,
            ctx.node_bin.join("wasm-opt").display()
        ));
    }
    proc::run(
        ctx.cmd("trunk")
            .args(["build", "--release"])
            .env("TRUNK_SKIP_VERSION_CHECK", "true"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline_with(ctx: &Ctx, passed: usize, totals: Totals) -> Pipeline<'_> {
        Pipeline {
            ctx,
            passed,
            totals,
        }
    }

    #[test]
    fn summary_all_steps_passed_matches_documented_format() {
        let ctx = Ctx::new().expect("repository root");
        let totals = Totals {
            host: TestCounts {
                passed: 40,
                results: 3,
                ..TestCounts::default()
            },
            browser: TestCounts {
                passed: 3,
                results: 1,
                ..TestCounts::default()
            },
            e2e: Some(PlaywrightStats {
                expected: 14,
                ..PlaywrightStats::default()
            }),
        };
        assert_eq!(
            pipeline_with(&ctx, STEPS, totals).summary(0),
            "steps: 9 passed, 0 failed; tests by tier: host 40, browser 3, e2e 14\n\
             SUMMARY: 57 passed, 0 failed"
        );
    }

    #[test]
    fn summary_failed_step_reports_not_run_and_failures() {
        let ctx = Ctx::new().expect("repository root");
        let totals = Totals {
            host: TestCounts {
                passed: 38,
                failed: 2,
                ignored: 1,
                results: 3,
            },
            ..Totals::default()
        };
        assert_eq!(
            pipeline_with(&ctx, 4, totals).summary(1),
            "steps: 4 passed, 1 failed (4 not run); tests by tier: host 38, browser 0, e2e 0\n\
             SUMMARY: 38 passed, 2 failed, 1 skipped"
        );
    }
}
