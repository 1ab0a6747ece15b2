//! The waiting room of live reload. Open pages ask for the next build (one tab of each
//! browser, for all its tabs: see `LIVE_JS` in `routes`) and are answered when there is one
//! (or after [`WAIT`], when they ask again). A worker thread that waited with a poll would
//! leave the pool to as many polls as there are workers, so a worker parks the connection
//! here instead, and one thread answers every parked poll.

use std::net::TcpStream;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::http::{self, Response};

/// How long a poll waits for a build before it is answered with the current one.
pub(crate) const WAIT: Duration = Duration::from_secs(20);
/// Polls parked at once; past it a poll is answered 503 and the page asks again a second
/// later. Each is an open socket, and 512 stay well inside the common limit of 1,024 open
/// files beside the server's other connections.
pub(crate) const CAPACITY: usize = 512;

/// One page waiting for a build newer than `since`.
struct Parked {
    stream: TcpStream,
    head_only: bool,
    since: u64,
    until: Instant,
}

#[derive(Default)]
struct Room {
    /// The last build announced.
    version: u64,
    parked: Vec<Parked>,
}

/// The parked polls, and the version of the last build.
pub(crate) struct WaitingRoom {
    room: Mutex<Room>,
    changed: Condvar,
    capacity: usize,
}

impl WaitingRoom {
    /// An empty room for `capacity` polls ([`CAPACITY`] in the server).
    pub(crate) fn new(capacity: usize) -> WaitingRoom {
        WaitingRoom {
            room: Mutex::default(),
            changed: Condvar::new(),
            capacity,
        }
    }

    /// A new build: every poll parked for an older one is answered.
    pub(crate) fn announce(&self, version: u64) {
        self.lock().version = version;
        self.changed.notify_all();
    }

    /// Parks a poll for a build newer than `since`; gives the stream back when the room is
    /// full.
    pub(crate) fn park(
        &self,
        stream: TcpStream,
        head_only: bool,
        since: u64,
    ) -> Result<(), TcpStream> {
        let mut room = self.lock();
        if room.parked.len() >= self.capacity {
            return Err(stream);
        }
        room.parked.push(Parked {
            stream,
            head_only,
            since,
            until: Instant::now() + WAIT,
        });
        drop(room);
        // The notifier answers at once if the build is already there.
        self.changed.notify_all();
        Ok(())
    }

    /// Answers the parked polls as builds are announced and waits run out, for ever.
    /// `problems` reads what is wrong with the content now.
    pub(crate) fn run(&self, problems: impl Fn() -> Option<String>) {
        let mut room = self.lock();
        loop {
            let now = Instant::now();
            let version = room.version;
            let (due, waiting): (Vec<Parked>, Vec<Parked>) = std::mem::take(&mut room.parked)
                .into_iter()
                .partition(|p| p.since < version || p.until <= now);
            room.parked = waiting;
            if !due.is_empty() {
                drop(room);
                let body = serde_json::json!({ "version": version, "problems": problems() });
                let response = Response::new(200, "application/json", body.to_string().into())
                    .header("Cache-Control", "no-store");
                for p in due {
                    answer(p, &response);
                }
                room = self.lock();
                continue;
            }
            room = match room.parked.iter().map(|p| p.until).min() {
                Some(until) => {
                    let wait = until.saturating_duration_since(now);
                    self.changed
                        .wait_timeout(room, wait)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                None => self.changed.wait(room).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Room> {
        self.room.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes one answer. A page that does not read it may hold this thread a moment only.
fn answer(mut p: Parked, response: &Response) {
    let _ = p.stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = response.write_to(&mut p.stream, p.head_only);
    http::close(p.stream, false);
}

/// The build a poll asks to be told about: `since=N` in its query (0 when absent).
pub(crate) fn since(target: &str) -> u64 {
    target
        .split_once('?')
        .and_then(|(_, query)| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("since="))?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;
    use std::sync::Arc;

    #[test]
    fn the_query_names_the_build_a_page_shows() {
        assert_eq!(since("/__explainer/poll?since=12"), 12);
        assert_eq!(since("/__explainer/poll?x=1&since=7&y=2"), 7);
        assert_eq!(since("/__explainer/poll?since=x"), 0);
        assert_eq!(since("/__explainer/poll"), 0);
    }

    /// A connected pair: the server's end and the client's.
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        (server, client)
    }

    fn read_all(mut client: TcpStream) -> String {
        let mut text = String::new();
        client.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn parked_polls_are_answered_by_a_new_build_and_the_room_is_bounded() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let room = Arc::new(WaitingRoom::new(8));
        room.announce(3);
        {
            let room = Arc::clone(&room);
            std::thread::spawn(move || room.run(|| Some("broken".into())));
        }
        // A poll for an older build is answered at once.
        let (server, client) = pair(&listener);
        room.park(server, false, 2).unwrap();
        let text = read_all(client);
        assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
        let body: serde_json::Value =
            serde_json::from_str(text.split_once("\r\n\r\n").unwrap().1).unwrap();
        assert_eq!(
            body,
            serde_json::json!({ "version": 3, "problems": "broken" })
        );
        // Polls for the current build wait for the next.
        let mut clients = Vec::new();
        for _ in 0..5 {
            let (server, client) = pair(&listener);
            room.park(server, false, 3).unwrap();
            clients.push(client);
        }
        let mut first = &clients[0];
        first
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut byte = [0];
        assert!(first.read(&mut byte).is_err(), "still waiting");
        first
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        room.announce(4);
        for client in clients {
            let text = read_all(client);
            assert!(text.contains(r#""version":4"#), "{text}");
        }
        // Full: the stream comes back.
        let mut held = Vec::new();
        for _ in 0..8 {
            let (server, client) = pair(&listener);
            room.park(server, false, 4).unwrap();
            held.push(client);
        }
        let (server, _client) = pair(&listener);
        assert!(room.park(server, false, 4).is_err());
    }
}
