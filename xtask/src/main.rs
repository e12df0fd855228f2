//! Developer tasks for the Client Credentials Playground. Run `cargo xtask help`.

mod bench;
mod fuzz;
mod parse;
mod pipeline;
mod proc;
mod profiles;
mod relay;
mod setup;
mod size;

use std::process::ExitCode;

const USAGE: &str = "\
cargo xtask <command> [args]

Commands:
  setup          Install what is missing (wasm32 target, trunk, wasm-bindgen-cli matching
                 Cargo.lock, Chromium + ChromeDriver, npm packages of tests/e2e);
                 prints one line per tool.
  serve [ARGS]   Set up the build tools, then `trunk serve [ARGS]` at http://127.0.0.1:8080/
                 (e.g. `cargo xtask serve --release`), with a cc-relay on 127.0.0.1:8787
                 allowing the app's origin (stopped on exit). --no-relay: without it;
                 --relay-allow-target PREFIX (repeatable): also relay to that prefix
                 (e.g. a local http authorization server).
  test           The full check, in order, stopping at the first failure:
                   1 setup  2 rustfmt  3 clippy (host)  4 clippy (wasm32)  5 tests (host)
                   6 tests (browser, wasm32)  7 trunk build --release  8 size budget
                   9 e2e (Playwright)
                 and one SUMMARY line at the end. This is what CI runs (.ci/run).
  size           Raw and gzip sizes of every file in dist/, checked against
                 size-budget.toml (run `trunk build --release` first).
  bench [--no-build] [ARGS]
                 Benchmark against Swagger UI, RapiDoc and Redoc (issue 8): setup, trunk build
                 --release, npm ci in bench/, cargo bench -p cc-core --bench core,
                 node bench/run.mjs ARGS
                 (--runs N, --keystrokes N, --send-samples N, --sends N, --idle S, --json FILE).
                 Prints tables; figures, not pass/fail. Not part of `test`.
  fuzz [SECONDS] [TARGET...]
                 Run each cargo-fuzz target of fuzz/ (or the ones named) for SECONDS
                 (default 30) and print executions and crashes per target; installs
                 cargo-fuzz if missing (needs the nightly toolchain). Not part of `test`.
  help           This text.
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    if matches!(command, "help" | "-h" | "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let ctx = match proc::Ctx::new() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        "setup" if rest.is_empty() => setup::run(&ctx, setup::Scope::All),
        "serve" => serve(&ctx, rest),
        "test" if rest.is_empty() => pipeline::run(&ctx),
        "size" if rest.is_empty() => size::run(&ctx),
        "bench" => bench::run(&ctx, rest),
        "fuzz" => fuzz::run(&ctx, rest),
        "setup" | "test" | "size" => {
            eprintln!("error: `cargo xtask {command}` takes no arguments\n\n{USAGE}");
            return ExitCode::from(2);
        }
        other => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // An empty message means the failure was already reported in full.
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

/// What `cargo xtask serve` takes for itself; the rest goes to `trunk serve`.
struct ServeArgs {
    relay: bool,
    relay_extra: Vec<String>,
    trunk: Vec<String>,
}

fn serve_args(args: &[String]) -> ServeArgs {
    let mut out = ServeArgs {
        relay: true,
        relay_extra: Vec::new(),
        trunk: Vec::new(),
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--no-relay" {
            out.relay = false;
        } else if arg == "--relay-allow-target" {
            if let Some(prefix) = iter.next() {
                out.relay_extra
                    .extend(["--allow-target".to_string(), prefix.clone()]);
            }
        } else if let Some(prefix) = arg.strip_prefix("--relay-allow-target=") {
            out.relay_extra
                .extend(["--allow-target".to_string(), prefix.to_string()]);
        } else {
            out.trunk.push(arg.clone());
        }
    }
    out
}

fn serve(ctx: &proc::Ctx, args: &[String]) -> proc::Result<()> {
    setup::run(ctx, setup::Scope::Build)?;
    let ServeArgs {
        relay,
        relay_extra,
        trunk: args,
    } = serve_args(args);
    // Trunk.toml sets 127.0.0.1:8080; follow --address/--port if they are passed through.
    let mut address = "127.0.0.1".to_string();
    let mut port = "8080".to_string();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        for (flag, slot) in [("--address", &mut address), ("--port", &mut port)] {
            if arg == flag {
                if let Some(value) = iter.clone().next() {
                    *slot = value.clone();
                }
            } else if let Some(value) = arg.strip_prefix(&format!("{flag}=")) {
                *slot = value.to_string();
            }
        }
    }
    // Stopped when dropped (trunk exited); on Ctrl-C the terminal signals both processes.
    let _relay = if relay {
        match relay::start(ctx, &relay::app_origins(&address, &port), &relay_extra) {
            Ok(running) => Some(running),
            Err(e) => {
                eprintln!("warning: serving without the relay: {e}");
                None
            }
        }
    } else {
        None
    };
    println!(
        "\nServing Client Credentials Playground at http://{address}:{port}/ \
         (first build takes a while; Ctrl-C to stop)"
    );
    if let Some(running) = &_relay {
        println!(
            "cc-relay at {} (put it in Live → \"Relay URL\" for servers without CORS)",
            running.url
        );
    }
    println!();
    // No update check: it is a network call on every start, and the version is pinned.
    proc::run(
        ctx.cmd("trunk")
            .arg("serve")
            .args(&args)
            .env("TRUNK_SKIP_VERSION_CHECK", "true"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_args_relay_flags_taken_rest_to_trunk() {
        let args: Vec<String> = [
            "--release",
            "--no-relay",
            "--relay-allow-target",
            "http://localhost:8081",
            "--port=9000",
        ]
        .map(String::from)
        .to_vec();
        let parsed = serve_args(&args);
        assert!(!parsed.relay);
        assert_eq!(
            parsed.relay_extra,
            ["--allow-target", "http://localhost:8081"]
        );
        assert_eq!(parsed.trunk, ["--release", "--port=9000"]);
    }
}
