/**
 * The supernet's training per epoch, side by side: loss (left facet) and accuracy (right facet),
 * training as a solid line and validation as a dashed one, the last value written at each line's
 * end. Framework-free d3 class.
 */
import { axisBottom, axisLeft, format, line, scaleLinear } from 'd3';
import './charts.css';
import './oneshotCharts.css';
import { drawLegend, endLabel, separateLabels, seriesPath } from './oneshotDraw';
import { axisLabel, emptyNote, layer, SvgChart } from './svgChart';

export interface SupernetEpoch {
  /** Epoch, from 1. */
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Accuracies in [0, 1]. */
  trainAccuracy: number;
  valAccuracy: number;
}

export interface SupernetCurvesData {
  epochs: readonly SupernetEpoch[];
}

const TOP = 30;
const BOTTOM = 42;
const LEFT = 50;
const GAP = 56;
const RIGHT = 14;
const TITLE_H = 18;
const fmtLoss = format('.3~f');
const fmtPct = format('.1%');

type Key = keyof Omit<SupernetEpoch, 'epoch'>;

interface Facet {
  name: 'loss' | 'accuracy';
  train: Key;
  val: Key;
  domain: [number, number];
  tick: (v: number) => string;
  label: (v: number) => string;
}

export class SupernetCurves extends SvgChart<SupernetCurvesData> {
  constructor(el: HTMLElement) {
    super(el, 'oneshot-chart supernet-curves');
    this.render();
  }

  /** Redraws only for new data: the store's source hands the same object back when nothing changed. */
  override update(data: SupernetCurvesData): void {
    if (data !== this.data) super.update(data);
  }

  protected render(): void {
    const { width, height } = this.size();
    const epochs = this.data?.epochs ?? [];
    const fw = Math.max(40, (width - LEFT - GAP - RIGHT) / 2);
    const fh = Math.max(30, height - TOP - BOTTOM - TITLE_H);
    this.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('data-epochs', epochs.length);

    const maxLoss = Math.max(0, ...epochs.flatMap((e) => [e.trainLoss, e.valLoss]).filter(Number.isFinite));
    const facets: Facet[] = [
      {
        name: 'loss',
        train: 'trainLoss',
        val: 'valLoss',
        domain: [0, maxLoss > 0 ? maxLoss * 1.1 : 2.5],
        tick: (v) => fmtLoss(v),
        label: (v) => fmtLoss(v),
      },
      {
        name: 'accuracy',
        train: 'trainAccuracy',
        val: 'valAccuracy',
        domain: [0, 1],
        tick: (v) => format('.0%')(v),
        label: (v) => fmtPct(v),
      },
    ];
    const lastEpoch = Math.max(2, epochs.at(-1)?.epoch ?? 2);
    const x = scaleLinear().domain([1, lastEpoch]).range([0, fw]);
    const xTicks = x
      .ticks(epochs.length > 0 ? Math.max(2, Math.min(6, Math.floor(fw / 50))) : 0)
      .filter(Number.isInteger);

    drawLegend(layer(this.svg, 'legend').attr('transform', `translate(${LEFT},12)`), [
      { series: 'train', label: this.text('oneshot.train') },
      { series: 'val', label: this.text('oneshot.validation'), dashed: true },
    ]);

    facets.forEach((facet, index) => {
      const y = scaleLinear().domain(facet.domain).range([fh, 0]).nice();
      const g = layer(this.svg, `facet facet-${facet.name}`).attr(
        'transform',
        `translate(${LEFT + index * (fw + GAP)},${TOP})`,
      );
      axisLabel(g, 'title', this.text(`oneshot.${facet.name}`), 0, TITLE_H - 6, 0, 'start');
      g.select('text.axis-label.title').attr('class', 'axis-label title facet-title');
      const plot = layer(g, 'plot').attr('transform', `translate(0,${TITLE_H})`);
      for (const name of ['grid', 'axis x-axis', 'axis y-axis', 'series']) layer(plot, name);
      layer(plot, 'grid').call(
        axisLeft(y)
          .ticks(4)
          .tickSize(-fw)
          .tickFormat(() => ''),
      );
      layer(plot, 'axis x-axis')
        .attr('transform', `translate(0,${fh})`)
        .call(axisBottom(x).tickValues(xTicks).tickFormat(format('d')).tickSizeOuter(0));
      layer(plot, 'axis y-axis').call(
        axisLeft(y)
          .ticks(epochs.length > 0 ? 4 : 0)
          .tickFormat((v) => facet.tick(Number(v)))
          .tickSizeOuter(0),
      );
      const series = layer(plot, 'series');
      const valid = epochs.filter((e) => Number.isFinite(e[facet.train]) && Number.isFinite(e[facet.val]));
      const path = (key: Key) =>
        line<SupernetEpoch>()
          .x((e) => x(e.epoch))
          .y((e) => y(e[key]))([...valid]) ?? '';
      seriesPath(series, 'train', path(facet.train));
      seriesPath(series, 'val', path(facet.val), true);
      const last = valid.at(-1);
      const end = (key: Key) =>
        last ? { x: x(last.epoch), y: y(last[key]), text: facet.label(last[key]) } : null;
      const trainEnd = end(facet.train);
      const valEnd = end(facet.val);
      separateLabels(trainEnd, valEnd);
      endLabel(series, 'train', trainEnd, fw);
      endLabel(series, 'val', valEnd, fw);
    });
    // Over both facets, drawn after them; their value axes are bare until there is a value.
    emptyNote(
      layer(this.svg, 'note').attr('transform', `translate(${LEFT},${TOP + TITLE_H})`),
      epochs.length === 0 ? this.text('oneshot.noEpoch') : null,
      fw * 2 + GAP,
      fh,
    );
    const labels = layer(this.svg, 'labels');
    axisLabel(labels, 'x', this.text('oneshot.epochAxis'), LEFT + fw + GAP / 2, height - 6);
  }
}
