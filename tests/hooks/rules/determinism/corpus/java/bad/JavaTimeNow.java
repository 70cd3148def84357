// expect: DET101@9 DET101@10 DET101@11 DET101@12
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.*;

class JavaTimeNow {
    Object[] now() {
        Instant i = Instant.now();
        LocalDate d = LocalDate.now();
        LocalDateTime t = LocalDateTime.now(ZoneId.of("UTC"));
        ZonedDateTime z = ZonedDateTime.now();
        return new Object[] {i, d, t, z};
    }
}
