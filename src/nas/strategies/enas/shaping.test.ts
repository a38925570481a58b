/**
 * ENAS's controller logit shaping in the app (NAS-Bench-201's ENAS: T = 5, C = 2.5 by default),
 * and a run saved before it read as sampling from the raw logits.
 */
import { describe, expect, it } from 'vitest';
import { applyConfigPatch } from '../../configPatch';
import { presetConfig } from '../../presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION } from '../../runlog';
import { checkRunLog } from '../../runlogSchema';
import '..';

describe('ENAS controller logit shaping', () => {
  it('defaults to NAS-Bench-201 ENAS: temperature 5, tanh constant 2.5', () => {
    for (const fidelity of ['test', 'class', 'paper'] as const) {
      const { enas } = presetConfig(fidelity, 1);
      expect([enas.controllerTemperature, enas.controllerTanhConstant]).toEqual([5, 2.5]);
    }
  });

  it('refuses a temperature of 0', () => {
    const made = applyConfigPatch(presetConfig('test', 1), {
      strategy: 'enas',
      space: 'nb201',
      enas: { controllerTemperature: 0 },
    });
    expect(made.ok).toBe(false);
  });

  it('reads a run saved before the setting as sampling from the raw logits', () => {
    const made = applyConfigPatch(presetConfig('test', 2), { strategy: 'enas', space: 'nb201' });
    if (!made.ok) throw new Error('preset');
    const older: Record<string, unknown> = { ...made.config.enas };
    delete older.controllerTemperature;
    delete older.controllerTanhConstant;
    const log = {
      format: RUN_LOG_FORMAT,
      version: RUN_LOG_VERSION,
      config: { ...made.config, enas: older },
      seed: 2,
      events: [],
    };
    const checked = checkRunLog(JSON.stringify(log));
    expect(checked.ok).toBe(true);
    if (checked.ok)
      expect(checked.log.config.enas).toMatchObject({ controllerTemperature: 1, controllerTanhConstant: 0 });
  });
});
