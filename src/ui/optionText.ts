/**
 * The options table in the interface language: labels, help texts, choice names and group titles
 * from the `options` namespace, keyed by the option's path (`metaqnn.alpha.label`). The English in
 * src/nas/options.ts stays the source of truth (the API and validation messages use it) and is
 * the fallback.
 */
import { useTranslation } from 'react-i18next';
import type { ConfigOption } from '../nas/config';
import { userDatasetInfo } from '../nas/userDatasets';

export interface OptionText {
  label(option: Pick<ConfigOption, 'path' | 'label'>): string;
  help(option: Pick<ConfigOption, 'path' | 'help'>): string;
  /** The name of a choice of an enum option, e.g. `class` -> "class (minutes)". */
  choice(choice: string): string;
  group(id: ConfigOption['group']): string;
}

export function useOptionText(): OptionText {
  const { t } = useTranslation('options');
  return {
    label: (option) => t(`${option.path}.label`, { defaultValue: option.label }),
    help: (option) => t(`${option.path}.help`, { defaultValue: option.help }),
    choice: (choice) => {
      // An imported dataset by the name its user gave it.
      const imported = userDatasetInfo(choice);
      if (imported) return t('choices.imported', { name: imported.name, defaultValue: `${imported.name} (imported)` });
      return t(`choices.${choice}`, { defaultValue: choice });
    },
    group: (id) => t(`groups.${id}`, { defaultValue: id }),
  };
}
