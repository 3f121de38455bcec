package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per block of IANA's special-purpose registries and per IPv4-carrying IPv6 form, with public neighbours. */
class SpecialAddressesTest {

    @ParameterizedTest(name = "{0} special={1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.1           | true  | this network
            10.20.30.40       | true  | private
            100.64.0.1        | true  | shared address space (CGNAT)
            100.63.255.255    | false | just below CGNAT
            127.0.0.1         | true  | loopback (the guard itself exempts direct loopback)
            169.254.169.254   | true  | link-local, cloud metadata
            172.16.0.1        | true  | private
            172.32.0.1        | false | just above 172.16/12
            192.0.0.8         | true  | IETF protocol assignments
            192.0.0.170       | true  | NAT64 discovery
            192.0.2.1         | true  | documentation TEST-NET-1
            192.31.196.1      | false | AS112, globally reachable
            192.88.99.1       | true  | deprecated 6to4 relay anycast
            192.168.1.1       | true  | private
            198.18.0.1        | true  | benchmarking
            198.19.255.254    | true  | benchmarking, upper half
            198.20.0.1        | false | just above benchmarking
            198.51.100.7      | true  | documentation TEST-NET-2
            203.0.113.9       | true  | documentation TEST-NET-3
            224.0.0.1         | true  | multicast
            240.0.0.1         | true  | reserved
            255.255.255.255   | true  | limited broadcast
            8.8.8.8           | false | public
            ::                | true  | unspecified
            ::1               | true  | loopback
            ::ffff:0:a00:1    | true  | IPv4-translated 10.0.0.1
            ::ffff:0:808:808  | false | IPv4-translated 8.8.8.8
            ::a00:1           | true  | IPv4-compatible 10.0.0.1
            64:ff9b::a9fe:a9fe | true | NAT64 of 169.254.169.254
            64:ff9b::808:808  | false | NAT64 of 8.8.8.8
            64:ff9b:1::808:808 | true | local-use NAT64, whatever it carries
            100::1            | true  | discard-only
            100:0:0:1::1      | true  | dummy prefix
            2001::1           | true  | Teredo
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | true | Teredo with a public server
            2001:2::1         | true  | benchmarking
            2001:db8::1       | true  | documentation
            2002:a00:1::1     | true  | 6to4 of 10.0.0.1
            2002:c0a8:101::1  | true  | 6to4 of 192.168.1.1
            2002:7f00:1::1    | true  | 6to4 of loopback
            2002:808:808::1   | false | 6to4 of 8.8.8.8
            2620:4f:8000::1   | false | direct delegation AS112, globally reachable
            2606:4700::1111   | false | public
            3fff::1           | true  | documentation
            5f00::1           | true  | SRv6 SIDs
            fc00::1           | true  | unique local
            fd12:3456::1      | true  | unique local
            fe80::1           | true  | link-local
            fec0::1           | true  | deprecated site-local
            ff02::1           | true  | multicast
            4000::1           | true  | outside global unicast 2000::/3
            """)
    void eachRegistryBlockIsSpecialAndItsPublicNeighboursAreNot(String address, boolean special, String why)
            throws Exception {
        assertEquals(special, SpecialAddresses.isSpecial(InetAddress.getByName(address)), why);
    }
}
