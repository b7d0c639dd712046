package dev.promenade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Requests written byte by byte, for what HTTP clients refuse to send: broken percent-encoding,
 * raw non-ASCII in the request line, odd methods. Reads the status line, and the body of an error.
 */
public final class RawHttp {

    /** What came back: the status, and the body when it is an error (a stream that works is not read). */
    public record Answer(int status, String body) {
    }

    private RawHttp() {
    }

    public static Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.write(target.getBytes(StandardCharsets.UTF_8));
            request.write((" HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, String> header : headers.entrySet()) {
                request.write((header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            if (body != null) {
                request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                request.write(body);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2) {
                throw new IllegalStateException("no HTTP answer to " + method + " " + target + ": '" + statusLine + "'");
            }
            int status = Integer.parseInt(parts[1]);
            if (status < 400) {
                return new Answer(status, "");
            }
            return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target + ": " + e, e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next >= 0 && next != '\n'; next = in.read()) {
            if (next != '\r') {
                line.write(next);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
