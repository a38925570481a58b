/**
 * Checks an imported run log before anything replays it: a JSON schema for the shape (ajv),
 * then the config through `validateConfig`, then the facts a schema cannot say (finite numbers,
 * rewards in [0, 1], every Q-update following the update rule of SPEC §2, results matching their
 * proposals). Errors name the problem and the event. Pure module: no DOM, React or tfjs.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RunConfig } from './config';
import { validateConfig } from './options';
import { isQConfig, qParams } from './qsearch';
import { transformReward } from './reinforce';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type ResultEvent, type RunEvent, type RunLog } from './runlog';

const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
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
              decisions: { type: 'array', items: nonNegativeInt },
              probabilities: { type: 'array', items: { type: 'array', items: num } },
              origin: { enum: ['random', 'mutation'] },
              tournament: { type: 'array', items: nonNegativeInt },
              parentId: nonNegativeInt,
              mutation: str,
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

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const trimmed = text.trimEnd();
    const truncated =
      /end of (JSON|data)|unterminated/i.test(reason) || (trimmed.startsWith('{') && !trimmed.endsWith('}'));
    const hint = truncated
      ? ' The file looks truncated: it stops before the JSON ends (was the download or copy cut short?).'
      : '';
    return { ok: false, error: `Not valid JSON: ${reason}.${hint}` };
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
  return { where: parts.length > 0 ? parts.join('.') : 'run log', field: '' };
}

function describeSchemaError(doc: Record<string, unknown>, err: ErrorObject): string {
  const { where, field } = describePath(doc, err.instancePath);
  const params = err.params as Record<string, unknown>;
  const subject = field === '' ? '' : `field '${field}' `;
  switch (err.keyword) {
    case 'required':
      return `${where}: missing field '${field === '' ? '' : field + '.'}${String(params.missingProperty)}'.`;
    case 'additionalProperties':
      return `${where}: unknown field '${String(params.additionalProperty)}'.`;
    case 'discriminator':
      return params.error === 'mapping'
        ? `${where}: unknown event type '${String(params.tagValue)}'; expected propose, result, q-update, epsilon, population, policy-update or done.`
        : `${where}: event type must be a string.`;
    case 'enum':
      return `${where}: ${subject}must be one of ${(params.allowedValues as unknown[]).join(', ')}.`;
    default:
      return `${where}: ${subject}${err.message ?? 'is invalid'}.`;
  }
}

function eventLabel(i: number, event: Record<string, unknown>): string {
  return EVENT_TYPES.has(event.type) ? `events[${i}] (${String(event.type)})` : `events[${i}]`;
}

/** The first number in an event (curve entries included) that is NaN or infinite, as `field value`. */
function nonFiniteField(event: Record<string, unknown>): string | undefined {
  for (const key in event) {
    const value = event[key];
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${key} is ${value}`;
    } else if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const x: unknown = value[j];
        if (typeof x === 'number' && !Number.isFinite(x)) return `${key}[${j}] is ${x}`;
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
function rewardProblem(event: ResultEvent, config: RunConfig, earlyStop: boolean): string | undefined {
  const terms = [event.flops, event.density, event.flopsPenalty, event.densityPenalty];
  if (config.strategy !== 'blockqnn') {
    if (terms.some((t) => t !== undefined))
      return `FLOPs and density terms belong to BlockQNN results, not ${config.strategy}.`;
    if (event.cached) return undefined;
    // REINFORCE learns from the transformed accuracy (cubed in the paper); the others from it as is.
    const transform = config.strategy === 'reinforce' ? config.reinforce.rewardTransform : 'plain';
    const expected = transformReward(event.accuracy, transform);
    return close(event.reward, expected)
      ? undefined
      : `reward ${event.reward} is not the ${transform} accuracy ${round(expected)}.`;
  }
  if (terms.some((t) => t === undefined))
    return 'a BlockQNN result needs flops, density, flopsPenalty and densityPenalty.';
  if (event.cached) return undefined;
  const expected = earlyStop ? event.accuracy - event.flopsPenalty! - event.densityPenalty! : event.accuracy;
  if (!close(event.reward, expected)) {
    return earlyStop
      ? `reward ${event.reward} is not accuracy - flopsPenalty - densityPenalty = ${round(expected)}.`
      : `reward ${event.reward} differs from accuracy ${event.accuracy} (the early-stop reward is off).`;
  }
  return undefined;
}

/** The facts about events that the schema cannot express, in one pass. */
function checkEvents(events: readonly RunEvent[], config: RunConfig): string | undefined {
  const { alpha, gamma } = qParams(config);
  // BlockQNN's early-stop reward subtracts unbounded log penalties: it may leave [0, 1].
  const earlyStop = config.strategy === 'blockqnn' && config.blockqnn.earlyStop;
  const q = isQConfig(config);
  const proposedArch: string[] = [];
  const hasResult: boolean[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const at = `events[${i}] (${event.type})`;
    switch (event.type) {
      case 'propose':
        if (event.index !== proposedArch.length)
          return `${at}: index ${event.index} is out of order; proposals count up from 0, expected ${proposedArch.length}.`;
        if (q && event.epsilon === undefined) return `${at}: a Q-learning proposal needs its epsilon.`;
        if (!q && event.epsilon !== undefined)
          return `${at}: ${config.strategy} has no epsilon schedule, yet the proposal has an epsilon.`;
        if (event.epsilon !== undefined && outsideUnit(event.epsilon))
          return `${at}: epsilon ${event.epsilon} is outside [0, 1].`;
        proposedArch.push(event.arch);
        hasResult.push(false);
        break;
      case 'result': {
        const arch = proposedArch[event.index];
        if (arch === undefined) return `${at}: index ${event.index} has no earlier propose event.`;
        if (arch !== event.arch)
          return `${at}: arch '${event.arch}' differs from proposal ${event.index}, which was '${arch}'.`;
        if (hasResult[event.index]) return `${at}: proposal ${event.index} already has a result.`;
        hasResult[event.index] = true;
        if (outsideUnit(event.accuracy)) return `${at}: accuracy ${event.accuracy} is outside [0, 1].`;
        if (!earlyStop && outsideUnit(event.reward))
          return `${at}: reward ${event.reward} is outside [0, 1].`;
        const problem = rewardProblem(event, config, earlyStop);
        if (problem !== undefined) return `${at}: ${problem}`;
        if (event.testAccuracy !== undefined && outsideUnit(event.testAccuracy))
          return `${at}: testAccuracy ${event.testAccuracy} is outside [0, 1].`;
        const badEpoch = event.curve.findIndex(outsideUnit);
        if (badEpoch >= 0) return `${at}: curve[${badEpoch}] = ${event.curve[badEpoch]} is outside [0, 1].`;
        break;
      }
      case 'q-update': {
        if (!q) return `${at}: ${config.strategy} has no Q-table.`;
        if (!earlyStop && outsideUnit(event.reward))
          return `${at}: reward ${event.reward} is outside [0, 1].`;
        // Q(s,u) <- (1 - alpha) Q(s,u) + alpha [r + gamma max_u' Q(s',u')]  (Baker et al. 2017, §3)
        const expected = (1 - alpha) * event.oldQ + alpha * (event.reward + gamma * event.maxNextQ);
        if (Math.abs(event.newQ - expected) > 1e-9 * Math.max(1, Math.abs(expected)))
          return (
            `${at}: newQ ${event.newQ} does not follow the Q-learning update; expected ${round(expected)} ` +
            `(alpha ${alpha}, gamma ${gamma}, oldQ ${event.oldQ}, reward ${event.reward}, maxNextQ ${event.maxNextQ}).`
          );
        break;
      }
      case 'population': {
        if (config.strategy !== 'evolution') return `${at}: only evolution has a population.`;
        if (event.added.arch !== proposedArch[event.index] || !hasResult[event.index])
          return `${at}: the new member is not the evaluated proposal ${event.index}.`;
        if (event.size > config.evolution.populationSize)
          return `${at}: size ${event.size} exceeds the population (P = ${config.evolution.populationSize}).`;
        break;
      }
      case 'policy-update': {
        if (config.strategy !== 'reinforce') return `${at}: only REINFORCE updates a policy.`;
        const { batch, rewards, advantages, baseline } = event;
        if (rewards.length !== batch.length || advantages.length !== batch.length)
          return `${at}: batch, rewards and advantages must have the same length.`;
        const k = advantages.findIndex((a, j) => !close(a, rewards[j]! - baseline));
        if (k >= 0) return `${at}: advantages[${k}] is not rewards[${k}] - baseline.`;
        if (batch.some((i) => !hasResult[i])) return `${at}: the batch names a proposal without a result.`;
        break;
      }
      case 'epsilon':
        if (!q) return `${at}: ${config.strategy} has no epsilon schedule.`;
        if (outsideUnit(event.epsilon)) return `${at}: epsilon ${event.epsilon} is outside [0, 1].`;
        break;
      case 'done':
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
  if (typeof doc === 'string') {
    const parsed = parseJson(doc);
    if (!parsed.ok) return parsed;
    doc = parsed.value;
  }
  if (!isPlainObject(doc))
    return {
      ok: false,
      error: `A run log must be a JSON object; got ${Array.isArray(doc) ? 'an array' : typeof doc}.`,
    };
  if (doc.format !== RUN_LOG_FORMAT)
    return {
      ok: false,
      error: `Not a NAS Playground run: format is ${JSON.stringify(doc.format) ?? 'missing'}, expected '${RUN_LOG_FORMAT}'.`,
    };
  if (doc.version !== RUN_LOG_VERSION)
    return {
      ok: false,
      error: `Unsupported run log version ${JSON.stringify(doc.version) ?? '(missing)'}; this app reads version ${RUN_LOG_VERSION}.`,
    };

  if (typeof doc.seed === 'number' && !Number.isFinite(doc.seed))
    return { ok: false, error: `seed is ${doc.seed}; every number must be finite.` };
  if (Array.isArray(doc.events)) {
    const events: unknown[] = doc.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      if (!isPlainObject(event)) continue;
      const bad = nonFiniteField(event);
      if (bad !== undefined)
        return { ok: false, error: `${eventLabel(i, event)}: ${bad}; every number must be finite.` };
    }
  }

  const validate = schemaValidator();
  if (!validate(doc)) {
    const first = validate.errors?.[0];
    return {
      ok: false,
      error: first ? describeSchemaError(doc, first) : 'The run log does not match its schema.',
    };
  }

  const log = doc as unknown as RunLog;
  const configErrors = validateConfig(log.config);
  if (configErrors.length > 0) {
    const { path, message } = configErrors[0]!;
    return { ok: false, error: `config${path === '' ? '' : '.' + path}: ${message}` };
  }
  if (log.seed !== log.config.seed)
    return { ok: false, error: `seed ${log.seed} differs from config.seed ${log.config.seed}.` };

  const problem = checkEvents(log.events, log.config);
  return problem === undefined ? { ok: true, log } : { ok: false, error: problem };
}
