//! The curl snippet (`curl -sS --data-raw`, POSIX shell). A secret whose current value needs no
//! encoding is passed the idiomatic way (`--user "id:$CLIENT_SECRET"` for `client_secret_basic`,
//! `--data-urlencode` for `client_secret_post`); the shell encoder functions are written only
//! for secrets that need them (RFC 6749 §2.3.1, Appendix B).

use super::model::{Enc, Helper, Model, Part, Text};
use super::secrets::needs_no_encoding;
use super::shell::{SHELL, header_arg, shell_command, shell_head_with, shell_method, shell_word};
use crate::http::BodyKind;

const TOOL_LINE: &str = "curl adds Host and Content-Length itself, and a User-Agent.";

/// `"PREFIX$NAME"` when the prefix is plain enough for double quotes, else quoted in pieces.
fn joined(m: &Model, prefix: &str, var: usize) -> String {
    if needs_no_encoding(prefix.trim_end_matches(['=', ':'])) {
        format!("\"{prefix}${}\"", m.vars[var].name)
    } else {
        SHELL.expr(
            &[
                Part::Lit(prefix.into()),
                Part::Env {
                    var,
                    enc: Enc::Plain,
                },
            ],
            &m.vars,
        )
    }
}

/// `--user "id:$CLIENT_SECRET"` for `Basic` credentials whose client id and current secret
/// need no encoding: then curl's own `Basic` header is the one RFC 6749 §2.3.1 asks for.
fn short_user(m: &Model, name: &str, value: &Text) -> Option<String> {
    match value.as_slice() {
        [
            Part::Env {
                var,
                enc: Enc::Basic { client_id },
            },
        ] if name.eq_ignore_ascii_case("authorization")
            && m.unencoded[*var]
            && needs_no_encoding(client_id) =>
        {
            Some(format!(
                "--user {}",
                joined(m, &format!("{client_id}:"), *var)
            ))
        }
        _ => None,
    }
}

/// The form body as `--data-raw` pieces around `--data-urlencode "name=$SECRET"` for each
/// secret that needs no encoding (curl joins them with `&`, giving the same bytes), or `None`
/// when the body has no secret or one that needs the encoder.
fn short_body(m: &Model) -> Option<Vec<String>> {
    if m.body_kind != BodyKind::Form || !m.body.iter().any(|p| matches!(p, Part::Env { .. })) {
        return None;
    }
    let mut args = Vec::new();
    let mut lit = String::new();
    let mut after_secret = false;
    for part in &m.body {
        match part {
            Part::Lit(s) => {
                let s = if after_secret {
                    s.strip_prefix('&')?
                } else {
                    s.as_str()
                };
                after_secret = false;
                lit.push_str(s);
            }
            Part::Env {
                var,
                enc: Enc::Form,
            } if m.unencoded[*var] && !after_secret => {
                // `lit` ends with the secret's `name=`, after the previous `&`.
                let start = lit.rfind('&').map_or(0, |i| i + 1);
                let name = &lit[start..];
                if name.len() < 2 || !name.ends_with('=') {
                    return None;
                }
                if start > 0 {
                    args.push(format!("--data-raw {}", shell_word(&lit[..start - 1])));
                }
                args.push(format!("--data-urlencode {}", joined(m, name, *var)));
                lit.clear();
                after_secret = true;
            }
            Part::Env { .. } => return None,
        }
    }
    if !lit.is_empty() {
        args.push(format!("--data-raw {}", shell_word(&lit)));
    }
    Some(args)
}

pub(super) fn snippet(m: &Model) -> String {
    let users: Vec<Option<String>> = m.headers.iter().map(|(n, v)| short_user(m, n, v)).collect();
    let short_body = short_body(m);
    let url_form = m
        .url
        .iter()
        .any(|p| matches!(p, Part::Env { enc: Enc::Form, .. }));
    let basic_left = m.headers.iter().zip(&users).any(|((_, v), user)| {
        user.is_none()
            && v.iter().any(|p| {
                matches!(
                    p,
                    Part::Env {
                        enc: Enc::Basic { .. },
                        ..
                    }
                )
            })
    });
    let body_form = short_body.is_none()
        && m.body
            .iter()
            .any(|p| matches!(p, Part::Env { enc: Enc::Form, .. }));
    let shortened = users.iter().any(Option::is_some) || short_body.is_some();
    let note = "The secret is used as is: its current value has only A-Z a-z 0-9 - . _, which \
                need no encoding (RFC 6749 §2.3.1); export again for one with other characters.";
    let note = shortened.then_some(note);
    let mut out = shell_head_with(m, &[TOOL_LINE], note, |helper| match helper {
        Helper::Form => url_form || basic_left || body_form,
        Helper::Basic => basic_left,
        other => m.needs(other),
    });
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
    for ((name, value), user) in m.headers.iter().zip(users) {
        if name.starts_with('@') {
            continue;
        }
        // curl drops a header given as "Name:"; "Name;" sends it with an empty value.
        args.push(
            user.unwrap_or_else(|| format!("--header {}", header_arg(m, name, value, ": ", ";"))),
        );
    }
    match short_body {
        Some(body) => args.extend(body),
        None if !m.body.is_empty() => {
            args.push(format!("--data-raw {}", SHELL.expr(&m.body, &m.vars)));
        }
        None => {}
    }
    args.push(url);
    out.push_str(&shell_command("curl -sS", &args));
    out
}
