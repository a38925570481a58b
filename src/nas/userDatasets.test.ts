import { afterEach, describe, expect, it } from 'vitest';
import { datasetChannels, datasetClasses, datasetImageSize } from './config';
import { applyConfigPatch, validateConfig } from './options';
import { DEFAULT_CONFIG } from './presets';
import { decodeConfig, encodeConfig } from './shareLink';
import {
  isUserDatasetId,
  registerUserDataset,
  unregisterUserDataset,
  userDatasetId,
  type UserDatasetInfo,
} from './userDatasets';

const hash = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const info: UserDatasetInfo = {
  id: userDatasetId(hash),
  name: 'shapes',
  hash,
  side: 28,
  channels: 3,
  classNames: ['circle', 'square', 'triangle'],
  count: 300,
};

afterEach(() => unregisterUserDataset(info.id));

describe('imported datasets in the config', () => {
  it('names a dataset by 16 hex digits of its content hash', () => {
    expect(info.id).toBe('user:a1b2c3d4e5f60718');
    expect(isUserDatasetId(info.id)).toBe(true);
    expect(isUserDatasetId('user:xyz')).toBe(false);
    expect(isUserDatasetId('mnist-14')).toBe(false);
  });

  it('accepts a registered dataset, with its side, channels and classes', () => {
    registerUserDataset(info);
    const result = applyConfigPatch(DEFAULT_CONFIG, {
      dataset: info.id,
      data: { trainImages: 200, valImages: 50 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(datasetImageSize(result.config)).toBe(28);
    expect(datasetChannels(result.config)).toBe(3);
    expect(datasetClasses(result.config)).toBe(3);
    // The whole dataset is the split the subsets are drawn from.
    const tooMany = applyConfigPatch(result.config, { data: { trainImages: 260, valImages: 50 } });
    expect(tooMany.ok).toBe(false);
    if (!tooMany.ok) expect(tooMany.errors[0]!.message).toContain('shapes has 300 training images');
  });

  it('refuses a dataset this machine does not have, saying that imported data stays where it was imported', () => {
    const result = applyConfigPatch(DEFAULT_CONFIG, { dataset: info.id });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([
        {
          path: 'dataset',
          message: expect.stringContaining(
            `The imported dataset ${info.id} is not on this machine: imported data stays in the browser that imported it.`,
          ),
        },
      ]);
    expect(validateConfig({ ...DEFAULT_CONFIG, dataset: info.id })[0]!.message).toContain(
      'not on this machine',
    );
  });

  it('round-trips through a share link, which another machine refuses with that message', () => {
    registerUserDataset(info);
    const config = { ...DEFAULT_CONFIG, dataset: info.id, data: { trainImages: 200, valImages: 50 } };
    const link = encodeConfig(config);
    expect(link).toContain('dataset=user:a1b2c3d4e5f60718');
    expect(decodeConfig(link)).toEqual({ ok: true, config });
    unregisterUserDataset(info.id);
    const elsewhere = decodeConfig(link);
    expect(elsewhere.ok).toBe(false);
    if (!elsewhere.ok) {
      expect(elsewhere.problems[0]!.path).toBe('dataset');
      expect(elsewhere.problems[0]!.detail?.code).toBe('config.userDatasetMissing');
    }
  });
});
