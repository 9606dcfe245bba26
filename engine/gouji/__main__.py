import sys

from gouji.cli import main

sys.exit(main())
