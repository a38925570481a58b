/**
 * A NAS-Bench-201 network as a self-contained Python file: a PyTorch `nn.Module` of the network
 * the app trained (NAS-Bench-201's skeleton, Dong & Yang, ICLR 2020: D-X-Y/AutoDL-Projects
 * lib/models/cell_infers/tiny_network.py `TinyNetwork`, cells.py `InferCell`,
 * cell_operations.py), a loader of its weights from a safetensors file (numpy only, no
 * `safetensors` package) and a command line that prints its parameter count. The state-dict
 * names are the ones src/train/supernet/torchWeights.ts writes.
 * Pure module: no DOM, React or tfjs.
 */
import { NB201_EDGES, NB201_OPS } from '../spaces/nb201';
import { PYTHON_IMPORTS, PYTHON_LOADER, pyComment, pyString } from './pythonCommon';

/** What the file describes. */
export interface PytorchNb201Source {
  /** The cell string. */
  readonly arch: string;
  /** One op (index into NB201_OPS) per edge. */
  readonly ops: readonly number[];
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly inputChannels: number;
  readonly classes: number;
  /** The weights file the command line reads by default (a bare file name). */
  readonly weightsFile: string;
  /** Lines of the header comment: the run, its seed, the dataset, the accuracy. */
  readonly about: readonly string[];
}

/** The Python source of the network of `source`. */
export function pytorchNb201Source(source: PytorchNb201Source): string {
  const edges = NB201_EDGES.map(
    ({ from, to }, e) => `    (${to}, ${from}, ${pyString(NB201_OPS[source.ops[e]!]!)}),`,
  ).join('\n');
  const about = pyComment(source.about);
  return `# NAS Playground: a NAS-Bench-201 network as a PyTorch nn.Module, with a loader of its weights.
# Cell: ${source.arch}
${about}
#
# The network is NAS-Bench-201's (Dong & Yang, ICLR 2020; D-X-Y/AutoDL-Projects
# lib/models/cell_infers): a 3x3 conv + BN stem, three stages of cells with a ResNet block of
# stride 2 between two stages, BN + ReLU, global average pooling and a linear classifier.
# Input: float images [N, ${source.inputChannels}, H, W] scaled as the app trained on them (pixels in [0, 1]).
# Output: logits [N, ${source.classes}].
#
#   python3 this_file.py [weights.safetensors]   # loads the weights, prints the parameter count
#   from this_file import load_model; model = load_model("weights.safetensors")
${PYTHON_IMPORTS}

CHANNELS = ${source.channels}
CELLS_PER_STAGE = ${source.cellsPerStage}
INPUT_CHANNELS = ${source.inputChannels}
CLASSES = ${source.classes}
WEIGHTS = ${pyString(source.weightsFile)}
# The cell: one op per edge (to node, from node, op), in the cell string's order.
EDGES = [
${edges}
]


class ReLUConvBN(nn.Module):
    """ReLU, a k x k conv without bias (padding (k - 1) / 2), BN (PyTorch's eps and momentum)."""

    def __init__(self, c_in, c_out, kernel, stride):
        super().__init__()
        self.relu = nn.ReLU()
        self.conv = nn.Conv2d(c_in, c_out, kernel, stride, (kernel - 1) // 2, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        return self.bn(self.conv(self.relu(x)))


class Zero(nn.Module):
    """NAS-Bench-201's \`none\`: zeros of the input's shape."""

    def forward(self, x):
        return x.mul(0.0)


def make_op(op, channels):
    if op == "none":
        return Zero()
    if op == "skip_connect":
        return nn.Identity()
    if op == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    if op == "nor_conv_1x1":
        return ReLUConvBN(channels, channels, 1, 1)
    if op == "nor_conv_3x3":
        return ReLUConvBN(channels, channels, 3, 1)
    raise ValueError("unknown op " + op)


class Cell(nn.Module):
    """Node j is the sum over the edges into it of the edge's op applied to node i < j."""

    def __init__(self, channels):
        super().__init__()
        self.edges = nn.ModuleDict({f"{to}<-{src}": make_op(op, channels) for to, src, op in EDGES})

    def forward(self, x):
        nodes = [x]
        for node in range(1, 4):
            terms = [self.edges[f"{to}<-{src}"](nodes[src]) for to, src, _ in EDGES if to == node]
            nodes.append(sum(terms))
        return nodes[-1]


class Downsample(nn.Module):
    """2 x 2 average pooling of stride 2 (an odd side's last window averages what it covers), 1 x 1 conv."""

    def __init__(self, c_in, c_out):
        super().__init__()
        self.pool = nn.AvgPool2d(2, stride=2, ceil_mode=True, count_include_pad=False)
        self.conv = nn.Conv2d(c_in, c_out, 1, bias=False)

    def forward(self, x):
        return self.conv(self.pool(x))


class ResNetBlock(nn.Module):
    """NAS-Bench-201's ResNetBasicblock of stride 2 between two stages."""

    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv_a = ReLUConvBN(c_in, c_out, 3, 2)
        self.conv_b = ReLUConvBN(c_out, c_out, 3, 1)
        self.downsample = Downsample(c_in, c_out)

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class ConvBN(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        return self.bn(self.conv(x))


class BNReLU(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        return torch.relu(self.bn(x))


class Network(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = ConvBN(INPUT_CHANNELS, CHANNELS)
        cells = []
        width = CHANNELS
        for stage in range(3):
            if stage > 0:
                cells.append(ResNetBlock(width, 2 * width))
                width *= 2
            cells.extend(Cell(width) for _ in range(CELLS_PER_STAGE))
        self.cells = nn.ModuleList(cells)
        self.lastact = BNReLU(width)
        self.classifier = nn.Linear(width, CLASSES)

    def forward(self, x):
        h = self.stem(x)
        for cell in self.cells:
            h = cell(h)
        return self.classifier(self.lastact(h).mean((2, 3)))


${PYTHON_LOADER}`;
}
