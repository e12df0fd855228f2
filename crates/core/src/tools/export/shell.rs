//! The POSIX shell, shared by the curl, HTTPie and Wget snippets: shell words (single quotes,
//! `printf` escapes), the variable checks and the `form_urlencode` / `basic_auth` /
//! `json_escape` shell functions (RFC 6749 Appendix B, §2.3.1).

use super::model::{Helper, Model, Part, Text, merge, preamble};
use super::syntax::{Syntax, is_plain};
use std::fmt::Write as _;

/// A method name as a shell word: bare when it is plain letters.
pub(super) fn shell_method(method: &str) -> String {
    if !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphabetic()) {
        method.to_string()
    } else {
        shell_word(method)
    }
}

/// A POSIX shell word for `s`: single-quoted runs, `\'` for a quote, and `printf` octal escapes
/// for characters that are not plain (invisible or reordering ones), so that the command reads
/// as it runs. Inside single quotes nothing is special, so `$`, `"`, `\` and a newline stay data.
pub(super) fn shell_word(s: &str) -> String {
    fn flush(out: &mut String, run: &mut String) {
        if !run.is_empty() {
            out.push('\'');
            out.push_str(run);
            out.push('\'');
            run.clear();
        }
    }
    if s.is_empty() {
        return "''".into();
    }
    let mut out = String::new();
    let mut run = String::new();
    for c in s.chars() {
        match c {
            '\'' => {
                flush(&mut out, &mut run);
                out.push_str("\\'");
            }
            '"' | '\\' | '\n' => run.push(c),
            c if is_plain(c) => run.push(c),
            c => {
                flush(&mut out, &mut run);
                let mut bytes = [0u8; 4];
                let octal: String = c
                    .encode_utf8(&mut bytes)
                    .bytes()
                    .map(|b| format!("\\{b:03o}"))
                    .collect();
                let _ = write!(out, "\"$(printf '{octal}')\"");
            }
        }
    }
    flush(&mut out, &mut run);
    out
}

/// The POSIX shell: `"$NAME"` for variables and the snippet's shell functions, each in double
/// quotes so that the value stays one word.
pub(super) const SHELL: Syntax = Syntax {
    lit: shell_word,
    env: "\"${}\"",
    form: "\"$(form_urlencode {})\"",
    json: "\"$(json_escape {})\"",
    basic: "\"$(basic_auth {} {})\"",
    concat: |pieces| pieces.into_iter().map(|(_, code)| code).collect(),
};

pub(super) const SH_FORM: &str = r#"# application/x-www-form-urlencoded (RFC 6749 Appendix B): A-Z a-z 0-9 * - . _ kept,
# space as +, every other byte as %XX. (curl --data-urlencode differs on space, * and ~.)
form_urlencode() {
  printf '%s' "$1" | od -An -v -tu1 | awk '{
    for (i = 1; i <= NF; i++) {
      b = $i + 0
      if ((b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 42 || b == 45 || b == 46 || b == 95) printf "%c", b
      else if (b == 32) printf "+"
      else printf "%%%02X", b
    }
  }'
}
"#;

pub(super) const SH_BASIC: &str = r#"# HTTP Basic credentials as RFC 6749 §2.3.1 asks: id and secret form-urlencoded, then base64.
basic_auth() {
  printf 'Basic %s' "$(printf '%s:%s' "$(form_urlencode "$1")" "$(form_urlencode "$2")" | base64 | tr -d '\n')"
}
"#;

pub(super) const SH_JSON: &str = r#"# The inside of a JSON string: \ and " escaped (a secret has no control characters).
json_escape() {
  printf '%s' "$1" | sed 's/[\\"]/\\&/g'
}
"#;

/// Preamble, variable checks and helper functions shared by the shell snippets.
pub(super) fn shell_head(m: &Model, tool_line: &str) -> String {
    shell_head_with(m, &[tool_line], None, |helper| m.needs(helper))
}

/// [`shell_head`] with a comment line after the variables, and only the helpers `needs` asks
/// for.
pub(super) fn shell_head_with(
    m: &Model,
    lines: &[&str],
    note: Option<&str>,
    needs: impl Fn(Helper) -> bool,
) -> String {
    let mut out = preamble(m, "#", lines);
    if let Some(note) = note {
        let _ = writeln!(out, "# {note}");
    }
    for v in &m.vars {
        let _ = writeln!(
            out,
            ": \"${{{}:?set this environment variable first}}\"",
            v.name
        );
    }
    for (helper, code) in [
        (Helper::Form, SH_FORM),
        (Helper::Basic, SH_BASIC),
        (Helper::Json, SH_JSON),
    ] {
        if needs(helper) {
            out.push_str(code);
        }
    }
    out
}

/// Arguments of a shell command, one per line with ` \` continuations.
pub(super) fn shell_command(command: &str, args: &[String]) -> String {
    let mut out = command.to_string();
    for arg in args {
        out.push_str(" \\\n  ");
        out.push_str(arg);
    }
    out.push('\n');
    out
}

pub(super) fn header_arg(
    m: &Model,
    name: &str,
    value: &Text,
    sep: &str,
    empty_sep: &str,
) -> String {
    // An empty value is `[]` or `[Lit("")]`.
    let sep = if merge(value.clone()).is_empty() {
        empty_sep
    } else {
        sep
    };
    let mut text = vec![Part::Lit(format!("{name}{sep}"))];
    text.extend(value.iter().cloned());
    SHELL.expr(&merge(text), &m.vars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sh_str_quote_closes_and_reopens() {
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("'"), r"\'");
        assert_eq!(shell_word("a\"$HOME\\`x`"), "'a\"$HOME\\`x`'");
    }

    #[test]
    fn sh_str_invisible_characters_printf_escaped() {
        assert_eq!(
            shell_word("a\u{202e}b"),
            r#"'a'"$(printf '\342\200\256')"'b'"#
        );
    }
}
