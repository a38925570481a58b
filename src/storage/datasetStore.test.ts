import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { userDatasetSplit } from '../data/userDataset';
import { userDatasetInfo, userDatasets } from '../nas/userDatasets';
import { DatasetStore, type NewDataset } from './datasetStore';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

/** 20 images of 14×14 grey, 10 per class, sorted by class as an import keeps them. */
function dataset(hash: string, name = 'dots'): NewDataset {
  const count = 20;
  const labels = Uint8Array.from({ length: count }, (_, i) => (i < 10 ? 0 : 1));
  const pixels = new Uint8Array(count * 14 * 14);
  for (let i = 0; i < count; i++) pixels.fill(i, i * 196, (i + 1) * 196);
  return {
    name,
    hash,
    side: 14,
    channels: 1,
    classNames: ['a', 'b'],
    perClass: [10, 10],
    format: 'images',
    labels,
    pixels,
  };
}

const HASH = '0123456789abcdef'.repeat(4);

describe('DatasetStore', () => {
  it('keeps a dataset under its content hash, registers it, reads it back and deletes it', async () => {
    const store = await DatasetStore.open();
    const record = await store.save(dataset(HASH), 1000);
    expect(record).toMatchObject({ id: 'user:0123456789abcdef', name: 'dots', count: 20, created: 1000 });
    expect(userDatasetInfo(record.id)?.classNames).toEqual(['a', 'b']);
    const read = await store.read(record.id);
    expect(read?.images.pixels).toEqual(dataset(HASH).pixels);
    // The same content again is the same dataset, under its newer name.
    await store.save(dataset(HASH, 'dots again'), 2000);
    expect((await store.list()).map((r) => r.name)).toEqual(['dots again']);
    await store.delete(record.id);
    expect(await store.list()).toEqual([]);
    expect(await store.read(record.id)).toBeNull();
    expect(userDatasetInfo(record.id)).toBeUndefined();
    store.close();
  });

  it('registers what is stored at boot and forgets what is not', async () => {
    const store = await DatasetStore.open();
    await store.save(dataset(HASH));
    store.close();
    const reopened = await DatasetStore.open();
    await reopened.registerAll();
    expect(userDatasets().map((d) => d.id)).toEqual(['user:0123456789abcdef']);
    await reopened.delete('user:0123456789abcdef');
    await reopened.registerAll();
    expect(userDatasets()).toEqual([]);
    reopened.close();
  });
});

describe('userDatasetSplit', () => {
  it('shuffles the class-sorted images by a fixed order before taking train from the start and validation from the end', () => {
    const d = dataset(HASH);
    const split = userDatasetSplit({ ...d, classes: 2 }, { trainImages: 14, valImages: 6 });
    expect(split.classes).toBe(2);
    expect(split.train.channels).toBe(1);
    // Both classes in both subsets (unshuffled, validation would be class b alone).
    expect(new Set(split.train.labels)).toEqual(new Set([0, 1]));
    expect(new Set(split.val.labels)).toEqual(new Set([0, 1]));
    // Each image keeps its label: image i has pixel value i, class a is images 0..9.
    for (const s of [split.train, split.val])
      for (let k = 0; k < s.n; k++) expect(s.labels[k]).toBe(Math.round(s.x[k * 196]! * 255) < 10 ? 0 : 1);
    // The same order every time.
    expect(userDatasetSplit({ ...d, classes: 2 }, { trainImages: 14, valImages: 6 }).val.labels).toEqual(
      split.val.labels,
    );
  });

  it('refuses stored pixels that do not fit the images', () => {
    const d = dataset(HASH);
    expect(() =>
      userDatasetSplit({ ...d, pixels: d.pixels.subarray(1), classes: 2 }, { trainImages: 14, valImages: 6 }),
    ).toThrow('dots: 3919 pixel bytes stored for 20 images of 196 (damaged; import it again)');
  });
});
