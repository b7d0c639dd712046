package dev.promenade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A real redis-server (Debian's), started for a test on a free port, without persistence. */
public final class RedisServer implements AutoCloseable {

    public static final String EXECUTABLE = "/usr/bin/redis-server";

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts one on a free port and waits until it answers PING. */
    public static RedisServer start() {
        RedisServer server = new RedisServer(freePort());
        server.restart();
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, on the same port, empty). */
    public void restart() {
        try {
            process = new ProcessBuilder(List.of(EXECUTABLE, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                    .redirectErrorStream(true).start();
            // It says when it accepts connections; its output is read to the end so that it never blocks on it.
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.contains("Ready to accept connections")) {
                    break;
                }
            }
            Thread drain = new Thread(() -> {
                try {
                    output.lines().forEach(line -> { });
                } catch (java.io.UncheckedIOException stopped) {
                    // The server stopped.
                }
            }, "redis-output");
            drain.setDaemon(true);
            drain.start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server did not start", e);
        }
        if (!answers()) {
            throw new IllegalStateException("redis-server does not answer on port " + port);
        }
    }

    /** Stops it, as when Redis goes away. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[7];
            int read = socket.getInputStream().read(answer);
            return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
