#!/bin/bash
# expect: DET201@7
cat > /app/answer.txt << 'EOF'
$RANDOM is written literally here
$(date) too
EOF
echo "seed: $RANDOM" >> /app/log.txt
