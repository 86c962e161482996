//! `kilde demo` ends with the demo corpus indexed and served; SIGTERM stops it cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use crate::repo;

/// One HTTP/1.1 GET over a plain socket: status line and body.
fn get(addr: &str, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or_default().to_string(),
        body.to_string(),
    )
}

#[test]
fn demo_indexes_the_corpus_serves_it_and_stops_on_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let index = tmp.path().join("demo-index");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kilde"))
        .args(["demo", "--addr", "127.0.0.1:0", "--index"])
        .arg(&index)
        .current_dir(repo())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("kilde demo exited before serving")
            .unwrap();
        if let Some(rest) = line.strip_prefix("kilde: serving 49 articles at http://") {
            break rest.trim_end_matches('/').to_string();
        }
    };
    let (status, body) = get(&url, "/api/search?q=storm&limit=1");
    assert!(status.contains("200"), "{status} {body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(json["total"].as_u64().unwrap() > 0, "{json}");
    let (status, _) = get(&url, "/healthz");
    assert!(status.contains("200"), "{status}");

    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "graceful shutdown ends with exit 0, got {status}"
    );
    assert!(
        TcpStream::connect(&url).is_err(),
        "the port is closed after shutdown"
    );
}
