/**
 * Every search strategy behind one ask/tell interface, so that `SearchRun`, the run log, restore,
 * the result cache and the UI treat them alike (SPEC §2–§4, §6): the Q-learners (MetaQNN,
 * BlockQNN), the REINFORCE controller, regularized evolution and random search.
 * The REINFORCE controller is a tfjs model, so it comes in through `StrategyDeps.policy`.
 * Pure module: no DOM, React or tfjs.
 */
import type { Architecture } from './architecture';
import { DATASET_SIZES, type RunConfig } from './config';
import { EpsilonSchedule, type EpsilonPosition } from './epsilon';
import type { QTable, QTransition } from './qlearning';
import { createLearner, isQConfig, scheduleUnits, DATASET_CLASSES, type RewardTerms } from './qsearch';
import { transformReward, type TokenSpec } from './reinforce';
import type { ReplayDictionary } from './replay';
import type { Rng } from './rng';
import type { DoneEvent, EpsilonEvent, ProposeEvent, RunEvent } from './runlog';
import {
  RegularizedEvolution,
  RegularizedEvolutionStrategy,
  type EvolutionCandidate,
} from './strategies/evolution';
import { RandomSearchStrategy } from './strategies/random';
import { mutateTokens, uniformTokens } from './tokenSpace';
import { tokenSpaceOf, type TokenSpace } from './tokenSpaces';

/** Fields of a propose event that only some strategies fill. */
export type ProposeInfo = Pick<
  ProposeEvent,
  'decisions' | 'probabilities' | 'origin' | 'tournament' | 'parentId' | 'mutation' | 'mutationMessage'
>;

/** One proposal: what to evaluate, its canonical key and how the strategy made it. */
export interface Candidate {
  readonly arch: Architecture;
  /** Canonical architecture string: the key of the result cache. */
  readonly net: string;
  /** Q-learning: the (state, action) steps that built it; empty for the other strategies. */
  readonly trajectory: readonly QTransition[];
  readonly info?: ProposeInfo;
}

export type StrategyKind = 'q' | 'reinforce' | 'evolution' | 'random';

/** A search strategy as the search run sees it. */
export interface SearchStrategy {
  readonly kind: StrategyKind;
  /** Q-learning only. */
  readonly qTable: QTable | null;
  readonly replayDictionary: ReplayDictionary | null;
  /**
   * Proposals of one iteration, all from the strategy as it stands: 1, a BlockQNN batch or a
   * REINFORCE batch of m. `logged(k)`: on restore, the logged decisions of the k-th proposal of
   * the batch, which a strategy whose sampling is not bit-reproducible (a tfjs policy) follows.
   */
  proposeIteration(
    rng: Rng,
    epsilon: number,
    logged?: (k: number) => readonly number[] | undefined,
  ): Candidate[] | Promise<Candidate[]>;
  /** Q-learning: the stored reward of an architecture already in the replay dictionary. */
  cachedReward(net: string): number | undefined;
  /** The reward of an evaluated architecture, with the terms it was computed from. */
  reward(candidate: Candidate, accuracy: number): { reward: number; terms: RewardTerms };
  /** Learns from one proposal's reward; returns the events that say what changed. */
  observe(candidate: Candidate, reward: number, rng: Rng, index: number): RunEvent[] | Promise<RunEvent[]>;
  /** Frees what the strategy holds (the policy's tensors). */
  dispose(): void;
}

/** A policy over the decision steps of a `TokenSpec`: the REINFORCE controller. */
export interface TokenPolicy {
  sample(rng: Rng): Promise<{ tokens: number[]; probabilities: number[][]; logProb: number }>;
  update(
    samples: readonly { tokens: readonly number[] }[],
    rewards: readonly number[],
  ): Promise<{ loss: number; baseline: number; advantages: number[] }>;
  dispose(): void;
}

/** What a strategy needs from outside the pure core. */
export interface StrategyDeps {
  /** Builds the REINFORCE controller for a token spec; required by `reinforce`. */
  policy?: (spec: TokenSpec, config: RunConfig) => TokenPolicy;
}

// ---------------------------------------------------------------------------------------------
// Budgets

/** When a run is done, and the epsilon events of its schedule (Q-learning only). */
export interface Budget {
  readonly done: boolean;
  /** Epsilon in force; 1 (always explore) for strategies without a schedule. */
  readonly epsilon: number;
  /** The event announcing the current epsilon step, or null without a schedule. */
  stepEvent(): EpsilonEvent | null;
  /** A unique model was evaluated. */
  recordUnique(): (EpsilonEvent | DoneEvent)[];
  /** A proposal reused a cached result. */
  recordRepeat(): (EpsilonEvent | DoneEvent)[];
  getState(): EpsilonPosition;
}

/** The Q-learners' epsilon schedule as a budget. */
function scheduleBudget(config: RunConfig): Budget {
  const units = scheduleUnits(config);
  const schedule = new EpsilonSchedule(units.steps);
  return {
    get done() {
      return schedule.done;
    },
    get epsilon() {
      return schedule.epsilon;
    },
    stepEvent: () => schedule.stepEvent(),
    recordUnique: () => schedule.recordUnique(),
    // MetaQNN counts unique models; BlockQNN counts every block of an iteration.
    recordRepeat: () => (units.countsCached ? schedule.recordUnique() : []),
    getState: () => schedule.getState(),
  };
}

/**
 * A budget of unique models. A re-proposal reuses its result and does not count; so that a strategy
 * stuck on known architectures still ends, the run also ends after `repeatCap(models)` repeats.
 */
export class ModelBudget implements Budget {
  private unique = 0;
  private repeats = 0;
  private finished = false;
  readonly epsilon = 1;

  constructor(readonly models: number) {
    if (!Number.isInteger(models) || models < 1)
      throw new Error(`A budget needs at least 1 model, got ${models}`);
  }

  get done(): boolean {
    return this.finished;
  }

  stepEvent(): null {
    return null;
  }

  recordUnique(): DoneEvent[] {
    this.unique++;
    return this.check();
  }

  recordRepeat(): DoneEvent[] {
    this.repeats++;
    return this.check();
  }

  getState(): EpsilonPosition {
    return { step: 0, modelsInStep: this.unique, trained: this.unique, done: this.finished };
  }

  private check(): DoneEvent[] {
    if (this.finished) throw new Error('The budget is already spent');
    if (this.unique < this.models && this.repeats < repeatCap(this.models)) return [];
    this.finished = true;
    return [{ type: 'done', trained: this.unique }];
  }
}

/** Repeated proposals after which a budget of `models` ends anyway: 10 per model budgeted. */
export function repeatCap(models: number): number {
  return 10 * models;
}

/** The budget of the config's strategy. */
export function budgetOf(config: RunConfig): Budget {
  switch (config.strategy) {
    case 'metaqnn':
    case 'blockqnn':
      return scheduleBudget(config);
    case 'reinforce':
    case 'evolution':
    case 'random':
      return new ModelBudget(config[config.strategy].models);
  }
}

// ---------------------------------------------------------------------------------------------
// Strategies

const plainReward = (_candidate: Candidate, accuracy: number) => ({ reward: accuracy, terms: {} });

function qStrategy(config: RunConfig): SearchStrategy {
  const learner = createLearner(config);
  return {
    kind: 'q',
    qTable: learner.qTable,
    replayDictionary: learner.replayDictionary,
    proposeIteration: (rng, epsilon) => learner.proposeIteration(rng, epsilon),
    cachedReward: (net) => learner.cachedReward(net),
    reward: (candidate, accuracy) => learner.reward(candidate, accuracy),
    observe: (candidate, reward, rng) => learner.observe(candidate, reward, rng),
    dispose: () => {},
  };
}

function tokenCandidate(space: TokenSpace, tokens: readonly number[], info: ProposeInfo = {}): Candidate {
  const { arch, net } = space.decode(tokens);
  return { arch, net, trajectory: [], info: { decisions: [...tokens], ...info } };
}

function requireTokenSpace(config: RunConfig): TokenSpace {
  const space = tokenSpaceOf(config);
  if (!space) throw new Error(`Strategy '${config.strategy}' cannot search the '${config.space}' space`);
  return space;
}

function layersImage(config: RunConfig): number {
  return DATASET_SIZES[config.dataset].imageSize;
}

function randomStrategy(config: RunConfig): SearchStrategy {
  const base = {
    kind: 'random' as const,
    qTable: null,
    replayDictionary: null,
    cachedReward: () => undefined,
  };
  const common = { ...base, reward: plainReward, observe: () => [], dispose: () => {} };
  if (config.space === 'layers') {
    const random = new RandomSearchStrategy(config.metaqnn, layersImage(config), DATASET_CLASSES);
    return {
      ...common,
      proposeIteration(rng) {
        const { arch, net } = random.propose(rng);
        return [{ arch: { space: 'layers', layers: arch }, net, trajectory: [] }];
      },
    };
  }
  const space = requireTokenSpace(config);
  return { ...common, proposeIteration: (rng) => [tokenCandidate(space, uniformTokens(space.spec, rng))] };
}

function evolutionInfo(c: EvolutionCandidate<unknown, unknown>): ProposeInfo {
  return c.origin === 'random'
    ? { origin: 'random' }
    : {
        origin: 'mutation',
        tournament: c.tournament.map((t) => t.id),
        parentId: c.parentId,
        mutation: c.description,
        ...(c.descriptionMessage !== undefined ? { mutationMessage: c.descriptionMessage } : {}),
      };
}

function evolutionStrategy(config: RunConfig): SearchStrategy {
  const settings = {
    populationSize: config.evolution.populationSize,
    tournamentSize: config.evolution.tournamentSize,
  };
  // One population of either kind; candidates remember the evolution candidate they came from.
  const origin = new WeakMap<Candidate, EvolutionCandidate<unknown, unknown>>();
  let evolution: RegularizedEvolution<unknown, unknown>;
  let toCandidate: (c: EvolutionCandidate<unknown, unknown>) => Candidate;
  if (config.space === 'layers') {
    evolution = new RegularizedEvolutionStrategy(
      config.metaqnn,
      settings,
      layersImage(config),
      DATASET_CLASSES,
    ) as unknown as RegularizedEvolution<unknown, unknown>;
    toCandidate = (c) => ({
      arch: { space: 'layers', layers: c.arch as never },
      net: c.net,
      trajectory: [],
      info: evolutionInfo(c),
    });
  } else {
    const space = requireTokenSpace(config);
    const tokens = new RegularizedEvolution<readonly number[], string>(
      {
        random: (rng) => {
          const t = uniformTokens(space.spec, rng);
          return { arch: t, net: space.decode(t).net };
        },
        mutate: (parent, rng) => {
          if (space.mutate) {
            const own = space.mutate(parent, rng);
            return {
              arch: own.tokens,
              net: space.decode(own.tokens).net,
              mutation: own.description,
              description: own.description,
              descriptionMessage: own.descriptionMessage,
            };
          }
          const m = mutateTokens(space.spec, parent, rng);
          return {
            arch: m.tokens,
            net: space.decode(m.tokens).net,
            mutation: `step ${m.step}`,
            description: space.describe(m.step, m.from, m.to),
            descriptionMessage: space.describeMessage(m.step, m.from, m.to),
          };
        },
      },
      settings,
    );
    evolution = tokens as unknown as RegularizedEvolution<unknown, unknown>;
    toCandidate = (c) => tokenCandidate(space, c.arch as readonly number[], evolutionInfo(c));
  }
  return {
    kind: 'evolution',
    qTable: null,
    replayDictionary: null,
    cachedReward: () => undefined,
    reward: plainReward,
    proposeIteration(rng) {
      const c = evolution.propose(rng);
      const candidate = toCandidate(c);
      origin.set(candidate, c);
      return [candidate];
    },
    observe(candidate, reward, _rng, index) {
      const c = origin.get(candidate);
      if (!c) throw new Error(`Not a proposal of this evolution: ${candidate.net}`);
      const change = evolution.observe(c, reward);
      const member = (m: { id: number; net: string; reward: number }) => ({
        id: m.id,
        arch: m.net,
        reward: m.reward,
      });
      return [
        {
          type: 'population',
          index,
          added: member(change.added),
          removed: change.removed && member(change.removed),
          size: change.size,
        },
      ];
    },
    dispose: () => {},
  };
}

function reinforceStrategy(config: RunConfig, deps: StrategyDeps): SearchStrategy {
  const space = requireTokenSpace(config);
  if (!deps.policy) throw new Error('REINFORCE needs a controller: no policy factory was given');
  const policy = deps.policy(space.spec, config);
  const cfg = config.reinforce;
  /** Results of the current batch, in order, until the batch is complete. */
  let batch: { tokens: readonly number[]; reward: number; index: number }[] = [];
  let batchLeft = 0;
  return {
    kind: 'reinforce',
    qTable: null,
    replayDictionary: null,
    cachedReward: () => undefined,
    reward: (_candidate, accuracy) => ({ reward: transformReward(accuracy, cfg.rewardTransform), terms: {} }),
    async proposeIteration(rng, _epsilon, logged) {
      batch = [];
      batchLeft = cfg.batchSize;
      const candidates: Candidate[] = [];
      for (let k = 0; k < cfg.batchSize; k++) {
        const sample = await policy.sample(rng);
        const tokens = logged?.(k) ?? sample.tokens;
        candidates.push(tokenCandidate(space, tokens, { probabilities: sample.probabilities }));
      }
      return candidates;
    },
    async observe(candidate, reward, _rng, index) {
      batch.push({ tokens: candidate.info?.decisions ?? [], reward, index });
      if (--batchLeft > 0) return [];
      const rewards = batch.map((b) => b.reward);
      const update = await policy.update(batch, rewards);
      const event: RunEvent = {
        type: 'policy-update',
        index,
        batch: batch.map((b) => b.index),
        rewards,
        baseline: update.baseline,
        advantages: update.advantages,
        loss: update.loss,
      };
      batch = [];
      return [event];
    },
    dispose: () => policy.dispose(),
  };
}

/** The strategy of a config. */
export function createStrategy(config: RunConfig, deps: StrategyDeps = {}): SearchStrategy {
  if (isQConfig(config)) return qStrategy(config);
  switch (config.strategy) {
    case 'reinforce':
      return reinforceStrategy(config, deps);
    case 'evolution':
      return evolutionStrategy(config);
    default:
      return randomStrategy(config);
  }
}
