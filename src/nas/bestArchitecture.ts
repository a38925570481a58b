/**
 * The best architecture of a run: which result it is, the `Architecture` its canonical string
 * stands for under the run's config (for training it again), and a plain-text description of it
 * with the run's dataset, fidelity and reward (the "architecture" export).
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from './architecture';
import { datasetFacts, isTableDataset, type RunConfig } from './config';
import type { ResultEvent, RunLog } from './runlog';
import { findSpace, findStrategy } from './strategies';

/** The result with the highest reward (the first one on ties, so the trained one, not a cached repeat). */
export function bestResult(log: Pick<RunLog, 'events'>): ResultEvent | null {
  let best: ResultEvent | null = null;
  for (const event of log.events) {
    if (event.type === 'result' && (best === null || event.reward > best.reward)) best = event;
  }
  return best;
}

/**
 * True when the run's architectures can be built and trained here (not looked up in a table): a
 * one-shot run's derived cell is trained on images whatever its space.
 */
export function isTrainableRun(config: Pick<RunConfig, 'dataset' | 'space' | 'strategy'>): boolean {
  if (isTableDataset(config.dataset)) return false;
  return findStrategy(config.strategy)?.family === 'oneshot' || !findSpace(config.space)?.tabular;
}

/**
 * The architecture that `net` (a result's canonical string) stands for in a run of `config`,
 * with the network settings of the config. Throws an Error saying what is wrong with `net`.
 */
export function architectureOf(config: RunConfig, net: string): Architecture {
  const space = findSpace(config.space);
  if (!space?.parse)
    throw new Error('NAS-Bench-201 cells are looked up in the benchmark table; there is no network to build');
  return space.parse(net, config);
}

const percent = (x: number): string => `${(x * 100).toFixed(2)}%`;

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
  const description = findSpace(config.space)!.description;
  const lines = [
    `# Best architecture of a NAS Playground run`,
    '',
    `${description.kind}:`,
    best.arch,
    '',
    ...description.details(best.arch, config),
    '',
    `Strategy: ${config.strategy}`,
    `Search space: ${config.space}`,
    `Dataset: ${datasetFacts(config.dataset).label} (${config.dataset})`,
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
