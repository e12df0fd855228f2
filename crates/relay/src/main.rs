//! `cc-relay --listen 127.0.0.1:8787 [--allow-target URL-PREFIX]… [--allow-origin ORIGIN]… [--allow-private]`

use std::process::ExitCode;

use cc_relay::cli::Cli;
use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let listen = cli.listen;
    let config = match cli.into_config() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("cc-relay: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cc-relay: cannot listen on {listen}: {e}");
            return ExitCode::from(1);
        }
    };
    let bound = listener.local_addr().map_or(listen, |a| a);
    println!("cc-relay listening on http://{bound}");
    if config.allow_origins.is_empty() {
        println!("  origins: none allowed (browser requests are refused; add --allow-origin)");
    } else {
        println!("  origins: {}", config.allow_origins.join(" "));
    }
    if config.policy.allow_targets.is_empty() {
        println!("  targets: any https URL on a public address");
    } else {
        println!(
            "  targets: only under --allow-target ({})",
            config.policy.allow_targets.len()
        );
    }
    if config.policy.allow_private {
        println!("  private addresses: allowed (--allow-private)");
    }
    match cc_relay::serve(listener, config, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cc-relay: {e}");
            ExitCode::from(1)
        }
    }
}

/// Ctrl-C or SIGTERM (a container stop) ends the relay gracefully.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
