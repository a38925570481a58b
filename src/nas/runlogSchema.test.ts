import { describe, expect, it } from 'vitest';
import { presetConfig } from './presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type QUpdateEvent, type RunEvent, type RunLog } from './runlog';
import { endsOpen, validateRunLog } from './runlogSchema';

const config = presetConfig('test', 3); // alpha 0.01, gamma 1
const { alpha, gamma } = config.metaqnn;

/** Q(s,u) <- (1 - alpha) Q(s,u) + alpha [r + gamma max Q(s',·)], SPEC §2. */
function qUpdate(
  state: string,
  action: string,
  nextState: string,
  reward: number,
  oldQ: number,
  maxNextQ: number,
): QUpdateEvent {
  const newQ = (1 - alpha) * oldQ + alpha * (reward + gamma * maxNextQ);
  return { type: 'q-update', state, action, nextState, reward, oldQ, maxNextQ, newQ, source: 'trajectory' };
}

const S0 = '0:start|R8|fc0';
const S1 = '1:C(4,3,1)|R8|fc0';
const ARCH = 'C(4,3,1) SM(10)';
const last = qUpdate(S1, 'SM', 'T', 0.8, 0.5, 0); // 0.503
const first = qUpdate(S0, 'C(4,3,1)', S1, 0, 0.5, last.newQ); // reverse temporal order: last transition first

function validLog(): RunLog {
  const events: RunEvent[] = [
    { type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 3 },
    {
      type: 'propose',
      index: 0,
      epsilon: 1,
      arch: ARCH,
      trajectory: [
        { state: S0, action: 'C(4,3,1)' },
        { state: S1, action: 'SM' },
      ],
    },
    {
      type: 'result',
      index: 0,
      arch: ARCH,
      reward: 0.8,
      accuracy: 0.8,
      curve: [0.8],
      params: 1234,
      trainMs: 52.5,
      backend: 'cpu',
      restarts: 0,
      cached: false,
    },
    last,
    first,
    { type: 'propose', index: 1, epsilon: 1, arch: ARCH, trajectory: [] },
    {
      type: 'result',
      index: 1,
      arch: ARCH,
      reward: 0.8,
      accuracy: 0.8,
      curve: [],
      params: 1234,
      trainMs: 0,
      backend: 'cpu',
      restarts: 0,
      cached: true,
    },
    { type: 'done', trained: 1 },
  ];
  return {
    format: RUN_LOG_FORMAT,
    version: RUN_LOG_VERSION,
    config: structuredClone(config),
    seed: 3,
    events,
  };
}

/** A valid log changed by `edit`, as a plain mutable object. */
function broken(edit: (log: { [k: string]: unknown; events: Record<string, unknown>[] }) => void): unknown {
  const log = structuredClone(validLog()) as unknown as {
    [k: string]: unknown;
    events: Record<string, unknown>[];
  };
  edit(log);
  return log;
}

function errorOf(doc: unknown): string {
  const result = validateRunLog(doc);
  if (result.ok) throw new Error('expected the log to be rejected');
  return result.error;
}

describe('validateRunLog', () => {
  it('accepts a hand-made log whose Q-updates follow the equation', () => {
    expect(first.newQ).toBeCloseTo(0.50003, 12);
    const log = validLog();
    expect(validateRunLog(log)).toEqual({ ok: true, log });
  });

  it('accepts the same log as JSON text', () => {
    const result = validateRunLog(JSON.stringify(validLog(), null, 2));
    expect(result).toEqual({ ok: true, log: validLog() });
  });

  it('rejects truncated JSON with a hint', () => {
    const text = JSON.stringify(validLog());
    const error = errorOf(text.slice(0, text.length / 2));
    expect(error).toMatch(/^Not valid JSON: /);
    expect(error).toMatch(/truncated/);
  });

  it('calls a cut file truncated wherever the cut falls, even right after a closing brace', () => {
    const text = JSON.stringify(validLog());
    const cuts = [...text.matchAll(/[}\]]/g)].map((m) => m.index + 1).filter((i) => i < text.length);
    expect(cuts.length).toBeGreaterThan(3);
    for (const cut of [...cuts, 1, 7, Math.floor(text.length / 3)]) {
      expect(errorOf(text.slice(0, cut)), `cut at ${cut}`).toMatch(/truncated/);
    }
  });

  it('endsOpen reads strings and escapes', () => {
    expect(endsOpen('{"a": "}"}')).toBe(false);
    expect(endsOpen('{"a": "\\\\"}')).toBe(false);
    expect(endsOpen('{"a": "\\"}')).toBe(true);
    expect(endsOpen('{"a": "\\"')).toBe(true);
    expect(endsOpen('{"a": [1, 2]')).toBe(true);
    expect(endsOpen('these are my notes')).toBe(false);
  });

  it('rejects a file of another format', () => {
    expect(errorOf(broken((l) => (l.format = 'tensorboard/run')))).toBe(
      'Not a NAS Playground run: format is "tensorboard/run", expected \'nas-playground/run\'.',
    );
  });

  it('rejects another version naming the supported one', () => {
    expect(errorOf(broken((l) => (l.version = 0)))).toBe(
      'Unsupported run log version 0; this app reads version 1, 2.',
    );
  });

  it('rejects an unknown strategy', () => {
    const error = errorOf(broken((l) => ((l.config as Record<string, unknown>).strategy = 'hyperband')));
    expect(error).toMatch(/^config\.strategy: Unknown strategy 'hyperband'/);
  });

  it('rejects a config value out of range', () => {
    const error = errorOf(broken((l) => ((l.config as { metaqnn: { alpha: number } }).metaqnn.alpha = 2)));
    expect(error).toBe('config.metaqnn.alpha: Alpha must be a number in (0, 1]; got 2.');
  });

  it('rejects a NaN reward naming the event', () => {
    expect(errorOf(broken((l) => (l.events[2]!.reward = NaN)))).toBe(
      'events[2] (result): reward is NaN; every number must be finite.',
    );
    expect(errorOf(broken((l) => (l.events[2]!.curve = [0.5, Infinity])))).toBe(
      'events[2] (result): curve[1] is Infinity; every number must be finite.',
    );
  });

  it('rejects a reward of 1.5', () => {
    expect(errorOf(broken((l) => (l.events[2]!.reward = 1.5)))).toBe(
      'events[2] (result): reward 1.5 is outside [0, 1].',
    );
  });

  it('accepts a result read from the persistent result cache, and refuses one also cached or timed', () => {
    const fromCache = broken((l) => {
      l.events[2]!.fromResultCache = true;
      l.events[2]!.trainMs = 0;
    });
    expect(validateRunLog(fromCache).ok).toBe(true);
    expect(errorOf(broken((l) => (l.events[2]!.fromResultCache = 'yes')))).toMatch(
      /events\[2\].*fromResultCache/,
    );
    expect(errorOf(broken((l) => (l.events[2]!.fromResultCache = true)))).toBe(
      'events[2] (result): a result read from the result cache took no training time, yet trainMs is 52.5.',
    );
    expect(errorOf(broken((l) => (l.events[6]!.fromResultCache = true)))).toBe(
      'events[6] (result): a result is either reused from the replay dictionary (cached) or read from the result cache, not both.',
    );
  });

  it('rejects a Q-update that does not follow the equation, giving the expected value', () => {
    expect(errorOf(broken((l) => (l.events[3]!.newQ = 0.6)))).toBe(
      'events[3] (q-update): newQ 0.6 does not follow the Q-learning update; expected 0.503 ' +
        '(alpha 0.01, gamma 1, oldQ 0.5, reward 0.8, maxNextQ 0).',
    );
  });

  it('rejects an unknown event type', () => {
    expect(errorOf(broken((l) => l.events.push({ type: 'checkpoint', index: 0 })))).toBe(
      "events[8]: unknown event type 'checkpoint'; expected propose, result, q-update, epsilon, population, policy-update or done.",
    );
  });

  it('rejects a missing field and an extra field', () => {
    expect(errorOf(broken((l) => delete l.events[2]!.accuracy))).toBe(
      "events[2] (result): missing field 'accuracy'.",
    );
    expect(
      errorOf(broken((l) => delete (l.events[1]!.trajectory as Record<string, unknown>[])[1]!.action)),
    ).toBe("events[1] (propose): missing field 'trajectory[1].action'.");
    expect(errorOf(broken((l) => (l.events[0]!.note = 'hi')))).toBe(
      "events[0] (epsilon): unknown field 'note'.",
    );
  });

  it('rejects a wrongly typed field', () => {
    expect(errorOf(broken((l) => (l.events[2]!.params = 'many')))).toBe(
      "events[2] (result): field 'params' must be integer.",
    );
  });

  it('rejects a result without its proposal, or with another architecture', () => {
    expect(errorOf(broken((l) => (l.events[2]!.index = 5)))).toBe(
      'events[2] (result): index 5 has no earlier propose event.',
    );
    expect(errorOf(broken((l) => (l.events[2]!.arch = 'SM(10)')))).toBe(
      "events[2] (result): arch 'SM(10)' differs from proposal 0, which was 'C(4,3,1) SM(10)'.",
    );
  });

  it('rejects proposal indices that do not count up from 0', () => {
    expect(errorOf(broken((l) => (l.events[5]!.index = 2)))).toBe(
      'events[5] (propose): index 2 is out of order; proposals count up from 0, expected 1.',
    );
  });

  it('rejects a seed that disagrees with the config', () => {
    expect(errorOf(broken((l) => (l.seed = 4)))).toBe('seed 4 differs from config.seed 3.');
  });

  it('rejects things that are not run logs at all', () => {
    expect(errorOf([1, 2])).toBe('A run log must be a JSON object; got an array.');
    expect(errorOf('"hello"')).toBe('A run log must be a JSON object; got string.');
  });

  it('checks 100,000 events quickly', () => {
    const log = validLog();
    const events: RunEvent[] = [...log.events.slice(0, 5)];
    // Replay updates of one (state, action), each starting from the value the previous one left.
    let q = first.newQ;
    for (let i = 0; i < 100_000; i++) {
      const update = qUpdate(S0, 'C(4,3,1)', S1, 0, q, last.newQ);
      events.push({ ...update, source: 'replay' });
      q = update.newQ;
    }
    const started = performance.now();
    expect(validateRunLog({ ...log, events }).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('validateRunLog: the choices of a Q-learning proposal', () => {
  /** Proposal 0 at epsilon 0.3: explore at S0 (u 0.12 < 0.3), exploit at S1 (u 0.71, SM of max Q). */
  function withChoices(): { [k: string]: unknown; events: Record<string, unknown>[] } {
    return broken((l) => {
      const propose = l.events[1]!;
      propose.epsilon = 0.3;
      propose.choices = [
        { u: 0.12, explore: true, actions: ['C(4,3,1)', 'P(2,2)', 'SM'], q: [0.5, 0.5, 0.5] },
        { u: 0.71, explore: false, actions: ['C(4,3,1)', 'SM'], q: [0.5, 0.52] },
      ];
    }) as { [k: string]: unknown; events: Record<string, unknown>[] };
  }
  const choiceOf = (l: { events: Record<string, unknown>[] }, k: number) =>
    (l.events[1]!.choices as Record<string, unknown>[])[k]!;

  it('accepts choices that explain the trajectory', () => {
    expect(validateRunLog(withChoices()).ok).toBe(true);
  });

  it('rejects explore when the draw is not below epsilon', () => {
    const log = withChoices();
    choiceOf(log, 0).u = 0.3;
    expect(errorOf(log)).toBe('events[1] (propose): choices[0]: u 0.3 ≥ epsilon 0.3 means exploit.');
  });

  it('rejects an exploiting action that is not of maximal Q', () => {
    const log = withChoices();
    choiceOf(log, 1).q = [0.6, 0.52];
    expect(errorOf(log)).toBe(
      'events[1] (propose): choices[1]: exploiting, SM (Q 0.52) is not of maximal Q 0.6.',
    );
  });

  it('rejects a chosen action outside the legal ones, and mismatched lengths', () => {
    const log = withChoices();
    choiceOf(log, 1).actions = ['C(4,3,1)', 'FC(16)'];
    expect(errorOf(log)).toBe('events[1] (propose): choices[1]: action SM is not among the legal actions.');
    const short = withChoices();
    (short.events[1]!.choices as unknown[]).pop();
    expect(errorOf(short)).toBe('events[1] (propose): 1 choices for 2 trajectory steps.');
  });

  it('rejects a draw outside [0, 1] by the schema', () => {
    const log = withChoices();
    choiceOf(log, 0).u = 1.5;
    expect(errorOf(log)).toMatch(/^events\[1\] \(propose\): field 'choices\[0\]\.u'/);
  });
});
