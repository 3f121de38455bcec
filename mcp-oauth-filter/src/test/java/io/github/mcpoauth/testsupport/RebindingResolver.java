package io.github.mcpoauth.testsupport;

import io.github.mcpoauth.internal.oauth.UrlGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rebinding DNS server for one host name: its first look-up answers a public address (what the
 * guard's check sees), every later one {@code 127.0.0.1}. Other names resolve as usual. With
 * {@code localhost} as the name, the JVM's own resolver, which the JDK's client uses when nothing
 * pins its connections, also answers loopback: that is where an unpinned request would go.
 */
public final class RebindingResolver implements UrlGuard.Resolver {

    public static final byte[] PUBLIC = {93, (byte) 184, (byte) 215, 14};

    private final String host;
    private final AtomicInteger lookUps = new AtomicInteger();

    public RebindingResolver(String host) {
        this.host = host;
    }

    public int lookUps() {
        return lookUps.get();
    }

    @Override
    public InetAddress[] resolve(String name) throws UnknownHostException {
        if (!name.equalsIgnoreCase(host)) {
            return UrlGuard.SYSTEM.resolve(name);
        }
        byte[] address = lookUps.getAndIncrement() == 0 ? PUBLIC : new byte[] {127, 0, 0, 1};
        return new InetAddress[] {InetAddress.getByAddress(name, address)};
    }
}
