// expect: DET301@11 DET301@15 DET301@19
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URI;

class HttpAndSockets {
    InputStream download(String u) throws Exception {
        return new URL(u).openStream();
    }

    Socket open() throws Exception {
        return new Socket("db.example.com", 5432);
    }

    HttpClient client() {
        return HttpClient.newHttpClient();
    }
}
