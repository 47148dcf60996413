"""Print the Nth ```bash block of README's first screen (1: run on the fixtures, 2: run the tests), verbatim."""

import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"```bash\n(.*?)```", readme.split("\n## ", 1)[0], re.DOTALL)
print(blocks[int(sys.argv[1]) - 1].strip())
