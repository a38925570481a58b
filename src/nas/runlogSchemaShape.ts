/**
 * The JSON schema (draft-07) of a run log, assembled from the events every run writes (propose,
 * result, done) and the event rules each registered strategy adds; events are told apart by
 * `type`. Compiled once per registry state. Pure module: no DOM, React or tfjs.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import { OLDER_RUN_LOG_VERSIONS, RUN_LOG_FORMAT, RUN_LOG_VERSION } from './runlog';
import type { EventRule } from './strategies/contract';
import { perRegistry, strategyDefinitions } from './strategies';

const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const str = { type: 'string' } as const;
const num = { type: 'number' } as const;
/** A message of src/nas/message.ts: a code and its parameters (data or nested messages). */
const messageSchema = {
  type: 'object',
  required: ['code'],
  properties: { code: str, params: { type: 'object' } },
  additionalProperties: false,
} as const;
const choice = {
  type: 'object',
  properties: {
    u: { oneOf: [{ type: 'number', minimum: 0, maximum: 1 }, { type: 'null' }] },
    explore: { type: 'boolean' },
    actions: { type: 'array', items: str, minItems: 1 },
    q: { type: 'array', items: num, minItems: 1 },
  },
  // `q`: format 1 only (format 2 recomputes it from the Q-updates before the proposal).
  required: ['u', 'explore', 'actions'],
  additionalProperties: false,
} as const;

/** The events of every run, whatever its strategy. */
const COMMON_EVENTS: readonly Omit<EventRule, 'elsewhere'>[] = [
  {
    type: 'propose',
    required: {
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
    // What some strategies record of how they made the proposal (src/nas/runlog.ts ProposeEvent).
    optional: {
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
  },
  {
    type: 'result',
    required: {
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
    optional: {
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
  },
  { type: 'done', required: { trained: nonNegativeInt } },
];

/** Every event rule a strategy adds, once per type (the Q-learners share theirs), in registry order. */
export const strategyEventRules: () => ReadonlyMap<string, EventRule> = perRegistry(() => {
  const rules = new Map<string, EventRule>();
  for (const definition of strategyDefinitions())
    for (const rule of definition.events ?? []) if (!rules.has(rule.type)) rules.set(rule.type, rule);
  return rules;
});

/** Every event type a log may hold. */
export const eventTypes: () => ReadonlySet<string> = perRegistry(
  () => new Set([...COMMON_EVENTS.map((e) => e.type), ...strategyEventRules().keys()]),
);

function eventSchema(rule: Omit<EventRule, 'elsewhere'>) {
  return {
    type: 'object',
    properties: { type: { const: rule.type }, ...rule.required, ...rule.optional },
    required: ['type', ...Object.keys(rule.required)],
    additionalProperties: false,
  };
}

/** JSON schema (draft-07) of `RunLog` for the registered strategies. */
export const runLogSchema = perRegistry(() => {
  const common = COMMON_EVENTS.filter((e) => e.type !== 'done');
  const done = COMMON_EVENTS.filter((e) => e.type === 'done');
  return {
    type: 'object',
    properties: {
      format: { const: RUN_LOG_FORMAT },
      version: { enum: [...OLDER_RUN_LOG_VERSIONS, RUN_LOG_VERSION] },
      config: { type: 'object' },
      seed: nonNegativeInt,
      events: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type'],
          discriminator: { propertyName: 'type' },
          oneOf: [...common, ...strategyEventRules().values(), ...done].map(eventSchema),
        },
      },
    },
    // Extra top-level fields (export metadata) are tolerated; events are strict.
    required: ['format', 'version', 'config', 'seed', 'events'],
  };
});

/**
 * The compiled schema, reused: compiling costs milliseconds, validating 100k events does not.
 * NaN and Infinity are reported by the finite-number pass with their event, not by ajv.
 */
export const schemaValidator: () => ValidateFunction = perRegistry(() =>
  new Ajv({ discriminator: true, strictNumbers: false }).compile(runLogSchema()),
);
