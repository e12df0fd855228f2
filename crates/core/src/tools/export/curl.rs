//! The curl snippet (`curl --data-raw`, POSIX shell).

use super::model::Model;
use super::shell::{SHELL, header_arg, shell_command, shell_head, shell_method};

pub(super) fn snippet(m: &Model) -> String {
    let mut out = shell_head(
        m,
        "curl adds Host and Content-Length itself, and a User-Agent.",
    );
    if m.headers.iter().any(|(name, _)| name.starts_with('@')) {
        // curl reads `--header @FILE` as a file of header lines, with no way to escape the `@`.
        out.push_str(
            "# A header whose name starts with @ is left out: curl would read \"--header @...\" \
             as a file of headers, and no field name starts with @ (RFC 9110 §5.6.2).\n",
        );
    }
    let mut args = Vec::new();
    let inferred = if m.body.is_empty() { "GET" } else { "POST" };
    if m.method != inferred {
        args.push(format!("--request {}", shell_method(&m.method)));
    }
    let url = SHELL.expr(&m.url, &m.vars);
    if url.contains(['[', ']', '{', '}']) {
        args.push("--globoff".into());
    }
    for (name, value) in &m.headers {
        if name.starts_with('@') {
            continue;
        }
        // curl drops a header given as "Name:"; "Name;" sends it with an empty value.
        args.push(format!(
            "--header {}",
            header_arg(m, name, value, ": ", ";")
        ));
    }
    if !m.body.is_empty() {
        args.push(format!("--data-raw {}", SHELL.expr(&m.body, &m.vars)));
    }
    args.push(url);
    out.push_str(&shell_command("curl", &args));
    out
}
