package io.jmreg.server;

import io.jmreg.api.exceptions.ValidationException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code Forwarded} / {@code X-Forwarded-*} headers are believed: addresses ({@code 10.0.0.5},
 * {@code ::1}) and CIDR blocks ({@code 10.0.0.0/8}). Only IP literals are accepted (never a name to resolve).
 */
final class TrustedProxies {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Block> blocks;

    /** Parses {@code entries}; a malformed entry is a {@link ValidationException}. */
    TrustedProxies(List<String> entries) {
        List<Block> parsed = new ArrayList<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            String e = entry == null ? "" : entry.strip();
            int slash = e.indexOf('/');
            InetAddress address = literal(slash < 0 ? e : e.substring(0, slash));
            if (address == null) {
                throw new ValidationException("trusted proxy '%s' is not an IP address or CIDR block (such as 10.0.0.0/8)",
                        entry);
            }
            int max = address.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new ValidationException("trusted proxy '%s': the prefix length must be 0..%d", entry, max);
                }
            }
            parsed.add(new Block(address.getAddress(), bits));
        }
        this.blocks = List.copyOf(parsed);
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code address} (an IP literal) is a trusted proxy. */
    boolean trusts(String address) {
        InetAddress a = literal(address);
        if (a == null) {
            return false;
        }
        byte[] bytes = a.getAddress();
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    /** The address of an IP literal ({@code [::1]} allowed), or null for anything else (no name is resolved). */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(t); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
