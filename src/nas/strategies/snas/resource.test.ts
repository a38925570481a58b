/**
 * SNAS's resource penalty settings (SPEC §5: the log form by default): the costs in real units
 * that the log form reads, and a run saved before the setting existed meaning the linear form.
 */
import { describe, expect, it } from 'vitest';
import { checkRunLog } from '../../runlogSchema';
import { applyConfigPatch } from '../../configPatch';
import { presetConfig } from '../../presets';
import { RUN_LOG_FORMAT, RUN_LOG_VERSION } from '../../runlog';
import { dartsOpCost, dartsOpRealCost, nb201OpCost, nb201OpRealCost } from './method';
import '..';

describe('SNAS resource penalty', () => {
  it('on the darts space: the weights of each op on C channels (sep_conv twice a dil_conv), or MACs', () => {
    // none, max pool, avg pool, skip, sep 3x3, sep 5x5, dil 3x3, dil 5x5 on C = 4.
    expect(dartsOpRealCost('params', 4, 8)).toEqual([0, 0, 0, 0, 104, 232, 52, 116]);
    expect(dartsOpRealCost('flops', 4, 8)).toEqual([0, 36, 36, 0, 104, 232, 52, 116].map((c) => c * 64));
    expect(dartsOpCost('params', 4)).toEqual([0, 0, 0, 0, 1, 232 / 104, 0.5, 116 / 104]);
  });

  it('defaults to the log form; its costs are real: 9C² and C² weights, or MACs on a size² image', () => {
    expect(presetConfig('class', 1).snas.resourceForm).toBe('log');
    // NB201 ops: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.
    expect(nb201OpRealCost('params', 8, 14)).toEqual([0, 0, 64, 576, 0]);
    expect(nb201OpRealCost('flops', 8, 14)).toEqual(
      [0, 0, 64 * 196, 576 * 196, 9 * 8 * 196].map((x) => expect.closeTo(x, 9)),
    );
    expect(nb201OpCost('params', 8)).toEqual([0, 0, 1 / 9, 1, 0]);
  });

  it('reads a run saved before the setting as the linear penalty it used', () => {
    const made = applyConfigPatch(presetConfig('test', 2), { strategy: 'snas', space: 'nb201' });
    if (!made.ok) throw new Error('preset');
    const older: Record<string, unknown> = { ...made.config.snas };
    delete older.resourceForm;
    const config = { ...made.config, snas: older };
    const log = { format: RUN_LOG_FORMAT, version: RUN_LOG_VERSION, config, seed: 2, events: [] };
    const checked = checkRunLog(JSON.stringify(log));
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.log.config.snas.resourceForm).toBe('linear');
  });
});
