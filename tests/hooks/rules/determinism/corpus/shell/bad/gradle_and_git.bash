# expect: DET302@3 DET302@4 DET302@5
cd /workspace/project
./gradlew clean test
git clone --depth 1 https://github.com/example/fixtures.git /tmp/fixtures
mvn -q test
mvn -o -q verify
