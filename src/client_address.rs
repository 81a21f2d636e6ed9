//! Who the client is, for rate limits and sign-in throttles (issue #22). Behind a reverse proxy
//! every request comes from the proxy, so one person's typos would lock everyone out: the address
//! is read from `Forwarded` or `X-Forwarded-For` — only when the TCP peer is a listed proxy
//! (`--trusted-proxies`), walking the chain from the right past the listed proxies, so a client
//! cannot choose its own address. IPv6 clients are keyed by their /64 (one home or phone network
//! has a whole /64; keying single addresses lets one client take 2^64 keys).

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
use ipnet::{IpNet, Ipv6Net};

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

/// An entry of `--trusted-proxies` that is neither an address nor a network.
#[derive(Debug, thiserror::Error)]
#[error("--trusted-proxies: `{0}` is neither an address (10.0.0.1) nor a network (10.0.0.0/8)")]
pub struct BadProxy(String);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks (`127.0.0.1, 10.0.0.0/8, ::1`).
    pub fn parse(list: &str) -> Result<Self, BadProxy> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| BadProxy(s.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer, unless the peer is a trusted proxy and says for whom it
    /// forwards (the rightmost address in the chain that is not itself a trusted proxy).
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer.map(canonical)?;
        if !self.contains(peer) {
            return Some(peer);
        }
        let chain = forwarded_for(headers);
        let mut client = peer;
        for hop in chain.into_iter().rev() {
            client = hop;
            if !self.contains(hop) {
                break;
            }
        }
        Some(client)
    }
}

/// The addresses a request passed through, first (the client) to last, from `Forwarded`
/// (RFC 7239) if present, else `X-Forwarded-For`; entries that are not addresses (`unknown`,
/// obfuscated identifiers) end the chain there, so nothing left of them is believed.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .collect();
    let hops: Vec<String> = if forwarded.is_empty() {
        headers
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .collect()
    } else {
        forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(k, _)| k.eq_ignore_ascii_case("for"))
                    .map(|(_, v)| v.trim().trim_matches('"').to_owned())
                    .unwrap_or_default()
            })
            .collect()
    };
    let parsed: Vec<Option<IpAddr>> = hops.iter().map(|h| parse_hop(h)).collect();
    // Only the unbroken run of addresses at the right end is usable.
    let usable = parsed.iter().rev().take_while(|h| h.is_some()).count();
    parsed[parsed.len() - usable..]
        .iter()
        .flatten()
        .copied()
        .map(canonical)
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711` or `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    hop.rsplit_once(':')
        .and_then(|(host, _port)| host.parse::<std::net::Ipv4Addr>().ok())
        .map(IpAddr::V4)
}

/// IPv4-mapped IPv6 addresses as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key a limit counts `ip` under: the address for IPv4, the /64 network for IPv6.
pub fn limit_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => Ipv6Net::new(v6, 64)
            .map(|n| n.trunc().to_string())
            .unwrap_or_else(|_| v6.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(trusted.client(ip("203.0.113.9"), &h), ip("203.0.113.9"));
        assert_eq!(
            TrustedProxies::default().client(ip("10.0.0.1"), &h),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn a_trusted_proxy_is_believed_from_the_right_past_other_proxies() {
        let trusted = TrustedProxies::parse("10.0.0.1, 10.1.0.0/16").unwrap();
        // The client may prepend anything; only the hop the proxies added counts.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.1.2.3")]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &h), ip("198.51.100.7"));
        let h = headers(&[(
            "forwarded",
            "for=192.0.2.60;proto=https, for=\"[2001:db8:cafe::17]:4711\"",
        )]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &h), ip("2001:db8:cafe::17"));
        // No header: the proxy itself.
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
        // An unknown hop ends what is believed.
        let h = headers(&[("forwarded", "for=unknown, for=192.0.2.9:80")]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &h), ip("192.0.2.9"));
    }

    #[test]
    fn ipv6_clients_share_the_key_of_their_64() {
        assert_eq!(
            limit_key("2001:db8:1:2::1".parse().unwrap()),
            limit_key("2001:db8:1:2:ffff::9".parse().unwrap())
        );
        assert_ne!(
            limit_key("2001:db8:1:2::1".parse().unwrap()),
            limit_key("2001:db8:1:3::1".parse().unwrap())
        );
        assert_eq!(limit_key("::ffff:192.0.2.1".parse().unwrap()), "192.0.2.1");
        assert_eq!(limit_key("192.0.2.1".parse().unwrap()), "192.0.2.1");
    }

    #[test]
    fn a_bad_entry_is_named() {
        let e = TrustedProxies::parse("10.0.0.1, proxy.example").unwrap_err();
        assert!(e.to_string().contains("proxy.example"));
    }
}
