package dev.promenade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A real redis-server (Debian's), started for a test on a free port, without persistence. */
public final class RedisServer implements AutoCloseable {

    public static final String EXECUTABLE = "/usr/bin/redis-server";

    private final int port;
    /** More arguments (TLS, users); with them the server is checked by what it says, not by a plain PING. */
    private final List<String> options;
    private Process process;

    private RedisServer(int port, List<String> options) {
        this.port = port;
        this.options = options;
    }

    /** Starts one on a free port and waits until it answers PING. */
    public static RedisServer start() {
        RedisServer server = new RedisServer(freePort(), List.of());
        server.restart();
        return server;
    }

    /** One that asks for a password ({@code requirepass}), as docker-compose.yml's does. */
    public static RedisServer startWithPassword(String password) {
        RedisServer server = new RedisServer(freePort(), List.of("--port", "PORT", "--requirepass", password));
        server.restart();
        return server;
    }

    /**
     * One that speaks only TLS (with the PEM certificate and key given) on a free port, where the
     * default user is off and only {@code user} with {@code password} may do anything, and only with
     * Promenade's keys and channels.
     */
    public static RedisServer startSecured(Path certificate, Path key, String user, String password) {
        RedisServer server = new RedisServer(freePort(), List.of("--tls-port", "PORT", "--tls-cert-file", certificate.toString(),
                "--tls-key-file", key.toString(), "--tls-auth-clients", "no", "--user", "default", "off",
                "--user", user, "on", ">" + password, "~promenade:*", "&promenade:*", "+@all"));
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
            List<String> command = new java.util.ArrayList<>(List.of(EXECUTABLE, "--port", options.isEmpty() ? String.valueOf(port) : "0",
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
            options.forEach(option -> command.add(option.equals("PORT") ? String.valueOf(port) : option));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
        if (options.isEmpty() && !answers()) {
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
