package io.github.mcpoauth.internal.oauth;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses an outbound request must not reach: the blocks of IANA's IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890 and its updates) that are not globally reachable,
 * plus multicast, and every IPv6 address outside global unicast {@code 2000::/3}. Forms that carry
 * an IPv4 address (IPv4-mapped and -compatible, RFC 4291 section 2.5.5; IPv4-translated, RFC 2765;
 * NAT64 {@code 64:ff9b::/96}, RFC 6052; 6to4 {@code 2002::/16}, RFC 3056) are judged by the IPv4
 * address inside. Teredo ({@code 2001::/32}, inside {@code 2001::/23}) hides its client address, so
 * it is refused whole, as is local-use NAT64 {@code 64:ff9b:1::/48} (RFC 8215).
 *
 * <p>The globally reachable anycast blocks of the registries (AS112, AMT, {@code 2620:4f:8000::/48})
 * stay allowed: they are public services, not a way into the local network.
 */
final class SpecialAddresses {

    /** An address block: the first {@code bits} bits of {@code prefix}. */
    record Block(String cidr, byte[] prefix, int bits) {

        static Block of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                if (prefix.length == 4 && cidr.contains(":")) {
                    prefix = mapped(prefix); // InetAddress turns ::ffff:a.b.c.d into an IPv4 address
                }
                return new Block(cidr, prefix, Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        private static byte[] mapped(byte[] v4) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(v4, 0, v6, 12, 4);
            return v6;
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    /** Not globally reachable, or deprecated, per the IPv4 registry; with multicast and limited broadcast. */
    static final List<Block> IPV4 = blocks("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24",
            "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");

    /** Not globally reachable per the IPv6 registry ({@code ::/127} is unspecified and loopback). */
    static final List<Block> IPV6 = blocks("::/127", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64",
            "2001::/23", "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    private static final Block UNSPECIFIED_OR_LOOPBACK = Block.of("::/127");
    private static final Block GLOBAL_UNICAST = Block.of("2000::/3");
    private static final Block MAPPED = Block.of("::ffff:0:0/96");
    private static final Block TRANSLATED = Block.of("::ffff:0:0:0/96");
    private static final Block COMPATIBLE = Block.of("::/96");
    private static final Block NAT64 = Block.of("64:ff9b::/96");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16");

    private SpecialAddresses() {
    }

    /** True when {@code address} (4 or 16 bytes) lies in a block an outbound request must not reach. */
    static boolean isSpecial(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return inAny(IPV4, b);
        }
        byte[] v4 = embeddedIpv4(b);
        if (v4 != null) {
            return inAny(IPV4, v4);
        }
        return inAny(IPV6, b) || !GLOBAL_UNICAST.contains(b);
    }

    /** The IPv4 address a mapped, translated, compatible, NAT64 or 6to4 address carries, else null. */
    static byte[] embeddedIpv4(byte[] b) {
        if (MAPPED.contains(b) || TRANSLATED.contains(b) || NAT64.contains(b)
                || (COMPATIBLE.contains(b) && !UNSPECIFIED_OR_LOOPBACK.contains(b))) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return SIX_TO_FOUR.contains(b) ? Arrays.copyOfRange(b, 2, 6) : null;
    }

    private static boolean inAny(List<Block> blocks, byte[] address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }

    private static List<Block> blocks(String... cidrs) {
        return Arrays.stream(cidrs).map(Block::of).toList();
    }
}
