//! The HTTPie export (src/oauth/export.rs) run by HTTPie itself: hostile header names and
//! values and body fields must reach the wire as the literal text, never as HTTPie's request-item
//! syntax (`:@` reads a header from a file, `:=` parses JSON, `@` uploads a file, `-o` writes
//! one). Each snippet runs through `bash -c`, as a user pasting it would, so the shell quoting is
//! tested too, against a capture server on 127.0.0.1 that records the raw request bytes.
//!
//! HTTPie 3.x (PyPI `httpie`, pinned in xtask/src/setup.rs) is installed by `cargo xtask setup`
//! into `target/httpie/` at the repository root (a Python virtual environment); `HTTPIE=/path/to/http` overrides it.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use cc_core::draft::{Draft, Row};
use cc_core::export::{Language, SecretStyle, export};
use cc_core::http::{Header, HttpRequest};
use cc_core::types::AuthMethod;

/// What a file read by mistake would put on the wire.
const FILE_CONTENT: &str = "FILE-CONTENT-MUST-NOT-BE-SENT";

/// The `http` program: `$HTTPIE`, else the virtual environment `cargo xtask setup` makes.
fn httpie() -> PathBuf {
    let path = std::env::var_os("HTTPIE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/httpie/bin/http")
        });
    let version = Command::new(&path).arg("--version").output();
    match version {
        Ok(out) if out.status.success() && out.stdout.starts_with(b"3.") => path,
        _ => panic!(
            "HTTPie 3.x not found at {} (tests/httpie.rs runs the exported HTTPie snippet): \
             run `cargo xtask setup`, which installs it into target/httpie/, or set HTTPIE to \
             an `http` program of HTTPie 3",
            path.display()
        ),
    }
}

/// A scratch directory, removed with everything in it when the test ends (pass or fail).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A scratch directory with a file that no snippet may read.
fn scratch(name: &str) -> (Scratch, PathBuf) {
    let dir = std::env::temp_dir().join(format!("cc-httpie-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let file = dir.join("secret.txt");
    std::fs::write(&file, FILE_CONTENT).expect("scratch file");
    (Scratch(dir), file)
}

/// Accepts one connection on 127.0.0.1, records the request (head and `Content-Length` body),
/// answers `200 {}`. `None` when no request came within the deadline.
fn capture_server() -> (u16, mpsc::Receiver<Option<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("local addr").port();
    listener.set_nonblocking(true).expect("nonblocking");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let stream = loop {
            match listener.accept() {
                Ok((s, _)) => break Some(s),
                Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                Err(_) => break None,
            }
        };
        let Some(mut stream) = stream else {
            let _ = tx.send(None);
            return;
        };
        stream.set_nonblocking(false).expect("blocking");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut data = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if data.len() >= end + 4 + length {
                    break;
                }
            }
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => data.extend_from_slice(&buf[..n]),
            }
        }
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\
              Connection: close\r\n\r\n{}",
        );
        let _ = tx.send(Some(data));
    });
    (port, rx)
}

/// A token request to the capture server with these extra body fields.
fn request(port: u16, params: &[(&str, &str)]) -> HttpRequest {
    let draft = Draft {
        token_url: format!("http://127.0.0.1:{port}/token"),
        auth: AuthMethod::ClientSecretPost,
        client_secret: "=@secret.txt".into(),
        extra_params: params
            .iter()
            .enumerate()
            .map(|(i, (n, v))| Row::new(i as u32 + 1, *n, *v))
            .collect(),
        ..Draft::example()
    };
    draft.validate().expect("valid draft").to_http()
}

struct Run {
    status: Option<i32>,
    stderr: String,
    captured: Option<Vec<u8>>,
}

/// Runs the `language` snippet for `request` with `bash -c` in `dir`, with `env` set.
fn run(
    request: &HttpRequest,
    language: Language,
    style: SecretStyle,
    dir: &Path,
    env: &[(&str, &str)],
) -> Run {
    let http = httpie();
    let snippet = export(request, language, style);
    let bin = http.parent().expect("bin dir").to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&snippet)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir)
        .envs(env.iter().copied())
        .output()
        .expect("bash runs");
    Run {
        status: out.status.code(),
        stderr: format!(
            "{}\n--- snippet ---\n{snippet}",
            String::from_utf8_lossy(&out.stderr)
        ),
        captured: None,
    }
}

/// Runs and collects what the capture server saw.
fn run_captured(
    request: &HttpRequest,
    rx: mpsc::Receiver<Option<Vec<u8>>>,
    language: Language,
    style: SecretStyle,
    dir: &Path,
    env: &[(&str, &str)],
) -> Run {
    let mut r = run(request, language, style, dir, env);
    r.captured = if r.status == Some(0) {
        rx.recv_timeout(Duration::from_secs(30)).ok().flatten()
    } else {
        // A refused snippet sends nothing: give a stray request a moment to arrive.
        rx.recv_timeout(Duration::from_millis(300)).ok().flatten()
    };
    r
}

/// The request's header lines (minus those HTTPie derives) and body, each of which the capture
/// must carry byte for byte.
fn assert_literal(request: &HttpRequest, r: &Run) {
    assert_eq!(r.status, Some(0), "HTTPie failed: {}", r.stderr);
    let captured = r.captured.as_ref().expect("a request reached the server");
    let text = String::from_utf8_lossy(captured);
    assert!(
        !text.contains(FILE_CONTENT),
        "a file was read into the request:\n{text}\n{}",
        r.stderr
    );
    let end = captured
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head");
    let head = std::str::from_utf8(&captured[..end]).expect("UTF-8 head");
    // Compared without trailing space: curl writes an empty field as `Name:` (RFC 9110 §5.5 OWS).
    let lines: Vec<&str> = head.split("\r\n").map(str::trim_end).collect();
    for h in &request.headers {
        if ["host", "content-length"].contains(&h.name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let line = format!("{}: {}", h.name, h.value);
        let line = line.trim_end();
        assert!(
            lines.contains(&line),
            "header {line:?} not sent literally; request:\n{text}\n{}",
            r.stderr
        );
    }
    assert_eq!(
        String::from_utf8_lossy(&captured[end + 4..]),
        String::from_utf8_lossy(&request.body),
        "body not sent literally: {}",
        r.stderr
    );
}

/// Header values (and body fields) that are HTTPie syntax or escapes, each in its own header.
const HOSTILE_VALUES: [&str; 22] = [
    "@/etc/passwd",
    "@secret.txt",
    "=x",
    "=@secret.txt",
    ":=1",
    ":=@secret.txt",
    ":x",
    ":@secret.txt",
    "==x",
    "==@secret.txt",
    ";",
    "a;b",
    "x=@secret.txt",
    "\\@secret.txt",
    "a\\=b",
    "a\\:b",
    "C:\\",
    "\\",
    "a\\\\b",
    "é ünïcødé ✓ 日本",
    "'\"$HOME`id`",
    "",
];

/// Extra header fields `X-V0`, `X-V1`, … holding `values`; `sensitive` ones are read from
/// environment variables `X_V0`, … in [`SecretStyle::EnvVars`].
fn numbered(values: &[String], sensitive: bool) -> (Vec<Header>, Vec<(String, String)>) {
    let headers = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if sensitive {
                Header::sensitive(format!("X-V{i}"), v.clone())
            } else {
                Header::new(format!("X-V{i}"), v.clone())
            }
        })
        .collect();
    let env = values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("X_V{i}"), v.clone()))
        .collect();
    (headers, env)
}

/// Sends `headers` and `params` through the exported HTTPie snippet.
fn send(
    dir: &Path,
    headers: Vec<Header>,
    params: &[(&str, &str)],
    style: SecretStyle,
    env: &[(String, String)],
) -> (HttpRequest, Run) {
    send_with(Language::Httpie, dir, headers, params, style, env)
}

/// Sends `headers` and `params` through the exported `language` snippet.
fn send_with(
    language: Language,
    dir: &Path,
    headers: Vec<Header>,
    params: &[(&str, &str)],
    style: SecretStyle,
    env: &[(String, String)],
) -> (HttpRequest, Run) {
    let (port, rx) = capture_server();
    // Header fields are set directly: names that the form refuses (not tokens, RFC 9110
    // §5.6.2) must be safe in an export too.
    let mut request = request(port, params);
    let at = request
        .headers
        .iter()
        .position(|h| h.name == "Content-Length")
        .unwrap_or(request.headers.len());
    for (i, h) in headers.into_iter().enumerate() {
        request.headers.insert(at + i, h);
    }
    let mut env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    env.push(("CLIENT_SECRET", "=@secret.txt"));
    let r = run_captured(&request, rx, language, style, dir, &env);
    (request, r)
}

fn hostile_values(file: &Path) -> Vec<String> {
    let abs = format!("@{}", file.display());
    let mut values: Vec<String> = HOSTILE_VALUES.iter().map(|v| v.to_string()).collect();
    values.push(format!(":{abs}"));
    values.push(format!("={abs}"));
    values.push(abs);
    values
}

#[test]
fn httpie_hostile_header_values_inline_sent_literally() {
    let (dir, file) = scratch("inline");
    let (headers, _) = numbered(&hostile_values(&file), false);
    let (request, r) = send(&dir, headers, &[], SecretStyle::Inline, &[]);
    assert_literal(&request, &r);
}

#[test]
fn httpie_hostile_header_values_from_env_sent_literally() {
    let (dir, file) = scratch("env");
    // A variable cannot be empty (the snippet checks that each one is set).
    let values: Vec<String> = hostile_values(&file)
        .into_iter()
        .filter(|v| !v.is_empty())
        .collect();
    let (headers, env) = numbered(&values, true);
    let (request, r) = send(&dir, headers, &[], SecretStyle::EnvVars, &env);
    assert_literal(&request, &r);
}

#[test]
fn httpie_hostile_body_fields_sent_literally() {
    let (dir, _) = scratch("body");
    let params: Vec<(&str, &str)> = HOSTILE_VALUES
        .iter()
        .filter(|v| !v.is_empty())
        .map(|v| (*v, *v))
        .chain([("-o", "x"), ("-a", "u:p")])
        .collect();
    for style in [SecretStyle::Inline, SecretStyle::EnvVars] {
        let (request, r) = send(&dir, Vec::new(), &params, style, &[]);
        assert_literal(&request, &r);
    }
}

/// Names that hold HTTPie separators, escapes or look like its options (`-o` writes a file,
/// `-a` sends credentials). A name with `:` cannot be sent at all (RFC 9110 §5.1): HTTPie must
/// refuse it rather than read it as another item.
#[test]
fn httpie_hostile_header_names_sent_literally_or_refused() {
    let (dir, file) = scratch("names");
    let abs = file.display().to_string();
    let sendable = [
        "X==Eq".to_string(),
        "X=Eq".into(),
        "X@At".into(),
        format!("X=@{abs}"),
        format!("@{abs}"),
        "X;Semi".into(),
        "X\\Back".into(),
        "-o".into(),
        "-a".into(),
        "--form".into(),
        "X==@x".into(),
    ];
    for name in &sendable {
        let headers = vec![Header::new(name.clone(), format!("@{abs}"))];
        let (request, r) = send(&dir, headers, &[], SecretStyle::Inline, &[]);
        assert_literal(&request, &r);
    }
    let refused = [
        "X:Colon".to_string(),
        "X:=@".into(),
        format!("X:@{abs}"),
        "X\\=".into(),
        "X\\".into(),
    ];
    for name in &refused {
        let headers = vec![Header::new(name.clone(), "v")];
        let (_, r) = send(&dir, headers, &[], SecretStyle::Inline, &[]);
        assert_ne!(r.status, Some(0), "{name:?} was accepted: {}", r.stderr);
        assert!(
            r.captured.is_none(),
            "{name:?}: a request was sent: {:?}",
            r.captured.map(|c| String::from_utf8_lossy(&c).into_owned())
        );
        assert!(!dir.join("x").exists() && !dir.join(":x").exists());
    }
}

/// The name of the empty-valued header and a unicode name round-trip too.
#[test]
fn httpie_empty_value_and_unicode_sent_literally() {
    let (dir, _) = scratch("empty");
    let headers = vec![
        Header::new("X-Empty", ""),
        Header::new("X-Uni", "ünï ✓"),
        Header::new("X-Sp", "a b  c"),
    ];
    let (request, r) = send(&dir, headers, &[("p", "")], SecretStyle::Inline, &[]);
    assert_literal(&request, &r);
}

/// curl and Wget take a header as one option argument, so values are data; but curl reads
/// `--header @FILE` as a file of header lines.
#[test]
fn curl_wget_hostile_header_values_sent_literally() {
    let (dir, file) = scratch("curl");
    for language in [Language::Curl, Language::Wget] {
        let (headers, _) = numbered(&hostile_values(&file), false);
        let (request, r) = send_with(language, &dir, headers, &[], SecretStyle::Inline, &[]);
        assert_literal(&request, &r);
        let values: Vec<String> = hostile_values(&file)
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect();
        let (headers, env) = numbered(&values, true);
        let (request, r) = send_with(language, &dir, headers, &[], SecretStyle::EnvVars, &env);
        assert_literal(&request, &r);
    }
}

/// A header name starting with `@` (not a field name, RFC 9110 §5.6.2) would make curl read
/// the file `NAME: VALUE` as header lines: the curl snippet leaves it out.
#[test]
fn curl_header_name_starting_with_at_not_read_as_file() {
    let (dir, _) = scratch("curl-at");
    std::fs::write(dir.join("planted: v"), format!("X-Leak: {FILE_CONTENT}\n")).expect("file");
    let headers = vec![Header::new("@planted", "v"), Header::new("X-Ok", "1")];
    let (request, r) = send_with(Language::Curl, &dir, headers, &[], SecretStyle::Inline, &[]);
    assert_eq!(r.status, Some(0), "curl failed: {}", r.stderr);
    let captured = String::from_utf8_lossy(r.captured.as_deref().expect("a request"));
    assert!(!captured.contains(FILE_CONTENT), "file read: {captured}");
    assert!(captured.contains("\r\nX-Ok: 1\r\n"), "{captured}");
    let snippet = export(&request, Language::Curl, SecretStyle::Inline);
    assert!(snippet.contains("left out"), "{snippet}");
}

/// curl with the secret from `CLIENT_SECRET`, for both client authentication methods that send
/// one: a secret that needs no encoding goes the idiomatic way (`--user`, `--data-urlencode`),
/// one that does through the shell encoder; either way the raw view's bytes reach the wire.
#[test]
fn curl_env_secret_short_and_encoded_forms_sent_literally() {
    let (dir, _) = scratch("curl-forms");
    for auth in [AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost] {
        for (secret, short) in [("my_secret_456", true), ("p@ss w/rd+&:%=*~é", false)] {
            let (port, rx) = capture_server();
            let request = Draft {
                token_url: format!("http://127.0.0.1:{port}/token"),
                auth,
                client_secret: secret.into(),
                extra_params: vec![Row::new(1, "audience", "https://api.example/x y")],
                ..Draft::example()
            }
            .validate()
            .expect("valid draft")
            .to_http();
            let snippet = export(&request, Language::Curl, SecretStyle::EnvVars);
            assert_eq!(!snippet.contains("form_urlencode"), short, "{snippet}");
            assert!(snippet.contains("curl -sS \\\n"), "{snippet}");
            let r = run_captured(
                &request,
                rx,
                Language::Curl,
                SecretStyle::EnvVars,
                &dir,
                &[("CLIENT_SECRET", secret)],
            );
            assert_literal(&request, &r);
        }
    }
}
