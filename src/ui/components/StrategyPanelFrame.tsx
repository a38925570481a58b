/** The frame of a strategy's panel in the Q-table's place: its title and caption, and the content. */
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from './Panel';

/** A panel titled `strategy:<key>.title`, captioned `strategy:<key>.caption`, holding `Content`. */
export function framedPanel(key: string, Content: ComponentType): ComponentType {
  function FramedStrategyPanel() {
    const { t } = useTranslation('strategy');
    return (
      <Panel title={t(`${key}.title`)} caption={t(`${key}.caption`)} className="panel-strategy">
        <Content />
      </Panel>
    );
  }
  return FramedStrategyPanel;
}
