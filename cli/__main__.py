import sys

from cli import main

if __name__ == "__main__":  # a spawned process (the second encoder) imports this module again
    sys.exit(main())
