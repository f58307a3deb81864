package io.dirsync.command.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Addresses that lead into the network dirsync runs in rather than out to a webhook consumer. */
final class InternalAddresses {
    private InternalAddresses() {}

    /** What kind of internal address this is ("loopback", "private", ...), or null for a public one. */
    static String kindOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address v6
                && v6.isIPv4CompatibleAddress()
                && !address.isAnyLocalAddress()
                && !address.isLoopbackAddress()) {
            // ::a.b.c.d reaches a.b.c.d on some stacks; judge the IPv4 address it carries
            return kindOf(embeddedIpv4(bytes));
        }
        if (address.isAnyLocalAddress() || (bytes.length == 4 && bytes[0] == 0)) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        // RFC 1918 (Java's site-local), and IPv6 unique local fc00::/7
        if (address.isSiteLocalAddress() || (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc)) {
            return "private";
        }
        return null;
    }

    private static InetAddress embeddedIpv4(byte[] ipv6) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(ipv6, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Four bytes are always an IPv4 address", e);
        }
    }
}
