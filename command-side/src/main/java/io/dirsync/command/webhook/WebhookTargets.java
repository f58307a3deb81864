package io.dirsync.command.webhook;

import io.dirsync.api.scim.InvalidAttributeException;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a webhook may point. A signed POST to an address inside the network (loopback, private, link-local such as
 * the cloud metadata service, multicast, unspecified) would let whoever registers webhooks probe or call internal
 * services, so those are refused unless {@code dirsync.webhooks.allowed-targets} names the host or its range; plain
 * http is refused unless {@code dirsync.webhooks.allow-http} is set. Registration checks what it can without DNS (the
 * scheme, a literal address); every delivery checks again after resolving the host.
 */
@Component
public class WebhookTargets {
    private static final Pattern IPV4_LITERAL = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
    private final boolean allowHttp;
    private final List<AddressRange> allowedRanges;
    private final List<String> allowedHosts;

    public WebhookTargets(WebhookProperties properties) {
        this.allowHttp = properties.allowHttp();
        List<String> entries = properties.allowedTargets().stream()
                .map(String::trim)
                .filter(e -> !e.isEmpty())
                .toList();
        this.allowedRanges = entries.stream()
                .filter(WebhookTargets::isAddressOrRange)
                .map(AddressRange::parse)
                .toList();
        this.allowedHosts = entries.stream()
                .filter(e -> !isAddressOrRange(e))
                .map(e -> e.toLowerCase(Locale.ROOT))
                .toList();
    }

    /** At registration: throws when the scheme is not allowed or the host is a literal address that is refused. */
    public void checkRegistration(URI url) {
        schemeRefusal(url).ifPresent(reason -> {
            throw new InvalidAttributeException("url", reason);
        });
        String host = bare(url.getHost());
        if (host != null && isLiteral(host) && !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            refusal(host, literal(host)).ifPresent(reason -> {
                throw new InvalidAttributeException("url", reason);
            });
        }
    }

    /** At delivery: why this URL must not be called now, or empty. Resolves the host (blocking). */
    public Optional<String> deliveryRefusal(URI url) {
        Optional<String> scheme = schemeRefusal(url);
        String host = bare(url.getHost());
        if (scheme.isPresent() || host == null || allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return host == null ? Optional.of("The url has no host") : scheme;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                Optional<String> refused = refusal(host, address);
                if (refused.isPresent()) {
                    return refused;
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty(); // the attempt itself fails and is retried: DNS may be back later
        }
    }

    private Optional<String> schemeRefusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && allowHttp)) {
            return Optional.empty();
        }
        return Optional.of(
                scheme.equals("http")
                        ? "Webhook urls must use https (dirsync.webhooks.allow-http allows http)"
                        : "The url must be an absolute https URL");
    }

    private Optional<String> refusal(String host, InetAddress address) {
        String kind = InternalAddresses.kindOf(address);
        if (kind == null || allowedRanges.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        String shown = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
        return Optional.of("Refused webhook target: " + shown + " is a " + kind
                + " address; dirsync.webhooks.allowed-targets can allow it");
    }

    private static boolean isAddressOrRange(String entry) {
        return isLiteral(entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry);
    }

    static boolean isLiteral(String host) {
        return host.contains(":") || IPV4_LITERAL.matcher(host).matches();
    }

    /** Parses a literal without DNS (a string of digits and dots, or one with colons, is never looked up). */
    static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new InvalidAttributeException("url", "The url's host is not a valid address");
        }
    }

    private static String bare(String host) {
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
