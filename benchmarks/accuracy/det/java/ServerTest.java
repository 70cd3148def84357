// expect: none
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import org.junit.jupiter.api.Test;

class ServerTest {
    @Test
    void respondsOnLoopback() throws Exception {
        Server server = Server.start(8089);
        try (Socket socket = new Socket("localhost", 8089)) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\n".getBytes());
        }
        URL url = new URL("http://127.0.0.1:8089/status");
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        assert conn.getResponseCode() == 200;
        server.stop();
    }
}
