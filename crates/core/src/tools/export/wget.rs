//! The GNU Wget snippet (`wget --body-data`, POSIX shell).

use super::model::{Model, merged_headers};
use super::shell::{SHELL, header_arg, shell_command, shell_head, shell_method};

pub(super) fn snippet(m: &Model) -> String {
    let (headers, merged) = merged_headers(m);
    let mut out = shell_head(
        m,
        if merged {
            "Wget adds Host, Content-Length, a User-Agent and Accept-Encoding. It keeps one\n\
             # --header per name: repeated fields are sent as one, joined by \", \" (RFC 9110 §5.3)."
        } else {
            "Wget adds Host, Content-Length, a User-Agent and Accept-Encoding."
        },
    );
    let mut args = vec![
        "--quiet".to_string(),
        "--output-document=-".into(),
        "--content-on-error".into(),
        "--max-redirect=0".into(),
    ];
    if m.method != "GET" || !m.body.is_empty() {
        args.push(format!("--method={}", shell_method(&m.method)));
    }
    for (name, value) in &headers {
        args.push(format!(
            "--header={}",
            header_arg(m, name, value, ": ", ": ")
        ));
    }
    if !m.body.is_empty() {
        args.push(format!("--body-data={}", SHELL.expr(&m.body, &m.vars)));
    }
    args.push(SHELL.expr(&m.url, &m.vars));
    out.push_str(&shell_command("wget", &args));
    out
}
