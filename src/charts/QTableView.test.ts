// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QTableView, type QTableData } from './QTableView';

const table = (q: number): QTableData => ({
  rows: [{ state: 's0', depth: 0, actions: [{ action: 'a', q, visited: true }] }],
  initialQ: 0.5,
  highlight: [],
});

const legendDomain = (host: HTMLElement) =>
  host.querySelector('svg.qtable-legend')!.getAttribute('data-domain')!.split(',').map(Number);

describe('QTableView colour domain', () => {
  let host: HTMLElement;
  let view: QTableView;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    view = new QTableView(host);
  });

  afterEach(() => {
    view.destroy();
    host.remove();
  });

  it("follows the table's own range with the initial Q when none is given", () => {
    view.update(table(0.502));
    expect(legendDomain(host)).toEqual([0.5, 0.502]);
    view.update(table(0.492));
    expect(legendDomain(host)).toEqual([0.492, 0.5]);
  });

  it('keeps a fixed domain whatever the values shown', () => {
    view.update({ ...table(0.502), colorDomain: [0.48, 0.52] });
    expect(legendDomain(host)).toEqual([0.48, 0.52]);
    view.update({ ...table(0.492), colorDomain: [0.48, 0.52] });
    expect(legendDomain(host)).toEqual([0.48, 0.52]);
  });
});
