import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../nas/presets';
import { formatMessage } from '../nas/message';
import { decodeConfig } from '../nas/shareLink';
import type { RunEvent } from '../nas/runlog';
import { createAppStore } from '../store/appState';
import { openRunAtBoot, type SavedRun } from './linkSync';

const linked = decodeConfig('#strategy=evolution&seed=7');
const linkConfig = linked.ok ? linked.config! : DEFAULT_CONFIG;
const epsilonEvent: RunEvent = { type: 'epsilon', step: 0, epsilon: 1, modelsAtEpsilon: 30 };
const saved: SavedRun = { config: { ...DEFAULT_CONFIG, seed: 3 }, events: [epsilonEvent] };

describe('openRunAtBoot', () => {
  it('starts a fresh run with a valid link, over a saved run of another config', () => {
    const store = createAppStore();
    openRunAtBoot(store, saved, linked);
    expect(store.getState().config).toEqual(linkConfig);
    expect(store.getState().view.events).toEqual([]);
    expect(store.getState().linkProblems).toBeNull();
  });

  it('keeps the saved run when it has the link\u2019s config (a reload of the link)', () => {
    const store = createAppStore();
    openRunAtBoot(store, { config: linkConfig, events: [epsilonEvent] }, linked);
    expect(store.getState().view.events).toEqual([epsilonEvent]);
  });

  it('restores the saved run without a link', () => {
    const store = createAppStore();
    openRunAtBoot(store, saved, decodeConfig(''));
    expect(store.getState().config).toEqual(saved.config);
  });

  it('shows the problems of a bad link and otherwise opens as without it', () => {
    const withSaved = createAppStore();
    openRunAtBoot(withSaved, saved, decodeConfig('#seed=-1'));
    expect(withSaved.getState().config).toEqual(saved.config);
    const problems = withSaved.getState().linkProblems ?? [];
    expect(problems.map((p) => ({ ...p, detail: p.detail && formatMessage(p.detail) }))).toEqual([
      { code: 'invalid', path: 'seed', detail: expect.stringContaining('Seed must be an integer') },
    ]);

    const fresh = createAppStore();
    openRunAtBoot(fresh, null, decodeConfig('#colour=blue'));
    expect(fresh.getState().config).toEqual(DEFAULT_CONFIG);
    expect(fresh.getState().linkProblems).toHaveLength(1);
    fresh.getState().dismissLinkProblems();
    expect(fresh.getState().linkProblems).toBeNull();
  });
});
