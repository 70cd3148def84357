// expect: DET302@6 DET302@10
import java.util.List;

class ProcessBuilderWget {
    void fetch(String url) throws Exception {
        new ProcessBuilder("wget", "-q", url).inheritIO().start().waitFor();
    }

    void clone(String repo) throws Exception {
        Runtime.getRuntime().exec(new String[] {"git", "clone", repo});
    }
}
