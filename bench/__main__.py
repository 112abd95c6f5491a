import sys

from bench.run import main

if __name__ == "__main__":  # the HTTP clients run in a spawned process that imports this
    sys.exit(main())
