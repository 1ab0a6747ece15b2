//! The preview server's limits, and the names it answers to: a client can neither hold
//! it nor reach it under another name.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::*;

/// `127.0.0.1:PORT` of a server's URL.
fn authority(server: &Server) -> String {
    let rest = server.url.trim_start_matches("http://");
    rest.split('/').next().unwrap().to_string()
}

/// Sends `head` as it is and reads the answer: its status and its whole text.
fn exchange(server: &Server, head: &str) -> (u16, String) {
    let mut stream = connect(server);
    stream.write_all(head.as_bytes()).unwrap();
    let mut text = Vec::new();
    stream.read_to_end(&mut text).unwrap();
    let text = String::from_utf8_lossy(&text).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(authority(server)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

/// Connections that send nothing.
fn idle(server: &Server, n: usize) -> Vec<TcpStream> {
    (0..n).map(|_| connect(server)).collect()
}

#[test]
fn a_request_for_another_host_is_refused_with_the_fix() {
    let site = Site::new().article("a", "", "The page.");
    let server = start(&site, &[]);
    let (status, text) = exchange(
        &server,
        "GET /a/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 403, "{text}");
    assert!(
        text.ends_with(
            "\r\n\r\n403 Forbidden: Host \"evil.example\" is not this preview server; to allow it, run serve with --allow-host evil.example\n"
        ),
        "one line naming the fix, and no page: {text}"
    );
    // A name that only starts like this server's.
    for host in [
        "127.0.0.1.evil.example",
        "localhost.evil.example",
        "localhost:1",
    ] {
        let (status, text) = exchange(
            &server,
            &format!("GET /a/ HTTP/1.0\r\nHost: {host}\r\n\r\n"),
        );
        assert_eq!(status, 403, "{host}: {text}");
    }
    // This server's own names.
    let port = authority(&server).rsplit(':').next().unwrap().to_string();
    for host in [
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        "localhost".to_string(),
        format!("[::1]:{port}"),
    ] {
        let (status, text) = exchange(
            &server,
            &format!("GET /a/ HTTP/1.0\r\nHost: {host}\r\n\r\n"),
        );
        assert_eq!(status, 200, "{host}");
        assert!(text.contains("The page."), "{host}");
    }
}

#[test]
fn allow_host_lets_a_name_through() {
    let site = Site::new().article("a", "", "The page.");
    let server = start(&site, &["--allow-host", "evil.example"]);
    let (status, text) = exchange(&server, "GET /a/ HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("The page."));
    let (status, _) = exchange(&server, "GET /a/ HTTP/1.1\r\nHost: other.example\r\n\r\n");
    assert_eq!(status, 403, "only the name allowed");
}

#[test]
fn allow_host_refuses_a_url() {
    let site = Site::new().article("a", "", "x");
    let out = Command::new(env!("CARGO_BIN_EXE_explainer"))
        .args([
            "serve",
            "--port",
            "0",
            "--allow-host",
            "http://evil.example",
        ])
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("without a scheme or port"), "{stderr}");
}

#[test]
fn live_reload_refuses_pages_of_other_origins() {
    let site = Site::new().article("a", "", "x");
    let server = start(&site, &[]);
    let host = authority(&server);
    for path in ["/__explainer/poll?since=0", "/__explainer/live.js"] {
        let (status, text) = exchange(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\r\n"),
        );
        assert_eq!(status, 403, "{path}: {text}");
        assert!(text.contains("Origin \"http://evil.example\""), "{text}");
        let (status, text) = exchange(
            &server,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\r\n"),
        );
        assert_eq!(status, 200, "{path}: {text}");
    }
    // A page of the site is no live-reload request: a link from elsewhere still works.
    let (status, _) = exchange(
        &server,
        &format!("GET /a/ HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n\r\n"),
    );
    assert_eq!(status, 200);
}

#[test]
fn past_the_connection_limit_a_request_gets_503_until_connections_close() {
    let site = Site::new().article("a", "", "x");
    let server = start(&site, &[]);
    // The server holds 64 connections; these take them all, and more.
    let held = idle(&server, 70);
    let (status, text) = exchange(&server, "GET /a/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 503, "{text}");
    assert!(text.contains("\r\nRetry-After: 1\r\n"), "{text}");
    assert!(text.ends_with("connections open; try again\n"), "{text}");
    drop(held);
    // Until it recovers, the server may answer 503 and close before the request is
    // written, or reset the connection: not yet, like a 503.
    wait_until("the server to recover", Duration::from_secs(10), || {
        try_get(&server, "/a/").is_ok_and(|(status, _)| status == 200)
    });
}

#[test]
fn a_request_head_over_16_kib_gets_431() {
    let site = Site::new().article("a", "", "x");
    let server = start(&site, &[]);
    let big = "a".repeat(20 * 1024);
    let (status, text) = exchange(
        &server,
        &format!("GET /a/ HTTP/1.0\r\nX-Big: {big}\r\n\r\n"),
    );
    assert_eq!(status, 431, "{text}");
    let (status, _) = exchange(&server, "DELETE /a/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 405);
    let (status, _) = exchange(
        &server,
        "GET /a/ HTTP/1.0\r\nContent-Length: 100000\r\n\r\n",
    );
    assert_eq!(status, 413);
    let (status, _) = exchange(&server, "HEAD /a/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 200);
}

/// The number of threads of a process.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Threads: in /proc/PID/status")
}

#[cfg(target_os = "linux")]
#[test]
fn many_idle_connections_start_no_threads() {
    let site = Site::new().article("a", "", "x");
    let server = start(&site, &[]);
    assert_eq!(get(&server, "/a/").0, 200, "the workers are up");
    let pid = server.child.id();
    let before = threads(pid);
    let held = idle(&server, 300);
    // Answered once the server has taken all 300: the last of them are refused.
    wait_until("a refusal", Duration::from_secs(10), || {
        exchange(&server, "GET /a/ HTTP/1.0\r\n\r\n").0 == 503
    });
    let during = threads(pid);
    assert!(
        during <= before + 1 && during < 40,
        "{before} threads before, {during} with 300 connections open"
    );
    drop(held);
    // Until it recovers, the server may answer 503 and close before the request is
    // written, or reset the connection: not yet, like a 503.
    wait_until("the server to recover", Duration::from_secs(10), || {
        try_get(&server, "/a/").is_ok_and(|(status, _)| status == 200)
    });
}

#[test]
fn slow_clients_hold_no_worker() {
    let site = Site::new().article("a", "", "The page.");
    let server = start(&site, &[]);
    // More than the 8 workers, each with half a request line.
    let slow: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = connect(&server);
            s.write_all(b"GET /a/ HT").unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    let (status, page) = get(&server, "/a/");
    assert_eq!(status, 200);
    assert!(page.contains("The page."));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered in {:?} beside 40 slow clients",
        started.elapsed()
    );
    // A client has 10 s to send its request head.
    let mut first = slow.into_iter().next().unwrap();
    let mut text = String::new();
    first.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 408 "), "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "timed out after {:?}",
        started.elapsed()
    );
}

#[test]
fn live_reload_answers_many_waiting_pages() {
    let site = Site::new().article("a", "", "First version.");
    let server = start(&site, &[]);
    let version = version_of(&get(&server, "/a/").1);
    // 100 open pages wait for the next build: more than the workers and than the
    // connections the server holds. Sent 20 at a time, with a page asked for in between,
    // which is answered while they wait.
    let mut waiting = Vec::new();
    for _ in 0..5 {
        for _ in 0..20 {
            waiting.push(send(&server.url, &poll_path(version)));
        }
        let started = Instant::now();
        assert_eq!(get(&server, "/a/").0, 200);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "a page took {:?} beside the waiting polls",
            started.elapsed()
        );
    }
    site.write(
        "content/a.md",
        format!("{}Second version.", fm("")).as_bytes(),
    );
    for request in waiting {
        let event = poll_answer(request);
        assert!(event["version"].as_u64().unwrap() > version, "{event}");
    }
}
