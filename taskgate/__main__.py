from taskgate.cli import main

raise SystemExit(main())
