# expect: DKR001@2 DKR003@3 DKR015@4
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y git
RUN npm ls --all | grep -c deduped > /tmp/count.txt
