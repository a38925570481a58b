/**
 * The `trainingPath` option: validated like every option, carried by share links, kept when the
 * fidelity changes; results of an `engine` run record what trained each model, the run-log schema
 * accepts that and refuses nonsense, and logs written before the option read as tfjs runs.
 */
import { describe, expect, it } from 'vitest';
import { type RunConfig } from './config';
import { presetConfig } from './presets';
import { applyConfigPatch, validateConfig } from './options';
import { hashString } from './rng';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION, type RunEvent, type RunLog } from './runlog';
import { validateRunLog } from './runlogSchema';
import { SearchRun, type Evaluate } from './search';
import { decodeConfig, encodeConfig } from './shareLink';

const engineConfig = (): RunConfig => {
  const result = applyConfigPatch(presetConfig('test', 5), { trainingPath: 'engine' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
};

describe('trainingPath option', () => {
  it("defaults to 'tfjs' in every preset", () => {
    for (const fidelity of ['test', 'class', 'paper'] as const)
      expect(presetConfig(fidelity).trainingPath).toBe('tfjs');
  });

  it('refuses a path that does not exist, naming the choices, and changes nothing', () => {
    const current = presetConfig('test', 5);
    const result = applyConfigPatch(current, { trainingPath: 'cuda' });
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'trainingPath', message: "Unknown training path 'cuda'; choose one of: tfjs, engine." },
    ]);
    expect(current.trainingPath).toBe('tfjs');
    expect(validateConfig({ ...current, trainingPath: undefined } as unknown as RunConfig)).toEqual([
      { path: 'trainingPath', message: 'Training path is missing.' },
    ]);
  });

  it('is kept when the fidelity preset changes', () => {
    const result = applyConfigPatch(engineConfig(), { fidelity: 'class' });
    expect(result.ok && result.config.trainingPath).toBe('engine');
  });

  it('round-trips through a share link, written only when not the default', () => {
    const config = engineConfig();
    const hash = encodeConfig(config);
    expect(hash.split('&')).toContain('trainingPath=engine');
    expect(decodeConfig(hash)).toEqual({ ok: true, config });
    expect(encodeConfig(presetConfig('test', 5))).not.toContain('trainingPath');
    const bad = decodeConfig('trainingPath=cuda');
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(['trainingPath']);
  });
});

describe('run log of an engine run', () => {
  /** A fake trainer that says the second model fell back to tfjs. */
  const evaluate: Evaluate = async (_arch, { net, index }) => {
    const accuracy = hashString(net) / 2 ** 32;
    const path =
      index === 1
        ? { trainedOn: 'tfjs' as const, engineFallback: 'no WebGPU device' }
        : { trainedOn: 'engine' as const };
    return { accuracy, curve: [accuracy], params: 100, trainMs: 5, backend: 'webgpu', restarts: 0, ...path };
  };

  async function recorded(config: RunConfig): Promise<RunLog> {
    const events: RunEvent[] = [];
    const run = new SearchRun(config, (e) => events.push(...e));
    run.begin();
    for (let i = 0; i < 100 && !run.done; i++) await run.step(evaluate);
    run.dispose();
    return { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: config.seed, events };
  }

  it('records per model what trained it and why it fell back, and the schema accepts it', async () => {
    const log = await recorded(engineConfig());
    const results = log.events.filter((e) => e.type === 'result');
    const trained = results.filter((r) => !r.cached);
    expect(trained[0]).toMatchObject({ trainedOn: 'engine' });
    expect(trained[0]!.engineFallback).toBeUndefined();
    expect(results.find((r) => r.index === 1)).toMatchObject({
      trainedOn: 'tfjs',
      engineFallback: 'no WebGPU device',
    });
    // Reused (replay-dictionary) results were not trained now: they say nothing of a path.
    for (const r of results.filter((e) => e.cached)) expect(r.trainedOn).toBeUndefined();
    const outcome = validateRunLog(JSON.parse(JSON.stringify(log)));
    expect(outcome.ok ? outcome.log.config.trainingPath : outcome.error).toBe('engine');
  });

  it('refuses a result trained on an unknown path', async () => {
    const log = structuredClone(await recorded(engineConfig())) as unknown as {
      events: Record<string, unknown>[];
    };
    log.events.find((e) => e.type === 'result')!.trainedOn = 'cuda';
    const outcome = validateRunLog(log);
    expect(outcome.ok ? '' : outcome.error).toMatch(/trainedOn/);
  });

  it('reads a log written before the option as a tfjs run', async () => {
    const log = structuredClone(await recorded(presetConfig('test', 5))) as unknown as {
      config: Record<string, unknown>;
    };
    delete log.config.trainingPath;
    const outcome = validateRunLog(log);
    expect(outcome.ok ? outcome.log.config.trainingPath : outcome.error).toBe('tfjs');
  });
});
