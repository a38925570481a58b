/**
 * What every generated PyTorch file shares: its imports, the safetensors reader (numpy only, no
 * `safetensors` package), the loader that checks the weights fit the network, and the command
 * line that prints the parameter count.
 * Pure module: no DOM, React or tfjs.
 */

/** The imports of a generated file. */
export const PYTHON_IMPORTS = `import json
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn`;

/**
 * The safetensors reader every generated file (PyTorch and Keras) shares: its float32 arrays by
 * name, with numpy only (needs `json`, `struct` and `numpy as np`).
 */
export const PYTHON_SAFETENSORS_READER = `def read_safetensors(path):
    """The float32 arrays of a safetensors file, by name (numpy only)."""
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    body = data[8 + size :]
    arrays = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        arrays[name] = np.frombuffer(body[begin:end], dtype="<f4").reshape(info["shape"]).copy()
    return arrays`;

/** The reader, the loader and `__main__`, for a module whose network class is `Network`. */
export const PYTHON_LOADER = `${PYTHON_SAFETENSORS_READER}


def load_model(path=WEIGHTS):
    """The network with the weights of \`path\`, in evaluation mode."""
    model = Network()
    weights = {name: torch.from_numpy(array) for name, array in read_safetensors(path).items()}
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing = [name for name in missing if not name.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise ValueError(f"weights do not fit the network: missing {missing}, unexpected {unexpected}")
    return model.eval()


if __name__ == "__main__":
    model = load_model(sys.argv[1] if len(sys.argv) > 1 else WEIGHTS)
    print(sum(p.numel() for p in model.parameters()), "parameters")
`;

/** A Python string literal. */
export const pyString = (s: string): string => JSON.stringify(s);

/** The header comment lines `about`, each prefixed `# `. */
export const pyComment = (lines: readonly string[]): string =>
  lines.map((line) => `# ${line}`.trimEnd()).join('\n');
