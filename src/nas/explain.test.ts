import { describe, expect, it } from 'vitest';
import { type RunConfig } from './config';
import { presetConfig } from './presets';
import {
  appendExplainSteps,
  explainChoice,
  explainUpdate,
  formatDraw,
  qValuesAtStep,
  type ChoiceStep,
  type ExplainStep,
  type UpdateStep,
} from './explain';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type ProposeEvent, type RunEvent } from './runlog';
import { validateRunLog } from './runlogSchema';
import { SearchRun, type Evaluate } from './search';
import { QReplay } from './qReplay';

/** Every model scores 0.8, so the numbers of each update can be worked out by hand. */
const evaluate: Evaluate = async () => ({
  accuracy: 0.8,
  curve: [0.8],
  params: 100,
  trainMs: 5,
  backend: 'cpu',
  restarts: 0,
});

/** MetaQNN `test` preset (alpha 0.01, gamma 1, Q0 0.5), no replay, the given schedule. */
function config(schedule: { epsilon: number; models: number }[]): RunConfig {
  const c = presetConfig('test', 7);
  c.metaqnn = { ...c.metaqnn, replaySamples: 0, epsilonSchedule: schedule };
  return c;
}

async function run(c: RunConfig, models: number): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  const search = new SearchRun(c, (batch) => events.push(...batch));
  for (let i = 0; i < models && !search.done; i++) await search.step(evaluate);
  return events;
}

/** The explain steps of a log, its Q-updates recomputed with the preset's rule. */
function stepsOf(events: RunEvent[]): ExplainStep[] {
  const out: ExplainStep[] = [];
  appendExplainSteps(events, 0, out, -1, new QReplay({ alpha: 0.01, gamma: 1, initialQ: 0.5 }));
  return out;
}

describe('explain mode on a MetaQNN run', () => {
  it('logs one choice per trajectory step, and the log validates', async () => {
    const events = await run(config([{ epsilon: 1, models: 3 }]), 3);
    const proposals = events.filter((e): e is ProposeEvent => e.type === 'propose');
    for (const p of proposals) {
      expect(p.choices).toHaveLength(p.trajectory.length);
      p.choices!.forEach((c, k) => {
        expect(c.actions).toContain(p.trajectory[k]!.action);
        // At epsilon 1 every drawn choice explores.
        if (c.u !== null) expect(c.explore).toBe(true);
      });
    }
    const c = config([{ epsilon: 1, models: 3 }]);
    const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config: c, seed: 7, events };
    expect(validateRunLog(log)).toEqual({ ok: true, log });
  });

  it('the first model: the updates follow the equation computed by hand', async () => {
    const c = config([{ epsilon: 1, models: 2 }]);
    const events = await run(c, 1);
    const updates = stepsOf(events).filter((s): s is UpdateStep => s.kind === 'update');
    const proposal = events.find((e): e is ProposeEvent => e.type === 'propose')!;
    expect(updates).toHaveLength(proposal.trajectory.length);

    // Last transition first: Q = 0.5 + 0.01 (0.8 + 1 * 0 - 0.5) = 0.503.
    const last = updates[0]!.update;
    expect(last.action).toBe(proposal.trajectory.at(-1)!.action);
    expect([last.oldQ, last.reward, last.maxNextQ]).toEqual([0.5, 0.8, 0]);
    expect(last.newQ).toBeCloseTo(0.503, 12);
    const text = explainUpdate(last, 0.01, 1);
    expect(text.substituted).toBe('Q_new = 0.500000 + 0.01·(0.800000 + 1·0.000000 − 0.500000)');
    expect(text.result).toBe('= 0.503000');
    expect(text.consistent).toBe(true);

    if (updates.length > 1) {
      // The transition before it: reward 0, and the best next Q is the fresh 0.503 of the last
      // step (its other actions still hold Q0 = 0.5): 0.5 + 0.01 (0 + 0.503 - 0.5) = 0.50003.
      const before = updates[1]!.update;
      expect([before.oldQ, before.reward]).toEqual([0.5, 0]);
      expect(before.maxNextQ).toBeCloseTo(0.503, 12);
      expect(before.newQ).toBeCloseTo(0.50003, 12);
      expect(explainUpdate(before, 0.01, 1).result).toBe('= 0.500030');
    }
  });

  it('exploits at epsilon 0: the chosen action has maximal Q and the draw says ≥ ε', async () => {
    const events = await run(
      config([
        { epsilon: 1, models: 2 },
        { epsilon: 0, models: 2 },
      ]),
      4,
    );
    const steps = stepsOf(events);
    const greedy = steps.filter(
      (s): s is ChoiceStep => s.kind === 'choice' && s.epsilon === 0 && s.choice.u !== null,
    );
    expect(greedy.length).toBeGreaterThan(0);
    for (const step of greedy) {
      const e = explainChoice(step);
      expect(e.mode).toBe('exploit');
      expect(e.draw).toMatch(/^u = 0\.\d{4} ≥ ε = 0$/);
      const chosen = e.rows.filter((r) => r.chosen);
      expect(chosen).toHaveLength(1);
      expect(chosen[0]!.best).toBe(true);
      // The Q-values shown are those of the table just before the proposal.
      const table = qValuesAtStep(steps, steps.indexOf(step));
      e.rows.forEach((r) => expect(r.q).toBe(table.get(step.state)?.get(r.action) ?? 0.5));
    }
  });

  it('the Q-table at an update step holds that update’s new value', async () => {
    const events = await run(config([{ epsilon: 1, models: 2 }]), 2);
    const steps = stepsOf(events);
    steps.forEach((step, cursor) => {
      if (step.kind !== 'update') return;
      const { state, action, newQ } = step.update;
      expect(qValuesAtStep(steps, cursor).get(state)?.get(action)).toBe(newQ);
    });
  });
});

describe('explanation formatting', () => {
  it('writes the draw with its comparison', () => {
    expect(formatDraw(0.12345, 0.3)).toBe('u = 0.1235 < ε = 0.3');
    expect(formatDraw(0.3, 0.3)).toBe('u = 0.3000 ≥ ε = 0.3');
  });

  it('marks a logged newQ that does not follow from its numbers', () => {
    const update = {
      type: 'q-update' as const,
      state: 's',
      action: 'a',
      nextState: 'T',
      reward: 1,
      oldQ: 0.5,
      maxNextQ: 0,
      newQ: 0.6,
      source: 'trajectory' as const,
    };
    const e = explainUpdate(update, 0.1, 0.9);
    expect(e.recomputed).toBeCloseTo(0.55, 12);
    expect(e.consistent).toBe(false);
    expect(e.substituted).toBe('Q_new = 0.500000 + 0.1·(1.000000 + 0.9·0.000000 − 0.500000)');
  });

  it('a state with one legal action is a forced choice without a draw', () => {
    const step: ChoiceStep = {
      kind: 'choice',
      eventIndex: 0,
      proposal: 0,
      step: 2,
      steps: 3,
      state: '2:C(4,3,1)|R8|fc0',
      action: 'SM',
      epsilon: 0.5,
      choice: { u: null, explore: false, actions: ['SM'], q: [0.5] },
    };
    expect(explainChoice(step)).toEqual({
      mode: 'forced',
      draw: null,
      rows: [{ action: 'SM', q: 0.5, qText: '0.500000', chosen: true, best: true }],
    });
  });
});
