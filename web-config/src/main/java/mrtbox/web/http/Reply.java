package mrtbox.web.http;

import java.util.Map;

/** A non-JSON answer from a route: a download or a plain body, with extra headers. */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply download(String fileName, String contentType, byte[] body) {
        return new Reply(200, contentType, body, Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""));
    }
}
