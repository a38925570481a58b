/** MetaQNN's views: its Q-table and schedule are the app's own; only its title depends on the space. */
import type { StrategyViews } from '../registry';

export const metaqnnViews: StrategyViews = {
  id: 'metaqnn',
  // The Q-learner's title says what it learns over; on NAS-Bench-201 it says so.
  headerTitle: (space) => ({
    key: space === 'nb201' ? 'strategy.metaqnnNb201' : 'strategy.metaqnn',
    withSpace: false,
  }),
};
