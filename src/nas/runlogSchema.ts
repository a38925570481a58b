/**
 * Checks an imported run log before anything replays it: a JSON schema for the shape (ajv),
 * then the config through `validateConfig`, then the facts a schema cannot say (finite numbers,
 * rewards in [0, 1], every Q-update following the update rule of SPEC §2, results matching their
 * proposals). Errors name the problem and the event. Pure module: no DOM, React or tfjs.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RunConfig } from './config';
import { configProblems, withLegacyDefaults } from './options';
import { formatMessage, message, type Message, type MessageCode, type MessageParam } from './message';
import { isQConfig, qParams } from './qsearch';
import { transformReward } from './reinforce';
import {
  RUN_LOG_FORMAT,
  RUN_LOG_VERSION,
  type ProposeEvent,
  type ResultEvent,
  type RunEvent,
  type RunLog,
} from './runlog';

const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const str = { type: 'string' } as const;
/** A message of src/nas/message.ts: a code and its parameters (data or nested messages). */
const messageSchema = {
  type: 'object',
  required: ['code'],
  properties: { code: str, params: { type: 'object' } },
  additionalProperties: false,
} as const;
const num = { type: 'number' } as const;
const choice = {
  type: 'object',
  properties: {
    u: { oneOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'null' }] },
    explore: { type: 'boolean' },
    actions: { type: 'array', items: str, minItems: 1 },
    q: { type: 'array', items: num, minItems: 1 },
  },
  required: ['u', 'explore', 'actions', 'q'],
  additionalProperties: false,
} as const;
const member = {
  type: 'object',
  properties: { id: nonNegativeInt, arch: str, reward: num },
  required: ['id', 'arch', 'reward'],
  additionalProperties: false,
} as const;

function eventSchema(
  type: RunEvent['type'],
  properties: Record<string, object>,
  optional: Record<string, object> = {},
) {
  return {
    type: 'object',
    properties: { type: { const: type }, ...properties, ...optional },
    required: ['type', ...Object.keys(properties)],
    additionalProperties: false,
  };
}

/** JSON schema (draft-07) of `RunLog`; events are told apart by `type`. */
export const RUN_LOG_SCHEMA = {
  type: 'object',
  properties: {
    format: { const: RUN_LOG_FORMAT },
    version: { const: RUN_LOG_VERSION },
    config: { type: 'object' },
    seed: nonNegativeInt,
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        discriminator: { propertyName: 'type' },
        oneOf: [
          eventSchema(
            'propose',
            {
              index: nonNegativeInt,
              arch: str,
              trajectory: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { state: str, action: str },
                  required: ['state', 'action'],
                  additionalProperties: false,
                },
              },
            },
            {
              epsilon: num,
              choices: { type: 'array', items: choice },
              decisions: { type: 'array', items: nonNegativeInt },
              probabilities: { type: 'array', items: { type: 'array', items: num } },
              origin: { enum: ['random', 'mutation'] },
              tournament: { type: 'array', items: nonNegativeInt },
              parentId: nonNegativeInt,
              mutation: str,
              mutationMessage: messageSchema,
            },
          ),
          eventSchema(
            'result',
            {
              index: nonNegativeInt,
              arch: str,
              reward: num,
              accuracy: num,
              curve: { type: 'array', items: num },
              params: nonNegativeInt,
              trainMs: { type: 'number', minimum: 0 },
              backend: str,
              restarts: nonNegativeInt,
              cached: { type: 'boolean' },
            },
            {
              flops: { type: 'number', minimum: 0 },
              density: { type: 'number', minimum: 0 },
              flopsPenalty: num,
              densityPenalty: num,
              testAccuracy: num,
              fromResultCache: { type: 'boolean' },
              trainedOn: { enum: ['tfjs', 'engine'] },
              engineFallback: str,
              engineFallbackMessage: messageSchema,
            },
          ),
          eventSchema('population', {
            index: nonNegativeInt,
            added: member,
            removed: { oneOf: [member, { type: 'null' }] },
            size: nonNegativeInt,
          }),
          eventSchema('policy-update', {
            index: nonNegativeInt,
            batch: { type: 'array', items: nonNegativeInt, minItems: 1 },
            rewards: { type: 'array', items: num },
            baseline: num,
            advantages: { type: 'array', items: num },
            loss: num,
          }),
          eventSchema('q-update', {
            state: str,
            action: str,
            nextState: str,
            reward: num,
            oldQ: num,
            maxNextQ: num,
            newQ: num,
            source: { enum: ['trajectory', 'replay'] },
          }),
          eventSchema('epsilon', {
            step: nonNegativeInt,
            epsilon: num,
            modelsAtEpsilon: nonNegativeInt,
          }),
          eventSchema('done', { trained: nonNegativeInt }),
        ],
      },
    },
  },
  // Extra top-level fields (export metadata) are tolerated; events are strict.
  required: ['format', 'version', 'config', 'seed', 'events'],
} as const;

// Compiled on first use and reused: compiling costs milliseconds, validating 100k events does not.
let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  // NaN and Infinity are reported by the finite-number pass with their event, not by ajv.
  compiled ??= new Ajv({ discriminator: true, strictNumbers: false }).compile(RUN_LOG_SCHEMA);
  return compiled;
}

const EVENT_TYPES: ReadonlySet<unknown> = new Set<RunEvent['type']>([
  'propose',
  'result',
  'q-update',
  'epsilon',
  'population',
  'policy-update',
  'done',
]);

type Outcome = { ok: true; log: RunLog } | { ok: false; error: string };
/** `Outcome` with the refusal as a message, for the UI to show in its language. */
export type RunLogCheck = { ok: true; log: RunLog } | { ok: false; problem: Message };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Stands for a bare `NaN`, `Infinity` or `-Infinity` token (JSON has none, but Python's
 * `json.dump` and hand edits write them), so that the finite-number pass can name the field.
 */
const NON_FINITE_TOKEN = '\u0000non-finite:';
const BARE_NON_FINITE = /([:[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g;

/** The JSON text with bare non-finite tokens turned into marked strings, parsed; or undefined. */
function parseWithNonFinite(text: string): unknown {
  const marked = text.replace(
    BARE_NON_FINITE,
    (_m, lead: string, token: string) => lead + JSON.stringify(NON_FINITE_TOKEN + token),
  );
  if (marked === text) return undefined;
  try {
    return JSON.parse(marked);
  } catch {
    return undefined;
  }
}

/**
 * Whether the text stops inside a string or with an object or array still open: the mark of a
 * file cut short, wherever the cut fell (engines word the parse error differently at each place).
 */
export function endsOpen(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString || depth > 0;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; problem: Message } {
  text = text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const withNonFinite = parseWithNonFinite(text);
    if (withNonFinite !== undefined) return { ok: true, value: withNonFinite };
    const reason = err instanceof Error ? err.message : String(err);
    const truncated = /end of (JSON|data)|unterminated/i.test(reason) || endsOpen(text);
    return { ok: false, problem: message(truncated ? 'runlog.truncatedJson' : 'runlog.notJson', { reason }) };
  }
}

/** `events[12] (q-update)`, or the top-level field, for an ajv instance path like `/events/12/newQ`. */
function describePath(doc: Record<string, unknown>, instancePath: string): { where: string; field: string } {
  const parts = instancePath.split('/').slice(1);
  if (parts[0] === 'events' && parts.length >= 2) {
    const i = Number(parts[1]);
    const event = (doc.events as unknown[])[i];
    const type = isPlainObject(event) && EVENT_TYPES.has(event.type) ? ` (${String(event.type)})` : '';
    const field = parts
      .slice(2)
      .map((p, k) => (/^\d+$/.test(p) && k > 0 ? `[${p}]` : (k > 0 ? '.' : '') + p))
      .join('');
    return { where: `events[${i}]${type}`, field };
  }
  return { where: parts.length > 0 ? parts.join('.') : '', field: '' };
}

function describeSchemaError(doc: Record<string, unknown>, err: ErrorObject): Message {
  const { where, field } = describePath(doc, err.instancePath);
  const params = err.params as Record<string, unknown>;
  const at = (problem: Message) =>
    message('runlog.at', { where: where === '' ? message('runlog.theLog') : where, problem });
  switch (err.keyword) {
    case 'required':
      return at(
        message('runlog.missingField', {
          field: `${field === '' ? '' : field + '.'}${String(params.missingProperty)}`,
        }),
      );
    case 'additionalProperties':
      return at(message('runlog.unknownField', { field: String(params.additionalProperty) }));
    case 'discriminator':
      return at(
        params.error === 'mapping'
          ? message('runlog.unknownEventType', { type: String(params.tagValue) })
          : message('runlog.eventTypeNotString'),
      );
    case 'enum': {
      const choices = (params.allowedValues as unknown[]).join(', ');
      return at(
        field === ''
          ? message('runlog.notOneOf', { choices })
          : message('runlog.fieldNotOneOf', { field, choices }),
      );
    }
    default: {
      // ajv's own wording (English) is data here, like a JSON engine's parse error.
      const reason = err.message ?? message('runlog.invalid');
      return at(
        field === ''
          ? message('runlog.schemaRule', { reason })
          : message('runlog.fieldSchemaRule', { field, reason }),
      );
    }
  }
}

function eventLabel(i: number, event: Record<string, unknown>): string {
  return EVENT_TYPES.has(event.type) ? `events[${i}] (${String(event.type)})` : `events[${i}]`;
}

/** `NaN`, `Infinity` or `-Infinity` for such a number or its marked token; undefined otherwise. */
function nonFinite(x: unknown): string | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? undefined : String(x);
  if (typeof x === 'string' && x.startsWith(NON_FINITE_TOKEN)) return x.slice(NON_FINITE_TOKEN.length);
  return undefined;
}

/** The first number in an event (curve entries included) that is NaN or infinite, as `field value`. */
function nonFiniteField(event: Record<string, unknown>): Message | undefined {
  for (const key in event) {
    const value = event[key];
    const bad = nonFinite(value);
    if (bad !== undefined) return message('runlog.nonFinite', { field: key, value: bad });
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const inner = nonFinite(value[j]);
        if (inner !== undefined) return message('runlog.nonFinite', { field: `${key}[${j}]`, value: inner });
      }
    }
  }
  return undefined;
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

function outsideUnit(x: number): boolean {
  return !(x >= 0 && x <= 1);
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * Why a result's reward does not follow from its accuracy (and, for BlockQNN, its penalty
 * terms), or undefined. A cached result reuses the first reward of its architecture, which was
 * checked when it was logged.
 */
function rewardProblem(event: ResultEvent, config: RunConfig, earlyStop: boolean): Message | undefined {
  const terms = [event.flops, event.density, event.flopsPenalty, event.densityPenalty];
  if (config.strategy !== 'blockqnn') {
    if (terms.some((t) => t !== undefined))
      return message('runlog.blockTermsElsewhere', { strategy: config.strategy });
    if (event.cached) return undefined;
    // REINFORCE learns from the transformed accuracy (cubed in the paper); the others from it as is.
    const transform = config.strategy === 'reinforce' ? config.reinforce.rewardTransform : 'plain';
    const expected = transformReward(event.accuracy, transform);
    return close(event.reward, expected)
      ? undefined
      : message(transform === 'cubed' ? 'runlog.rewardNotCubed' : 'runlog.rewardNotPlain', {
          reward: event.reward,
          expected: round(expected),
        });
  }
  if (terms.some((t) => t === undefined)) return message('runlog.blockTermsMissing');
  if (event.cached) return undefined;
  const expected = earlyStop ? event.accuracy - event.flopsPenalty! - event.densityPenalty! : event.accuracy;
  if (!close(event.reward, expected)) {
    return earlyStop
      ? message('runlog.rewardNotEarlyStop', { reward: event.reward, expected: round(expected) })
      : message('runlog.rewardNotAccuracy', { reward: event.reward, accuracy: event.accuracy });
  }
  return undefined;
}

/**
 * Why a proposal's logged choices do not explain its trajectory, or undefined: one per step, the
 * step's action among the legal ones with one Q each, explore exactly when the draw u < epsilon,
 * and an exploiting step's action of maximal Q.
 */
function choicesProblem(event: ProposeEvent): Message | undefined {
  const { choices, trajectory, epsilon } = event;
  if (choices === undefined) return undefined;
  if (epsilon === undefined) return message('runlog.choicesWithoutEpsilon');
  if (choices.length !== trajectory.length)
    return message('runlog.choicesCount', { choices: choices.length, steps: trajectory.length });
  for (let k = 0; k < choices.length; k++) {
    const { u, explore, actions, q } = choices[k]!;
    const step = trajectory[k]!;
    if (q.length !== actions.length)
      return message('runlog.choiceQCount', { k, actions: actions.length, q: q.length });
    const chosen = actions.indexOf(step.action);
    if (chosen < 0) return message('runlog.choiceIllegal', { k, action: step.action });
    if (u === null) {
      if (actions.length !== 1 || explore) return message('runlog.choiceWithoutDraw', { k });
      continue;
    }
    if (explore !== u < epsilon)
      return message(u < epsilon ? 'runlog.choiceMeansExplore' : 'runlog.choiceMeansExploit', {
        k,
        u,
        epsilon,
      });
    if (!explore && q[chosen]! < Math.max(...q))
      return message('runlog.choiceNotMaximal', {
        k,
        action: step.action,
        q: q[chosen]!,
        max: Math.max(...q),
      });
  }
  return undefined;
}

/** The facts about events that the schema cannot express, in one pass. */
function checkEvents(events: readonly RunEvent[], config: RunConfig): Message | undefined {
  const { alpha, gamma } = qParams(config);
  // BlockQNN's early-stop reward subtracts unbounded log penalties: it may leave [0, 1].
  const earlyStop = config.strategy === 'blockqnn' && config.blockqnn.earlyStop;
  const q = isQConfig(config);
  const { initialQ } = qParams(config);
  const proposedArch: string[] = [];
  const hasResult: boolean[] = [];
  /** Q-values as the logged updates left them: `state\naction` -> Q. */
  const qValues = new Map<string, number>();
  let trained = 0;
  /** Ids of the living population members, oldest first. */
  const members: number[] = [];
  let epsilonStep = -1;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const where = `events[${i}] (${event.type})`;
    const at = (code: MessageCode, params?: Record<string, MessageParam>): Message =>
      message('runlog.at', { where, problem: message(code, params) });
    if (i > 0 && events[i - 1]!.type === 'done') return at('runlog.afterDone', { done: i - 1 });
    switch (event.type) {
      case 'propose':
        if (event.index !== proposedArch.length)
          return at('runlog.indexOutOfOrder', { index: event.index, expected: proposedArch.length });
        if (q && event.epsilon === undefined) return at('runlog.proposalNeedsEpsilon');
        if (!q && event.epsilon !== undefined)
          return at('runlog.proposalHasEpsilon', { strategy: config.strategy });
        if (event.epsilon !== undefined && outsideUnit(event.epsilon))
          return at('runlog.outsideUnit', { field: 'epsilon', value: event.epsilon });
        if (event.choices !== undefined) {
          const problem = choicesProblem(event);
          if (problem !== undefined) return message('runlog.at', { where, problem });
        }
        proposedArch.push(event.arch);
        hasResult.push(false);
        break;
      case 'result': {
        const arch = proposedArch[event.index];
        if (arch === undefined) return at('runlog.resultWithoutProposal', { index: event.index });
        if (arch !== event.arch)
          return at('runlog.archDiffers', { arch: event.arch, index: event.index, proposed: arch });
        if (hasResult[event.index]) return at('runlog.secondResult', { index: event.index });
        hasResult[event.index] = true;
        if (!event.cached) trained++;
        if (outsideUnit(event.accuracy))
          return at('runlog.outsideUnit', { field: 'accuracy', value: event.accuracy });
        if (!earlyStop && outsideUnit(event.reward))
          return at('runlog.outsideUnit', { field: 'reward', value: event.reward });
        const problem = rewardProblem(event, config, earlyStop);
        if (problem !== undefined) return message('runlog.at', { where, problem });
        if (event.testAccuracy !== undefined && outsideUnit(event.testAccuracy))
          return at('runlog.outsideUnit', { field: 'testAccuracy', value: event.testAccuracy });
        if (event.fromResultCache && event.cached) return at('runlog.cachedTwice');
        if (event.fromResultCache && event.trainMs !== 0)
          return at('runlog.cacheTrainTime', { trainMs: event.trainMs });
        const badEpoch = event.curve.findIndex(outsideUnit);
        if (badEpoch >= 0)
          return at('runlog.curveOutsideUnit', { epoch: badEpoch, value: event.curve[badEpoch]! });
        break;
      }
      case 'q-update': {
        if (!q) return at('runlog.noQTable', { strategy: config.strategy });
        if (!earlyStop && outsideUnit(event.reward))
          return at('runlog.outsideUnit', { field: 'reward', value: event.reward });
        // Q(s,u) <- (1 - alpha) Q(s,u) + alpha [r + gamma max_u' Q(s',u')]  (Baker et al. 2017, §3)
        const expected = (1 - alpha) * event.oldQ + alpha * (event.reward + gamma * event.maxNextQ);
        if (Math.abs(event.newQ - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
          return at('runlog.qUpdate', {
            newQ: event.newQ,
            expected: round(expected),
            alpha,
            gamma,
            oldQ: event.oldQ,
            reward: event.reward,
            maxNextQ: event.maxNextQ,
          });
        // The old value is what the previous update of this (state, action) left, or Q0.
        const key = `${event.state}\n${event.action}`;
        const before = qValues.get(key);
        if (!close(event.oldQ, before ?? initialQ))
          return before === undefined
            ? at('runlog.oldQNotInitial', {
                oldQ: event.oldQ,
                state: event.state,
                action: event.action,
                initialQ,
              })
            : at('runlog.oldQNotChained', {
                oldQ: event.oldQ,
                state: event.state,
                action: event.action,
                before,
              });
        qValues.set(key, event.newQ);
        break;
      }
      case 'population': {
        if (config.strategy !== 'evolution') return at('runlog.populationElsewhere');
        if (event.added.arch !== proposedArch[event.index] || !hasResult[event.index])
          return at('runlog.memberNotProposal', { index: event.index });
        if (event.size > config.evolution.populationSize)
          return at('runlog.populationTooLarge', {
            size: event.size,
            population: config.evolution.populationSize,
          });
        if (event.removed !== null) {
          if (members[0] !== event.removed.id)
            return members[0] === undefined
              ? at('runlog.removedFromEmpty', { id: event.removed.id })
              : at('runlog.removedNotOldest', { id: event.removed.id, oldest: members[0] });
          members.shift();
        }
        if (members.includes(event.added.id) || (members.length > 0 && event.added.id <= members.at(-1)!))
          return at('runlog.memberNotNewest', { id: event.added.id });
        members.push(event.added.id);
        if (event.size !== members.length)
          return at('runlog.populationSize', { size: event.size, living: members.length });
        break;
      }
      case 'policy-update': {
        if (config.strategy !== 'reinforce') return at('runlog.policyElsewhere');
        const { batch, rewards, advantages, baseline } = event;
        if (rewards.length !== batch.length || advantages.length !== batch.length)
          return at('runlog.batchLengths');
        const k = advantages.findIndex((a, j) => !close(a, rewards[j]! - baseline));
        if (k >= 0) return at('runlog.advantage', { k });
        if (batch.some((i) => !hasResult[i])) return at('runlog.batchWithoutResult');
        break;
      }
      case 'epsilon':
        if (!q) return at('runlog.noSchedule', { strategy: config.strategy });
        if (outsideUnit(event.epsilon))
          return at('runlog.outsideUnit', { field: 'epsilon', value: event.epsilon });
        if (event.step <= epsilonStep)
          return at('runlog.stepBack', { step: event.step, previous: epsilonStep });
        epsilonStep = event.step;
        break;
      case 'done':
        if (event.trained !== trained)
          return at('runlog.trainedCount', { trained: event.trained, results: trained });
        break;
    }
  }
  return undefined;
}

/**
 * Check an imported run log (a parsed object or the JSON text of an export).
 * Returns the log typed, or the first problem found as one human sentence naming where it is.
 */
export function validateRunLog(doc: unknown): Outcome {
  const checked = checkRunLog(doc);
  return checked.ok ? checked : { ok: false, error: formatMessage(checked.problem) };
}

/** `validateRunLog` with the refusal as a message. */
export function checkRunLog(doc: unknown): RunLogCheck {
  if (typeof doc === 'string') {
    const parsed = parseJson(doc);
    if (!parsed.ok) return parsed;
    doc = parsed.value;
  }
  if (!isPlainObject(doc))
    return {
      ok: false,
      problem: Array.isArray(doc)
        ? message('runlog.arrayNotObject')
        : message('runlog.notObject', { type: typeof doc }),
    };
  if (doc.format !== RUN_LOG_FORMAT)
    return {
      ok: false,
      problem:
        doc.format === undefined
          ? message('runlog.formatMissing', { expected: RUN_LOG_FORMAT })
          : message('runlog.wrongFormat', {
              format: JSON.stringify(doc.format) ?? String(doc.format),
              expected: RUN_LOG_FORMAT,
            }),
    };
  if (doc.version !== RUN_LOG_VERSION)
    return {
      ok: false,
      problem:
        doc.version === undefined
          ? message('runlog.versionMissing', { supported: RUN_LOG_VERSION })
          : message('runlog.wrongVersion', {
              version: JSON.stringify(doc.version) ?? String(doc.version),
              supported: RUN_LOG_VERSION,
            }),
    };
  // Logs written before an option existed meant its legacy value (no trainingPath: tfjs).
  const filled: Record<string, unknown> = { ...doc, config: withLegacyDefaults(doc.config) };

  const badSeed = nonFinite(filled.seed);
  if (badSeed !== undefined)
    return {
      ok: false,
      problem: message('runlog.mustBeFinite', {
        problem: message('runlog.nonFinite', { field: 'seed', value: badSeed }),
      }),
    };
  if (Array.isArray(filled.events)) {
    const events: unknown[] = filled.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (!isPlainObject(event)) continue;
      const bad = nonFiniteField(event);
      if (bad !== undefined)
        return {
          ok: false,
          problem: message('runlog.at', {
            where: eventLabel(i, event),
            problem: message('runlog.mustBeFinite', { problem: bad }),
          }),
        };
    }
  }

  const validate = schemaValidator();
  if (!validate(filled)) {
    const first = validate.errors?.[0];
    return { ok: false, problem: first ? describeSchemaError(filled, first) : message('runlog.schema') };
  }

  const log = filled as unknown as RunLog;
  const configErrors = configProblems(log.config);
  if (configErrors.length > 0) {
    const { path, problem } = configErrors[0]!;
    return {
      ok: false,
      problem: message('runlog.at', { where: `config${path === '' ? '' : '.' + path}`, problem }),
    };
  }
  if (log.seed !== log.config.seed)
    return {
      ok: false,
      problem: message('runlog.seedDiffers', { seed: log.seed, configSeed: log.config.seed }),
    };

  const problem = checkEvents(log.events, log.config);
  return problem === undefined ? { ok: true, log } : { ok: false, problem };
}
