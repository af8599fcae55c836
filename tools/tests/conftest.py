"""Makes tools/ importable (tscam, export, golden_model) and tools/tests (onnx_numpy)."""

import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TOOLS), str(TOOLS / "tests")]
