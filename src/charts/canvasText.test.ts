/**
 * Canvas text is invisible to the DOM checks of the e2e language tests, so a literal English
 * sentence drawn on a canvas stayed English in Chinese (the Q-table's empty note, issue #22). Every
 * word drawn on a canvas comes from the i18n bundle (chartText) or is data.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('canvas text', () => {
  it('no literal words are drawn on a canvas', () => {
    const literal = /(fillText|strokeText)\(\s*(['"`])[^'"`]*[A-Za-z]{2}/;
    const hits = sources('src').filter((file) => literal.test(readFileSync(file, 'utf8')));
    expect(hits).toEqual([]);
  });
});
