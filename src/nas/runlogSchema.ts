/**
 * Checks an imported run log before anything replays it: a JSON schema for the shape (ajv,
 * assembled from the registered strategies' events), then the config through `configProblems`,
 * then the facts a schema cannot say (finite numbers, rewards in [0, 1], every Q-update following
 * the update rule of SPEC §2, results matching their proposals). Errors name the problem and the
 * event. Pure module: no DOM, React or tfjs.
 */
import { formatMessage, message, type Message } from './message';
import { configProblems, withLegacyDefaults } from './options';
import { OLDER_RUN_LOG_VERSIONS, RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunLog } from './runlog';
import { checkEvents } from './runlogEvents';
import { schemaValidator } from './runlogSchemaShape';
import {
  describeSchemaError,
  eventLabel,
  isPlainObject,
  nonFinite,
  nonFiniteField,
  parseJson,
} from './runlogText';

export { endsOpen } from './runlogText';
export { runLogSchema } from './runlogSchemaShape';

type Outcome = { ok: true; log: RunLog } | { ok: false; error: string };
/** `Outcome` with the refusal as a message, for the UI to show in its language. */
export type RunLogCheck = { ok: true; log: RunLog } | { ok: false; problem: Message };

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
  const supported = [...OLDER_RUN_LOG_VERSIONS, RUN_LOG_VERSION].join(', ');
  if (typeof doc.version === 'number' && Number.isInteger(doc.version) && doc.version > RUN_LOG_VERSION)
    return { ok: false, problem: message('runlog.newerVersion', { version: doc.version, supported }) };
  if (
    doc.version !== RUN_LOG_VERSION &&
    !(OLDER_RUN_LOG_VERSIONS as readonly unknown[]).includes(doc.version)
  )
    return {
      ok: false,
      problem:
        doc.version === undefined
          ? message('runlog.versionMissing', { supported })
          : message('runlog.wrongVersion', {
              version: JSON.stringify(doc.version) ?? String(doc.version),
              supported,
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
