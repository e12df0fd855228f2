//! The Python tools the tests run: `requests` for the exported Python snippet and a pinned
//! HTTPie in its own virtual environment for the exported HTTPie snippet.

use super::{HTTPIE_VENV, HTTPIE_VERSION, Missing, is_root};
use crate::proc::{self, Ctx};

/// Python 3 with `requests`: the end-to-end tests run the exported Python snippet
/// (tests/e2e/specs/export.spec.mjs). pip first (a pyenv or virtualenv Python); Debian's own
/// Python refuses pip installs (PEP 668), so as root `apt-get install python3-requests` next.
pub(super) fn python_requests(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let pip = "python3 -m pip install requests";
    let apt = "apt-get install -y python3-requests";
    let version = || {
        proc::output_of(
            ctx.cmd("python3")
                .args(["-c", "import requests; print(requests.__version__)"]),
        )
        .map(|v| v.trim().to_string())
    };
    if let Some(v) = version() {
        println!("ok python3 requests {v}");
        return;
    }
    let has_python = proc::output_of(ctx.cmd("python3").arg("--version")).is_some();
    if has_python {
        println!("installing python requests: {pip}");
        let pip_install = ctx
            .cmd("python3")
            .args(["-m", "pip", "install", "requests"])
            .status();
        if pip_install.is_ok_and(|s| s.success())
            && let Some(v) = version()
        {
            println!("ok python3 requests {v} (installed)");
            return;
        }
    }
    if ctx.which("apt-get").is_some() && is_root() {
        println!("installing python requests: apt-get update && {apt}");
        let result = proc::run(ctx.cmd("apt-get").arg("update")).and_then(|()| {
            proc::run(
                ctx.cmd("apt-get")
                    .args(["install", "-y", "python3", "python3-requests"])
                    .env("DEBIAN_FRONTEND", "noninteractive"),
            )
        });
        if let (Ok(()), Some(v)) = (result, version()) {
            println!("ok python3 requests {v} (installed)");
            return;
        }
    }
    missing.push(Missing {
        what: if has_python {
            "the Python package requests (python3 -c \"import requests\" fails)".into()
        } else {
            "python3 with the package requests (python3 not found)".into()
        },
        how: format!("{pip}  (Debian's system Python: {apt})"),
    });
}

/// HTTPie, pinned, in its own virtual environment under `target/` (no system Python is
/// changed; Debian's refuses pip installs, PEP 668, a virtual environment does not).
pub(super) fn httpie(ctx: &Ctx, missing: &mut Vec<Missing>) {
    let venv = ctx.root.join(HTTPIE_VENV);
    let http = venv.join("bin").join("http");
    let python = venv.join("bin").join("python");
    let how = format!(
        "python3 -m venv {HTTPIE_VENV} && {HTTPIE_VENV}/bin/python -m pip install httpie=={HTTPIE_VERSION}  \
         (Debian: apt-get install python3-venv first)"
    );
    let version = || proc::output_of(ctx.cmd(&http).arg("--version")).map(|v| v.trim().to_string());
    if version().as_deref() == Some(HTTPIE_VERSION) {
        println!("ok HTTPie {HTTPIE_VERSION} ({})", http.display());
        return;
    }
    println!(
        "installing HTTPie {HTTPIE_VERSION} into {}: {how}",
        venv.display()
    );
    let mut result = Ok(());
    if !python.exists() {
        result = proc::run(ctx.cmd("python3").arg("-m").arg("venv").arg(&venv));
    }
    let spec = format!("httpie=={HTTPIE_VERSION}");
    result = result.and_then(|()| {
        proc::run(
            ctx.cmd(&python)
                .args(["-m", "pip", "install", "--quiet", &spec]),
        )
    });
    match (result, version()) {
        (Ok(()), Some(v)) if v == HTTPIE_VERSION => println!("ok HTTPie {v} (installed)"),
        (result, found) => missing.push(Missing {
            what: format!(
                "HTTPie {HTTPIE_VERSION} in {} ({})",
                venv.display(),
                match (result, found) {
                    (Err(e), _) => e,
                    (Ok(()), Some(v)) => format!("{v} found"),
                    (Ok(()), None) => "bin/http does not run".into(),
                }
            ),
            how,
        }),
    }
}
