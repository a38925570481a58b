import { afterEach, describe, expect, it, vi } from 'vitest';
import nb201Json from '../../data/nb201/nb201-12epoch.json';
import type { RunConfig } from '../../nas/config';
import { Nb201Table } from '../../nas/nb201Table';
import { applyConfigPatch } from '../../nas/options';
import { DEFAULT_CONFIG } from '../../nas/presets';
import type { RunEvent } from '../../nas/runlog';
import { SearchRun } from '../../nas/search';
import { NB201_OPS } from '../../nas/spaces/nb201';
import { tableEvaluator } from '../../nas/tableEvaluate';
import { deriveRunView } from '../../store/runView';
import { createQTableData, stateActions } from './chartData';

function configure(patch: object): RunConfig {
  const result = applyConfigPatch(DEFAULT_CONFIG, patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

afterEach(() => vi.restoreAllMocks());

describe('Q-table rows of a NAS-Bench-201 Q-learning run (issue #22, defect 5)', () => {
  it('reads each state with the nb201 space: its depth is the edges decided, its actions the 5 ops', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const config = configure({ space: 'nb201', metaqnn: { epsilonSchedule: [{ epsilon: 1, models: 12 }] } });
    const events: RunEvent[] = [];
    const run = new SearchRun(config, (e) => events.push(...e));
    run.begin();
    const evaluate = tableEvaluator(Nb201Table.fromJson(nb201Json), 'nb201-cifar10');
    while (!run.done) await run.step(evaluate);

    const { rows } = createQTableData()(deriveRunView(config, events), config);
    // Every depth of the 6-edge cell but the last decision's target appears: start, e0, ... e0-e4.
    expect(new Set(rows.map((r) => r.depth))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    for (const row of rows) {
      expect(row.depth).toBe(row.state === 'start' ? 0 : row.state.split('|').length);
      expect(row.actions.map((a) => a.action)).toEqual([...NB201_OPS]);
    }
    // Before the fix every row sat at depth 0 with only its tried actions, and nothing said why.
    expect(errors).not.toHaveBeenCalled();
  });

  it('says so, loudly, when a state cannot be read', () => {
    const config = configure({ space: 'nb201' });
    expect(() => stateActions('e0:not_an_op', config)).toThrow(/unknown op/);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const view = deriveRunView(config, [
      {
        type: 'q-update',
        state: 'e0:not_an_op',
        action: 'none',
        nextState: 'T',
        reward: 0,
        oldQ: 0.5,
        maxNextQ: 0,
        newQ: 0.495,
        source: 'trajectory',
      },
    ]);
    createQTableData()(view, config);
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining("cannot read state 'e0:not_an_op'"),
      expect.any(Error),
    );
  });

  it('reads layers states with the layers space (MetaQNN)', () => {
    const { depth, actions } = stateActions('0:start|R8|fc0', DEFAULT_CONFIG);
    expect(depth).toBe(0);
    expect(actions.length).toBeGreaterThan(1);
  });
});
