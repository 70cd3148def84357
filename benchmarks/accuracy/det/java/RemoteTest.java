// expect: DET301@8
import java.net.Socket;
import org.junit.jupiter.api.Test;

class RemoteTest {
    @Test
    void connects() throws Exception {
        try (Socket socket = new Socket(System.getenv("DB_HOST"), 5432)) {
            assert socket.isConnected();
        }
    }
}
