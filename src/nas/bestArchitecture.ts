/**
 * The best architecture of a run: which result it is, the `Architecture` its canonical string
 * stands for under the run's config (for training it again), and a plain-text description of it
 * with the run's dataset, fidelity and reward (the "architecture" export).
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from './architecture';
import { DATASET_SIZES, isTableDataset, type RunConfig, type SpaceId } from './config';
import { DATASET_CLASSES } from './qsearch';
import type { ResultEvent, RunLog } from './runlog';
import { parseBlockString } from './spaces/block';
import { cellString, parseCellPairString } from './spaces/cell';
import { describeArchitecture, parseNetString } from './spaces/layers';
import { parseNasrlString } from './spaces/nasrlGraph';

/** The result with the highest reward (the first one on ties, so the trained one, not a cached repeat). */
export function bestResult(log: Pick<RunLog, 'events'>): ResultEvent | null {
  let best: ResultEvent | null = null;
  for (const event of log.events) {
    if (event.type === 'result' && (best === null || event.reward > best.reward)) best = event;
  }
  return best;
}

/** True when the run's architectures can be built and trained here (not looked up in a table). */
export function isTrainableRun(config: Pick<RunConfig, 'dataset' | 'space'>): boolean {
  return !isTableDataset(config.dataset) && config.space !== 'nb201';
}

/**
 * The architecture that `net` (a result's canonical string) stands for in a run of `config`,
 * with the network settings of the config. Throws an Error saying what is wrong with `net`.
 */
export function architectureOf(config: RunConfig, net: string): Architecture {
  switch (config.space) {
    case 'layers':
      return { space: 'layers', layers: parseNetString(net) };
    case 'block': {
      const { stages, blocksPerStage, baseWidth } = config.blockqnn;
      return {
        space: 'block',
        network: {
          block: parseBlockString(net),
          network: { stages, blocksPerStage, baseWidth },
          classes: DATASET_CLASSES,
        },
      };
    }
    case 'nasrl':
      return { space: 'nasrl', network: { layers: parseNasrlString(net), classes: DATASET_CLASSES } };
    case 'cell': {
      const { stacks, cellsPerStack, baseFilters } = config.cell;
      return {
        space: 'cell',
        network: {
          cells: parseCellPairString(net),
          network: { stacks, cellsPerStack, baseFilters },
          classes: DATASET_CLASSES,
        },
      };
    }
    case 'nb201':
      throw new Error(
        'NAS-Bench-201 cells are looked up in the benchmark table; there is no network to build',
      );
  }
}

/** What the canonical string of each space is called in the description. */
export const DESCRIPTION_KIND: Record<SpaceId, string> = {
  layers: 'Net string (MetaQNN layers)',
  block: 'Block as NSCs (BlockQNN: index, type, kernel, pred1, pred2)',
  nasrl: 'Layer string (NAS-RL)',
  cell: 'Cell genotype (NASNet cells)',
  nb201: 'Cell string (NAS-Bench-201)',
};

const percent = (x: number): string => `${(x * 100).toFixed(2)}%`;

/** Lines that spell the architecture out beyond its string, per space. */
function detailLines(config: RunConfig, net: string): string[] {
  switch (config.space) {
    case 'layers': {
      const size = DATASET_SIZES[config.dataset].imageSize;
      const { layers } = describeArchitecture(parseNetString(net), [size, size, 1]);
      return [
        'Layers (output shape, parameters):',
        ...layers.map((l) => `  ${l.label.padEnd(12)} [${l.outputShape.join('×')}]  ${l.params}`),
      ];
    }
    case 'block': {
      const { stages, blocksPerStage, baseWidth } = config.blockqnn;
      return [
        `Network: ${stages} stages × ${blocksPerStage} blocks from ${baseWidth} channels (doubling per stage), then GAP and softmax`,
      ];
    }
    case 'nasrl':
      return ['Layers: filter height×width / stride, filters, inputs (img = the image)'];
    case 'cell': {
      const pair = parseCellPairString(net);
      const { stacks, cellsPerStack, baseFilters } = config.cell;
      return [
        `Normal cell:    ${cellString(pair.normal)}`,
        `Reduction cell: ${cellString(pair.reduction)}`,
        'Each block: input1,input2:op1,op2:combine (inputs 0, 1 = the two previous cells)',
        `Network: ${stacks} stacks × ${cellsPerStack} normal cells from ${baseFilters} filters, a reduction cell between stacks`,
      ];
    }
    case 'nb201':
      return ['Cell: |op~input| per edge, nodes separated by "+"'];
  }
}

/** The fidelity in words: preset name and what it trains. */
export function fidelityLine(config: RunConfig): string {
  if (isTableDataset(config.dataset))
    return `${config.fidelity} (accuracies looked up in the benchmark table)`;
  const { epochs, batchSize, learningRate } = config.training;
  const { trainImages, valImages } = config.data;
  return `${config.fidelity}: ${epochs} epoch${epochs === 1 ? '' : 's'}, batch ${batchSize}, Adam ${learningRate}, ${trainImages} training / ${valImages} validation images`;
}

/**
 * The best architecture of `log` as a text file: its string and details, the run's strategy,
 * dataset, fidelity and seed, and its reward. Null when the run has no result yet.
 */
export function describeBestArchitecture(log: Pick<RunLog, 'config' | 'events'>): string | null {
  const best = bestResult(log);
  if (!best) return null;
  const { config } = log;
  const lines = [
    `# Best architecture of a NAS Playground run`,
    '',
    `${DESCRIPTION_KIND[config.space]}:`,
    best.arch,
    '',
    ...detailLines(config, best.arch),
    '',
    `Strategy: ${config.strategy}`,
    `Search space: ${config.space}`,
    `Dataset: ${DATASET_SIZES[config.dataset].label} (${config.dataset})`,
    `Fidelity: ${fidelityLine(config)}`,
    `Seed: ${config.seed}`,
    `Model: #${best.index}`,
    `Reward: ${best.reward} (${percent(best.reward)})`,
    `Validation accuracy: ${best.accuracy} (${percent(best.accuracy)})`,
  ];
  if (best.testAccuracy !== undefined) lines.push(`Test accuracy (benchmark): ${percent(best.testAccuracy)}`);
  if (isTrainableRun(config)) lines.push(`Parameters: ${best.params}`, `Trained on: ${best.backend}`);
  return `${lines.join('\n')}\n`;
}
