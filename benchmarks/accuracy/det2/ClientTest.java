// expect: none
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ClientTest {
    @Test
    void pingsLocalServer() throws Exception {
        int port = TestServer.start();
        HttpResponse<String> res = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder().uri(URI.create("http://localhost:" + port + "/api")).build(),
            HttpResponse.BodyHandlers.ofString());
        assert res.statusCode() == 200;
    }
}
