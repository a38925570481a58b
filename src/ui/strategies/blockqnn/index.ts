/** BlockQNN's views: proposals are blocks, and two settings can run side by side. */
import type { StrategyViews } from '../registry';
import { ComparePanel } from './ComparePanel';

export const blockqnnViews: StrategyViews = {
  id: 'blockqnn',
  unit: 'blocks',
  variants: true,
  ExtraPanel: ComparePanel,
  headerTitle: () => ({ key: 'strategy.blockqnn', withSpace: false }),
};
