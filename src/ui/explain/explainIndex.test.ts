import { describe, expect, it } from 'vitest';
import nb201Json from '../../data/nb201/nb201-12epoch.json';
import { deriveRunView } from '../../store/runView';
import { appendExplainSteps, qValuesAtStep, type ExplainStep } from '../../nas/explain';
import { ExplainIndex } from '../../nas/explainIndex';
import { Nb201Table } from '../../nas/nb201Table';
import { applyConfigPatch } from '../../nas/options';
import { DEFAULT_CONFIG } from '../../nas/presets';
import { QReplay, toVersion1, type QRule } from '../../nas/qReplay';
import type { RunEvent } from '../../nas/runlog';
import { SearchRun } from '../../nas/search';
import { tableEvaluator } from '../../nas/tableEvaluate';

/** A MetaQNN run on the NAS-Bench-201 table with replay: thousands of steps. */
async function tableRun(): Promise<{ events: RunEvent[]; rule: QRule }> {
  const patched = applyConfigPatch(DEFAULT_CONFIG, {
    space: 'nb201',
    dataset: 'nb201-cifar10',
    metaqnn: {
      epsilonSchedule: [
        { epsilon: 1, models: 25 },
        { epsilon: 0.3, models: 15 },
      ],
      replaySamples: 20,
    },
  });
  if (!patched.ok) throw new Error(JSON.stringify(patched.errors));
  const config = patched.config;
  const events: RunEvent[] = [];
  const run = new SearchRun(config, (e) => events.push(...e));
  run.begin();
  const evaluate = tableEvaluator(Nb201Table.fromJson(nb201Json), 'nb201-cifar10');
  while (!run.done) await run.step(evaluate);
  return { events, rule: deriveRunView(config, events).qRule! };
}

function eagerSteps(events: readonly RunEvent[], rule: QRule): ExplainStep[] {
  const out: ExplainStep[] = [];
  appendExplainSteps(events, 0, out, -1, new QReplay(rule));
  return out;
}

/** The first step of the next proposal, by walking the steps (explain's "next model"). */
function nextProposalByWalk(steps: readonly ExplainStep[], cursor: number): number {
  const current = steps[cursor]!;
  for (let j = cursor + 1; j < steps.length; j++) if (steps[j]!.proposal !== current.proposal) return j;
  return steps.length - 1;
}

describe('ExplainIndex: explain steps made on demand (issue #17)', () => {
  it('makes every step, in any order, as the whole log of steps has it, from a few table copies', async () => {
    const { events, rule } = await tableRun();
    const eager = eagerSteps(events, rule);
    expect(eager.length).toBeGreaterThan(2000);
    const index = new ExplainIndex(events, rule, 300);
    index.extend();
    expect(index.length).toBe(eager.length);
    // Forwards, backwards, and jumping about (a fixed shuffle).
    for (let i = 0; i < eager.length; i++) expect(index.at(i)).toEqual(eager[i]);
    for (let i = eager.length - 1; i >= 0; i -= 7) expect(index.at(i)).toEqual(eager[i]);
    for (let k = 0; k < 300; k++) {
      const i = (k * 7919) % eager.length;
      expect(index.at(i)).toEqual(eager[i]);
      expect(index.nextProposalStart(i)).toBe(nextProposalByWalk(eager, i));
    }
    expect(index.at(-1)).toBeNull();
    expect(index.at(eager.length)).toBeNull();
  });

  it('gives the Q-values at a step as the whole log of steps does, and a domain holding every value', async () => {
    const { events, rule } = await tableRun();
    const eager = eagerSteps(events, rule);
    const index = new ExplainIndex(events, rule, 300);
    index.extend();
    for (let k = 0; k < 120; k++) {
      const i = (k * 104729) % eager.length;
      expect(index.qValuesAt(i)).toEqual(qValuesAtStep(eager, i));
    }
    expect(index.qValuesAt(-1)).toEqual(new Map());
    const [lo, hi] = index.domain(rule.initialQ);
    const after = index.qValuesAt(eager.length - 1);
    for (const row of after.values())
      for (const q of row.values()) {
        expect(q).toBeGreaterThanOrEqual(lo);
        expect(q).toBeLessThanOrEqual(hi);
      }
    expect(lo).toBeLessThan(hi);
  });

  it('follows a growing log, and reads a version-1 log (every update logged) the same', async () => {
    const { events, rule } = await tableRun();
    const eager = eagerSteps(events, rule);
    const growing: RunEvent[] = [];
    const index = new ExplainIndex(growing, rule, 500);
    for (let i = 0; i < events.length; i += 37) {
      growing.push(...events.slice(i, i + 37));
      index.extend();
      expect(index.at(index.length - 1)).toEqual(eager[index.length - 1]);
    }
    expect(index.length).toBe(eager.length);

    const v1 = toVersion1(events, rule);
    const v1Index = new ExplainIndex(v1, rule, 300);
    v1Index.extend();
    expect(v1Index.length).toBe(eager.length);
    const v1Eager = eagerSteps(v1, rule);
    for (let k = 0; k < 200; k++) {
      const i = (k * 7919) % v1Eager.length;
      expect(v1Index.at(i)).toEqual(v1Eager[i]);
    }
  });
});
