//! The names the preview answers to. A page on another site can point a name of its own at
//! 127.0.0.1 (DNS rebinding) and then read the preview as if it were that site: the
//! `Host` header is the one thing such a request cannot forge, so a request must name this
//! server by a loopback name, the `--bind` address or a name allowed with `--allow-host`.
//! The live-reload poll and script also refuse pages of other origins.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A host as a request or `--allow-host` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    Ip(IpAddr),
    /// A domain name, lowercased.
    Domain(String),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Name::Ip(ip) => write!(f, "{ip}"),
            Name::Domain(d) => f.write_str(d),
        }
    }
}

impl Name {
    fn is_loopback(&self) -> bool {
        match self {
            Name::Domain(d) => d == "localhost",
            Name::Ip(ip) => *ip == Ipv4Addr::LOCALHOST || *ip == Ipv6Addr::LOCALHOST,
        }
    }
}

/// Which hosts and origins a request may name.
#[derive(Debug)]
pub(crate) struct Hosts {
    /// The port the server listens on.
    port: u16,
    /// The `--bind` address when it is a specific one other than loopback.
    bind: Option<IpAddr>,
    /// The `--allow-host` names.
    allowed: Vec<Name>,
}

impl Hosts {
    /// The rule of a server listening on `bind`:`port` that also allows `allowed`; an
    /// error names an `--allow-host` value that is no host name or address.
    pub(crate) fn new(port: u16, bind: IpAddr, allowed: &[String]) -> Result<Hosts, String> {
        let allowed = allowed
            .iter()
            .map(|value| {
                allowed_name(value).ok_or_else(|| {
                    format!(
                        "`--allow-host {value}` is not a host name or address; write it like tunnel.example or 192.168.1.20, without a scheme or port"
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let specific = !bind.is_unspecified() && !bind.is_loopback();
        Ok(Hosts {
            port,
            bind: specific.then_some(bind),
            allowed,
        })
    }

    /// True when a `Host` header of `value` names this server.
    pub(crate) fn allows_host(&self, value: &str) -> bool {
        split(value).is_some_and(|(name, port)| self.allows(&name, port))
    }

    /// True when an `Origin` header of `value` is a page of this server.
    pub(crate) fn allows_origin(&self, value: &str) -> bool {
        value
            .strip_prefix("http://")
            .or_else(|| value.strip_prefix("https://"))
            .and_then(split)
            .is_some_and(|(name, port)| self.allows(&name, port))
    }

    /// The loopback names and the `--bind` address must come with this server's port, if
    /// with any; an allowed name may come with any port, as a tunnel or proxy in front of
    /// the server presents its own.
    fn allows(&self, name: &Name, port: Option<u16>) -> bool {
        if name.is_loopback() || self.bind.is_some_and(|b| *name == Name::Ip(b)) {
            return port.is_none_or(|p| p == self.port);
        }
        self.allowed.contains(name)
    }

    /// The one-line reason a request for `host` is refused, and the fix.
    pub(crate) fn host_refusal(&self, host: &str) -> String {
        match split(host) {
            Some((name, Some(port))) if name.is_loopback() && port != self.port => format!(
                "Host {host:?} names port {port}, and this preview server listens on {}",
                self.port
            ),
            Some((name, _)) => format!(
                "Host {host:?} is not this preview server; to allow it, run serve with --allow-host {name}"
            ),
            None => format!("Host {host:?} is not this preview server"),
        }
    }

    /// The one-line reason a live-reload request from a page at `origin` is refused.
    pub(crate) fn origin_refusal(&self, origin: &str) -> String {
        let name = origin
            .split_once("://")
            .and_then(|(_, rest)| split(rest))
            .map(|(name, _)| name);
        match name {
            Some(name) if !name.is_loopback() => format!(
                "Origin {origin:?} is not a page of this preview server; to allow it, run serve with --allow-host {name}"
            ),
            _ => format!("Origin {origin:?} is not a page of this preview server"),
        }
    }
}

/// A name and port as written in a `Host` header (`localhost:4000`, `[::1]`,
/// `news.example`); `None` for anything else.
fn split(authority: &str) -> Option<(Name, Option<u16>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = ip.parse().ok()?;
        let port = match after {
            "" => None,
            p => Some(port(p.strip_prefix(':')?)?),
        };
        return Some((Name::Ip(IpAddr::V6(ip)), port));
    }
    let (name, port) = match authority.rsplit_once(':') {
        Some((name, p)) => (name, Some(port(p)?)),
        None => (authority, None),
    };
    Some((plain_name(name)?, port))
}

fn port(digits: &str) -> Option<u16> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An IPv4 address or a domain name (letters, digits, `-`, `_` and dots).
fn plain_name(name: &str) -> Option<Name> {
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Some(Name::Ip(IpAddr::V4(ip)));
    }
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    valid.then(|| Name::Domain(name.to_ascii_lowercase()))
}

/// An `--allow-host` value: a name or address without a port (an IPv6 address with or
/// without its brackets).
fn allowed_name(value: &str) -> Option<Name> {
    if let Ok(ip) = value.parse::<Ipv6Addr>() {
        return Some(Name::Ip(IpAddr::V6(ip)));
    }
    match split(value)? {
        (name, None) => Some(name),
        (_, Some(_)) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(allowed: &[&str]) -> Hosts {
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        Hosts::new(4000, IpAddr::V4(Ipv4Addr::LOCALHOST), &allowed).unwrap()
    }

    #[test]
    fn loopback_names_are_allowed_with_this_port_or_none() {
        let h = hosts(&[]);
        for host in [
            "localhost",
            "localhost:4000",
            "LOCALHOST:4000",
            "LocalHost",
            "127.0.0.1",
            "127.0.0.1:4000",
            "[::1]",
            "[::1]:4000",
            "[0:0:0:0:0:0:0:1]:4000",
        ] {
            assert!(h.allows_host(host), "{host}");
        }
    }

    #[test]
    fn other_names_ports_and_malformed_hosts_are_refused() {
        let h = hosts(&[]);
        for host in [
            "evil.example",
            "evil.example:4000",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "localhost.evil.example:4000",
            "evil-localhost",
            "localhost.",
            "localhost:4001",
            "127.0.0.1:80",
            "[::1]:4001",
            "127.0.0.2",
            "0.0.0.0:4000",
            "[::ffff:127.0.0.1]",
            "::1",
            "[::1",
            "localhost:",
            "localhost:40000000",
            "localhost:+4000",
            "localhost:4000:4000",
            "local host",
            "localhost/",
            "user@localhost",
            "",
        ] {
            assert!(!h.allows_host(host), "{host}");
        }
    }

    #[test]
    fn allow_host_adds_a_name_on_any_port() {
        let h = hosts(&["Evil.Example", "192.168.1.20", "fe80::1", "[fd00::2]"]);
        for host in [
            "evil.example",
            "EVIL.example:4000",
            "evil.example:443",
            "192.168.1.20:4000",
            "[fe80::1]:4000",
            "[fd00::2]",
        ] {
            assert!(h.allows_host(host), "{host}");
        }
        for host in ["sub.evil.example", "evil.example.com", "192.168.1.21"] {
            assert!(!h.allows_host(host), "{host}");
        }
        assert!(!h.allows_host("localhost:4001"), "loopback keeps its port");
    }

    #[test]
    fn allow_host_takes_a_name_without_scheme_or_port() {
        let bind = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for bad in [
            "http://evil.example",
            "evil.example:80",
            "evil.example/",
            "",
        ] {
            let err = Hosts::new(4000, bind, &[bad.to_string()]).unwrap_err();
            assert!(err.contains("--allow-host"), "{err}");
        }
    }

    #[test]
    fn a_specific_bind_address_is_allowed_and_an_unspecified_one_is_not() {
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        let h = Hosts::new(4000, lan, &[]).unwrap();
        assert!(h.allows_host("192.168.1.20:4000"));
        assert!(!h.allows_host("192.168.1.20:4001"));
        assert!(h.allows_host("localhost:4000"));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        let h = Hosts::new(4000, any, &[]).unwrap();
        assert!(!h.allows_host("0.0.0.0:4000"));
        assert!(!h.allows_host("192.168.1.20:4000"));
    }

    #[test]
    fn origins_are_this_server_s_pages() {
        let h = hosts(&["tunnel.example"]);
        for origin in [
            "http://127.0.0.1:4000",
            "http://localhost:4000",
            "http://[::1]:4000",
            "https://tunnel.example",
            "http://tunnel.example:8080",
        ] {
            assert!(h.allows_origin(origin), "{origin}");
        }
        for origin in [
            "http://evil.example",
            "http://127.0.0.1:4001",
            "http://localhost.evil.example:4000",
            "null",
            "file://",
            "localhost:4000",
            "http://localhost:4000/",
            "ftp://localhost:4000",
            "",
        ] {
            assert!(!h.allows_origin(origin), "{origin}");
        }
    }

    #[test]
    fn refusals_name_the_fix() {
        let h = hosts(&[]);
        assert_eq!(
            h.host_refusal("Evil.Example:4000"),
            "Host \"Evil.Example:4000\" is not this preview server; to allow it, run serve with --allow-host evil.example"
        );
        assert!(h.host_refusal("localhost:5000").contains("listens on 4000"));
        assert!(
            h.origin_refusal("http://evil.example")
                .ends_with("--allow-host evil.example")
        );
        assert!(!h.origin_refusal("null").contains("--allow-host"));
    }
}
