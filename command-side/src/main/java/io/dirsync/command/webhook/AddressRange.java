package io.dirsync.command.webhook;

import java.net.InetAddress;

/** One allow-list entry: an address, or a CIDR range such as {@code 10.20.0.0/16} or {@code fd00::/8}. */
record AddressRange(byte[] network, int prefixLength) {

    static AddressRange parse(String entry) {
        int slash = entry.indexOf('/');
        InetAddress address = WebhookTargets.literal(slash < 0 ? entry : entry.substring(0, slash));
        int bits = address.getAddress().length * 8;
        int prefix =
                slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1).trim());
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("Not a CIDR range: " + entry);
        }
        return new AddressRange(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
