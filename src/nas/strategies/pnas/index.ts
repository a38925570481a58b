/**
 * PNAS, progressive neural architecture search (Liu et al., ECCV 2018; SPEC §6), on the cell
 * space: cells grown one block at a time, a learned surrogate choosing which to train.
 * Pure module: no DOM, React or tfjs.
 */
import en from './locales/en.json' with { type: 'json' };
import zh from './locales/zh.json' with { type: 'json' };
import type { RunConfig } from '../../config';
import { messagesOf } from '../../message';
import { ModelBudget } from '../budgets';
import type { EventCheck, SampleStrategyDefinition, ViewFold } from '../contract';
import { close } from '../logNumbers';
import { PNAS_OP_SETS, blockCount } from './cells';
import { PNAS_PRESETS, type PnasConfig } from './config';
import './events';
import { PNAS_OPTIONS } from './options';
import { spearman } from './rank';
import { pnasBeamForBudget, pnasModels, pnasStrategy } from './strategy';
import { PNAS_VIEW, pnasCellOf } from './view';

/** A message of this strategy's own strings (locales/en.json). */
const message = messagesOf(en.messages);

const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const measuredCell = {
  type: 'object',
  properties: { arch: { type: 'string' }, predicted: { oneOf: [unit, { type: 'null' }] }, accuracy: unit },
  required: ['arch', 'predicted', 'accuracy'],
  additionalProperties: false,
} as const;
const beamCell = {
  type: 'object',
  properties: { arch: { type: 'string' }, predicted: unit },
  required: ['arch', 'predicted'],
  additionalProperties: false,
} as const;

const blocksOf = (arch: string): number => pnasCellOf(arch).split('|').length;

/**
 * The facts of PNAS's events a schema cannot say: levels in order up to B; a level measures the
 * beam chosen for it (or every b = 1 cell) with the logged results' accuracies; its correlation
 * follows from its numbers; a beam keeps min(K, candidates) cells of the level's size, best first,
 * out of every expansion of the previous beam.
 */
function pnasCheck(config: RunConfig): EventCheck {
  const ops = PNAS_OP_SETS[config.pnas.opSet].length;
  const blocks = config.cell.blocks;
  /** Proposals with a result so far, by architecture, read from the log as it grows. */
  const trained = new Set<string>();
  let seen = 0;
  let closed = 0;
  let beam: { arch: string; predicted: number }[] | null = null;
  /** Cells of the last beam chosen. */
  let lastBeamSize = 0;
  return (event, log) => {
    for (; seen < log.proposedArch.length && log.hasResult[seen]; seen++)
      trained.add(log.proposedArch[seen]!);
    if (event.type === 'pnasLevel') {
      if (event.level !== closed + 1 || event.level > blocks || (event.level > 1 && beam === null))
        return message('runlog.pnasLevelOrder', { level: event.level, expected: closed + 1 });
      const untrained = event.measured.find((m) => !trained.has(m.arch));
      if (untrained) return message('runlog.pnasNotTrained', { arch: untrained.arch });
      if (event.level === 1) {
        const expected = blockCount(0, ops);
        if (event.measured.length !== expected || event.measured.some((m) => m.predicted !== null))
          return message('runlog.pnasFirstLevel', { count: event.measured.length, expected });
      } else if (
        event.measured.length !== beam!.length ||
        event.measured.some((m, i) => m.arch !== beam![i]!.arch || m.predicted !== beam![i]!.predicted)
      )
        return message('runlog.pnasNotBeam', { level: event.level });
      const rho =
        event.level === 1
          ? null
          : spearman(
              event.measured.map((m) => m.predicted!),
              event.measured.map((m) => m.accuracy),
            );
      const logged = event.rankCorrelation;
      if (rho === null ? logged !== null : logged === null || !close(logged, rho))
        return message('runlog.pnasCorrelation', {
          level: event.level,
          logged: String(logged),
          expected: String(rho),
        });
      const last = event.level === blocks;
      if (
        last
          ? event.fitted !== 0 || event.fitError !== null
          : event.fitted !== trained.size || event.fitError === null
      )
        return message('runlog.pnasFitted', { fitted: event.fitted, trained: last ? 0 : trained.size });
      closed = event.level;
      beam = null;
      return undefined;
    }
    if (event.type === 'pnasBeam') {
      if (event.level !== closed + 1 || event.level > blocks || beam !== null || closed === 0)
        return message('runlog.pnasLevelOrder', { level: event.level, expected: closed + 1 });
      const previous = closed === 1 ? blockCount(0, ops) : lastBeamSize;
      const expected = previous * blockCount(event.level - 1, ops);
      if (event.candidates !== expected)
        return message('runlog.pnasCandidates', { candidates: event.candidates, expected });
      const size = Math.min(config.pnas.beamSize, event.candidates);
      if (event.beam.length !== size)
        return message('runlog.pnasBeamSize', { size: event.beam.length, expected: size });
      if (event.beam.some((b, i) => i > 0 && b.predicted > event.beam[i - 1]!.predicted))
        return message('runlog.pnasBeamOrder', { level: event.level });
      const wrong = event.beam.find((b) => blocksOf(b.arch) !== event.level);
      if (wrong) return message('runlog.pnasBeamBlocks', { arch: wrong.arch, level: event.level });
      beam = event.beam.map((b) => ({ ...b }));
      lastBeamSize = beam.length;
      return undefined;
    }
    return undefined;
  };
}

export const pnas: SampleStrategyDefinition<PnasConfig> = {
  id: 'pnas',
  family: 'sample',
  locales: { en, zh },
  view: PNAS_VIEW as ViewFold,
  spaces: ['cell'],
  section: { id: 'pnas', options: PNAS_OPTIONS, presets: PNAS_PRESETS },
  budget: (config) => new ModelBudget(pnasModels(config)),
  create: pnasStrategy,
  events: [
    {
      type: 'pnasLevel',
      required: {
        index: nonNegativeInt,
        level: { type: 'integer', minimum: 1 },
        measured: { type: 'array', items: measuredCell, minItems: 1 },
        rankCorrelation: { oneOf: [{ type: 'number', minimum: -1, maximum: 1 }, { type: 'null' }] },
        fitted: nonNegativeInt,
        fitError: { oneOf: [{ type: 'number', minimum: 0 }, { type: 'null' }] },
      },
      elsewhere: () => message('runlog.pnasElsewhere'),
    },
    {
      type: 'pnasBeam',
      required: {
        index: nonNegativeInt,
        level: { type: 'integer', minimum: 2 },
        candidates: { type: 'integer', minimum: 1 },
        beam: { type: 'array', items: beamCell, minItems: 1 },
      },
      elsewhere: () => message('runlog.pnasElsewhere'),
    },
  ],
  eventCheck: pnasCheck,
  // The compare view's budget sets K: every b = 1 cell, then K per level (about `models` in all).
  budgetPatch: (models, config) => ({ pnas: { beamSize: pnasBeamForBudget(config, models) } }),
  lessons: [
    {
      // Liu et al. 2018: B = 5, K = 256, 8 ops scaled to B = 3 (the cell preset), K = 8, 3 ops.
      id: 'pnas',
      order: 45,
      patch: { fidelity: 'class', strategy: 'pnas', space: 'cell', seed: 7 },
    },
  ],
};
