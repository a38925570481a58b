/**
 * What the run's strategy learned, for the strategies without a Q-table (the REINFORCE
 * controller's distributions, evolution's population, what random search does): the panel its
 * views bring (src/ui/strategies). Takes the Q-table's place on the screen.
 */
import { useAppStore } from '../../store';
import { findViews } from '../strategies';

export function StrategyPanel() {
  const strategy = useAppStore((s) => s.config.strategy);
  const Panel = findViews(strategy)?.Panel;
  return Panel ? <Panel /> : null;
}
