//! Address classification for the SSRF guard.
//!
//! Every address the relay is about to connect to — an IP literal in the target, or each address a
//! host name resolves to — is classified here. Only [`AddrClass::Public`] is reachable by default; the
//! rest are the special-purpose blocks of the IANA registries described by RFC 6890 (IPv4: RFC 1918
//! private, RFC 6598 shared CGNAT, RFC 1122 loopback, RFC 3927 link-local, RFC 5737 documentation,
//! RFC 2544 benchmarking, RFC 5771 multicast, RFC 1112 reserved; IPv6: RFC 4291 loopback, link-local,
//! IPv4-mapped, RFC 4193 unique local, RFC 3879 site-local, RFC 6666 discard, RFC 3849 documentation),
//! plus the cloud instance-metadata endpoints that live inside them.
//!
//! Addresses that embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, RFC 4291 §2.5.5.2; NAT64
//! `64:ff9b::/96`, RFC 6052; 6to4 `2002::/16`, RFC 3056) are classified by the embedded address, so
//! `::ffff:127.0.0.1` is loopback.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What kind of address an IP is, for the purpose of deciding whether the relay may connect to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddrClass {
    /// A globally reachable unicast address: the only class reachable without `--allow-private`.
    Public,
    /// `0.0.0.0`, `::` (RFC 6890 "this host"); also `0.0.0.0/8` "this network".
    Unspecified,
    /// `127.0.0.0/8` (RFC 1122 §3.2.1.3), `::1` (RFC 4291 §2.5.3).
    Loopback,
    /// `10/8`, `172.16/12`, `192.168/16` (RFC 1918); `64:ff9b:1::/48` local-use NAT64 (RFC 8215).
    Private,
    /// `100.64.0.0/10`, carrier-grade NAT shared space (RFC 6598).
    SharedCgnat,
    /// `169.254.0.0/16` (RFC 3927), `fe80::/10` (RFC 4291 §2.5.6).
    LinkLocal,
    /// Cloud instance metadata: `169.254.169.254`, `fd00:ec2::254`, `100.100.100.200`.
    CloudMetadata,
    /// `fc00::/7` unique local addresses (RFC 4193).
    UniqueLocal,
    /// `fec0::/10` site-local (deprecated by RFC 3879, still routed inside some sites).
    SiteLocal,
    /// `224.0.0.0/4` (RFC 5771), `ff00::/8` (RFC 4291 §2.7).
    Multicast,
    /// `255.255.255.255` limited broadcast (RFC 919).
    Broadcast,
    /// `192.0.2/24`, `198.51.100/24`, `203.0.113/24` (RFC 5737), `2001:db8::/32` (RFC 3849).
    Documentation,
    /// `198.18.0.0/15` (RFC 2544).
    Benchmarking,
    /// Anything else not globally reachable: `192.0.0/24` (RFC 6890), `192.88.99/24` (RFC 7526),
    /// `240/4` (RFC 1112), `100::/64` discard (RFC 6666), `2001::/23` (RFC 2928), IPv4-compatible
    /// `::/96`, and IPv6 outside `2000::/3`.
    Reserved,
}

impl AddrClass {
    /// True only for [`AddrClass::Public`].
    pub fn is_public(self) -> bool {
        self == AddrClass::Public
    }

    /// A short human description used in refusal messages.
    pub fn describe(self) -> &'static str {
        match self {
            AddrClass::Public => "a public address",
            AddrClass::Unspecified => "an unspecified address (0.0.0.0/8, ::)",
            AddrClass::Loopback => "a loopback address (127.0.0.0/8, ::1)",
            AddrClass::Private => "a private address (RFC 1918: 10/8, 172.16/12, 192.168/16)",
            AddrClass::SharedCgnat => "a shared CGNAT address (RFC 6598: 100.64/10)",
            AddrClass::LinkLocal => "a link-local address (169.254/16, fe80::/10)",
            AddrClass::CloudMetadata => "a cloud instance-metadata address",
            AddrClass::UniqueLocal => "an IPv6 unique local address (RFC 4193: fc00::/7)",
            AddrClass::SiteLocal => "an IPv6 site-local address (fec0::/10)",
            AddrClass::Multicast => "a multicast address",
            AddrClass::Broadcast => "the broadcast address",
            AddrClass::Documentation => "a documentation address (RFC 5737, RFC 3849)",
            AddrClass::Benchmarking => "a benchmarking address (RFC 2544: 198.18/15)",
            AddrClass::Reserved => "a reserved, non-global address (RFC 6890)",
        }
    }
}

/// Classifies an address (RFC 6890 special-purpose registries; see the module docs).
pub fn classify(ip: IpAddr) -> AddrClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

/// True when `ip` is inside `base/len`.
fn in_v4(ip: Ipv4Addr, base: [u8; 4], len: u32) -> bool {
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(base)) & mask
}

fn classify_v4(ip: Ipv4Addr) -> AddrClass {
    const TABLE: &[([u8; 4], u32, AddrClass)] = &[
        ([169, 254, 169, 254], 32, AddrClass::CloudMetadata),
        ([100, 100, 100, 200], 32, AddrClass::CloudMetadata),
        ([0, 0, 0, 0], 8, AddrClass::Unspecified),
        ([10, 0, 0, 0], 8, AddrClass::Private),
        ([100, 64, 0, 0], 10, AddrClass::SharedCgnat),
        ([127, 0, 0, 0], 8, AddrClass::Loopback),
        ([169, 254, 0, 0], 16, AddrClass::LinkLocal),
        ([172, 16, 0, 0], 12, AddrClass::Private),
        ([192, 0, 0, 0], 24, AddrClass::Reserved),
        ([192, 0, 2, 0], 24, AddrClass::Documentation),
        ([192, 88, 99, 0], 24, AddrClass::Reserved),
        ([192, 168, 0, 0], 16, AddrClass::Private),
        ([198, 18, 0, 0], 15, AddrClass::Benchmarking),
        ([198, 51, 100, 0], 24, AddrClass::Documentation),
        ([203, 0, 113, 0], 24, AddrClass::Documentation),
        ([224, 0, 0, 0], 4, AddrClass::Multicast),
        ([255, 255, 255, 255], 32, AddrClass::Broadcast),
        ([240, 0, 0, 0], 4, AddrClass::Reserved),
    ];
    TABLE
        .iter()
        .find(|(base, len, _)| in_v4(ip, *base, *len))
        .map_or(AddrClass::Public, |(_, _, class)| *class)
}

fn classify_v6(ip: Ipv6Addr) -> AddrClass {
    let seg = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if ip.is_unspecified() {
        return AddrClass::Unspecified;
    }
    if ip.is_loopback() {
        return AddrClass::Loopback;
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4); // ::ffff:a.b.c.d (RFC 4291 §2.5.5.2)
    }
    if seg[..6] == [0; 6] {
        return AddrClass::Reserved; // IPv4-compatible ::a.b.c.d (deprecated, RFC 4291 §2.5.5.1)
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return classify_v4(embedded_v4(seg[6], seg[7])); // NAT64 well-known prefix (RFC 6052)
    }
    if seg[0] == 0x64 && seg[1] == 0xff9b && seg[2] == 1 {
        return AddrClass::Private; // local-use NAT64 (RFC 8215)
    }
    if seg[0] == 0x2002 {
        return classify_v4(embedded_v4(seg[1], seg[2])); // 6to4 (RFC 3056)
    }
    if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        return AddrClass::CloudMetadata;
    }
    match seg[0] {
        0xfc00..=0xfdff => AddrClass::UniqueLocal,
        0xfe80..=0xfebf => AddrClass::LinkLocal,
        0xfec0..=0xfeff => AddrClass::SiteLocal,
        0xff00..=0xffff => AddrClass::Multicast,
        0x2001 if seg[1] == 0x0db8 => AddrClass::Documentation,
        0x2001 if seg[1] < 0x0200 => AddrClass::Reserved, // 2001::/23 IETF protocol assignments
        0x0100 if seg[1..4] == [0, 0, 0] => AddrClass::Reserved, // 100::/64 discard (RFC 6666)
        0x2000..=0x3fff => AddrClass::Public,             // 2000::/3 global unicast
        _ => AddrClass::Reserved,
    }
}

/// Host names of cloud instance-metadata services, refused by name before any lookup (they resolve
/// to the link-local metadata address inside the cloud; refusing the name keeps the message clear).
pub const METADATA_HOST_NAMES: &[&str] = &[
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
];

/// True when `name` (lower case, no trailing dot) is a cloud metadata host name.
pub fn is_metadata_name(name: &str) -> bool {
    METADATA_HOST_NAMES.contains(&name)
}

/// True for `localhost` and names under `.localhost`, which RFC 6761 §6.3 reserves for loopback.
pub fn is_localhost_name(name: &str) -> bool {
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> AddrClass {
        classify(s.parse().unwrap())
    }

    fn assert_classes(cases: &[(&str, AddrClass)]) {
        for (ip, expected) in cases {
            assert_eq!(class(ip), *expected, "{ip}");
            assert!(!class(ip).is_public(), "{ip}");
        }
    }

    #[test]
    fn classify_special_blocks_are_not_public() {
        assert_classes(&[
            ("127.0.0.1", AddrClass::Loopback),
            ("127.255.255.254", AddrClass::Loopback),
            ("10.0.0.1", AddrClass::Private),
            ("10.255.255.255", AddrClass::Private),
            ("172.16.0.1", AddrClass::Private),
            ("172.31.255.255", AddrClass::Private),
            ("192.168.1.1", AddrClass::Private),
            ("169.254.169.254", AddrClass::CloudMetadata),
            ("169.254.1.1", AddrClass::LinkLocal),
            ("100.64.0.1", AddrClass::SharedCgnat),
            ("100.127.255.255", AddrClass::SharedCgnat),
            ("100.100.100.200", AddrClass::CloudMetadata),
            ("0.0.0.0", AddrClass::Unspecified),
            ("0.1.2.3", AddrClass::Unspecified),
            ("224.0.0.1", AddrClass::Multicast),
            ("239.255.255.250", AddrClass::Multicast),
            ("255.255.255.255", AddrClass::Broadcast),
            ("240.0.0.1", AddrClass::Reserved),
            ("192.0.2.1", AddrClass::Documentation),
            ("198.18.0.1", AddrClass::Benchmarking),
            ("::1", AddrClass::Loopback),
            ("::", AddrClass::Unspecified),
            ("fc00::1", AddrClass::UniqueLocal),
            ("fd12:3456::1", AddrClass::UniqueLocal),
            ("fd00:ec2::254", AddrClass::CloudMetadata),
            ("fe80::1", AddrClass::LinkLocal),
            ("febf::1", AddrClass::LinkLocal),
            ("fec0::1", AddrClass::SiteLocal),
            ("ff02::1", AddrClass::Multicast),
            ("2001:db8::1", AddrClass::Documentation),
            ("2001::1", AddrClass::Reserved),
            ("100::1", AddrClass::Reserved),
            ("::7f00:1", AddrClass::Reserved),
            ("64:ff9b:1::1", AddrClass::Private),
        ]);
    }

    #[test]
    fn classify_ipv4_block_edges_are_public() {
        for ip in [
            "9.255.255.255",
            "11.0.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.167.255.255",
            "192.169.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "169.253.255.255",
            "8.8.8.8",
            "1.1.1.1",
            "223.255.255.255",
        ] {
            assert_eq!(class(ip), AddrClass::Public, "{ip}");
        }
    }

    #[test]
    fn classify_ipv6_embedding_private_ipv4_uses_embedded_class() {
        assert_eq!(class("::ffff:127.0.0.1"), AddrClass::Loopback);
        assert_eq!(class("::ffff:10.1.2.3"), AddrClass::Private);
        assert_eq!(class("::ffff:169.254.169.254"), AddrClass::CloudMetadata);
        assert_eq!(class("64:ff9b::a00:1"), AddrClass::Private); // NAT64 of 10.0.0.1
        assert_eq!(class("2002:c0a8:0101::1"), AddrClass::Private); // 6to4 of 192.168.1.1
        assert_eq!(class("::ffff:8.8.8.8"), AddrClass::Public);
        assert_eq!(class("64:ff9b::808:808"), AddrClass::Public);
    }

    #[test]
    fn classify_ipv6_global_unicast_is_public() {
        for ip in ["2001:4860:4860::8888", "2606:4700::1111", "2a00:1450::1"] {
            assert_eq!(class(ip), AddrClass::Public, "{ip}");
        }
        assert_eq!(class("4000::1"), AddrClass::Reserved);
    }

    #[test]
    fn special_names_metadata_and_localhost_are_recognised() {
        assert!(is_metadata_name("metadata.google.internal"));
        assert!(!is_metadata_name("metadata.example.com"));
        assert!(is_localhost_name("localhost"));
        assert!(is_localhost_name("app.localhost"));
        assert!(!is_localhost_name("localhost.example.com"));
        assert!(!is_localhost_name("notlocalhost"));
    }
}
