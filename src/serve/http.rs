//! A small HTTP/1.1 server for the preview, bounded in every way a client could stretch
//! it: a fixed pool of workers, a limit on the connections open at once, on the size of a
//! request head and body, and on the time a request may take to arrive. It answers GET and
//! HEAD for the hosts [`Hosts`] allows, and closes the connection after each response.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use super::hosts::Hosts;

/// Threads that read requests and write responses.
const WORKERS: usize = 8;
/// Connections accepted and not yet answered (being read or answered, or waiting for a
/// worker); past it a new connection is answered 503 at once. A long poll handed to the
/// waiting room no longer counts: the room has a limit of its own.
const MAX_CONNECTIONS: usize = 64;
/// The request line and headers; a larger head is answered 431.
const MAX_HEAD: usize = 16 * 1024;
/// Headers in one request; more are answered 431.
const MAX_HEADERS: usize = 64;
/// A request body (GET and HEAD have no use for one); a larger one is answered 413.
const MAX_BODY: u64 = 64 * 1024;
/// The time a client has, from connecting, to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The time one write may wait on a client that does not read.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The time a worker waits for one connection's bytes before it turns to the next. A slow
/// or idle client waits its turn again at the back of the queue, so that even as many of
/// them as there are connections delay the others by a fraction of a second, not a timeout.
const SLICE: Duration = Duration::from_millis(50);
/// At most this long and this much of what a client still sends after it was answered is
/// read before the connection is closed (see [`close`]).
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;

/// A request the server accepted: GET or HEAD, for a host it answers to.
#[derive(Debug)]
pub(crate) struct Request {
    /// The request target as sent (`/a/b/?x=1`).
    pub(crate) target: String,
    /// Why a live-reload request must be refused: an `Origin` header is present and it is
    /// not a page of this server.
    pub(crate) origin_refusal: Option<String>,
}

/// A response: always with its length, and closing the connection.
#[derive(Debug)]
pub(crate) struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A one-line plain-text answer: `403 Forbidden: why`.
    pub(crate) fn text(status: u16, why: &str) -> Response {
        let line = format!("{status} {}: {why}\n", reason(status));
        Response::new(status, "text/plain; charset=utf-8", line.into_bytes())
    }

    pub(crate) fn empty(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Response {
        // A value is never allowed to end the header early.
        let value = value.chars().filter(|c| !c.is_control()).collect();
        self.headers.push((name, value));
        self
    }

    /// Writes the response; without the body for a HEAD request.
    pub(crate) fn write_to(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n",
            self.body.len()
        ));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Counts a connection against [`MAX_CONNECTIONS`] while it lives.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A connection whose request was accepted, to be answered by the handler.
pub(crate) struct Connection {
    stream: TcpStream,
    head_only: bool,
    /// The client may have sent more than the head (a body): read it before closing.
    unread: bool,
    _slot: Slot,
}

impl Connection {
    pub(crate) fn respond(mut self, response: &Response) {
        let _ = response.write_to(&mut self.stream, self.head_only);
        close(self.stream, self.unread);
    }

    /// The stream and whether the request was HEAD, for the waiting room: the connection
    /// no longer counts against the server's limit.
    pub(crate) fn detach(self) -> (TcpStream, bool) {
        (self.stream, self.head_only)
    }
}

/// Ends a connection after its response. With `linger`, what the client still sends is
/// read first (a little, for a little while): closing a socket with unread bytes resets
/// the connection, and the client might lose the response.
pub(crate) fn close(mut stream: TcpStream, linger: bool) {
    let _ = stream.shutdown(Shutdown::Write);
    if !linger {
        return;
    }
    let until = Instant::now() + LINGER;
    let mut sink = [0; 4096];
    let mut read = 0;
    while read < LINGER_BYTES {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
}

/// A connection whose request head is still arriving.
struct Pending {
    stream: TcpStream,
    buf: Vec<u8>,
    /// When the head must have arrived.
    deadline: Instant,
    slot: Slot,
}

/// The connections waiting for a worker, oldest first.
#[derive(Default)]
struct Queue {
    items: Mutex<VecDeque<Pending>>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, pending: Pending) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push_back(pending);
        self.ready.notify_one();
    }

    fn pop(&self) -> Pending {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(p) = items.pop_front() {
                return p;
            }
            items = self.ready.wait(items).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// Accepts connections on `listener` for ever, answering each request with `handler`.
/// Fails only when the workers cannot be started.
pub(crate) fn run<H>(listener: &TcpListener, hosts: Hosts, handler: H) -> io::Result<()>
where
    H: Fn(Request, Connection) + Send + Sync + 'static,
{
    let queue = Arc::new(Queue::default());
    let hosts = Arc::new(hosts);
    let handler = Arc::new(handler);
    for i in 0..WORKERS {
        let (queue, hosts, handler) =
            (Arc::clone(&queue), Arc::clone(&hosts), Arc::clone(&handler));
        std::thread::Builder::new()
            .name(format!("serve-{i}"))
            .spawn(move || work(&queue, &hosts, &*handler))?;
    }
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, most likely: give the open connections time to end.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        // Only this thread adds to the count, so it cannot pass the limit.
        if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            refuse_busy(stream);
            continue;
        }
        open.fetch_add(1, Ordering::AcqRel);
        queue.push(Pending {
            stream,
            buf: Vec::new(),
            deadline: Instant::now() + HEAD_TIMEOUT,
            slot: Slot(Arc::clone(&open)),
        });
    }
    Ok(())
}

/// Answers a connection over the limit 503, without waiting for anything: this runs on the
/// thread that accepts connections.
fn refuse_busy(mut stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    // Take what has arrived of the request, so that closing does not reset the connection.
    let _ = stream.read(&mut [0; 4096]);
    let response = Response::text(
        503,
        &format!("the preview server has {MAX_CONNECTIONS} connections open; try again"),
    )
    .header("Retry-After", "1");
    let _ = response.write_to(&mut stream, false);
    let _ = stream.shutdown(Shutdown::Write);
}

fn work(queue: &Queue, hosts: &Hosts, handler: &dyn Fn(Request, Connection)) {
    loop {
        let mut pending = queue.pop();
        match read_head(&mut pending, hosts) {
            Progress::Again => queue.push(pending),
            Progress::Closed => {}
            Progress::Refused(response) => {
                let head_only = pending.buf.starts_with(b"HEAD ");
                let _ = response.write_to(&mut pending.stream, head_only);
                close(pending.stream, true);
            }
            Progress::Done {
                request,
                head_only,
                len,
                body,
            } => {
                let conn = Connection {
                    unread: body > 0 || pending.buf.len() > len,
                    stream: pending.stream,
                    head_only,
                    _slot: pending.slot,
                };
                // A bug in a handler must not cost the pool a worker.
                let answer = std::panic::AssertUnwindSafe(|| handler(request, conn));
                let _ = std::panic::catch_unwind(answer);
            }
        }
    }
}

/// What became of a connection after a worker's turn at it.
enum Progress {
    /// Its head is not complete yet: back in the queue.
    Again,
    /// The client closed it, or sent nothing before the deadline.
    Closed,
    Refused(Response),
    Done {
        request: Request,
        head_only: bool,
        /// The head's length in the buffer.
        len: usize,
        /// The body's length, as the client announced it.
        body: u64,
    },
}

/// Reads from a connection for one [`SLICE`] at most, or until its head is complete.
fn read_head(p: &mut Pending, hosts: &Hosts) -> Progress {
    let turn_ends = (Instant::now() + SLICE).min(p.deadline);
    let mut chunk = [0; 4096];
    // At least one read a turn, even past the deadline: what a client sent while it waited
    // in the queue is answered.
    let mut first = true;
    loop {
        let left = turn_ends.saturating_duration_since(Instant::now());
        if left.is_zero() && !first {
            if Instant::now() < p.deadline {
                return Progress::Again;
            }
            if p.buf.is_empty() {
                // A browser's spare connection, opened in case it is needed: not an error.
                return Progress::Closed;
            }
            let why = format!(
                "the request did not arrive within {} s",
                HEAD_TIMEOUT.as_secs()
            );
            return Progress::Refused(Response::text(408, &why));
        }
        first = false;
        let left = left.max(Duration::from_millis(1));
        if p.stream.set_read_timeout(Some(left)).is_err() {
            return Progress::Closed;
        }
        match p.stream.read(&mut chunk) {
            Ok(0) => return Progress::Closed,
            Ok(n) => {
                p.buf.extend_from_slice(&chunk[..n]);
                match parse(&p.buf, hosts) {
                    Parsed::Partial => {}
                    Parsed::Refused(response) => return Progress::Refused(response),
                    Parsed::Request {
                        request,
                        head_only,
                        len,
                        body,
                    } => {
                        return Progress::Done {
                            request,
                            head_only,
                            len,
                            body,
                        };
                    }
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => return Progress::Closed,
        }
    }
}

/// What the bytes received so far make of a request.
#[derive(Debug)]
enum Parsed {
    /// The head is not complete.
    Partial,
    Refused(Response),
    Request {
        request: Request,
        head_only: bool,
        len: usize,
        body: u64,
    },
}

/// Parses a request head from the start of `buf`, and checks it against the limits and
/// the hosts this server answers to.
fn parse(buf: &[u8], hosts: &Hosts) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head = &buf[..buf.len().min(MAX_HEAD)];
    let len = match req.parse(head) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) if buf.len() <= MAX_HEAD => return Parsed::Partial,
        Ok(httparse::Status::Partial) => {
            let why = format!("the request head is over {} KiB", MAX_HEAD / 1024);
            return Parsed::Refused(Response::text(431, &why));
        }
        Err(httparse::Error::TooManyHeaders) => {
            let why = format!("the request has over {MAX_HEADERS} headers");
            return Parsed::Refused(Response::text(431, &why));
        }
        Err(e) => {
            let why = format!("this is no HTTP/1.1 request ({e})");
            return Parsed::Refused(Response::text(400, &why));
        }
    };
    let bad = |why: &str| Parsed::Refused(Response::text(400, why));
    let values = |name: &str| {
        req.headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
            .collect::<Vec<_>>()
    };
    let host = values("host");
    match (host.as_slice(), req.version) {
        ([], Some(1)) => return bad("an HTTP/1.1 request must have a Host header"),
        // HTTP/1.0 without a Host: no browser sends one, so no page can use it to reach
        // the server under another name.
        ([], _) => {}
        ([host], _) if hosts.allows_host(host) => {}
        ([host], _) => return Parsed::Refused(Response::text(403, &hosts.host_refusal(host))),
        _ => return bad("the request has more than one Host header"),
    }
    let head_only = match req.method {
        Some("GET") => false,
        Some("HEAD") => true,
        _ => {
            return Parsed::Refused(
                Response::text(405, "this preview server answers GET and HEAD only")
                    .header("Allow", "GET, HEAD"),
            );
        }
    };
    let too_large = || {
        let why = format!("a request body may have {} KiB at most", MAX_BODY / 1024);
        Parsed::Refused(Response::text(413, &why))
    };
    if !values("transfer-encoding").is_empty() {
        // Its length is unknown until it has all been read.
        return too_large();
    }
    let lengths = values("content-length");
    let body = match lengths.first() {
        None => 0,
        Some(first) => match first.parse::<u64>() {
            Ok(n) if lengths.iter().all(|l| l == first) => n,
            _ => return bad("the Content-Length header is not one number"),
        },
    };
    if body > MAX_BODY {
        return too_large();
    }
    let origin_refusal = values("origin")
        .into_iter()
        .find(|o| !hosts.allows_origin(o))
        .map(|o| hosts.origin_refusal(&o));
    Parsed::Request {
        request: Request {
            target: req.path.unwrap_or("/").to_string(),
            origin_refusal,
        },
        head_only,
        len,
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    fn hosts() -> Hosts {
        Hosts::new(4000, IpAddr::V4(Ipv4Addr::LOCALHOST), &[]).unwrap()
    }

    fn status(raw: &[u8]) -> u16 {
        match parse(raw, &hosts()) {
            Parsed::Partial => 0,
            Parsed::Refused(r) => r.status,
            Parsed::Request { .. } => 200,
        }
    }

    #[test]
    fn a_request_head_is_parsed() {
        let raw = b"GET /a/?since=3 HTTP/1.1\r\nHost: localhost:4000\r\nOrigin: http://evil.example\r\n\r\nextra";
        let Parsed::Request {
            request,
            head_only,
            len,
            body,
        } = parse(raw, &hosts())
        else {
            panic!("not parsed")
        };
        assert_eq!(request.target, "/a/?since=3");
        assert!(
            request
                .origin_refusal
                .is_some_and(|why| why.contains("\"http://evil.example\"")),
        );
        assert!(!head_only);
        assert_eq!((len, body), (raw.len() - 5, 0));
        assert_eq!(
            status(b"HEAD / HTTP/1.0\r\n\r\n"),
            200,
            "HTTP/1.0 needs no Host"
        );
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost: localhost:4000\r\n"), 0);
    }

    #[test]
    fn a_request_head_over_the_limit_is_refused() {
        let mut raw = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
        raw.resize(MAX_HEAD - 4, b'a');
        raw.extend_from_slice(b"\r\n\r\n");
        assert_eq!(status(&raw), 200, "exactly at the limit");
        raw.truncate(raw.len() - 4);
        raw.extend_from_slice(b"aa\r\n\r\n");
        assert_eq!(status(&raw), 431, "one byte over, complete");
        raw.truncate(raw.len() - 4);
        assert_eq!(status(&raw), 0, "under, still partial");
        raw.extend_from_slice(b"aaa");
        assert_eq!(status(&raw), 431, "over, still partial");
        let mut many = b"GET / HTTP/1.1\r\nHost: localhost\r\n".to_vec();
        for i in 0..MAX_HEADERS {
            many.extend_from_slice(format!("X-{i}: a\r\n").as_bytes());
        }
        many.extend_from_slice(b"\r\n");
        assert_eq!(status(&many), 431, "too many headers");
    }

    #[test]
    fn methods_bodies_and_hosts_are_checked() {
        assert_eq!(status(b"POST / HTTP/1.1\r\nHost: localhost\r\n\r\n"), 405);
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 65537\r\n\r\n"),
            413
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 65536\r\n\r\n"),
            200
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"),
            413
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            400
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\n\r\n"),
            400,
            "HTTP/1.1 needs a Host"
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n"),
            400
        );
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"), 403);
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost: \xff\r\n\r\n"), 403);
        assert_eq!(
            status(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"),
            400,
            "TLS"
        );
        assert_eq!(status(b"GET /\0 HTTP/1.1\r\n\r\n"), 400);
    }

    #[test]
    fn responses_carry_their_length_and_close() {
        let mut out = Vec::new();
        Response::text(403, "not here")
            .header("X-Odd", "a\r\nSet-Cookie: b")
            .write_to(&mut out, false)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{text}");
        assert!(
            text.contains("X-Odd: aSet-Cookie: b\r\n"),
            "no header injected"
        );
        assert!(text.contains("Content-Length: 24\r\nConnection: close\r\n"));
        assert!(text.ends_with("\r\n\r\n403 Forbidden: not here\n"));
        let mut out = Vec::new();
        Response::text(403, "x").write_to(&mut out, true).unwrap();
        assert!(out.ends_with(b"\r\n\r\n"), "HEAD: no body");
    }
}
