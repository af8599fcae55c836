"""Makes tools/ importable (tscam, export, golden_model), tools/tests (onnx_numpy) and tools/demo
(canvas, generate_dataset, train)."""

import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TOOLS), str(TOOLS / "tests"), str(TOOLS / "demo")]
