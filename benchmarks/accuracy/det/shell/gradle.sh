#!/bin/bash
# expect: DET302@4
cd /app/project
./gradlew build
java -jar build/libs/app.jar --check
