// expect: none
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

class LoopbackClient {
    static final String BASE = "http://localhost:8080";

    int status() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + "/status")).build();
        InetAddress local = InetAddress.getByName("127.0.0.1");
        try (Socket s = new Socket(local, 8080)) {
            return client.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }
}
