/**
 * The options table and everything that reads it, in one import: the rows
 * (src/nas/optionTable.ts), checking values and configs (optionChecks.ts), applying partial
 * configs (configPatch.ts) and the text of form fields (optionParse.ts).
 * Pure module: no DOM, React or tfjs.
 */
export type { FieldProblem, OptionRule } from './optionRule';
export { configOptions, findOption } from './optionTable';
export {
  checkOptionValue,
  configProblems,
  getOption,
  inEnglish,
  optionValueProblem,
  rangeText,
  setOption,
  validateConfig,
  withLegacyDefaults,
} from './optionChecks';
export { applyConfigPatch, patchConfigProblems } from './configPatch';
export { formatOptionValue, parseOptionText, parseOptionValue } from './optionParse';
