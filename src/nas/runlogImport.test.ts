/**
 * Importing a run log: every kind of bad file is refused with a message that names the problem
 * (and, where it applies, the event and field); real logs of every strategy are accepted and
 * replay with their config and seed.
 */
import { describe, expect, it } from 'vitest';
import { type RunConfig } from './config';
import { presetConfig } from './presets';
import { applyConfigPatch } from './options';
import { replayProblem } from './replayCheck';
import { hashString } from './rng';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent, type RunLog } from './runlog';
import { validateRunLog } from './runlogSchema';
import { SearchRun, type Evaluate } from './search';
import { toVersion1 } from './qReplay';
import { qParams } from './qsearch';
import { QReplay } from './qReplay';

/** A fake trainer: the accuracy is a fixed function of the net string. */
const evaluate: Evaluate = async (_arch, { net }) => {
  const accuracy = hashString(net) / 2 ** 32;
  return { accuracy, curve: [accuracy], params: 100, trainMs: 5, backend: 'cpu', restarts: 0 };
};

function configure(patch: object): RunConfig {
  const result = applyConfigPatch(presetConfig('test', 5), patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

async function recordedLog(config: RunConfig, maxSteps = 1000): Promise<RunLog> {
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  for (let i = 0; i < maxSteps && !run.done; i++) await run.step(evaluate);
  run.dispose();
  return { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: config.seed, events };
}

const metaqnnLog = () => recordedLog(presetConfig('test', 5));

/** The same MetaQNN run as a version-1 log, which logged every Q-update (still imported). */
async function metaqnnV1Log(): Promise<RunLog> {
  const log = await metaqnnLog();
  return { ...log, version: 1, events: toVersion1(log.events, qParams(log.config)) };
}

function errorOf(doc: unknown): string {
  const outcome = validateRunLog(doc);
  if (outcome.ok) throw new Error('expected the log to be rejected');
  return outcome.error;
}

/** A copy of `log` as a mutable plain object. */
function mutable(log: RunLog): {
  [k: string]: unknown;
  config: Record<string, unknown>;
  events: Record<string, unknown>[];
} {
  return structuredClone(log) as never;
}

const indexOfType = (log: { events: readonly object[] }, type: string, nth = 0): number => {
  let seen = 0;
  return log.events.findIndex((e) => (e as { type?: unknown }).type === type && seen++ === nth);
};

describe('importing real run logs', () => {
  it.each([
    ['metaqnn', {}],
    ['blockqnn', { strategy: 'blockqnn' }],
    ['blockqnn with early stop', { strategy: 'blockqnn', blockqnn: { earlyStop: true } }],
    ['evolution', { strategy: 'evolution', space: 'layers', evolution: { models: 12, populationSize: 4 } }],
    ['random', { strategy: 'random', space: 'layers', random: { models: 6 } }],
  ])('accepts a finished %s run and replays it with its config and seed', async (_name, patch) => {
    const log = await recordedLog(configure(patch));
    expect(log.events.at(-1)?.type).toBe('done');
    const outcome = validateRunLog(JSON.stringify(log));
    expect(outcome.ok ? 'ok' : outcome.error).toBe('ok');
    expect(await replayProblem(log)).toBeUndefined();
  });
});

describe('importing bad files', () => {
  it('truncated JSON: says so', async () => {
    const text = JSON.stringify(await metaqnnLog());
    const error = errorOf(text.slice(0, Math.floor(text.length / 2)));
    expect(error).toMatch(/^Not valid JSON: /);
    expect(error).toMatch(/truncated/);
  });

  it('not JSON at all (a CSV): says it is not JSON', () => {
    const error = errorOf('strategy,seed,model,accuracy\nmetaqnn,1,0,0.5\n');
    expect(error).toMatch(/^Not valid JSON: /);
    expect(error).not.toMatch(/truncated/);
  });

  it('foreign JSON (another tool, or the compare export): names the format', () => {
    expect(errorOf({ name: 'my-package', version: '1.0.0' })).toBe(
      "Not a NAS Playground run: format is missing, expected 'nas-playground/run'.",
    );
    expect(errorOf({ format: 'nas-playground/compare', version: 1, runs: [] })).toMatch(
      /^Not a NAS Playground run: format is "nas-playground\/compare"/,
    );
  });

  it('wrong version: names it and the supported ones; a newer one says so', async () => {
    expect(errorOf({ ...(await metaqnnLog()), version: 0 })).toBe(
      'Unsupported run log version 0; this app reads version 1, 2.',
    );
    expect(errorOf({ ...(await metaqnnLog()), version: 3 })).toBe(
      'This run log is version 3, written by a newer NAS Playground; this app reads versions 1, 2. Update the app to open it.',
    );
  });

  it('a version-1 log (every Q-update logged) imports, and replays to the same Q-values', async () => {
    const v2 = await metaqnnLog();
    const v1 = await metaqnnV1Log();
    expect(v1.events.filter((e) => e.type === 'q-update').length).toBeGreaterThan(0);
    expect(validateRunLog(v1)).toEqual({ ok: true, log: v1 });
    const tableOf = (log: RunLog) => {
      const replay = new QReplay(qParams(log.config));
      for (const e of log.events) replay.read(e);
      return new Map([...replay.table.entries()].map(([s, a, q]) => [`${s}\n${a}`, q]));
    };
    expect(tableOf(v1)).toEqual(tableOf(v2));
  });

  it('a replay sample naming a later proposal is refused', async () => {
    const log = mutable(await metaqnnLog());
    const i = indexOfType(log, 'replay', 0);
    (log.events[i]!.samples as number[])[0] = 5;
    expect(errorOf(log)).toBe(
      `events[${i}] (replay): replay sample 5 names a proposal after 0: when proposal 0 learns, the replay dictionary holds proposals 0 to 0 only.`,
    );
  });

  it.each([
    ['strategy', 'hyperband', /^config\.strategy: .*hyperband/],
    ['space', 'transformers', /^config\.space: .*transformers/],
    ['dataset', 'imagenet', /^config\.dataset: .*imagenet/],
  ])('unknown %s: names the config field', async (field, value, message) => {
    const log = mutable(await metaqnnLog());
    log.config[field] = value;
    expect(errorOf(log)).toMatch(message);
  });

  it('a NaN reward written as a bare token (as Python writes it): names the event and field', async () => {
    const log = await metaqnnLog();
    const i = indexOfType(log, 'result', 1);
    const text = JSON.stringify(log).replace(
      JSON.stringify(log.events[i]),
      JSON.stringify(log.events[i]).replace(/"reward":[^,]+/, '"reward":NaN'),
    );
    expect(errorOf(text)).toBe(`events[${i}] (result): reward is NaN; every number must be finite.`);
  });

  it('an infinite Q-value in an object: names the event and field', async () => {
    const log = mutable(await metaqnnV1Log());
    const i = indexOfType(log, 'q-update', 2);
    log.events[i]!.maxNextQ = Infinity;
    expect(errorOf(log)).toBe(`events[${i}] (q-update): maxNextQ is Infinity; every number must be finite.`);
  });

  it('an out-of-range reward: names the event and the value', async () => {
    const log = mutable(await metaqnnLog());
    const i = indexOfType(log, 'result', 0);
    log.events[i]!.reward = 1.5;
    log.events[i]!.accuracy = 1.5;
    expect(errorOf(log)).toBe(`events[${i}] (result): accuracy 1.5 is outside [0, 1].`);
    log.events[i]!.accuracy = 0.5;
    expect(errorOf(log)).toBe(`events[${i}] (result): reward 1.5 is outside [0, 1].`);
  });

  it('a q-update whose newQ does not follow new = old + alpha (r + gamma max Q - old): gives the expected value', async () => {
    const log = mutable(await metaqnnV1Log());
    const i = indexOfType(log, 'q-update', 0);
    const e = log.events[i] as { oldQ: number; reward: number; maxNextQ: number; newQ: number };
    const expected = e.oldQ + 0.01 * (e.reward + 1 * e.maxNextQ - e.oldQ);
    expect(e.newQ).toBeCloseTo(expected, 12);
    e.newQ = expected + 0.001;
    const error = errorOf(log);
    expect(error).toMatch(
      new RegExp(
        `^events\\[${i}\\] \\(q-update\\): newQ ${e.newQ} does not follow the Q-learning update; expected `,
      ),
    );
    expect(error).toContain('alpha 0.01, gamma 1');
  });

  it('a q-update that starts from another value than the last one of its (state, action)', async () => {
    const log = mutable(await metaqnnV1Log());
    // The first update of a pair starts at Q0 = 0.5; a later one at the previous newQ.
    const i = indexOfType(log, 'q-update', 0);
    const e = log.events[i] as { oldQ: number; reward: number; maxNextQ: number; newQ: number };
    e.oldQ = 0.6;
    e.newQ = 0.99 * e.oldQ + 0.01 * (e.reward + e.maxNextQ); // follows the equation from the wrong start
    expect(errorOf(log)).toMatch(
      new RegExp(
        `^events\\[${i}\\] \\(q-update\\): oldQ 0.6 of the first update of .* is not the initial Q 0.5\\.`,
      ),
    );
  });

  it('inconsistent counts: a done event whose trained count disagrees with the results', async () => {
    const log = mutable(await metaqnnLog());
    const i = log.events.length - 1;
    const trained = log.events[i]!.trained as number;
    log.events[i]!.trained = trained + 1;
    expect(errorOf(log)).toBe(
      `events[${i}] (done): trained ${trained + 1} does not match the ${trained} results that were not cached.`,
    );
  });

  it('inconsistent counts: events after done, proposals out of order, a population size off by one', async () => {
    const log = mutable(await metaqnnLog());
    log.events.push({ type: 'done', trained: 0 });
    expect(errorOf(log)).toMatch(
      /^events\[\d+\] \(done\): the run ended at events\[\d+\] \(done\); nothing may follow it\.$/,
    );

    const shuffled = mutable(await metaqnnLog());
    const p = indexOfType(shuffled, 'propose', 1);
    shuffled.events[p]!.index = 2;
    expect(errorOf(shuffled)).toBe(
      `events[${p}] (propose): index 2 is out of order; proposals count up from 0, expected 1.`,
    );

    const evolution = mutable(
      await recordedLog(
        configure({ strategy: 'evolution', space: 'layers', evolution: { models: 8, populationSize: 4 } }),
      ),
    );
    const k = indexOfType(evolution, 'population', 2);
    evolution.events[k]!.size = 2;
    expect(errorOf(evolution)).toBe(
      `events[${k}] (population): size 2 does not match the 3 living members the events add up to.`,
    );
  });

  it('a log that passes every check but was not produced by its config and seed: refused on replay', async () => {
    const log = await metaqnnLog();
    const other = await recordedLog(presetConfig('test', 6));
    // The same shape of events, another seed's architectures: consistent, but not this seed's run.
    const forged = { ...other, config: log.config, seed: log.seed };
    const outcome = validateRunLog(forged);
    expect(outcome.ok).toBe(true);
    expect(await replayProblem(forged)).toMatch(
      /^The run cannot be replayed with its config and seed: Run log does not match this config and seed at proposal \d+/,
    );
  });
});
