//! The HTTPie snippet (`http --raw`, HTTPie 3 or later, POSIX shell), with the escaping its
//! request items need.

use super::model::{Model, Part, Text, merge};
use super::shell::{SHELL, shell_command, shell_head, shell_method, shell_word};

/// The characters of HTTPie's request-item separators (`:`, `;`, `:@`, `==`, `==@`, `=`, `:=`,
/// `@`, `=@`, `:=@`); HTTPie reads one preceded by a backslash as that literal character.
pub(super) const HTTPIE_SPECIAL: [char; 4] = [':', ';', '@', '='];

/// True when `s` has a backslash directly before a separator character, which HTTPie's items
/// cannot carry: `\\` stays two backslashes there, and `\@` is a lone `@`.
pub(super) fn httpie_backslash_before_special(s: &str) -> bool {
    s.chars()
        .zip(s.chars().skip(1))
        .any(|(a, b)| a == '\\' && HTTPIE_SPECIAL.contains(&b))
}

/// A header name as the key of an HTTPie item: every separator character escaped. `None` when
/// it cannot be written (a backslash before a separator character, or at the end, where it
/// would escape the item's own separator); no field name (a token, RFC 9110 §5.6.2) is such.
pub(super) fn httpie_key(name: &str) -> Option<String> {
    if httpie_backslash_before_special(name) || name.ends_with('\\') {
        return None;
    }
    let mut out = String::new();
    for c in name.chars() {
        if HTTPIE_SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    Some(out)
}

pub(super) const SH_HTTPIE: &str = r#"# HTTPie reads "Name:VALUE" by its request-item rules: a VALUE starting with @ or = would make
# it read a file or parse JSON, so that character is escaped with a backslash. A backslash
# before : ; @ or = cannot be written in an item, so such a VALUE goes through a file that this
# function writes (HTTPie's header-from-file item, "Name:@FILE").
httpie_value() {
  case "$1" in
    *\\[:\;@=]*) f="$(mktemp)" && printf '%s' "$1" > "$f" && printf '@%s' "$f" ;;
    [@=]*) printf '\\%s' "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}
"#;

/// The request item for one header field: the name escaped, `;` for an empty value, and a
/// value that HTTPie takes literally: escaped when it is known, else through `httpie_value`.
pub(super) fn httpie_header(m: &Model, key: &str, value: &Text) -> (String, bool) {
    let value = merge(value.clone());
    let literal = match value.as_slice() {
        [] => Some(String::new()),
        [Part::Lit(v)] if !httpie_backslash_before_special(v) => Some(v.clone()),
        _ => None,
    };
    match literal {
        Some(v) if v.is_empty() => (shell_word(&format!("{key};")), false),
        Some(v) => {
            let escape = if v.starts_with(['@', '=']) { "\\" } else { "" };
            (shell_word(&format!("{key}:{escape}{v}")), false)
        }
        None => {
            let expr = SHELL.expr(&value, &m.vars);
            (
                format!(
                    "{}\"$(httpie_value {expr})\"",
                    shell_word(&format!("{key}:"))
                ),
                true,
            )
        }
    }
}

pub(super) fn snippet(m: &Model) -> String {
    let mut out = shell_head(
        m,
        if m.url_may_hold_tilde() {
            "HTTPie 3 or later; it adds Host, Content-Length, a User-Agent and Accept-Encoding.\n\
             # HTTPie, built on requests, sends a %7E in the URL as ~ (the same URL, RFC 3986 §6.2.2.2)."
        } else {
            "HTTPie 3 or later; it adds Host, Content-Length, a User-Agent and Accept-Encoding."
        },
    );
    let keys: Option<Vec<String>> = m.headers.iter().map(|(n, _)| httpie_key(n)).collect();
    let Some(keys) = keys else {
        // `false`, not `exit`: a snippet pasted into a terminal must not close it.
        out.push_str(
            "echo 'HTTPie cannot send this request: a header name has a backslash before : ; @ \
             or = (or at its end), which its request items cannot express; no valid field name \
             has one (RFC 9110 §5.6.2).' >&2\nfalse\n",
        );
        return out;
    };
    // Without --ignore-stdin, HTTPie run from a script waits for a body on standard input.
    // `--raw=` and `--`: a body or header name starting with `-` is not read as an option.
    let mut args = vec!["--ignore-stdin".to_string()];
    if !m.body.is_empty() {
        args.push(format!("--raw={}", SHELL.expr(&m.body, &m.vars)));
    }
    args.push(format!(
        "-- {} {}",
        shell_method(&m.method),
        SHELL.expr(&m.url, &m.vars)
    ));
    let mut helper = false;
    for ((_, value), key) in m.headers.iter().zip(&keys) {
        let (arg, uses) = httpie_header(m, key, value);
        helper |= uses;
        args.push(arg);
    }
    if helper {
        out.push_str(SH_HTTPIE);
    }
    let mut command = shell_command("http", &args);
    // The first argument goes on the command's own line.
    command = command.replacen(" \\\n  ", " ", 1);
    out.push_str(&command);
    out
}
