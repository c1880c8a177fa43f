//! The private-address guard: which IP addresses a cited link may make us connect to.
//!
//! A cited URL is untrusted input. Without this guard, a link (or any hop of its
//! redirect chain) could make the nightly run probe the newsroom's own network or a
//! cloud metadata service (169.254.169.254). The guard is applied in two places: to IP
//! literals before a request is sent, and inside the DNS resolver handed to reqwest, so
//! that the connection goes to exactly the addresses that were checked (no DNS
//! rebinding between the check and the connect). This module knows nothing of HTTP.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Which addresses may be fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Fetch private, loopback and link-local targets too (tests, benchmarks, intranets).
    pub allow_private: bool,
    /// Addresses allowed even though they are private: one intranet server, or in tests
    /// one loopback address while another stays forbidden.
    pub allowed: Vec<IpAddr>,
}

/// A target refused by the [`AddressPolicy`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}{addr} is {} {kind} address: not fetched; pass --allow-private to check such links",
    if host.trim_matches(['[', ']']).parse::<IpAddr>().ok() == Some(*addr) { String::new() } else { format!("{host} resolves to ") },
    article(kind)
)]
pub struct Refused {
    pub host: String,
    pub addr: IpAddr,
    pub kind: &'static str,
}

/// "a" or "an", as the kind's first sound requires ("an unspecified address").
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl AddressPolicy {
    /// Refuses `addr` unless it is public, explicitly allowed, or private targets are.
    pub fn check(&self, host: &str, addr: IpAddr) -> Result<(), Refused> {
        if self.allow_private || self.allowed.contains(&addr) {
            return Ok(());
        }
        match non_public_kind(addr) {
            Some(kind) => Err(Refused {
                host: host.to_string(),
                addr,
                kind,
            }),
            None => Ok(()),
        }
    }
}

/// Why an address is not on the public internet, or `None` when it is.
pub fn non_public_kind(addr: IpAddr) -> Option<&'static str> {
    match addr {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    }
}

fn v4_kind(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    if ip.is_unspecified() || a == 0 {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private()
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
    {
        // 100.64/10 is carrier-grade NAT, 192.0.0/24 IETF protocol assignments: both
        // internal to some network, never a public web site.
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if a >= 240 || (a == 198 && (b == 18 || b == 19)) {
        Some("reserved")
    } else {
        None
    }
}

/// The IPv4 address an IPv6 address carries and would reach, if any: IPv4-mapped
/// (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, deprecated but still routed by some
/// stacks), NAT64 (`64:ff9b::/96` and the local-use `64:ff9b:1::/48`), 6to4
/// (`2002:AABB:CCDD::/48`) and Teredo (`2001::/32`, whose client address is stored
/// inverted). Each is classified by its IPv4 address, so that no IPv6 spelling of
/// 127.0.0.1 or 169.254.169.254 slips past the guard.
pub fn embedded_ipv4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let seg = ip.segments();
    let v4 = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if let Some(mapped) = ip.to_ipv4_mapped() {
        return Some(mapped);
    }
    // `::` and `::1` are IPv6's own unspecified and loopback addresses, classified below.
    if seg[..6] == [0; 6] && (seg[6] != 0 || seg[7] > 1) {
        return Some(v4(seg[6], seg[7]));
    }
    if seg[0] == 0x64 && seg[1] == 0xff9b && (seg[2..6] == [0; 4] || seg[2] == 1) {
        return Some(v4(seg[6], seg[7]));
    }
    if seg[0] == 0x2002 {
        return Some(v4(seg[1], seg[2]));
    }
    if seg[0] == 0x2001 && seg[1] == 0 {
        return Some(v4(!seg[6], !seg[7]));
    }
    None
}

fn v6_kind(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = embedded_ipv4(ip) {
        return v4_kind(v4);
    }
    let seg = ip.segments();
    if ip.is_unspecified() {
        Some("unspecified")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if (seg[0] & 0xfe00) == 0xfc00 {
        Some("unique-local")
    } else if (seg[0] & 0xffc0) == 0xfe80 || (seg[0] & 0xffc0) == 0xfec0 {
        Some("link-local")
    } else if ip.is_multicast() {
        Some("multicast")
    } else {
        None
    }
}

/// The resolver reqwest uses: system DNS through tokio, then the policy on every
/// address. A name with any refused address is refused as a whole, so that a host
/// cannot mix a public and a private address and win a race.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub policy: Arc<AddressPolicy>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = Arc::clone(&self.policy);
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            for addr in &addrs {
                policy.check(&host, addr.ip())?;
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        AddressPolicy::default()
            .check("h", s.parse().unwrap())
            .is_err()
    }

    #[test]
    fn private_loopback_link_local_and_metadata_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            // IPv4-compatible, NAT64 local-use, 6to4 and Teredo forms of private targets
            "::127.0.0.1",
            "::7f00:1",
            "::10.0.0.1",
            "::169.254.169.254",
            "::0.0.0.2",
            "64:ff9b:1::7f00:1",
            "64:ff9b::10.1.2.3",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::",
            "2002:c0a8:101::5",
            "2001:0:4136:e378:8000:63bf:80ff:fffe",
        ] {
            assert!(refused(ip), "{ip} should be refused");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "2606:4700::1111",
            "::8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
        ] {
            assert!(!refused(ip), "{ip} should be allowed");
        }
    }

    #[test]
    fn an_allowed_address_passes_while_its_neighbour_stays_refused() {
        let policy = AddressPolicy {
            allow_private: false,
            allowed: vec!["127.0.0.2".parse().unwrap()],
        };
        assert!(policy.check("a", "127.0.0.2".parse().unwrap()).is_ok());
        let err = policy.check("b", "127.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(err.kind, "loopback");
        assert!(err.to_string().contains("--allow-private"), "{err}");
    }

    #[test]
    fn the_refusal_reads_as_english() {
        let err = AddressPolicy::default()
            .check("0.0.0.0", "0.0.0.0".parse().unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("0.0.0.0 is an unspecified address"),
            "{err}"
        );
        let err = AddressPolicy::default()
            .check("[::127.0.0.1]", "::127.0.0.1".parse().unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("::7f00:1 is a loopback address"), "{err}");
    }
}
