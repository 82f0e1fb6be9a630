package io.jmreg.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of the S3 server that can drop every connection once a number of request bytes
 * has passed, and refuse new ones until healed: a network failure in the middle of an upload.
 */
final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong upstreamBytes = new AtomicLong();
    private volatile long cutAfter = Long.MAX_VALUE;
    private volatile boolean broken;
    private final AtomicInteger throttle = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();

    FaultyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Breaks the network once {@code bytes} more request bytes have passed. */
    void cutAfter(long bytes) {
        upstreamBytes.set(0);
        cutAfter = bytes;
    }

    /** Answers the next {@code requests} new connections with {@code 503 SlowDown}, as a throttling S3 does. */
    void throttleNext(int requests) {
        throttled.set(0);
        throttle.set(requests);
        for (Socket socket : open) { // pooled keep-alive connections must reconnect, and meet the throttle
            closeQuietly(socket);
        }
        open.clear();
    }

    /** How many requests were answered with 503 since {@link #throttleNext}. */
    int throttled() {
        return throttled.get();
    }

    /** Lets traffic through again. */
    void heal() {
        cutAfter = Long.MAX_VALUE;
        broken = false;
    }

    boolean broken() {
        return broken;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (broken) {
                    client.close();
                    continue;
                }
                if (throttle.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    slowDown(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void slowDown(Socket client) {
        Thread t = new Thread(() -> {
            try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                int matched = 0;
                int b;
                while (matched < 4 && (b = in.read()) >= 0) { // read the request head
                    matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                throttled.incrementAndGet();
            } catch (IOException e) {
                throttled.incrementAndGet(); // the client gave up sending: still a refused request
            }
        }, "faulty-proxy-throttle");
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean countsTowardsCut) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (countsTowardsCut && upstreamBytes.addAndGet(n) > cutAfter) {
                        breakAll();
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // connection closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void breakAll() {
        broken = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        breakAll();
    }
}
